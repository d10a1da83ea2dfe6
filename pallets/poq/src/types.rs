//! Plain data types of the Proof of Quality pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use dgrid_primitives::{Balance, DisputeId, JobId, ModelId};
use frame_support::{
	pallet_prelude::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// A result the market noted, waiting for the audit draw.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct NotedResult<AccountId, BlockNumber> {
	/// The job.
	pub job: JobId,
	/// The operator whose result landed.
	pub provider: AccountId,
	/// The model it ran.
	pub model: ModelId,
	/// The provider's gross fee for it.
	pub fee: Balance,
	/// The block the result landed in.
	pub answered_at: BlockNumber,
}

/// Which kind of round a verifier committee sits in.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum RoundKind {
	/// The first look at an audited job: `audit_verifiers` verifiers (one by default). A score
	/// at or above the quality threshold passes the job; anything else calls in the committee.
	SpotCheck,
	/// `audit_committee` verifiers, after a spot check below the quality threshold. Their
	/// stake-weighted median is the audit's verdict, unless it fails the job: then a
	/// confirmation panel decides.
	Committee,
	/// `dispute_panel` verifiers who have not judged the job yet, after a committee's median
	/// below the fail threshold: their median is the audit's verdict. Nobody is slashed on one
	/// committee's word.
	Confirmation,
	/// `dispute_panel` verifiers re-running a disputed job. A panel with at least two thirds of
	/// the revealed stake on one side of the fail threshold decides; a split panel escalates
	/// to the DAO's dispute jury.
	Dispute,
}

/// A verifier drawn for a round, and what it did.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Member<AccountId> {
	/// The verifier (an operator account; it acts through its worker key).
	pub verifier: AccountId,
	/// Its bond when drawn: its weight in the median.
	pub stake: Balance,
	/// `blake2_256((job, round, verifier, score, salt))`, once committed.
	pub commitment: Option<[u8; 32]>,
	/// Its score (0-100), once revealed.
	pub score: Option<u8>,
}

/// A verifier committee's round on a job: commit until `commit_end`, reveal until
/// `reveal_end`.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxPanel))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct Round<AccountId, BlockNumber, MaxPanel: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// Spot check, committee or dispute panel.
	pub kind: RoundKind,
	/// The round's number for this job (0 for the first): part of every commitment, so a
	/// commitment cannot be replayed in a later round.
	pub number: u8,
	/// Last block to commit.
	pub commit_end: BlockNumber,
	/// Last block to reveal. Reveals open once every member committed or `commit_end` passed.
	pub reveal_end: BlockNumber,
	/// The verifiers drawn.
	pub members: BoundedVec<Member<AccountId>, MaxPanel>,
}

/// What an audit, a dispute's panel or the jury decided about a job's answer.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum Verdict {
	/// The answer stands: the provider is paid `share` of its fee.
	Passed {
		/// The verifiers' stake-weighted median score (100 if no verifier could be drawn or
		/// none revealed, or for the jury's verdict).
		score: u8,
		/// Share of the fee paid: all of it at or above the quality threshold, pro-rated
		/// (score / threshold) between the fail and quality thresholds.
		share: Perbill,
	},
	/// The answer failed: the user is refunded in full and the provider slashed.
	Failed {
		/// The verifiers' stake-weighted median score (0 for the jury's verdict).
		score: u8,
	},
}

/// The verifiers judged so far on a job: the members of its earlier rounds, each rewarded or
/// clipped against the median of the round that decides.
pub type Judged<AccountId, MaxPanel> = BoundedVec<Member<AccountId>, MaxPanel>;

/// Where a job under review stands: one phase at a time, each transition one `match` (the
/// `review` module).
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxPanel))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub enum Phase<AccountId, BlockNumber, MaxPanel: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// A round of `kind` is drawn after the draw window (`DrawWindow` blocks and one), with the
	/// randomness of the blocks after the one that called it ([`crate::Timer::Draw`]).
	Due {
		/// The round to draw: a committee, a confirmation panel or a dispute's panel.
		kind: RoundKind,
		/// The verifiers of earlier rounds, judged against the round to come.
		judged: Judged<AccountId, MaxPanel>,
		/// The block that called the round: its draw waits for a window with two authors up
		/// to `MAX_DRAW_DELAY` blocks after it.
		called: BlockNumber,
	},
	/// A round's verifiers re-run the job, commit their scores, then reveal them.
	Voting {
		/// The round.
		round: Round<AccountId, BlockNumber, MaxPanel>,
		/// The verifiers of earlier rounds, judged against this round's median.
		judged: Judged<AccountId, MaxPanel>,
	},
	/// An audit failed the answer: its provider may appeal until `ends`; then the verdict is
	/// final ([`crate::Timer::Appeal`]). Nobody is slashed meanwhile.
	Appealable {
		/// The audit's median score.
		score: u8,
		/// Last block to appeal.
		ends: BlockNumber,
		/// The verifiers who reached the verdict, judged against it once it is final.
		judged: Judged<AccountId, MaxPanel>,
	},
	/// A dispute's panel split, or none could be drawn: the DAO's dispute jury rules
	/// ([`crate::Pallet::rule`]) until `ends`; then the status quo stands
	/// ([`crate::Timer::Jury`]).
	Escalated {
		/// Every verifier who scored the job; those on the jury's side share the loser's part.
		judged: Judged<AccountId, MaxPanel>,
		/// Last block for the jury's ruling.
		ends: BlockNumber,
	},
	/// The verdict is reached: the job is paid out or refunded when its challenge period ends,
	/// and the record removed then.
	Concluded(Verdict),
}

/// A job under review: audited, disputed, or both.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxPanel))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct Review<AccountId, BlockNumber, MaxPanel: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// The operator whose answer is checked.
	pub provider: AccountId,
	/// The user who paid for the job.
	pub owner: AccountId,
	/// The model the job ran.
	pub model: ModelId,
	/// The provider's gross fee: the verifiers' reward and the collateral's unit.
	pub fee: Balance,
	/// Where the review stands.
	pub phase: Phase<AccountId, BlockNumber, MaxPanel>,
	/// The open dispute or appeal on the job, if any.
	pub dispute: Option<DisputeId>,
	/// How many rounds were started: the next round's number, part of its commitments.
	pub rounds: u8,
}

/// Who opened a dispute, and so what it asks.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum DisputeKind {
	/// The job's owner or an operator challenges the provider's answer.
	Challenge,
	/// The provider appeals an audit that failed its answer.
	Appeal,
}

/// A dispute of a job's answer (or a provider's appeal of a failed audit), with the
/// challenger's bond held. Whether its panel runs or the jury decides is its review's phase.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Dispute<AccountId, BlockNumber> {
	/// The disputed job.
	pub job: JobId,
	/// Who disputed: the job's owner or a staked operator; for an appeal, the provider.
	pub challenger: AccountId,
	/// A challenge of the answer or the provider's appeal of a failed audit.
	pub kind: DisputeKind,
	/// The challenger's bond, held under [`crate::HoldReason::DisputeBond`].
	pub bond: Balance,
	/// The block it was opened in.
	pub opened_at: BlockNumber,
}

impl DisputeKind {
	/// The ruling when the jury lets its period pass: the status quo before the dispute. A
	/// challenged answer stands (the challenger did not prove it wrong); an appealed audit's
	/// failure is final (the provider did not prove it right).
	pub fn default_ruling(self) -> Ruling {
		match self {
			DisputeKind::Challenge => Ruling::ProviderUpheld,
			DisputeKind::Appeal => Ruling::ProviderAtFault,
		}
	}
}

/// Which side a dispute was resolved for, by its panel or by the DAO's dispute jury.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum Ruling {
	/// The provider's answer stands: a challenger loses its bond, an appealing provider gets
	/// it back, and the job is paid.
	ProviderUpheld,
	/// The provider is at fault: it is slashed and the user refunded; a challenger gets its
	/// bond back, an appealing provider loses it.
	ProviderAtFault,
}

/// Work PoQ's `on_initialize` does at a block.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum Timer {
	/// Draw the job's due round (committee, confirmation or dispute panel).
	Draw(JobId),
	/// The reveal period of the job's round with this number is over: reach its verdict.
	Finalize(JobId, u8),
	/// The appeal period of the job's failed audit is over: unless the provider appealed, the
	/// verdict is final.
	Appeal(JobId),
	/// The jury period of the job's escalated dispute is over: unless the jury ruled, the
	/// status quo stands (a challenged answer is upheld, an appealed failure is final).
	Jury(JobId),
}

/// Who passed a job's answer, kept from its verdicts until the market prunes the job: whom
/// exposing it as a canary slashes ([`crate::Pallet::expose_canary`]).
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxJudged))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct PassRecord<AccountId, MaxJudged: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// The job's owner: who may expose it.
	pub owner: AccountId,
	/// The operator that answered it.
	pub provider: AccountId,
	/// The verifiers whose scores passed the answer at or above the quality threshold, in an
	/// audit or a dispute's panel.
	pub passers: BoundedVec<AccountId, MaxJudged>,
	/// The challengers whose disputes of the answer a panel rejected, and the bonds they lost
	/// (as many as a round's largest size; beyond, none is kept): an exposure repays them
	/// first, in order.
	pub challengers: BoundedVec<(AccountId, Balance), MaxJudged>,
}

/// Three times the largest round: the most verifiers a job's verdicts judge (an audit's
/// committee and confirmation panel, then a dispute's panel).
pub struct MaxJudged<MaxPanel>(core::marker::PhantomData<MaxPanel>);
impl<MaxPanel: Get<u32>> Get<u32> for MaxJudged<MaxPanel> {
	fn get() -> u32 {
		MaxPanel::get().saturating_mul(3)
	}
}

//! Plain data types of the Proof of Quality pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use dgrid_primitives::{Balance, DisputeId, JobId, ModelId};
use frame_support::{
	pallet_prelude::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// A result waiting for the audit draw.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Candidate<AccountId, BlockNumber> {
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

/// What an audit or dispute concluded.
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
pub enum Outcome {
	/// The answer stands: the provider is paid `share` of its fee.
	Passed {
		/// The verifiers' stake-weighted median score (100 if no verifier could be drawn or
		/// none revealed).
		score: u8,
		/// Share of the fee paid: all of it at or above the quality threshold, pro-rated
		/// (score / threshold) between the fail and quality thresholds.
		share: Perbill,
	},
	/// The answer failed: the user is refunded in full and the provider slashed.
	Failed {
		/// The verifiers' stake-weighted median score (or the jury's verdict: 0).
		score: u8,
	},
}

/// A job under audit or dispute.
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
pub struct Audit<AccountId, BlockNumber, MaxPanel: Get<u32>>
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
	/// The round in progress, if any.
	pub round: Option<Round<AccountId, BlockNumber, MaxPanel>>,
	/// The spot check's members once the committee is called in: judged, rewarded or clipped
	/// against the committee's median.
	pub earlier: BoundedVec<Member<AccountId>, MaxPanel>,
	/// The round to draw at the start of the next block (with that block's parent VRF
	/// output): the committee after a low spot check, or a dispute's panel.
	pub next: Option<RoundKind>,
	/// The verdict so far. A failed verdict waits for an appeal until `appeal_ends` (or for
	/// the open dispute's panel) before anyone is slashed; the members who reached it wait in
	/// `earlier`, to be judged against the panel's median.
	pub outcome: Option<Outcome>,
	/// An open dispute or appeal on the job.
	pub dispute: Option<DisputeId>,
	/// Last block the provider may appeal the failed verdict in `outcome`; `None` when no
	/// appeal is open to it.
	pub appeal_ends: Option<BlockNumber>,
	/// How many rounds were started (the next round's number).
	pub rounds: u8,
}

/// Where a dispute stands.
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
pub enum DisputeStatus {
	/// Its panel re-runs the job (or waits for the job's audit round to finish first).
	Open,
	/// The panel split: the DAO's dispute jury decides.
	Escalated,
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
/// challenger's bond held.
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
	/// Where it stands.
	pub status: DisputeStatus,
}

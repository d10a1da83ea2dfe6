//! # DGrid Proof of Quality pallet
//!
//! Proof of Quality (PoQ) checks that providers run the model they claim and answer well, by
//! sampled re-execution, and makes cheating cost more than it earns.
//!
//! ## Audits
//!
//! 1. **Draw.** The market tells PoQ of every result as it lands
//!    ([`dgrid_primitives::QualityControl::note_result`]). Two blocks later, with BABE's VRF
//!    output of the block after the result ([`Config::Randomness`], the parent block's
//!    randomness), each result is audited with probability
//!    - 100 % for an operator's first [`new_operator_jobs`] results;
//!    - then `audit_rate × (1 + 3 × (1 − reputation))`, capped at 100 %: the protocol's audit
//!      rate for a perfect reputation, up to four times it for a reputation of zero.
//! 2. **Spot check.** An audited job gets `audit_verifiers` verifiers (one by default), drawn
//!    without replacement among the eligible operators offering the same model, never the
//!    provider, each in proportion to its bond times the square of its reputation
//!    (stake-weighted; operators that verify badly, and new ones, are drawn less). Their nodes re-run the request through their own
//!    backends and score the answer 0-100 ([`ocw`], [`dgrid_offchain_worker::score`]:
//!    identical output 100, otherwise ROUGE-L F1 over tokens, over-billed tokens 0).
//! 3. **Commit, then reveal.** Each verifier commits `blake2_256((job, round, verifier, score,
//!    salt))` within `commit_period` blocks, then reveals score and salt within
//!    `reveal_period` more. Reveals open once every member committed, so no verifier sees
//!    another's score before committing its own. A verifier that does not reveal takes a
//!    zero reputation observation and loses `non_reveal_slash` of its bond to the treasury.
//! 4. **Committee.** A spot check at or above the quality threshold passes the job. Below it
//!    (or with no reveal), `audit_committee` verifiers are drawn for a second round, among
//!    the verifiers other than the spot checkers if there are any. Their
//!    stake-weighted median is the verdict, unless it is below the fail threshold: then a
//!    confirmation panel of `dispute_panel` verifiers who have not judged the job yet is
//!    drawn, and its median is the verdict (if nobody is left to draw, the earlier rounds'
//!    scores together decide).
//!    Nobody is slashed on one committee's word. Every verifier of the audit whose score is more
//!    than [`Config::ClipDistance`] from it gets no reward and a zero reputation observation
//!    (clipping); the others a full one.
//! 5. **Verdict.** Median ≥ `quality_threshold`: paid in full. From `fail_threshold` up: the fee
//!    is pro-rated (median / quality threshold). Below `fail_threshold`: after the appeal
//!    period (see [Appeals](#appeals)), the user is refunded in full and the provider slashed
//!    `collateral_multiple × fee + fraud_slash × bond`, split 20 % to the user, 30 % to the
//!    verifiers (and the challenger), 50 % burnt. Verifiers of a
//!    passed audit are paid the job's fee each by the treasury, which the protocol fee funds.
//!    The median also feeds the provider's reputation. By default the fail threshold is 40 and
//!    the quality threshold 50. The band between is a trade-off: an honest backend that
//!    diverges from the model's temperature-0 answer part-way (another GPU, another batch)
//!    sometimes scores in the 40s, and must not be slashed for it (the simulation's honest
//!    runs did: 4 in 10^6 jobs were failed with a fail threshold of 50, none with 40); a
//!    smaller model's answer that keeps 30 % of the words (the simulation's lazy provider)
//!    scores about 30 and fails; how real models score against each other has not been
//!    measured. A lazy provider whose answers score in the band is paid 80-98 % of the fee on
//!    its audited jobs and in full on the others, so
//!    a model that close is not caught by slashing, only by its falling reputation (which
//!    raises its audit rate) and by disputes.
//!
//! ## Appeals
//!
//! A failed audit is not final at once: its provider has `appeal_period` blocks
//! ([`Event::AwaitingAppeal`]) to [`appeal`](Pallet::appeal) it, holding a dispute bond
//! (`dispute_bond_multiple × fee`, at least `min_dispute_bond`). A panel of `dispute_panel`
//! verifiers who have not judged the job re-runs it and decides as a dispute's panel does
//! (below). Every verifier of the audit is judged against the panel's median with it:
//! - upheld: the provider is paid (or pro-rated) and gets its bond back, the treasury pays the
//!   verifiers within the clipping distance, and those who failed the answer are clipped;
//! - rejected: the provider is slashed as for the failed audit; its bond goes half to those
//!   verifiers, half to the user;
//! - split: the DAO's jury decides.
//!
//! Without an appeal the verdict is final when the period ends; with an `appeal_period` of 0,
//! at once. When the failed job is already disputed, the dispute's panel reviews the audit in
//! the same way instead. Appeals are what keep honest providers from being slashed by
//! verifiers who score dishonestly or badly: to be slashed, an honest answer must now fail a
//! committee, a confirmation panel and a fresh appeal panel by two thirds of its stake.
//!
//! ## Disputes
//!
//! Until its challenge period ends, an answered job can be disputed by its owner or by any
//! eligible operator other than its provider, with a bond of `dispute_bond_multiple × fee`
//! (at least `min_dispute_bond`). A panel of `dispute_panel` verifiers re-runs the job in a
//! round like an audit's (after any audit round in progress). If at least two thirds of the
//! revealed stake is on one side of the fail threshold, the panel decides:
//! - below: the provider is at fault, slashed as for a failed audit; the challenger gets its
//!   bond back and half of the verifiers' share of the slash;
//! - at or above: the answer stands; the challenger's bond goes half to the provider, half to
//!   the panel's verifiers within the clipping distance.
//!
//! A split panel (or one where nobody revealed) escalates to the DAO's `dispute_jury` track
//! ([`Config::JuryOrigin`], or `pallet-dao`'s `rule_on_dispute` through
//! [`dgrid_primitives::EscalatedDisputes`]), whose verdict is final; the panel's verifiers on
//! the jury's side share the loser's part.
//!
//! The market holds a job's escrow until PoQ concludes: when the challenge period ends with an
//! audit or dispute still open, the job waits ([`dgrid_primitives::Settlement::Wait`]) and is
//! paid out or refunded when the verdict comes ([`dgrid_primitives::JobBook::conclude`]).
//!
//! ## Why cheating does not pay
//!
//! A provider that cheats on a job saves at most its cost `C ≤ R`, the job's fee. Caught with
//! probability `p (1 − r)` (audit rate `p`, colluding share `r` of the verifiers' stake), it
//! loses the fee and the slash `S = collateral_multiple × R + fraud_slash × bond`. Cheating
//! loses money when `p (1 − r)(R + S) > C` (the Proof-of-Sampling condition). With the
//! defaults, `p` = 4.9 % and `S ≥ 50 R`:
//!
//! - no collusion: `0.049 × 51 R = 2.50 R > R`: a cheater expects to lose 2.5 times what it
//!   gains, before the 10 % of its bond;
//! - a third of the stake colluding: `0.049 × 2/3 × 51 R = 1.67 R > R`;
//! - a cheater is caught within 100 jobs with probability `1 − (1 − 0.049)^100 = 99.3 %`,
//!   and its first 100 jobs are all audited. 99 % needs a per-job chance of being checked by
//!   an honest verifier of `1 − 0.01^(1/100) = 4.5 %`, so `p (1 − r) ≥ 4.5 %`: with
//!   `p` = 4.9 %, a colluding ring holding up to 8 % of the verifiers' weight is still caught
//!   within 100 jobs 99 % of the time in expectation (the simulation measured 99.0 % over
//!   four seeds for 4 colluders among 74 other operators, BENCHMARKS.md: the target sits at
//!   the boundary), less the chance that the ring also holds the median of
//!   the committee an honest spot checker calls in (3 of its 5 members: about `10 r³`, 0.3 %
//!   for `r` = 6.7 %; a committee of 3 would leak `3 r²`, 1.3 %). A larger ring needs a higher
//!   audit rate: 99 % within 100 jobs against a ring of weight `r` costs at least
//!   `4.5 % / (1 − r)` of extra inference;
//! - verification costs `0.049 × audit_verifiers = 4.9 %` extra inference calls at steady
//!   state, plus the committee's when a spot check is low.
//!
//! `ProtocolParameters::validate` refuses any audit rate and collateral with
//! `audit_rate × collateral_multiple < 1`: the expected slash per cheated job is never below
//! its fee. The project's simulation (`cargo run -p dgrid-poq-sim`) checks these
//! figures against honest, lazy, random and colluding operators; see BENCHMARKS.md.
//!
//! ## Invariants (`try_state`)
//!
//! Every challenger's `DisputeBond` hold equals the bonds of its open disputes; every open
//! dispute belongs to an audit record that points back at it; every round's members fit the
//! panel bound.
//!
//! [`new_operator_jobs`]: dgrid_primitives::ProtocolParameters::new_operator_jobs

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

mod audit;
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
mod impls;
#[cfg(test)]
mod mock;
pub mod ocw;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

use dgrid_primitives::{
	Balance, DisputeId, JobBook, JobId, NodeRegistry, ProtocolParams, Reputation, Slashing, Verdict,
};
use frame_support::{
	traits::{
		fungible::{Inspect, InspectHold, Mutate, MutateHold},
		Get, Randomness,
	},
	PalletId,
};
use frame_system::pallet_prelude::BlockNumberFor;

/// A result waiting for the audit draw, in a runtime.
pub type CandidateOf<T> = Candidate<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
/// A job under audit or dispute, in a runtime.
pub type AuditOf<T> =
	Audit<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as Config>::MaxPanel>;
/// A verifier round, in a runtime.
pub type RoundOf<T> =
	Round<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as Config>::MaxPanel>;
/// A dispute, in a runtime.
pub type DisputeOf<T> = Dispute<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

/// Work PoQ's `on_initialize` does at a block.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
	Debug,
)]
pub enum Timer {
	/// Draw the job's next round (committee or dispute panel).
	Draw(JobId),
	/// The reveal period of the job's round with this number is over: reach its verdict.
	Finalize(JobId, u8),
	/// The appeal period of the job's failed audit is over: unless the provider appealed, the
	/// verdict is final.
	Appeal(JobId),
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency: dispute bonds are holds on it.
		type Currency: Inspect<Self::AccountId, Balance = Balance>
			+ Mutate<Self::AccountId>
			+ InspectHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;
		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;
		/// The protocol parameter registry (audit rate, panel sizes, periods, thresholds,
		/// slashes, bonds).
		type Params: ProtocolParams<BlockNumberFor<Self>>;
		/// The operator registry: who may verify, with what stake, through which worker key.
		type Registry: NodeRegistry<Self::AccountId>;
		/// Operator reputation: audited scores feed it, and it sets the audit rate.
		type Reputation: Reputation<Self::AccountId>;
		/// Slashing of operator bonds.
		type Slashing: Slashing<Self::AccountId>;
		/// The market's jobs.
		type Jobs: JobBook<Self::AccountId, BlockNumberFor<Self>>;
		/// Randomness for draws: BABE's VRF output of the parent block
		/// (`pallet_babe::ParentBlockRandomness`), so results are drawn with randomness from a
		/// block after they landed. `None` (a block without a VRF output) falls back to the
		/// parent block's hash.
		type Randomness: Randomness<Option<Self::Hash>, BlockNumberFor<Self>>;
		/// The treasury: pays verifiers of passed audits, receives non-reveal slashes.
		type Treasury: Get<Self::AccountId>;
		/// Who gives the final verdict on an escalated dispute (the DAO's `dispute_jury`
		/// track).
		type JuryOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The account slashed funds pass through before they are split and burnt.
		#[pallet::constant]
		type PalletId: Get<PalletId>;
		/// Most verifiers in a round (at least `ProtocolParameters::MAX_PANEL`).
		#[pallet::constant]
		type MaxPanel: Get<u32>;
		/// Most operators offering one model (the market's `MaxOffersPerModel`): bounds the
		/// verifier candidates of a draw.
		#[pallet::constant]
		type MaxOfferers: Get<u32>;
		/// Most results waiting for the audit draw; results beyond it are not audited.
		#[pallet::constant]
		type MaxCandidates: Get<u32>;
		/// Most timers (draws, verdicts) due in one block.
		#[pallet::constant]
		type MaxTimersPerBlock: Get<u32>;
		/// Score distance from the median beyond which a verifier gets no reward.
		#[pallet::constant]
		type ClipDistance: Get<u8>;
		/// Most weight `on_initialize` spends in one block; a backlog of draws carries over.
		#[pallet::constant]
		type HookWeightBudget: Get<Weight>;
		/// What the node's off-chain worker does for PoQ: [`ocw::SignedVerifier`] re-runs the
		/// jobs the node's operator was drawn to verify, and commits and reveals its scores.
		type OffchainWorker: dgrid_offchain_worker::OffchainRole<BlockNumberFor<Self>>;
		/// Weights of this pallet's calls and hooks, generated by `benchmark pallet`.
		type WeightInfo: WeightInfo;
		/// Sets up what the benchmarks need from other pallets (operators, offers, jobs).
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: benchmarking::BenchmarkHelper<Self::AccountId, BlockNumberFor<Self>>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A challenger's bond on an open dispute.
		#[codec(index = 0)]
		DisputeBond,
	}

	/// Results that landed in this block, for the draw two blocks from now.
	///
	/// Appended to by every result but stored once per block: it is whitelisted in the
	/// benchmarks, and `on_initialize` charges its read and write per block instead.
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type Answered<T: Config> =
		StorageValue<_, BoundedVec<CandidateOf<T>, T::MaxCandidates>, ValueQuery>;

	/// Results of earlier blocks waiting for the draw (a backlog when a block's draw budget
	/// ran out).
	#[pallet::storage]
	pub type Drawable<T: Config> =
		StorageValue<_, BoundedVec<CandidateOf<T>, T::MaxCandidates>, ValueQuery>;

	/// Every result that landed at or before this block has been drawn.
	///
	/// Read by every settlement but stored once per block: it is whitelisted in the
	/// benchmarks, and `on_initialize` charges its read and write per block instead.
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type DrawnThrough<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// Results drawn per operator: its first `new_operator_jobs` are all audited.
	#[pallet::storage]
	pub type ResultsDrawn<T: Config> = StorageMap<_, Twox64Concat, T::AccountId, u32, ValueQuery>;

	/// Jobs under audit or dispute.
	#[pallet::storage]
	pub type Audits<T: Config> = StorageMap<_, Twox64Concat, JobId, AuditOf<T>>;

	/// Draws and verdicts due at a block.
	#[pallet::storage]
	pub type Timers<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<Timer, T::MaxTimersPerBlock>,
		ValueQuery,
	>;

	/// Open and escalated disputes.
	#[pallet::storage]
	pub type Disputes<T: Config> = StorageMap<_, Twox64Concat, DisputeId, DisputeOf<T>>;

	/// The id the next dispute gets.
	#[pallet::storage]
	pub type NextDisputeId<T: Config> = StorageValue<_, DisputeId, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A round of verifiers was drawn for a job: they re-run it and commit their scores by
		/// `commit_end`, then reveal them by `reveal_end`.
		RoundStarted {
			/// The job.
			job: JobId,
			/// Spot check, committee or dispute panel.
			kind: RoundKind,
			/// The round's number for this job (part of every commitment).
			round: u8,
			/// The operator whose answer is checked.
			provider: T::AccountId,
			/// The verifiers drawn.
			verifiers: alloc::vec::Vec<T::AccountId>,
			/// Last block to commit.
			commit_end: BlockNumberFor<T>,
			/// Last block to reveal.
			reveal_end: BlockNumberFor<T>,
		},
		/// A job drawn for audit could not be audited: no other eligible operator offers its
		/// model. It settles as answered.
		AuditSkipped {
			/// The job.
			job: JobId,
		},
		/// A verifier committed its score.
		Committed {
			/// The job.
			job: JobId,
			/// The verifier.
			verifier: T::AccountId,
		},
		/// A verifier revealed its score.
		Revealed {
			/// The job.
			job: JobId,
			/// The verifier.
			verifier: T::AccountId,
			/// Its score (0-100).
			score: u8,
		},
		/// A verifier drawn for a round did not reveal: it lost reputation and part of its
		/// bond.
		NonRevealPenalized {
			/// The job.
			job: JobId,
			/// The verifier.
			verifier: T::AccountId,
			/// Taken from its bond, to the treasury.
			slashed: Balance,
		},
		/// A verifier's score was too far from the median: no reward.
		Clipped {
			/// The job.
			job: JobId,
			/// The verifier.
			verifier: T::AccountId,
			/// Its score.
			score: u8,
			/// The median.
			median: u8,
		},
		/// A verifier was paid for its work on a job.
		VerifierRewarded {
			/// The job.
			job: JobId,
			/// The verifier.
			verifier: T::AccountId,
			/// What it got.
			amount: Balance,
		},
		/// The spot check scored below the quality threshold: a committee is drawn next
		/// block.
		CommitteeCalled {
			/// The job.
			job: JobId,
			/// The spot check's median (none if nobody revealed).
			score: Option<u8>,
		},
		/// The committee's median is below the fail threshold: a confirmation panel of
		/// verifiers who have not judged the job yet is drawn next block.
		ConfirmationCalled {
			/// The job.
			job: JobId,
			/// The committee's median.
			score: u8,
		},
		/// The job's answer stands; the provider is paid `share` of its fee.
		Passed {
			/// The job.
			job: JobId,
			/// The provider.
			provider: T::AccountId,
			/// The median score.
			score: u8,
			/// Share of the fee the provider is paid.
			share: sp_runtime::Perbill,
		},
		/// The job's answer failed: the user is refunded in full, the provider slashed.
		Failed {
			/// The job.
			job: JobId,
			/// The provider.
			provider: T::AccountId,
			/// The median score (0 for a jury verdict).
			score: u8,
			/// Taken from the provider's bond.
			slashed: Balance,
			/// Of which paid to the user.
			to_user: Balance,
			/// Of which paid to the verifiers and the challenger.
			to_verifiers: Balance,
			/// Of which burnt.
			burnt: Balance,
		},
		/// An audit failed the job's answer. Unless the provider appeals by `appeal_ends`,
		/// the verdict is final then: the user is refunded and the provider slashed.
		AwaitingAppeal {
			/// The job.
			job: JobId,
			/// The provider.
			provider: T::AccountId,
			/// The audit's median score.
			score: u8,
			/// Last block to appeal.
			appeal_ends: BlockNumberFor<T>,
		},
		/// A job's answer was disputed, or its provider appealed a failed audit (the
		/// challenger is then the provider).
		DisputeOpened {
			/// The dispute.
			dispute: DisputeId,
			/// The job.
			job: JobId,
			/// Who disputed.
			challenger: T::AccountId,
			/// The bond held from the challenger.
			bond: Balance,
		},
		/// A dispute's panel split: the DAO's dispute jury decides.
		DisputeEscalated {
			/// The dispute.
			dispute: DisputeId,
			/// The job.
			job: JobId,
		},
		/// A dispute was decided.
		DisputeResolved {
			/// The dispute.
			dispute: DisputeId,
			/// The job.
			job: JobId,
			/// Who won.
			verdict: Verdict,
			/// Whether the DAO's jury decided (the panel split).
			by_jury: bool,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not a registered worker key.
		NotAWorker,
		/// The job has no round in progress.
		NoOpenRound,
		/// The caller's operator was not drawn for the job's round.
		NotAVerifier,
		/// The commit period of the round is over.
		CommitClosed,
		/// The caller already committed a score for this round.
		AlreadyCommitted,
		/// The caller has not committed a score for this round.
		NotCommitted,
		/// Reveals open once every verifier committed or the commit period is over.
		RevealNotOpen,
		/// The reveal period of the round is over.
		RevealClosed,
		/// The caller already revealed its score for this round.
		AlreadyRevealed,
		/// Scores go from 0 to 100.
		ScoreAbove100,
		/// The score and salt do not match the commitment.
		BadReveal,
		/// The job is not answered, already paid out, or past its challenge period.
		NotDisputable,
		/// The job's provider cannot dispute its own answer.
		ProviderCannotDispute,
		/// Only the job's owner or an eligible operator may dispute.
		NotEntitledToDispute,
		/// The job already has a dispute.
		AlreadyDisputed,
		/// The job already failed its audit: its user is being refunded.
		AlreadyFailed,
		/// The caller cannot hold the dispute bond.
		InsufficientBalance,
		/// Too many draws are due in the coming blocks: retry shortly.
		TooBusy,
		/// No dispute has this id.
		UnknownDispute,
		/// The dispute is not waiting for the jury.
		NotEscalated,
		/// Only the job's provider may appeal, and only a failed audit within its appeal
		/// period.
		NotAppealable,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::on_block(now)
		}

		fn offchain_worker(now: BlockNumberFor<T>) {
			<T::OffchainWorker as dgrid_offchain_worker::OffchainRole<_>>::run(now);
		}

		fn integrity_test() {
			assert!(
				T::MaxPanel::get()
					>= dgrid_primitives::ProtocolParameters::<BlockNumberFor<T>>::MAX_PANEL,
				"MaxPanel must fit the largest panel the parameters allow"
			);
			assert!(T::MaxTimersPerBlock::get() > 0, "timers must fit in a block");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Commit a score for a job the caller's operator was drawn to verify (worker key
		/// only): `blake2_256((job, round, operator, score, salt))`, SCALE-encoded, with the
		/// round's number and a random 32-byte salt (see [`Pallet::commitment`]). Feeless when
		/// it would be accepted.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::commit())]
		#[pallet::feeless_if(|origin: &OriginFor<T>, job: &JobId, _commitment: &[u8; 32]| -> bool {
			Pallet::<T>::can_commit(origin, *job)
		})]
		pub fn commit(origin: OriginFor<T>, job: JobId, commitment: [u8; 32]) -> DispatchResult {
			let worker = ensure_signed(origin)?;
			Self::do_commit(worker, job, commitment)
		}

		/// Reveal the score committed for a job, with its salt (worker key only). The last
		/// reveal of a round reaches its verdict at once. Feeless when it would be accepted.
		///
		/// Weight: charged for reaching the verdict of the largest rounds, refunded to the
		/// reveal alone, or to the verdict of the rounds it closed.
		#[pallet::call_index(1)]
		#[pallet::weight(Pallet::<T>::reveal_weight())]
		#[pallet::feeless_if(|origin: &OriginFor<T>, job: &JobId, score: &u8, salt: &[u8; 32]| -> bool {
			Pallet::<T>::can_reveal(origin, *job, *score, salt)
		})]
		pub fn reveal(
			origin: OriginFor<T>,
			job: JobId,
			score: u8,
			salt: [u8; 32],
		) -> DispatchResultWithPostInfo {
			let worker = ensure_signed(origin)?;
			let used = Self::do_reveal(worker, job, score, salt)?;
			Ok(Some(used).into())
		}

		/// Dispute an answered job within its challenge period: the job's owner, or any
		/// eligible operator but its provider. Holds a bond of `dispute_bond_multiple` times
		/// the job's fee (at least `min_dispute_bond`); a panel of `dispute_panel` verifiers is
		/// drawn next block. The loser's bond (or the provider's slash) pays the winner and the
		/// panel.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::dispute())]
		pub fn dispute(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			let challenger = ensure_signed(origin)?;
			Self::do_dispute(challenger, job)
		}

		/// Appeal an audit that failed the caller's answer, within its appeal period (the
		/// job's provider only). Holds a dispute bond (`dispute_bond_multiple` times the fee,
		/// at least `min_dispute_bond`); a panel of `dispute_panel` verifiers who have not
		/// judged the job is drawn next block and decides as a dispute's panel does. Upheld:
		/// the provider is paid, gets its bond back, and the verifiers who failed it are
		/// clipped. Rejected: the provider is slashed as for the failed audit and its bond
		/// goes half to the panel, half to the user.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::appeal())]
		pub fn appeal(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_appeal(provider, job)
		}

		/// The DAO's dispute jury rules on a dispute its panel could not settle: final.
		#[pallet::call_index(3)]
		#[pallet::weight(Pallet::<T>::rule_weight())]
		pub fn rule(origin: OriginFor<T>, dispute: DisputeId, verdict: Verdict) -> DispatchResult {
			T::JuryOrigin::ensure_origin(origin)?;
			Self::do_rule(dispute, verdict).map_err(|e| match e {
				dgrid_primitives::DisputeError::UnknownDispute => Error::<T>::UnknownDispute,
				dgrid_primitives::DisputeError::NotEscalated => Error::<T>::NotEscalated,
			})?;
			Ok(())
		}
	}
}

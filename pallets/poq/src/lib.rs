//! # DGrid Proof of Quality pallet
//!
//! Proof of Quality (PoQ) checks that providers run the model they claim and answer well, by
//! sampled re-execution, and makes cheating cost more than it earns. Every answered job the
//! draw picks, or someone disputes, gets a [`Review`]; its life is one enum, [`Phase`], whose
//! transitions are all in the `review` module. Figures (catch rates, overhead, weights) are
//! measured in the project's `BENCHMARKS.md` and explained in `docs/poq.md`.
//!
//! ## Audits
//!
//! 1. **Draw.** The market notes every result as it lands
//!    ([`dgrid_primitives::QualityControl::note_result`]). [`Config::DrawWindow`] blocks
//!    later, with BABE's VRF outputs of every block of that window mixed
//!    ([`Config::Randomness`], [`RecentRandomness`]), each result is audited
//!    with probability 100 % until `new_operator_jobs` of the operator's results were audited
//!    with a verifier drawn ([`AuditedResults`]), then `audit_rate × (1 + 3 × (1 − reputation))`,
//!    capped at 100 %. An audit nobody could be drawn for ([`Event::AuditSkipped`]) counts for
//!    nothing and records no reputation, nor does a verdict no verifier revealed a score for.
//! 2. **Spot check.** An audited job gets `audit_verifiers` verifiers, drawn without
//!    replacement among the eligible operators offering the same model, never the provider,
//!    each in proportion to its bond times the square of its reputation. Their nodes re-run
//!    the request and score the answer 0-100 ([`ocw`], [`dgrid_offchain_worker::score`]).
//! 3. **Commit, then reveal.** Each verifier commits [`Pallet::commitment`] within
//!    `commit_period` blocks, then reveals score and salt within `reveal_period` more. Reveals
//!    open once every member committed. A verifier that does not reveal takes a zero
//!    reputation observation and loses `non_reveal_slash` of its bond to the treasury.
//! 4. **Committee and confirmation.** A spot check at or above `quality_threshold` passes the
//!    job. Below it, `audit_committee` other verifiers are drawn; their stake-weighted median
//!    decides, unless it is below `fail_threshold`: then a confirmation panel of
//!    `dispute_panel` verifiers who have not judged the job decides. Every verifier whose
//!    score is more than [`Config::ClipDistance`] from the deciding median is clipped: no
//!    reward and a zero reputation observation.
//! 5. **Verdict.** At or above `quality_threshold`: paid in full; from `fail_threshold` up:
//!    pro-rated (median / quality threshold); below: after the appeal period, the user is
//!    refunded in full and the provider slashed `collateral_multiple × fee + fraud_slash ×
//!    bond`, split 20 % to the user, 30 % to the verifiers (and the challenger), 50 % burnt.
//!    The verifiers of a passed audit share its `verification_fee`: a share of the provider's
//!    fee, paid out of what the job's user paid ([`dgrid_primitives::JobBook::pay_verifiers`]).
//!    No verifier is ever paid by the treasury, so a payout never exceeds what its job
//!    brought in: a party that is user, provider and verifier of its own job gets back at
//!    most what it paid, less the protocol fee.
//!
//! ## Appeals
//!
//! A failed audit waits `appeal_period` blocks ([`Event::AwaitingAppeal`]). Its provider may
//! [`appeal`](Pallet::appeal) with a dispute bond: a panel of `dispute_panel` verifiers who
//! have not judged the job decides as a dispute's panel does, and every verifier of the audit
//! is judged against its median. Upheld: the provider is paid and gets its bond back; rejected:
//! it is slashed and its bond goes half to the panel, half to the user; split: the jury
//! decides. Without an appeal the verdict is final when the period ends (at once with a period
//! of 0).
//!
//! ## Disputes
//!
//! Until its challenge period ends, an answered job can be disputed by its owner or by any
//! eligible operator other than its provider, with a bond of `dispute_bond_multiple × fee` (at
//! least `min_dispute_bond`). A panel of `dispute_panel` verifiers re-runs it (after any audit
//! round in progress). With at least two thirds of the revealed stake on one side of
//! `fail_threshold` the panel decides: below, the provider is slashed and the challenger gets
//! its bond back and half of the verifiers' share; at or above, the challenger's bond goes half
//! to the provider, half to the panel. A split panel escalates to the DAO's dispute jury
//! ([`Config::DisputeJuryOrigin`], [`Pallet::rule`]), whose ruling is final. The jury has
//! `jury_period` blocks; then the status quo stands ([`Event::JuryLapsed`],
//! [`DisputeKind::default_ruling`]): a challenged answer is upheld, an appealed failure final.
//!
//! ## Liabilities
//!
//! A verifier holds a seat ([`Seats`]) from its round's draw until the round closes, when a
//! silent member is slashed; the market counts each provider's answered jobs until they are
//! paid out or refunded. Node staking refuses withdrawal while either is open
//! ([`dgrid_primitives::Liabilities`]), and the fraud and non-reveal slashes are shares of
//! everything the operator holds, unbonding funds included.
//!
//! The market holds a job's escrow until PoQ concludes: a job whose challenge period ends
//! under review waits ([`dgrid_primitives::Settlement::Wait`]) and is paid out or refunded
//! when the verdict comes ([`dgrid_primitives::JobBook::conclude`]).
//!
//! ## Why cheating does not pay
//!
//! A provider that cheats on a job saves at most its fee `R`. Caught with probability
//! `p (1 − r)` (audit rate `p`, colluding share `r` of the verifiers' weight), it loses the fee
//! and the slash `S = collateral_multiple × R + fraud_slash × bond`; cheating loses money when
//! `p (1 − r)(R + S) > R` (the Proof-of-Sampling condition).
//! `ProtocolParameters::validate` refuses any audit rate and collateral with
//! `audit_rate × collateral_multiple < 1`.
//!
//! ## Invariants (`try_state`)
//!
//! Every challenger's `DisputeBond` hold equals the bonds of its open disputes; every open
//! dispute belongs to a review that points back at it, and every review's dispute exists; a
//! review's phase agrees with its dispute (an escalated review has one, an appealable one has
//! none, a dispute's round has one); every round's number was started and it commits before
//! it reveals; verifier seats equal the members of open rounds; every escalation's jury
//! deadline is still to come; the slash pot is empty; the timer cursor never runs ahead.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;
pub use review::CANARY_CONTEXT;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
mod events;
mod impls;
#[cfg(any(feature = "std", feature = "try-runtime"))]
mod invariants;
#[cfg(test)]
mod mock;
pub mod ocw;
mod review;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

use dgrid_primitives::{
	Balance, DisputeId, JobBook, JobId, NodeRegistry, ProtocolParams, Reputation, Slashing,
};
use frame_support::{
	pallet_macros::import_section,
	traits::{
		fungible::{Inspect, InspectHold, Mutate, MutateHold},
		Get, Randomness,
	},
	PalletId,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{IdentifyAccount, Verify};

/// A result waiting for the audit draw, in a runtime.
pub type NotedResultOf<T> = NotedResult<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
/// A job under review, in a runtime.
pub type ReviewOf<T> =
	Review<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as Config>::MaxPanel>;
/// A review's phase, in a runtime.
pub type PhaseOf<T> =
	Phase<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as Config>::MaxPanel>;
/// A verifier round, in a runtime.
pub type RoundOf<T> =
	Round<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as Config>::MaxPanel>;
/// The verifiers judged so far on a job, in a runtime.
pub type JudgedOf<T> = Judged<<T as frame_system::Config>::AccountId, <T as Config>::MaxPanel>;
/// Who passed a job's answer, in a runtime.
pub type PassRecordOf<T> =
	PassRecord<<T as frame_system::Config>::AccountId, MaxJudged<<T as Config>::MaxPanel>>;
/// A dispute, in a runtime.
pub type DisputeOf<T> = Dispute<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

#[import_section(events::events)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// The version of this pallet's storage layout, for migrations.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
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
		/// The market's jobs, and the bound on a model's offerers (the verifier pool of a
		/// draw).
		type Jobs: JobBook<Self::AccountId, BlockNumberFor<Self>>;
		/// Randomness for draws: BABE's VRF output of the parent block
		/// (`pallet_babe::ParentBlockRandomness`). Each block keeps it among the last
		/// [`Config::DrawWindow`] ([`RecentRandomness`]), and a draw mixes them all. `None` (a
		/// block without a VRF output) falls back to the parent block's hash.
		type Randomness: Randomness<Option<Self::Hash>, BlockNumberFor<Self>>;
		/// The authority that authored the block (BABE's pre-digest): [`RecentAuthors`] keeps
		/// whose VRF output each of the window's randomness is. `None` (no digest) counts as a
		/// different author.
		type FindAuthor: frame_support::traits::FindAuthor<u32>;
		/// How many authorities author blocks: with one, every window has one author and the
		/// draw does not wait.
		type AuthorCount: Get<u32>;
		/// Blocks after a result whose randomness its audit draw mixes: a result of block `n`
		/// is drawn at block `n + DrawWindow + 1`, with the VRF outputs of blocks `n + 1 ..=
		/// n + DrawWindow`, unless those blocks all have one author ([`Config::FindAuthor`]):
		/// the draw then waits for a window with two authors at least, and draws at
		/// `n + MAX_DRAW_DELAY` at the latest ([`dgrid_primitives::params::MAX_DRAW_DELAY`]).
		/// Committees and panels are drawn the same way after the block that calls them.
		///
		/// A block's author can compute its own VRF output in advance, but not another's. So
		/// to know a draw when it sends a result (or a dispute, or an appeal), a single
		/// validator must author every block until the draw, `MAX_DRAW_DELAY - 1` in a row:
		/// with a share `s` of the slots, about `s^(MAX_DRAW_DELAY - 1)` of the time (`(1/4)^8`,
		/// one in 65,536, for a quarter). What is left: validators that collude count as two
		/// authors, so a coalition with a share `s` of the slots knows the draws of about
		/// `s^DrawWindow` of its results; the window's last author sees the seed before it
		/// publishes and may withhold its block, re-rolling the draw once at the cost of its
		/// block; and authors are told apart by their index in the epoch's authority set, so
		/// for the blocks of an epoch change a reordered set can make one author count as two.
		/// At most [`dgrid_primitives::params::MAX_DRAW_WINDOW`].
		#[pallet::constant]
		type DrawWindow: Get<u32>;
		/// The treasury: receives non-reveal slashes. It pays nobody: verifiers are paid out of
		/// the jobs they verified.
		type Treasury: Get<Self::AccountId>;
		/// Who rules on an escalated dispute, finally (the DAO's `dispute_jury` track).
		type DisputeJuryOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Who appoints the canary service's key ([`Pallet::set_canary_key`]): the DAO's
		/// parameters track.
		type CanaryOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The signature by the canary key that exposes a canary ([`Pallet::expose_canary`]);
		/// its signer's account is the key ([`CanaryKey`]).
		type CanarySignature: Parameter
			+ Verify<Signer: IdentifyAccount<AccountId = Self::AccountId>>;
		/// The account slashed funds pass through before they are split and burnt.
		#[pallet::constant]
		type PalletId: Get<PalletId>;
		/// Most verifiers in a round (at least `ProtocolParameters::MAX_PANEL`).
		#[pallet::constant]
		type MaxPanel: Get<u32>;
		/// Most results waiting for the audit draw, in this block's queue and in the backlog;
		/// the market refuses results beyond it (`TooBusy`), so none escapes the draw.
		#[pallet::constant]
		type MaxQueuedResults: Get<u32>;
		/// Most timers (draws, verdicts, appeal and jury deadlines) due in one block.
		#[pallet::constant]
		type MaxTimersPerBlock: Get<u32>;
		/// Score distance from the median beyond which a verifier gets no reward.
		#[pallet::constant]
		type ClipDistance: Get<u8>;
		/// Most weight `on_initialize` spends in one block; timers and draws beyond it carry
		/// over to the next block.
		#[pallet::constant]
		type HookWeightBudget: Get<Weight>;
		/// What the node's off-chain worker does for PoQ: [`ocw::SignedVerifier`] re-runs the
		/// jobs the node's operator was drawn to verify, and commits and reveals its scores.
		type OffchainWorker: dgrid_offchain_worker::OffchainRole<BlockNumberFor<Self>>;
		/// Weights of this pallet's calls and hooks, generated by `benchmark pallet`.
		type WeightInfo: WeightInfo;
		/// Sets up what the benchmarks need from other pallets (operators, offers, jobs).
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: benchmarking::BenchmarkHelper<
			Self::AccountId,
			BlockNumberFor<Self>,
			Self::CanarySignature,
		>;
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
	pub type NewResults<T: Config> =
		StorageValue<_, BoundedVec<NotedResultOf<T>, T::MaxQueuedResults>, ValueQuery>;

	/// Results of earlier blocks still waiting for the draw (when a block's draw budget ran
	/// out).
	#[pallet::storage]
	pub type DrawBacklog<T: Config> =
		StorageValue<_, BoundedVec<NotedResultOf<T>, T::MaxQueuedResults>, ValueQuery>;

	/// The draw seeds of the last [`Config::DrawWindow`] blocks (each block's parent VRF
	/// output, hashed), oldest first: a block's draw mixes them all.
	#[pallet::storage]
	pub type RecentRandomness<T: Config> = StorageValue<
		_,
		BoundedVec<[u8; 32], ConstU32<{ dgrid_primitives::params::MAX_DRAW_WINDOW }>>,
		ValueQuery,
	>;

	/// Who authored the blocks whose VRF outputs [`RecentRandomness`] keeps, in the same order
	/// (`None`: unknown).
	#[pallet::storage]
	pub type RecentAuthors<T: Config> = StorageValue<
		_,
		BoundedVec<Option<u32>, ConstU32<{ dgrid_primitives::params::MAX_DRAW_WINDOW }>>,
		ValueQuery,
	>;

	/// This block's author, whose VRF output the next block keeps.
	#[pallet::storage]
	pub type LastAuthor<T: Config> = StorageValue<_, u32>;

	/// Every result that landed at or before this block has been through the draw.
	///
	/// Read by every settlement but stored once per block: it is whitelisted in the
	/// benchmarks, and `on_initialize` charges its read and write per block instead.
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type DrawnThrough<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// Results of each operator whose audit started with a verifier drawn: until it has
	/// `new_operator_jobs` of them, all its results are audited. An audit nobody could be
	/// drawn for does not count, so an operator alone on its own model stays on probation.
	#[pallet::storage]
	pub type AuditedResults<T: Config> = StorageMap<_, Twox64Concat, T::AccountId, u32, ValueQuery>;

	/// Jobs under review: audited, disputed, or both.
	#[pallet::storage]
	pub type Reviews<T: Config> = StorageMap<_, Twox64Concat, JobId, ReviewOf<T>>;

	/// Draws, verdicts, appeal and jury deadlines due at a block.
	#[pallet::storage]
	pub type Timers<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<Timer, T::MaxTimersPerBlock>,
		ValueQuery,
	>;

	/// The oldest block whose timers may not all have run yet: timers beyond a block's hook
	/// budget carry over to the next block.
	#[pallet::storage]
	pub type TimerCursor<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// Each verifier's seats in rounds not yet closed: a verifier that does not reveal is
	/// slashed when its round closes, so it cannot withdraw its bond meanwhile
	/// ([`dgrid_primitives::Liabilities`]).
	#[pallet::storage]
	pub type Seats<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Open disputes and appeals, escalated ones included.
	#[pallet::storage]
	pub type Disputes<T: Config> = StorageMap<_, Twox64Concat, DisputeId, DisputeOf<T>>;

	/// The id the next dispute gets.
	#[pallet::storage]
	pub type NextDisputeId<T: Config> = StorageValue<_, DisputeId, ValueQuery>;

	/// The key of the DAO's canary service, which plants known-bad answers among the jobs and
	/// exposes the verifiers that pass them ([`Pallet::expose_canary`]); none: no canaries.
	#[pallet::storage]
	pub type CanaryKey<T: Config> = StorageValue<_, T::AccountId>;

	/// Who passed a job's answer in its audits and dispute panels (and a challenger a panel
	/// rejected), from its verdicts until the market prunes the job: whom exposing the job as a
	/// canary slashes (and repays).
	#[pallet::storage]
	pub type Passers<T: Config> = StorageMap<_, Twox64Concat, JobId, PassRecordOf<T>>;

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
			assert!(
				(1..=dgrid_primitives::params::MAX_DRAW_WINDOW).contains(&T::DrawWindow::get()),
				"the draw window must be one block at least and MAX_DRAW_WINDOW at most"
			);
			assert!(
				!Pallet::<T>::worst_timer_weight().any_gt(T::HookWeightBudget::get()),
				"the hook budget must fit the heaviest timer, or timers would stall"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Commit a score for a job the caller's operator was drawn to verify.
		///
		/// - `origin`: the operator's worker key.
		/// - `job`: a job whose round in progress has the operator as a member.
		/// - `commitment`: `blake2_256` of the SCALE encoding of `(job, round, operator, score,
		///   salt)`, with the round's number and a random 32-byte salt ([`Pallet::commitment`]).
		///
		/// Emits [`Event::Committed`]. Feeless when it would be accepted.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::commit())]
		#[pallet::feeless_if(|origin: &OriginFor<T>, job: &JobId, _commitment: &[u8; 32]| -> bool {
			Pallet::<T>::can_commit(origin, *job)
		})]
		pub fn commit(origin: OriginFor<T>, job: JobId, commitment: [u8; 32]) -> DispatchResult {
			let worker = ensure_signed(origin)?;
			Self::do_commit(worker, job, commitment)
		}

		/// Reveal the score committed for a job, with its salt.
		///
		/// - `origin`: the operator's worker key, which committed.
		/// - `job`: the job.
		/// - `score`, `salt`: what the commitment hashed.
		///
		/// Emits [`Event::Revealed`]; the round's last reveal reaches its verdict at once (and
		/// its events). Feeless when it would be accepted. Charged for the verdict of the
		/// largest rounds, refunded to the reveal alone or to the verdict it reached.
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

		/// Dispute an answered job within its challenge period.
		///
		/// - `origin`: the job's owner, or any eligible operator but its provider.
		/// - `job`: the job.
		///
		/// Holds a bond of `dispute_bond_multiple` times the job's fee (at least
		/// `min_dispute_bond`); a panel of `dispute_panel` verifiers is drawn after the draw
		/// window ([`Config::DrawWindow`] blocks and one), or after the audit round in
		/// progress. The loser's bond (or the provider's slash) pays the winner and the panel.
		/// Emits [`Event::DisputeOpened`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::dispute())]
		pub fn dispute(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			let challenger = ensure_signed(origin)?;
			Self::disputed(challenger, job)
		}

		/// Rule on a dispute its panel could not settle: final.
		///
		/// - `origin`: [`Config::DisputeJuryOrigin`] (the DAO's `dispute_jury` track).
		/// - `dispute`: an escalated dispute, within its jury period (after it the status quo
		///   stands: [`Event::JuryLapsed`]).
		/// - `ruling`: for or against the provider.
		///
		/// The panel's verifiers on the jury's side share the loser's part. Emits
		/// [`Event::DisputeResolved`] and [`Event::Passed`] or [`Event::Failed`].
		#[pallet::call_index(3)]
		#[pallet::weight(Pallet::<T>::rule_weight())]
		pub fn rule(origin: OriginFor<T>, dispute: DisputeId, ruling: Ruling) -> DispatchResult {
			T::DisputeJuryOrigin::ensure_origin(origin)?;
			Self::ruled(dispute, ruling)
		}

		/// Appeal an audit that failed the caller's answer, within its appeal period.
		///
		/// - `origin`: the job's provider (its operator account).
		/// - `job`: a job whose audit awaits appeal ([`Event::AwaitingAppeal`]).
		///
		/// Holds a dispute bond (`dispute_bond_multiple` times the fee, at least
		/// `min_dispute_bond`); a panel of `dispute_panel` verifiers who have not judged the
		/// job is drawn after the draw window and decides as a dispute's panel does. Upheld: the provider
		/// is paid, gets its bond back, and the verifiers who failed it are clipped. Rejected:
		/// the provider is slashed as for the failed audit and its bond goes half to the
		/// panel, half to the user. Emits [`Event::DisputeOpened`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::appeal())]
		pub fn appeal(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::appealed(provider, job)
		}

		/// Appoint the canary service's key, or remove it.
		///
		/// - `origin`: [`Config::CanaryOrigin`] (the DAO's parameters track).
		/// - `key`: the account of the key whose signatures expose canaries; `None` stops
		///   exposures (a canary already passed can no longer be exposed).
		///
		/// Emits [`Event::CanaryKeySet`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_canary_key())]
		pub fn set_canary_key(origin: OriginFor<T>, key: Option<T::AccountId>) -> DispatchResult {
			T::CanaryOrigin::ensure_origin(origin)?;
			Self::do_set_canary_key(key)
		}

		/// Expose a canary: a job whose answer the canary service planted, known to be bad.
		///
		/// - `origin`: the job's owner.
		/// - `job`: a job a verdict judged (an audit or a dispute's panel, passed or failed),
		///   not yet pruned by the market.
		/// - `proof`: the canary key's ([`CanaryKey`]) signature of
		///   [`Pallet::canary_payload`]`(job, owner, provider)`.
		///
		/// Every verifier whose score passed the job at or above the quality threshold
		/// ([`Passers`]) takes a zero reputation observation and loses `fraud_slash` of
		/// everything it holds: first to repay a challenger whose dispute of the answer a panel
		/// rejected, the rest to the treasury. While no verdict on the job is final (passed and
		/// not settled, failed and awaiting an appeal, or under a challenge) its review ends:
		/// a challenge's bond is released and its panel's seats too, the verifiers who failed
		/// the answer are paid the verification fee out of the job, and the job is refunded,
		/// its provider neither paid nor slashed. Emits [`Event::LazyVerifierSlashed`] for each
		/// verifier slashed, then [`Event::CanaryExposed`]. Charged for the most verifiers a
		/// job's verdicts and its open review judge (five rounds of the largest size) and the
		/// market's refund; refunded to the verifiers slashed or paid.
		#[pallet::call_index(6)]
		#[pallet::weight(
			T::WeightInfo::expose_canary(T::MaxPanel::get().saturating_mul(5))
				.saturating_add(T::Jobs::conclude_weight())
		)]
		pub fn expose_canary(
			origin: OriginFor<T>,
			job: JobId,
			proof: T::CanarySignature,
		) -> DispatchResultWithPostInfo {
			let owner = ensure_signed(origin)?;
			let judged = Self::do_expose_canary(owner, job, &proof)?;
			let used =
				T::WeightInfo::expose_canary(judged).saturating_add(T::Jobs::conclude_weight());
			Ok(Some(used).into())
		}
	}
}

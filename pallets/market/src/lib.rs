//! # DGrid market pallet
//!
//! Where AI supply meets demand.
//!
//! - **Models**: catalogue entries (name, weights/tokenizer digest, context length, kind).
//!   Listing holds [`Config::ModelDeposit`]; the DAO's curation origin can delist, which sends
//!   the deposit to the treasury.
//! - **Offers**: an eligible operator offers a model at its own prices per 1,000 input and
//!   output tokens, with a capacity of jobs in flight. All offers for a model live in one
//!   bounded vector ([`Config::MaxOffersPerModel`]) so routing reads them in one go.
//! - **Agents**: a base model, a system prompt and a creator fee per call; publishing holds
//!   [`Config::AgentDeposit`].
//! - **Jobs**: `submit_job` routes the job (see [`routing`]), holds the worst-case cost from the
//!   user under [`HoldReason::JobEscrow`] and records the route: a primary operator and up to
//!   `MaxRouteLen - 1` fallbacks, each with the prices it offered at that moment — later price
//!   changes never touch a job in flight.
//! - **Failover**: when the assigned operator misses its deadline (or declines), the job moves
//!   to the next fallback still eligible and with free capacity; the late operator's reputation
//!   takes a zero observation. With no fallback left the user is refunded in full.
//! - **Results**: only the assigned operator's worker key can submit one, with usage bounded by
//!   the job (output tokens by `max_output_tokens`, input tokens by the input's byte length plus
//!   the agent prompt plus a chat-template allowance: a token covers at least one byte).
//!   `submit_results` lands up to `MaxResultsPerCall` at once; a result is stored in its job.
//!   Results that would land, declines of one's own jobs and heartbeats on time are feeless.
//! - **Off-chain worker** ([`ocw`]): an operator's node runs the jobs assigned to it on its own
//!   inference backends and submits the answers; heartbeats say it is up.
//! - **Latency**, which the `Fastest` and `Balanced` strategies rank by, is measured on chain:
//!   the blocks from a job's assignment to its result, times [`Config::BlockTimeMs`], folded
//!   into the offer's moving average. What an operator reports of its own latency (in results
//!   and heartbeats) is kept for the record and never ranks it.
//! - **Settlement** at the end of the challenge period, as Proof of Quality says
//!   ([`Config::Quality`], [`Settlement`]): the provider's fee is the billed tokens at the
//!   route's prices, rounded up per 1,000 and capped at the hold less the creator fee, times the
//!   share PoQ pays (all of it unless an audit scored the answer low); the creator fee goes to
//!   the agent's creator; the protocol fee (a share of the provider's fee) to the treasury; the
//!   rest to the provider; what is left of the hold back to the user. An answer that failed
//!   its audit or lost a dispute is refunded in full. While an audit or dispute is open the job
//!   waits ([`JobStatus::Verifying`]) until PoQ concludes it ([`dgrid_primitives::JobBook`]).
//! - **Pruning**: settled and failed jobs stay readable for the retention period, then
//!   `on_idle` removes them in the order they finished ([`PruneQueue`]), within the block's
//!   spare weight; a job still open holds no other back.
//!
//! `on_initialize` runs the block's market work within [`Config::HookWeightBudget`]; a backlog
//! carries over to the next block. First deadlines need no timer: jobs reach them in id order,
//! so a cursor over job ids ([`DeadlineCursor`]) finds the missed ones. Settlements, and the
//! deadlines of jobs that failed over, are timers in per-block buckets ([`Timers`]).
//!
//! Invariants (checked by `try_state`): every owner's `JobEscrow` hold equals the sum of its
//! open jobs' holds; offers' in-flight counts equal the jobs assigned to them; model and agent
//! deposits equal what is held; the timer cursor never runs ahead of the chain; no job behind
//! the deadline cursor still waits for its first deadline.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
mod events;
mod hooks;
mod impls;
#[cfg(any(feature = "std", feature = "try-runtime"))]
mod invariants;
mod lifecycle;
#[cfg(test)]
mod mock;
pub mod ocw;
pub mod routing;
pub mod runtime_api;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

use dgrid_primitives::{
	AgentId, Balance, Hash, JobId, ModelId, NodeRegistry, ProtocolParams, QualityControl,
	Reputation, Settlement,
};
use frame_support::pallet_macros::import_section;
use frame_support::traits::{
	fungible::{Inspect, InspectHold, Mutate, MutateHold},
	tokens::Precision,
	Get, Randomness,
};
use frame_system::pallet_prelude::BlockNumberFor;

/// A catalogue entry of a runtime.
pub type ModelOf<T> = Model<<T as frame_system::Config>::AccountId, <T as Config>::MaxNameLen>;
/// An agent of a runtime.
pub type AgentOf<T> = Agent<<T as frame_system::Config>::AccountId, <T as Config>::MaxPromptLen>;
/// An offer of a runtime.
pub type OfferOf<T> = Offer<<T as frame_system::Config>::AccountId>;
/// A job of a runtime.
pub type JobOf<T> = Job<
	<T as frame_system::Config>::AccountId,
	BlockNumberFor<T>,
	<T as Config>::MaxInputLen,
	<T as Config>::MaxRouteLen,
	<T as Config>::MaxOutputLen,
>;
/// A batch entry of `submit_results` of a runtime.
pub type ResultReportOf<T> = ResultReport<<T as Config>::MaxOutputLen>;
/// A job result of a runtime.
pub type JobResultOf<T> = JobResult<
	<T as frame_system::Config>::AccountId,
	BlockNumberFor<T>,
	<T as Config>::MaxOutputLen,
>;
/// A routing policy of a runtime.
pub type PolicyOf<T> =
	RoutingPolicy<<T as frame_system::Config>::AccountId, <T as Config>::MaxPolicyListLen>;

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
		/// The native currency: deposits and job escrow are holds on it.
		type Currency: Inspect<Self::AccountId, Balance = Balance>
			+ Mutate<Self::AccountId>
			+ InspectHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;
		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;
		/// The protocol parameter registry (deadlines, challenge and retention periods, fee).
		type Params: ProtocolParams<BlockNumberFor<Self>>;
		/// The operator registry: eligibility, worker keys, merit.
		type Registry: NodeRegistry<Self::AccountId>;
		/// Operator reputation, read by routing and lowered for missed deadlines.
		type Reputation: Reputation<Self::AccountId>;
		/// Proof of Quality: told of every result (for the audit draw), asked before every
		/// payout.
		type Quality: QualityControl<Self::AccountId, BlockNumberFor<Self>>;
		/// Randomness for routing's tie-break (BABE's VRF output in the runtime).
		type Randomness: Randomness<Self::Hash, BlockNumberFor<Self>>;
		/// The treasury account protocol fees and curated deposits go to.
		type Treasury: Get<Self::AccountId>;
		/// Who may delist a model (the DAO's `ModelCuration` track).
		type CurationOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Deposit held for listing a model.
		#[pallet::constant]
		type ModelDeposit: Get<Balance>;
		/// Deposit held for publishing an agent.
		#[pallet::constant]
		type AgentDeposit: Get<Balance>;
		/// Longest model name, in bytes.
		#[pallet::constant]
		type MaxNameLen: Get<u32>;
		/// Longest agent system prompt, in bytes.
		#[pallet::constant]
		type MaxPromptLen: Get<u32>;
		/// Longest job input (OpenAI chat messages as JSON), in bytes.
		#[pallet::constant]
		type MaxInputLen: Get<u32>;
		/// Longest job output kept on chain, in bytes.
		#[pallet::constant]
		type MaxOutputLen: Get<u32>;
		/// The storage deposit a job holds from its user while it is open, per byte of its
		/// input and of the longest answer ([`Config::MaxOutputLen`]): what a party that keeps
		/// jobs open (under disputes, say) locks for the state they take.
		#[pallet::constant]
		type DepositPerByte: Get<Balance>;
		/// Most offers a model can have; bounds routing's work.
		#[pallet::constant]
		type MaxOffersPerModel: Get<u32>;
		/// Most operators on a job's route: the primary plus the fallbacks.
		#[pallet::constant]
		type MaxRouteLen: Get<u32>;
		/// Most operators in a policy's allow or deny list.
		#[pallet::constant]
		type MaxPolicyListLen: Get<u32>;
		/// Most timers (deadlines, settlements) due in one block.
		#[pallet::constant]
		type MaxTimersPerBlock: Get<u32>;
		/// Most results in one `submit_results` batch.
		#[pallet::constant]
		type MaxResultsPerCall: Get<u32>;
		/// Most models in one heartbeat.
		#[pallet::constant]
		type MaxHeartbeatModels: Get<u32>;
		/// Fewest blocks between two heartbeats of an operator.
		#[pallet::constant]
		type HeartbeatPeriod: Get<BlockNumberFor<Self>>;
		/// Input tokens billable beyond the input's bytes, for the chat template's markup.
		#[pallet::constant]
		type ChatTemplateTokens: Get<u32>;
		/// Milliseconds a block takes: an answer's latency, measured on chain, is the blocks
		/// from its job's assignment to its result times this.
		#[pallet::constant]
		type BlockTimeMs: Get<u32>;
		/// Latency routing assumes for an offer without results yet, in milliseconds.
		#[pallet::constant]
		type DefaultLatencyMs: Get<u32>;
		/// Weight of a new report in an offer's latency moving average.
		#[pallet::constant]
		type LatencySmoothing: Get<sp_runtime::Perbill>;
		/// Most weight `on_initialize` spends on deadlines and settlements in one block.
		#[pallet::constant]
		type HookWeightBudget: Get<Weight>;
		/// What the node's off-chain worker does for the market: [`ocw::SignedProvider`] runs
		/// the jobs assigned to the node's operator on its inference backends.
		type OffchainWorker: ocw::OffchainRole<BlockNumberFor<Self>>;
		/// Weights of this pallet's calls and hooks, generated by `benchmark pallet`.
		type WeightInfo: WeightInfo;
		/// Sets up what the benchmarks need from other pallets (eligible operators).
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: benchmarking::BenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A model's listing deposit.
		#[codec(index = 0)]
		ModelDeposit,
		/// An agent's deposit.
		#[codec(index = 1)]
		AgentDeposit,
		/// A job's worst-case cost, held from the user until settlement or refund.
		#[codec(index = 2)]
		JobEscrow,
		/// A job's storage deposit, held from the user until settlement or refund.
		#[codec(index = 3)]
		StorageDeposit,
	}

	/// The model catalogue.
	#[pallet::storage]
	pub type Models<T: Config> = StorageMap<_, Twox64Concat, ModelId, ModelOf<T>>;

	/// The id the next listed model gets.
	#[pallet::storage]
	pub type NextModelId<T: Config> = StorageValue<_, ModelId, ValueQuery>;

	/// Every offer for a model, in the order they were made. A withdrawn offer stays, with
	/// capacity zero, until its jobs in flight are answered.
	#[pallet::storage]
	pub type ModelOffers<T: Config> = StorageMap<
		_,
		Twox64Concat,
		ModelId,
		BoundedVec<OfferOf<T>, T::MaxOffersPerModel>,
		ValueQuery,
	>;

	/// Published agents.
	#[pallet::storage]
	pub type Agents<T: Config> = StorageMap<_, Twox64Concat, AgentId, AgentOf<T>>;

	/// The id the next published agent gets.
	#[pallet::storage]
	pub type NextAgentId<T: Config> = StorageValue<_, AgentId, ValueQuery>;

	/// Jobs with their results, open or within their retention period.
	#[pallet::storage]
	pub type Jobs<T: Config> = StorageMap<_, Twox64Concat, JobId, JobOf<T>>;

	/// The id the next job gets.
	///
	/// Written by every job but stored once per block: it is whitelisted in the benchmarks,
	/// and `on_initialize` charges its one write per block instead.
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type NextJobId<T: Config> = StorageValue<_, JobId, ValueQuery>;

	/// The lowest job id whose first deadline has not been checked yet. Jobs get their first
	/// deadline in submission order (the job deadline after the block they are submitted in),
	/// so `on_initialize` finds the missed ones by walking job ids from here; no timer is
	/// written when a job is submitted.
	#[pallet::storage]
	pub type DeadlineCursor<T: Config> = StorageValue<_, JobId, ValueQuery>;

	/// Settlements, and the deadlines of jobs that failed over, due at a block.
	#[pallet::storage]
	pub type Timers<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<Timer, T::MaxTimersPerBlock>,
		ValueQuery,
	>;

	/// The oldest block whose timers may not all have run yet.
	#[pallet::storage]
	pub type TimerCursor<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// Each operator's answered jobs not yet paid out or refunded: results an audit, appeal,
	/// dispute or jury verdict could still slash it for. An operator with any cannot withdraw
	/// its bond ([`dgrid_primitives::Liabilities`]).
	#[pallet::storage]
	pub type OpenResults<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// The block of each operator's last heartbeat.
	#[pallet::storage]
	pub type LastHeartbeat<T: Config> =
		StorageMap<_, Twox64Concat, T::AccountId, BlockNumberFor<T>, OptionQuery>;

	/// Finished jobs due to be pruned at a block: the block they finished in plus the retention
	/// period. Pruning goes by finish time, so a job that stays open (under a long dispute,
	/// say) holds back no other job; a block takes any number of them.
	#[pallet::storage]
	pub type PruneQueue<T: Config> =
		StorageDoubleMap<_, Twox64Concat, BlockNumberFor<T>, Twox64Concat, JobId, ()>;

	/// The oldest block whose prune queue may still hold jobs.
	#[pallet::storage]
	pub type PruneCursor<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Models listed at genesis: owner, name (UTF-8 bytes), context length. They get ids
		/// 0, 1, ... in this order; deposits are held as for `list_model`.
		pub models: alloc::vec::Vec<(T::AccountId, alloc::vec::Vec<u8>, u32)>,
		/// Offers at genesis: model id, operator (eligible at genesis), price per 1,000 input
		/// tokens, price per 1,000 output tokens, capacity.
		pub offers: alloc::vec::Vec<(ModelId, T::AccountId, Balance, Balance, u32)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// Genesis only: a chain spec with an unusable catalogue must not start.
			for (owner, name, context_length) in &self.models {
				let name = BoundedVec::try_from(name.clone());
				assert!(name.is_ok(), "a genesis model name is longer than MaxNameLen");
				let listed = Pallet::<T>::list_model(
					frame_system::RawOrigin::Signed(owner.clone()).into(),
					name.unwrap_or_default(),
					Hash::zero(),
					*context_length,
					ModelKind::Llm,
				);
				assert!(listed.is_ok(), "a genesis model cannot be listed: {listed:?}");
			}
			for (model, operator, price_in, price_out, capacity) in &self.offers {
				let set = Pallet::<T>::set_offer(
					frame_system::RawOrigin::Signed(operator.clone()).into(),
					*model,
					*price_in,
					*price_out,
					*capacity,
				);
				assert!(set.is_ok(), "a genesis offer is refused: {set:?}");
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::on_block(now)
		}

		fn on_idle(now: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::run_prunes(now, remaining)
		}

		fn offchain_worker(now: BlockNumberFor<T>) {
			<T::OffchainWorker as ocw::OffchainRole<_>>::run(now);
		}

		fn integrity_test() {
			assert!(T::MaxRouteLen::get() > 0, "a route holds at least the primary");
			assert!(T::MaxOffersPerModel::get() > 0, "a model must be able to have an offer");
			assert!(T::MaxTimersPerBlock::get() > 0, "timers must fit in a block");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// List a model in the catalogue; holds the model deposit.
		///
		/// Emits [`Event::ModelListed`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::list_model())]
		pub fn list_model(
			origin: OriginFor<T>,
			name: BoundedVec<u8, T::MaxNameLen>,
			digest: Hash,
			context_length: u32,
			kind: ModelKind,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			ensure!(!name.is_empty(), Error::<T>::EmptyName);
			ensure!(context_length > 0, Error::<T>::ZeroContextLength);
			let deposit = T::ModelDeposit::get();
			let model = NextModelId::<T>::get();
			let next = model.checked_add(1).ok_or(Error::<T>::Overflow)?;
			T::Currency::hold(&HoldReason::ModelDeposit.into(), &owner, deposit)
				.map_err(|_| Error::<T>::InsufficientBalance)?;
			Models::<T>::insert(
				model,
				Model {
					owner: owner.clone(),
					name,
					digest,
					context_length,
					kind,
					deposit,
					status: ModelStatus::Listed,
				},
			);
			NextModelId::<T>::put(next);
			Self::deposit_event(Event::ModelListed { model, owner });
			Ok(())
		}

		/// Delist a model (curation origin): no new offers or jobs; its offers close (each goes
		/// once its jobs in flight are answered); the listing deposit goes to the treasury.
		///
		/// Emits [`Event::ModelDelisted`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::delist_model())]
		pub fn delist_model(origin: OriginFor<T>, model: ModelId) -> DispatchResult {
			T::CurationOrigin::ensure_origin(origin)?;
			let mut entry = Models::<T>::get(model).ok_or(Error::<T>::UnknownModel)?;
			ensure!(entry.status == ModelStatus::Listed, Error::<T>::ModelDelisted);
			Self::pay_from_hold(
				HoldReason::ModelDeposit,
				&entry.owner,
				&T::Treasury::get(),
				entry.deposit,
			);
			entry.status = ModelStatus::Delisted;
			entry.deposit = 0;
			Models::<T>::insert(model, entry);
			ModelOffers::<T>::mutate(model, |offers| {
				offers.iter_mut().for_each(|o| o.capacity = 0);
				offers.retain(|o| o.in_flight > 0);
			});
			Self::deposit_event(Event::ModelDelisted { model });
			Ok(())
		}

		/// Offer a model, or change an offer: prices per 1,000 input and output tokens and the
		/// jobs in flight the caller takes. Jobs already routed keep the prices they were routed
		/// at. When the model's offers are full, a new offer takes the place of the first offer
		/// of an operator no longer eligible with no job in flight: an operator that unbonded
		/// or left cannot hold a place that honest operators need.
		///
		/// Emits [`Event::OfferEvicted`] for an offer it replaced, then [`Event::OfferSet`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_offer())]
		pub fn set_offer(
			origin: OriginFor<T>,
			model: ModelId,
			#[pallet::compact] price_in: Balance,
			#[pallet::compact] price_out: Balance,
			capacity: u32,
		) -> DispatchResult {
			let operator = ensure_signed(origin)?;
			Self::listed_model(model)?;
			ensure!(T::Registry::is_eligible(&operator), Error::<T>::NotEligibleOperator);
			ensure!(capacity > 0, Error::<T>::ZeroCapacity);
			ModelOffers::<T>::try_mutate(model, |offers| -> DispatchResult {
				if let Some(offer) = offers.iter_mut().find(|o| o.operator == operator) {
					offer.price_in = price_in;
					offer.price_out = price_out;
					offer.capacity = capacity;
				} else {
					let offer = Offer {
						operator: operator.clone(),
						price_in,
						price_out,
						capacity,
						in_flight: 0,
						latency_ms: 0,
					};
					if offers.is_full() {
						let stale = offers
							.iter()
							.position(|o| {
								o.in_flight == 0 && !T::Registry::is_eligible(&o.operator)
							})
							.ok_or(Error::<T>::TooManyOffers)?;
						let evicted = offers.remove(stale);
						Self::deposit_event(Event::OfferEvicted {
							model,
							operator: evicted.operator,
						});
					}
					offers.try_push(offer).map_err(|_| Error::<T>::TooManyOffers)?;
				}
				Ok(())
			})?;
			Self::deposit_event(Event::OfferSet { model, operator, price_in, price_out, capacity });
			Ok(())
		}

		/// Withdraw the caller's offer for a model. Jobs already assigned to the caller stay
		/// assigned: answer them or they fail over at their deadline.
		///
		/// Emits [`Event::OfferWithdrawn`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::withdraw_offer())]
		pub fn withdraw_offer(origin: OriginFor<T>, model: ModelId) -> DispatchResult {
			let operator = ensure_signed(origin)?;
			ModelOffers::<T>::try_mutate(model, |offers| -> DispatchResult {
				let offer = offers
					.iter_mut()
					.find(|o| o.operator == operator && o.capacity > 0)
					.ok_or(Error::<T>::NoSuchOffer)?;
				// No new jobs; the entry goes once its jobs in flight are answered.
				offer.capacity = 0;
				offers.retain(|o| o.capacity > 0 || o.in_flight > 0);
				Ok(())
			})?;
			Self::deposit_event(Event::OfferWithdrawn { model, operator });
			Ok(())
		}

		/// Publish an agent on a listed base model; holds the agent deposit.
		///
		/// Emits [`Event::AgentPublished`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::publish_agent())]
		pub fn publish_agent(
			origin: OriginFor<T>,
			model: ModelId,
			system_prompt: BoundedVec<u8, T::MaxPromptLen>,
			#[pallet::compact] fee_per_call: Balance,
		) -> DispatchResult {
			let creator = ensure_signed(origin)?;
			Self::listed_model(model)?;
			let agent = NextAgentId::<T>::get();
			let next = agent.checked_add(1).ok_or(Error::<T>::Overflow)?;
			let deposit = T::AgentDeposit::get();
			T::Currency::hold(&HoldReason::AgentDeposit.into(), &creator, deposit)
				.map_err(|_| Error::<T>::InsufficientBalance)?;
			Agents::<T>::insert(
				agent,
				Agent {
					creator: creator.clone(),
					model,
					system_prompt,
					fee_per_call,
					deposit,
					in_flight: 0,
				},
			);
			NextAgentId::<T>::put(next);
			Self::deposit_event(Event::AgentPublished { agent, creator, model, fee_per_call });
			Ok(())
		}

		/// Change an agent's creator fee per call (creator only). Calls already submitted keep
		/// the fee they were submitted with.
		///
		/// Emits [`Event::AgentFeeSet`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_agent_fee())]
		pub fn set_agent_fee(
			origin: OriginFor<T>,
			agent: AgentId,
			#[pallet::compact] fee_per_call: Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Agents::<T>::try_mutate(agent, |a| -> DispatchResult {
				let a = a.as_mut().ok_or(Error::<T>::UnknownAgent)?;
				ensure!(a.creator == who, Error::<T>::NotAgentCreator);
				a.fee_per_call = fee_per_call;
				Ok(())
			})?;
			Self::deposit_event(Event::AgentFeeSet { agent, fee_per_call });
			Ok(())
		}

		/// Retire an agent with no calls in flight (creator only); releases its deposit.
		///
		/// Emits [`Event::AgentRetired`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::retire_agent())]
		pub fn retire_agent(origin: OriginFor<T>, agent: AgentId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let entry = Agents::<T>::get(agent).ok_or(Error::<T>::UnknownAgent)?;
			ensure!(entry.creator == who, Error::<T>::NotAgentCreator);
			ensure!(entry.in_flight == 0, Error::<T>::AgentHasJobsInFlight);
			T::Currency::release(
				&HoldReason::AgentDeposit.into(),
				&who,
				entry.deposit,
				Precision::BestEffort,
			)?;
			Agents::<T>::remove(agent);
			Self::deposit_event(Event::AgentRetired { agent });
			Ok(())
		}

		/// Submit an inference job. Routing ranks the model's offers by `policy` and records a
		/// primary operator and fallbacks; the worst-case cost over that route (plus the
		/// creator fee for agents) is held from the caller, at most `max_fee`.
		///
		/// Weight: charged for the largest offer list and the input's length, refunded to the
		/// offers actually ranked.
		///
		/// Emits [`Event::JobSubmitted`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::submit_job(T::MaxOffersPerModel::get(), input.len() as u32))]
		pub fn submit_job(
			origin: OriginFor<T>,
			target: JobTarget,
			input: BoundedVec<u8, T::MaxInputLen>,
			max_output_tokens: u32,
			#[pallet::compact] max_fee: Balance,
			policy: PolicyOf<T>,
		) -> DispatchResultWithPostInfo {
			let owner = ensure_signed(origin)?;
			let input_len = input.len() as u32;
			let offers =
				Self::do_submit_job(owner, target, input, max_output_tokens, max_fee, policy)?;
			Ok(Some(T::WeightInfo::submit_job(offers, input_len)).into())
		}

		/// Submit the result of a job assigned to the caller's operator (worker key only), with
		/// the usage the backend reported and the latency its node observed (kept in the
		/// receipt; routing uses the latency measured on chain). `submit_results` submits
		/// several at once, for less. Feeless when the result would land.
		///
		/// Emits [`Event::JobCompleted`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::submit_results(1, output.len() as u32))]
		#[pallet::feeless_if(|origin: &OriginFor<T>, job: &JobId, _output: &BoundedVec<u8, T::MaxOutputLen>, input_tokens: &u32, output_tokens: &u32, _latency_ms: &u32| -> bool {
			Pallet::<T>::answers_would_land(origin, [(*job, *input_tokens, *output_tokens)].into_iter())
		})]
		pub fn submit_result(
			origin: OriginFor<T>,
			job: JobId,
			output: BoundedVec<u8, T::MaxOutputLen>,
			input_tokens: u32,
			output_tokens: u32,
			latency_ms: u32,
		) -> DispatchResult {
			let worker = ensure_signed(origin)?;
			let report = ResultReport { job, output, input_tokens, output_tokens, latency_ms };
			Self::do_submit_results(worker, alloc::vec![report]).map(|_| ())
		}

		/// Decline a job assigned to the caller's operator (worker key only), so that it fails
		/// over at once instead of at the deadline. Declining before the deadline costs no
		/// reputation, and no fee; a decline that would be refused (not the caller's, or past
		/// its deadline) pays its fee.
		///
		/// Emits [`Event::JobDeclined`], then [`Event::JobReassigned`] to the next operator or [`Event::JobFailed`] with the refund.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::decline_job())]
		#[pallet::feeless_if(|origin: &OriginFor<T>, job: &JobId| -> bool {
			Pallet::<T>::decline_lands(origin, *job)
		})]
		pub fn decline_job(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			let worker = ensure_signed(origin)?;
			Self::do_decline_job(worker, job)
		}

		/// Submit the results of several jobs assigned to the caller's operator (worker key
		/// only) in one transaction: what an operator's node does with the answers it has at
		/// each block. All or nothing: a batch with any result `submit_result` would refuse is
		/// refused whole, with that result's error.
		///
		/// Weight: charged as if each result were for a different model, refunded to the
		/// models actually answered (each model's offer list is updated once).
		///
		/// Feeless when every result would land (the jobs are assigned to the caller's operator,
		/// within their deadlines and bounds, each once): an operator's node pays nothing to
		/// answer; a batch that would fail pays its fee like any transaction.
		///
		/// Emits [`Event::JobCompleted`] for each result.
		#[pallet::call_index(10)]
		#[pallet::weight(Pallet::<T>::results_weight(results.len() as u32, results.len() as u32, Pallet::<T>::output_bytes(results)))]
		#[pallet::feeless_if(|origin: &OriginFor<T>, results: &BoundedVec<ResultReportOf<T>, T::MaxResultsPerCall>| -> bool {
			Pallet::<T>::answers_would_land(
				origin,
				results.iter().map(|r| (r.job, r.input_tokens, r.output_tokens)),
			)
		})]
		pub fn submit_results(
			origin: OriginFor<T>,
			results: BoundedVec<ResultReportOf<T>, T::MaxResultsPerCall>,
		) -> DispatchResultWithPostInfo {
			let worker = ensure_signed(origin)?;
			let n = results.len() as u32;
			let bytes = Self::output_bytes(&results);
			let models = Self::do_submit_results(worker, results.into_inner())?;
			Ok(Some(Self::results_weight(n, models, bytes)).into())
		}

		/// Report that the caller's operator (worker key only) is up, with the latency its node
		/// just observed from its backend of each listed model (milliseconds): its own word,
		/// which routing does not rank by (it ranks by latency measured on chain). At most
		/// once per `HeartbeatPeriod` blocks, from an eligible operator, for models it offers;
		/// feeless exactly when it lands (a refused heartbeat pays its fee).
		///
		/// Emits [`Event::Heartbeat`].
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::heartbeat(latencies.len() as u32))]
		#[pallet::feeless_if(|origin: &OriginFor<T>, latencies: &BoundedVec<(ModelId, u32), T::MaxHeartbeatModels>| -> bool {
			Pallet::<T>::heartbeat_lands(origin, latencies)
		})]
		pub fn heartbeat(
			origin: OriginFor<T>,
			latencies: BoundedVec<(ModelId, u32), T::MaxHeartbeatModels>,
		) -> DispatchResult {
			let worker = ensure_signed(origin)?;
			Self::do_heartbeat(worker, latencies.into_inner())
		}
	}
}

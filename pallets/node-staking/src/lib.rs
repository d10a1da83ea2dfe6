//! # DGrid node staking pallet
//!
//! Node operators stake to serve and verify inference; validators are operators who opt in.
//!
//! - **Operators** register with a worker key (the key their node signs results with), bounded
//!   metadata and a bond of at least the minimum bond (a protocol parameter). Bonds are
//!   fungible holds ([`HoldReason::OperatorBond`]). `unbond` moves funds into unbonding chunks
//!   that stay held — and slashable — for the unbonding period; `withdraw_unbonded` releases
//!   matured chunks once the operator has no open liabilities ([`Config::Liabilities`]:
//!   answered jobs not yet settled, verifier seats in open rounds), so a liability outlives an
//!   exit; `deregister` removes an operator with nothing left on hold. A worker account must
//!   hold the existential deposit, or nothing its node signs would be valid.
//! - **Eligibility** ([`dgrid_primitives::NodeRegistry::is_eligible`]): registered with an
//!   active bond of at least the minimum bond. The market routes jobs only to eligible
//!   operators.
//! - **Reputation** ([`dgrid_primitives::Reputation`]): an exponential moving average of
//!   observations (PoQ scores, deadline outcomes) with smoothing [`Config::ReputationSmoothing`].
//! - **Slashing** ([`dgrid_primitives::Slashing`]): takes from the active bond first, then from
//!   unbonding chunks (newest first), and moves what it takes to a beneficiary the caller names.
//! - **Rewards**: every settled job adds merit points to its operator's account for the
//!   session: the protocol fee it paid the treasury, so merit is weighted by fees actually
//!   paid (a pro-rated answer earns less, a refunded one nothing). When a session ends, the
//!   session reward (a protocol parameter), but never more than the session's protocol fees,
//!   moves from the treasury into the reward account, and each operator claims
//!   `pool × points / total` with `claim_reward` (anyone may trigger the payout). An
//!   operator's reward is thus at most the protocol fees its jobs paid: jobs a party sends
//!   itself win back at most the fees they cost, and the treasury never pays out more in
//!   rewards than it took in.
//! - **Validators**: operators call `validate` to become candidates. At each new session the
//!   pallet (the runtime's [`pallet_session::SessionManager`]) elects the top
//!   [`Config::MaxValidators`] eligible candidates with session keys, by active bond. An empty
//!   election keeps the current set. Genesis seeds the first set from the chain spec's
//!   operators.
//!
//! Invariants (checked by `try_state`): for every operator, the `OperatorBond` hold equals the
//! active bond plus the unbonding chunks; worker keys map both ways; candidates are registered
//! operators who asked to validate; the validator set is bounded and free of duplicates.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;
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
mod session;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

use alloc::vec::Vec;
use dgrid_primitives::{Balance, Liabilities, ProtocolParams};
use frame_support::pallet_macros::import_section;
use frame_support::{
	traits::{
		fungible::{Inspect, InspectHold, Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation},
		Contains, Get,
	},
	PalletId,
};
use sp_runtime::{
	traits::{AccountIdConversion, IdentifyAccount, Verify},
	Perbill, Saturating,
};
use sp_staking::SessionIndex;

/// The context of a worker key's proof of possession ([`Pallet::worker_proof_payload`]).
pub const WORKER_PROOF_CONTEXT: &[u8; 16] = b"dgrid/worker-key";

/// The operator record type of a runtime.
pub type OperatorOf<T> = Operator<
	<T as frame_system::Config>::AccountId,
	frame_system::pallet_prelude::BlockNumberFor<T>,
	<T as Config>::MaxMetadataLen,
	<T as Config>::MaxUnbondingChunks,
>;

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
		/// The native currency: bonds are holds on it.
		type Currency: Inspect<Self::AccountId, Balance = Balance>
			+ Mutate<Self::AccountId>
			+ InspectHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;
		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;
		/// The protocol parameter registry (minimum bond, unbonding period, session reward).
		type Params: ProtocolParams<BlockNumberFor<Self>>;
		/// The treasury account session rewards are paid from.
		type Treasury: Get<Self::AccountId>;
		/// Id of the account that holds session reward pools until operators claim them.
		#[pallet::constant]
		type RewardPalletId: Get<PalletId>;
		/// Which accounts have session keys set (a validator without keys cannot author).
		type HasSessionKeys: Contains<Self::AccountId>;
		/// A signature by a worker key, whose signer is the worker account: what proves that
		/// an operator registering a worker key holds it ([`Pallet::worker_proof_payload`]).
		type WorkerSignature: Parameter
			+ Verify<Signer: IdentifyAccount<AccountId = Self::AccountId>>;
		/// What operators could still be slashed for (answered jobs not yet settled, verifier
		/// seats in open rounds): an operator with any cannot withdraw.
		type Liabilities: Liabilities<Self::AccountId>;
		/// Sessions after its end during which a session's reward can be claimed; then what
		/// is left of its pool returns to the treasury and its merit points are removed.
		#[pallet::constant]
		type ClaimWindow: Get<SessionIndex>;
		/// What other pallets keep per operator, forgotten when it deregisters.
		type OperatorRemoved: dgrid_primitives::OperatorRemoved<Self::AccountId>;
		/// The largest number of validators a session can have.
		#[pallet::constant]
		type MaxValidators: Get<u32>;
		/// The largest number of operators who may ask to validate at once.
		#[pallet::constant]
		type MaxCandidates: Get<u32>;
		/// The largest number of registered operators.
		#[pallet::constant]
		type MaxOperators: Get<u32>;
		/// The longest operator metadata, in bytes.
		#[pallet::constant]
		type MaxMetadataLen: Get<u32>;
		/// The largest number of unbonding chunks an operator may have at once.
		#[pallet::constant]
		type MaxUnbondingChunks: Get<u32>;
		/// Weight of a new observation in the reputation average.
		#[pallet::constant]
		type ReputationSmoothing: Get<Perbill>;
		/// Reputation a newly registered operator starts with.
		#[pallet::constant]
		type InitialReputation: Get<Perbill>;
		/// Weights of this pallet's calls and hooks, generated by `benchmark pallet`.
		type WeightInfo: WeightInfo;
		/// Makes worker keys and their proofs for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: benchmarking::BenchmarkHelper<Self::AccountId, Self::WorkerSignature>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// An operator's bond, active or unbonding.
		#[codec(index = 0)]
		OperatorBond,
	}

	/// Registered operators by account.
	#[pallet::storage]
	pub type Operators<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, OperatorOf<T>>;

	/// Which operator each registered worker key signs for.
	#[pallet::storage]
	pub type Workers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId>;

	/// Operators who asked to validate; the next election picks from them.
	#[pallet::storage]
	pub type Candidates<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxCandidates>, ValueQuery>;

	/// The most recently elected validator set (genesis: the chain spec's validators). An
	/// election at session `i` takes effect in session `i + 1` or `i + 2`, as `pallet-session`
	/// queues it.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// The session in progress; served jobs count towards its rewards.
	#[pallet::storage]
	pub type CurrentSession<T: Config> = StorageValue<_, SessionIndex, ValueQuery>;

	/// Merit points an operator earned in a session: the protocol fees its settled jobs paid,
	/// in plancks.
	#[pallet::storage]
	pub type SessionPoints<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		SessionIndex,
		Blake2_128Concat,
		T::AccountId,
		Balance,
		ValueQuery,
	>;

	/// Sum of all operators' merit points in a session: the protocol fees paid in it.
	#[pallet::storage]
	pub type SessionTotalPoints<T: Config> =
		StorageMap<_, Twox64Concat, SessionIndex, Balance, ValueQuery>;

	/// The reward pool of each ended session with merit, and what has been claimed from it.
	#[pallet::storage]
	pub type SessionPayouts<T: Config> = StorageMap<_, Twox64Concat, SessionIndex, SessionPayout>;

	/// The oldest session whose rewards may not be expired yet: sessions before it have no
	/// points nor payout left. `on_idle` expires sessions older than [`Config::ClaimWindow`]
	/// from here, within the block's spare weight.
	#[pallet::storage]
	pub type ExpiryCursor<T: Config> = StorageValue<_, SessionIndex, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Operators at genesis: account, worker key, bond, and whether it validates. Those who
		/// validate form the first validator set, in this order.
		pub operators: Vec<(T::AccountId, T::AccountId, Balance, bool)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// Genesis only: a chain spec with unusable operators must not start.
			let min_bond = T::Params::params().min_operator_bond;
			let mut validators = Vec::new();
			for (who, worker, bond, validate) in &self.operators {
				assert!(*bond >= min_bond, "a genesis operator is bonded below the minimum bond");
				assert!(!Operators::<T>::contains_key(who), "a genesis operator is listed twice");
				assert!(
					!Workers::<T>::contains_key(worker),
					"a genesis worker key is listed twice"
				);
				assert!(
					Pallet::<T>::worker_account_exists(worker),
					"a genesis worker account holds less than the existential deposit"
				);
				let held = T::Currency::hold(&HoldReason::OperatorBond.into(), who, *bond);
				assert!(held.is_ok(), "a genesis operator cannot afford its bond");
				Operators::<T>::insert(
					who,
					Pallet::<T>::new_operator(worker.clone(), *bond, *validate),
				);
				Workers::<T>::insert(worker, who);
				if *validate {
					validators.push(who.clone());
				}
			}
			let set = BoundedVec::<T::AccountId, T::MaxValidators>::try_from(validators.clone());
			assert!(set.is_ok(), "more genesis validators than MaxValidators");
			let candidates = BoundedVec::<T::AccountId, T::MaxCandidates>::try_from(validators);
			assert!(candidates.is_ok(), "more genesis validators than MaxCandidates");
			Validators::<T>::put(set.unwrap_or_default());
			Candidates::<T>::put(candidates.unwrap_or_default());
			// The reward account holds its existential deposit from the start: claims never
			// reap it, and no session pool has to pay for it.
			let reward_account = Pallet::<T>::reward_account();
			let missing = T::Currency::minimum_balance()
				.saturating_sub(T::Currency::balance(&reward_account));
			if missing > 0 {
				let minted = T::Currency::mint_into(&reward_account, missing);
				assert!(minted.is_ok(), "the reward account cannot be endowed");
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_idle(_now: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::expire_rewards(remaining)
		}

		fn integrity_test() {
			assert!(T::MaxValidators::get() > 0, "MaxValidators must be above zero");
			assert!(
				T::MaxCandidates::get() >= T::MaxValidators::get(),
				"MaxCandidates must be at least MaxValidators"
			);
			assert!(T::MaxUnbondingChunks::get() > 0, "MaxUnbondingChunks must be above zero");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register the caller as a node operator with a worker key, metadata and an initial
		/// bond of at least the minimum bond, which is held.
		///
		/// The worker account must hold at least the existential deposit: its node signs
		/// results, heartbeats and scores with it, and a transaction from an account that does
		/// not exist is invalid. `worker_proof` is the worker key's signature of
		/// [`Pallet::worker_proof_payload`] for the caller: nobody can claim a key (and the
		/// jobs a victim's node would then serve) without holding it.
		///
		/// Emits [`Event::OperatorRegistered`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_operator())]
		pub fn register_operator(
			origin: OriginFor<T>,
			worker: T::AccountId,
			worker_proof: T::WorkerSignature,
			metadata: BoundedVec<u8, T::MaxMetadataLen>,
			bond: Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!Operators::<T>::contains_key(&who), Error::<T>::AlreadyRegistered);
			ensure!(!Workers::<T>::contains_key(&worker), Error::<T>::WorkerKeyInUse);
			Self::check_worker_proof(&who, &worker, &worker_proof)?;
			ensure!(Self::worker_account_exists(&worker), Error::<T>::WorkerAccountUnfunded);
			ensure!(bond >= T::Params::params().min_operator_bond, Error::<T>::BondBelowMinimum);
			ensure!(Operators::<T>::count() < T::MaxOperators::get(), Error::<T>::TooManyOperators);
			T::Currency::hold(&HoldReason::OperatorBond.into(), &who, bond)
				.map_err(|_| Error::<T>::InsufficientBalance)?;
			let mut operator = Self::new_operator(worker.clone(), bond, false);
			operator.metadata = metadata;
			Operators::<T>::insert(&who, operator);
			Workers::<T>::insert(&worker, &who);
			Self::deposit_event(Event::OperatorRegistered { operator: who, worker, bond });
			Ok(())
		}

		/// Add `amount` from the caller's free balance to its active bond.
		///
		/// Emits [`Event::Bonded`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::bond())]
		pub fn bond(origin: OriginFor<T>, #[pallet::compact] amount: Balance) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(amount > 0, Error::<T>::ZeroAmount);
			let mut operator = Operators::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
			T::Currency::hold(&HoldReason::OperatorBond.into(), &who, amount)
				.map_err(|_| Error::<T>::InsufficientBalance)?;
			operator.bonded = operator.bonded.saturating_add(amount);
			Operators::<T>::insert(&who, operator);
			Self::deposit_event(Event::Bonded { operator: who, amount });
			Ok(())
		}

		/// Start unbonding `amount` of the active bond. The funds stay held and slashable for
		/// the unbonding period. Unbonding everything also stops the operator from validating.
		///
		/// Emits [`Event::Unbonded`], and [`Event::Chilled`] if it stopped validating.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::unbond())]
		pub fn unbond(origin: OriginFor<T>, #[pallet::compact] amount: Balance) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(amount > 0, Error::<T>::ZeroAmount);
			let mut operator = Operators::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
			let remaining =
				operator.bonded.checked_sub(amount).ok_or(Error::<T>::UnbondMoreThanBonded)?;
			ensure!(
				remaining == 0 || remaining >= T::Params::params().min_operator_bond,
				Error::<T>::RemainingBondBelowMinimum
			);
			let unlock_at = frame_system::Pallet::<T>::block_number()
				.saturating_add(T::Params::params().unbonding_period);
			if let Some(chunk) = operator.unbonding.iter_mut().find(|c| c.unlock_at == unlock_at) {
				chunk.amount = chunk.amount.saturating_add(amount);
			} else {
				operator
					.unbonding
					.try_push(UnbondingChunk { amount, unlock_at })
					.map_err(|_| Error::<T>::TooManyUnbondingChunks)?;
			}
			operator.bonded = remaining;
			if remaining == 0 && operator.wants_to_validate {
				operator.wants_to_validate = false;
				Candidates::<T>::mutate(|c| c.retain(|x| x != &who));
				Self::deposit_event(Event::Chilled { operator: who.clone() });
			}
			Operators::<T>::insert(&who, operator);
			Self::deposit_event(Event::Unbonded { operator: who, amount, unlock_at });
			Ok(())
		}

		/// Release every unbonding chunk whose unbonding period has passed, once the operator
		/// has no open liabilities: no answered job of its waiting for payout, audit, appeal,
		/// dispute or jury, and no seat in a verifier round still open. Withdraw offers and
		/// let the last answers settle first.
		///
		/// Emits [`Event::Withdrawn`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::withdraw_unbonded())]
		pub fn withdraw_unbonded(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut operator = Operators::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
			let now = frame_system::Pallet::<T>::block_number();
			let matured: Balance = operator
				.unbonding
				.iter()
				.filter(|c| c.unlock_at <= now)
				.fold(0, |acc: Balance, c| acc.saturating_add(c.amount));
			ensure!(matured > 0, Error::<T>::NothingToWithdraw);
			ensure!(T::Liabilities::open_liabilities(&who) == 0, Error::<T>::PendingLiabilities);
			let released = T::Currency::release(
				&HoldReason::OperatorBond.into(),
				&who,
				matured,
				Precision::BestEffort,
			)?;
			operator.unbonding.retain(|c| c.unlock_at > now);
			Operators::<T>::insert(&who, operator);
			Self::deposit_event(Event::Withdrawn { operator: who, amount: released });
			Ok(())
		}

		/// Replace the caller's worker key. The old key stops signing for it at once. The new
		/// worker account must hold at least the existential deposit, and `worker_proof` is
		/// its signature of [`Pallet::worker_proof_payload`] for the caller.
		///
		/// Emits [`Event::WorkerKeySet`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_worker_key())]
		pub fn set_worker_key(
			origin: OriginFor<T>,
			worker: T::AccountId,
			worker_proof: T::WorkerSignature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut operator = Operators::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
			ensure!(!Workers::<T>::contains_key(&worker), Error::<T>::WorkerKeyInUse);
			Self::check_worker_proof(&who, &worker, &worker_proof)?;
			ensure!(Self::worker_account_exists(&worker), Error::<T>::WorkerAccountUnfunded);
			Workers::<T>::remove(&operator.worker);
			Workers::<T>::insert(&worker, &who);
			operator.worker = worker.clone();
			Operators::<T>::insert(&who, operator);
			Self::deposit_event(Event::WorkerKeySet { operator: who, worker });
			Ok(())
		}

		/// Ask to validate: the caller becomes a candidate in the next elections, which pick
		/// the top `MaxValidators` by active bond among candidates with session keys.
		///
		/// Emits [`Event::ValidationRequested`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::validate())]
		pub fn validate(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut operator = Operators::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
			ensure!(!operator.wants_to_validate, Error::<T>::AlreadyValidating);
			ensure!(
				operator.bonded >= T::Params::params().min_operator_bond,
				Error::<T>::NotEligible
			);
			Candidates::<T>::try_mutate(|c| c.try_push(who.clone()))
				.map_err(|_| Error::<T>::TooManyCandidates)?;
			operator.wants_to_validate = true;
			Operators::<T>::insert(&who, operator);
			Self::deposit_event(Event::ValidationRequested { operator: who });
			Ok(())
		}

		/// Stop asking to validate. A validator in the current set serves until the next
		/// election.
		///
		/// Emits [`Event::Chilled`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::chill())]
		pub fn chill(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut operator = Operators::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
			ensure!(operator.wants_to_validate, Error::<T>::NotValidating);
			Candidates::<T>::mutate(|c| c.retain(|x| x != &who));
			operator.wants_to_validate = false;
			Operators::<T>::insert(&who, operator);
			Self::deposit_event(Event::Chilled { operator: who });
			Ok(())
		}

		/// Leave the registry. Only an operator with nothing on hold (everything unbonded and
		/// withdrawn) can leave; its worker key is freed, and what other pallets keep for it
		/// forgotten ([`Config::OperatorRemoved`]): registering again starts on probation.
		///
		/// Emits [`Event::OperatorDeregistered`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::deregister().saturating_add(
			<T::OperatorRemoved as dgrid_primitives::OperatorRemoved<T::AccountId>>::weight()
		))]
		pub fn deregister(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let operator = Operators::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
			ensure!(operator.total_held() == 0, Error::<T>::StillBonded);
			Workers::<T>::remove(&operator.worker);
			Operators::<T>::remove(&who);
			<T::OperatorRemoved as dgrid_primitives::OperatorRemoved<T::AccountId>>::operator_removed(
				&who,
			);
			Self::deposit_event(Event::OperatorDeregistered { operator: who });
			Ok(())
		}

		/// Pay `operator` its share of `session`'s reward pool: `pool × points / total`. Anyone
		/// may call it; the share always goes to the operator.
		///
		/// Emits [`Event::RewardPaid`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::claim_reward())]
		pub fn claim_reward(
			origin: OriginFor<T>,
			operator: T::AccountId,
			session: SessionIndex,
		) -> DispatchResult {
			ensure_signed(origin)?;
			ensure!(!Self::claim_expired(session), Error::<T>::RewardExpired);
			let mut payout =
				SessionPayouts::<T>::get(session).ok_or(Error::<T>::NoRewardsForSession)?;
			let points = SessionPoints::<T>::get(session, &operator);
			ensure!(points > 0, Error::<T>::NoMeritInSession);
			let share = Self::share_of(&payout, points);
			let pot = Self::reward_account();
			let paid = if share > 0 {
				// The pot keeps its existential deposit: it is never reaped between claims.
				T::Currency::transfer(&pot, &operator, share, Preservation::Preserve)?
			} else {
				0
			};
			SessionPoints::<T>::remove(session, &operator);
			payout.claimed = payout.claimed.saturating_add(paid);
			SessionPayouts::<T>::insert(session, payout);
			Self::deposit_event(Event::RewardPaid { operator, session, amount: paid });
			Ok(())
		}
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// Register `operator` with `worker` and `bond` as `register_operator` does, without the
	/// worker's proof: for other pallets' benchmarks, whose worker accounts hold no keys.
	pub fn register_for_benchmarks(
		operator: &T::AccountId,
		worker: &T::AccountId,
		bond: Balance,
	) -> frame_support::dispatch::DispatchResult {
		frame_support::ensure!(
			!Operators::<T>::contains_key(operator),
			Error::<T>::AlreadyRegistered
		);
		frame_support::ensure!(!Workers::<T>::contains_key(worker), Error::<T>::WorkerKeyInUse);
		T::Currency::hold(&HoldReason::OperatorBond.into(), operator, bond)?;
		Operators::<T>::insert(operator, Self::new_operator(worker.clone(), bond, false));
		Workers::<T>::insert(worker, operator);
		Ok(())
	}
}

impl<T: Config> Pallet<T> {
	/// The account that holds session reward pools until operators claim them.
	pub fn reward_account() -> T::AccountId {
		T::RewardPalletId::get().into_account_truncating()
	}

	/// What a worker key signs to prove that `operator` may register it: the SCALE encoding
	/// of `(b"dgrid/worker-key", operator)`. Bound to the operator, so a proof cannot be
	/// replayed by anyone else; `dgrid-node worker-proof` prints one.
	pub fn worker_proof_payload(operator: &T::AccountId) -> Vec<u8> {
		use codec::Encode;
		(WORKER_PROOF_CONTEXT, operator).encode()
	}

	/// Refuse a worker key whose proof was not signed by it for `operator`.
	fn check_worker_proof(
		operator: &T::AccountId,
		worker: &T::AccountId,
		proof: &T::WorkerSignature,
	) -> Result<(), Error<T>> {
		let payload = Self::worker_proof_payload(operator);
		match proof.verify(&payload[..], worker) {
			true => Ok(()),
			false => Err(Error::<T>::BadWorkerProof),
		}
	}

	/// Whether a worker account holds at least the existential deposit, so that the
	/// transactions its node signs are valid.
	fn worker_account_exists(worker: &T::AccountId) -> bool {
		T::Currency::total_balance(worker) >= T::Currency::minimum_balance()
	}

	fn new_operator(worker: T::AccountId, bond: Balance, validate: bool) -> OperatorOf<T> {
		Operator {
			worker,
			metadata: Default::default(),
			bonded: bond,
			unbonding: Default::default(),
			reputation: T::InitialReputation::get(),
			wants_to_validate: validate,
		}
	}

	/// `pool × points / total`, rounded down.
	fn share_of(payout: &SessionPayout, points: Balance) -> Balance {
		if payout.total_points == 0 {
			return 0;
		}
		let share = sp_runtime::helpers_128bit::multiply_by_rational_with_rounding(
			payout.pool,
			points,
			payout.total_points,
			sp_runtime::Rounding::Down,
		);
		share.unwrap_or(0).min(payout.pool.saturating_sub(payout.claimed))
	}

	/// Move up to `amount` of `who`'s bond hold to `beneficiary`'s free balance, ignoring
	/// freezes; returns what moved (nothing if the beneficiary cannot receive it).
	fn take_from_hold(who: &T::AccountId, amount: Balance, beneficiary: &T::AccountId) -> Balance {
		use frame_support::traits::tokens::Restriction;
		T::Currency::transfer_on_hold(
			&HoldReason::OperatorBond.into(),
			who,
			beneficiary,
			amount,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		)
		.unwrap_or(0)
	}
}

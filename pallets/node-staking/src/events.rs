//! Node staking's events and errors (each error says what to fix), imported into the pallet as
//! a section.

use frame_support::pallet_macros::pallet_section;

#[pallet_section]
mod events {
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An operator registered and bonded.
		OperatorRegistered {
			/// The operator.
			operator: T::AccountId,
			/// Its worker key.
			worker: T::AccountId,
			/// Its initial bond.
			bond: Balance,
		},
		/// An operator added to its active bond.
		Bonded {
			/// The operator.
			operator: T::AccountId,
			/// Amount added.
			amount: Balance,
		},
		/// An operator started unbonding funds.
		Unbonded {
			/// The operator.
			operator: T::AccountId,
			/// Amount unbonded.
			amount: Balance,
			/// First block at which it can be withdrawn.
			unlock_at: BlockNumberFor<T>,
		},
		/// Matured unbonded funds were released to the operator.
		Withdrawn {
			/// The operator.
			operator: T::AccountId,
			/// Amount released.
			amount: Balance,
		},
		/// An operator's worker key changed.
		WorkerKeySet {
			/// The operator.
			operator: T::AccountId,
			/// The new worker key.
			worker: T::AccountId,
		},
		/// An operator asked to validate from the next election on.
		ValidationRequested {
			/// The operator.
			operator: T::AccountId,
		},
		/// An operator stopped asking to validate.
		Chilled {
			/// The operator.
			operator: T::AccountId,
		},
		/// An operator with nothing on hold left the registry.
		OperatorDeregistered {
			/// The operator.
			operator: T::AccountId,
		},
		/// Funds were slashed from an operator's bond.
		Slashed {
			/// The operator.
			operator: T::AccountId,
			/// Amount taken.
			amount: Balance,
			/// Who received it.
			beneficiary: T::AccountId,
		},
		/// A session ended and its reward pool was set aside for the operators who served in it.
		SessionRewardsSet {
			/// The session.
			session: SessionIndex,
			/// The pool moved from the treasury.
			pool: Balance,
			/// Merit points it is split by.
			total_points: Balance,
		},
		/// A session's claim window ended: what was left of its pool went back to the
		/// treasury, and its unclaimed merit points were removed.
		SessionRewardsExpired {
			/// The session.
			session: SessionIndex,
			/// Returned to the treasury.
			returned: Balance,
		},
		/// An operator's share of a session's reward pool was paid.
		RewardPaid {
			/// The operator.
			operator: T::AccountId,
			/// The session.
			session: SessionIndex,
			/// Amount paid.
			amount: Balance,
		},
		/// A new validator set was elected for an upcoming session.
		ValidatorsElected {
			/// The session it takes effect in.
			session: SessionIndex,
			/// The elected validators, by descending bond.
			validators: BoundedVec<T::AccountId, T::MaxValidators>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// This account is already a registered operator.
		AlreadyRegistered,
		/// This account is not a registered operator: call `register_operator` first.
		NotRegistered,
		/// The bond is below the minimum operator bond (a protocol parameter): bond more.
		BondBelowMinimum,
		/// Unbonding this much would leave an active bond above zero but below the minimum:
		/// unbond everything or keep at least the minimum bonded.
		RemainingBondBelowMinimum,
		/// Cannot unbond more than the active bond.
		UnbondMoreThanBonded,
		/// The amount must be above zero.
		ZeroAmount,
		/// Not enough free balance to hold this bond.
		InsufficientBalance,
		/// This worker key is already registered to an operator: generate a new key.
		WorkerKeyInUse,
		/// The worker proof is not the worker key's signature of `worker_proof_payload` for
		/// this operator: sign it with the worker key (`dgrid-node worker-proof`).
		BadWorkerProof,
		/// The worker account holds less than the existential deposit, so nothing its node
		/// signs would be valid: transfer at least the existential deposit to it first.
		WorkerAccountUnfunded,
		/// The operator has answered jobs not yet settled or verifier seats in open rounds,
		/// which could still be slashed: withdraw offers, let them settle, then withdraw.
		PendingLiabilities,
		/// The operator registry is full.
		TooManyOperators,
		/// Too many unbonding chunks: call `withdraw_unbonded` once some mature.
		TooManyUnbondingChunks,
		/// No unbonded funds have matured yet.
		NothingToWithdraw,
		/// The operator still has funds on hold: unbond and withdraw everything first.
		StillBonded,
		/// The operator is not eligible (bonded below the minimum bond).
		NotEligible,
		/// The operator already asked to validate.
		AlreadyValidating,
		/// The operator is not asking to validate.
		NotValidating,
		/// The candidate list is full: wait for a candidate to chill.
		TooManyCandidates,
		/// The session has not ended or had no reward pool.
		NoRewardsForSession,
		/// The operator has no unclaimed merit in that session.
		NoMeritInSession,
		/// The session ended more than `ClaimWindow` sessions ago: its reward can no longer be
		/// claimed.
		RewardExpired,
	}
}

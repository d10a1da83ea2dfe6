//! `try_state`: the invariants every block and every test ends with.

use crate::*;
use frame_support::ensure;

impl<T: Config> Pallet<T> {
	/// Invariants of the registry, the bonds, the validator set and the session rewards: the
	/// reward account can pay every pool still owed, and merit points add up.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let reason: T::RuntimeHoldReason = HoldReason::OperatorBond.into();
		let mut count = 0u32;
		for (who, operator) in Operators::<T>::iter() {
			count = count.saturating_add(1);
			ensure!(
				T::Currency::balance_on_hold(&reason, &who) == operator.total_held(),
				"OperatorBond hold differs from bond plus unbonding chunks"
			);
			ensure!(
				Workers::<T>::get(&operator.worker).as_ref() == Some(&who),
				"an operator's worker key does not map back to it"
			);
			ensure!(
				operator.wants_to_validate == Candidates::<T>::get().contains(&who),
				"candidate list out of step with operators' wish to validate"
			);
		}
		ensure!(count == Operators::<T>::count(), "operator counter is wrong");
		for (worker, who) in Workers::<T>::iter() {
			ensure!(
				Operators::<T>::get(&who).map(|o| o.worker) == Some(worker),
				"a worker key maps to an operator that does not use it"
			);
		}
		for who in Candidates::<T>::get() {
			ensure!(Operators::<T>::contains_key(&who), "a candidate is not registered");
		}
		let set = Validators::<T>::get();
		ensure!(!impls::has_duplicates(&set), "the validator set has duplicates");
		let mut owed: Balance = 0;
		for (session, payout) in SessionPayouts::<T>::iter() {
			ensure!(payout.claimed <= payout.pool, "a session paid out more than its pool");
			ensure!(session < CurrentSession::<T>::get(), "a payout for a session not yet ended");
			owed = owed.saturating_add(payout.pool.saturating_sub(payout.claimed));
			let unclaimed = SessionPoints::<T>::iter_prefix_values(session)
				.fold(0 as Balance, |sum, p| sum.saturating_add(p));
			ensure!(
				unclaimed <= payout.total_points,
				"a session's unclaimed merit exceeds its total"
			);
		}
		ensure!(
			T::Currency::balance(&Self::reward_account()) >= owed,
			"the reward account holds less than the pools still owed"
		);
		// Expired sessions keep nothing.
		let cursor = ExpiryCursor::<T>::get();
		ensure!(
			SessionPayouts::<T>::iter_keys().all(|s| s >= cursor),
			"an expired session keeps its payout"
		);
		ensure!(
			SessionPoints::<T>::iter_keys().all(|(s, _)| s >= cursor),
			"an expired session keeps merit points"
		);
		// Sessions not yet ended: their points add up to their totals.
		for (session, total) in SessionTotalPoints::<T>::iter() {
			let points = SessionPoints::<T>::iter_prefix_values(session)
				.fold(0 as Balance, |sum, p| sum.saturating_add(p));
			ensure!(points == total, "a session's merit points differ from its total");
		}
		Ok(())
	}
}

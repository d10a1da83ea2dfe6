//! The `dgrid-primitives` traits other pallets reach node staking through.

use crate::*;
use dgrid_primitives::{NodeRegistry, Reputation, Slashing};
use sp_runtime::{traits::Saturating, PerThing};

pub(crate) fn has_duplicates<A: Ord + Clone>(set: &[A]) -> bool {
	let mut sorted = set.to_vec();
	sorted.sort();
	sorted.windows(2).any(|w| matches!(w, [a, b] if a == b))
}

impl<T: Config> NodeRegistry<T::AccountId> for Pallet<T> {
	fn is_eligible(operator: &T::AccountId) -> bool {
		Self::standing(operator).is_some()
	}

	fn standing(operator: &T::AccountId) -> Option<Perbill> {
		Operators::<T>::get(operator)
			.filter(|o| o.bonded >= T::Params::params().min_operator_bond)
			.map(|o| o.reputation)
	}

	fn bond_of(operator: &T::AccountId) -> Balance {
		Operators::<T>::get(operator).map(|o| o.bonded).unwrap_or(0)
	}

	fn held_by(operator: &T::AccountId) -> Balance {
		Operators::<T>::get(operator).map(|o| o.total_held()).unwrap_or(0)
	}

	fn operator_of_worker(worker: &T::AccountId) -> Option<T::AccountId> {
		Workers::<T>::get(worker)
	}

	fn note_fees_paid(operator: &T::AccountId, fees: Balance) {
		if fees == 0 {
			return;
		}
		let session = CurrentSession::<T>::get();
		SessionPoints::<T>::mutate(session, operator, |p| *p = p.saturating_add(fees));
		SessionTotalPoints::<T>::mutate(session, |p| *p = p.saturating_add(fees));
	}
}

impl<T: Config> Reputation<T::AccountId> for Pallet<T> {
	fn reputation(operator: &T::AccountId) -> Perbill {
		Operators::<T>::get(operator).map(|o| o.reputation).unwrap_or_default()
	}

	/// `reputation ← (1 − α) · reputation + α · observation`, α = `ReputationSmoothing`.
	fn record(operator: &T::AccountId, observation: Perbill) {
		Self::record_times(operator, observation, 1)
	}

	/// The same step `times` times, with one read and one write of the operator's record.
	fn record_times(operator: &T::AccountId, observation: Perbill, times: u32) {
		Operators::<T>::mutate(operator, |o| {
			if let Some(o) = o {
				let alpha = T::ReputationSmoothing::get();
				for _ in 0..times {
					o.reputation = alpha
						.left_from_one()
						.saturating_mul(o.reputation)
						.saturating_add(alpha.saturating_mul(observation));
				}
			}
		});
	}
}

impl<T: Config> Slashing<T::AccountId> for Pallet<T> {
	fn slash(operator: &T::AccountId, amount: Balance, beneficiary: &T::AccountId) -> Balance {
		let Some(mut record) = Operators::<T>::get(operator) else { return 0 };
		let wanted = amount.min(record.total_held());
		if wanted == 0 {
			return 0;
		}
		let taken = Self::take_from_hold(operator, wanted, beneficiary);
		// Charge what was taken to the active bond first, then to the newest chunks.
		let mut left = taken;
		let from_bond = left.min(record.bonded);
		record.bonded = record.bonded.saturating_sub(from_bond);
		left = left.saturating_sub(from_bond);
		for chunk in record.unbonding.iter_mut().rev() {
			let part = left.min(chunk.amount);
			chunk.amount = chunk.amount.saturating_sub(part);
			left = left.saturating_sub(part);
		}
		record.unbonding.retain(|c| c.amount > 0);
		if record.bonded < T::Params::params().min_operator_bond && record.wants_to_validate {
			// Below the minimum an operator can no longer be elected; keep the list honest.
			record.wants_to_validate = false;
			Candidates::<T>::mutate(|c| c.retain(|x| x != operator));
			Self::deposit_event(Event::Chilled { operator: operator.clone() });
		}
		Operators::<T>::insert(operator, record);
		Self::deposit_event(Event::Slashed {
			operator: operator.clone(),
			amount: taken,
			beneficiary: beneficiary.clone(),
		});
		taken
	}
}

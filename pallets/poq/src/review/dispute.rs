//! Opening disputes and appeals: the bond held and the dispute recorded.

use crate::*;
use frame_support::{dispatch::DispatchResult, traits::fungible::MutateHold};

impl<T: Config> Pallet<T> {
	/// Hold `challenger`'s bond (`dispute_bond_multiple` × the fee, at least
	/// `min_dispute_bond`) and record its dispute or appeal of `job`, whose `review` already
	/// has the panel due (or an audit round that calls it).
	pub(crate) fn open_dispute(
		job: JobId,
		mut review: ReviewOf<T>,
		challenger: T::AccountId,
		kind: DisputeKind,
		now: BlockNumberFor<T>,
	) -> DispatchResult {
		let params = T::Params::params();
		let bond = review
			.fee
			.saturating_mul(Balance::from(params.dispute_bond_multiple))
			.max(params.min_dispute_bond);
		let id = NextDisputeId::<T>::get();
		let next_id = id.checked_add(1).ok_or(Error::<T>::TooBusy)?;
		T::Currency::hold(&HoldReason::DisputeBond.into(), &challenger, bond)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		review.dispute = Some(id);
		Reviews::<T>::insert(job, review);
		Disputes::<T>::insert(
			id,
			Dispute { job, challenger: challenger.clone(), kind, bond, opened_at: now },
		);
		NextDisputeId::<T>::put(next_id);
		log::info!(target: "dgrid::poq", "job {job}: {kind:?} by {challenger:?} (dispute {id})");
		Self::deposit_event(Event::DisputeOpened { dispute: id, job, challenger, bond });
		Ok(())
	}
}

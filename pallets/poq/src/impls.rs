//! The `dgrid-primitives` traits other pallets reach Proof of Quality through: the market's
//! [`QualityControl`] and the DAO's [`EscalatedDisputes`].

use crate::*;
use dgrid_primitives::{
	DisputeError, EscalatedDisputes, JobId, ModelId, QualityControl, Settlement,
};
use sp_runtime::{Perbill, Weight};

impl<T: Config> QualityControl<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn note_result(job: JobId, provider: &T::AccountId, model: ModelId, fee: Balance) {
		let candidate = Candidate {
			job,
			provider: provider.clone(),
			model,
			fee,
			answered_at: frame_system::Pallet::<T>::block_number(),
		};
		if Answered::<T>::try_append(candidate).is_err() {
			log::warn!(target: "dgrid::poq", "job {job}: the draw queue is full, not audited");
		}
	}

	fn settlement(job: JobId, answered_at: BlockNumberFor<T>) -> Settlement {
		match Audits::<T>::get(job) {
			Some(audit) => {
				if audit.round.is_some()
					|| audit.next.is_some()
					|| audit.dispute.is_some()
					|| audit.appeal_ends.is_some()
				{
					return Settlement::Wait;
				}
				Audits::<T>::remove(job);
				match audit.outcome {
					Some(Outcome::Failed { .. }) => Settlement::Refund,
					Some(Outcome::Passed { share, .. }) => Settlement::Pay(share),
					None => Settlement::Pay(Perbill::one()),
				}
			},
			// Not drawn yet: the draw concludes it.
			None if answered_at > DrawnThrough::<T>::get() => Settlement::Wait,
			None => Settlement::Pay(Perbill::one()),
		}
	}
}

impl<T: Config> EscalatedDisputes for Pallet<T> {
	fn rule(dispute: dgrid_primitives::DisputeId, verdict: Verdict) -> Result<(), DisputeError> {
		Self::do_rule(dispute, verdict)
	}

	fn rule_weight() -> Weight {
		Self::rule_weight()
	}
}

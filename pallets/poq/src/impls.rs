//! The `dgrid-primitives` trait the market reaches Proof of Quality through:
//! [`QualityControl`].

use crate::*;
use dgrid_primitives::{JobId, ModelId, QualityControl, Settlement};

impl<T: Config> QualityControl<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn note_result(job: JobId, provider: &T::AccountId, model: ModelId, fee: Balance) {
		let result = NotedResult {
			job,
			provider: provider.clone(),
			model,
			fee,
			answered_at: frame_system::Pallet::<T>::block_number(),
		};
		if NewResults::<T>::try_append(result).is_err() {
			log::warn!(target: "dgrid::poq", "job {job}: the draw queue is full, not audited");
		}
	}

	fn settlement(job: JobId, answered_at: BlockNumberFor<T>) -> Settlement {
		Self::settled(job, answered_at)
	}
}

//! The `dgrid-primitives` traits other pallets reach Proof of Quality through:
//! [`QualityControl`] (the market) and [`Liabilities`] (node staking).

use crate::*;
use dgrid_primitives::{JobId, Liabilities, ModelId, QualityControl, Settlement};

/// A verifier's seats in rounds not yet closed.
impl<T: Config> Liabilities<T::AccountId> for Pallet<T> {
	fn open_liabilities(operator: &T::AccountId) -> u32 {
		Seats::<T>::get(operator)
	}
}

/// A deregistered operator's count of audited results: registering again starts on
/// probation.
impl<T: Config> dgrid_primitives::OperatorRemoved<T::AccountId> for Pallet<T> {
	fn operator_removed(operator: &T::AccountId) {
		AuditedResults::<T>::remove(operator);
	}
	fn weight() -> frame_support::weights::Weight {
		T::DbWeight::get().writes(1)
	}
}

impl<T: Config> QualityControl<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn note_result(job: JobId, provider: &T::AccountId, model: ModelId, fee: Balance) -> bool {
		if !Self::can_note(1) {
			log::warn!(target: "dgrid::poq", "job {job}: the draw queue is full, result refused");
			return false;
		}
		let result = NotedResult {
			job,
			provider: provider.clone(),
			model,
			fee,
			answered_at: frame_system::Pallet::<T>::block_number(),
		};
		NewResults::<T>::try_append(result).is_ok()
	}

	/// The backlog and this block's results share [`Config::MaxQueuedResults`]: the draw
	/// re-queues what it did not reach with this block's results, so neither ever drops one.
	fn can_note(results: u32) -> bool {
		let queued = NewResults::<T>::decode_len()
			.unwrap_or(0)
			.saturating_add(DrawBacklog::<T>::decode_len().unwrap_or(0));
		(queued as u32).saturating_add(results) <= T::MaxQueuedResults::get()
	}

	fn settlement(job: JobId, answered_at: BlockNumberFor<T>) -> Settlement {
		Self::settled(job, answered_at)
	}

	fn forget(job: JobId) {
		Passers::<T>::remove(job);
	}

	fn forget_weight() -> frame_support::weights::Weight {
		T::DbWeight::get().writes(1)
	}

	fn will_conclude(job: JobId, answered_at: BlockNumberFor<T>) -> bool {
		match Reviews::<T>::get(job) {
			// A concluded review without a dispute has given its verdict, or gives it when
			// the market asks: a job waiting on it would wait forever.
			Some(review) => {
				!matches!(review.phase, Phase::Concluded(_)) || review.dispute.is_some()
			},
			None => {
				answered_at > DrawnThrough::<T>::get()
					&& (DrawBacklog::<T>::get().iter().any(|r| r.job == job)
						|| NewResults::<T>::get().iter().any(|r| r.job == job))
			},
		}
	}
}

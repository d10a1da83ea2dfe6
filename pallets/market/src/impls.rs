//! The market's jobs as Proof of Quality sees them ([`JobBook`]): answered jobs it may audit or
//! see disputed, their requests for verifiers to re-run, the operators offering a model (the
//! verifier candidates), and the conclusion of jobs that waited for a verdict.

use crate::*;
use alloc::vec::Vec;
use dgrid_primitives::{AnsweredJob, JobBook, JobReplay, Liabilities};
use sp_runtime::{
	traits::{One, Saturating},
	Weight,
};

impl<T: Config> JobBook<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn answered(id: JobId) -> Option<AnsweredJob<T::AccountId, BlockNumberFor<T>>> {
		let job = Jobs::<T>::get(id)?;
		let result = job.result.as_ref()?;
		let challenge_ends = match job.status {
			// The job settles at `settle_at`, before any extrinsic of that block.
			JobStatus::Completed { settle_at } => settle_at.saturating_sub(One::one()),
			// Over: the job is past its challenge period, waiting for a verdict.
			JobStatus::Verifying => result.submitted_at,
			_ => return None,
		};
		Some(AnsweredJob {
			owner: job.owner.clone(),
			provider: result.operator.clone(),
			model: job.model,
			fee: Self::provider_gross(&job, result.input_tokens, result.output_tokens),
			challenge_ends,
		})
	}

	fn replay(id: JobId) -> Option<JobReplay> {
		let job = Jobs::<T>::get(id)?;
		if !matches!(job.status, JobStatus::Completed { .. } | JobStatus::Verifying) {
			return None;
		}
		let result = job.result?;
		let system_prompt = match job.target {
			JobTarget::Agent(agent) => {
				Agents::<T>::get(agent).map(|a| a.system_prompt.into_inner())
			},
			JobTarget::Model(_) => None,
		};
		Some(JobReplay {
			model: job.model,
			model_name: Models::<T>::get(job.model)
				.map(|m| m.name.into_inner())
				.unwrap_or_default(),
			input: job.input.into_inner(),
			system_prompt,
			max_output_tokens: job.max_output_tokens,
			output: result.output.into_inner(),
			input_tokens: result.input_tokens,
			output_tokens: result.output_tokens,
		})
	}

	fn offerers(model: ModelId) -> Vec<T::AccountId> {
		ModelOffers::<T>::get(model).into_iter().map(|o| o.operator).collect()
	}

	fn conclude(id: JobId, settlement: Settlement) -> bool {
		Self::do_conclude(id, settlement)
	}

	fn pay_verifiers(id: JobId, verifiers: &[T::AccountId]) -> Vec<Balance> {
		Self::do_pay_verifiers(id, verifiers)
	}

	fn conclude_weight() -> Weight {
		T::WeightInfo::on_settle()
			.max(T::WeightInfo::on_settle_agent())
			.saturating_add(T::WeightInfo::credit_operator())
	}

	fn max_offerers() -> u32 {
		T::MaxOffersPerModel::get()
	}

	fn pruned(job: JobId) -> bool {
		job < NextJobId::<T>::get() && !Jobs::<T>::contains_key(job)
	}
}

/// A deregistered operator's last heartbeat.
impl<T: Config> dgrid_primitives::OperatorRemoved<T::AccountId> for Pallet<T> {
	fn operator_removed(operator: &T::AccountId) {
		LastHeartbeat::<T>::remove(operator);
	}
	fn weight() -> Weight {
		T::DbWeight::get().writes(1)
	}
}

/// An operator's answered jobs not yet paid out or refunded.
impl<T: Config> Liabilities<T::AccountId> for Pallet<T> {
	fn open_liabilities(operator: &T::AccountId) -> u32 {
		OpenResults::<T>::get(operator)
	}
}

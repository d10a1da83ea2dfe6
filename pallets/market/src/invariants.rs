//! `try_state`: the invariants every block and every test ends with: escrow, deposits, offers,
//! timers and pruning.

use crate::*;
use frame_support::ensure;
use sp_runtime::traits::{One, Saturating};

impl<T: Config> Pallet<T> {
	/// Invariants of escrow, deposits, offers and timers.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let mut escrow: BTreeMap<T::AccountId, Balance> = BTreeMap::new();
		let mut storage: BTreeMap<T::AccountId, Balance> = BTreeMap::new();
		let mut slots: BTreeMap<(ModelId, T::AccountId), u32> = BTreeMap::new();
		let mut agent_calls: BTreeMap<AgentId, u32> = BTreeMap::new();
		let mut answered: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		let queued: alloc::collections::btree_set::BTreeSet<JobId> =
			PruneQueue::<T>::iter_keys().map(|(_, job)| job).collect();
		for (id, job) in Jobs::<T>::iter() {
			if let (true, Some(result)) = (job.is_open(), job.result.as_ref()) {
				let n = answered.entry(result.operator.clone()).or_default();
				*n = n.saturating_add(1);
			}
			if let (JobStatus::Verifying, Some(result)) = (job.status, job.result.as_ref()) {
				ensure!(
					T::Quality::will_conclude(id, result.submitted_at),
					"a job waits for a verdict nothing will give"
				);
			}
			if let JobStatus::Completed { settle_at } = job.status {
				ensure!(
					Timers::<T>::get(settle_at).contains(&Timer::Settle(id)),
					"an answered job has no settlement timer"
				);
			}
			let held = escrow.entry(job.owner.clone()).or_default();
			let deposited = storage.entry(job.owner.clone()).or_default();
			if job.is_open() {
				*held = held.saturating_add(job.hold);
				*deposited = deposited.saturating_add(job.deposit);
				if let JobTarget::Agent(agent) = job.target {
					let calls = agent_calls.entry(agent).or_default();
					*calls = calls.saturating_add(1);
				}
			} else {
				ensure!(job.hold == 0, "a finished job still records a hold");
				ensure!(job.deposit == 0, "a finished job still records a storage deposit");
				ensure!(job.finished_at.is_some(), "a finished job has no finishing block");
				ensure!(queued.contains(&id), "a finished job is not queued for pruning");
			}
			if let (JobStatus::Assigned { .. }, Some(a)) = (job.status, job.assignment()) {
				let n = slots.entry((job.model, a.operator.clone())).or_default();
				*n = n.saturating_add(1);
			}
			ensure!(job.route.len() > job.attempt as usize, "a job's attempt is off its route");
		}
		for (operator, n) in OpenResults::<T>::iter() {
			ensure!(
				answered.remove(&operator) == Some(n),
				"an operator's open results differ from its answered jobs"
			);
		}
		ensure!(answered.is_empty(), "an answered job is missing from its operator's open results");
		for (owner, sum) in escrow {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::JobEscrow.into(), &owner) == sum,
				"JobEscrow hold differs from the sum of the owner's open jobs"
			);
		}
		for (owner, sum) in storage {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::StorageDeposit.into(), &owner) == sum,
				"StorageDeposit hold differs from the sum of the owner's open jobs"
			);
		}
		for (model, offers) in ModelOffers::<T>::iter() {
			for o in offers {
				let expected = slots.remove(&(model, o.operator.clone())).unwrap_or(0);
				ensure!(
					o.in_flight == expected,
					"an offer's in-flight count differs from its jobs"
				);
			}
		}
		ensure!(slots.is_empty(), "a job is assigned to an operator without an offer");
		let mut deposits: BTreeMap<T::AccountId, (Balance, Balance)> = BTreeMap::new();
		for (_, m) in Models::<T>::iter() {
			let d = deposits.entry(m.owner).or_default();
			d.0 = d.0.saturating_add(m.deposit);
		}
		for (id, a) in Agents::<T>::iter() {
			ensure!(
				a.in_flight == agent_calls.get(&id).copied().unwrap_or(0),
				"an agent's in-flight count differs from its open calls"
			);
			let d = deposits.entry(a.creator).or_default();
			d.1 = d.1.saturating_add(a.deposit);
		}
		for (who, (models, agents)) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::ModelDeposit.into(), &who) == models,
				"ModelDeposit hold differs from the owner's listed models"
			);
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::AgentDeposit.into(), &who) == agents,
				"AgentDeposit hold differs from the creator's agents"
			);
		}
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			TimerCursor::<T>::get() <= now.saturating_add(One::one()),
			"the timer cursor ran ahead of the chain"
		);
		let cursor = DeadlineCursor::<T>::get();
		ensure!(cursor <= NextJobId::<T>::get(), "the deadline cursor ran past the last job");
		for (id, job) in Jobs::<T>::iter() {
			ensure!(
				id >= cursor
					|| job.attempt > 0
					|| !matches!(job.status, JobStatus::Assigned { .. }),
				"a job behind the deadline cursor still waits for its first deadline"
			);
		}
		Ok(())
	}
}

//! The market's per-block work: missed first deadlines, due timers (settlements and the
//! deadlines of failed-over jobs), crediting the operators paid, and pruning finished jobs.

use crate::{lifecycle::Served, *};
use frame_support::{weights::Weight, BoundedVec};
use sp_runtime::traits::{One, Saturating};

impl<T: Config> Pallet<T> {
	/// Schedule a job's deadline timer; returns the deadline (the last block for a result).
	pub(crate) fn schedule_deadline(
		id: JobId,
		now: BlockNumberFor<T>,
	) -> Option<BlockNumberFor<T>> {
		// The timer runs at the start of the block after the deadline.
		let due = now.saturating_add(T::Params::params().job_deadline).saturating_add(One::one());
		Self::schedule(due, Timer::Deadline(id)).map(|at| at.saturating_sub(One::one()))
	}

	/// Put a timer in the first bucket from `at` with room, within
	/// [`dgrid_primitives::SCHEDULE_WINDOW`] blocks.
	pub(crate) fn schedule(at: BlockNumberFor<T>, timer: Timer) -> Option<BlockNumberFor<T>> {
		dgrid_primitives::schedule(at, |block| Timers::<T>::try_append(block, timer).is_ok())
	}

	/// The block's market work: missed first deadlines, then due timers (settlements and
	/// the deadlines of failed-over jobs), within the hook's weight budget. Also charges the
	/// block's one write of `NextJobId`, which the job extrinsics do not pay for.
	pub(crate) fn on_block(now: BlockNumberFor<T>) -> Weight {
		let budget = T::HookWeightBudget::get();
		let mut used = T::DbWeight::get().writes(1);
		used.saturating_accrue(Self::run_first_deadlines(now, budget.saturating_sub(used)));
		used.saturating_accrue(Self::run_timers(now, budget.saturating_sub(used)));
		used
	}

	/// Run due timers, oldest first, within `budget`. The operators paid are credited once
	/// each at the end ([`Self::credit_operators`]), however many of their jobs settled.
	pub(crate) fn run_timers(now: BlockNumberFor<T>, budget: Weight) -> Weight {
		let per_bucket = T::WeightInfo::on_initialize_empty();
		let per_operator = T::WeightInfo::credit_operator();
		// Room is checked for the heaviest timer, and for crediting one more operator; each
		// timer is charged what it used, each operator once.
		let per_timer = T::WeightInfo::on_deadline()
			.max(T::WeightInfo::on_settle())
			.max(T::WeightInfo::on_settle_agent())
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(per_operator);
		let mut used = per_bucket;
		let mut served: Served<T::AccountId> = alloc::vec::Vec::new();
		let mut cursor = TimerCursor::<T>::get();
		'buckets: while cursor <= now {
			let bucket = Timers::<T>::take(cursor);
			let mut timers = bucket.into_iter();
			while let Some(timer) = timers.next() {
				if used.saturating_add(per_timer).any_gt(budget) {
					let rest: alloc::vec::Vec<Timer> =
						core::iter::once(timer).chain(timers).collect();
					Timers::<T>::insert(cursor, BoundedVec::truncate_from(rest));
					break 'buckets;
				}
				used.saturating_accrue(Self::run_timer(timer, cursor, &mut served));
			}
			cursor = cursor.saturating_add(One::one());
			used.saturating_accrue(per_bucket);
		}
		TimerCursor::<T>::put(cursor);
		Self::credit_operators(served);
		used
	}

	/// Count the protocol fees each operator's settled jobs paid towards its session merit,
	/// with one update per operator. A settlement is no reputation observation: reputation
	/// moves only with audited scores and missed deadlines, so jobs a party sends itself
	/// cannot raise it.
	pub(crate) fn credit_operators(served: Served<T::AccountId>) {
		for (operator, fees) in served {
			T::Registry::note_fees_paid(&operator, fees);
		}
	}

	/// Run one timer; returns the weight it used: reading the job, plus failing it over or
	/// settling it unless the timer is stale (its job answered, reassigned or gone), plus
	/// crediting its operator if it is the first of the block.
	fn run_timer(
		timer: Timer,
		due: BlockNumberFor<T>,
		served: &mut Served<T::AccountId>,
	) -> Weight {
		let read = T::DbWeight::get().reads(1);
		match timer {
			Timer::Deadline(id) => {
				let Some(job) = Jobs::<T>::get(id) else { return read };
				if !matches!(job.status, JobStatus::Assigned { deadline } if deadline < due) {
					return read;
				}
				log::info!(target: "dgrid::market", "job {id} missed its deadline");
				Self::fail_over(id, job, true);
				read.saturating_add(T::WeightInfo::on_deadline())
			},
			Timer::Settle(id) => {
				let Some(job) = Jobs::<T>::get(id) else { return read };
				if !matches!(job.status, JobStatus::Completed { settle_at } if settle_at <= due) {
					return read;
				}
				let mut weight = match job.target {
					JobTarget::Agent(_) => T::WeightInfo::on_settle_agent(),
					JobTarget::Model(_) => T::WeightInfo::on_settle(),
				};
				if let Some((operator, fees)) = Self::settle(id, job) {
					match served.iter_mut().find(|(o, _)| *o == operator) {
						Some((_, sum)) => *sum = sum.saturating_add(fees),
						None => {
							served.push((operator, fees));
							weight.saturating_accrue(T::WeightInfo::credit_operator());
						},
					}
				}
				read.saturating_add(weight)
			},
		}
	}

	/// Fail over the jobs whose first deadline passed before `now`, in id order, within
	/// `budget`; returns the weight used. A job answered, declined or finished costs one read;
	/// the walk stops at the first job still within its first deadline (later jobs were
	/// submitted no earlier, so their deadlines are no earlier either, unless governance
	/// shortened `job_deadline` meanwhile: they then fail over when the job before them does).
	pub(crate) fn run_first_deadlines(now: BlockNumberFor<T>, budget: Weight) -> Weight {
		let read = T::DbWeight::get().reads(1);
		// The cursor's read and write, and the read of `NextJobId`.
		let mut used = T::DbWeight::get().reads_writes(2, 1);
		let per_job = read.saturating_add(T::WeightInfo::on_deadline());
		let next = NextJobId::<T>::get();
		let mut cursor = DeadlineCursor::<T>::get();
		while cursor < next && !used.saturating_add(per_job).any_gt(budget) {
			used.saturating_accrue(read);
			if let Some(job) = Jobs::<T>::get(cursor) {
				if let (0, JobStatus::Assigned { deadline }) = (job.attempt, job.status) {
					if deadline >= now {
						break;
					}
					log::info!(target: "dgrid::market", "job {cursor} missed its deadline");
					Self::fail_over(cursor, job, true);
					used.saturating_accrue(T::WeightInfo::on_deadline());
				}
			}
			cursor = cursor.saturating_add(1);
		}
		DeadlineCursor::<T>::put(cursor);
		used
	}

	/// Remove finished jobs past their retention period, in the order they finished, within
	/// the block's spare weight; what does not fit waits for the next block.
	pub(crate) fn run_prunes(now: BlockNumberFor<T>, remaining: Weight) -> Weight {
		let per_check = T::WeightInfo::on_idle_empty();
		let per_job = T::WeightInfo::on_idle_prune().saturating_add(T::Quality::forget_weight());
		let per_bucket = T::DbWeight::get().reads_writes(1, 1);
		if per_check.any_gt(remaining) {
			return Weight::zero();
		}
		let mut used = per_check;
		let mut cursor = PruneCursor::<T>::get();
		while cursor <= now {
			if used.saturating_add(per_bucket).any_gt(remaining) {
				break;
			}
			used.saturating_accrue(per_bucket);
			// As many of the block's jobs as the weight left allows, and one more to see whether
			// the block is done.
			let room = remaining
				.saturating_sub(used)
				.ref_time()
				.checked_div(per_job.ref_time().max(1))
				.unwrap_or(0);
			let take = usize::try_from(room).unwrap_or(usize::MAX);
			let jobs: alloc::vec::Vec<JobId> =
				PruneQueue::<T>::iter_key_prefix(cursor).take(take.saturating_add(1)).collect();
			let done = jobs.len() <= take;
			for id in jobs.into_iter().take(take) {
				used.saturating_accrue(per_job);
				PruneQueue::<T>::remove(cursor, id);
				if Jobs::<T>::get(id).is_some_and(|j| !j.is_open()) {
					Jobs::<T>::remove(id);
					T::Quality::forget(id);
					Self::deposit_event(Event::JobPruned { job: id });
				}
			}
			if !done {
				break;
			}
			cursor = cursor.saturating_add(One::one());
		}
		PruneCursor::<T>::put(cursor);
		used
	}
}

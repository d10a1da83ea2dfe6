//! A job's life after routing: results, declines, failover, settlement. The per-block work
//! (timers, first deadlines, pruning) is in `hooks`.

use crate::{routing::*, *};
use frame_support::{
	dispatch::DispatchResult,
	ensure,
	traits::tokens::{Fortitude, Restriction},
	weights::Weight,
	BoundedVec,
};
use sp_runtime::{
	traits::{One, Saturating, UniqueSaturatedInto},
	DispatchError, Perbill,
};

/// A job waiting for a result, its assigned operator and its deadline.
type Assigned<T> = (JobOf<T>, <T as frame_system::Config>::AccountId, BlockNumberFor<T>);

/// Operators with jobs settled in this block, and the protocol fees those jobs paid.
pub(crate) type Served<AccountId> = alloc::vec::Vec<(AccountId, Balance)>;

impl<T: Config> Pallet<T> {
	/// The model, if listed.
	pub(crate) fn listed_model(model: ModelId) -> Result<ModelOf<T>, DispatchError> {
		let entry = Models::<T>::get(model).ok_or(Error::<T>::UnknownModel)?;
		ensure!(entry.status == ModelStatus::Listed, Error::<T>::ModelDelisted);
		Ok(entry)
	}

	/// Route, hold and record a job. Returns how many offers routing read.
	pub(crate) fn do_submit_job(
		owner: T::AccountId,
		target: JobTarget,
		input: BoundedVec<u8, T::MaxInputLen>,
		max_output_tokens: u32,
		max_fee: Balance,
		policy: PolicyOf<T>,
	) -> Result<u32, DispatchError> {
		ensure!(!input.is_empty(), Error::<T>::EmptyInput);
		ensure!(max_output_tokens > 0, Error::<T>::ZeroMaxOutput);
		let resolved = Self::resolve(target, input.len() as u32, max_output_tokens)
			.map_err(Error::<T>::from)?;
		let creator_fee = resolved.creator_fee_amount();
		let job = NextJobId::<T>::get();
		let next = job.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let (route, read) = Self::route_for(&resolved, max_output_tokens, max_fee, &policy, job);
		let route = route.map_err(Error::<T>::from)?;
		let hold = hold_for(&route, creator_fee);
		// The worst case is held before anything is written, and the storage deposit.
		T::Currency::hold(&HoldReason::JobEscrow.into(), &owner, hold)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		let deposit = Self::deposit_for(input.len() as u32);
		T::Currency::hold(&HoldReason::StorageDeposit.into(), &owner, deposit)
			.map_err(|_| Error::<T>::InsufficientBalance)?;

		let route: BoundedVec<_, T::MaxRouteLen> = BoundedVec::truncate_from(
			route
				.into_iter()
				.map(|c| Assignment {
					operator: c.offer.operator,
					price_in: c.offer.price_in,
					price_out: c.offer.price_out,
				})
				.collect(),
		);
		let primary = route
			.first()
			.map(|a| a.operator.clone())
			.ok_or(Error::<T>::NoProviderForModel)?;
		ensure!(Self::take_slot(resolved.model, &primary), Error::<T>::AllProvidersBusy);
		let now = frame_system::Pallet::<T>::block_number();
		// No timer: `run_first_deadlines` walks job ids, which are in deadline order.
		let deadline = now.saturating_add(T::Params::params().job_deadline);
		if let JobTarget::Agent(agent) = target {
			Agents::<T>::mutate(agent, |a| {
				if let Some(a) = a {
					a.in_flight = a.in_flight.saturating_add(1);
				}
			});
		}
		let fallbacks = route.len().saturating_sub(1) as u32;
		Jobs::<T>::insert(
			job,
			Job {
				owner: owner.clone(),
				target,
				model: resolved.model,
				input,
				max_input_tokens: resolved.max_input_tokens,
				max_output_tokens,
				hold,
				deposit,
				creator_fee: resolved.creator_fee,
				route,
				attempt: 0,
				status: JobStatus::Assigned { deadline },
				submitted_at: now,
				finished_at: None,
				result: None,
				verified: 0,
			},
		);
		NextJobId::<T>::put(next);
		log::info!(target: "dgrid::market", "job {job} submitted, assigned to {primary:?}");
		Self::deposit_event(Event::JobSubmitted {
			job,
			owner,
			model: resolved.model,
			provider: primary,
			fallbacks,
			hold,
			deadline,
		});
		Ok(read)
	}

	/// The job, if assigned to the operator `worker` signs for and within its deadline; with
	/// the deadline.
	fn assigned_to_worker(worker: &T::AccountId, id: JobId) -> Result<Assigned<T>, DispatchError> {
		let operator = T::Registry::operator_of_worker(worker).ok_or(Error::<T>::NotAWorker)?;
		let job = Jobs::<T>::get(id).ok_or(Error::<T>::UnknownJob)?;
		let JobStatus::Assigned { deadline } = job.status else {
			return Err(Error::<T>::JobNotAssigned.into());
		};
		let assigned = job.assignment().map(|a| &a.operator);
		ensure!(assigned == Some(&operator), Error::<T>::NotAssignedToYou);
		// A decline after the deadline would dodge the missed deadline's reputation cost.
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= deadline, Error::<T>::DeadlinePassed);
		Ok((job, operator, deadline))
	}

	/// Check a batch of answers `(job, input tokens, output tokens)` from `worker` as
	/// `submit_results` would take them, without changing anything; returns the operator and
	/// the jobs. The one check of both the call and its `feeless_if`: a batch is feeless
	/// exactly when it lands.
	pub(crate) fn check_results(
		worker: &T::AccountId,
		answers: impl Iterator<Item = (JobId, u32, u32)>,
	) -> Result<(T::AccountId, alloc::vec::Vec<JobOf<T>>), DispatchError> {
		let operator = T::Registry::operator_of_worker(worker).ok_or(Error::<T>::NotAWorker)?;
		// A result binds the provider to a verdict that may slash it: only from an operator
		// that is still bonded.
		ensure!(T::Registry::is_eligible(&operator), Error::<T>::NotEligibleOperator);
		let now = frame_system::Pallet::<T>::block_number();
		let mut seen: alloc::vec::Vec<JobId> = alloc::vec::Vec::new();
		let mut jobs = alloc::vec::Vec::new();
		for (id, input_tokens, output_tokens) in answers {
			ensure!(!seen.contains(&id), Error::<T>::DuplicateResult);
			seen.push(id);
			let job = Jobs::<T>::get(id).ok_or(Error::<T>::UnknownJob)?;
			let JobStatus::Assigned { deadline } = job.status else {
				return Err(Error::<T>::JobNotAssigned.into());
			};
			let assigned = job.assignment().map(|a| &a.operator);
			ensure!(assigned == Some(&operator), Error::<T>::NotAssignedToYou);
			ensure!(now <= deadline, Error::<T>::DeadlinePassed);
			ensure!(output_tokens <= job.max_output_tokens, Error::<T>::OutputTokensAboveMax);
			ensure!(input_tokens <= job.max_input_tokens, Error::<T>::InputTokensAboveBound);
			jobs.push(job);
		}
		let n = jobs.len() as u32;
		ensure!(n > 0, Error::<T>::EmptyBatch);
		// Every result gets a settlement timer and a place in the audit draw, or none lands.
		let due = now.saturating_add(T::Params::params().challenge_period);
		ensure!(Self::timer_room(due) >= n, Error::<T>::TooBusy);
		ensure!(T::Quality::can_note(n), Error::<T>::TooBusy);
		Ok((operator, jobs))
	}

	/// Free timer places in the [`dgrid_primitives::SCHEDULE_WINDOW`] blocks from `at`: how
	/// many timers [`Self::schedule`] can still put there.
	pub(crate) fn timer_room(at: BlockNumberFor<T>) -> u32 {
		let max = T::MaxTimersPerBlock::get();
		let mut room = 0u32;
		let mut block = at;
		for _ in 0..dgrid_primitives::SCHEDULE_WINDOW {
			let used = Timers::<T>::decode_len(block).unwrap_or(0) as u32;
			room = room.saturating_add(max.saturating_sub(used));
			block = block.saturating_add(One::one());
		}
		room
	}

	/// Record a batch of results from `worker`'s operator; returns how many distinct models
	/// they were for. Refuses the whole batch if [`Self::check_results`] refuses any result.
	pub(crate) fn do_submit_results(
		worker: T::AccountId,
		results: alloc::vec::Vec<ResultReportOf<T>>,
	) -> Result<u32, DispatchError> {
		let answers = results.iter().map(|r| (r.job, r.input_tokens, r.output_tokens));
		let (operator, jobs) = Self::check_results(&worker, answers)?;
		let now = frame_system::Pallet::<T>::block_number();
		let due = now.saturating_add(T::Params::params().challenge_period);
		// The latencies reported per model, applied with one offer-list update per model.
		let mut latencies: alloc::vec::Vec<(ModelId, alloc::vec::Vec<u32>)> =
			alloc::vec::Vec::new();
		for (report, mut job) in results.into_iter().zip(jobs) {
			let id = report.job;
			let settle_at = Self::schedule(due, Timer::Settle(id)).ok_or(Error::<T>::TooBusy)?;
			// Latency as the chain saw it: blocks from the assignment to the answer.
			let measured = Self::measured_latency(&job, now);
			match latencies.iter_mut().find(|(m, _)| *m == job.model) {
				Some((_, l)) => l.push(measured),
				None => latencies.push((job.model, alloc::vec![measured])),
			}
			job.status = JobStatus::Completed { settle_at };
			let fee = Self::provider_gross(&job, report.input_tokens, report.output_tokens);
			ensure!(T::Quality::note_result(id, &operator, job.model, fee), Error::<T>::TooBusy);
			OpenResults::<T>::mutate(&operator, |n| *n = n.saturating_add(1));
			job.result = Some(JobResult {
				operator: operator.clone(),
				output: report.output,
				input_tokens: report.input_tokens,
				output_tokens: report.output_tokens,
				latency_ms: report.latency_ms,
				submitted_at: now,
			});
			Jobs::<T>::insert(id, job);
			log::info!(target: "dgrid::market", "job {id} answered by {operator:?}");
			Self::deposit_event(Event::JobCompleted {
				job: id,
				operator: operator.clone(),
				input_tokens: report.input_tokens,
				output_tokens: report.output_tokens,
				latency_ms: report.latency_ms,
				settle_at,
			});
		}
		let models = latencies.len() as u32;
		for (model, reported) in latencies {
			Self::note_results_on_offer(model, &operator, &reported);
		}
		Ok(models)
	}

	/// The latency of an answer landing at `now`, measured on chain: the blocks since the job
	/// was assigned to its operator (at least one), times the block time. An operator cannot
	/// report itself faster than it answers.
	pub(crate) fn measured_latency(job: &JobOf<T>, now: BlockNumberFor<T>) -> u32 {
		let assigned_at = match (job.attempt, job.status) {
			(0, _) => job.submitted_at,
			(_, JobStatus::Assigned { deadline }) => {
				deadline.saturating_sub(T::Params::params().job_deadline)
			},
			_ => job.submitted_at,
		};
		let blocks: u32 = now.saturating_sub(assigned_at).unique_saturated_into();
		blocks.max(1).saturating_mul(T::BlockTimeMs::get())
	}

	/// Answered jobs free their operator's slots and feed the offer's latency average, in the
	/// order they were reported.
	pub(crate) fn note_results_on_offer(
		model: ModelId,
		operator: &T::AccountId,
		latencies: &[u32],
	) {
		let alpha = T::LatencySmoothing::get();
		ModelOffers::<T>::mutate(model, |offers| {
			if let Some(o) = offers.iter_mut().find(|o| &o.operator == operator) {
				for latency_ms in latencies {
					o.latency_ms = add_latency_sample(o.latency_ms, (*latency_ms).max(1), alpha);
				}
				o.in_flight = o.in_flight.saturating_sub(latencies.len() as u32);
			}
			offers.retain(|o| o.capacity > 0 || o.in_flight > 0);
		});
	}

	/// Whether `origin` is the worker key of the operator `job` is assigned to, within its
	/// deadline: what makes a decline feeless (exactly when it lands).
	pub(crate) fn decline_lands(
		origin: &frame_system::pallet_prelude::OriginFor<T>,
		id: JobId,
	) -> bool {
		let Ok(frame_system::RawOrigin::Signed(worker)) = origin.clone().into() else {
			return false;
		};
		Self::assigned_to_worker(&worker, id).is_ok()
	}

	/// Check a heartbeat from `worker` as `heartbeat` would take it, without changing
	/// anything; returns the operator. The one check of both the call and its `feeless_if`: a
	/// heartbeat is feeless exactly when it lands.
	pub(crate) fn check_heartbeat(
		worker: &T::AccountId,
		latencies: &[(ModelId, u32)],
	) -> Result<T::AccountId, DispatchError> {
		let operator = T::Registry::operator_of_worker(worker).ok_or(Error::<T>::NotAWorker)?;
		ensure!(T::Registry::is_eligible(&operator), Error::<T>::NotEligibleOperator);
		let now = frame_system::Pallet::<T>::block_number();
		if let Some(last) = LastHeartbeat::<T>::get(&operator) {
			ensure!(
				now >= last.saturating_add(T::HeartbeatPeriod::get()),
				Error::<T>::HeartbeatTooSoon
			);
		}
		for (model, _) in latencies {
			ensure!(
				ModelOffers::<T>::get(model).iter().any(|o| o.operator == operator),
				Error::<T>::NoSuchOffer
			);
		}
		Ok(operator)
	}

	/// Record a heartbeat from `worker`'s operator: it is up. The latencies it reports are
	/// its own word, shown in the event's count only: routing ranks by latency measured on
	/// chain ([`Self::measured_latency`]).
	pub(crate) fn do_heartbeat(
		worker: T::AccountId,
		latencies: alloc::vec::Vec<(ModelId, u32)>,
	) -> DispatchResult {
		let operator = Self::check_heartbeat(&worker, &latencies)?;
		let now = frame_system::Pallet::<T>::block_number();
		LastHeartbeat::<T>::insert(&operator, now);
		Self::deposit_event(Event::Heartbeat { operator, models: latencies.len() as u32 });
		Ok(())
	}

	/// Whether `origin` is a worker key whose heartbeat `latencies` would land: what makes a
	/// heartbeat feeless.
	pub(crate) fn heartbeat_lands(
		origin: &frame_system::pallet_prelude::OriginFor<T>,
		latencies: &[(ModelId, u32)],
	) -> bool {
		let Ok(frame_system::RawOrigin::Signed(worker)) = origin.clone().into() else {
			return false;
		};
		Self::check_heartbeat(&worker, latencies).is_ok()
	}

	/// Whether answers `(job, input tokens, output tokens)` from `origin` would all be taken:
	/// what makes results feeless.
	pub(crate) fn answers_would_land(
		origin: &frame_system::pallet_prelude::OriginFor<T>,
		answers: impl Iterator<Item = (JobId, u32, u32)>,
	) -> bool {
		let Ok(frame_system::RawOrigin::Signed(worker)) = origin.clone().into() else {
			return false;
		};
		Self::check_results(&worker, answers).is_ok()
	}

	/// Weight of a `submit_results` batch of `n` results for `models` distinct models, with
	/// `bytes` output bytes in all.
	pub fn results_weight(n: u32, models: u32, bytes: u32) -> Weight {
		T::WeightInfo::submit_results(n, bytes).saturating_add(
			T::WeightInfo::result_on_another_model()
				.saturating_mul(models.saturating_sub(1).into()),
		)
	}

	/// Output bytes in a batch.
	pub fn output_bytes(results: &[ResultReportOf<T>]) -> u32 {
		results.iter().fold(0u32, |sum, r| sum.saturating_add(r.output.len() as u32))
	}

	pub(crate) fn do_decline_job(worker: T::AccountId, id: JobId) -> DispatchResult {
		let (job, operator, _) = Self::assigned_to_worker(&worker, id)?;
		Self::deposit_event(Event::JobDeclined { job: id, operator });
		Self::fail_over(id, job, false);
		Ok(())
	}

	/// Move a job to the next operator on its route that is still eligible and has a free
	/// slot; refund the user in full when none is left. A `late` operator takes a zero
	/// reputation observation.
	pub(crate) fn fail_over(id: JobId, mut job: JobOf<T>, late: bool) {
		let Some(previous) = job.assignment().map(|a| a.operator.clone()) else {
			return Self::refund(id, job);
		};
		Self::release_slot(job.model, &previous);
		if late {
			T::Reputation::record(&previous, Perbill::zero());
		}
		let now = frame_system::Pallet::<T>::block_number();
		let mut next = job.attempt.saturating_add(1);
		while let Some(candidate) = job.route.get(next as usize).map(|a| a.operator.clone()) {
			if T::Registry::is_eligible(&candidate) && Self::take_slot(job.model, &candidate) {
				let Some(deadline) = Self::schedule_deadline(id, now) else {
					Self::release_slot(job.model, &candidate);
					break;
				};
				job.attempt = next;
				job.status = JobStatus::Assigned { deadline };
				Jobs::<T>::insert(id, job);
				log::info!(target: "dgrid::market", "job {id} failed over to {candidate:?}");
				Self::deposit_event(Event::JobReassigned {
					job: id,
					from: previous,
					to: candidate,
					deadline,
				});
				return;
			}
			next = next.saturating_add(1);
		}
		Self::refund(id, job)
	}

	/// Release a job's whole hold to its owner and mark it failed.
	fn refund(id: JobId, mut job: JobOf<T>) {
		let refund = T::Currency::release(
			&HoldReason::JobEscrow.into(),
			&job.owner,
			job.hold,
			Precision::BestEffort,
		)
		.unwrap_or(0);
		Self::close(id, &mut job, JobStatus::Failed);
		log::info!(target: "dgrid::market", "job {id} failed, {refund} refunded");
		Self::deposit_event(Event::JobFailed { job: id, refund });
	}

	/// The provider's gross fee for `input_tokens` and `output_tokens` at the job's assigned
	/// prices, capped at what was held (before any verifier was paid) less the creator fee.
	pub(crate) fn provider_gross(job: &JobOf<T>, input_tokens: u32, output_tokens: u32) -> Balance {
		let creator_fee = job.creator_fee.as_ref().map(|(_, fee)| *fee).unwrap_or(0);
		let usage = job.assignment().map_or(0, |a| {
			token_cost(input_tokens, a.price_in)
				.saturating_add(token_cost(output_tokens, a.price_out))
		});
		usage.min(job.hold.saturating_add(job.verified).saturating_sub(creator_fee))
	}

	/// Pay an answered job's verification fee, out of its hold, in equal parts to `verifiers`
	/// ([`JobBook::pay_verifiers`]); returns what each was paid. Once per job: the hold is
	/// less by what was paid, and [`Job::verified`] records it for the provider's part.
	pub(crate) fn do_pay_verifiers(
		id: JobId,
		verifiers: &[T::AccountId],
	) -> alloc::vec::Vec<Balance> {
		let unpaid = alloc::vec![0; verifiers.len()];
		let Some(mut job) = Jobs::<T>::get(id) else { return unpaid };
		let open = matches!(job.status, JobStatus::Completed { .. } | JobStatus::Verifying);
		let Some(result) = job.result.as_ref().filter(|_| open && job.verified == 0) else {
			return unpaid;
		};
		let gross = Self::provider_gross(&job, result.input_tokens, result.output_tokens);
		let fee = T::Params::params().verification_fee.mul_floor(gross);
		let each = fee.checked_div(verifiers.len() as u128).unwrap_or(0);
		let paid: alloc::vec::Vec<Balance> = verifiers
			.iter()
			.map(|v| Self::pay_from_hold(HoldReason::JobEscrow, &job.owner, v, each))
			.collect();
		let total = paid.iter().fold(0u128, |sum, p| sum.saturating_add(*p));
		job.hold = job.hold.saturating_sub(total);
		job.verified = total;
		Jobs::<T>::insert(id, job);
		paid
	}

	/// An answered job's challenge period is over: pay it out as Proof of Quality says, or
	/// keep it waiting for PoQ's conclusion. Returns the operator paid and the protocol fee
	/// the job paid, for the caller to credit ([`Self::credit_operators`]).
	pub(crate) fn settle(id: JobId, mut job: JobOf<T>) -> Option<(T::AccountId, Balance)> {
		let answered_at = job.result.as_ref().map_or(job.submitted_at, |r| r.submitted_at);
		match T::Quality::settlement(id, answered_at) {
			Settlement::Wait => {
				job.status = JobStatus::Verifying;
				Jobs::<T>::insert(id, job);
				log::info!(target: "dgrid::market", "job {id} waits for its audit or dispute");
				Self::deposit_event(Event::JobVerifying { job: id });
				None
			},
			Settlement::Refund => {
				Self::refund(id, job);
				None
			},
			Settlement::Pay(share) => Self::pay_out(id, job, share),
		}
	}

	/// Pay out an answered job: creator fee, protocol fee, `share` of the provider fee, refund
	/// of the rest. Returns the operator paid and the protocol fee paid; `None` if the job had
	/// no result and was refunded instead.
	pub(crate) fn pay_out(
		id: JobId,
		mut job: JobOf<T>,
		share: Perbill,
	) -> Option<(T::AccountId, Balance)> {
		let billed = job.result.as_ref().map(|r| (r.input_tokens, r.output_tokens));
		let (Some((input_tokens, output_tokens)), Some(assignment)) =
			(billed, job.assignment().cloned())
		else {
			Self::refund(id, job);
			return None;
		};
		let escrow = HoldReason::JobEscrow;
		let creator_paid = match &job.creator_fee {
			Some((creator, fee)) => Self::pay_from_hold(escrow, &job.owner, creator, *fee),
			None => 0,
		};
		let gross = share.mul_floor(Self::provider_gross(&job, input_tokens, output_tokens));
		let protocol = T::Params::params().protocol_fee.mul_floor(gross);
		let protocol_paid = Self::pay_from_hold(escrow, &job.owner, &T::Treasury::get(), protocol);
		// The verifiers were paid out of the provider's part.
		let provider_paid = Self::pay_from_hold(
			escrow,
			&job.owner,
			&assignment.operator,
			gross.saturating_sub(protocol).saturating_sub(job.verified),
		);
		let paid = creator_paid.saturating_add(protocol_paid).saturating_add(provider_paid);
		let refund = T::Currency::release(
			&escrow.into(),
			&job.owner,
			job.hold.saturating_sub(paid),
			Precision::BestEffort,
		)
		.unwrap_or(0);
		Self::close(id, &mut job, JobStatus::Settled);
		log::info!(target: "dgrid::market", "job {id} settled: provider {provider_paid}, refund {refund}");
		Self::deposit_event(Event::JobSettled {
			job: id,
			provider: assignment.operator.clone(),
			provider_fee: provider_paid,
			creator_fee: creator_paid,
			protocol_fee: protocol_paid,
			verification_fee: job.verified,
			refund,
		});
		Some((assignment.operator, protocol_paid))
	}

	/// Proof of Quality concluded a job that was waiting for it.
	pub(crate) fn do_conclude(id: JobId, settlement: Settlement) -> bool {
		let Some(job) = Jobs::<T>::get(id).filter(|j| j.status == JobStatus::Verifying) else {
			return false;
		};
		match settlement {
			Settlement::Wait => return false,
			Settlement::Refund => Self::refund(id, job),
			Settlement::Pay(share) => {
				if let Some(paid) = Self::pay_out(id, job, share) {
					Self::credit_operators(alloc::vec![paid]);
				}
			},
		}
		true
	}

	/// The storage deposit of a job with `input_len` bytes of input: `DepositPerByte` for each
	/// byte of it and of the longest answer.
	pub fn deposit_for(input_len: u32) -> Balance {
		T::DepositPerByte::get()
			.saturating_mul(Balance::from(input_len.saturating_add(T::MaxOutputLen::get())))
	}

	/// Finish a job: no hold left (its escrow and its storage deposit), agent call count down, its provider's liability for an
	/// answer gone; pruned after the retention period.
	fn close(id: JobId, job: &mut JobOf<T>, status: JobStatus<BlockNumberFor<T>>) {
		if let Some(result) = job.result.as_ref().filter(|_| job.is_open()) {
			OpenResults::<T>::mutate_exists(&result.operator, |n| {
				*n = n.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0);
			});
		}
		if let JobTarget::Agent(agent) = job.target {
			Agents::<T>::mutate(agent, |a| {
				if let Some(a) = a {
					a.in_flight = a.in_flight.saturating_sub(1);
				}
			});
		}
		job.hold = 0;
		let _ = T::Currency::release(
			&HoldReason::StorageDeposit.into(),
			&job.owner,
			job.deposit,
			Precision::BestEffort,
		);
		job.deposit = 0;
		job.status = status;
		let now = frame_system::Pallet::<T>::block_number();
		job.finished_at = Some(now);
		Jobs::<T>::insert(id, &*job);
		let due = now.saturating_add(T::Params::params().retention_period);
		PruneQueue::<T>::insert(due, id, ());
	}

	/// Move `amount` held under `reason` from `from` to `to`'s free balance. A leg that cannot
	/// be paid (say, below the existential deposit of a new account) moves nothing; the
	/// caller's final release returns it to `from`.
	pub(crate) fn pay_from_hold(
		reason: HoldReason,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: Balance,
	) -> Balance {
		if amount == 0 {
			return 0;
		}
		T::Currency::transfer_on_hold(
			&reason.into(),
			from,
			to,
			amount,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Force,
		)
		.unwrap_or(0)
	}

	/// Take a slot of `operator`'s offer for `model`, if it has one free.
	pub(crate) fn take_slot(model: ModelId, operator: &T::AccountId) -> bool {
		ModelOffers::<T>::mutate(model, |offers| {
			match offers.iter_mut().find(|o| &o.operator == operator) {
				Some(o) if o.in_flight < o.capacity => {
					o.in_flight = o.in_flight.saturating_add(1);
					true
				},
				_ => false,
			}
		})
	}

	/// Give a slot back; a withdrawn offer (capacity zero) goes once its last job is done.
	pub(crate) fn release_slot(model: ModelId, operator: &T::AccountId) {
		ModelOffers::<T>::mutate(model, |offers| {
			if let Some(o) = offers.iter_mut().find(|o| &o.operator == operator) {
				o.in_flight = o.in_flight.saturating_sub(1);
			}
			offers.retain(|o| o.capacity > 0 || o.in_flight > 0);
		});
	}
}

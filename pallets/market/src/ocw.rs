//! The provider role of the off-chain worker: each block, an operator's node runs the jobs
//! assigned to its operator on the inference backends the operator configured
//! ([`dgrid_offchain_worker::backend`]), and lands the answers with one signed
//! `submit_results` from its worker key; a job it cannot serve is declined at once so failover
//! starts.
//!
//! - **Which jobs**: those assigned to an operator whose worker key is in the node's keystore
//!   (key type `dgwk`): jobs still on their first assignment are found between
//!   [`DeadlineCursor`] and [`NextJobId`], failed-over ones from this block's
//!   `JobReassigned` events.
//! - **Never twice**: a job is claimed in the node's persistent local storage with a
//!   compare-and-set before anything is sent; a claimed job is never run or submitted again,
//!   even by a concurrent run of the worker, unless its transaction could not be sent (the
//!   claim is then released and the next run tries again).
//! - **Batches by deadline**: answers land in one `submit_results` per deadline block, so a job
//!   whose deadline passes while the node works sinks only the answers due with it.
//! - **Nonces**: transactions are signed at the next nonce the node has not used
//!   ([`dgrid_primitives::worker::send_signed`]), so runs that overlap do not collide.
//! - **Heartbeats**: every `HeartbeatPeriod` blocks the node probes the first backend of each
//!   model its operator offers (`GET {base}/v1/models`) and reports the latencies with a signed
//!   `heartbeat`, which feeds the `Fastest` routing strategy.
//! - **Deadlines**: every backend request has [`Timeout`](SignedProvider) milliseconds; a job
//!   that cannot be answered before its deadline fails over on chain.
//! - **Cleanup**: the claims of jobs the market pruned are removed from local storage, up to
//!   [`SWEEP_PER_RUN`] jobs a run, oldest first.

use crate::*;
use alloc::{format, string::String, vec::Vec};
use codec::Encode;
use core::marker::PhantomData;
use dgrid_offchain_worker::{
	backend::Backends,
	infer::{infer, probe, Job as InferJob, OffchainHttp},
	openai::BackendError,
};
use frame_support::{traits::Get, BoundedVec};
use frame_system::offchain::{AppCrypto, CreateSignedTransaction};
use sp_runtime::offchain::storage::StorageValueRef;
use sp_runtime::traits::Saturating;

pub use dgrid_offchain_worker::OffchainRole;

/// Most pruned jobs whose local records a run of the worker removes.
pub const SWEEP_PER_RUN: u32 = 64;

/// The provider role, signing with keys of `C` and giving each backend request `Timeout` ms.
pub struct SignedProvider<T, C, Timeout>(PhantomData<(T, C, Timeout)>);

impl<T, C, Timeout> OffchainRole<BlockNumberFor<T>> for SignedProvider<T, C, Timeout>
where
	T: Config + CreateSignedTransaction<Call<T>>,
	<T as frame_system::Config>::RuntimeEvent: TryInto<Event<T>>,
	C: AppCrypto<T::Public, T::Signature>,
	Timeout: Get<u64>,
{
	fn run(now: BlockNumberFor<T>) {
		let backends = Backends::configured();
		for (signer_public, worker) in dgrid_primitives::worker::keystore_workers::<T, C>() {
			let Some(operator) = T::Registry::operator_of_worker(&worker) else { continue };
			Self::serve(now, &operator, signer_public.clone(), &backends);
			Self::heartbeat(now, &operator, signer_public, &backends);
		}
		// The claims of pruned jobs, every attempt's.
		dgrid_primitives::worker::sweep_local_storage(
			b"dgrid::ocw::claims-swept",
			SWEEP_PER_RUN,
			<Pallet<T> as dgrid_primitives::JobBook<_, _>>::pruned,
			|job| {
				for attempt in 0..T::MaxRouteLen::get() {
					let key = format!("dgrid::ocw::claimed::{job}::{attempt}");
					StorageValueRef::persistent(key.as_bytes()).clear();
				}
			},
		);
	}
}

impl<T, C, Timeout> SignedProvider<T, C, Timeout>
where
	T: Config + CreateSignedTransaction<Call<T>>,
	<T as frame_system::Config>::RuntimeEvent: TryInto<Event<T>>,
	C: AppCrypto<T::Public, T::Signature>,
	Timeout: Get<u64>,
{
	/// The jobs assigned to `operator` whose result can still land (in the next block at the
	/// earliest, so the deadline must be later than `now`).
	fn assigned_jobs(now: BlockNumberFor<T>, operator: &T::AccountId) -> Vec<(JobId, JobOf<T>)> {
		let mine = |job: &JobOf<T>| {
			matches!(job.status, JobStatus::Assigned { deadline } if deadline > now)
				&& job.assignment().is_some_and(|a| &a.operator == operator)
		};
		let mut ids: Vec<JobId> = (DeadlineCursor::<T>::get()..NextJobId::<T>::get()).collect();
		for record in frame_system::Pallet::<T>::read_events_no_consensus() {
			if let Ok(Event::JobReassigned { job, to, .. }) = record.event.try_into() {
				if &to == operator && !ids.contains(&job) {
					ids.push(job);
				}
			}
		}
		ids.into_iter()
			.filter_map(|id| Jobs::<T>::get(id).filter(|j| mine(j)).map(|j| (id, j)))
			.collect()
	}

	/// Claim `job`'s assignment `attempt` for this node: true the first time only, across
	/// concurrent runs. (A job failed over to another operator served by the same node is a new
	/// attempt.)
	fn claim(job: JobId, attempt: u32) -> bool {
		let key = format!("dgrid::ocw::claimed::{job}::{attempt}");
		StorageValueRef::persistent(key.as_bytes())
			.mutate(|claimed: Result<Option<bool>, _>| match claimed {
				Ok(Some(true)) => Err(()),
				_ => Ok(true),
			})
			.is_ok()
	}

	/// Give up a claim whose transaction could not be sent: the next run tries the job again.
	fn release(job: JobId, attempt: u32) {
		let key = format!("dgrid::ocw::claimed::{job}::{attempt}");
		StorageValueRef::persistent(key.as_bytes()).set(&false);
	}

	fn serve(
		now: BlockNumberFor<T>,
		operator: &T::AccountId,
		public: T::Public,
		backends: &Backends,
	) {
		// Results by deadline: a batch lands whole or not at all, so one job whose deadline
		// passes while the node works sinks only the answers due with it.
		let mut batches: alloc::collections::btree_map::BTreeMap<
			BlockNumberFor<T>,
			Vec<(u32, ResultReportOf<T>)>,
		> = Default::default();
		let mut answered = 0u32;
		let mut declines: Vec<(JobId, u32)> = Vec::new();
		for (id, job) in Self::assigned_jobs(now, operator) {
			if answered >= T::MaxResultsPerCall::get() || !Self::claim(id, job.attempt) {
				continue;
			}
			let JobStatus::Assigned { deadline } = job.status else { continue };
			match Self::run_job(id, &job, backends) {
				Ok(report) => {
					answered = answered.saturating_add(1);
					batches.entry(deadline).or_default().push((job.attempt, report));
				},
				Err(e) => {
					log::warn!(target: "dgrid::ocw", "job {id}: declined ({e:?})");
					declines.push((id, job.attempt));
				},
			}
		}
		for (_, batch) in batches {
			let claims: Vec<(JobId, u32)> = batch.iter().map(|(a, r)| (r.job, *a)).collect();
			let results: BoundedVec<_, T::MaxResultsPerCall> =
				BoundedVec::truncate_from(batch.into_iter().map(|(_, r)| r).collect());
			let n = results.len();
			match dgrid_primitives::worker::send_signed::<T, C, _>(
				public.clone(),
				Call::submit_results { results },
			) {
				Ok(()) => log::info!(target: "dgrid::ocw", "{n} results submitted"),
				Err(e) => {
					log::error!(target: "dgrid::ocw", "{n} results could not be submitted ({e:?}): retried next block");
					claims.into_iter().for_each(|(job, attempt)| Self::release(job, attempt));
				},
			}
		}
		for (job, attempt) in declines {
			let call = Call::decline_job { job };
			if dgrid_primitives::worker::send_signed::<T, C, _>(public.clone(), call).is_err() {
				log::error!(target: "dgrid::ocw", "job {job}: decline could not be submitted");
				Self::release(job, attempt);
			}
		}
	}

	/// Every `HeartbeatPeriod` blocks: probe the first backend of each model the operator
	/// offers and report the latencies with a signed `heartbeat`.
	fn heartbeat(
		now: BlockNumberFor<T>,
		operator: &T::AccountId,
		public: T::Public,
		backends: &Backends,
	) {
		let period = T::HeartbeatPeriod::get();
		let due =
			|last: Option<BlockNumberFor<T>>| last.is_none_or(|l| now >= l.saturating_add(period));
		if !due(LastHeartbeat::<T>::get(operator)) {
			return;
		}
		// One heartbeat per period from this node, even before the last one is included.
		let key = format!(
			"dgrid::ocw::heartbeat-sent::{}",
			sp_core::hexdisplay::HexDisplay::from(&operator.encode())
		);
		let sent = StorageValueRef::persistent(key.as_bytes());
		if !due(sent.get::<BlockNumberFor<T>>().ok().flatten()) {
			return;
		}
		let mut latencies: Vec<(ModelId, u32)> = Vec::new();
		for (model, list) in &backends.0 {
			let offered = ModelOffers::<T>::get(model).iter().any(|o| &o.operator == operator);
			let Some(first) = list.first().filter(|_| offered) else { continue };
			match probe(&mut OffchainHttp, first, Timeout::get().min(5_000)) {
				Ok(ms) => latencies.push((*model, ms)),
				Err(e) => log::warn!(target: "dgrid::ocw", "backend {} is down: {e:?}", first.url),
			}
			if latencies.len() as u32 >= T::MaxHeartbeatModels::get() {
				break;
			}
		}
		if latencies.is_empty() {
			return;
		}
		sent.set(&now);
		let latencies: BoundedVec<_, T::MaxHeartbeatModels> = BoundedVec::truncate_from(latencies);
		let call = Call::heartbeat { latencies };
		if dgrid_primitives::worker::send_signed::<T, C, _>(public, call).is_err() {
			log::error!(target: "dgrid::ocw", "heartbeat could not be submitted");
		}
	}

	/// Run one job on the model's backends; the report to submit, or why it cannot be served.
	fn run_job(
		id: JobId,
		job: &JobOf<T>,
		backends: &Backends,
	) -> Result<ResultReportOf<T>, BackendError> {
		let model_name = Models::<T>::get(job.model)
			.map(|m| String::from_utf8_lossy(&m.name).into_owned())
			.unwrap_or_default();
		let prompt = match job.target {
			JobTarget::Agent(agent) => {
				Agents::<T>::get(agent).map(|a| a.system_prompt.into_inner())
			},
			JobTarget::Model(_) => None,
		};
		let served = infer(
			&mut OffchainHttp,
			backends.of(job.model),
			&InferJob {
				id,
				messages: &job.input,
				system_prompt: prompt.as_deref(),
				model_name: &model_name,
				max_tokens: job.max_output_tokens,
			},
			Timeout::get(),
		)?;
		let answer = served.answer;
		// A backend over the job's bounds would be refused on chain: decline instead.
		if answer.completion_tokens > job.max_output_tokens
			|| answer.prompt_tokens > job.max_input_tokens
			|| answer.content.len() > T::MaxOutputLen::get() as usize
		{
			return Err(BackendError::Malformed);
		}
		Ok(ResultReport {
			job: id,
			output: BoundedVec::truncate_from(answer.content),
			input_tokens: answer.prompt_tokens,
			output_tokens: answer.completion_tokens,
			latency_ms: served.latency_ms,
		})
	}
}

//! Benchmarks of every call and hook, each at its worst case over the bounds.
//!
//! Operators are made eligible through [`BenchmarkHelper`], which the runtime implements with
//! the real operator registry.

use super::*;
use crate::Pallet as Market;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::Get,
	traits::{fungible::Mutate as _, EnsureOrigin, Hooks},
	weights::Weight,
	BoundedVec,
};
use frame_system::RawOrigin;

/// What the benchmarks need from the runtime besides this pallet.
pub trait BenchmarkHelper<AccountId> {
	/// Make `operator` an eligible operator whose results `worker` signs.
	fn register_operator(operator: &AccountId, worker: &AccountId);
}

impl<AccountId> BenchmarkHelper<AccountId> for () {
	fn register_operator(_operator: &AccountId, _worker: &AccountId) {}
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let _ = T::Currency::mint_into(&who, dgrid_primitives::DGRID.saturating_mul(1_000_000));
	who
}

fn worker_of<T: Config>(index: u32) -> T::AccountId {
	account("worker", index, 0)
}

/// A listed model with the longest name and a large context.
fn model<T: Config>() -> ModelId {
	let owner = funded::<T>("owner", 0);
	let name = BoundedVec::truncate_from(vec![b'm'; T::MaxNameLen::get() as usize]);
	let listed = Market::<T>::list_model(
		RawOrigin::Signed(owner).into(),
		name,
		Hash::repeat_byte(1),
		u32::MAX,
		ModelKind::Llm,
	);
	assert!(listed.is_ok());
	NextModelId::<T>::get().saturating_sub(1)
}

/// `n` eligible operators offering `model`, all at the same prices so every one is ranked.
fn offers<T: Config>(model: ModelId, n: u32) -> alloc::vec::Vec<T::AccountId> {
	(0..n)
		.map(|i| {
			let op = funded::<T>("operator", i);
			T::BenchmarkHelper::register_operator(&op, &worker_of::<T>(i));
			let set = Market::<T>::set_offer(
				RawOrigin::Signed(op.clone()).into(),
				model,
				1_000,
				2_000,
				1_000,
			);
			assert!(set.is_ok(), "benchmark offer is accepted");
			op
		})
		.collect()
}

fn full_input<T: Config>() -> BoundedVec<u8, T::MaxInputLen> {
	BoundedVec::truncate_from(vec![b'x'; T::MaxInputLen::get() as usize])
}

fn full_output<T: Config>() -> BoundedVec<u8, T::MaxOutputLen> {
	BoundedVec::truncate_from(vec![b'y'; T::MaxOutputLen::get() as usize])
}

/// A policy with a full deny list (of strangers) and price caps, so filtering does its most
/// work while every offer still passes and is ranked.
fn heavy_policy<T: Config>() -> PolicyOf<T> {
	let mut policy = RoutingPolicy::with_strategy(Strategy::Balanced);
	let n = T::MaxPolicyListLen::get();
	policy.deny = BoundedVec::truncate_from((0..n).map(|i| account("denied", i, 0)).collect());
	policy.max_price_in = Some(Balance::MAX);
	policy.max_price_out = Some(Balance::MAX);
	policy
}

/// Submit a job on `model` with the largest input; returns its id and the user.
fn job<T: Config>(model: ModelId) -> (JobId, T::AccountId) {
	let user = funded::<T>("user", 0);
	let submitted = Market::<T>::submit_job(
		RawOrigin::Signed(user.clone()).into(),
		JobTarget::Model(model),
		full_input::<T>(),
		1_000,
		Balance::MAX,
		RoutingPolicy::with_strategy(Strategy::Cheapest),
	);
	assert!(submitted.is_ok(), "benchmark job is accepted");
	(NextJobId::<T>::get().saturating_sub(1), user)
}

fn assigned_worker<T: Config>(id: JobId, operators: &[T::AccountId]) -> T::AccountId {
	let op = Jobs::<T>::get(id).and_then(|j| j.assignment().map(|a| a.operator.clone()));
	let index = operators.iter().position(|o| Some(o) == op.as_ref()).unwrap_or(0);
	worker_of::<T>(index as u32)
}

/// An agent with the longest prompt on `model`, published by a funded creator at
/// `fee_per_call`: its id and creator.
fn published_agent<T: Config>(model: ModelId, fee_per_call: Balance) -> (AgentId, T::AccountId) {
	let creator = funded::<T>("creator", 0);
	let prompt = BoundedVec::truncate_from(vec![b'p'; T::MaxPromptLen::get() as usize]);
	let published = Market::<T>::publish_agent(
		RawOrigin::Signed(creator.clone()).into(),
		model,
		prompt,
		fee_per_call,
	);
	assert!(published.is_ok());
	(NextAgentId::<T>::get().saturating_sub(1), creator)
}

/// A job on a model with the most offers, answered with the largest output and ready to
/// settle; an agent call (with a creator fee) if `agent`.
fn answered_job<T: Config>(agent: bool) -> (JobId, JobOf<T>) {
	let model = model::<T>();
	let ops = offers::<T>(model, T::MaxOffersPerModel::get());
	let target = if agent {
		JobTarget::Agent(published_agent::<T>(model, 1_000).0)
	} else {
		JobTarget::Model(model)
	};
	let user = funded::<T>("user", 0);
	let submitted = Market::<T>::submit_job(
		RawOrigin::Signed(user).into(),
		target,
		full_input::<T>(),
		1_000,
		Balance::MAX,
		RoutingPolicy::with_strategy(Strategy::Cheapest),
	);
	assert!(submitted.is_ok());
	let id = NextJobId::<T>::get().saturating_sub(1);
	let worker = assigned_worker::<T>(id, &ops);
	let answered = Market::<T>::submit_result(
		RawOrigin::Signed(worker).into(),
		id,
		full_output::<T>(),
		10,
		500,
		1,
	);
	assert!(answered.is_ok());
	(id, Jobs::<T>::get(id).expect("the job was just submitted"))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn list_model() {
		let owner = funded::<T>("owner", 0);
		let name = BoundedVec::truncate_from(vec![b'm'; T::MaxNameLen::get() as usize]);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), name, Hash::repeat_byte(1), 8192, ModelKind::Llm);
		assert!(Models::<T>::get(0).is_some());
	}

	#[benchmark]
	fn delist_model() -> Result<(), BenchmarkError> {
		let model = model::<T>();
		offers::<T>(model, T::MaxOffersPerModel::get());
		let origin =
			T::CurationOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, model);
		assert!(ModelOffers::<T>::get(model).is_empty());
		Ok(())
	}

	#[benchmark]
	fn set_offer() {
		let model = model::<T>();
		let ops = offers::<T>(model, T::MaxOffersPerModel::get().saturating_sub(1));
		let op = funded::<T>("newcomer", 0);
		T::BenchmarkHelper::register_operator(&op, &account("newcomer-worker", 0, 0));
		#[extrinsic_call]
		_(RawOrigin::Signed(op.clone()), model, 10, 20, 5);
		assert_eq!(ModelOffers::<T>::get(model).len(), ops.len().saturating_add(1));
	}

	#[benchmark]
	fn withdraw_offer() {
		let model = model::<T>();
		let ops = offers::<T>(model, T::MaxOffersPerModel::get());
		let last = ops.last().cloned().unwrap_or_else(|| account("operator", 0, 0));
		#[extrinsic_call]
		_(RawOrigin::Signed(last), model);
		assert_eq!(ModelOffers::<T>::get(model).len(), ops.len().saturating_sub(1));
	}

	#[benchmark]
	fn publish_agent() {
		let model = model::<T>();
		let creator = funded::<T>("creator", 0);
		let prompt = BoundedVec::truncate_from(vec![b'p'; T::MaxPromptLen::get() as usize]);
		#[extrinsic_call]
		_(RawOrigin::Signed(creator), model, prompt, 1_000);
		assert!(Agents::<T>::get(0).is_some());
	}

	#[benchmark]
	fn set_agent_fee() {
		let (_, creator) = published_agent::<T>(model::<T>(), 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(creator), 0, 2_000);
		assert_eq!(Agents::<T>::get(0).map(|a| a.fee_per_call), Some(2_000));
	}

	#[benchmark]
	fn retire_agent() {
		let (_, creator) = published_agent::<T>(model::<T>(), 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(creator), 0);
		assert!(Agents::<T>::get(0).is_none());
	}

	/// Routing over `n` offers with `i` input bytes, an agent target (one more read and
	/// write), full allow/deny lists and a crowded timer bucket.
	#[benchmark]
	fn submit_job(
		n: Linear<1, { T::MaxOffersPerModel::get() }>,
		i: Linear<1, { T::MaxInputLen::get() }>,
	) {
		let model = model::<T>();
		offers::<T>(model, n);
		published_agent::<T>(model, 1);
		let user: T::AccountId = whitelisted_caller();
		let _ = T::Currency::mint_into(&user, dgrid_primitives::DGRID.saturating_mul(1_000_000));
		let policy = heavy_policy::<T>();
		#[extrinsic_call]
		_(
			RawOrigin::Signed(user),
			JobTarget::Agent(0),
			BoundedVec::truncate_from(vec![b'x'; i as usize]),
			1_000,
			Balance::MAX,
			policy,
		);
		assert!(Jobs::<T>::get(0).is_some());
	}

	/// A batch of `n` results with `b` output bytes in all, for jobs on one model with the most
	/// offers, all assigned to the caller's operator.
	#[benchmark]
	fn submit_results(
		n: Linear<1, { T::MaxResultsPerCall::get() }>,
		b: Linear<0, { T::MaxOutputLen::get() }>,
	) {
		let model = model::<T>();
		let ops = offers::<T>(model, T::MaxOffersPerModel::get());
		let user = funded::<T>("user", 0);
		let mut policy = RoutingPolicy::with_strategy(Strategy::Cheapest);
		policy.allow = BoundedVec::truncate_from(vec![ops[0].clone()]);
		let first = NextJobId::<T>::get();
		for _ in 0..n {
			let submitted = Market::<T>::submit_job(
				RawOrigin::Signed(user.clone()).into(),
				JobTarget::Model(model),
				full_input::<T>(),
				1_000,
				Balance::MAX,
				policy.clone(),
			);
			assert!(submitted.is_ok(), "benchmark job is accepted");
		}
		let each = (b / n) as usize;
		let results: BoundedVec<_, T::MaxResultsPerCall> = BoundedVec::truncate_from(
			(0..u64::from(n))
				.map(|i| ResultReport {
					job: first.saturating_add(i),
					output: BoundedVec::truncate_from(vec![b'y'; each]),
					input_tokens: 100,
					output_tokens: 1_000,
					latency_ms: 1_500,
				})
				.collect::<alloc::vec::Vec<_>>(),
		);
		#[extrinsic_call]
		_(RawOrigin::Signed(worker_of::<T>(0)), results);
		let last = Jobs::<T>::get(first.saturating_add(u64::from(n) - 1));
		assert!(last.is_some_and(|j| j.result.is_some()));
	}

	/// What each further model in a batch adds: its offer list (the longest) updated once.
	#[benchmark]
	fn result_on_another_model() {
		let model = model::<T>();
		let ops = offers::<T>(model, T::MaxOffersPerModel::get());
		let last = ops.last().cloned().expect("the model has offers");
		#[block]
		{
			Market::<T>::note_results_on_offer(model, &last, &[1_000]);
		}
	}

	#[benchmark]
	fn decline_job() {
		let model = model::<T>();
		let ops = offers::<T>(model, T::MaxOffersPerModel::get());
		let (id, _) = job::<T>(model);
		let worker = assigned_worker::<T>(id, &ops);
		#[extrinsic_call]
		_(RawOrigin::Signed(worker), id);
		assert_eq!(Jobs::<T>::get(id).map(|j| j.attempt), Some(1));
	}

	/// `on_initialize` with nothing due: the cursor and one empty bucket.
	#[benchmark]
	fn on_initialize_empty() {
		let now = frame_system::Pallet::<T>::block_number();
		TimerCursor::<T>::put(now);
		#[block]
		{
			Market::<T>::on_initialize(now);
		}
	}

	/// One deadline: the worst case walks the whole route to a refund.
	#[benchmark]
	fn on_deadline() {
		let model = model::<T>();
		let ops = offers::<T>(model, T::MaxOffersPerModel::get());
		let (id, _) = job::<T>(model);
		// Every fallback is busy: each is checked, then the user is refunded.
		ModelOffers::<T>::mutate(model, |offers| {
			offers.iter_mut().for_each(|o| o.in_flight = o.capacity)
		});
		assert_eq!(ops.len() as u32, T::MaxOffersPerModel::get());
		let job = Jobs::<T>::get(id);
		#[block]
		{
			if let Some(job) = job {
				Market::<T>::fail_over(id, job, true);
			}
		}
		assert_eq!(Jobs::<T>::get(id).map(|j| j.status), Some(JobStatus::Failed));
	}

	/// A heartbeat reporting `n` models, each with the most offers.
	#[benchmark]
	fn heartbeat(n: Linear<1, { T::MaxHeartbeatModels::get() }>) {
		let mut latencies = vec![];
		for _ in 0..n {
			let model = model::<T>();
			offers::<T>(model, T::MaxOffersPerModel::get());
			latencies.push((model, 800));
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(worker_of::<T>(0)), BoundedVec::truncate_from(latencies));
		assert!(LastHeartbeat::<T>::get(account::<T::AccountId>("operator", 0, 0)).is_some());
	}

	/// Crediting an operator with the protocol fees of its jobs settled in a block: its
	/// session merit, once.
	#[benchmark]
	fn credit_operator() {
		let model = model::<T>();
		let ops = offers::<T>(model, 1);
		let served = vec![(ops[0].clone(), 1_000)];
		#[block]
		{
			Market::<T>::credit_operators(served);
		}
	}

	/// One settlement of a model job: treasury and provider legs and a refund.
	#[benchmark]
	fn on_settle() {
		let (id, job) = answered_job::<T>(false);
		#[block]
		{
			Market::<T>::settle(id, job);
		}
		assert_eq!(Jobs::<T>::get(id).map(|j| j.status), Some(JobStatus::Settled));
	}

	/// One settlement of an agent call: creator, treasury, provider legs and a refund.
	#[benchmark]
	fn on_settle_agent() {
		let (id, job) = answered_job::<T>(true);
		#[block]
		{
			Market::<T>::settle(id, job);
		}
		assert_eq!(Jobs::<T>::get(id).map(|j| j.status), Some(JobStatus::Settled));
	}

	/// `on_idle` with nothing to prune: the cursor and this block's empty prune queue.
	#[benchmark]
	fn on_idle_empty() {
		let now = frame_system::Pallet::<T>::block_number();
		PruneCursor::<T>::put(now);
		#[block]
		{
			Market::<T>::on_idle(now, Weight::MAX);
		}
		assert_eq!(PruneCursor::<T>::get(), now + 1u32.into());
	}

	/// Pruning one finished job with the largest input and output.
	#[benchmark]
	fn on_idle_prune() {
		let model = model::<T>();
		let ops = offers::<T>(model, 1);
		let (id, _) = job::<T>(model);
		let worker = assigned_worker::<T>(id, &ops);
		assert!(Market::<T>::submit_result(
			RawOrigin::Signed(worker).into(),
			id,
			full_output::<T>(),
			1,
			1,
			1
		)
		.is_ok());
		if let Some(job) = Jobs::<T>::get(id) {
			Market::<T>::settle(id, job);
		}
		DeadlineCursor::<T>::put(id.saturating_add(1));
		let due = frame_system::Pallet::<T>::block_number() + T::Params::params().retention_period;
		assert!(PruneQueue::<T>::contains_key(due, id), "queued at its finish plus retention");
		PruneCursor::<T>::put(due);
		frame_system::Pallet::<T>::set_block_number(due);
		let budget = T::WeightInfo::on_idle_empty()
			.saturating_add(T::WeightInfo::on_idle_prune())
			.saturating_add(T::Quality::forget_weight())
			.saturating_add(T::DbWeight::get().reads_writes(1, 1));
		#[block]
		{
			Market::<T>::run_prunes(due, budget);
		}
		assert!(Jobs::<T>::get(id).is_none());
	}

	impl_benchmark_test_suite!(
		Market,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}

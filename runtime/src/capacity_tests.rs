//! Block capacity for inference jobs, computed from the generated weights and the real
//! encoded length of signed extrinsics: how many jobs with a 1 KiB prompt and a 1 KiB answer
//! one block carries in steady state. Run with `--nocapture` to see the figures recorded in
//! BENCHMARKS.md.

// Test code: figures for people, in floating point.
#![allow(clippy::arithmetic_side_effects, clippy::float_arithmetic)]

use crate::{
	configs::{MarketHookBudget, RuntimeBlockLength},
	AccountId, Address, Runtime, RuntimeBlockWeights, RuntimeCall, Signature, TxExtension,
	UncheckedExtrinsic,
};
use codec::Encode;
use frame_support::traits::Get;
use frame_support::{
	dispatch::{DispatchClass, GetDispatchInfo},
	weights::Weight,
};
use pallet_market::{JobTarget, RoutingPolicy, Strategy, WeightInfo as _};
use sp_keyring::Sr25519Keyring;
use sp_runtime::generic::Era;

const KIB: usize = 1024;

/// A signed extrinsic as a wallet sends it (immortal era, signature of the right size).
fn signed(call: RuntimeCall) -> UncheckedExtrinsic {
	let who: AccountId = Sr25519Keyring::Bob.to_account_id();
	let tx_ext: TxExtension = (
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::Immortal),
		frame_system::CheckNonce::from(1_000),
		frame_system::CheckWeight::new(),
		pallet_skip_feeless_payment::SkipCheckIfFeeless::from(
			pallet_transaction_payment::ChargeTransactionPayment::from(0),
		),
		frame_system::WeightReclaim::new(),
	);
	let signature = Signature::Sr25519(sp_core::sr25519::Signature::from_raw([7u8; 64]));
	UncheckedExtrinsic::new_signed(call, Address::Id(who), signature, tx_ext)
}

fn submit_job() -> RuntimeCall {
	RuntimeCall::Market(pallet_market::Call::submit_job {
		target: JobTarget::Model(0),
		input: vec![b'x'; KIB].try_into().expect("1 KiB fits"),
		max_output_tokens: 1_000,
		max_fee: 1_000_000_000_000,
		policy: RoutingPolicy::with_strategy(Strategy::Cheapest),
	})
}

fn submit_result() -> RuntimeCall {
	RuntimeCall::Market(pallet_market::Call::submit_result {
		job: 1_000_000,
		output: vec![b'y'; KIB].try_into().expect("1 KiB fits"),
		input_tokens: 300,
		output_tokens: 300,
		latency_ms: 800,
	})
}

/// A full batch of 1 KiB results for one model, as an operator's node submits them.
fn submit_results(n: u32) -> RuntimeCall {
	let report = |job| pallet_market::ResultReport {
		job,
		output: vec![b'y'; KIB].try_into().expect("1 KiB fits"),
		input_tokens: 300,
		output_tokens: 300,
		latency_ms: 800,
	};
	RuntimeCall::Market(pallet_market::Call::submit_results {
		results: (0..u64::from(n)).map(report).collect::<Vec<_>>().try_into().expect("fits"),
	})
}

fn micros(w: Weight) -> f64 {
	w.ref_time() as f64 / 1_000_000.0
}

/// Jobs per block for results submitted `batch` at a time.
struct Capacity {
	by_weight: u64,
	by_length: u64,
	by_hook: u64,
	joint: u64,
}

impl Capacity {
	fn jobs(&self) -> u64 {
		self.by_weight.min(self.by_length).min(self.by_hook).min(self.joint)
	}
}

fn capacity(batch: u32, print: bool) -> Capacity {
	type MarketWeights = <Runtime as pallet_market::Config>::WeightInfo;
	let db = <Runtime as frame_system::Config>::DbWeight::get();
	let weights = RuntimeBlockWeights::get();
	let normal = weights.get(DispatchClass::Normal);
	let base = normal.base_extrinsic;
	let normal_max = normal.max_total.unwrap_or(weights.max_block);
	let length_max = *RuntimeBlockLength::get().max.get(DispatchClass::Normal);

	let job = MarketWeights::submit_job(1, KIB as u32).saturating_add(base);
	let results = pallet_market::Pallet::<Runtime>::results_weight(batch, 1, batch * KIB as u32)
		.saturating_add(base);
	// Per job in the hook: its settlement with the job read, and the deadline cursor stepping
	// over it (one read).
	let settle = MarketWeights::on_settle().saturating_add(db.reads(2));
	// Once a block: the hook's fixed work (timer and deadline cursors, `NextJobId`'s write),
	// and crediting the operators whose jobs settled: at most one per offer of the model.
	let operators: u32 = <Runtime as pallet_market::Config>::MaxOffersPerModel::get();
	let hook_fixed = MarketWeights::on_initialize_empty()
		.saturating_add(db.reads_writes(2, 2))
		.saturating_add(MarketWeights::credit_operator().saturating_mul(operators.into()));
	let hook_budget = MarketHookBudget::get().saturating_sub(hook_fixed);

	let job_len = signed(submit_job()).encode().len() as u64;
	let results_len = signed(submit_results(batch)).encode().len() as u64;

	let per_job_normal = job.ref_time() + results.ref_time() / u64::from(batch);
	let per_job_len = job_len + results_len / u64::from(batch);
	let by_weight = normal_max.ref_time() / per_job_normal;
	let by_length = u64::from(length_max) / per_job_len;
	let by_hook = hook_budget.ref_time() / settle.ref_time();
	// Whatever the split between extrinsics and hooks, a job's parts share one block.
	let joint = (weights.max_block.ref_time() - hook_fixed.ref_time())
		/ (per_job_normal + settle.ref_time());
	let c = Capacity { by_weight, by_length, by_hook, joint };
	if print {
		println!(
			"results submitted {batch} at a time (hook's fixed work a block: {:.1} ms):",
			micros(hook_fixed) / 1000.0
		);
		println!(
			"  per job: extrinsics {:.1} µs, settlement {:.1} µs, {per_job_len} bytes",
			per_job_normal as f64 / 1e6,
			micros(settle)
		);
		println!(
			"  jobs per block by normal weight ({:.0} ms): {by_weight}",
			micros(normal_max) / 1000.0
		);
		println!("  jobs per block by length ({length_max} bytes): {by_length}");
		println!(
			"  jobs per block by hook budget ({:.0} ms): {by_hook}",
			micros(hook_budget) / 1000.0
		);
		println!(
			"  jobs per block by the whole block ({:.0} ms): {joint}",
			micros(weights.max_block) / 1000.0
		);
		println!("  jobs per block: {}", c.jobs());
	}
	c
}

#[test]
fn jobs_per_block() {
	type MarketWeights = <Runtime as pallet_market::Config>::WeightInfo;
	let transfer = <pallet_balances::weights::SubstrateWeight<Runtime> as pallet_balances::WeightInfo>::transfer_keep_alive();
	let base = RuntimeBlockWeights::get().get(DispatchClass::Normal).base_extrinsic;
	let job_declared = submit_job().get_dispatch_info().call_weight;
	let job_one_offer = MarketWeights::submit_job(1, KIB as u32);
	let result = submit_result().get_dispatch_info().call_weight;
	let batch = <Runtime as pallet_market::Config>::MaxResultsPerCall::get();
	let batched = pallet_market::Pallet::<Runtime>::results_weight(batch, 1, batch * KIB as u32);
	println!("transfer_keep_alive            {:>9.1} µs", micros(transfer));
	println!(
		"submit_job (1 offer, actual)   {:>9.1} µs = {:.2} × transfer",
		micros(job_one_offer),
		micros(job_one_offer) / micros(transfer)
	);
	println!("submit_job (declared, 32)      {:>9.1} µs", micros(job_declared));
	println!(
		"submit_result                  {:>9.1} µs = {:.2} × transfer",
		micros(result),
		micros(result) / micros(transfer)
	);
	println!(
		"submit_results ({batch}), per result {:>7.1} µs = {:.2} × transfer",
		micros(batched) / f64::from(batch),
		micros(batched) / f64::from(batch) / micros(transfer)
	);
	println!("extrinsic base weight          {:>9.1} µs", micros(base));
	println!("signed submit_job, 1 KiB       {:>9} bytes", signed(submit_job()).encode().len());
	println!("signed submit_result, 1 KiB    {:>9} bytes", signed(submit_result()).encode().len());

	let single = capacity(1, true);
	let full = capacity(batch, true);
	// The hook budget lets settlements keep pace with the jobs the rest of the block accepts.
	assert!(full.by_hook >= full.joint, "settlements are the bottleneck: raise MarketHookBudget");
	assert!(full.jobs() > single.jobs(), "batching results adds capacity");
	// The goal: at least 1,000 jobs a block (BENCHMARKS.md records the figure).
	assert!(full.jobs() >= 1_000, "block capacity fell to {} jobs", full.jobs());
}

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
		pallet_transaction_payment::ChargeTransactionPayment::from(0),
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

fn micros(w: Weight) -> f64 {
	w.ref_time() as f64 / 1_000_000.0
}

#[test]
fn jobs_per_block() {
	type MarketWeights = <Runtime as pallet_market::Config>::WeightInfo;
	let weights = RuntimeBlockWeights::get();
	let normal = weights.get(DispatchClass::Normal);
	let base = normal.base_extrinsic;
	let normal_max = normal.max_total.unwrap_or(weights.max_block);
	let length_max = *RuntimeBlockLength::get().max.get(DispatchClass::Normal);

	let transfer = <pallet_balances::weights::SubstrateWeight<Runtime> as pallet_balances::WeightInfo>::transfer_keep_alive();
	let job_declared = submit_job().get_dispatch_info().call_weight;
	let job_one_offer = MarketWeights::submit_job(1, KIB as u32);
	let result = submit_result().get_dispatch_info().call_weight;
	let settle = MarketWeights::on_settle();
	let stale_deadline = <Runtime as frame_system::Config>::DbWeight::get().reads(1);
	let hook_budget = MarketHookBudget::get();

	let job_len = signed(submit_job()).encode().len() as u64;
	let result_len = signed(submit_result()).encode().len() as u64;

	let per_job_normal =
		base.saturating_mul(2).saturating_add(job_one_offer).saturating_add(result);
	let per_job_hook = settle.saturating_add(stale_deadline);
	let by_weight = normal_max.ref_time() / per_job_normal.ref_time().max(1);
	let by_length = u64::from(length_max) / (job_len + result_len);
	let by_hook = hook_budget.ref_time() / per_job_hook.ref_time().max(1);
	// Whatever the split between extrinsics and hooks, a job's three parts share one block.
	let joint = weights.max_block.ref_time()
		/ per_job_normal.saturating_add(per_job_hook).ref_time().max(1);
	let jobs = by_weight.min(by_length).min(by_hook).min(joint);

	println!("transfer_keep_alive          {:>9.1} µs", micros(transfer));
	println!(
		"submit_job (1 offer, actual) {:>9.1} µs = {:.2} × transfer",
		micros(job_one_offer),
		micros(job_one_offer) / micros(transfer)
	);
	println!("submit_job (declared, 32)    {:>9.1} µs", micros(job_declared));
	println!(
		"submit_result                {:>9.1} µs = {:.2} × transfer",
		micros(result),
		micros(result) / micros(transfer)
	);
	println!("extrinsic base weight        {:>9.1} µs", micros(base));
	println!(
		"settlement (on_initialize)   {:>9.1} µs (+ {:.1} µs stale deadline check)",
		micros(settle),
		micros(stale_deadline)
	);
	println!("signed submit_job, 1 KiB     {job_len:>9} bytes");
	println!("signed submit_result, 1 KiB  {result_len:>9} bytes");
	println!(
		"jobs per block by normal weight ({:.0} ms): {by_weight}",
		micros(normal_max) / 1000.0
	);
	println!("jobs per block by length ({length_max} bytes): {by_length}");
	println!("jobs per block by hook budget ({:.0} ms): {by_hook}", micros(hook_budget) / 1000.0);
	println!(
		"jobs per block by the whole block ({:.0} ms): {joint}",
		micros(weights.max_block) / 1000.0
	);
	println!("jobs per block: {jobs}");
	assert!(job_len > KIB as u64 && result_len > KIB as u64, "payloads are in the length");
	// The hook budget lets settlements keep pace with the jobs the rest of the block accepts.
	assert!(by_hook >= joint, "settlements are the bottleneck: raise MarketHookBudget");
	// No regression below the figure recorded in BENCHMARKS.md.
	assert!(jobs >= 628, "block capacity fell to {jobs} jobs (BENCHMARKS.md records 628)");
}

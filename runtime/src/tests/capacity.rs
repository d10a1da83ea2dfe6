//! Block capacity for inference jobs, computed from the generated weights and the real
//! encoded length of signed extrinsics: how many jobs with a 1 KiB prompt and a 1 KiB answer
//! one block carries in steady state, Proof of Quality's audit draw and audits included. Run with `--nocapture` to see the figures recorded in
//! BENCHMARKS.md.

// Test code: figures for people, in floating point.
#![allow(clippy::arithmetic_side_effects, clippy::float_arithmetic)]

use crate::{
	configs::{MarketHookBudget, PoqHookBudget, RuntimeBlockLength},
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
use pallet_poq::WeightInfo as _;
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
	by_poq_hook: u64,
	joint: u64,
}

impl Capacity {
	fn jobs(&self) -> u64 {
		self.by_weight
			.min(self.by_length)
			.min(self.by_hook)
			.min(self.by_poq_hook)
			.min(self.joint)
	}
}

/// Proof of Quality's share of a job at steady state (an operator past its first jobs, with a
/// full reputation, its answers passing): its result's audit draw in a later block's hook; and
/// for the audited share (the audit rate) a spot check's draw in a hook, and its commit and
/// reveal extrinsics, the reveal reaching a one-verifier verdict that passes the job. The job
/// is paid out once, by its settlement, counted already. Returns (hook per job, normal
/// extrinsics per job, hook once a block): once a block, the hook's fixed work, and reading
/// the verifier pool of the jobs' model (one model, the most offers) for its first audit.
fn poq_per_job() -> (Weight, Weight, Weight) {
	type PoqWeights = <Runtime as pallet_poq::Config>::WeightInfo;
	let rate = dgrid_primitives::ProtocolParameters::<u32>::testnet().audit_rate;
	let offers: u32 = <Runtime as pallet_market::Config>::MaxOffersPerModel::get();
	let base = RuntimeBlockWeights::get().get(DispatchClass::Normal).base_extrinsic;
	let db = <Runtime as frame_system::Config>::DbWeight::get();
	// The draw's cost per result (the per-operator and per-block parts are paid once).
	let draw = PoqWeights::draw(2, 1).saturating_sub(PoqWeights::draw(1, 1));
	let first = pallet_poq::Pallet::<Runtime>::draw_audit_weight(offers, true);
	let further = pallet_poq::Pallet::<Runtime>::draw_audit_weight(offers, false);
	let audit_normal = PoqWeights::commit()
		.saturating_add(PoqWeights::reveal())
		.saturating_add(PoqWeights::finalize_pass(1))
		.saturating_add(base.saturating_mul(2));
	let share =
		|w: Weight| Weight::from_parts(rate.mul_ceil(w.ref_time()), rate.mul_ceil(w.proof_size()));
	let once = PoqWeights::on_initialize_empty()
		.saturating_add(db.reads_writes(2, 2))
		.saturating_add(first.saturating_sub(further));
	(draw.saturating_add(share(further)), share(audit_normal), once)
}

/// Jobs per block with results submitted `batch` at a time, with or without Proof of Quality's
/// share of each job.
fn capacity(batch: u32, with_poq: bool, print: bool) -> Capacity {
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

	let (poq_hook, poq_normal, poq_once) =
		if with_poq { poq_per_job() } else { (Weight::zero(), Weight::zero(), Weight::zero()) };
	let per_job_normal =
		job.ref_time() + results.ref_time() / u64::from(batch) + poq_normal.ref_time();
	let per_job_len = job_len + results_len / u64::from(batch);
	let by_weight = normal_max.ref_time() / per_job_normal;
	let by_length = u64::from(length_max) / per_job_len;
	let by_hook = hook_budget.ref_time() / settle.ref_time();
	let by_poq_hook =
		(PoqHookBudget::get().ref_time() - poq_once.ref_time()) / poq_hook.ref_time().max(1);
	// Whatever the split between extrinsics and hooks, a job's parts share one block.
	let joint = (weights.max_block.ref_time() - hook_fixed.ref_time() - poq_once.ref_time())
		/ (per_job_normal + settle.ref_time() + poq_hook.ref_time());
	let c = Capacity { by_weight, by_length, by_hook, by_poq_hook, joint };
	if print {
		println!(
			"results submitted {batch} at a time, {} (hooks' fixed work a block: market {:.1} \
			 ms, PoQ {:.1} ms):",
			if with_poq { "with PoQ" } else { "market alone" },
			micros(hook_fixed) / 1000.0,
			micros(poq_once) / 1000.0
		);
		println!(
			"  per job: extrinsics {:.1} µs (of which PoQ {:.1} µs), settlement {:.1} µs, PoQ \
			 draw and audits {:.1} µs, {per_job_len} bytes",
			per_job_normal as f64 / 1e6,
			micros(poq_normal),
			micros(settle),
			micros(poq_hook)
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
		if with_poq {
			println!(
				"  jobs per block by PoQ's hook budget ({:.0} ms): {by_poq_hook}",
				micros(PoqHookBudget::get()) / 1000.0
			);
		}
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

	let single = capacity(1, true, true);
	let full = capacity(batch, true, true);
	let market = capacity(batch, false, true);
	// The hook budgets let settlements and audit draws keep pace with the jobs the rest of the
	// block accepts.
	assert!(full.by_hook >= full.joint, "settlements are the bottleneck: raise MarketHookBudget");
	assert!(full.by_poq_hook >= full.joint, "audit draws are the bottleneck: raise PoqHookBudget");
	assert!(full.jobs() > single.jobs(), "batching results adds capacity");
	// A floor against regressions, with Proof of Quality's audits and without (BENCHMARKS.md
	// records both figures). The second weights of 2026-12-06 give 807 and 777 jobs a block:
	// the storage deposit's hold and release cost each job about 70 µs (861 and 829 before
	// it); the 1,000 of 2026-12-02 is not shown on them.
	assert!(market.jobs() >= 770, "the market's capacity fell to {} jobs", market.jobs());
	assert!(full.jobs() >= 750, "block capacity with PoQ fell to {} jobs", full.jobs());
}

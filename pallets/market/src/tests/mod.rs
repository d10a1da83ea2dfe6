// Test code: overflow would be a test bug and panics loudly.
#![allow(clippy::arithmetic_side_effects)]

mod agents;
mod failover;
mod hooks;
mod models;
mod offers;
mod quality;
mod routing;
mod settlement;

use crate::{mock::*, routing::worst_case_cost, *};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold, BoundedVec};
use sp_runtime::{DispatchError, Perbill};

const INPUT: &[u8] = br#"[{"role":"user","content":"hi"}]"#;
/// Input bytes plus the chat-template allowance (8).
const MAX_IN: u32 = INPUT.len() as u32 + 8;
const MAX_OUT: u32 = 100;

fn name(n: &[u8]) -> BoundedVec<u8, ConstU32<32>> {
	BoundedVec::try_from(n.to_vec()).unwrap()
}
use frame_support::traits::ConstU32;

fn input() -> BoundedVec<u8, ConstU32<1024>> {
	BoundedVec::try_from(INPUT.to_vec()).unwrap()
}

fn output(text: &[u8]) -> BoundedVec<u8, ConstU32<1024>> {
	BoundedVec::try_from(text.to_vec()).unwrap()
}

fn policy(strategy: Strategy) -> PolicyOf<Test> {
	RoutingPolicy::with_strategy(strategy)
}

fn escrow(who: u64) -> Balance {
	Balances::balance_on_hold(&HoldReason::JobEscrow.into(), &who)
}

fn free(who: u64) -> Balance {
	Balances::free_balance(who)
}

/// Model 0 (context 4096) with offers: OP1 (1000 in, 2000 out), OP2 (2000, 1000),
/// OP3 (3000, 3000), each with capacity 2.
fn market() {
	assert_ok!(Market::list_model(
		RuntimeOrigin::signed(CAROL),
		name(b"llama3.1:8b"),
		H256Like::repeat_byte(1),
		4096,
		ModelKind::Llm
	));
	assert_ok!(Market::set_offer(RuntimeOrigin::signed(OP1), 0, 1_000, 2_000, 2));
	assert_ok!(Market::set_offer(RuntimeOrigin::signed(OP2), 0, 2_000, 1_000, 2));
	assert_ok!(Market::set_offer(RuntimeOrigin::signed(OP3), 0, 3_000, 3_000, 2));
}
type H256Like = dgrid_primitives::Hash;

fn cost(op: u64) -> Balance {
	match op {
		OP1 => worst_case_cost(MAX_IN, MAX_OUT, 1_000, 2_000),
		OP2 => worst_case_cost(MAX_IN, MAX_OUT, 2_000, 1_000),
		_ => worst_case_cost(MAX_IN, MAX_OUT, 3_000, 3_000),
	}
}

fn submit(who: u64, strategy: Strategy) -> DispatchResult {
	Market::submit_job(
		RuntimeOrigin::signed(who),
		JobTarget::Model(0),
		input(),
		MAX_OUT,
		10_000,
		policy(strategy),
	)
	.map(|_| ())
	.map_err(|e| e.error)
}
use frame_support::dispatch::DispatchResult;

fn route(job: JobId) -> Vec<u64> {
	Jobs::<Test>::get(job).unwrap().route.iter().map(|a| a.operator).collect()
}

fn assigned(job: JobId) -> u64 {
	Jobs::<Test>::get(job).unwrap().assignment().unwrap().operator
}

fn answer(job: JobId, op: u64, input_tokens: u32, output_tokens: u32) -> DispatchResult {
	Market::submit_result(
		RuntimeOrigin::signed(worker(op)),
		job,
		output(b"hello"),
		input_tokens,
		output_tokens,
		250,
	)
}

/// Submit `n` jobs from Alice on model 0 that only `op` may serve.
fn submit_to(op: u64, n: u32) {
	let mut p = policy(Strategy::Cheapest);
	p.allow = BoundedVec::try_from(vec![op]).unwrap();
	for _ in 0..n {
		assert_ok!(Market::submit_job(
			RuntimeOrigin::signed(ALICE),
			JobTarget::Model(0),
			input(),
			MAX_OUT,
			10_000,
			p.clone(),
		));
	}
}

fn report(job: JobId, text: &[u8], input_tokens: u32, output_tokens: u32) -> ResultReportOf<Test> {
	ResultReport { job, output: output(text), input_tokens, output_tokens, latency_ms: 100 }
}

fn batch(reports: Vec<ResultReportOf<Test>>) -> BoundedVec<ResultReportOf<Test>, ConstU32<4>> {
	BoundedVec::try_from(reports).unwrap()
}

use dgrid_primitives::{JobBook, Settlement};

/// Alice's job 0 answered by OP2 (cheapest) with `MAX_IN` input and 60 output tokens: a fee of
/// 80 + 60 = 140. Returns Alice's balance before the job.
fn answered_by_op2() -> Balance {
	market();
	let alice = free(ALICE);
	assert_ok!(submit(ALICE, Strategy::Cheapest));
	assert_ok!(answer(0, OP2, MAX_IN, 60));
	alice
}

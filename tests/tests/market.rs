//! The market on a real dev node: `dgrid_quote` ranks the genesis offers, a job submitted as a
//! signed extrinsic is routed to Alice, her worker key's result lands, `dgrid_job` returns it,
//! and the job settles with exact payments; a job nobody answers is refunded in full.

use std::time::Duration;

use dgrid_integration_tests::{submit_job, tx, Node, NodeConfig, STARTUP};
use dgrid_primitives::MILLI_DGRID;
use dgrid_runtime::RuntimeCall;
use jsonrpsee::rpc_params;
use pallet_market::{RoutingPolicy, Strategy};
use serde_json::{json, Value};
use sp_core::crypto::Ss58Codec;
use sp_keyring::Sr25519Keyring::{Alice, AliceStash, Bob, Charlie};

/// Deadline (5 blocks) plus challenge period (5 blocks) at 3 s a block, with room to spare.
const LIFECYCLE: Duration = Duration::from_secs(90);

const INPUT: &[u8] = br#"[{"role":"user","content":"Say hello."}]"#;

fn cheapest_job(max_fee: u128) -> RuntimeCall {
	let input = core::str::from_utf8(INPUT).expect("UTF-8");
	submit_job(input, max_fee, RoutingPolicy::with_strategy(Strategy::Cheapest))
}

async fn job(node: &Node, id: u64) -> Result<Value, String> {
	node.rpc("dgrid_job", rpc_params![id]).await
}

async fn wait_status(node: &Node, id: u64, status: &'static str) -> Value {
	node.wait_job(id, status, LIFECYCLE).await
}

#[tokio::test]
async fn a_job_is_quoted_routed_answered_and_settled() {
	let node = Node::start("market", NodeConfig::dev());
	node.wait_rpc(STARTUP).await;
	node.wait_finalized(1, STARTUP).await;

	// Quote: the sample model's only offer is Alice's; worst case = (input bytes + 64 template
	// tokens) at 0.001 DGRID per 1k plus 100 output tokens at 0.002 DGRID per 1k.
	let quote = node
		.rpc(
			"dgrid_quote",
			rpc_params![json!({ "model": 0, "inputLen": INPUT.len(), "maxOutputTokens": 100 })],
		)
		.await
		.expect("quote");
	let max_in = INPUT.len() as u128 + 64;
	let worst = (max_in * MILLI_DGRID).div_ceil(1000) + (100 * 2 * MILLI_DGRID).div_ceil(1000);
	assert_eq!(quote["hold"], worst.to_string());
	assert_eq!(quote["route"][0]["operator"], Alice.to_account_id().to_ss58check());
	// Errors say what to fix.
	let refused = node
		.rpc(
			"dgrid_quote",
			rpc_params![
				json!({ "model": 0, "inputLen": 10, "maxOutputTokens": 10, "maxFee": "1" })
			],
		)
		.await
		.expect_err("a fee cap below every offer is refused");
	assert!(refused.contains("MaxFeeBelowCheapestOffer"), "{refused}");
	assert_eq!(job(&node, 0).await.unwrap(), Value::Null, "no job yet");

	let alice = Alice.to_account_id();
	let treasury = dgrid_runtime::Dao::treasury_account();
	let (alice_before, _) = tx::balance(&node, &alice).await.unwrap();
	let (treasury_before, _) = tx::balance(&node, &treasury).await.unwrap();

	tx::submit(&node, Bob, cheapest_job(MILLI_DGRID)).await.expect("job submitted");
	let assigned = wait_status(&node, 0, "assigned").await;
	assert_eq!(assigned["assigned"], alice.to_ss58check());
	assert_eq!(assigned["hold"], worst.to_string());
	assert_eq!(assigned["input"], std::str::from_utf8(INPUT).unwrap());
	let (_, bob_held) = tx::balance(&node, &Bob.to_account_id()).await.unwrap();
	// With the storage deposit for the input and the longest answer, until settlement.
	let deposit = dgrid_runtime::Market::deposit_for(INPUT.len() as u32);
	assert_eq!(deposit, dgrid_runtime::MICRO_DGRID * (INPUT.len() as u128 + 16_384));
	assert_eq!(bob_held, worst + deposit, "the worst case and the deposit are held from Bob");

	// Only the assigned operator's worker key may answer: Charlie's attempt is refused.
	let result = |text: &str| {
		RuntimeCall::Market(pallet_market::Call::submit_result {
			job: 0,
			output: text.as_bytes().to_vec().try_into().expect("output fits"),
			input_tokens: 30,
			output_tokens: 20,
			latency_ms: 120,
		})
	};
	tx::submit(&node, Charlie, result("not mine"))
		.await
		.expect("pool accepts, dispatch fails");
	tx::submit(&node, AliceStash, result("Hello!")).await.expect("result submitted");
	let completed = wait_status(&node, 0, "completed").await;
	assert_eq!(completed["result"]["output"], "Hello!");
	assert_eq!(completed["result"]["operator"], alice.to_ss58check());

	let settled = wait_status(&node, 0, "settled").await;
	assert_eq!(settled["hold"], "0");
	// 30 input tokens at 0.001/1k + 20 output tokens at 0.002/1k; 5 % protocol fee.
	let fee = 30 * MILLI_DGRID / 1000 + 20 * 2 * MILLI_DGRID / 1000;
	let protocol = fee / 20;
	let (alice_after, _) = tx::balance(&node, &alice).await.unwrap();
	let (treasury_after, _) = tx::balance(&node, &treasury).await.unwrap();
	assert_eq!(alice_after - alice_before, fee - protocol, "Alice is paid her fee");
	assert_eq!(treasury_after - treasury_before, protocol, "the treasury gets the protocol fee");
	let (_, bob_held) = tx::balance(&node, &Bob.to_account_id()).await.unwrap();
	assert_eq!(bob_held, 0, "nothing stays held after settlement");
}

#[tokio::test]
async fn a_job_nobody_answers_is_refunded_in_full() {
	let node = Node::start("market-refund", NodeConfig::dev());
	node.wait_rpc(STARTUP).await;
	node.wait_finalized(1, STARTUP).await;
	let bob = Bob.to_account_id();
	tx::submit(&node, Bob, cheapest_job(MILLI_DGRID)).await.expect("job submitted");
	wait_status(&node, 0, "assigned").await;
	let (free_while_held, held) = tx::balance(&node, &bob).await.unwrap();
	assert!(held > 0);
	// Alice's node has no worker key and no backend: the deadline passes, there is no fallback.
	let failed = wait_status(&node, 0, "failed").await;
	assert_eq!(failed["result"], Value::Null);
	let (free_after, held_after) = tx::balance(&node, &bob).await.unwrap();
	assert_eq!(held_after, 0);
	assert_eq!(free_after, free_while_held + held, "the whole hold comes back");
}

//! Inference end to end on a real dev node: Alice's node has her worker key (AliceStash, key type
//! `dgwk`) and a real OpenAI-compatible HTTP server (`tests/backend/fake_openai.py`) as the
//! backend of model 0. Bob calls an agent with subxt, as a developer would; the node's
//! off-chain worker runs it on the backend and lands the answer with a signed `submit_results`;
//! the job settles and every balance moves exactly: the user, the provider, the agent's creator, the treasury, and
//! the worker (whose valid result is feeless). With the backend failing (HTTP 500, a body that
//! is not JSON, or no answer within the request deadline), the job is declined and, with no
//! other operator, Bob is refunded in full.

use std::time::Duration;

use dgrid_integration_tests::{submit_job, tx, FakeBackend, Node, NodeConfig, STARTUP};
use dgrid_primitives::MILLI_DGRID;
use dgrid_runtime::RuntimeCall;
use jsonrpsee::rpc_params;
use pallet_market::{RoutingPolicy, Strategy};
use serde_json::Value;
use sp_core::crypto::Ss58Codec;
use sp_keyring::Sr25519Keyring::{Alice, AliceStash, Bob, Charlie};

/// Deadline (5 blocks) plus challenge period (5 blocks) at 3 s a block, with room to spare.
const LIFECYCLE: Duration = Duration::from_secs(90);
const INPUT: &str = r#"[{"role":"user","content":"Say hello to DGrid."}]"#;

fn cheapest_job() -> RuntimeCall {
	submit_job(INPUT, 10 * MILLI_DGRID, RoutingPolicy::with_strategy(Strategy::Cheapest))
}

/// A dev node whose operator (Alice) serves model 0 on `backend`, with her worker key loaded.
async fn serving_node(name: &str, backend: &FakeBackend) -> Node {
	let node = Node::start(name, NodeConfig::dev().serving(backend));
	node.wait_rpc(STARTUP).await;
	node.insert_worker_key("//Alice//stash").await;
	node.wait_finalized(1, STARTUP).await;
	node
}

async fn wait_status(node: &Node, id: u64, status: &'static str) -> Value {
	node.wait_job(id, status, LIFECYCLE).await
}

/// What the fake backend answers, and its token counts (it counts words).
fn expected_answer(job: u64) -> (String, u128, u128) {
	let seed = dgrid_offchain_worker::inference_seed(job);
	let content = format!("echo({seed}): Say hello to DGrid.");
	let prompt = 4 + 4; // the template's 4 + "Say hello to DGrid."
	let completion = content.split_whitespace().count() as u128;
	(content, prompt, completion)
}

/// Bob submits `market.submit_job` for agent 0 with subxt, and waits for it to be included and
/// to succeed.
async fn submit_with_subxt(node: &Node) {
	use subxt::dynamic::{self, Value};
	let api = subxt::OnlineClient::<subxt::SubstrateConfig>::from_url(format!(
		"ws://127.0.0.1:{}",
		node.rpc_port
	))
	.await
	.expect("subxt connects");
	let none = || Value::unnamed_variant("None", []);
	let policy = Value::named_composite([
		("strategy", Value::unnamed_variant("Cheapest", [])),
		("max_price_in", none()),
		("max_price_out", none()),
		("min_reputation", Value::u128(0)),
		("allow", Value::unnamed_composite([])),
		("deny", Value::unnamed_composite([])),
	]);
	let submit_job = dynamic::tx(
		"Market",
		"submit_job",
		vec![
			Value::unnamed_variant("Agent", [Value::u128(0)]),
			Value::from_bytes(INPUT.as_bytes()),
			Value::u128(100),
			Value::u128(10 * MILLI_DGRID),
			policy,
		],
	);
	let events = api
		.at_current_block()
		.await
		.expect("current block")
		.transactions()
		.sign_and_submit_then_watch_default(&submit_job, &subxt_signer::sr25519::dev::bob())
		.await
		.expect("submitted")
		.wait_for_finalized_success()
		.await
		.expect("included and successful");
	let submitted = events
		.iter()
		.filter_map(Result::ok)
		.any(|e| e.pallet_name() == "Market" && e.event_name() == "JobSubmitted");
	assert!(submitted, "Market.JobSubmitted among the transaction's events");
}

/// The agent Charlie publishes: a system prompt of 3 words and a fee per call.
const PROMPT: &str = "Answer in English.";
const CREATOR_FEE: u128 = MILLI_DGRID;

#[tokio::test]
async fn a_job_is_run_on_the_operators_backend_answered_and_settled() {
	let backend = FakeBackend::start("honest");
	let node = serving_node("inference", &backend).await;
	let publish = RuntimeCall::Market(pallet_market::Call::publish_agent {
		model: 0,
		system_prompt: PROMPT.as_bytes().to_vec().try_into().expect("fits"),
		fee_per_call: CREATOR_FEE,
	});
	tx::submit(&node, Charlie, publish).await.expect("agent published");
	node.wait_for("agent 0", LIFECYCLE, || async {
		let key = pallet_market::Agents::<dgrid_runtime::Runtime>::hashed_key_for(0);
		let raw = node.rpc("state_getStorage", rpc_params![tx::hex_encode(&key)]).await?;
		Ok(!raw.is_null())
	})
	.await;

	let (alice, bob, charlie) =
		(Alice.to_account_id(), Bob.to_account_id(), Charlie.to_account_id());
	let treasury = dgrid_runtime::Dao::treasury_account();
	let stash = AliceStash.to_account_id();
	let balance = |who| {
		let node = &node;
		async move { tx::balance(node, &who).await.unwrap().0 }
	};
	let first_block = node.best_number().await.unwrap() + 1;
	let before = [
		balance(alice.clone()).await,
		balance(bob.clone()).await,
		balance(charlie.clone()).await,
		balance(treasury.clone()).await,
		balance(stash.clone()).await,
	];

	// Bob calls the agent as a developer would: with subxt (dynamic API, no generated code).
	submit_with_subxt(&node).await;
	let completed = wait_status(&node, 0, "completed").await;
	let (content, user_prompt, completion) = expected_answer(0);
	// The agent's system prompt is a message too: 4 template tokens and its 3 words.
	let prompt = user_prompt + 4 + 3;
	let result = &completed["result"];
	assert_eq!(result["output"], content.as_str());
	assert_eq!(result["operator"], alice.to_ss58check());
	assert_eq!(result["inputTokens"], prompt as u64);
	assert_eq!(result["outputTokens"], completion as u64);
	let submitted = completed["submittedAt"].as_u64().unwrap();
	let answered = result["submittedAt"].as_u64().unwrap();
	println!(
		"job 0: submitted in block {submitted}, answered in block {answered}: {} blocks, backend latency {} ms",
		answered - submitted,
		result["latencyMs"]
	);

	let settled = wait_status(&node, 0, "settled").await;
	assert_eq!(settled["hold"], "0");
	let last_block = node.best_number().await.unwrap();
	// At 0.001 DGRID per 1k input and 0.002 per 1k output tokens, rounded up; 5 % protocol fee.
	let fee = (prompt * MILLI_DGRID).div_ceil(1000) + (completion * 2 * MILLI_DGRID).div_ceil(1000);
	let protocol = fee / 20;
	let bob_fees = tx::fees_paid(&node, &bob, first_block, last_block).await.unwrap();
	assert!(bob_fees > 0, "Bob paid for his submit_job");
	let after = [
		balance(alice.clone()).await,
		balance(bob.clone()).await,
		balance(charlie.clone()).await,
		balance(treasury.clone()).await,
		balance(stash.clone()).await,
	];
	assert_eq!(after[0] - before[0], fee - protocol, "Alice is paid her fee");
	assert_eq!(
		before[1] - after[1],
		bob_fees + fee + CREATOR_FEE,
		"Bob pays his transaction fee, the provider fee and the creator fee, no more"
	);
	assert_eq!(after[2] - before[2], CREATOR_FEE, "Charlie is paid the creator fee");
	assert_eq!(after[3] - before[3], protocol, "the treasury gets the protocol fee");
	assert_eq!(after[4], before[4], "the worker's valid result is feeless");
	let (_, bob_held) = tx::balance(&node, &bob).await.unwrap();
	assert_eq!(bob_held, 0, "nothing stays held after settlement");
}

/// With the backend in `mode`, the job is declined and Bob refunded in full; `before_deadline`:
/// the decline lands before the job's deadline would have failed it over.
async fn refunded_when_backend_is(mode: &str, before_deadline: bool) {
	let backend = FakeBackend::start(mode);
	let node = serving_node(&format!("inference-{mode}"), &backend).await;
	let bob = Bob.to_account_id();
	tx::submit(&node, Bob, cheapest_job()).await.expect("job submitted");
	let assigned = wait_status(&node, 0, "assigned").await;
	let deadline = assigned["deadline"].as_u64().expect("a deadline");
	let (free_while_held, held) = tx::balance(&node, &bob).await.unwrap();
	assert!(held > 0);
	// Declined by the worker, and no operator is left.
	let failed = wait_status(&node, 0, "failed").await;
	assert_eq!(failed["result"], Value::Null);
	if before_deadline {
		// The worker declined at once rather than letting the deadline lapse.
		let best = node.best_number().await.unwrap();
		assert!(best <= deadline, "failed by block {best}, deadline {deadline}: not declined");
	}
	let (free_after, held_after) = tx::balance(&node, &bob).await.unwrap();
	assert_eq!(held_after, 0);
	assert_eq!(free_after, free_while_held + held, "the whole hold comes back");
}

#[tokio::test]
async fn a_failing_backend_declines_and_the_user_is_refunded_in_full() {
	refunded_when_backend_is("500", true).await;
}

#[tokio::test]
async fn a_backend_answering_garbage_declines_and_the_user_is_refunded_in_full() {
	refunded_when_backend_is("garbage", true).await;
}

/// A backend slower than the 10 s request deadline: the worker gives up, declines (or the job's
/// 5-block deadline passes first); either way nobody answers and Bob gets everything back.
#[tokio::test]
async fn a_backend_slower_than_the_deadline_times_out_and_the_user_is_refunded_in_full() {
	refunded_when_backend_is("slow", false).await;
}

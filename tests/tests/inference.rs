//! Inference end to end on a real dev node: Alice's node has her worker key (AliceStash, key type
//! `dgwk`) and a real OpenAI-compatible HTTP server (`tests/backend/fake_openai.py`) as the
//! backend of model 0. Bob submits a job as a signed extrinsic; the node's off-chain worker runs
//! it on the backend and lands the answer with a signed `submit_results`; the job settles and
//! every balance moves exactly. With the backend failing (HTTP 500, or a body that is not JSON),
//! the job is declined and, with no other operator, Bob is refunded in full.

use std::time::Duration;

use dgrid_integration_tests::{tx, FakeBackend, Node, NodeConfig};
use dgrid_primitives::MILLI_DGRID;
use dgrid_runtime::RuntimeCall;
use jsonrpsee::rpc_params;
use pallet_market::{JobTarget, RoutingPolicy, Strategy};
use serde_json::Value;
use sp_core::{crypto::Ss58Codec, sr25519, Pair};
use sp_keyring::Sr25519Keyring::{Alice, AliceStash, Bob};

const STARTUP: Duration = Duration::from_secs(120);
/// Deadline (5 blocks) plus challenge period (5 blocks) at 3 s a block, with room to spare.
const LIFECYCLE: Duration = Duration::from_secs(90);
const INPUT: &str = r#"[{"role":"user","content":"Say hello to DGrid."}]"#;

fn submit_job() -> RuntimeCall {
	RuntimeCall::Market(pallet_market::Call::submit_job {
		target: JobTarget::Model(0),
		input: INPUT.as_bytes().to_vec().try_into().expect("input fits"),
		max_output_tokens: 100,
		max_fee: MILLI_DGRID,
		policy: RoutingPolicy::with_strategy(Strategy::Cheapest),
	})
}

/// A dev node whose operator (Alice) serves model 0 on `backend`, with her worker key loaded.
async fn serving_node(name: &str, backend: &FakeBackend) -> Node {
	let mut config = NodeConfig::dev();
	config.extra_args = vec!["--inference-backend".into(), format!("0={}", backend.url())];
	let node = Node::start(name, config);
	node.wait_rpc(STARTUP).await;
	let public = sr25519::Pair::from_string("//Alice//stash", None).expect("seed").public();
	let inserted = node
		.rpc(
			"author_insertKey",
			rpc_params!["dgwk", "//Alice//stash", format!("0x{}", hex(&public.0))],
		)
		.await;
	assert_eq!(inserted, Ok(Value::Null), "worker key inserted");
	node.wait_finalized(1, STARTUP).await;
	node
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn job(node: &Node, id: u64) -> Value {
	node.rpc("dgrid_job", rpc_params![id]).await.expect("job readable")
}

async fn wait_status(node: &Node, id: u64, status: &'static str) -> Value {
	node.wait_for(&format!("job {id} {status}"), LIFECYCLE, || async move {
		Ok(job(node, id).await["status"] == status)
	})
	.await;
	job(node, id).await
}

/// What the fake backend answers, and its token counts (it counts words).
fn expected_answer(job: u64) -> (String, u128, u128) {
	let seed = dgrid_offchain_worker::inference_seed(job);
	let content = format!("echo({seed}): Say hello to DGrid.");
	let prompt = 4 + 4; // the template's 4 + "Say hello to DGrid."
	let completion = content.split_whitespace().count() as u128;
	(content, prompt, completion)
}

#[tokio::test]
async fn a_job_is_run_on_the_operators_backend_answered_and_settled() {
	let backend = FakeBackend::start("honest");
	let node = serving_node("inference", &backend).await;
	let alice = Alice.to_account_id();
	let treasury = dgrid_runtime::Dao::treasury_account();
	let (alice_before, _) = tx::balance(&node, &alice).await.unwrap();
	let (treasury_before, _) = tx::balance(&node, &treasury).await.unwrap();
	let stash = AliceStash.to_account_id();
	let (stash_before, _) = tx::balance(&node, &stash).await.unwrap();

	tx::submit(&node, Bob, submit_job()).await.expect("job submitted");
	let completed = wait_status(&node, 0, "completed").await;
	let (content, prompt, completion) = expected_answer(0);
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
	// At 0.001 DGRID per 1k input and 0.002 per 1k output tokens, rounded up; 5 % protocol fee.
	let fee = (prompt * MILLI_DGRID).div_ceil(1000) + (completion * 2 * MILLI_DGRID).div_ceil(1000);
	let protocol = fee / 20;
	let (alice_after, _) = tx::balance(&node, &alice).await.unwrap();
	let (treasury_after, _) = tx::balance(&node, &treasury).await.unwrap();
	assert_eq!(alice_after - alice_before, fee - protocol, "Alice is paid her fee");
	assert_eq!(treasury_after - treasury_before, protocol, "the treasury gets the protocol fee");
	let (_, bob_held) = tx::balance(&node, &Bob.to_account_id()).await.unwrap();
	assert_eq!(bob_held, 0, "nothing stays held after settlement");
	// The worker key signed the result, and a valid result is feeless.
	let (stash_after, _) = tx::balance(&node, &stash).await.unwrap();
	assert_eq!(stash_after, stash_before, "the worker paid no fee");
}

async fn refunded_when_backend_is(mode: &str) {
	let backend = FakeBackend::start(mode);
	let node = serving_node(&format!("inference-{mode}"), &backend).await;
	let bob = Bob.to_account_id();
	tx::submit(&node, Bob, submit_job()).await.expect("job submitted");
	let assigned = wait_status(&node, 0, "assigned").await;
	let deadline = assigned["deadline"].as_u64().expect("a deadline");
	let (free_while_held, held) = tx::balance(&node, &bob).await.unwrap();
	assert!(held > 0);
	// Declined by the worker, and no operator is left.
	let failed = wait_status(&node, 0, "failed").await;
	assert_eq!(failed["result"], Value::Null);
	// Before the deadline: the worker declined at once rather than letting it lapse.
	let best = node.best_number().await.unwrap();
	assert!(best <= deadline, "failed by block {best}, deadline {deadline}: not declined");
	let (free_after, held_after) = tx::balance(&node, &bob).await.unwrap();
	assert_eq!(held_after, 0);
	assert_eq!(free_after, free_while_held + held, "the whole hold comes back");
}

#[tokio::test]
async fn a_failing_backend_declines_and_the_user_is_refunded_in_full() {
	refunded_when_backend_is("500").await;
}

#[tokio::test]
async fn a_backend_answering_garbage_declines_and_the_user_is_refunded_in_full() {
	refunded_when_backend_is("garbage").await;
}

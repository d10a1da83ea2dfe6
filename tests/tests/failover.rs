//! Failover between operators' backends on a real network: two validators of the `local` chain,
//! Alice and Bob, each node with its operator's worker key and its own backend. Alice's backend
//! answers HTTP 500, Bob's answers honestly. A job routed to Alice first (she offers cheaper) and
//! to Bob next is declined by Alice's worker, moves to Bob, is answered by Bob's worker, and
//! settles paying Bob at the prices he offered.

use std::time::Duration;

use dgrid_integration_tests::{local_network, submit_job, tx, FakeBackend};
use dgrid_primitives::MILLI_DGRID;
use dgrid_runtime::RuntimeCall;
use jsonrpsee::rpc_params;
use pallet_market::{RoutingPolicy, Strategy};
use serde_json::json;
use sp_core::crypto::Ss58Codec;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Eve};

/// Two of four validators author about every other slot: blocks come every 6 s or so.
const LIFECYCLE: Duration = Duration::from_secs(240);
const INPUT: &str = r#"[{"role":"user","content":"Who serves me?"}]"#;

#[tokio::test]
async fn a_job_declined_by_a_failing_backend_is_served_by_the_next_operator() {
	let failing = FakeBackend::start("500");
	let honest = FakeBackend::start("honest");
	let nodes = local_network("failover", &["alice", "bob"], true, |who, config| {
		config.serving(if who == "alice" { &failing } else { &honest })
	})
	.await;
	let [alice_node, _bob_node] = &nodes[..] else { unreachable!("two nodes") };

	// Alice offers cheaper than the genesis prices, so routing puts her first.
	let cheaper = RuntimeCall::Market(pallet_market::Call::set_offer {
		model: 0,
		price_in: MILLI_DGRID / 2,
		price_out: MILLI_DGRID,
		capacity: 8,
	});
	tx::submit(alice_node, Alice, cheaper).await.expect("offer submitted");
	let ss58 = |k: Sr25519Keyring| k.to_account_id().to_ss58check();
	let quote_request = json!({ "model": 0, "inputLen": INPUT.len(), "maxOutputTokens": 100, "allow": [ss58(Alice), ss58(Bob)] });
	alice_node
		.wait_for("Alice's cheaper offer", LIFECYCLE, || {
			let request = quote_request.clone();
			let node = alice_node;
			async move {
				let quote = node.rpc("dgrid_quote", rpc_params![request]).await?;
				Ok(quote["route"][0]["operator"] == ss58(Alice))
			}
		})
		.await;

	let mut policy = RoutingPolicy::with_strategy(Strategy::Cheapest);
	policy.allow = vec![Alice.to_account_id(), Bob.to_account_id()].try_into().expect("fits");
	let submit = submit_job(INPUT, MILLI_DGRID, policy);
	let bob_before = tx::balance(alice_node, &Bob.to_account_id()).await.unwrap().0;
	tx::submit(alice_node, Eve, submit).await.expect("job submitted");

	let answered = alice_node.wait_job(0, "completed", LIFECYCLE).await;
	assert_eq!(answered["route"], json!([ss58(Alice), ss58(Bob)]));
	assert_eq!(answered["assigned"], ss58(Bob), "the job moved to Bob");
	assert_eq!(answered["result"]["operator"], ss58(Bob));
	let seed = dgrid_offchain_worker::inference_seed(0);
	let content = format!("echo({seed}): Who serves me?");
	assert_eq!(answered["result"]["output"], content.as_str());

	alice_node.wait_job(0, "settled", LIFECYCLE).await;
	// Bob is paid at his genesis prices (0.001 and 0.002 DGRID per 1k tokens), less 5 %.
	// The fake backend counts words: 4 for the template and 3 in the prompt; the answer's.
	let (prompt, completion) = (4 + 3, content.split_whitespace().count() as u128);
	let fee = (prompt * MILLI_DGRID).div_ceil(1000) + (completion * 2 * MILLI_DGRID).div_ceil(1000);
	let bob_after = tx::balance(alice_node, &Bob.to_account_id()).await.unwrap().0;
	assert_eq!(bob_after - bob_before, fee - fee / 20, "Bob is paid his fee");
	let (_, eve_held) = tx::balance(alice_node, &Eve.to_account_id()).await.unwrap();
	assert_eq!(eve_held, 0);
}

//! Proof of Quality on a real network: three validators of the `local` chain (Alice, Bob and
//! Charlie), each node with its operator's worker key and its own inference backend, started by
//! the test. Alice's backend cheats: it answers a cheaper model's words and bills the honest
//! answer's tokens. Bob's and Charlie's are honest. Dave, who runs no node, withdraws his offer,
//! so every verifier drawn is a running node.
//!
//! Every operator is new, so every result is audited. A job Eve routes to Alice is re-run by the
//! verifiers drawn among Bob and Charlie, scores 0, fails its audit: Alice is slashed, Eve is
//! refunded in full and gets the user's share of the slash. A job Ferdie routes to Bob is
//! re-run by Alice or Charlie and paid (Alice's low score, if she is drawn, is outvoted and
//! clipped). Every balance is checked exactly against the chain's events.

use std::time::Duration;

use dgrid_integration_tests::{local_network, submit_job, tx, FakeBackend};
use dgrid_primitives::{Balance, MILLI_DGRID};
use dgrid_runtime::{genesis_config_presets::OPERATOR_BOND, RuntimeCall, RuntimeEvent};
use jsonrpsee::rpc_params;
use pallet_market::{RoutingPolicy, Strategy};
use pallet_poq::{Event as PoqEvent, RoundKind};
use serde_json::{json, Value};
use sp_core::crypto::Ss58Codec;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::Perbill;

const LIFECYCLE: Duration = Duration::from_secs(360);
const INPUT: &str = r#"[{"role":"user","content":"What is the capital of France?"}]"#;

fn submit_to(operator: Sr25519Keyring) -> RuntimeCall {
	let mut policy = RoutingPolicy::with_strategy(Strategy::Cheapest);
	policy.allow = vec![operator.to_account_id()].try_into().expect("fits");
	submit_job(INPUT, MILLI_DGRID, policy)
}

/// The provider's fee at the genesis prices (0.001 and 0.002 DGRID per 1,000 tokens) for the
/// tokens its result billed.
fn fee_of(answered: &Value) -> Balance {
	let tokens = |field: &str| answered["result"][field].as_u64().expect("tokens") as Balance;
	(tokens("inputTokens") * MILLI_DGRID).div_ceil(1000)
		+ (tokens("outputTokens") * 2 * MILLI_DGRID).div_ceil(1000)
}

#[tokio::test]
async fn a_cheating_provider_is_audited_and_slashed_and_an_honest_one_paid() {
	let cheat = FakeBackend::start("cheat");
	let honest = FakeBackend::start("honest");
	let nodes = local_network("poq", &["alice", "bob", "charlie"], true, |who, config| {
		config.serving(if who == "alice" { &cheat } else { &honest })
	})
	.await;
	let alice_node = nodes.first().expect("Alice's node");

	// Dave runs no node: he withdraws his offer, so he is never drawn to verify.
	let withdraw = RuntimeCall::Market(pallet_market::Call::withdraw_offer { model: 0 });
	tx::submit(alice_node, Dave, withdraw).await.expect("withdrawal submitted");
	let ss58 = |k: Sr25519Keyring| k.to_account_id().to_ss58check();
	let dave_only = json!({ "model": 0, "inputLen": INPUT.len(), "maxOutputTokens": 100, "allow": [ss58(Dave)] });
	alice_node
		.wait_for("Dave's offer withdrawn", LIFECYCLE, || {
			let request = dave_only.clone();
			let node = alice_node;
			async move { Ok(node.rpc("dgrid_quote", rpc_params![request]).await.is_err()) }
		})
		.await;

	let from = alice_node.best_number().await.unwrap() + 1;
	let account = |k: Sr25519Keyring| k.to_account_id();
	let (eve_before, _) = tx::balance(alice_node, &account(Eve)).await.unwrap();
	let (bob_before, _) = tx::balance(alice_node, &account(Bob)).await.unwrap();
	tx::submit(alice_node, Eve, submit_to(Alice))
		.await
		.expect("Eve's job submitted");
	tx::submit(alice_node, Ferdie, submit_to(Bob))
		.await
		.expect("Ferdie's job submitted");

	alice_node
		.wait_for("Alice's job failed and Bob's settled", LIFECYCLE, || async {
			let (a, b) = (alice_node.job(0).await, alice_node.job(1).await);
			let status = |j: &Value| j["status"].as_str().unwrap_or_default().to_string();
			Ok(status(&a) == "failed" && status(&b) == "settled")
		})
		.await;
	let to = alice_node.best_number().await.unwrap();
	let (cheated, served) = (alice_node.job(0).await, alice_node.job(1).await);
	assert_eq!(cheated["result"]["operator"], ss58(Alice));
	assert!(cheated["result"]["output"].as_str().unwrap().starts_with("lorem ipsum"));
	assert_eq!(served["result"]["operator"], ss58(Bob));

	let events: Vec<PoqEvent<dgrid_runtime::Runtime>> = tx::events(alice_node, from, to)
		.await
		.unwrap()
		.into_iter()
		.filter_map(|e| if let RuntimeEvent::Poq(e) = e { Some(e) } else { None })
		.collect();
	let rounds = |job: u64| -> Vec<(RoundKind, Vec<_>)> {
		events
			.iter()
			.filter_map(|e| match e {
				PoqEvent::RoundStarted { job: j, kind, verifiers, .. } if *j == job => {
					Some((*kind, verifiers.clone()))
				},
				_ => None,
			})
			.collect()
	};
	// Alice's job: a spot check by Bob or Charlie scores it low; the committee (both) agrees.
	let audit = rounds(0);
	assert_eq!(audit.len(), 2, "a spot check and a committee: {audit:?}");
	assert_eq!(audit[0].0, RoundKind::SpotCheck);
	assert_eq!(audit[1].0, RoundKind::Committee);
	for (_, verifiers) in &audit {
		assert!(verifiers.iter().all(|v| *v == account(Bob) || *v == account(Charlie)));
	}
	let fee0 = fee_of(&cheated);
	let expected_slash = 50 * fee0 + Perbill::from_percent(10) * OPERATOR_BOND;
	let (slashed, to_user, to_verifiers, burnt) = events
		.iter()
		.find_map(|e| match e {
			PoqEvent::Failed { job: 0, provider, score, slashed, to_user, to_verifiers, burnt } => {
				assert_eq!(*provider, account(Alice));
				assert_eq!(*score, 0);
				Some((*slashed, *to_user, *to_verifiers, *burnt))
			},
			_ => None,
		})
		.expect("Alice's job failed its audit");
	assert_eq!(slashed, expected_slash);
	assert_eq!(to_user, Perbill::from_percent(20) * slashed);
	assert_eq!(slashed, to_user + to_verifiers + burnt);
	assert!(burnt >= slashed / 2, "half the slash is burnt");

	// Bob's job passed, every verifier's score counted or clipped.
	let checked = rounds(1);
	assert!(!checked.is_empty());
	for (_, verifiers) in &checked {
		assert!(verifiers.iter().all(|v| *v == account(Alice) || *v == account(Charlie)));
	}
	assert!(events.iter().any(|e| matches!(
		e,
		PoqEvent::Passed { job: 1, score: 100, share, .. } if *share == Perbill::one()
	)));
	assert!(!events.iter().any(|e| matches!(e, PoqEvent::Failed { job: 1, .. })));

	// Eve: refunded in full, plus the user's share of the slash, less her transaction fee.
	let (eve_after, eve_held) = tx::balance(alice_node, &account(Eve)).await.unwrap();
	let eve_fees = tx::fees_paid(alice_node, &account(Eve), from, to).await.unwrap();
	assert_eq!(eve_held, 0);
	assert_eq!(eve_after + eve_fees, eve_before + to_user);
	// Bob: his fee less the 5 % protocol fee, plus what he earned verifying Alice's job.
	let rewards: Balance = events
		.iter()
		.filter_map(|e| match e {
			PoqEvent::VerifierRewarded { verifier, amount, .. } if *verifier == account(Bob) => {
				Some(*amount)
			},
			_ => None,
		})
		.sum();
	assert!(rewards > 0, "Bob verified Alice's job and shares the slash");
	// Bob's own audited job paid its verifiers out of his part: the verification fee.
	let verification: Balance = events
		.iter()
		.filter_map(|e| match e {
			PoqEvent::VerifierRewarded { job: 1, amount, .. } => Some(*amount),
			_ => None,
		})
		.sum();
	let fee1 = fee_of(&served);
	// Half the fee, split by the verifiers who passed it (rounded down each).
	assert!(verification > 0 && verification <= Perbill::from_percent(50) * fee1);
	let (bob_after, _) = tx::balance(alice_node, &account(Bob)).await.unwrap();
	assert_eq!(bob_after - bob_before, fee1 - fee1 / 20 - verification + rewards);
	println!(
		"blocks {from}..={to}: Alice's job failed, {slashed} slashed ({to_user} to Eve, \
		 {to_verifiers} to the verifiers, {burnt} burnt); Bob's job passed; rounds: {audit:?} \
		 and {checked:?}"
	);
}

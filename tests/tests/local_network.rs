//! A 4-validator `local` network (Alice, Bob, Charlie, Dave) keeps finalizing with one validator
//! killed, and the restarted validator catches up.

use dgrid_integration_tests::{local_network, STARTUP};

#[tokio::test]
async fn network_survives_a_killed_validator_which_then_catches_up() {
	let nodes =
		local_network("network", &["alice", "bob", "charlie", "dave"], false, |_, c| c).await;
	let [alice, bob, charlie, mut dave]: [_; 4] = nodes.try_into().ok().expect("four nodes");
	// All four finalize together: GRANDPA needs more than 2/3 of the votes.
	for node in [&alice, &bob, &charlie, &dave] {
		node.wait_finalized(3, STARTUP).await;
	}

	// Kill one validator: 3 of 4 is still a supermajority, so finality goes on.
	dave.kill();
	let at_kill = alice.finalized_number().await.unwrap();
	for node in [&alice, &bob, &charlie] {
		node.wait_finalized(at_kill + 4, STARTUP).await;
	}

	// Dave comes back on the same database and catches up with the others.
	dave.restart();
	dave.wait_rpc(STARTUP).await;
	let target = alice.finalized_number().await.unwrap();
	dave.wait_finalized(target, STARTUP).await;
	// Same chain: the block Alice finalized at `target` is the one Dave has.
	assert_eq!(dave.block_hash(target).await.unwrap(), alice.block_hash(target).await.unwrap());
	// And the four of them keep finalizing.
	let next = dave.finalized_number().await.unwrap() + 2;
	for node in [&alice, &bob, &charlie, &dave] {
		node.wait_finalized(next, STARTUP).await;
	}
}

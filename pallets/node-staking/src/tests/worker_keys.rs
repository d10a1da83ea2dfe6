//! Tests of worker keys.

use super::*;

#[test]
fn set_worker_key_moves_the_mapping() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(NodeStaking::set_worker_key(RuntimeOrigin::signed(1), 21, proof(1, 21)));
		assert_eq!(NodeStaking::operator_of_worker(&21), Some(1));
		assert_eq!(NodeStaking::operator_of_worker(&11), None);
		assert_eq!(events().last(), Some(&Event::WorkerKeySet { operator: 1, worker: 21 }));
		assert_noop!(
			NodeStaking::set_worker_key(RuntimeOrigin::signed(1), 12, proof(1, 12)),
			Error::<Test>::WorkerKeyInUse
		);
		assert_noop!(
			NodeStaking::set_worker_key(RuntimeOrigin::signed(5), 25, proof(5, 25)),
			Error::<Test>::NotRegistered
		);
		assert_noop!(
			NodeStaking::set_worker_key(RuntimeOrigin::signed(1), 35, proof(1, 35)),
			Error::<Test>::WorkerAccountUnfunded
		);
		// Funded with the existential deposit, the key is taken.
		assert_ok!(Balances::transfer_allow_death(RuntimeOrigin::signed(5), 35, ED));
		assert_ok!(NodeStaking::set_worker_key(RuntimeOrigin::signed(1), 35, proof(1, 35)));
	});
}

/// Key theft: an operator cannot register a worker key it does not hold (so that the
/// victim's node, which signs with it, would serve the thief's jobs): the key must sign a
/// proof bound to the registering operator, which nobody else can replay.
#[test]
fn a_worker_key_must_prove_possession_for_its_operator() {
	ExtBuilder::default().build_and_execute(|| {
		let o = RuntimeOrigin::signed;
		let forged = sp_runtime::testing::TestSignature(15, b"anything".to_vec());
		assert_noop!(
			NodeStaking::register_operator(o(5), 15, forged, meta(b""), MIN_BOND),
			Error::<Test>::BadWorkerProof
		);
		// A proof worker 15 gave operator 6 does not let operator 5 take the key.
		assert_noop!(
			NodeStaking::register_operator(o(5), 15, proof(6, 15), meta(b""), MIN_BOND),
			Error::<Test>::BadWorkerProof
		);
		// Another key's signature does not prove this one.
		assert_noop!(
			NodeStaking::register_operator(o(5), 15, proof(5, 16), meta(b""), MIN_BOND),
			Error::<Test>::BadWorkerProof
		);
		assert_noop!(
			NodeStaking::set_worker_key(o(1), 21, proof(2, 21)),
			Error::<Test>::BadWorkerProof
		);
		assert_ok!(NodeStaking::register_operator(o(5), 15, proof(5, 15), meta(b""), MIN_BOND));
		assert_eq!(NodeStaking::operator_of_worker(&15), Some(5));
		assert_eq!(
			NodeStaking::worker_proof_payload(&5),
			codec::Encode::encode(&(b"dgrid/worker-key", 5u64))
		);
	});
}

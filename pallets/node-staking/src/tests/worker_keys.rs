//! Tests of worker keys.

use super::*;

#[test]
fn set_worker_key_moves_the_mapping() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(NodeStaking::set_worker_key(RuntimeOrigin::signed(1), 21));
		assert_eq!(NodeStaking::operator_of_worker(&21), Some(1));
		assert_eq!(NodeStaking::operator_of_worker(&11), None);
		assert_eq!(events().last(), Some(&Event::WorkerKeySet { operator: 1, worker: 21 }));
		assert_noop!(
			NodeStaking::set_worker_key(RuntimeOrigin::signed(1), 12),
			Error::<Test>::WorkerKeyInUse
		);
		assert_noop!(
			NodeStaking::set_worker_key(RuntimeOrigin::signed(5), 25),
			Error::<Test>::NotRegistered
		);
		assert_noop!(
			NodeStaking::set_worker_key(RuntimeOrigin::signed(1), 35),
			Error::<Test>::WorkerAccountUnfunded
		);
		// Funded with the existential deposit, the key is taken.
		assert_ok!(Balances::transfer_allow_death(RuntimeOrigin::signed(5), 35, ED));
		assert_ok!(NodeStaking::set_worker_key(RuntimeOrigin::signed(1), 35));
	});
}

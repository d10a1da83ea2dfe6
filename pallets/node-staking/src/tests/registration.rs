//! Tests of register_operator.

use super::*;

#[test]
fn register_holds_the_bond_and_maps_the_worker() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(NodeStaking::register_operator(
			RuntimeOrigin::signed(5),
			15,
			proof(5, 15),
			meta(b"eu-west"),
			MIN_BOND
		));
		assert_eq!(held(5), MIN_BOND);
		assert_eq!(NodeStaking::operator_of_worker(&15), Some(5));
		assert_eq!(Operators::<Test>::get(5).unwrap().reputation, Perbill::from_percent(50));
		assert_eq!(Operators::<Test>::get(5).unwrap().metadata.into_inner(), b"eu-west".to_vec());
		assert_eq!(
			events().last(),
			Some(&Event::OperatorRegistered { operator: 5, worker: 15, bond: MIN_BOND })
		);
	});
}

#[test]
fn register_failures_change_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		let o = RuntimeOrigin::signed;
		assert_noop!(
			NodeStaking::register_operator(o(1), 21, proof(1, 21), meta(b""), MIN_BOND),
			Error::<Test>::AlreadyRegistered
		);
		assert_noop!(
			NodeStaking::register_operator(o(5), 11, proof(5, 11), meta(b""), MIN_BOND),
			Error::<Test>::WorkerKeyInUse
		);
		assert_noop!(
			NodeStaking::register_operator(o(5), 15, proof(5, 15), meta(b""), MIN_BOND - 1),
			Error::<Test>::BondBelowMinimum
		);
		assert_noop!(
			NodeStaking::register_operator(o(5), 15, proof(5, 15), meta(b""), ENDOWMENT + 1),
			Error::<Test>::InsufficientBalance
		);
		// A worker account that does not exist could sign nothing valid.
		assert_noop!(
			NodeStaking::register_operator(o(5), 35, proof(5, 35), meta(b""), MIN_BOND),
			Error::<Test>::WorkerAccountUnfunded
		);
		for who in 4..=8 {
			assert_ok!(NodeStaking::register_operator(
				o(who),
				10 + who,
				proof(who, 10 + who),
				meta(b""),
				MIN_BOND
			));
		}
		assert_noop!(
			NodeStaking::register_operator(o(9), 19, proof(9, 19), meta(b""), MIN_BOND),
			Error::<Test>::TooManyOperators
		);
	});
}

#[test]
fn deregister_only_with_nothing_held() {
	ExtBuilder::default().build_and_execute(|| {
		let o = RuntimeOrigin::signed;
		assert_noop!(NodeStaking::deregister(o(1)), Error::<Test>::StillBonded);
		assert_ok!(NodeStaking::unbond(o(1), MIN_BOND));
		assert_noop!(NodeStaking::deregister(o(1)), Error::<Test>::StillBonded);
		run_to(11);
		assert_ok!(NodeStaking::withdraw_unbonded(o(1)));
		assert_ok!(NodeStaking::deregister(o(1)));
		assert_eq!(free(1), ENDOWMENT);
		assert_eq!(NodeStaking::operator_of_worker(&11), None);
		assert!(Operators::<Test>::get(1).is_none());
		assert_eq!(events().last(), Some(&Event::OperatorDeregistered { operator: 1 }));
		assert_noop!(NodeStaking::deregister(o(1)), Error::<Test>::NotRegistered);
	});
}

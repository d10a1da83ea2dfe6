//! Tests of validate / chill.

use super::*;

#[test]
fn validate_and_chill() {
	ExtBuilder::default()
		.operators(vec![(1, 11, MIN_BOND, false)])
		.build_and_execute(|| {
			let o = RuntimeOrigin::signed;
			assert_noop!(NodeStaking::chill(o(1)), Error::<Test>::NotValidating);
			assert_ok!(NodeStaking::validate(o(1)));
			assert_eq!(events().last(), Some(&Event::ValidationRequested { operator: 1 }));
			assert_noop!(NodeStaking::validate(o(1)), Error::<Test>::AlreadyValidating);
			assert_eq!(Candidates::<Test>::get().into_inner(), vec![1]);
			assert_ok!(NodeStaking::chill(o(1)));
			assert_eq!(events().last(), Some(&Event::Chilled { operator: 1 }));
			assert!(Candidates::<Test>::get().is_empty());
			assert_noop!(NodeStaking::validate(o(5)), Error::<Test>::NotRegistered);
			assert_noop!(NodeStaking::chill(o(5)), Error::<Test>::NotRegistered);
		});
}

#[test]
fn validate_needs_the_minimum_bond_and_room() {
	ExtBuilder::default().build_and_execute(|| {
		let o = RuntimeOrigin::signed;
		// Raise the minimum: operator 1 (bonded MIN_BOND) is no longer eligible.
		Params::set(dgrid_primitives::ProtocolParameters {
			min_operator_bond: 2 * MIN_BOND,
			..Params::get()
		});
		assert_ok!(NodeStaking::chill(o(1)));
		assert_noop!(NodeStaking::validate(o(1)), Error::<Test>::NotEligible);
		Params::set(dgrid_primitives::ProtocolParameters {
			min_operator_bond: MIN_BOND,
			..Params::get()
		});
		// Candidates hold five.
		for who in 4..=6 {
			assert_ok!(NodeStaking::register_operator(
				o(who),
				10 + who,
				proof(who, 10 + who),
				meta(b""),
				MIN_BOND
			));
			assert_ok!(NodeStaking::validate(o(who)));
		}
		assert_noop!(NodeStaking::validate(o(1)), Error::<Test>::TooManyCandidates);
	});
}

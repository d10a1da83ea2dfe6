//! Tests of genesis and elections.

use super::*;

#[test]
fn genesis_operators_are_bonded_and_seed_the_first_sessions() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Validators::<Test>::get().into_inner(), vec![1, 2, 3]);
		assert_eq!(NodeStaking::new_session_genesis(0), Some(vec![1, 2, 3]));
		assert_eq!(held(2), 2 * MIN_BOND);
		assert_eq!(free(2), ENDOWMENT - 2 * MIN_BOND);
		assert_eq!(Workers::<Test>::get(12), Some(2));
		assert!(NodeStaking::is_eligible(&3));
		assert_eq!(NodeStaking::standing(&3), Some(Perbill::from_percent(50)));
		assert_eq!(NodeStaking::standing(&42), None);
	});
}

#[test]
fn elections_pick_the_top_bonds_with_keys() {
	ExtBuilder::default().build_and_execute(|| {
		// Operator 4 bonds the most and validates; 3 has no keys; the set holds three.
		assert_ok!(NodeStaking::register_operator(
			RuntimeOrigin::signed(4),
			14,
			proof(4, 14),
			meta(b"four"),
			5 * MIN_BOND
		));
		assert_ok!(NodeStaking::validate(RuntimeOrigin::signed(4)));
		KeyLess::set(vec![3]);
		assert_eq!(NodeStaking::new_session(2), Some(vec![4, 2, 1]));
		assert_eq!(Validators::<Test>::get().into_inner(), vec![4, 2, 1]);
		assert!(events().contains(&Event::ValidatorsElected {
			session: 2,
			validators: BoundedVec::truncate_from(vec![4, 2, 1]),
		}));
	});
}

#[test]
fn an_empty_election_keeps_the_set() {
	ExtBuilder::default().build_and_execute(|| {
		for who in [1, 2, 3] {
			assert_ok!(NodeStaking::chill(RuntimeOrigin::signed(who)));
		}
		assert_eq!(NodeStaking::new_session(2), None);
		assert_eq!(Validators::<Test>::get().into_inner(), vec![1, 2, 3]);
	});
}

#[test]
fn empty_genesis_defers_to_session_keys() {
	ExtBuilder::default().operators(vec![]).build_and_execute(|| {
		assert!(Validators::<Test>::get().is_empty());
		assert_eq!(NodeStaking::new_session_genesis(0), None);
	});
}

#[test]
#[should_panic(expected = "a genesis worker key is listed twice")]
fn duplicate_genesis_worker_is_refused() {
	let _ = ExtBuilder::default()
		.operators(vec![(1, 11, MIN_BOND, true), (2, 11, MIN_BOND, true)])
		.build();
}

#[test]
#[should_panic(expected = "a genesis operator is bonded below the minimum bond")]
fn genesis_bond_below_minimum_is_refused() {
	let _ = ExtBuilder::default().operators(vec![(1, 11, MIN_BOND - 1, true)]).build();
}

#[test]
#[should_panic(expected = "more genesis validators than MaxValidators")]
fn oversized_genesis_set_is_refused() {
	let ops = (1..=4).map(|i| (i, 10 + i, MIN_BOND, true)).collect();
	let _ = ExtBuilder::default().operators(ops).build();
}

use crate::{mock::*, Validators};
use frame_support::BoundedVec;
use pallet_session::SessionManager;

#[test]
fn genesis_set_is_stored_and_seeds_the_first_sessions() {
	ExtBuilder::default().validators(vec![7, 3, 5]).build_and_execute(|| {
		assert_eq!(Validators::<Test>::get().into_inner(), vec![7, 3, 5]);
		assert_eq!(NodeStaking::new_session_genesis(0), Some(vec![7, 3, 5]));
		assert_eq!(NodeStaking::new_session_genesis(1), Some(vec![7, 3, 5]));
	});
}

#[test]
fn later_sessions_keep_the_set_in_force() {
	ExtBuilder::default().build_and_execute(|| {
		for session in 2..10 {
			NodeStaking::end_session(session - 1);
			assert_eq!(NodeStaking::new_session(session), None);
			NodeStaking::start_session(session);
		}
		assert_eq!(Validators::<Test>::get().into_inner(), vec![1, 2, 3]);
	});
}

#[test]
fn empty_genesis_set_defers_to_session_keys() {
	ExtBuilder::default().validators(vec![]).build_and_execute(|| {
		assert!(Validators::<Test>::get().is_empty());
		assert_eq!(NodeStaking::new_session_genesis(0), None);
	});
}

#[test]
#[should_panic(expected = "the genesis validator set has duplicates")]
fn duplicate_genesis_validator_is_refused() {
	let _ = ExtBuilder::default().validators(vec![1, 2, 1]).build();
}

#[test]
#[should_panic(expected = "more genesis validators than MaxValidators")]
fn oversized_genesis_set_is_refused() {
	let _ = ExtBuilder::default().validators(vec![1, 2, 3, 4, 5]).build();
}

#[test]
fn try_state_catches_a_broken_set() {
	ExtBuilder::default().build().execute_with(|| {
		Validators::<Test>::put(BoundedVec::truncate_from(vec![1, 2, 1]));
		assert!(NodeStaking::do_try_state().is_err());
	});
}

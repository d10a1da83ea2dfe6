//! Tests of rewards.

use super::*;

#[test]
fn session_rewards_are_split_by_merit() {
	ExtBuilder::default().build_and_execute(|| {
		NodeStaking::start_session(1);
		// Operator 1's jobs paid 800 in protocol fees, operator 2's 200: points 4 : 1.
		NodeStaking::note_fees_paid(&1, 500);
		NodeStaking::note_fees_paid(&1, 300);
		NodeStaking::note_fees_paid(&2, 200);
		let treasury_before = free(TREASURY);
		NodeStaking::end_session(1);
		NodeStaking::start_session(2);
		assert_eq!(free(TREASURY), treasury_before - 600);
		assert!(events().contains(&Event::SessionRewardsSet {
			session: 1,
			pool: 600,
			total_points: 1_000
		}));
		assert_ok!(NodeStaking::claim_reward(RuntimeOrigin::signed(9), 1, 1));
		assert_eq!(
			events().last(),
			Some(&Event::RewardPaid { operator: 1, session: 1, amount: 480 })
		);
		assert_ok!(NodeStaking::claim_reward(RuntimeOrigin::signed(2), 2, 1));
		assert_eq!(free(2), ENDOWMENT - 2 * MIN_BOND + 120);
		assert_eq!(SessionPayouts::<Test>::get(1).unwrap().claimed, 600);
		assert_noop!(
			NodeStaking::claim_reward(RuntimeOrigin::signed(1), 1, 1),
			Error::<Test>::NoMeritInSession
		);
		assert_noop!(
			NodeStaking::claim_reward(RuntimeOrigin::signed(1), 1, 2),
			Error::<Test>::NoRewardsForSession
		);
	});
}

#[test]
fn a_session_without_merit_pays_nothing_and_a_poor_treasury_pays_what_it_can() {
	ExtBuilder::default().build_and_execute(|| {
		NodeStaking::start_session(1);
		NodeStaking::end_session(1);
		assert!(SessionPayouts::<Test>::get(1).is_none());
		assert_eq!(free(TREASURY), ENDOWMENT);
		// Treasury holds only 300 above the existential deposit.
		assert_ok!(<Balances as frame_support::traits::fungible::Mutate<u64>>::transfer(
			&TREASURY,
			&8,
			ENDOWMENT - 300 - ED,
			frame_support::traits::tokens::Preservation::Preserve
		));
		NodeStaking::start_session(2);
		NodeStaking::note_fees_paid(&1, 1_000);
		NodeStaking::end_session(2);
		NodeStaking::start_session(3);
		assert_eq!(SessionPayouts::<Test>::get(2).unwrap().pool, 300);
		assert_eq!(free(TREASURY), ED);
		assert_ok!(NodeStaking::claim_reward(RuntimeOrigin::signed(1), 1, 2));
		// The pot keeps only its existential deposit.
		assert_eq!(free(NodeStaking::reward_account()), ED);
	});
}

/// Reward farming: a session's pool is never more than the protocol fees paid in it, so no
/// operator wins more than its jobs paid the treasury, and the treasury never pays out more
/// in rewards than it took in.
#[test]
fn the_pool_is_never_more_than_the_session_fees() {
	ExtBuilder::default().build_and_execute(|| {
		NodeStaking::start_session(1);
		// One operator's jobs paid 50 in protocol fees: a session reward of 600 pays 50.
		NodeStaking::note_fees_paid(&1, 50);
		NodeStaking::note_fees_paid(&2, 0);
		let treasury_before = free(TREASURY);
		NodeStaking::end_session(1);
		NodeStaking::start_session(2);
		assert_eq!(SessionPayouts::<Test>::get(1).unwrap().pool, 50);
		assert_eq!(free(TREASURY), treasury_before - 50);
		assert_ok!(NodeStaking::claim_reward(RuntimeOrigin::signed(1), 1, 1));
		assert_eq!(free(1), ENDOWMENT - MIN_BOND + 50);
		// A job that paid no protocol fee earns no merit.
		assert_noop!(
			NodeStaking::claim_reward(RuntimeOrigin::signed(2), 2, 1),
			Error::<Test>::NoMeritInSession
		);
	});
}

/// A small pool split between several operators: the first claim cannot reap the reward
/// account and lose what the others are owed.
#[test]
fn claims_never_reap_the_reward_account() {
	ExtBuilder::default().build_and_execute(|| {
		NodeStaking::start_session(1);
		// A pool of 16 (the existential deposit is 10), half each.
		NodeStaking::note_fees_paid(&1, 8);
		NodeStaking::note_fees_paid(&2, 8);
		NodeStaking::end_session(1);
		NodeStaking::start_session(2);
		assert_eq!(SessionPayouts::<Test>::get(1).unwrap().pool, 16);
		assert_ok!(NodeStaking::claim_reward(RuntimeOrigin::signed(1), 1, 1));
		assert_ok!(NodeStaking::claim_reward(RuntimeOrigin::signed(2), 2, 1));
		assert_eq!(free(1), ENDOWMENT - MIN_BOND + 8);
		assert_eq!(free(2), ENDOWMENT - 2 * MIN_BOND + 8);
		assert_eq!(free(NodeStaking::reward_account()), ED);
	});
}

#[test]
fn try_state_catches_a_hold_out_of_step() {
	ExtBuilder::default().build().execute_with(|| {
		Operators::<Test>::mutate(1, |o| o.as_mut().unwrap().bonded += 1);
		assert!(NodeStaking::do_try_state().is_err());
	});
}

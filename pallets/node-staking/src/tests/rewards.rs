//! Tests of rewards.

use super::*;
use frame_support::{traits::Hooks, weights::Weight};

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

/// Session 1's pool of 16, half claimed by operator 1; with a claim window of 2 sessions it
/// expires once session 4 starts.
fn half_claimed_session() {
	NodeStaking::start_session(1);
	NodeStaking::note_fees_paid(&1, 8);
	NodeStaking::note_fees_paid(&2, 8);
	NodeStaking::end_session(1);
	NodeStaking::start_session(2);
	assert_ok!(NodeStaking::claim_reward(RuntimeOrigin::signed(1), 1, 1));
}

#[test]
fn unclaimed_rewards_expire_after_the_claim_window_and_return_to_the_treasury() {
	ExtBuilder::default().build_and_execute(|| {
		half_claimed_session();
		let treasury = free(TREASURY);
		// Still within the window: nothing expires, and operator 2 could claim.
		NodeStaking::start_session(3);
		NodeStaking::on_idle(1, Weight::MAX);
		assert!(SessionPoints::<Test>::contains_key(1, 2));
		assert_eq!(ExpiryCursor::<Test>::get(), 1, "session 0, with nothing, is past");
		NodeStaking::start_session(4);
		assert!(NodeStaking::claim_expired(1));
		assert_noop!(
			NodeStaking::claim_reward(RuntimeOrigin::signed(2), 2, 1),
			Error::<Test>::RewardExpired
		);
		NodeStaking::on_idle(1, Weight::MAX);
		assert!(!SessionPoints::<Test>::contains_key(1, 2));
		assert!(SessionPayouts::<Test>::get(1).is_none());
		assert_eq!(free(TREASURY), treasury + 8);
		assert_eq!(free(NodeStaking::reward_account()), ED);
		assert_eq!(ExpiryCursor::<Test>::get(), 2);
		System::assert_has_event(Event::SessionRewardsExpired { session: 1, returned: 8 }.into());
	});
}

#[test]
fn expiry_within_a_small_budget_carries_over() {
	ExtBuilder::default().build_and_execute(|| {
		half_claimed_session();
		NodeStaking::start_session(4);
		// Room for the check only: nothing done, the cursor stays.
		let db: frame_support::weights::RuntimeDbWeight =
			<Test as frame_system::Config>::DbWeight::get();
		let used = NodeStaking::on_idle(1, db.reads(2));
		assert_eq!(used, db.reads(2));
		assert!(SessionPoints::<Test>::contains_key(1, 2));
		assert_eq!(ExpiryCursor::<Test>::get(), 0);
		// No room at all: nothing.
		assert_eq!(NodeStaking::on_idle(1, Weight::zero()), Weight::zero());
		NodeStaking::on_idle(1, Weight::MAX);
		assert!(!SessionPoints::<Test>::contains_key(1, 2));
		assert_eq!(ExpiryCursor::<Test>::get(), 2);
	});
}

/// A session with many operators' points expires over several blocks, each within its budget.
#[test]
fn a_full_session_expires_over_blocks_within_each_budget() {
	ExtBuilder::default().build_and_execute(|| {
		NodeStaking::start_session(1);
		for operator in 100..160u64 {
			NodeStaking::note_fees_paid(&operator, 1);
		}
		NodeStaking::end_session(1);
		NodeStaking::start_session(4);
		let db: frame_support::weights::RuntimeDbWeight =
			<Test as frame_system::Config>::DbWeight::get();
		// Room for the check, closing a session and 20 points.
		let budget = db
			.reads(2)
			.saturating_add(<() as crate::WeightInfo>::claim_reward())
			.saturating_add(db.reads_writes(2, 2))
			.saturating_add(db.reads_writes(1, 1).saturating_mul(20));
		let mut blocks = 0;
		while SessionPayouts::<Test>::get(1).is_some() {
			let used = NodeStaking::on_idle(1, budget);
			assert!(!used.any_gt(budget), "block {blocks} used {used:?} of {budget:?}");
			blocks += 1;
			assert!(blocks < 10, "the expiry makes progress");
		}
		assert!(blocks >= 3, "60 points at most 20 a block: {blocks} blocks");
		assert_eq!(SessionPoints::<Test>::iter_prefix(1).count(), 0);
	});
}

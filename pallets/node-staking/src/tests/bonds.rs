//! Tests of bond / unbond / withdraw.

use super::*;

#[test]
fn bond_adds_to_the_hold() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(NodeStaking::bond(RuntimeOrigin::signed(1), 500));
		assert_eq!(held(1), MIN_BOND + 500);
		assert_eq!(NodeStaking::bond_of(&1), MIN_BOND + 500);
		assert_eq!(events().last(), Some(&Event::Bonded { operator: 1, amount: 500 }));
		assert_noop!(NodeStaking::bond(RuntimeOrigin::signed(1), 0), Error::<Test>::ZeroAmount);
		assert_noop!(NodeStaking::bond(RuntimeOrigin::signed(5), 10), Error::<Test>::NotRegistered);
		assert_noop!(
			NodeStaking::bond(RuntimeOrigin::signed(1), ENDOWMENT),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn unbond_keeps_funds_held_until_the_period_passes() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(NodeStaking::unbond(RuntimeOrigin::signed(3), MIN_BOND));
		assert_eq!(held(3), 3 * MIN_BOND, "unbonding funds stay held");
		assert_eq!(NodeStaking::bond_of(&3), 2 * MIN_BOND);
		assert_eq!(
			events().last(),
			Some(&Event::Unbonded { operator: 3, amount: MIN_BOND, unlock_at: 11 })
		);
		assert_noop!(
			NodeStaking::withdraw_unbonded(RuntimeOrigin::signed(3)),
			Error::<Test>::NothingToWithdraw
		);
		run_to(11);
		assert_ok!(NodeStaking::withdraw_unbonded(RuntimeOrigin::signed(3)));
		assert_eq!(held(3), 2 * MIN_BOND);
		assert_eq!(free(3), ENDOWMENT - 2 * MIN_BOND);
		assert_eq!(events().last(), Some(&Event::Withdrawn { operator: 3, amount: MIN_BOND }));
	});
}

#[test]
fn unbond_failures() {
	ExtBuilder::default().build_and_execute(|| {
		let o = RuntimeOrigin::signed;
		assert_noop!(NodeStaking::unbond(o(2), 0), Error::<Test>::ZeroAmount);
		assert_noop!(NodeStaking::unbond(o(5), 1), Error::<Test>::NotRegistered);
		assert_noop!(
			NodeStaking::unbond(o(2), 2 * MIN_BOND + 1),
			Error::<Test>::UnbondMoreThanBonded
		);
		assert_noop!(
			NodeStaking::unbond(o(2), MIN_BOND + 1),
			Error::<Test>::RemainingBondBelowMinimum
		);
		// Two chunks at most: same-block unbonds merge, a third unlock block is refused.
		assert_ok!(NodeStaking::unbond(o(3), 100));
		assert_ok!(NodeStaking::unbond(o(3), 100));
		run_to(2);
		assert_ok!(NodeStaking::unbond(o(3), 100));
		run_to(3);
		assert_noop!(NodeStaking::unbond(o(3), 100), Error::<Test>::TooManyUnbondingChunks);
		assert_eq!(Operators::<Test>::get(3).unwrap().unbonding.len(), 2);
	});
}

#[test]
fn unbonding_everything_chills_and_makes_ineligible() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(NodeStaking::unbond(RuntimeOrigin::signed(1), MIN_BOND));
		assert!(!NodeStaking::is_eligible(&1));
		assert_eq!(NodeStaking::standing(&1), None, "an ineligible operator is not routed to");
		assert!(!Candidates::<Test>::get().contains(&1));
		assert!(events().contains(&Event::Chilled { operator: 1 }));
		assert_eq!(NodeStaking::new_session(2), Some(vec![3, 2]));
	});
}

#[test]
fn open_liabilities_block_withdrawal_until_they_settle() {
	ExtBuilder::default().build_and_execute(|| {
		let o = RuntimeOrigin::signed;
		assert_ok!(NodeStaking::unbond(o(3), 3 * MIN_BOND));
		assert_eq!(NodeStaking::held_by(&3), 3 * MIN_BOND, "unbonding funds count as held");
		assert_eq!(NodeStaking::bond_of(&3), 0);
		// An answered job waits for its verdict: the unbonded funds stay held past maturity.
		Owed::set(vec![(3, 1)]);
		run_to(11);
		assert_noop!(NodeStaking::withdraw_unbonded(o(3)), Error::<Test>::PendingLiabilities);
		assert_eq!(held(3), 3 * MIN_BOND);
		// Whatever the verdict slashes, it reaches the unbonding funds.
		assert_eq!(NodeStaking::slash(&3, MIN_BOND, &TREASURY), MIN_BOND);
		assert_eq!(NodeStaking::held_by(&3), 2 * MIN_BOND);
		// Settled: the rest can leave.
		Owed::set(vec![]);
		assert_ok!(NodeStaking::withdraw_unbonded(o(3)));
		assert_eq!(held(3), 0);
		assert_eq!(free(3), ENDOWMENT - MIN_BOND);
	});
}

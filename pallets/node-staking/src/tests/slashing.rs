//! Tests of slashing.

use super::*;

#[test]
fn slash_takes_the_bond_then_the_newest_unbonding_chunks() {
	ExtBuilder::default().build_and_execute(|| {
		let o = RuntimeOrigin::signed;
		// Operator 3: 3000 bonded → 1000 active, chunks 1000 (unlock 11) and 1000 (unlock 12).
		assert_ok!(NodeStaking::unbond(o(3), MIN_BOND));
		run_to(2);
		assert_ok!(NodeStaking::unbond(o(3), MIN_BOND));
		let treasury_before = free(TREASURY);
		assert_eq!(NodeStaking::slash(&3, 1_500, &TREASURY), 1_500);
		let op = Operators::<Test>::get(3).unwrap();
		assert_eq!(op.bonded, 0);
		assert_eq!(
			op.unbonding.iter().map(|c| (c.amount, c.unlock_at)).collect::<Vec<_>>(),
			vec![(1_000, 11), (500, 12)]
		);
		assert_eq!(held(3), 1_500);
		assert_eq!(free(TREASURY), treasury_before + 1_500);
		assert!(events().contains(&Event::Slashed {
			operator: 3,
			amount: 1_500,
			beneficiary: TREASURY
		}));
		// Below the minimum, the operator is no longer a candidate.
		assert!(!Candidates::<Test>::get().contains(&3));
	});
}

#[test]
fn slashing_more_than_held_takes_only_what_there_is() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(NodeStaking::slash(&1, 10 * MIN_BOND, &9), MIN_BOND);
		assert_eq!(held(1), 0);
		assert_eq!(free(9), ENDOWMENT + MIN_BOND);
		assert_eq!(NodeStaking::slash(&1, 1, &9), 0);
		assert_eq!(NodeStaking::slash(&42, 1, &9), 0, "unknown operators have nothing to slash");
	});
}

#[test]
fn slash_reaches_funds_even_after_unbonding_matures() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(NodeStaking::unbond(RuntimeOrigin::signed(1), MIN_BOND));
		run_to(50);
		// Matured but not withdrawn: still held, still slashable.
		assert_eq!(NodeStaking::slash(&1, 400, &TREASURY), 400);
		assert_ok!(NodeStaking::withdraw_unbonded(RuntimeOrigin::signed(1)));
		assert_eq!(free(1), ENDOWMENT - 400);
	});
}

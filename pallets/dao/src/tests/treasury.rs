//! Tests of treasury.

use super::*;

#[test]
fn the_treasury_origin_spends_up_to_its_limit() {
	ExtBuilder::default().build_and_execute(|| {
		let treasury = Dao::treasury_account();
		assert_ok!(Dao::spend(origins::Origin::Treasury.into(), 250 * DGRID, 7));
		assert_eq!(Balances::balance(&7), 250 * DGRID);
		assert_eq!(Balances::balance(&treasury), TREASURY_FUNDS - 250 * DGRID);
		assert_eq!(last_event(), Event::TreasurySpent { beneficiary: 7, amount: 250 * DGRID });
		// Exactly the limit is allowed.
		assert_ok!(Dao::spend(origins::Origin::Treasury.into(), SpendLimit::get(), 2));
		assert_eq!(Balances::balance(&2), 100 * DGRID + SpendLimit::get());
	});
}

#[test]
fn spend_refuses_bad_amounts_and_keeps_every_balance() {
	ExtBuilder::default().treasury(50 * DGRID).build_and_execute(|| {
		let treasury = Dao::treasury_account();
		let treasury_origin = || -> RuntimeOrigin { origins::Origin::Treasury.into() };
		assert_noop!(Dao::spend(treasury_origin(), 0, 7), Error::<Test>::ZeroSpend);
		assert_noop!(
			Dao::spend(treasury_origin(), SpendLimit::get() + 1, 7),
			Error::<Test>::SpendAboveLimit
		);
		// The treasury keeps its existential deposit.
		assert_noop!(Dao::spend(treasury_origin(), 50 * DGRID, 7), Error::<Test>::TreasuryTooPoor);
		assert_ok!(Dao::spend(treasury_origin(), 50 * DGRID - ExistentialDeposit::get(), 7));
		assert_eq!(Balances::balance(&treasury), ExistentialDeposit::get());
		// Down to its existential deposit, the treasury cannot pay even one planck.
		assert_noop!(Dao::spend(treasury_origin(), 1, 8), Error::<Test>::TreasuryTooPoor);
		for (_, origin) in other_origins("treasury") {
			assert_noop!(Dao::spend(origin, DGRID, 7), DispatchError::BadOrigin);
		}
	});
}

#[test]
fn a_spend_below_the_existential_deposit_of_a_new_account_moves_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		let treasury = Dao::treasury_account();
		assert_noop!(
			Dao::spend(origins::Origin::Treasury.into(), ExistentialDeposit::get() - 1, 9),
			sp_runtime::TokenError::BelowMinimum
		);
		assert_eq!(Balances::balance(&9), 0);
		assert_eq!(Balances::balance(&treasury), TREASURY_FUNDS);
	});
}

#[test]
fn an_empty_treasury_cannot_spend() {
	ExtBuilder::default().treasury(0).build_and_execute(|| {
		assert_noop!(
			Dao::spend(origins::Origin::Treasury.into(), DGRID, 7),
			Error::<Test>::TreasuryTooPoor
		);
	});
}

use crate::{mock::*, ProtocolParams};
use dgrid_primitives::{ProtocolParameters, ProtocolParams as _};
use sp_runtime::{traits::AccountIdConversion, Perbill};

#[test]
fn genesis_parameters_are_stored_and_served() {
	let params =
		ProtocolParameters::<u64> { challenge_period: 42, ..ProtocolParameters::testnet() };
	ExtBuilder::default().params(params).build_and_execute(|| {
		assert_eq!(ProtocolParams::<Test>::get(), Some(params));
		assert_eq!(<Dao as dgrid_primitives::ProtocolParams<u64>>::params(), params);
	});
}

#[test]
#[should_panic(expected = "invalid DGrid protocol parameters")]
fn genesis_with_a_zero_period_is_refused() {
	let params = ProtocolParameters::<u64> { job_deadline: 0, ..ProtocolParameters::development() };
	let _ = ExtBuilder::default().params(params).build();
}

#[test]
#[should_panic(expected = "invalid DGrid protocol parameters")]
fn genesis_with_an_audit_rate_below_the_floor_is_refused() {
	let params = ProtocolParameters::<u64> {
		audit_rate: Perbill::from_percent(1),
		..ProtocolParameters::development()
	};
	let _ = ExtBuilder::default().params(params).build();
}

#[test]
fn missing_parameters_fail_try_state_and_fall_back_to_development() {
	ExtBuilder::default().build().execute_with(|| {
		ProtocolParams::<Test>::kill();
		assert!(Dao::do_try_state().is_err());
		assert_eq!(Dao::params(), ProtocolParameters::development());
	});
}

#[test]
fn treasury_account_is_derived_from_the_pallet_id() {
	ExtBuilder::default().build_and_execute(|| {
		let expected: u64 = TreasuryPalletId::get().into_account_truncating();
		assert_eq!(Dao::treasury_account(), expected);
		assert_ne!(Dao::treasury_account(), 0);
	});
}

//! Tests of genesis.

use super::*;

#[test]
fn genesis_parameters_and_timing_are_stored_and_served() {
	let params =
		ProtocolParameters::<u64> { challenge_period: 42, ..ProtocolParameters::testnet() };
	ExtBuilder::default().params(params).build_and_execute(|| {
		assert_eq!(ParametersInForce::<Test>::get(), Some(params));
		assert_eq!(Dao::params(), params);
		assert_eq!(TrackTimingInForce::<Test>::get(), TrackTiming::Development);
	});
}

#[test]
fn track_timing_defaults_to_live() {
	assert_eq!(TrackTiming::default(), TrackTiming::Live);
	assert_eq!(crate::GenesisConfig::<Test>::default().track_timing, TrackTiming::Live);
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
fn missing_parameters_fail_try_state_and_fall_back_to_live_periods() {
	ExtBuilder::default().build().execute_with(|| {
		ParametersInForce::<Test>::kill();
		assert!(Dao::do_try_state().is_err());
		// Never the development periods on a chain that may be live.
		assert_eq!(Dao::params(), ProtocolParameters::testnet());
		assert_ne!(Dao::params(), ProtocolParameters::development());
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

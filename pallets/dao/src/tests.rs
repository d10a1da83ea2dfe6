#![allow(clippy::arithmetic_side_effects)]

use crate::{mock::*, origins, Error, Event, GovernanceTiming, ProtocolParams, TrackTiming};
use dgrid_primitives::{ParameterChange, ProtocolParameters, ProtocolParams as _, Verdict, DGRID};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::Inspect, EnsureOrigin},
};
use sp_runtime::{traits::AccountIdConversion, DispatchError, Perbill};

/// Every origin a call may be given, with the name tests print.
fn all_origins() -> Vec<(&'static str, RuntimeOrigin)> {
	vec![
		("root", RuntimeOrigin::root()),
		("signed", RuntimeOrigin::signed(1)),
		("none", RuntimeOrigin::none()),
		("parameters", origins::Origin::Parameters.into()),
		("treasury", origins::Origin::Treasury.into()),
		("model_curation", origins::Origin::ModelCuration.into()),
		("dispute_jury", origins::Origin::DisputeJury.into()),
	]
}

/// Every origin but `allowed`.
fn other_origins(allowed: &str) -> Vec<(&'static str, RuntimeOrigin)> {
	all_origins().into_iter().filter(|(name, _)| *name != allowed).collect()
}

fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| match r.event {
			RuntimeEvent::Dao(e) => Some(e),
			_ => None,
		})
		.expect("a Dao event")
}

#[test]
fn genesis_parameters_and_timing_are_stored_and_served() {
	let params =
		ProtocolParameters::<u64> { challenge_period: 42, ..ProtocolParameters::testnet() };
	ExtBuilder::default().params(params).build_and_execute(|| {
		assert_eq!(ProtocolParams::<Test>::get(), Some(params));
		assert_eq!(Dao::params(), params);
		assert_eq!(GovernanceTiming::<Test>::get(), TrackTiming::Development);
		assert_eq!(Dao::track_timing(), TrackTiming::Development);
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

#[test]
fn each_governance_origin_passes_only_its_own_check() {
	ExtBuilder::default().build_and_execute(|| {
		let accepted = |name: &str| -> Vec<&'static str> {
			all_origins()
				.into_iter()
				.filter(|(_, o)| match name {
					"parameters" => origins::EnsureParameters::try_origin(o.clone()).is_ok(),
					"treasury" => origins::EnsureTreasury::try_origin(o.clone()).is_ok(),
					"model_curation" => origins::EnsureModelCuration::try_origin(o.clone()).is_ok(),
					_ => origins::EnsureDisputeJury::try_origin(o.clone()).is_ok(),
				})
				.map(|(n, _)| n)
				.collect()
		};
		for name in ["parameters", "treasury", "model_curation", "dispute_jury"] {
			assert_eq!(accepted(name), vec![name], "{name}");
		}
	});
}

#[test]
fn the_parameters_origin_replaces_the_whole_set() {
	ExtBuilder::default().build_and_execute(|| {
		let old = Dao::params();
		let new = ProtocolParameters {
			challenge_period: 9,
			protocol_fee: Perbill::from_percent(3),
			min_operator_bond: 5 * DGRID,
			..old
		};
		assert_ok!(Dao::set_parameters(origins::Origin::Parameters.into(), new));
		assert_eq!(Dao::params(), new);
		assert_eq!(last_event(), Event::ParametersChanged { old, new });
	});
}

#[test]
fn set_parameters_refuses_every_other_origin() {
	ExtBuilder::default().build_and_execute(|| {
		let old = Dao::params();
		let new = ProtocolParameters { challenge_period: 9, ..old };
		for (name, origin) in other_origins("parameters") {
			assert_noop!(Dao::set_parameters(origin, new), DispatchError::BadOrigin);
			assert_eq!(Dao::params(), old, "{name}");
		}
	});
}

#[test]
fn set_parameters_refuses_out_of_bounds_sets_by_name() {
	ExtBuilder::default().build_and_execute(|| {
		let base = Dao::params();
		let cases = [
			(ProtocolParameters { reveal_period: 0, ..base }, Error::<Test>::ZeroPeriod),
			(
				ProtocolParameters { quality_threshold: 101, ..base },
				Error::<Test>::QualityThresholdAbove100,
			),
			(
				ProtocolParameters { audit_rate: Perbill::from_percent(1), ..base },
				Error::<Test>::AuditRateBelowFloor,
			),
			(
				ProtocolParameters { protocol_fee: Perbill::from_percent(60), ..base },
				Error::<Test>::ProtocolFeeTooHigh,
			),
			(ProtocolParameters { min_operator_bond: 0, ..base }, Error::<Test>::ZeroMinimumBond),
		];
		for (params, error) in cases {
			assert_noop!(Dao::set_parameters(origins::Origin::Parameters.into(), params), error);
		}
		assert_eq!(Dao::params(), base);
	});
}

#[test]
fn set_parameter_changes_one_field_and_keeps_the_rest() {
	ExtBuilder::default().build_and_execute(|| {
		let old = Dao::params();
		assert_ok!(Dao::set_parameter(
			origins::Origin::Parameters.into(),
			ParameterChange::JobDeadline(12)
		));
		let new = ProtocolParameters { job_deadline: 12, ..old };
		assert_eq!(Dao::params(), new);
		assert_eq!(last_event(), Event::ParametersChanged { old, new });

		assert_ok!(Dao::set_parameter(
			origins::Origin::Parameters.into(),
			ParameterChange::AuditRate(Perbill::from_percent(10))
		));
		assert_eq!(
			Dao::params(),
			ProtocolParameters { audit_rate: Perbill::from_percent(10), ..new }
		);
	});
}

#[test]
fn set_parameter_refuses_bad_values_and_other_origins() {
	ExtBuilder::default().build_and_execute(|| {
		let old = Dao::params();
		let parameters = || -> RuntimeOrigin { origins::Origin::Parameters.into() };
		assert_noop!(
			Dao::set_parameter(parameters(), ParameterChange::ChallengePeriod(0)),
			Error::<Test>::ZeroPeriod
		);
		assert_noop!(
			Dao::set_parameter(parameters(), ParameterChange::QualityThreshold(250)),
			Error::<Test>::QualityThresholdAbove100
		);
		assert_noop!(
			Dao::set_parameter(parameters(), ParameterChange::MinOperatorBond(0)),
			Error::<Test>::ZeroMinimumBond
		);
		for (_, origin) in other_origins("parameters") {
			assert_noop!(
				Dao::set_parameter(origin, ParameterChange::ChallengePeriod(9)),
				DispatchError::BadOrigin
			);
		}
		assert_eq!(Dao::params(), old);
	});
}

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

#[test]
fn the_jury_rules_on_escalated_disputes_once() {
	ExtBuilder::default().build_and_execute(|| {
		Disputes::escalate(4);
		assert_ok!(Dao::rule_on_dispute(
			origins::Origin::DisputeJury.into(),
			4,
			Verdict::ProviderAtFault
		));
		assert_eq!(Disputes::verdict(4), Some(Verdict::ProviderAtFault));
		assert_eq!(
			last_event(),
			Event::DisputeRuled { dispute: 4, verdict: Verdict::ProviderAtFault }
		);
		assert_noop!(
			Dao::rule_on_dispute(origins::Origin::DisputeJury.into(), 4, Verdict::ProviderUpheld),
			Error::<Test>::DisputeNotEscalated
		);
		assert_noop!(
			Dao::rule_on_dispute(origins::Origin::DisputeJury.into(), 5, Verdict::ProviderUpheld),
			Error::<Test>::UnknownDispute
		);
		assert_eq!(Disputes::verdict(4), Some(Verdict::ProviderAtFault));
	});
}

#[test]
fn rule_on_dispute_refuses_every_other_origin() {
	ExtBuilder::default().build_and_execute(|| {
		Disputes::escalate(4);
		for (_, origin) in other_origins("dispute_jury") {
			assert_noop!(
				Dao::rule_on_dispute(origin, 4, Verdict::ProviderUpheld),
				DispatchError::BadOrigin
			);
		}
		assert_eq!(Disputes::verdict(4), None);
	});
}

//! Tests of parameters.

use super::*;

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
			(
				ProtocolParameters { unbonding_period: 10, ..base },
				Error::<Test>::UnbondingShorterThanVerdicts,
			),
			// The jury could not rule before its default ruling.
			(
				ProtocolParameters { jury_period: JuryTrackLength::get(), ..base },
				Error::<Test>::JuryPeriodTooShort,
			),
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

#![allow(clippy::arithmetic_side_effects)]

mod genesis;
mod origin_checks;
mod parameters;
mod treasury;

use crate::{mock::*, origins, Error, Event, ParametersInForce, TrackTiming, TrackTimingInForce};
use dgrid_primitives::{ParameterChange, ProtocolParameters, ProtocolParams as _, DGRID};
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

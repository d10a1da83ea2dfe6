//! The try-runtime checks on the real runtime: every pallet's migrations with their pre- and
//! post-upgrade checks, the whole state decoding, and every pallet's `try_state`, on each
//! preset's genesis and on a chain with a job, an escrow and an audit in flight.

use super::ext_of;
use crate::{Executive, Market, NodeStaking, Runtime, RuntimeOrigin};
use frame_support::traits::{Hooks, UpgradeCheckSelect};
use pallet_market::{JobTarget, RoutingPolicy, Strategy};
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring::*;

fn upgrade_checks_pass() {
	let checked = Executive::try_runtime_upgrade(UpgradeCheckSelect::All);
	assert!(checked.is_ok(), "try-runtime checks: {checked:?}");
}

#[test]
fn every_preset_passes_the_upgrade_and_state_checks_at_genesis() {
	for preset in [
		DEV_RUNTIME_PRESET,
		LOCAL_TESTNET_RUNTIME_PRESET,
		crate::genesis_config_presets::TESTNET_PRESET,
	] {
		ext_of(preset).execute_with(upgrade_checks_pass);
	}
}

/// A job answered on the local chain, whose result is under audit: escrow held, a review with
/// a round in progress, timers due.
#[test]
fn a_chain_with_a_job_under_audit_passes_the_upgrade_and_state_checks() {
	ext_of(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		let input = br#"[{"role":"user","content":"hi"}]"#.to_vec();
		assert!(Market::submit_job(
			RuntimeOrigin::signed(Bob.to_account_id()),
			JobTarget::Model(0),
			input.try_into().expect("a short input"),
			100,
			crate::DGRID,
			RoutingPolicy::with_strategy(Strategy::Cheapest),
		)
		.is_ok());
		let job = pallet_market::Jobs::<Runtime>::get(0).expect("job 0");
		let provider = job.assignment().expect("assigned").operator.clone();
		let worker = pallet_node_staking::Operators::<Runtime>::get(&provider)
			.expect("a genesis operator")
			.worker;
		assert!(Market::submit_result(
			RuntimeOrigin::signed(worker),
			0,
			b"hello".to_vec().try_into().expect("a short answer"),
			30,
			20,
			100,
		)
		.is_ok());
		// Drawn after the draw window (3 blocks) of block 1.
		for n in 2..=5 {
			frame_system::Pallet::<Runtime>::set_block_number(n);
			Market::on_initialize(n);
			crate::Poq::on_initialize(n);
		}
		assert!(
			matches!(
				pallet_poq::Reviews::<Runtime>::get(0).map(|r| r.phase),
				Some(pallet_poq::Phase::Voting { .. })
			),
			"a new operator's result is under audit"
		);
		upgrade_checks_pass();
		NodeStaking::do_try_state().expect("staking invariants");

		// The checks catch a broken invariant: a dispute no review points at.
		pallet_poq::Disputes::<Runtime>::insert(
			7,
			pallet_poq::Dispute {
				job: 0,
				challenger: Eve.to_account_id(),
				kind: pallet_poq::DisputeKind::Challenge,
				bond: 1,
				opened_at: 5,
			},
		);
		assert_eq!(
			crate::Poq::do_try_state(),
			Err("an open dispute's review does not point at it".into())
		);
		assert!(Executive::try_runtime_upgrade(UpgradeCheckSelect::All).is_err());
	});
}

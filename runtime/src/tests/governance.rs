//! Governance in the real runtime: every track runs a whole referendum (submit, decision
//! deposit, votes, confirmation, enactment) with the development timing, and each track's origin
//! can do only what its track is for.

#![allow(clippy::arithmetic_side_effects)]

use crate::{
	governance::{track, Tracks, TreasurySpendLimit},
	tests::ext_of,
	AccountId, Balances, ConvictionVoting, Dao, Market, OriginCaller, Preimage, Referenda, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeOrigin, Scheduler, System, DGRID,
};
use codec::Encode;
use dgrid_primitives::{ParameterChange, ProtocolParams as _};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::Inspect, schedule::DispatchTime, Hooks, StorePreimage},
};
use pallet_conviction_voting::{AccountVote, Conviction, Vote};
use pallet_dao::{origins::Origin as DaoOrigin, TrackTiming};
use pallet_referenda::{ReferendumInfo, TracksInfo};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_io::hashing::blake2_256;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::{traits::Dispatchable, DispatchError};

fn signed(who: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.to_account_id())
}

/// Run the scheduler (which drives referenda) up to block `n`.
fn run_to(n: u32) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Scheduler::on_initialize(next);
	}
}

/// What `voters` each lock behind their vote.
const STAKE: u128 = 100_000 * DGRID;

/// Submit `call` on the track of `origin`, place the decision deposit and vote on it with
/// `ayes` and `nays`; returns the referendum's index.
fn propose(
	call: RuntimeCall,
	origin: OriginCaller,
	ayes: &[Sr25519Keyring],
	nays: &[Sr25519Keyring],
) -> u32 {
	let index = pallet_referenda::ReferendumCount::<Runtime>::get();
	let proposal = Preimage::bound(call).expect("the call is bounded");
	assert_ok!(Referenda::submit(
		signed(Alice),
		Box::new(origin),
		proposal,
		DispatchTime::After(0)
	));
	assert_ok!(Referenda::place_decision_deposit(signed(Alice), index));
	for (voters, aye) in [(ayes, true), (nays, false)] {
		for who in voters {
			let vote = Vote { aye, conviction: Conviction::Locked1x };
			assert_ok!(ConvictionVoting::vote(
				signed(*who),
				index,
				AccountVote::Standard { vote, balance: STAKE }
			));
		}
	}
	index
}

/// Whether referendum `index` was approved.
fn approved(index: u32) -> bool {
	matches!(
		pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
		Some(ReferendumInfo::Approved(..))
	)
}

/// The result of enacting referendum `index`'s proposal, if the scheduler dispatched it.
/// (Referenda's own alarms are scheduler dispatches too; enactments are named by referendum.)
fn enacted(index: u32) -> Option<Result<(), DispatchError>> {
	let enactment = (*b"assembly", "enactment", index).using_encoded(blake2_256);
	System::events().into_iter().find_map(|r| match r.event {
		RuntimeEvent::Scheduler(pallet_scheduler::Event::Dispatched { id, result, .. })
			if id == Some(enactment) =>
		{
			Some(result)
		},
		_ => None,
	})
}

/// Pass `call` on `origin`'s track with three ayes and run the chain until it is enacted.
fn pass_and_enact(call: RuntimeCall, origin: OriginCaller) -> Result<(), DispatchError> {
	let index = propose(call, origin, &[Alice, Bob, Charlie], &[]);
	assert_eq!(enacted(index), None);
	run_to(System::block_number() + 12);
	assert!(approved(index), "referendum {index} passed");
	enacted(index).expect("the proposal was enacted")
}

#[test]
fn development_chains_run_the_development_tracks_and_testnets_the_live_ones() {
	ext_of(DEV_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_dao::TrackTimingInForce::<Runtime>::get(), TrackTiming::Development);
		assert!(Tracks::tracks().all(|t| t.info.decision_period == 40));
	});
	ext_of(crate::genesis_config_presets::TESTNET_PRESET).execute_with(|| {
		assert_eq!(pallet_dao::TrackTimingInForce::<Runtime>::get(), TrackTiming::Live);
		let root = Tracks::info(track::ROOT).expect("root track");
		assert_eq!(root.decision_period, 14 * crate::DAYS);
		assert_eq!(root.max_deciding, 1);
	});
}

#[test]
fn tracks_are_sorted_named_and_mapped_from_their_origins() {
	ext_of(DEV_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(Tracks::check_integrity(), Ok(()));
		let names: Vec<String> = Tracks::tracks()
			.map(|t| String::from_utf8_lossy(&t.info.name).trim_end_matches('\0').to_string())
			.collect();
		assert_eq!(names, ["root", "parameters", "treasury", "model_curation", "dispute_jury"]);
		let cases = [
			(OriginCaller::system(frame_system::RawOrigin::Root), Ok(track::ROOT)),
			(DaoOrigin::Parameters.into(), Ok(track::PARAMETERS)),
			(DaoOrigin::Treasury.into(), Ok(track::TREASURY)),
			(DaoOrigin::ModelCuration.into(), Ok(track::MODEL_CURATION)),
			(DaoOrigin::DisputeJury.into(), Ok(track::DISPUTE_JURY)),
			(OriginCaller::system(frame_system::RawOrigin::Signed(Alice.to_account_id())), Err(())),
			(OriginCaller::system(frame_system::RawOrigin::None), Err(())),
		];
		for (origin, expected) in cases {
			assert_eq!(Tracks::track_for(&origin), expected, "{origin:?}");
		}
	});
}

#[test]
fn no_track_for_a_signed_proposal_origin() {
	ext_of(DEV_RUNTIME_PRESET).execute_with(|| {
		let call = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
		assert_noop!(
			Referenda::submit(
				signed(Alice),
				Box::new(OriginCaller::system(frame_system::RawOrigin::Signed(
					Bob.to_account_id()
				))),
				Preimage::bound(call).expect("the call is bounded"),
				DispatchTime::After(0)
			),
			pallet_referenda::Error::<Runtime>::NoTrack
		);
	});
}

#[test]
fn root_track_lifecycle_runs_a_root_only_call() {
	ext_of(DEV_RUNTIME_PRESET).execute_with(|| {
		let dave: AccountId = Dave.to_account_id();
		let call = RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
			who: dave.clone().into(),
			new_free: 7 * DGRID,
		});
		assert_eq!(pass_and_enact(call, frame_system::RawOrigin::Root.into()), Ok(()));
		assert_eq!(Balances::balance(&dave), 7 * DGRID);
	});
}

#[test]
fn parameters_track_lifecycle_changes_a_protocol_parameter() {
	ext_of(DEV_RUNTIME_PRESET).execute_with(|| {
		let before = Dao::params();
		let call = RuntimeCall::Dao(pallet_dao::Call::set_parameter {
			change: ParameterChange::ChallengePeriod(9),
		});
		assert_eq!(pass_and_enact(call, DaoOrigin::Parameters.into()), Ok(()));
		assert_eq!(
			Dao::params(),
			dgrid_primitives::ProtocolParameters { challenge_period: 9, ..before }
		);
	});
}

#[test]
fn treasury_track_lifecycle_pays_a_spend() {
	ext_of(DEV_RUNTIME_PRESET).execute_with(|| {
		let treasury = Dao::treasury_account();
		let ferdie: AccountId = Ferdie.to_account_id();
		let (treasury_before, ferdie_before) =
			(Balances::balance(&treasury), Balances::balance(&ferdie));
		let call = RuntimeCall::Dao(pallet_dao::Call::spend {
			amount: 1_000 * DGRID,
			beneficiary: ferdie.clone().into(),
		});
		assert_eq!(pass_and_enact(call, DaoOrigin::Treasury.into()), Ok(()));
		assert_eq!(Balances::balance(&ferdie), ferdie_before + 1_000 * DGRID);
		assert_eq!(Balances::balance(&treasury), treasury_before - 1_000 * DGRID);
	});
}

#[test]
fn treasury_track_cannot_spend_above_its_limit() {
	ext_of(DEV_RUNTIME_PRESET).execute_with(|| {
		let call = RuntimeCall::Dao(pallet_dao::Call::spend {
			amount: TreasurySpendLimit::get() + 1,
			beneficiary: Ferdie.to_account_id().into(),
		});
		assert_eq!(
			pass_and_enact(call, DaoOrigin::Treasury.into()),
			Err(pallet_dao::Error::<Runtime>::SpendAboveLimit.into())
		);
	});
}

#[test]
fn model_curation_track_lifecycle_delists_a_model() {
	ext_of(DEV_RUNTIME_PRESET).execute_with(|| {
		let call = RuntimeCall::Market(pallet_market::Call::delist_model { model: 0 });
		assert_eq!(pass_and_enact(call, DaoOrigin::ModelCuration.into()), Ok(()));
		let model = pallet_market::Models::<Runtime>::get(0).expect("model 0 is kept, delisted");
		assert_eq!(model.status, pallet_market::ModelStatus::Delisted);
		Market::do_try_state().expect("market invariants hold");
	});
}

#[test]
fn dispute_jury_track_lifecycle_reaches_poq() {
	ext_of(DEV_RUNTIME_PRESET).execute_with(|| {
		let call = RuntimeCall::Poq(pallet_poq::Call::rule {
			dispute: 1,
			ruling: pallet_poq::Ruling::ProviderAtFault,
		});
		// The jury's origin passes the check; the runtime has no escalated dispute yet, which
		// is PoQ's answer (not `BadOrigin`).
		assert_eq!(
			pass_and_enact(call, DaoOrigin::DisputeJury.into()),
			Err(pallet_poq::Error::<Runtime>::UnknownDispute.into())
		);
	});
}

#[test]
fn each_track_origin_is_refused_outside_its_track() {
	ext_of(DEV_RUNTIME_PRESET).execute_with(|| {
		let before = Dao::params();
		let params_call = RuntimeCall::Dao(pallet_dao::Call::set_parameter {
			change: ParameterChange::JobDeadline(3),
		});
		let spend_call = RuntimeCall::Dao(pallet_dao::Call::spend {
			amount: DGRID,
			beneficiary: Eve.to_account_id().into(),
		});
		let delist_call = RuntimeCall::Market(pallet_market::Call::delist_model { model: 0 });
		let upgrade = RuntimeCall::System(frame_system::Call::set_code { code: vec![1, 2, 3] });
		let wrong: [(RuntimeCall, OriginCaller); 7] = [
			(params_call.clone(), DaoOrigin::Treasury.into()),
			(params_call.clone(), frame_system::RawOrigin::Root.into()),
			(spend_call.clone(), DaoOrigin::Parameters.into()),
			(spend_call, frame_system::RawOrigin::Root.into()),
			(delist_call, DaoOrigin::DisputeJury.into()),
			(upgrade.clone(), DaoOrigin::Parameters.into()),
			(upgrade, frame_system::RawOrigin::Signed(Alice.to_account_id()).into()),
		];
		for (call, origin) in wrong {
			let result = call.clone().dispatch(RuntimeOrigin::from(origin.clone()));
			assert_eq!(
				result.map_err(|e| e.error),
				Err(DispatchError::BadOrigin),
				"{call:?} by {origin:?}"
			);
		}
		assert_eq!(Dao::params(), before);
		assert!(pallet_market::Models::<Runtime>::get(0)
			.is_some_and(|m| m.status == pallet_market::ModelStatus::Listed));
	});
}

#[test]
fn a_rejected_referendum_changes_nothing_and_loses_no_funds() {
	ext_of(DEV_RUNTIME_PRESET).execute_with(|| {
		let before = Dao::params();
		let issuance = Balances::total_issuance();
		let call = RuntimeCall::Dao(pallet_dao::Call::set_parameter {
			change: ParameterChange::ChallengePeriod(9),
		});
		let index = propose(call, DaoOrigin::Parameters.into(), &[Alice], &[Bob, Charlie]);
		run_to(System::block_number() + 45);
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
			Some(ReferendumInfo::Rejected(..))
		));
		assert_eq!(Dao::params(), before);
		assert_eq!(enacted(index), None);
		// Deposits are refundable, not slashed: nothing minted or burnt.
		assert_ok!(Referenda::refund_decision_deposit(signed(Alice), index));
		assert_eq!(Balances::total_issuance(), issuance);
	});
}

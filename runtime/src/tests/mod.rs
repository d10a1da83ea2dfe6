//! Genesis presets build a usable chain: validators, authorities, balances, parameters.
//! Governance and the off-chain worker are tested in the submodules.

mod attacks;
mod capacity;
mod governance;
mod ocw;
#[cfg(feature = "try-runtime")]
mod try_runtime;

use crate::{
	genesis_config_presets::{
		get_preset, preset_names, ENDOWMENT, OPERATOR_BOND, SAMPLE_MODEL, TESTNET_PRESET,
		TREASURY_ENDOWMENT,
	},
	AccountId, Babe, Balances, Dao, Grandpa, Market, NodeStaking, Runtime, RuntimeGenesisConfig,
};
use dgrid_primitives::{ProtocolParameters, ProtocolParams as _};
use frame_support::genesis_builder_helper::build_state;
use serde_json::Value;
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;

/// Apply a JSON patch onto a JSON value, as the node does with a preset over the default
/// genesis config.
fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (k, v) in patch {
				merge(base.entry(k).or_insert(Value::Null), v);
			}
		},
		(base, patch) => *base = patch,
	}
}

pub(crate) fn ext_of(preset: &str) -> sp_io::TestExternalities {
	let patch: Value =
		serde_json::from_slice(&get_preset(&preset.into()).expect("preset exists")).unwrap();
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge(&mut config, patch);
	let mut ext = sp_io::TestExternalities::new_empty();
	ext.execute_with(|| {
		build_state::<RuntimeGenesisConfig>(serde_json::to_vec(&config).unwrap())
			.expect("genesis builds")
	});
	ext
}

fn accounts(keys: &[Sr25519Keyring]) -> Vec<AccountId> {
	keys.iter().map(|k| k.to_account_id()).collect()
}

fn check_set(preset: &str, expected: &[Sr25519Keyring]) {
	ext_of(preset).execute_with(|| {
		let expected = accounts(expected);
		assert_eq!(pallet_node_staking::Validators::<Runtime>::get().into_inner(), expected);
		assert_eq!(pallet_session::Validators::<Runtime>::get(), expected);
		assert_eq!(Babe::authorities().len(), expected.len());
		assert_eq!(Grandpa::grandpa_authorities().len(), expected.len());
		NodeStaking::do_try_state().expect("validator set invariants");
		Market::do_try_state().expect("market invariants");
		// Every validator is a bonded operator offering the sample model.
		let offers = pallet_market::ModelOffers::<Runtime>::get(0);
		assert_eq!(offers.iter().map(|o| o.operator.clone()).collect::<Vec<_>>(), expected);
		for who in &expected {
			assert!(<NodeStaking as dgrid_primitives::NodeRegistry<AccountId>>::is_eligible(who));
			assert_eq!(
				<NodeStaking as dgrid_primitives::NodeRegistry<AccountId>>::bond_of(who),
				OPERATOR_BOND
			);
		}
		let model = pallet_market::Models::<Runtime>::get(0).expect("the sample model is listed");
		assert_eq!(model.name.into_inner(), SAMPLE_MODEL.as_bytes().to_vec());
		Dao::do_try_state().expect("parameter invariants");
	});
}

#[test]
fn development_has_alice_as_the_only_validator_and_sudo() {
	check_set(DEV_RUNTIME_PRESET, &[Sr25519Keyring::Alice]);
	ext_of(DEV_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Sr25519Keyring::Alice.to_account_id()));
		assert_eq!(Dao::params(), ProtocolParameters::development());
	});
}

#[test]
fn local_and_testnet_have_four_validators_and_no_sudo() {
	use Sr25519Keyring::*;
	for preset in [LOCAL_TESTNET_RUNTIME_PRESET, TESTNET_PRESET] {
		check_set(preset, &[Alice, Bob, Charlie, Dave]);
		ext_of(preset).execute_with(|| assert_eq!(pallet_sudo::Key::<Runtime>::get(), None));
	}
	ext_of(TESTNET_PRESET)
		.execute_with(|| assert_eq!(Dao::params(), ProtocolParameters::testnet()));
	ext_of(LOCAL_TESTNET_RUNTIME_PRESET)
		.execute_with(|| assert_eq!(Dao::params(), ProtocolParameters::development()));
}

#[test]
fn dev_accounts_are_funded_and_issuance_matches() {
	ext_of(DEV_RUNTIME_PRESET).execute_with(|| {
		let funded = Sr25519Keyring::iter().count() as u128;
		// Plus the reward account's existential deposit, minted at genesis.
		let reward_account = NodeStaking::reward_account();
		assert_eq!(Balances::free_balance(&reward_account), crate::configs::EXISTENTIAL_DEPOSIT);
		assert_eq!(
			Balances::total_issuance(),
			funded * ENDOWMENT + TREASURY_ENDOWMENT + crate::configs::EXISTENTIAL_DEPOSIT
		);
		assert_eq!(Balances::free_balance(Sr25519Keyring::Bob.to_account_id()), ENDOWMENT);
		assert_eq!(Balances::free_balance(Dao::treasury_account()), TREASURY_ENDOWMENT);
	});
}

#[test]
fn presets_are_listed_and_unknown_ones_refused() {
	assert_eq!(preset_names(), vec!["development", "local_testnet", "testnet"]);
	assert!(get_preset(&"mainnet".into()).is_none());
}

/// The real market and operator registry together: a job's primary and first fallback unbond
/// everything while it is in flight (the "provider leaves" case); at the deadline the job moves
/// to the next operator still bonded, whose worker key answers, and settlement pays exactly.
#[test]
fn market_fails_over_past_operators_who_left_and_settles_with_the_real_registry() {
	use dgrid_primitives::Reputation as _;
	use frame_support::traits::{fungible::InspectHold, Hooks};
	use pallet_market::{JobStatus, JobTarget, RoutingPolicy, Strategy};
	use sp_keyring::Sr25519Keyring::*;

	ext_of(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		let bob = Bob.to_account_id();
		let input = br#"[{"role":"user","content":"hi"}]"#.to_vec();
		assert!(Market::submit_job(
			crate::RuntimeOrigin::signed(bob.clone()),
			JobTarget::Model(0),
			input.try_into().unwrap(),
			100,
			crate::DGRID,
			RoutingPolicy::with_strategy(Strategy::Cheapest),
		)
		.is_ok());
		let job = pallet_market::Jobs::<Runtime>::get(0).unwrap();
		let route: Vec<AccountId> = job.route.iter().map(|a| a.operator.clone()).collect();
		assert_eq!(route.len(), 4, "all four genesis operators are on the route");
		let held = job.hold;
		// The storage deposit is held with the escrow, and comes back at settlement.
		let deposit = job.deposit;
		assert_eq!(deposit, crate::MICRO_DGRID * (32 + 16_384));
		let escrow = pallet_market::HoldReason::JobEscrow.into();
		assert_eq!(Balances::balance_on_hold(&escrow, &bob), held);

		// The primary and the first fallback unbond everything: no longer eligible.
		for leaver in &route[..2] {
			assert!(NodeStaking::unbond(
				crate::RuntimeOrigin::signed(leaver.clone()),
				OPERATOR_BOND
			)
			.is_ok());
		}
		let JobStatus::Assigned { deadline } = job.status else { panic!("assigned") };
		let run = |blocks: core::ops::RangeInclusive<u32>| {
			for n in blocks {
				frame_system::Pallet::<Runtime>::set_block_number(n);
				Market::on_initialize(n);
				crate::Poq::on_initialize(n);
			}
		};
		run(2..=deadline + 1);
		let job = pallet_market::Jobs::<Runtime>::get(0).unwrap();
		let server = route[2].clone();
		assert_eq!(job.assignment().unwrap().operator, server);
		// A missed deadline costs the primary reputation; its funds stay held while unbonding.
		assert!(NodeStaking::reputation(&route[0]) < NodeStaking::reputation(&server));
		let bond = pallet_node_staking::HoldReason::OperatorBond.into();
		assert_eq!(Balances::balance_on_hold(&bond, &route[0]), OPERATOR_BOND);

		// The serving operator's worker key answers.
		let worker = pallet_node_staking::Operators::<Runtime>::get(&server).unwrap().worker;
		assert!(Market::submit_result(
			crate::RuntimeOrigin::signed(worker),
			0,
			b"hello".to_vec().try_into().unwrap(),
			30,
			20,
			100,
		)
		.is_ok());
		let server_before = Balances::free_balance(&server);
		let treasury_before = Balances::free_balance(Dao::treasury_account());
		let bob_before = Balances::free_balance(&bob);
		// The server is new: its result is audited. The spot check is drawn after the draw
		// window among the eligible operators offering the model (the leavers are not), and
		// passes.
		let window: u32 =
			<<Runtime as pallet_poq::Config>::DrawWindow as frame_support::traits::Get<u32>>::get();
		let drawn = deadline + 1 + window + 1;
		run(deadline + 2..=drawn);
		let review =
			pallet_poq::Reviews::<Runtime>::get(0).expect("a new operator's job is audited");
		let pallet_poq::Phase::Voting { round, .. } = review.phase else {
			panic!("a spot check in progress")
		};
		let verifiers: Vec<AccountId> = round.members.iter().map(|m| m.verifier.clone()).collect();
		assert_eq!(verifiers, vec![route[3].clone()]);
		let verifier_before = Balances::free_balance(&route[3]);
		let verifier_worker =
			pallet_node_staking::Operators::<Runtime>::get(&route[3]).unwrap().worker;
		let salt = [9u8; 32];
		let commitment = crate::Poq::commitment(0, round.number, &route[3], 100, &salt);
		let origin = || crate::RuntimeOrigin::signed(verifier_worker.clone());
		assert!(crate::Poq::commit(origin(), 0, commitment).is_ok());
		assert!(crate::Poq::reveal(origin(), 0, 100, salt).is_ok());
		let settle_at = deadline + 1 + Dao::params().challenge_period;
		run(drawn + 1..=settle_at);
		assert_eq!(pallet_market::Jobs::<Runtime>::get(0).unwrap().status, JobStatus::Settled);
		let fee = 30 * crate::MILLI_DGRID / 1000 + 20 * 2 * crate::MILLI_DGRID / 1000;
		let protocol = Dao::params().protocol_fee.mul_floor(fee);
		let verification = Dao::params().verification_fee.mul_floor(fee);
		// The verifier is paid out of the job: the provider's part is less by it.
		assert_eq!(Balances::free_balance(&server) - server_before, fee - protocol - verification);
		assert_eq!(Balances::free_balance(&route[3]) - verifier_before, verification);
		// The treasury takes the protocol fee and pays nobody.
		assert_eq!(Balances::free_balance(Dao::treasury_account()) - treasury_before, protocol);
		crate::Poq::do_try_state().unwrap();
		assert_eq!(Balances::free_balance(&bob) - bob_before, held - fee + deposit);
		assert_eq!(Balances::balance_on_hold(&escrow, &bob), 0);
		Market::do_try_state().unwrap();
		NodeStaking::do_try_state().unwrap();
	});
}

//! Genesis presets: `development` (one validator, Alice), `local_testnet` (Alice, Bob, Charlie
//! and Dave validate) and `testnet` (four validators, periods in hours).
//!
//! Every protocol period comes from here into the chain spec: seconds on the development and
//! local chains, hours on the testnet. So do the governance tracks' periods: blocks on the
//! development and local chains (a referendum passes in about a minute), days on the testnet.
//!
//! Every validator is also a bonded operator (worker key: its `//<Name>//stash` account) that
//! offers the sample model, so a dev chain takes jobs from its first block. The treasury starts
//! with funds for session rewards.

#![deny(missing_docs)]

use crate::{AccountId, Balance, SessionKeys, BABE_GENESIS_EPOCH_CONFIG, DGRID};
use alloc::{vec, vec::Vec};
use dgrid_primitives::ProtocolParameters;
use frame_support::traits::Get;
use pallet_dao::TrackTiming;
use serde_json::Value;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// Name of the testnet preset.
pub const TESTNET_PRESET: &str = "testnet";

/// What every dev account starts with: one million DGRID.
pub const ENDOWMENT: Balance = 1_000_000 * DGRID;

/// What each genesis operator bonds.
pub const OPERATOR_BOND: Balance = 100_000 * DGRID;

/// What the treasury starts with.
pub const TREASURY_ENDOWMENT: Balance = 1_000_000 * DGRID;

/// The sample model every genesis operator offers (model 0).
pub const SAMPLE_MODEL: &str = "dgrid-echo-1";

/// Sample prices per 1,000 input and output tokens: 0.001 and 0.002 DGRID.
pub const SAMPLE_PRICES: (Balance, Balance) = (crate::MILLI_DGRID, 2 * crate::MILLI_DGRID);

/// A validator at genesis: its account and its session keys.
fn validator(who: Sr25519Keyring, grandpa: Ed25519Keyring) -> (AccountId, AccountId, SessionKeys) {
	let account = who.to_account_id();
	let keys = SessionKeys { babe: who.public().into(), grandpa: grandpa.public().into() };
	(account.clone(), account, keys)
}

fn genesis(
	validators: Vec<(AccountId, AccountId, SessionKeys)>,
	workers: Vec<AccountId>,
	endowed: Vec<AccountId>,
	sudo: Option<AccountId>,
	params: ProtocolParameters<u32>,
	track_timing: TrackTiming,
) -> Value {
	let mut balances: Vec<(AccountId, Balance)> =
		endowed.into_iter().map(|who| (who, ENDOWMENT)).collect();
	balances.push((crate::configs::TreasuryAccount::get(), TREASURY_ENDOWMENT));
	let operators: Vec<(AccountId, AccountId, Balance, bool)> = validators
		.iter()
		.zip(workers)
		.map(|((who, _, _), worker)| (who.clone(), worker, OPERATOR_BOND, true))
		.collect();
	let offers: Vec<(u32, AccountId, Balance, Balance, u32)> = validators
		.iter()
		.map(|(who, _, _)| (0, who.clone(), SAMPLE_PRICES.0, SAMPLE_PRICES.1, 8))
		.collect();
	let model_owner = validators.first().map(|(who, _, _)| who.clone());
	let models: Vec<(AccountId, Vec<u8>, u32)> = model_owner
		.into_iter()
		.map(|o| (o, SAMPLE_MODEL.as_bytes().to_vec(), 8192))
		.collect();
	serde_json::json!({
		"balances": { "balances": balances },
		"babe": { "epochConfig": BABE_GENESIS_EPOCH_CONFIG },
		"nodeStaking": { "operators": operators },
		"session": { "keys": validators },
		"sudo": { "key": sudo },
		"dao": { "params": params, "trackTiming": track_timing },
		"market": { "models": models, "offers": offers },
	})
}

/// The well-known development accounts.
fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::iter().map(|k| k.to_account_id()).collect()
}

/// The worker keys of the four validators, in their order.
fn four_workers() -> Vec<AccountId> {
	[
		Sr25519Keyring::AliceStash,
		Sr25519Keyring::BobStash,
		Sr25519Keyring::CharlieStash,
		Sr25519Keyring::DaveStash,
	]
	.iter()
	.map(|k| k.to_account_id())
	.collect()
}

fn four_validators() -> Vec<(AccountId, AccountId, SessionKeys)> {
	vec![
		validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
		validator(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		validator(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
		validator(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
	]
}

/// One validator (Alice), funded dev accounts, Alice as sudo, periods in seconds.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		vec![Sr25519Keyring::AliceStash.to_account_id()],
		dev_accounts(),
		Some(Sr25519Keyring::Alice.to_account_id()),
		ProtocolParameters::development(),
		TrackTiming::Development,
	)
}

/// Four validators (Alice, Bob, Charlie, Dave), funded dev accounts, no sudo, periods in
/// seconds.
pub fn local_config_genesis() -> Value {
	genesis(
		four_validators(),
		four_workers(),
		dev_accounts(),
		None,
		ProtocolParameters::development(),
		TrackTiming::Development,
	)
}

/// Four validators, funded dev accounts, no sudo, periods in hours.
pub fn testnet_config_genesis() -> Value {
	genesis(
		four_validators(),
		four_workers(),
		dev_accounts(),
		None,
		ProtocolParameters::testnet(),
		TrackTiming::Live,
	)
}

/// The JSON patch of a named preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_str() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		TESTNET_PRESET => testnet_config_genesis(),
		_ => return None,
	};
	serde_json::to_string(&patch).ok().map(|s| s.into_bytes())
}

/// The names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(TESTNET_PRESET),
	]
}

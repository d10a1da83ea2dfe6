//! # DGrid runtime
//!
//! The FRAME runtime of the DGrid chain: BABE block production and GRANDPA finality over a
//! validator set chosen by `pallet-node-staking`, balances and transaction payment in DGRID, and
//! the DGrid pallets (`market`, `node-staking`, `poq`, `dao`) wired together through the
//! `dgrid-primitives` traits.

#![cfg_attr(not(feature = "std"), no_std)]
// `missing_docs` is denied in each hand-written module: what `#[frame_support::runtime]`,
// `impl_runtime_apis!` and the wasm builder generate here carries no docs of its own.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benches {
	frame_benchmarking::define_benchmarks!(
		[frame_benchmarking, BaselineBench::<Runtime>]
		[frame_system, SystemBench::<Runtime>]
		[pallet_balances, Balances]
		[pallet_timestamp, Timestamp]
		[pallet_sudo, Sudo]
		[pallet_node_staking, NodeStaking]
		[pallet_market, Market]
		[pallet_dao, Dao]
		[pallet_poq, Poq]
		[pallet_scheduler, Scheduler]
		[pallet_preimage, Preimage]
		[pallet_conviction_voting, ConvictionVoting]
		[pallet_referenda, Referenda]
	);
}

pub mod apis;
mod configs;
pub mod genesis_config_presets;
pub mod governance;
mod offchain;
pub mod weights;

use alloc::vec::Vec;
use sp_runtime::{generic, impl_opaque_keys, traits::BlakeTwo256};
use sp_version::{runtime_version, RuntimeVersion};

pub use configs::{EpochDuration, RuntimeBlockWeights};
pub use dgrid_primitives::{AccountId, Balance, BlockNumber, Hash, Nonce, Signature};
pub use dgrid_primitives::{DGRID, MICRO_DGRID, MILLI_DGRID, TOKEN_DECIMALS, TOKEN_SYMBOL};
pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
#[cfg(feature = "std")]
pub use sp_runtime::BuildStorage;

/// Opaque types: what the node needs to know of blocks without knowing the runtime's calls.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as sp_runtime::traits::Hash>::Output;
}

impl_opaque_keys! {
	/// The keys a validator registers for a session: BABE (block production) and GRANDPA
	/// (finality).
	pub struct SessionKeys {
		/// BABE block-production key (sr25519).
		pub babe: Babe,
		/// GRANDPA finality key (ed25519).
		pub grandpa: Grandpa,
	}
}

/// The runtime version.
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("dgrid"),
	impl_name: alloc::borrow::Cow::Borrowed("dgrid-node"),
	authoring_version: 1,
	spec_version: 100,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// Target block time. BABE slots have this length; it cannot change once the chain runs.
pub const MILLISECS_PER_BLOCK: u64 = 3000;
/// BABE slot duration.
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;
/// Blocks per minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;
/// Length of a session (a BABE epoch) in blocks. BABE fixes it at genesis, so it is a runtime
/// constant rather than a DAO parameter.
pub const EPOCH_DURATION_IN_BLOCKS: BlockNumber = 10 * MINUTES;

/// BABE's genesis epoch configuration: a primary slot leader with probability 1/4 per
/// validator, secondary VRF slots so that every slot has an author.
pub const BABE_GENESIS_EPOCH_CONFIG: sp_consensus_babe::BabeEpochConfiguration =
	sp_consensus_babe::BabeEpochConfiguration {
		c: (1, 4),
		allowed_slots: sp_consensus_babe::AllowedSlots::PrimaryAndSecondaryVRFSlots,
	};

/// The address format for describing accounts.
pub type Address = sp_runtime::MultiAddress<AccountId, ()>;
/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// The transaction extensions: what every signed transaction carries and is checked for.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	// Valid results and declines from a job's assigned worker are feeless.
	pallet_skip_feeless_payment::SkipCheckIfFeeless<
		Runtime,
		pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	>,
	frame_system::WeightReclaim<Runtime>,
);
/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;
/// Migrations to run on runtime upgrade, besides the pallets' own.
type Migrations = ();
/// Executive: dispatches to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Babe = pallet_babe;
	#[runtime::pallet_index(2)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(3)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(4)]
	pub type TransactionPayment = pallet_transaction_payment;
	// Node staking seeds the validator set, so its genesis is built before the session's.
	#[runtime::pallet_index(5)]
	pub type NodeStaking = pallet_node_staking;
	#[runtime::pallet_index(6)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(7)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(8)]
	pub type Sudo = pallet_sudo;
	#[runtime::pallet_index(9)]
	pub type SkipFeelessPayment = pallet_skip_feeless_payment;

	// Governance: referenda with conviction voting, and what they need.
	#[runtime::pallet_index(10)]
	pub type Scheduler = pallet_scheduler;
	#[runtime::pallet_index(11)]
	pub type Preimage = pallet_preimage;
	#[runtime::pallet_index(12)]
	pub type ConvictionVoting = pallet_conviction_voting;
	#[runtime::pallet_index(13)]
	pub type Referenda = pallet_referenda;
	#[runtime::pallet_index(14)]
	pub type Origins = pallet_dao::origins;

	#[runtime::pallet_index(20)]
	pub type Dao = pallet_dao;
	#[runtime::pallet_index(21)]
	pub type Market = pallet_market;
	#[runtime::pallet_index(22)]
	pub type Poq = pallet_poq;
}

#[cfg(test)]
mod tests;

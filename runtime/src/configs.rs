//! Configuration of every pallet in the runtime.

#![deny(missing_docs)]

use crate::{
	AccountId, Babe, Balance, Balances, Block, BlockNumber, Hash, Nonce, PalletInfo, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin, RuntimeTask,
	SessionKeys, System, EPOCH_DURATION_IN_BLOCKS, MILLISECS_PER_BLOCK, SLOT_DURATION, VERSION,
};
use dgrid_primitives::{DGRID, MILLI_DGRID};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{ConstU128, ConstU32, ConstU64, ConstU8, Contains, Get, VariantCountOf},
	weights::{
		constants::{ParityDbWeight, WEIGHT_REF_TIME_PER_SECOND},
		Weight,
	},
	PalletId,
};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_runtime::{traits::OpaqueKeys, Perbill};
use sp_version::RuntimeVersion;

const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// Existential deposit: the smallest balance an account may hold (0.001 DGRID).
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_DGRID;

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;
	/// One second of compute in a three-second block, 75 % of it for normal transactions. The
	/// overhead of a block and of an extrinsic is measured on this runtime
	/// (`runtime/src/weights/{block,extrinsic}_weights.rs`), like every pallet's weights.
	pub RuntimeBlockWeights: frame_system::limits::BlockWeights = {
		let max = Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND, u64::MAX);
		let normal = Weight::from_parts(
			NORMAL_DISPATCH_RATIO.mul_floor(max.ref_time()),
			NORMAL_DISPATCH_RATIO.mul_floor(max.proof_size()),
		);
		frame_system::limits::BlockWeights::builder()
			.base_block(crate::weights::block_weights::BlockExecutionWeight::get())
			.for_class(DispatchClass::all(), |w| {
				w.base_extrinsic = crate::weights::extrinsic_weights::ExtrinsicBaseWeight::get();
			})
			.for_class(DispatchClass::Normal, |w| w.max_total = Some(normal))
			.for_class(DispatchClass::Operational, |w| {
				w.max_total = Some(max);
				w.reserved = Some(max.saturating_sub(normal));
			})
			.avg_block_initialization(Perbill::from_percent(10))
			.build_or_panic()
	};
	/// 5 MiB blocks.
	pub RuntimeBlockLength: frame_system::limits::BlockLength =
		frame_system::limits::BlockLength::builder()
			.max_length(5 * 1024 * 1024)
			.modify_max_length_for_class(frame_support::dispatch::DispatchClass::Normal, |max| {
				*max = NORMAL_DISPATCH_RATIO.mul_floor(*max)
			})
			.build();
	/// Generic Substrate SS58 prefix until DGrid registers its own.
	pub const SS58Prefix: u16 = 42;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	type DbWeight = ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
}

parameter_types! {
	/// A session is one BABE epoch.
	pub const EpochDuration: u64 = EPOCH_DURATION_IN_BLOCKS as u64;
	pub const ExpectedBlockTime: u64 = MILLISECS_PER_BLOCK;
}

/// Upper bound on the validator set (BABE and GRANDPA authorities).
pub type MaxValidators = ConstU32<100>;

impl pallet_babe::Config for Runtime {
	type EpochDuration = EpochDuration;
	type ExpectedBlockTime = ExpectedBlockTime;
	// Sessions (driven by `pallet-session`) trigger epoch changes.
	type EpochChangeTrigger = pallet_babe::ExternalTrigger;
	type DisabledValidators = crate::Session;
	type WeightInfo = ();
	type MaxAuthorities = MaxValidators;
	type MaxNominators = ConstU32<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = MaxValidators;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Babe;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = ();
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ();
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	pub FeeMultiplier: Multiplier = Multiplier::from_u32(1);
	/// Plancks per unit of weight (a picosecond of reference time): a block's normal share
	/// (0.75 s) costs 75 DGRID, so that filling the chain for an hour costs about 90,000
	/// DGRID. A result batch, a heartbeat, a commit or a reveal that lands is feeless.
	pub const FeePerWeight: Balance = 100;
	/// Plancks per byte of a transaction: a micro-DGRID, so a 16 KiB job input costs 0.016
	/// DGRID on top of its weight.
	pub const FeePerByte: Balance = crate::MICRO_DGRID;
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = frame_support::weights::ConstantMultiplier<Balance, FeePerWeight>;
	type LengthToFee = frame_support::weights::ConstantMultiplier<Balance, FeePerByte>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = sp_runtime::traits::ConvertInto;
	type ShouldEndSession = Babe;
	type NextSessionRotation = Babe;
	type SessionManager = crate::NodeStaking;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = ();
}

impl pallet_skip_feeless_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Session reward pools wait in an account derived from this id until claimed.
	pub const RewardPalletId: PalletId = PalletId(*b"dg/rewrd");
	/// A new observation moves reputation by a tenth of the way.
	pub const ReputationSmoothing: Perbill = Perbill::from_percent(10);
	/// New operators start at 50 % reputation.
	pub const InitialReputation: Perbill = Perbill::from_percent(50);
}

/// The DAO's treasury account, where protocol fees and slashes go and rewards come from.
pub struct TreasuryAccount;
impl Get<AccountId> for TreasuryAccount {
	fn get() -> AccountId {
		crate::Dao::treasury_account()
	}
}

/// Operators with session keys set, the only ones that can be elected. (Benchmarks elect
/// accounts without keys, so that the election's worst case is measured.)
pub struct WithSessionKeys;
impl Contains<AccountId> for WithSessionKeys {
	fn contains(who: &AccountId) -> bool {
		cfg!(feature = "runtime-benchmarks")
			|| pallet_session::Pallet::<Runtime>::load_keys(who).is_some()
	}
}

impl pallet_node_staking::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Params = crate::Dao;
	type Treasury = TreasuryAccount;
	type RewardPalletId = RewardPalletId;
	type HasSessionKeys = WithSessionKeys;
	// Answered jobs not yet settled, and verifier seats in open rounds.
	type Liabilities = (crate::Market, crate::Poq);
	type OperatorRemoved = (crate::Market, crate::Poq);
	// Sessions are epochs (10 minutes): a week to claim a session's reward.
	type ClaimWindow = ConstU32<1_008>;
	type WorkerSignature = dgrid_primitives::Signature;
	type MaxValidators = MaxValidators;
	type MaxCandidates = ConstU32<256>;
	type MaxOperators = ConstU32<10_000>;
	type MaxMetadataLen = ConstU32<256>;
	type MaxUnbondingChunks = ConstU32<16>;
	type ReputationSmoothing = ReputationSmoothing;
	type InitialReputation = InitialReputation;
	type WeightInfo = pallet_node_staking::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = NodeStakingBenchmarkHelper;
}

/// Worker keys for node staking's benchmarks: sr25519 keys made in the benchmark's keystore,
/// which sign their proofs.
#[cfg(feature = "runtime-benchmarks")]
pub struct NodeStakingBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_node_staking::benchmarking::BenchmarkHelper<AccountId, dgrid_primitives::Signature>
	for NodeStakingBenchmarkHelper
{
	fn worker(index: u32, operator: &AccountId) -> (AccountId, dgrid_primitives::Signature) {
		use sp_runtime::traits::IdentifyAccount as _;
		let key = dgrid_primitives::worker::KEY_TYPE;
		let seed = alloc::format!("//dgrid-benchmark-worker-{index}").into_bytes();
		let public = sp_io::crypto::sr25519_generate(key, Some(seed));
		let payload = crate::NodeStaking::worker_proof_payload(operator);
		// Without a keystore the proof is empty, and the benchmark fails on it.
		let signature = sp_io::crypto::sr25519_sign(key, &public, &payload)
			.unwrap_or_else(|| sp_core::sr25519::Signature::from_raw([0; 64]));
		(sp_runtime::MultiSigner::from(public).into_account(), signature.into())
	}
}

parameter_types! {
	/// The treasury account is derived from this id.
	pub const TreasuryPalletId: PalletId = PalletId(*b"dg/trsry");
}

impl pallet_dao::Config for Runtime {
	type Currency = Balances;
	type TreasuryPalletId = TreasuryPalletId;
	type ParametersOrigin = crate::governance::ParametersOrigin;
	type SpendOrigin = crate::governance::SpendOrigin;
	type JuryTrackLength = crate::governance::JuryTrackLength;
	type WeightInfo = pallet_dao::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// A new latency report moves an offer's average a fifth of the way.
	pub const LatencySmoothing: Perbill = Perbill::from_percent(20);
	/// Deadlines, settlements and pruning may use 55 % of a block. A job's settlement weighs
	/// about half of the job's whole cost with results submitted in batches (see
	/// BENCHMARKS.md), so this share lets settlements keep pace with the jobs the rest of the
	/// block accepts.
	pub MarketHookBudget: Weight = {
		let max = RuntimeBlockWeights::get().max_block;
		let share = Perbill::from_percent(55);
		Weight::from_parts(share.mul_floor(max.ref_time()), share.mul_floor(max.proof_size()))
	};
}

impl pallet_market::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Params = crate::Dao;
	type Registry = crate::NodeStaking;
	type Reputation = crate::NodeStaking;
	type Quality = crate::Poq;
	type Randomness = pallet_babe::RandomnessFromOneEpochAgo<Runtime>;
	type Treasury = TreasuryAccount;
	type CurationOrigin = crate::governance::CurationOrigin;
	type ModelDeposit = ConstU128<{ 10 * DGRID }>;
	type AgentDeposit = ConstU128<{ DGRID }>;
	type MaxNameLen = ConstU32<128>;
	type MaxPromptLen = ConstU32<4096>;
	type MaxInputLen = ConstU32<16_384>;
	type MaxOutputLen = ConstU32<16_384>;
	// 1 µDGRID a byte, as the length fee: a job with the longest input and answer locks
	// 0.033 DGRID while it is open.
	type DepositPerByte = ConstU128<{ crate::MICRO_DGRID }>;
	type MaxOffersPerModel = ConstU32<32>;
	type MaxRouteLen = ConstU32<4>;
	type MaxPolicyListLen = ConstU32<16>;
	type MaxTimersPerBlock = ConstU32<4096>;
	type MaxResultsPerCall = ConstU32<64>;
	type MaxHeartbeatModels = ConstU32<16>;
	// A heartbeat a minute at most.
	type HeartbeatPeriod = ConstU32<20>;
	type ChatTemplateTokens = ConstU32<64>;
	type BlockTimeMs = ConstU32<{ crate::MILLISECS_PER_BLOCK as u32 }>;
	// Two blocks: an offer not yet measured ranks behind one that answers in the next block.
	type DefaultLatencyMs = ConstU32<6_000>;
	type LatencySmoothing = LatencySmoothing;
	type HookWeightBudget = MarketHookBudget;
	// Backend requests get 10 s: a job's deadline is 5 blocks (15 s) on a dev chain, and the
	// result must still be included.
	type OffchainWorker = pallet_market::ocw::SignedProvider<
		Runtime,
		dgrid_primitives::worker::WorkerAuthId,
		ConstU64<10_000>,
	>;
	type WeightInfo = pallet_market::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MarketBenchmarkHelper;
}

/// Registers benchmark operators with the real operator registry.
#[cfg(feature = "runtime-benchmarks")]
pub struct MarketBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_market::benchmarking::BenchmarkHelper<AccountId> for MarketBenchmarkHelper {
	fn register_operator(operator: &AccountId, worker: &AccountId) {
		use dgrid_primitives::ProtocolParams as _;
		use frame_support::traits::fungible::Mutate as _;
		let bond = crate::Dao::params().min_operator_bond;
		let _ = Balances::mint_into(operator, bond.saturating_mul(2));
		let _ = Balances::mint_into(worker, DGRID);
		let _ = crate::NodeStaking::register_for_benchmarks(operator, worker, bond);
	}
}

parameter_types! {
	/// Slashed funds pass through this account before they are split and burnt.
	pub const PoqPalletId: PalletId = PalletId(*b"dg/poq00");
	/// Audit draws, committee draws and verdicts may use a tenth of a block; a backlog of
	/// draws carries over to the next block.
	pub PoqHookBudget: Weight = RuntimeBlockWeights::get().max_block.saturating_div(10);
}

impl pallet_poq::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Params = crate::Dao;
	type Registry = crate::NodeStaking;
	type Reputation = crate::NodeStaking;
	type Slashing = crate::NodeStaking;
	type Jobs = crate::Market;
	// Each block's parent VRF output, mixed over the three blocks after a result: to know a
	// draw when it sends a result, an author must own all three slots.
	type Randomness = pallet_babe::ParentBlockRandomness<Runtime>;
	// A window whose three blocks one author made waits for another author's block. Every
	// BABE slot carries a VRF output (`PrimaryAndSecondaryVRFSlots`), so each block's output is
	// its author's.
	type FindAuthor = pallet_babe::Pallet<Runtime>;
	type AuthorCount = BabeAuthorCount;
	type DrawWindow = ConstU32<3>;
	type Treasury = TreasuryAccount;
	type DisputeJuryOrigin = crate::governance::DisputeJuryOrigin;
	type CanaryOrigin = crate::governance::ParametersOrigin;
	type CanarySignature = dgrid_primitives::Signature;
	type PalletId = PoqPalletId;
	type MaxPanel = ConstU32<16>;
	// The results of `MAX_DRAW_DELAY + 2` full blocks (about 1,100 each with batched
	// results): a draw window of one author holds results back up to `MAX_DRAW_DELAY` blocks.
	type MaxQueuedResults = ConstU32<12_288>;
	type MaxTimersPerBlock = ConstU32<4096>;
	type ClipDistance = ConstU8<25>;
	type HookWeightBudget = PoqHookBudget;
	// A verifier's backend request gets 10 s, as a provider's: the commit period is 3 blocks
	// (9 s) on a dev chain, 10 blocks (30 s) on the testnet.
	type OffchainWorker = pallet_poq::ocw::SignedVerifier<
		Runtime,
		dgrid_primitives::worker::WorkerAuthId,
		ConstU64<10_000>,
	>;
	type WeightInfo = pallet_poq::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = PoqBenchmarkHelper;
}

/// How many authorities author blocks: BABE's current set.
pub struct BabeAuthorCount;
impl Get<u32> for BabeAuthorCount {
	fn get() -> u32 {
		pallet_babe::Authorities::<Runtime>::decode_len().unwrap_or(0) as u32
	}
}

/// Sets up PoQ's benchmarks with the real parameter registry, operator registry and market.
#[cfg(feature = "runtime-benchmarks")]
pub struct PoqBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_poq::benchmarking::BenchmarkHelper<AccountId, BlockNumber, dgrid_primitives::Signature>
	for PoqBenchmarkHelper
{
	fn canary_proof(payload: &[u8]) -> (AccountId, dgrid_primitives::Signature) {
		use sp_runtime::traits::IdentifyAccount as _;
		let key = dgrid_primitives::worker::KEY_TYPE;
		let public =
			sp_io::crypto::sr25519_generate(key, Some(b"//dgrid-benchmark-canary".to_vec()));
		// Without a keystore the proof is empty, and the benchmark fails on it.
		let signature = sp_io::crypto::sr25519_sign(key, &public, payload)
			.unwrap_or_else(|| sp_core::sr25519::Signature::from_raw([0; 64]));
		(sp_runtime::MultiSigner::from(public).into_account(), signature.into())
	}

	fn set_params(params: dgrid_primitives::ProtocolParameters<BlockNumber>) {
		pallet_dao::ParametersInForce::<Runtime>::put(params);
	}

	fn model() -> dgrid_primitives::ModelId {
		use frame_support::traits::fungible::Mutate as _;
		let owner: AccountId = frame_benchmarking::account("model-owner", 0, 0);
		let _ = Balances::mint_into(&owner, 1_000 * DGRID);
		let listed = crate::Market::list_model(
			RuntimeOrigin::signed(owner),
			frame_support::BoundedVec::truncate_from(b"bench".to_vec()),
			Default::default(),
			1_000_000,
			pallet_market::ModelKind::Llm,
		);
		assert!(listed.is_ok(), "benchmark model listed: {listed:?}");
		pallet_market::NextModelId::<Runtime>::get().saturating_sub(1)
	}

	fn operator(
		operator: &AccountId,
		worker: &AccountId,
		bond: dgrid_primitives::Balance,
		model: dgrid_primitives::ModelId,
	) {
		use frame_support::traits::fungible::Mutate as _;
		let _ = Balances::mint_into(operator, bond.saturating_mul(2));
		let _ = Balances::mint_into(worker, DGRID);
		let registered = crate::NodeStaking::register_for_benchmarks(operator, worker, bond);
		assert!(registered.is_ok(), "benchmark operator registered: {registered:?}");
		let offered = crate::Market::set_offer(
			RuntimeOrigin::signed(operator.clone()),
			model,
			1_000,
			1_000,
			1_000,
		);
		assert!(offered.is_ok(), "benchmark offer set: {offered:?}");
	}

	fn answered_job(
		owner: &AccountId,
		provider: &AccountId,
		worker: &AccountId,
		model: dgrid_primitives::ModelId,
	) -> dgrid_primitives::JobId {
		use frame_support::traits::fungible::Mutate as _;
		let _ = Balances::mint_into(owner, 1_000 * DGRID);
		let mut policy =
			pallet_market::RoutingPolicy::with_strategy(pallet_market::Strategy::Cheapest);
		policy.allow = frame_support::BoundedVec::truncate_from(alloc::vec![provider.clone()]);
		let job = pallet_market::NextJobId::<Runtime>::get();
		let submitted = crate::Market::submit_job(
			RuntimeOrigin::signed(owner.clone()),
			pallet_market::JobTarget::Model(model),
			frame_support::BoundedVec::truncate_from(b"[]".to_vec()),
			10,
			DGRID,
			policy,
		);
		assert!(submitted.is_ok(), "benchmark job submitted: {submitted:?}");
		let answered = crate::Market::submit_result(
			RuntimeOrigin::signed(worker.clone()),
			job,
			frame_support::BoundedVec::truncate_from(b"answer".to_vec()),
			1,
			1,
			10,
		);
		assert!(answered.is_ok(), "benchmark job answered: {answered:?}");
		job
	}
}

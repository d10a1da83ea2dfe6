// Test code: overflow would be a test bug and panics loudly.
#![allow(clippy::arithmetic_side_effects)]

use crate as pallet_node_staking;
use dgrid_primitives::{Balance, ProtocolParameters, ProtocolParams};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, Contains},
	PalletId,
};
use sp_runtime::{BuildStorage, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		NodeStaking: pallet_node_staking,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	// Storage costs weight, so that the hooks' budgets can be tested.
	type DbWeight = frame_support::weights::constants::RocksDbWeight;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ExistentialDeposit;
	type RuntimeHoldReason = RuntimeHoldReason;
}

pub const ED: Balance = 10;
pub const MIN_BOND: Balance = 1_000;
pub const TREASURY: u64 = 999;

parameter_types! {
	pub const ExistentialDeposit: Balance = ED;
	pub static Params: ProtocolParameters<u64> = ProtocolParameters {
		min_operator_bond: MIN_BOND,
		session_reward: 600,
		unbonding_period: 10,
		..ProtocolParameters::development()
	};
	/// Accounts without session keys.
	pub static KeyLess: Vec<u64> = vec![];
	/// Operators with open liabilities (answered jobs, verifier seats), and how many.
	pub static Owed: Vec<(u64, u32)> = vec![];
	pub const Treasury: u64 = TREASURY;
	pub const RewardPalletId: PalletId = PalletId(*b"dg/rewrd");
}

pub struct MockParams;
impl ProtocolParams<u64> for MockParams {
	fn params() -> ProtocolParameters<u64> {
		Params::get()
	}
}

pub struct MockLiabilities;
impl dgrid_primitives::Liabilities<u64> for MockLiabilities {
	fn open_liabilities(operator: &u64) -> u32 {
		Owed::get().iter().filter(|(o, _)| o == operator).map(|(_, n)| *n).sum()
	}
}

/// Worker keys for the benchmarks: accounts from 10,000 up, with the mock's signatures.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockWorkers;
#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<u64, sp_runtime::testing::TestSignature> for MockWorkers {
	fn worker(index: u32, operator: &u64) -> (u64, sp_runtime::testing::TestSignature) {
		let worker = 10_000 + u64::from(index);
		let payload = NodeStaking::worker_proof_payload(operator);
		(worker, sp_runtime::testing::TestSignature(worker, payload))
	}
}

pub struct HasKeys;
impl Contains<u64> for HasKeys {
	fn contains(who: &u64) -> bool {
		!KeyLess::get().contains(who)
	}
}

impl pallet_node_staking::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Params = MockParams;
	type Treasury = Treasury;
	type RewardPalletId = RewardPalletId;
	type HasSessionKeys = HasKeys;
	type Liabilities = MockLiabilities;
	type OperatorRemoved = ();
	type ClaimWindow = ConstU32<2>;
	type WorkerSignature = sp_runtime::testing::TestSignature;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockWorkers;
	type MaxValidators = ConstU32<3>;
	type MaxCandidates = ConstU32<5>;
	type MaxOperators = ConstU32<8>;
	type MaxMetadataLen = ConstU32<16>;
	type MaxUnbondingChunks = ConstU32<2>;
	type ReputationSmoothing = ReputationSmoothing;
	type InitialReputation = InitialReputation;
	type WeightInfo = ();
}

parameter_types! {
	pub const ReputationSmoothing: Perbill = Perbill::from_percent(10);
	pub const InitialReputation: Perbill = Perbill::from_percent(50);
}

/// Every test account starts with this much.
pub const ENDOWMENT: Balance = 100_000;

/// Worker accounts 10 to 29 start with the existential deposit; 30 and above hold nothing.
pub const FUNDED_WORKERS: core::ops::RangeInclusive<u64> = 10..=29;

/// Builds test externalities; `build_and_execute` runs `try_state` and checks that no money
/// was made or lost after every test.
pub struct ExtBuilder {
	operators: Vec<(u64, u64, Balance, bool)>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		// Operators 1, 2, 3 validate with workers 11, 12, 13.
		Self {
			operators: vec![
				(1, 11, MIN_BOND, true),
				(2, 12, 2 * MIN_BOND, true),
				(3, 13, 3 * MIN_BOND, true),
			],
		}
	}
}

impl ExtBuilder {
	pub fn operators(mut self, operators: Vec<(u64, u64, Balance, bool)>) -> Self {
		self.operators = operators;
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		let endowed: Vec<(u64, Balance)> = (1..=9)
			.chain([TREASURY])
			.map(|who| (who, ENDOWMENT))
			.chain(FUNDED_WORKERS.map(|worker| (worker, ED)))
			.collect();
		let storage = RuntimeGenesisConfig {
			system: Default::default(),
			balances: pallet_balances::GenesisConfig { balances: endowed, ..Default::default() },
			node_staking: pallet_node_staking::GenesisConfig { operators: self.operators },
		}
		.build_storage()
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			let issuance = pallet_balances::TotalIssuance::<Test>::get();
			test();
			NodeStaking::do_try_state().unwrap();
			dgrid_primitives::testing::assert_issuance_conserved::<Test>(issuance, 0);
		})
	}
}

pub fn events() -> Vec<pallet_node_staking::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::NodeStaking(e) => Some(e),
			_ => None,
		})
		.collect()
}

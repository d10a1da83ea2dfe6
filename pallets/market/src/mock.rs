// Test code: overflow would be a test bug and panics loudly.
#![allow(clippy::arithmetic_side_effects)]

use crate as pallet_market;
use dgrid_primitives::{
	Balance, NodeRegistry, ProtocolParameters, ProtocolParams, QualityControl, Reputation,
	Settlement,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, Hooks, Randomness},
	weights::Weight,
};
use frame_system::EnsureRoot;
use sp_core::H256;
use sp_runtime::{BuildStorage, Perbill};
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Market: pallet_market,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
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
pub const TREASURY: u64 = 999;
pub const MODEL_DEPOSIT: Balance = 500;
pub const AGENT_DEPOSIT: Balance = 200;
/// Users.
pub const ALICE: u64 = 1;
pub const BOB: u64 = 2;
/// Agent creator.
pub const CAROL: u64 = 3;
/// Operators 10, 20, 30 with workers 11, 21, 31.
pub const OP1: u64 = 10;
pub const OP2: u64 = 20;
pub const OP3: u64 = 30;

parameter_types! {
	pub const ExistentialDeposit: Balance = ED;
	/// The storage deposit per byte: zero but in the tests of the deposit.
	pub static DepositPerByte: Balance = 0;
	pub static Params: ProtocolParameters<u64> = ProtocolParameters {
		job_deadline: 5,
		challenge_period: 4,
		retention_period: 10,
		protocol_fee: Perbill::from_percent(10),
		..ProtocolParameters::development()
	};
	/// Registered operators: operator -> (worker, eligible, reputation).
	pub static Registry: BTreeMap<u64, MockOperator> = BTreeMap::new();
	/// Merit noted per operator: the protocol fees its settled jobs paid.
	pub static Served: BTreeMap<u64, Balance> = BTreeMap::new();
	pub const Treasury: u64 = TREASURY;
	pub static HookBudget: Weight = Weight::MAX;
}

pub struct MockParams;
impl ProtocolParams<u64> for MockParams {
	fn params() -> ProtocolParameters<u64> {
		Params::get()
	}
}

/// An operator of the mock registry.
#[derive(Clone, Debug)]
pub struct MockOperator {
	/// Its worker account.
	pub worker: u64,
	/// Whether it may serve.
	pub eligible: bool,
	/// Its reputation: the last observation recorded.
	pub reputation: Perbill,
}

impl MockOperator {
	/// An eligible operator with worker `op + 1` and a reputation of a half.
	pub fn new(op: u64) -> Self {
		Self { worker: worker(op), eligible: true, reputation: Perbill::from_percent(50) }
	}
}

pub struct MockRegistry;
impl NodeRegistry<u64> for MockRegistry {
	fn is_eligible(operator: &u64) -> bool {
		Registry::get().get(operator).is_some_and(|r| r.eligible)
	}
	fn standing(operator: &u64) -> Option<Perbill> {
		Registry::get().get(operator).filter(|r| r.eligible).map(|r| r.reputation)
	}
	fn bond_of(_operator: &u64) -> Balance {
		0
	}
	fn held_by(_operator: &u64) -> Balance {
		0
	}
	fn operator_of_worker(worker: &u64) -> Option<u64> {
		Registry::get().iter().find(|(_, r)| r.worker == *worker).map(|(op, _)| *op)
	}
	fn note_fees_paid(operator: &u64, fees: Balance) {
		Served::mutate(|s| *s.entry(*operator).or_default() += fees);
	}
}
impl Reputation<u64> for MockRegistry {
	fn reputation(operator: &u64) -> Perbill {
		Registry::get().get(operator).map(|r| r.reputation).unwrap_or_default()
	}
	fn record(operator: &u64, observation: Perbill) {
		Registry::mutate(|r| {
			if let Some(entry) = r.get_mut(operator) {
				// The real pallet keeps a moving average; here the last observation is enough
				// to see that one was recorded.
				entry.reputation = observation;
			}
		});
	}
}

parameter_types! {
	/// Results noted for the audit draw: (job, provider, model, fee).
	pub static Noted: Vec<(dgrid_primitives::JobId, u64, dgrid_primitives::ModelId, Balance)> =
		Vec::new();
	/// What Proof of Quality answers per job when asked to settle it (paid in full if absent).
	pub static Settlements: BTreeMap<dgrid_primitives::JobId, Settlement> = BTreeMap::new();
	/// Results the audit queue can still take.
	pub static QueueRoom: u32 = u32::MAX;
}

/// Proof of Quality as the tests script it.
pub struct MockQuality;
impl QualityControl<u64, u64> for MockQuality {
	fn note_result(
		job: dgrid_primitives::JobId,
		provider: &u64,
		model: dgrid_primitives::ModelId,
		fee: Balance,
	) -> bool {
		if QueueRoom::get() == 0 {
			return false;
		}
		QueueRoom::mutate(|r| *r -= 1);
		Noted::mutate(|n| n.push((job, *provider, model, fee)));
		true
	}
	fn can_note(results: u32) -> bool {
		results <= QueueRoom::get()
	}
	fn settlement(job: dgrid_primitives::JobId, _answered_at: u64) -> Settlement {
		Settlements::get().get(&job).copied().unwrap_or(Settlement::Pay(Perbill::one()))
	}
	/// The test that scripted a wait concludes the job itself.
	fn will_conclude(job: dgrid_primitives::JobId, _answered_at: u64) -> bool {
		Settlements::get().get(&job) == Some(&Settlement::Wait)
	}
}

pub struct TestRandomness;
impl Randomness<H256, u64> for TestRandomness {
	fn random(subject: &[u8]) -> (H256, u64) {
		(H256(sp_io::hashing::blake2_256(subject)), 0)
	}
}

parameter_types! {
	pub const LatencySmoothing: Perbill = Perbill::from_percent(20);
}

impl pallet_market::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Params = MockParams;
	type Registry = MockRegistry;
	type Reputation = MockRegistry;
	type Quality = MockQuality;
	type Randomness = TestRandomness;
	type Treasury = Treasury;
	type CurationOrigin = EnsureRoot<u64>;
	type ModelDeposit = ConstU128<MODEL_DEPOSIT>;
	type AgentDeposit = ConstU128<AGENT_DEPOSIT>;
	type MaxNameLen = ConstU32<32>;
	type MaxPromptLen = ConstU32<64>;
	type MaxInputLen = ConstU32<1024>;
	type MaxOutputLen = ConstU32<1024>;
	type DepositPerByte = DepositPerByte;
	type MaxOffersPerModel = ConstU32<4>;
	type MaxRouteLen = ConstU32<3>;
	type MaxPolicyListLen = ConstU32<4>;
	type MaxTimersPerBlock = ConstU32<8>;
	type MaxResultsPerCall = ConstU32<4>;
	type MaxHeartbeatModels = ConstU32<4>;
	type HeartbeatPeriod = frame_support::traits::ConstU64<10>;
	type ChatTemplateTokens = ConstU32<8>;
	type BlockTimeMs = ConstU32<3_000>;
	type DefaultLatencyMs = ConstU32<6_000>;
	type LatencySmoothing = LatencySmoothing;
	type HookWeightBudget = HookBudget;
	type OffchainWorker = ();
	type WeightInfo = MockWeights;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockRegistry;
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<u64> for MockRegistry {
	fn register_operator(operator: &u64, worker: &u64) {
		Registry::mutate(|r| {
			r.insert(*operator, MockOperator { worker: *worker, ..MockOperator::new(*operator) })
		});
	}
}
use frame_support::traits::ConstU128;

/// Zero weights but for the timer hooks (so that the hook budget can be tested) and the calls
/// whose weight is refunded.
pub struct MockWeights;
impl crate::WeightInfo for MockWeights {
	fn list_model() -> Weight {
		Weight::zero()
	}
	fn delist_model() -> Weight {
		Weight::zero()
	}
	fn set_offer() -> Weight {
		Weight::zero()
	}
	fn withdraw_offer() -> Weight {
		Weight::zero()
	}
	fn publish_agent() -> Weight {
		Weight::zero()
	}
	fn set_agent_fee() -> Weight {
		Weight::zero()
	}
	fn retire_agent() -> Weight {
		Weight::zero()
	}
	fn submit_job(n: u32, _i: u32) -> Weight {
		Weight::from_parts(100 + u64::from(n), 0)
	}
	fn submit_results(n: u32, _b: u32) -> Weight {
		Weight::from_parts(50 + 5 * u64::from(n), 0)
	}
	fn result_on_another_model() -> Weight {
		Weight::from_parts(3, 0)
	}
	fn credit_operator() -> Weight {
		Weight::from_parts(2, 0)
	}
	fn heartbeat(_n: u32) -> Weight {
		Weight::zero()
	}
	fn decline_job() -> Weight {
		Weight::zero()
	}
	fn on_initialize_empty() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn on_deadline() -> Weight {
		Weight::from_parts(10, 0)
	}
	fn on_settle_agent() -> Weight {
		Weight::from_parts(10, 0)
	}
	fn on_settle() -> Weight {
		Weight::from_parts(10, 0)
	}
	fn on_idle_empty() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn on_idle_prune() -> Weight {
		Weight::from_parts(10, 0)
	}
}

/// Every test account starts with this much.
pub const ENDOWMENT: Balance = 1_000_000;

/// Builds test externalities; `build_and_execute` runs `try_state` and checks that no money
/// was made or lost after every test.
pub struct ExtBuilder {
	hook_budget: Weight,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { hook_budget: Weight::MAX }
	}
}

impl ExtBuilder {
	/// The weight the market's hooks may use in a block.
	pub fn hook_budget(mut self, budget: Weight) -> Self {
		self.hook_budget = budget;
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		let endowed: Vec<(u64, Balance)> = [ALICE, BOB, CAROL, OP1, OP2, OP3, TREASURY]
			.into_iter()
			.map(|who| (who, ENDOWMENT))
			.collect();
		let storage = RuntimeGenesisConfig {
			system: Default::default(),
			balances: pallet_balances::GenesisConfig { balances: endowed, ..Default::default() },
			market: Default::default(),
		}
		.build_storage()
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			System::set_block_number(1);
			HookBudget::set(self.hook_budget);
			Registry::set(
				[OP1, OP2, OP3].into_iter().map(|op| (op, MockOperator::new(op))).collect(),
			);
			Served::set(BTreeMap::new());
		});
		ext
	}

	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			let issuance = pallet_balances::TotalIssuance::<Test>::get();
			test();
			Market::do_try_state().unwrap();
			dgrid_primitives::testing::assert_issuance_conserved::<Test>(issuance, 0);
		})
	}
}

/// Advance to block `n`, running the hooks of every block on the way.
pub fn run_to(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Market::on_initialize(next);
		Market::on_idle(next, Weight::MAX);
	}
}

pub fn events() -> Vec<pallet_market::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Market(e) => Some(e),
			_ => None,
		})
		.collect()
}

pub fn set_eligible(op: u64, eligible: bool) {
	Registry::mutate(|r| {
		if let Some(entry) = r.get_mut(&op) {
			entry.eligible = eligible;
		}
	});
}

pub fn set_reputation(op: u64, rep: Perbill) {
	Registry::mutate(|r| {
		if let Some(entry) = r.get_mut(&op) {
			entry.reputation = rep;
		}
	});
}

pub fn worker(op: u64) -> u64 {
	op + 1
}

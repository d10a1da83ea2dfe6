// Test code: overflow would be a test bug and panics loudly.
#![allow(clippy::arithmetic_side_effects)]

use crate as pallet_poq;
use dgrid_primitives::{
	AnsweredJob, Balance, JobBook, JobId, JobReplay, ModelId, NodeRegistry, ProtocolParameters,
	ProtocolParams, QualityControl, Reputation, Settlement, Slashing,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::Preservation,
		ConstU32, ConstU8, Hooks, Randomness,
	},
	weights::Weight,
	PalletId,
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
		PoQ: pallet_poq,
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
pub const ENDOWMENT: Balance = 1_000_000;
pub const BOND: Balance = 100_000;
pub const TREASURY: u64 = 999;
/// The canary service's key account in the tests (the canary origin is root).
pub const CANARY_KEY: u64 = 777;
/// Users.
pub const ALICE: u64 = 1;
pub const BOB: u64 = 2;
/// Operators 10, 20, ..., 60 with workers 11, 21, ..., 61, all offering model 0.
pub const OPS: [u64; 6] = [10, 20, 30, 40, 50, 60];
pub const OP1: u64 = 10;

parameter_types! {
	pub const ExistentialDeposit: Balance = ED;
	pub static Params: ProtocolParameters<u64> = ProtocolParameters {
		commit_period: 3,
		reveal_period: 3,
		challenge_period: 30,
		min_dispute_bond: 8_000,
		// Rounds that fit the mock's six operators: a spot check, a committee of 3, one left.
		audit_committee: 3,
		// A pro-rata band from 20 to 49, so that it is tested.
		fail_threshold: 20,
		..ProtocolParameters::development()
	};
	/// The operators of the mock registry.
	pub static Operators: BTreeMap<u64, MockOperator> = BTreeMap::new();
	/// Answered jobs the mock market holds.
	pub static Jobs: BTreeMap<JobId, MarketJob> = BTreeMap::new();
	/// Operators offering each model.
	pub static Offerers: BTreeMap<ModelId, Vec<u64>> = BTreeMap::new();
	/// Overrides the parent block's VRF output (`Some(None)`: a block without one).
	pub static Vrf: Option<Option<H256>> = None;
	pub const Treasury: u64 = TREASURY;
	pub const PoqPalletId: PalletId = PalletId(*b"dg/poq00");
	pub static HookBudget: Weight = Weight::MAX;
	/// One block: a result of block 1 is drawn at block 3 (the runtime's window is longer).
	pub static DrawWindow: u32 = 1;
}

/// An operator of the mock registry.
#[derive(Clone, Debug)]
pub struct MockOperator {
	/// Its bond, kept in its free balance.
	pub bond: Balance,
	/// Whether it may serve and verify.
	pub eligible: bool,
	/// Its reputation: the last observation recorded.
	pub reputation: Perbill,
	/// Its worker account.
	pub worker: u64,
}

impl MockOperator {
	/// An eligible operator of `op` with `bond` and a perfect reputation.
	pub fn new(op: u64, bond: Balance) -> Self {
		Self { bond, eligible: true, reputation: Perbill::one(), worker: worker(op) }
	}
}

/// An answered job in the mock market.
#[derive(Clone, Debug)]
pub struct MarketJob {
	/// The job as PoQ sees it.
	pub answered: AnsweredJob<u64, u64>,
	/// Whether the market waits for PoQ's conclusion.
	pub waiting: bool,
	/// What PoQ concluded, once it did.
	pub concluded: Option<Settlement>,
	/// What its verifiers were paid out of it.
	pub verified: Balance,
}

pub struct MockParams;
impl ProtocolParams<u64> for MockParams {
	fn params() -> ProtocolParameters<u64> {
		Params::get()
	}
}

pub fn worker(op: u64) -> u64 {
	op + 1
}

/// The operator registry, reputation and slashing of the node staking pallet, with bonds
/// kept in the operators' free balance.
pub struct MockStaking;
impl NodeRegistry<u64> for MockStaking {
	fn is_eligible(operator: &u64) -> bool {
		Operators::get().get(operator).is_some_and(|o| o.eligible)
	}
	fn standing(operator: &u64) -> Option<Perbill> {
		Operators::get().get(operator).filter(|o| o.eligible).map(|o| o.reputation)
	}
	fn bond_of(operator: &u64) -> Balance {
		Operators::get().get(operator).map(|o| o.bond).unwrap_or(0)
	}
	fn held_by(operator: &u64) -> Balance {
		Self::bond_of(operator)
	}
	fn operator_of_worker(worker: &u64) -> Option<u64> {
		Operators::get().iter().find(|(_, o)| o.worker == *worker).map(|(op, _)| *op)
	}
	fn note_fees_paid(_operator: &u64, _fees: Balance) {}
}
impl Reputation<u64> for MockStaking {
	fn reputation(operator: &u64) -> Perbill {
		Operators::get().get(operator).map(|o| o.reputation).unwrap_or_default()
	}
	fn record(operator: &u64, observation: Perbill) {
		// The last observation is enough to see that one was recorded.
		Operators::mutate(|ops| {
			if let Some(o) = ops.get_mut(operator) {
				o.reputation = observation;
			}
		});
	}
}
impl Slashing<u64> for MockStaking {
	fn slash(operator: &u64, amount: Balance, beneficiary: &u64) -> Balance {
		let bond = Self::bond_of(operator);
		let taken = amount.min(bond);
		if taken == 0
			|| Balances::transfer(operator, beneficiary, taken, Preservation::Expendable).is_err()
		{
			return 0;
		}
		Operators::mutate(|ops| {
			if let Some(o) = ops.get_mut(operator) {
				o.bond -= taken;
			}
		});
		taken
	}
}

/// The market's jobs as the tests set them up.
pub struct MockJobs;
impl JobBook<u64, u64> for MockJobs {
	fn answered(job: JobId) -> Option<AnsweredJob<u64, u64>> {
		Jobs::get()
			.get(&job)
			.filter(|j| j.concluded.is_none())
			.map(|j| j.answered.clone())
	}
	fn replay(job: JobId) -> Option<JobReplay> {
		Self::answered(job).map(|a| JobReplay {
			model: a.model,
			model_name: b"m".to_vec(),
			input: b"[]".to_vec(),
			system_prompt: None,
			max_output_tokens: 10,
			output: b"out".to_vec(),
			input_tokens: 1,
			output_tokens: 1,
		})
	}
	fn offerers(model: ModelId) -> Vec<u64> {
		Offerers::get().get(&model).cloned().unwrap_or_default()
	}
	fn conclude(job: JobId, settlement: Settlement) -> bool {
		let mut done = false;
		Jobs::mutate(|jobs| {
			if let Some(j) = jobs.get_mut(&job).filter(|j| j.waiting && j.concluded.is_none()) {
				j.concluded = Some(settlement);
				done = true;
			}
		});
		done
	}
	/// The verification fee of the job's fee, split evenly, from the job's owner (the mock
	/// market keeps no escrow: the owner's free balance stands for it); once per job.
	fn pay_verifiers(job: JobId, verifiers: &[u64]) -> Vec<Balance> {
		let Some(j) = Jobs::get().get(&job).cloned().filter(|j| j.concluded.is_none()) else {
			return vec![0; verifiers.len()];
		};
		if j.verified > 0 || verifiers.is_empty() {
			return vec![0; verifiers.len()];
		}
		let each =
			Params::get().verification_fee.mul_floor(j.answered.fee) / verifiers.len() as u128;
		let paid: Vec<Balance> = verifiers
			.iter()
			.map(|v| match Balances::transfer(&j.answered.owner, v, each, Preservation::Preserve) {
				Ok(_) => each,
				Err(_) => 0,
			})
			.collect();
		Jobs::mutate(|jobs| {
			if let Some(j) = jobs.get_mut(&job) {
				j.verified = paid.iter().sum();
			}
		});
		paid
	}
	fn conclude_weight() -> Weight {
		Weight::zero()
	}
	fn max_offerers() -> u32 {
		8
	}
}

/// The parent block's VRF output: a hash of the block number, unless overridden.
pub struct TestRandomness;
impl Randomness<Option<H256>, u64> for TestRandomness {
	fn random(subject: &[u8]) -> (Option<H256>, u64) {
		let now = System::block_number();
		let vrf = Vrf::get()
			.unwrap_or_else(|| Some(H256(sp_io::hashing::blake2_256(&(subject, now).encode()))));
		(vrf, now.saturating_sub(1))
	}
}
use codec::Encode;

impl pallet_poq::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Params = MockParams;
	type Registry = MockStaking;
	type Reputation = MockStaking;
	type Slashing = MockStaking;
	type Jobs = MockJobs;
	type Randomness = TestRandomness;
	type FindAuthor = MockAuthor;
	type AuthorCount = AuthorCount;
	type DrawWindow = DrawWindow;
	type Treasury = Treasury;
	type DisputeJuryOrigin = EnsureRoot<u64>;
	type CanaryOrigin = EnsureRoot<u64>;
	type CanarySignature = sp_runtime::testing::TestSignature;
	type PalletId = PoqPalletId;
	type MaxPanel = ConstU32<16>;
	type MaxQueuedResults = ConstU32<256>;
	type MaxTimersPerBlock = ConstU32<64>;
	type ClipDistance = ConstU8<25>;
	type HookWeightBudget = HookBudget;
	type OffchainWorker = ();
	type WeightInfo = MockWeights;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockStaking;
}

/// The author of every block, as the tests set it (`None`: no digest).
pub struct MockAuthor;
impl frame_support::traits::FindAuthor<u32> for MockAuthor {
	fn find_author<'a, I>(_digests: I) -> Option<u32>
	where
		I: 'a + IntoIterator<Item = (sp_runtime::ConsensusEngineId, &'a [u8])>,
	{
		Author::get()
	}
}

parameter_types! {
	/// Who authors the blocks the tests run.
	pub static Author: Option<u32> = None;
	/// How many authorities the tests' chain has.
	pub static AuthorCount: u32 = 1;
	pub static NextJob: JobId = 1_000;
	pub static NextModel: ModelId = 1;
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<u64, u64, sp_runtime::testing::TestSignature>
	for MockStaking
{
	fn canary_proof(payload: &[u8]) -> (u64, sp_runtime::testing::TestSignature) {
		(CANARY_KEY, sp_runtime::testing::TestSignature(CANARY_KEY, payload.to_vec()))
	}
	fn set_params(params: ProtocolParameters<u64>) {
		Params::set(params);
	}
	fn model() -> ModelId {
		let model = NextModel::get();
		NextModel::set(model + 1);
		model
	}
	fn operator(operator: &u64, worker: &u64, bond: Balance, model: ModelId) {
		let _ = Balances::mint_into(operator, bond + ED);
		Operators::mutate(|ops| {
			ops.insert(
				*operator,
				MockOperator { worker: *worker, ..MockOperator::new(*operator, bond) },
			)
		});
		Offerers::mutate(|o| o.entry(model).or_default().push(*operator));
	}
	fn answered_job(owner: &u64, provider: &u64, _worker: &u64, model: ModelId) -> JobId {
		let job = NextJob::get();
		NextJob::set(job + 1);
		let _ = Balances::mint_into(owner, ENDOWMENT);
		answered(job, *provider, *owner, 1_000);
		Jobs::mutate(|jobs| {
			if let Some(j) = jobs.get_mut(&job) {
				j.answered.model = model;
			}
		});
		job
	}
}

/// Zero weights but for the draw, so that the hook budget can be tested.
pub struct MockWeights;
impl crate::WeightInfo for MockWeights {
	fn on_initialize_empty() -> Weight {
		Weight::zero()
	}
	fn draw(n: u32, _p: u32) -> Weight {
		Weight::from_parts(n.into(), 0)
	}
	fn draw_audit(_o: u32, a: u32) -> Weight {
		Weight::from_parts(10 * u64::from(a), 0)
	}
	fn draw_round(_o: u32) -> Weight {
		Weight::zero()
	}
	fn finalize(_m: u32) -> Weight {
		Weight::zero()
	}
	/// A verdict that slashes nobody: heavy enough to fill a timer budget in tests.
	fn finalize_pass(_m: u32) -> Weight {
		Weight::from_parts(1_000, 0)
	}
	fn commit() -> Weight {
		Weight::zero()
	}
	fn reveal() -> Weight {
		Weight::zero()
	}
	fn dispute() -> Weight {
		Weight::zero()
	}
	fn appeal() -> Weight {
		Weight::zero()
	}
	/// The heaviest timer: what each due timer is checked against.
	fn rule(_m: u32) -> Weight {
		Weight::from_parts(1_000, 0)
	}
	fn set_canary_key() -> Weight {
		Weight::zero()
	}
	/// Linear in the verifiers slashed, so the refund of unused weight can be tested.
	fn expose_canary(m: u32) -> Weight {
		Weight::from_parts(100 + 10 * u64::from(m), 0)
	}
}

/// Builds test externalities; `build_and_execute` runs `try_state` and checks that no money
/// was made or lost after every test, but for what the events say was burnt.
pub struct ExtBuilder {
	params: ProtocolParameters<u64>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { params: Params::get() }
	}
}

impl ExtBuilder {
	/// Change the protocol parameters the test starts with.
	pub fn params(mut self, change: impl FnOnce(&mut ProtocolParameters<u64>)) -> Self {
		change(&mut self.params);
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		let mut endowed: Vec<(u64, Balance)> =
			[ALICE, BOB, TREASURY].into_iter().map(|who| (who, ENDOWMENT)).collect();
		endowed.extend(OPS.iter().map(|op| (*op, ENDOWMENT)));
		endowed.extend(OPS.iter().map(|op| (worker(*op), ENDOWMENT)));
		let storage = RuntimeGenesisConfig {
			system: Default::default(),
			balances: pallet_balances::GenesisConfig { balances: endowed, ..Default::default() },
		}
		.build_storage()
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			System::set_block_number(1);
			Params::set(self.params);
			Operators::set(OPS.iter().map(|op| (*op, MockOperator::new(*op, BOND))).collect());
			Offerers::set([(0, OPS.to_vec())].into_iter().collect());
		});
		ext
	}

	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			let issuance = pallet_balances::TotalIssuance::<Test>::get();
			test();
			PoQ::do_try_state().unwrap();
			let burnt: Balance = events()
				.into_iter()
				.filter_map(|e| match e {
					pallet_poq::Event::Failed { burnt, .. } => Some(burnt),
					_ => None,
				})
				.sum();
			dgrid_primitives::testing::assert_issuance_conserved::<Test>(issuance, burnt);
		});
	}
}

/// Job `job` by `owner` answered now by `provider` on model 0 for `fee`, as the market would
/// report it; its challenge period runs for `challenge_period` blocks.
pub fn answered(job: JobId, provider: u64, owner: u64, fee: Balance) {
	let now = System::block_number();
	let challenge_ends = now + Params::get().challenge_period - 1;
	let a = AnsweredJob { owner, provider, model: 0, fee, challenge_ends };
	Jobs::mutate(|jobs| {
		jobs.insert(job, MarketJob { answered: a, waiting: false, concluded: None, verified: 0 })
	});
	<PoQ as QualityControl<u64, u64>>::note_result(job, &provider, 0, fee);
}

/// The market reaching a job's settlement: returns what PoQ said, and leaves the job waiting
/// if PoQ said to wait.
pub fn settle(job: JobId) -> Settlement {
	let answered_at = Jobs::get()
		.get(&job)
		.map_or(0, |j| j.answered.challenge_ends + 1 - Params::get().challenge_period);
	let s = <PoQ as QualityControl<u64, u64>>::settlement(job, answered_at);
	Jobs::mutate(|jobs| {
		if let Some(j) = jobs.get_mut(&job) {
			match s {
				Settlement::Wait => j.waiting = true,
				s => j.concluded = Some(s),
			}
		}
	});
	s
}

/// What the market was told to do with a waiting job.
pub fn concluded(job: JobId) -> Option<Settlement> {
	Jobs::get().get(&job).and_then(|j| j.concluded)
}

pub fn run_to(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		PoQ::on_initialize(next);
	}
}

pub fn events() -> Vec<pallet_poq::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::PoQ(e) = r.event { Some(e) } else { None })
		.collect()
}

pub fn free(who: u64) -> Balance {
	Balances::balance(&who)
}

pub fn bond(op: u64) -> Balance {
	MockStaking::bond_of(&op)
}

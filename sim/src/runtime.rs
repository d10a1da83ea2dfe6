//! The minimal runtime the simulation runs `pallet-poq` in, and the market, operator registry,
//! parameters and randomness it stands on: thread-local state the simulation drives.

use super::*;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32, ConstU8, Randomness},
	PalletId,
};
use frame_system::EnsureRoot;
use sp_core::H256;

type Block = frame_system::mocking::MockBlock<Sim>;

frame_support::construct_runtime!(
	pub enum Sim {
		System: frame_system,
		Balances: pallet_balances,
		PoQ: pallet_poq,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Sim {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Sim {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ConstU128<1>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// An operator, as the registry sees it.
#[derive(Clone, Debug)]
pub(crate) struct OperatorRecord {
	pub(crate) bond: Balance,
	pub(crate) eligible: bool,
	pub(crate) reputation: Perbill,
}

/// An answered job in the simulated market.
#[derive(Clone)]
pub(crate) struct MarketJob {
	/// The job as PoQ sees it.
	pub(crate) answered: AnsweredJob<u64, u64>,
	/// Whether the market waits for PoQ's conclusion.
	pub(crate) waiting: bool,
	/// What PoQ concluded, once it did.
	pub(crate) concluded: Option<Settlement>,
	/// What its verifiers were paid out of it.
	pub(crate) verified: Balance,
}

thread_local! {
	pub(crate) static PARAMS: RefCell<ProtocolParameters<u64>> =
		RefCell::new(ProtocolParameters::development());
	pub(crate) static OPERATORS: RefCell<BTreeMap<u64, OperatorRecord>> = const { RefCell::new(BTreeMap::new()) };
	pub(crate) static OFFERERS: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
	/// Answered jobs.
	pub(crate) static JOBS: RefCell<BTreeMap<JobId, MarketJob>> = const { RefCell::new(BTreeMap::new()) };
}

/// The protocol parameters the simulation runs with.
pub struct SimParams;
impl ProtocolParams<u64> for SimParams {
	fn params() -> ProtocolParameters<u64> {
		PARAMS.with(|p| *p.borrow())
	}
}

/// Node staking as PoQ sees it: bonds in the operators' free balance, reputation a moving
/// average with node staking's smoothing (10 %).
pub struct SimStaking;
impl NodeRegistry<u64> for SimStaking {
	fn is_eligible(operator: &u64) -> bool {
		OPERATORS.with(|o| o.borrow().get(operator).is_some_and(|r| r.eligible))
	}
	fn standing(operator: &u64) -> Option<Perbill> {
		OPERATORS.with(|o| o.borrow().get(operator).filter(|r| r.eligible).map(|r| r.reputation))
	}
	fn bond_of(operator: &u64) -> Balance {
		OPERATORS.with(|o| o.borrow().get(operator).map_or(0, |r| r.bond))
	}
	fn held_by(operator: &u64) -> Balance {
		Self::bond_of(operator)
	}
	fn operator_of_worker(worker: &u64) -> Option<u64> {
		let op = worker.checked_sub(WORKER)?;
		OPERATORS.with(|o| o.borrow().contains_key(&op)).then_some(op)
	}
	fn note_fees_paid(_operator: &u64, _fees: Balance) {}
}
impl Reputation<u64> for SimStaking {
	fn reputation(operator: &u64) -> Perbill {
		OPERATORS.with(|o| o.borrow().get(operator).map(|r| r.reputation).unwrap_or_default())
	}
	fn record(operator: &u64, observation: Perbill) {
		OPERATORS.with(|o| {
			if let Some(r) = o.borrow_mut().get_mut(operator) {
				let alpha = Perbill::from_percent(10);
				r.reputation = (Perbill::one() - alpha) * r.reputation + alpha * observation;
			}
		});
	}
}
impl Slashing<u64> for SimStaking {
	fn slash(operator: &u64, amount: Balance, beneficiary: &u64) -> Balance {
		let taken = amount.min(Self::bond_of(operator));
		if taken == 0
			|| Balances::transfer(operator, beneficiary, taken, Preservation::Expendable).is_err()
		{
			return 0;
		}
		OPERATORS.with(|o| {
			if let Some(r) = o.borrow_mut().get_mut(operator) {
				r.bond -= taken;
			}
		});
		taken
	}
}

/// The market's side: answered jobs waiting for settlement.
pub struct SimJobs;
impl JobBook<u64, u64> for SimJobs {
	fn answered(job: JobId) -> Option<AnsweredJob<u64, u64>> {
		JOBS.with(|j| {
			j.borrow()
				.get(&job)
				.filter(|j| j.concluded.is_none())
				.map(|j| j.answered.clone())
		})
	}
	fn replay(_job: JobId) -> Option<JobReplay> {
		None
	}
	fn offerers(_model: ModelId) -> Vec<u64> {
		OFFERERS.with(|o| o.borrow().clone())
	}
	fn conclude(job: JobId, settlement: Settlement) -> bool {
		JOBS.with(|j| match j.borrow_mut().get_mut(&job) {
			Some(entry) if entry.waiting && entry.concluded.is_none() => {
				entry.concluded = Some(settlement);
				true
			},
			_ => false,
		})
	}
	/// The verification fee of the job's fee, split evenly, from its owner (the users'
	/// account, standing for the escrow); once per job.
	fn pay_verifiers(job: JobId, verifiers: &[u64]) -> Vec<Balance> {
		let unpaid = vec![0; verifiers.len()];
		let Some(entry) = JOBS.with(|j| j.borrow().get(&job).cloned()) else { return unpaid };
		if entry.concluded.is_some() || entry.verified > 0 || verifiers.is_empty() {
			return unpaid;
		}
		let fee = PARAMS.with(|p| p.borrow().verification_fee).mul_floor(entry.answered.fee);
		let each = fee / verifiers.len() as Balance;
		let paid: Vec<Balance> = verifiers
			.iter()
			.map(|v| {
				match Balances::transfer(&entry.answered.owner, v, each, Preservation::Expendable) {
					Ok(_) => each,
					Err(_) => 0,
				}
			})
			.collect();
		JOBS.with(|j| {
			if let Some(e) = j.borrow_mut().get_mut(&job) {
				e.verified = paid.iter().sum();
			}
		});
		paid
	}
	fn conclude_weight() -> Weight {
		Weight::zero()
	}
	fn max_offerers() -> u32 {
		128
	}
}

/// The parent block's VRF output, modelled as a hash of the block number and the run's seed.
pub struct SimRandomness;
thread_local! {
	pub(crate) static SEED: RefCell<u64> = const { RefCell::new(0) };
}
impl Randomness<Option<H256>, u64> for SimRandomness {
	fn random(subject: &[u8]) -> (Option<H256>, u64) {
		let now = System::block_number();
		let seed = SEED.with(|s| *s.borrow());
		(Some(H256(sp_io::hashing::blake2_256(&(subject, now, seed).encode()))), now - 1)
	}
}

parameter_types! {
	pub const Treasury: u64 = TREASURY;
	pub const PoqPalletId: PalletId = PalletId(*b"dg/poq00");
}

impl pallet_poq::Config for Sim {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Params = SimParams;
	type Registry = SimStaking;
	type Reputation = SimStaking;
	type Slashing = SimStaking;
	type Jobs = SimJobs;
	type Randomness = SimRandomness;
	type FindAuthor = ();
	type AuthorCount = frame_support::traits::ConstU32<1>;
	// As the runtime: three blocks of randomness after a result.
	type DrawWindow = frame_support::traits::ConstU32<3>;
	type Treasury = Treasury;
	type DisputeJuryOrigin = EnsureRoot<u64>;
	type CanaryOrigin = EnsureRoot<u64>;
	type CanarySignature = sp_runtime::testing::TestSignature;
	type PalletId = PoqPalletId;
	type MaxPanel = ConstU32<16>;
	type MaxQueuedResults = ConstU32<4096>;
	type MaxTimersPerBlock = ConstU32<4096>;
	type ClipDistance = ConstU8<25>;
	type HookWeightBudget = MaxWeight;
	type OffchainWorker = ();
	type WeightInfo = ();
}
parameter_types! {
	pub const MaxWeight: Weight = Weight::MAX;
}

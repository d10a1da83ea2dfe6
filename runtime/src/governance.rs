//! Governance: referenda with conviction voting (so polkadot.js apps' Governance pages work
//! unchanged), the scheduler and preimages they need, and DGrid's five tracks.
//!
//! | id | track | origin | may |
//! |---|---|---|---|
//! | 0 | `root` | `system: Root` | anything, including runtime upgrades (`system.setCode`) |
//! | 1 | `parameters` | `Origins: Parameters` | change the protocol parameters (`dao.setParameter(s)`) |
//! | 2 | `treasury` | `Origins: Treasury` | spend up to [`TreasurySpendLimit`] (`dao.spend`) |
//! | 3 | `model_curation` | `Origins: ModelCuration` | delist models (`market.delistModel`) |
//! | 4 | `dispute_jury` | `Origins: DisputeJury` | rule on escalated disputes (`poq.rule`) |
//!
//! Each track has its own decision deposit, periods and approval and support curves. Live
//! periods are in hours and days; a chain whose genesis sets
//! [`pallet_dao::TrackTiming::Development`] (the development and local presets) runs every
//! track in blocks, so a referendum passes and is enacted in about a minute.

#![deny(missing_docs)]

use crate::{
	AccountId, Balance, Balances, BlockNumber, OriginCaller, Preimage, Referenda, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeHoldReason, RuntimeOrigin, System, DAYS, DGRID, HOURS,
	MILLI_DGRID, MINUTES,
};
use alloc::borrow::Cow;
use frame_support::{
	parameter_types,
	traits::{
		fungible::HoldConsideration, ConstU32, Currency, EqualPrivilegeOnly, Get,
		LinearStoragePrice, OnUnbalanced, OriginTrait,
	},
	weights::Weight,
};
use frame_system::{EnsureRoot, EnsureSigned, EnsureWithSuccess};
use pallet_dao::{origins, TrackTiming};
use pallet_referenda::{Curve, Track, TrackInfo};
use sp_runtime::{str_array as name, Perbill};

parameter_types! {
	/// Referenda and other scheduled calls may use up to 80 % of a block.
	pub MaximumSchedulerWeight: Weight = {
		let max = crate::configs::RuntimeBlockWeights::get().max_block;
		let share = Perbill::from_percent(80);
		Weight::from_parts(share.mul_floor(max.ref_time()), share.mul_floor(max.proof_size()))
	};
	/// Storing a preimage holds 1 DGRID plus 0.001 DGRID per byte.
	pub const PreimageBaseDeposit: Balance = DGRID;
	/// Per byte of a stored preimage.
	pub const PreimageByteDeposit: Balance = MILLI_DGRID;
	/// The hold reason of preimage deposits.
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
	/// Submitting a referendum reserves 10 DGRID (refunded once it is decided).
	pub const SubmissionDeposit: Balance = 10 * DGRID;
	/// A referendum that has not begun deciding within 14 days can be timed out.
	pub const UndecidingTimeout: BlockNumber = 14 * DAYS;
	/// A conviction-1 vote locks its balance for 7 days after the referendum ends (higher
	/// convictions lock for multiples of this).
	pub const VoteLockingPeriod: BlockNumber = 7 * DAYS;
	/// The most a single `treasury` referendum may spend.
	pub const TreasurySpendLimit: Balance = 100_000 * DGRID;
}

impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = crate::weights::pallet_scheduler::WeightInfo<Runtime>;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = crate::weights::pallet_preimage::WeightInfo<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

impl pallet_conviction_voting::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = crate::weights::pallet_conviction_voting::WeightInfo<Runtime>;
	type Currency = Balances;
	type Polls = Referenda;
	// Support is measured against every DGRID in existence.
	type MaxTurnout = frame_support::traits::TotalIssuanceOf<Balances, AccountId>;
	type MaxVotes = ConstU32<512>;
	type VoteLockingPeriod = VoteLockingPeriod;
	type BlockNumberProvider = System;
	type VotingHooks = ();
}

/// Slashed referendum deposits go to the treasury.
pub struct SlashToTreasury;
impl OnUnbalanced<pallet_balances::NegativeImbalance<Runtime>> for SlashToTreasury {
	fn on_nonzero_unbalanced(amount: pallet_balances::NegativeImbalance<Runtime>) {
		Balances::resolve_creating(&crate::configs::TreasuryAccount::get(), amount);
	}
}

impl pallet_referenda::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = crate::weights::pallet_referenda::WeightInfo<Runtime>;
	type Scheduler = crate::Scheduler;
	type Currency = Balances;
	type SubmitOrigin = EnsureSigned<AccountId>;
	type CancelOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	type Slash = SlashToTreasury;
	type Votes = pallet_conviction_voting::VotesOf<Runtime>;
	type Tally = pallet_conviction_voting::TallyOf<Runtime>;
	type SubmissionDeposit = SubmissionDeposit;
	type MaxQueued = ConstU32<100>;
	type UndecidingTimeout = UndecidingTimeout;
	type AlarmInterval = ConstU32<1>;
	type Tracks = Tracks;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

impl origins::Config for Runtime {}

/// Who may change the protocol parameters: the `parameters` track only.
pub type ParametersOrigin = origins::EnsureParameters;
/// Who may spend from the treasury: the `treasury` track only, up to [`TreasurySpendLimit`].
pub type SpendOrigin = EnsureWithSuccess<origins::EnsureTreasury, AccountId, TreasurySpendLimit>;
/// Who may delist models: the `model_curation` track only.
pub type CurationOrigin = origins::EnsureModelCuration;
/// Who rules on escalated disputes: the `dispute_jury` track only.
pub type DisputeJuryOrigin = origins::EnsureDisputeJury;

/// The track ids.
pub mod track {
	/// `root`.
	pub const ROOT: u16 = 0;
	/// `parameters`.
	pub const PARAMETERS: u16 = 1;
	/// `treasury`.
	pub const TREASURY: u16 = 2;
	/// `model_curation`.
	pub const MODEL_CURATION: u16 = 3;
	/// `dispute_jury`.
	pub const DISPUTE_JURY: u16 = 4;
}

/// A curve falling linearly from `ceil` % at the start of the decision period to `floor` % at
/// its end.
const fn falling(ceil: u32, floor_per_mille: u32) -> Curve {
	Curve::LinearDecreasing {
		length: Perbill::from_percent(100),
		floor: Perbill::from_perthousand(floor_per_mille),
		ceil: Perbill::from_percent(ceil),
	}
}

/// The periods of one track: preparation, decision, confirmation, minimum enactment delay.
struct Periods {
	prepare: BlockNumber,
	decide: BlockNumber,
	confirm: BlockNumber,
	enact: BlockNumber,
}

/// Every track decides in about a minute on a development chain (3-second blocks): one block
/// of preparation, two of confirmation, one before enactment, at most 40 to decide.
const DEV: Periods = Periods { prepare: 1, decide: 40, confirm: 2, enact: 1 };

#[allow(clippy::too_many_arguments)]
const fn track(
	id: u16,
	track_name: &str,
	max_deciding: u32,
	decision_deposit: Balance,
	p: Periods,
	min_approval: Curve,
	min_support: Curve,
) -> Track<u16, Balance, BlockNumber> {
	Track {
		id,
		info: TrackInfo {
			name: name(track_name),
			max_deciding,
			decision_deposit,
			prepare_period: p.prepare,
			decision_period: p.decide,
			confirm_period: p.confirm,
			min_enactment_period: p.enact,
			min_approval,
			min_support,
		},
	}
}

/// Live tracks (3-second blocks).
static LIVE_TRACKS: [Track<u16, Balance, BlockNumber>; 5] = [
	// Anything at all: one at a time, the highest deposit, the longest periods.
	track(
		track::ROOT,
		"root",
		1,
		100_000 * DGRID,
		Periods { prepare: 2 * HOURS, decide: 14 * DAYS, confirm: DAYS, enact: DAYS },
		falling(100, 500),
		falling(50, 5),
	),
	// Protocol parameters touch every operator and user: a 60 % approval floor, and three
	// hours after enactment before a change applies.
	track(
		track::PARAMETERS,
		"parameters",
		10,
		10_000 * DGRID,
		Periods { prepare: 2 * HOURS, decide: 7 * DAYS, confirm: 3 * HOURS, enact: 3 * HOURS },
		falling(100, 600),
		falling(20, 5),
	),
	track(
		track::TREASURY,
		"treasury",
		10,
		5_000 * DGRID,
		Periods { prepare: 2 * HOURS, decide: 7 * DAYS, confirm: 6 * HOURS, enact: DAYS },
		falling(100, 500),
		falling(10, 1),
	),
	// Curation acts on one model: a lower deposit, shorter periods.
	track(
		track::MODEL_CURATION,
		"model_curation",
		20,
		1_000 * DGRID,
		Periods { prepare: HOURS, decide: 3 * DAYS, confirm: HOURS, enact: 10 * MINUTES },
		falling(100, 500),
		falling(5, 1),
	),
	// A jury verdict holds funds in dispute: the shortest periods, enacted at once.
	track(
		track::DISPUTE_JURY,
		"dispute_jury",
		50,
		1_000 * DGRID,
		Periods { prepare: 10 * MINUTES, decide: 2 * DAYS, confirm: HOURS, enact: 1 },
		falling(100, 500),
		falling(5, 1),
	),
];

/// Development tracks: the live deposits and curves, with the support needed lowered to what a
/// few dev accounts hold, and every period in blocks.
static DEV_TRACKS: [Track<u16, Balance, BlockNumber>; 5] = [
	track(track::ROOT, "root", 1, 100_000 * DGRID, DEV, falling(60, 500), falling(1, 1)),
	track(
		track::PARAMETERS,
		"parameters",
		10,
		10_000 * DGRID,
		DEV,
		falling(70, 600),
		falling(1, 1),
	),
	track(track::TREASURY, "treasury", 10, 5_000 * DGRID, DEV, falling(60, 500), falling(1, 1)),
	track(
		track::MODEL_CURATION,
		"model_curation",
		20,
		1_000 * DGRID,
		DEV,
		falling(60, 500),
		falling(1, 1),
	),
	track(
		track::DISPUTE_JURY,
		"dispute_jury",
		50,
		1_000 * DGRID,
		DEV,
		falling(60, 500),
		falling(1, 1),
	),
];

/// The tracks of the track timing in force.
fn tracks_in_force() -> &'static [Track<u16, Balance, BlockNumber>; 5] {
	match pallet_dao::TrackTimingInForce::<crate::Runtime>::get() {
		TrackTiming::Live => &LIVE_TRACKS,
		TrackTiming::Development => &DEV_TRACKS,
	}
}

/// The most blocks the `dispute_jury` track takes from a referendum's submission to its
/// enactment: preparation, the whole decision period, confirmation and the minimum enactment
/// delay. PoQ's jury period must be longer ([`pallet_dao::Config::JuryTrackLength`]).
pub struct JuryTrackLength;

impl Get<BlockNumber> for JuryTrackLength {
	fn get() -> BlockNumber {
		tracks_in_force()
			.iter()
			.find(|t| t.id == track::DISPUTE_JURY)
			.map(|t| {
				t.info
					.prepare_period
					.saturating_add(t.info.decision_period)
					.saturating_add(t.info.confirm_period)
					.saturating_add(t.info.min_enactment_period)
			})
			// No jury track: no jury period is long enough.
			.unwrap_or(BlockNumber::MAX)
	}
}

/// DGrid's referenda tracks; their periods follow [`pallet_dao::TrackTimingInForce`].
pub struct Tracks;

impl pallet_referenda::TracksInfo<Balance, BlockNumber> for Tracks {
	type Id = u16;
	type RuntimeOrigin = <RuntimeOrigin as OriginTrait>::PalletsOrigin;

	fn tracks() -> impl Iterator<Item = Cow<'static, Track<u16, Balance, BlockNumber>>> {
		tracks_in_force().iter().map(Cow::Borrowed)
	}

	fn track_for(origin: &Self::RuntimeOrigin) -> Result<u16, ()> {
		match origin {
			OriginCaller::system(frame_system::RawOrigin::Root) => Ok(track::ROOT),
			OriginCaller::Origins(o) => Ok(match o {
				origins::Origin::Parameters => track::PARAMETERS,
				origins::Origin::Treasury => track::TREASURY,
				origins::Origin::ModelCuration => track::MODEL_CURATION,
				origins::Origin::DisputeJury => track::DISPUTE_JURY,
			}),
			_ => Err(()),
		}
	}
}

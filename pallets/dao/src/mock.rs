#![allow(clippy::arithmetic_side_effects)]

use crate::{self as pallet_dao, origins, TrackTiming};
use dgrid_primitives::{ProtocolParameters, DGRID};
use frame_support::{derive_impl, parameter_types, PalletId};
use frame_system::EnsureWithSuccess;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Origins: origins,
		Dao: pallet_dao,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u128>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = u128;
	type AccountStore = System;
	type ExistentialDeposit = ExistentialDeposit;
}

impl origins::Config for Test {}

parameter_types! {
	pub const ExistentialDeposit: u128 = 1_000;
	pub const TreasuryPalletId: PalletId = PalletId(*b"dg/trsry");
	pub const SpendLimit: u128 = 1_000 * DGRID;
	/// The development tracks' longest path to enactment.
	pub const JuryTrackLength: u64 = 44;
}

impl pallet_dao::Config for Test {
	type Currency = Balances;
	type TreasuryPalletId = TreasuryPalletId;
	type ParametersOrigin = origins::EnsureParameters;
	type SpendOrigin = EnsureWithSuccess<origins::EnsureTreasury, u64, SpendLimit>;
	type JuryTrackLength = JuryTrackLength;
	type WeightInfo = ();
}

/// The treasury's balance at genesis.
pub const TREASURY_FUNDS: u128 = 10_000 * DGRID;

/// Builds test externalities; `build_and_execute` runs `try_state` and checks that no money
/// was made or lost after every test.
pub struct ExtBuilder {
	params: ProtocolParameters<u64>,
	treasury: u128,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { params: ProtocolParameters::development(), treasury: TREASURY_FUNDS }
	}
}

impl ExtBuilder {
	pub fn params(mut self, params: ProtocolParameters<u64>) -> Self {
		self.params = params;
		self
	}

	pub fn treasury(mut self, funds: u128) -> Self {
		self.treasury = funds;
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		let treasury = Dao::treasury_account();
		let mut balances = vec![(1, 100 * DGRID), (2, 100 * DGRID)];
		if self.treasury > 0 {
			balances.push((treasury, self.treasury));
		}
		let storage = RuntimeGenesisConfig {
			system: Default::default(),
			balances: pallet_balances::GenesisConfig { balances, ..Default::default() },
			dao: pallet_dao::GenesisConfig {
				params: self.params,
				track_timing: TrackTiming::Development,
			},
		}
		.build_storage()
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			let issuance = Balances::total_issuance();
			test();
			Dao::do_try_state().unwrap();
			dgrid_primitives::testing::assert_issuance_conserved::<Test>(issuance, 0);
		})
	}
}

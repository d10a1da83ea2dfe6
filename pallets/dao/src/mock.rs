use crate as pallet_dao;
use dgrid_primitives::ProtocolParameters;
use frame_support::{derive_impl, parameter_types, PalletId};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Dao: pallet_dao,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

parameter_types! {
	pub const TreasuryPalletId: PalletId = PalletId(*b"dg/trsry");
}

impl pallet_dao::Config for Test {
	type TreasuryPalletId = TreasuryPalletId;
}

/// Builds test externalities from a parameter set and runs `try_state` after every test.
pub struct ExtBuilder {
	params: ProtocolParameters<u64>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { params: ProtocolParameters::development() }
	}
}

impl ExtBuilder {
	pub fn params(mut self, params: ProtocolParameters<u64>) -> Self {
		self.params = params;
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		let storage = RuntimeGenesisConfig {
			system: Default::default(),
			dao: pallet_dao::GenesisConfig { params: self.params },
		}
		.build_storage()
		.unwrap();
		sp_io::TestExternalities::new(storage)
	}

	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Dao::do_try_state().unwrap();
		})
	}
}

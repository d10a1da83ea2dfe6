use crate as pallet_node_staking;
use frame_support::{derive_impl, parameter_types};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		NodeStaking: pallet_node_staking,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

parameter_types! {
	pub const MaxValidators: u32 = 4;
}

impl pallet_node_staking::Config for Test {
	type MaxValidators = MaxValidators;
}

/// Builds test externalities from a genesis validator set; runs `try_state` after every test.
pub struct ExtBuilder {
	validators: Vec<u64>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { validators: vec![1, 2, 3] }
	}
}

impl ExtBuilder {
	pub fn validators(mut self, validators: Vec<u64>) -> Self {
		self.validators = validators;
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		let storage = RuntimeGenesisConfig {
			system: Default::default(),
			node_staking: pallet_node_staking::GenesisConfig { validators: self.validators },
		}
		.build_storage()
		.unwrap();
		sp_io::TestExternalities::new(storage)
	}

	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			NodeStaking::do_try_state().unwrap();
		})
	}
}

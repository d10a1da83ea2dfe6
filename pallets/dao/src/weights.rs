#![allow(missing_docs)]
use core::marker::PhantomData;
use frame_support::weights::Weight;
pub trait WeightInfo {
	fn set_parameters() -> Weight;
	fn set_parameter() -> Weight;
	fn spend() -> Weight;
	fn rule_on_dispute() -> Weight;
}
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn set_parameters() -> Weight {
		Weight::zero()
	}
	fn set_parameter() -> Weight {
		Weight::zero()
	}
	fn spend() -> Weight {
		Weight::zero()
	}
	fn rule_on_dispute() -> Weight {
		Weight::zero()
	}
}
impl WeightInfo for () {
	fn set_parameters() -> Weight {
		Weight::zero()
	}
	fn set_parameter() -> Weight {
		Weight::zero()
	}
	fn spend() -> Weight {
		Weight::zero()
	}
	fn rule_on_dispute() -> Weight {
		Weight::zero()
	}
}

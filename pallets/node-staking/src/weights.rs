// Placeholder until `scripts/benchmark.sh` generates this file.
#![allow(unused_parens, unused_imports, missing_docs)]
use core::marker::PhantomData;
use frame_support::weights::Weight;

pub trait WeightInfo {
	fn register_operator() -> Weight;
	fn bond() -> Weight;
	fn unbond() -> Weight;
	fn withdraw_unbonded() -> Weight;
	fn set_worker_key() -> Weight;
	fn validate() -> Weight;
	fn chill() -> Weight;
	fn deregister() -> Weight;
	fn claim_reward() -> Weight;
	fn elect_validators(c: u32) -> Weight;
	fn end_session() -> Weight;
}
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_operator() -> Weight {
		Weight::zero()
	}
	fn bond() -> Weight {
		Weight::zero()
	}
	fn unbond() -> Weight {
		Weight::zero()
	}
	fn withdraw_unbonded() -> Weight {
		Weight::zero()
	}
	fn set_worker_key() -> Weight {
		Weight::zero()
	}
	fn validate() -> Weight {
		Weight::zero()
	}
	fn chill() -> Weight {
		Weight::zero()
	}
	fn deregister() -> Weight {
		Weight::zero()
	}
	fn claim_reward() -> Weight {
		Weight::zero()
	}
	fn elect_validators(_c: u32) -> Weight {
		Weight::zero()
	}
	fn end_session() -> Weight {
		Weight::zero()
	}
}
impl WeightInfo for () {
	fn register_operator() -> Weight {
		Weight::zero()
	}
	fn bond() -> Weight {
		Weight::zero()
	}
	fn unbond() -> Weight {
		Weight::zero()
	}
	fn withdraw_unbonded() -> Weight {
		Weight::zero()
	}
	fn set_worker_key() -> Weight {
		Weight::zero()
	}
	fn validate() -> Weight {
		Weight::zero()
	}
	fn chill() -> Weight {
		Weight::zero()
	}
	fn deregister() -> Weight {
		Weight::zero()
	}
	fn claim_reward() -> Weight {
		Weight::zero()
	}
	fn elect_validators(_c: u32) -> Weight {
		Weight::zero()
	}
	fn end_session() -> Weight {
		Weight::zero()
	}
}

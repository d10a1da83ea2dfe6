// Placeholder until `scripts/benchmark.sh` generates this file.
#![allow(unused_parens, unused_imports, missing_docs)]
use core::marker::PhantomData;
use frame_support::weights::Weight;

pub trait WeightInfo {
	fn list_model() -> Weight;
	fn delist_model() -> Weight;
	fn set_offer() -> Weight;
	fn withdraw_offer() -> Weight;
	fn publish_agent() -> Weight;
	fn set_agent_fee() -> Weight;
	fn retire_agent() -> Weight;
	fn submit_job(n: u32) -> Weight;
	fn submit_result() -> Weight;
	fn decline_job() -> Weight;
	fn on_initialize_empty() -> Weight;
	fn on_deadline() -> Weight;
	fn on_settle() -> Weight;
	fn on_settle_agent() -> Weight;
	fn on_idle_empty() -> Weight;
	fn on_idle_prune() -> Weight;
}
impl WeightInfo for () {
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
	fn submit_job(_n: u32) -> Weight {
		Weight::zero()
	}
	fn submit_result() -> Weight {
		Weight::zero()
	}
	fn decline_job() -> Weight {
		Weight::zero()
	}
	fn on_initialize_empty() -> Weight {
		Weight::zero()
	}
	fn on_deadline() -> Weight {
		Weight::zero()
	}
	fn on_settle() -> Weight {
		Weight::zero()
	}
	fn on_settle_agent() -> Weight {
		Weight::zero()
	}
	fn on_idle_empty() -> Weight {
		Weight::zero()
	}
	fn on_idle_prune() -> Weight {
		Weight::zero()
	}
}
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
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
	fn submit_job(_n: u32) -> Weight {
		Weight::zero()
	}
	fn submit_result() -> Weight {
		Weight::zero()
	}
	fn decline_job() -> Weight {
		Weight::zero()
	}
	fn on_initialize_empty() -> Weight {
		Weight::zero()
	}
	fn on_deadline() -> Weight {
		Weight::zero()
	}
	fn on_settle() -> Weight {
		Weight::zero()
	}
	fn on_settle_agent() -> Weight {
		Weight::zero()
	}
	fn on_idle_empty() -> Weight {
		Weight::zero()
	}
	fn on_idle_prune() -> Weight {
		Weight::zero()
	}
}

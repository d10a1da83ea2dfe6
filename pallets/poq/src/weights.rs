//! Weights for `pallet_poq`. Regenerate with `scripts/gen-weights.sh poq`; never edit by hand.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_poq`.
pub trait WeightInfo {
	fn on_initialize_empty() -> Weight;
	fn draw_candidate() -> Weight;
	fn draw_audit(o: u32, ) -> Weight;
	fn draw_round(o: u32, ) -> Weight;
	fn finalize(m: u32, ) -> Weight;
	fn commit() -> Weight;
	fn reveal() -> Weight;
	fn dispute() -> Weight;
	fn rule(m: u32, ) -> Weight;
}

/// Not yet measured.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn on_initialize_empty() -> Weight { Weight::zero() }
	fn draw_candidate() -> Weight { Weight::zero() }
	fn draw_audit(_o: u32, ) -> Weight { Weight::zero() }
	fn draw_round(_o: u32, ) -> Weight { Weight::zero() }
	fn finalize(_m: u32, ) -> Weight { Weight::zero() }
	fn commit() -> Weight { Weight::zero() }
	fn reveal() -> Weight { Weight::zero() }
	fn dispute() -> Weight { Weight::zero() }
	fn rule(_m: u32, ) -> Weight { Weight::zero() }
}

impl WeightInfo for () {
	fn on_initialize_empty() -> Weight { Weight::zero() }
	fn draw_candidate() -> Weight { Weight::zero() }
	fn draw_audit(_o: u32, ) -> Weight { Weight::zero() }
	fn draw_round(_o: u32, ) -> Weight { Weight::zero() }
	fn finalize(_m: u32, ) -> Weight { Weight::zero() }
	fn commit() -> Weight { Weight::zero() }
	fn reveal() -> Weight { Weight::zero() }
	fn dispute() -> Weight { Weight::zero() }
	fn rule(_m: u32, ) -> Weight { Weight::zero() }
}

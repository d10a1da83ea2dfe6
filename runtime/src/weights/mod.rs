//! Weights of the FRAME pallets measured with this runtime (`scripts/gen-weights.sh`). DGrid's
//! own pallets keep theirs in their crates.

pub mod pallet_conviction_voting;
pub mod pallet_preimage;
pub mod pallet_referenda;
pub mod pallet_scheduler;

//! Weights measured with this runtime (`scripts/gen-weights.sh`): the FRAME pallets' (DGrid's
//! own pallets keep theirs in their crates), and the execution overhead of an empty block and of
//! an extrinsic (`benchmark overhead`).

pub mod block_weights;
pub mod extrinsic_weights;
pub mod pallet_conviction_voting;
pub mod pallet_preimage;
pub mod pallet_referenda;
pub mod pallet_scheduler;

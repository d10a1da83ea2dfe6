//! # DGrid market pallet
//!
//! Where AI supply meets demand: the model catalogue, providers' offers at the prices they set,
//! agents (a base model, a system prompt and a creator fee), and inference jobs with their
//! escrow, on-chain routing, failover and settlement (see `docs/architecture.md`).
//!
//! The pallet is wired into the runtime with the protocol parameter registry it reads
//! ([`Config::Params`]: deadlines, challenge and retention periods). It has no calls or storage
//! yet.

#![cfg_attr(not(feature = "std"), no_std)]

pub use pallet::*;

#[frame_support::pallet]
pub mod pallet {
	use dgrid_primitives::ProtocolParams;
	use frame_system::pallet_prelude::BlockNumberFor;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The protocol parameter registry (deadlines, challenge and retention periods).
		type Params: ProtocolParams<BlockNumberFor<Self>>;
	}
}

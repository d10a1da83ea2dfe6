//! # DGrid Proof of Quality pallet
//!
//! Proof of Quality answers two questions, kept apart: did the provider run the model it claims
//! (checked by sampled re-execution), and how good is the answer (scored by a verifier
//! committee with commit-reveal). Audits are drawn with BABE randomness; verdicts slash through
//! [`dgrid_primitives::Slashing`] and move reputation through [`dgrid_primitives::Reputation`].
//!
//! The pallet is wired into the runtime with the traits it consumes: the protocol parameters
//! ([`Config::Params`]) and BABE's VRF randomness ([`Config::Randomness`]) — never the insecure
//! collective-flip source. It has no calls or storage yet.

#![cfg_attr(not(feature = "std"), no_std)]

pub use pallet::*;

#[frame_support::pallet]
pub mod pallet {
	use dgrid_primitives::ProtocolParams;
	use frame_support::traits::Randomness;
	use frame_system::pallet_prelude::BlockNumberFor;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The protocol parameter registry (audit rate, commit and reveal periods, threshold).
		type Params: ProtocolParams<BlockNumberFor<Self>>;
		/// Randomness for audit draws and committee selection: BABE's VRF output of a block
		/// after the result landed.
		type Randomness: Randomness<Self::Hash, BlockNumberFor<Self>>;
	}
}

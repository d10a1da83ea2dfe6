//! # DGrid node staking pallet
//!
//! Node operators stake to serve and verify inference; validators are operators who opt in.
//! This pallet owns the **validator set** DGrid's BABE and GRANDPA authorities come from: it is
//! the [`pallet_session::SessionManager`] of the runtime.
//!
//! The set is seeded at genesis from the chain spec ([`GenesisConfig::validators`]) and handed
//! to `pallet-session` for the first sessions; an empty genesis set leaves the first sessions to
//! `pallet-session`'s own genesis keys. While no election has run, a new session keeps the set
//! in force (`new_session` returns `None`, which `pallet-session` reads as "unchanged").
//!
//! Invariants (checked by `try_state`): the set is within [`Config::MaxValidators`] and free of
//! duplicates.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

use alloc::vec::Vec;
use sp_staking::SessionIndex;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The largest number of validators a session can have.
		#[pallet::constant]
		type MaxValidators: Get<u32>;
	}

	/// The operators that validate (produce blocks and vote on finality) in the current
	/// session.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The validators of the first sessions: distinct, at most `MaxValidators`. Empty leaves
		/// the first sessions to `pallet-session`'s genesis keys.
		pub validators: Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// Genesis only: a chain spec with an unusable validator set must not start.
			let set =
				BoundedVec::<T::AccountId, T::MaxValidators>::try_from(self.validators.clone());
			assert!(set.is_ok(), "more genesis validators than MaxValidators");
			let set = set.unwrap_or_default();
			assert!(!has_duplicates(&set), "the genesis validator set has duplicates");
			Validators::<T>::put(set);
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}
}

fn has_duplicates<A: Ord + Clone>(set: &[A]) -> bool {
	let mut sorted = set.to_vec();
	sorted.sort();
	sorted.windows(2).any(|w| matches!(w, [a, b] if a == b))
}

impl<T: Config> Pallet<T> {
	/// Invariants of the validator set.
	#[cfg(any(feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let set = Validators::<T>::get();
		frame_support::ensure!(!has_duplicates(&set), "the validator set has duplicates");
		Ok(())
	}
}

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		log::debug!(target: "dgrid::staking", "session {new_index}: validator set unchanged");
		None
	}

	fn new_session_genesis(_new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		let set = Validators::<T>::get();
		(!set.is_empty()).then(|| set.into_inner())
	}

	fn end_session(_end_index: SessionIndex) {}

	fn start_session(_start_index: SessionIndex) {}
}

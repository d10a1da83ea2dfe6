//! # DGrid DAO pallet
//!
//! DGrid's own part of on-chain governance: what the DAO's referenda act on. (Voting itself is
//! the job of `pallet-referenda` and `pallet-conviction-voting`, so that polkadot.js apps'
//! Governance pages work unchanged.) This pallet holds:
//!
//! - the **protocol parameter registry** ([`ProtocolParams`]): every period and economic knob
//!   of DGrid, read by the other pallets through the [`dgrid_primitives::ProtocolParams`]
//!   trait. Its genesis value comes from the chain spec (seconds on a dev chain, hours on a
//!   testnet) and is checked with [`ProtocolParameters::validate`];
//! - the **treasury account**, derived from [`Config::TreasuryPalletId`], which receives
//!   protocol fees and slashes.
//!
//! Invariants (checked by `try_state`): the parameter set is present and valid.

#![cfg_attr(not(feature = "std"), no_std)]

pub use pallet::*;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

use dgrid_primitives::ProtocolParameters;
use frame_support::{traits::Get, PalletId};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::AccountIdConversion;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The id from which the treasury account is derived.
		#[pallet::constant]
		type TreasuryPalletId: Get<PalletId>;
	}

	/// The protocol parameters in force. Set at genesis from the chain spec.
	#[pallet::storage]
	pub type ProtocolParams<T: Config> =
		StorageValue<_, ProtocolParameters<BlockNumberFor<T>>, OptionQuery>;

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// The protocol parameters the chain starts with.
		pub params: ProtocolParameters<BlockNumberFor<T>>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self { params: ProtocolParameters::development() }
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// Genesis only: a chain spec with unusable parameters must not start.
			let checked = self.params.validate();
			assert!(
				checked.is_ok(),
				"invalid DGrid protocol parameters in the chain spec: {checked:?}"
			);
			ProtocolParams::<T>::put(self.params);
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

impl<T: Config> Pallet<T> {
	/// The account protocol fees and slashes are paid into.
	pub fn treasury_account() -> T::AccountId {
		T::TreasuryPalletId::get().into_account_truncating()
	}

	/// Invariants: the parameter set is present and passes its own checks.
	#[cfg(any(feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let params = ProtocolParams::<T>::get().ok_or("protocol parameters are missing")?;
		params.validate().map_err(|_| "protocol parameters are invalid")?;
		Ok(())
	}
}

impl<T: Config> dgrid_primitives::ProtocolParams<BlockNumberFor<T>> for Pallet<T> {
	/// The parameters in force; a chain whose genesis did not set them (which `try_state`
	/// reports) runs with the development defaults rather than with zero periods.
	fn params() -> ProtocolParameters<BlockNumberFor<T>> {
		ProtocolParams::<T>::get().unwrap_or_else(ProtocolParameters::development)
	}
}

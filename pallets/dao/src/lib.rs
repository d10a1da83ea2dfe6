//! # DGrid DAO pallet
//!
//! DGrid's own part of on-chain governance: what the DAO's referenda act on. Voting itself is
//! the job of `pallet-referenda` and `pallet-conviction-voting`, so that polkadot.js apps'
//! Governance pages work unchanged; each DGrid track dispatches its passed referenda with one
//! of the [`origins`] declared here, and each call of this pallet accepts exactly one of them.
//!
//! This pallet holds:
//!
//! - the **protocol parameter registry** ([`ParametersInForce`]): every period and economic knob
//!   of DGrid, read by the other pallets through the [`dgrid_primitives::ProtocolParams`]
//!   trait. Its genesis value comes from the chain spec (seconds on a dev chain, hours on a
//!   testnet). Only [`Config::ParametersOrigin`] (the `parameters` track) changes it, with
//!   [`Pallet::set_parameters`] or [`Pallet::set_parameter`]; every change is checked with
//!   [`ProtocolParameters::validate`] and refused, with the reason, if out of bounds;
//! - the **treasury account**, derived from [`Config::TreasuryPalletId`], which receives
//!   protocol fees, curated deposits and slashes. Only [`Config::SpendOrigin`] (the `treasury`
//!   track) spends from it, with [`Pallet::spend`], up to the limit the origin carries;
//! - the **track timing** ([`TrackTimingInForce`]): whether the runtime's referenda tracks run
//!   on live periods (days) or development periods (blocks), set at genesis.
//!
//! The `dispute_jury` track's origin is declared here too; its rulings go to PoQ's `rule` call.
//!
//! Invariants (checked by `try_state`): the parameter set is present and valid.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod events;
mod impls;
#[cfg(any(feature = "std", feature = "try-runtime"))]
mod invariants;
#[cfg(test)]
mod mock;
pub mod origins;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

use dgrid_primitives::{Balance, ParamError, ParameterChange, ProtocolParameters};
use frame_support::{
	pallet_macros::import_section,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::{Fortitude, Preservation},
		Get,
	},
	PalletId,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{AccountIdConversion, StaticLookup};

/// A beneficiary as given to a call (an address or an index).
pub type AccountIdLookupOf<T> = <<T as frame_system::Config>::Lookup as StaticLookup>::Source;

#[import_section(events::events)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// The version of this pallet's storage layout, for migrations.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency the treasury holds.
		type Currency: Mutate<Self::AccountId, Balance = Balance>;
		/// The id from which the treasury account is derived.
		#[pallet::constant]
		type TreasuryPalletId: Get<PalletId>;
		/// Who may change the protocol parameters: the `parameters` track.
		type ParametersOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Who may spend from the treasury, and up to how much per spend: the `treasury` track.
		type SpendOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = Balance>;
		/// The most blocks the `dispute_jury` track takes from a referendum's submission to its
		/// enactment (preparation, decision, confirmation, enactment): the jury period must be
		/// longer, so that an escalated dispute can be ruled on before its default ruling.
		type JuryTrackLength: Get<BlockNumberFor<Self>>;
		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The protocol parameters in force. Set at genesis from the chain spec; changed only by
	/// the `parameters` governance track.
	#[pallet::storage]
	pub type ParametersInForce<T: Config> =
		StorageValue<_, ProtocolParameters<BlockNumberFor<T>>, OptionQuery>;

	/// Whether the referenda tracks run on live or development periods. Set at genesis.
	#[pallet::storage]
	pub type TrackTimingInForce<T: Config> = StorageValue<_, TrackTiming, ValueQuery>;

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// The protocol parameters the chain starts with.
		pub params: ProtocolParameters<BlockNumberFor<T>>,
		/// The periods of the referenda tracks.
		pub track_timing: TrackTiming,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			// Live periods throughout: the jury's period must outlast the live jury track.
			Self { params: ProtocolParameters::testnet(), track_timing: TrackTiming::Live }
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// Genesis only: a chain spec with unusable parameters must not start.
			// The jury track's length follows the track timing.
			TrackTimingInForce::<T>::put(self.track_timing);
			let checked = Pallet::<T>::check_params(&self.params);
			assert!(
				checked.is_ok(),
				"invalid DGrid protocol parameters in the chain spec: {checked:?}"
			);
			ParametersInForce::<T>::put(self.params);
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Replace the whole protocol parameter set.
		///
		/// Origin: the `parameters` track. The new set must pass
		/// [`ProtocolParameters::validate`] and give the jury longer than its track takes;
		/// the error names the first bound it breaks. Takes
		/// effect at once: jobs in flight keep the deadlines they were given.
		///
		/// Emits [`Event::ParametersChanged`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_parameters())]
		pub fn set_parameters(
			origin: OriginFor<T>,
			params: ProtocolParameters<BlockNumberFor<T>>,
		) -> DispatchResult {
			T::ParametersOrigin::ensure_origin(origin)?;
			Self::put_params(params)
		}

		/// Change one protocol parameter, keeping the others.
		///
		/// Origin: the `parameters` track. The resulting set must pass
		/// [`ProtocolParameters::validate`].
		///
		/// Emits [`Event::ParametersChanged`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_parameter())]
		pub fn set_parameter(
			origin: OriginFor<T>,
			change: ParameterChange<BlockNumberFor<T>>,
		) -> DispatchResult {
			T::ParametersOrigin::ensure_origin(origin)?;
			Self::put_params(<Self as dgrid_primitives::ProtocolParams<_>>::params().with(change))
		}

		/// Pay `amount` from the treasury to `beneficiary`.
		///
		/// Origin: the `treasury` track, which may spend up to its limit per referendum. The
		/// treasury always keeps its existential deposit.
		///
		/// Emits [`Event::TreasurySpent`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::spend())]
		pub fn spend(
			origin: OriginFor<T>,
			#[pallet::compact] amount: Balance,
			beneficiary: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let limit = T::SpendOrigin::ensure_origin(origin)?;
			let beneficiary = T::Lookup::lookup(beneficiary)?;
			ensure!(amount > 0, Error::<T>::ZeroSpend);
			ensure!(amount <= limit, Error::<T>::SpendAboveLimit);
			let treasury = Self::treasury_account();
			let spendable = T::Currency::reducible_balance(
				&treasury,
				Preservation::Preserve,
				Fortitude::Polite,
			);
			ensure!(amount <= spendable, Error::<T>::TreasuryTooPoor);
			T::Currency::transfer(&treasury, &beneficiary, amount, Preservation::Preserve)?;
			Self::deposit_event(Event::TreasurySpent { beneficiary, amount });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The account protocol fees and slashes are paid into.
	pub fn treasury_account() -> T::AccountId {
		T::TreasuryPalletId::get().into_account_truncating()
	}

	/// Check a parameter set: [`ProtocolParameters::validate`], and a jury period longer than
	/// the `dispute_jury` track takes ([`Config::JuryTrackLength`]).
	pub fn check_params(params: &ProtocolParameters<BlockNumberFor<T>>) -> Result<(), Error<T>> {
		params.validate().map_err(Error::<T>::from)?;
		if params.jury_period <= T::JuryTrackLength::get() {
			return Err(Error::<T>::JuryPeriodTooShort);
		}
		Ok(())
	}

	/// Check and store a new parameter set.
	fn put_params(
		new: ProtocolParameters<BlockNumberFor<T>>,
	) -> frame_support::dispatch::DispatchResult {
		Self::check_params(&new)?;
		let old = <Self as dgrid_primitives::ProtocolParams<_>>::params();
		ParametersInForce::<T>::put(new);
		Self::deposit_event(Event::ParametersChanged { old, new });
		Ok(())
	}
}

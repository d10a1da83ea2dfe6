//! # DGrid DAO pallet
//!
//! DGrid's own part of on-chain governance: what the DAO's referenda act on. Voting itself is
//! the job of `pallet-referenda` and `pallet-conviction-voting`, so that polkadot.js apps'
//! Governance pages work unchanged; each DGrid track dispatches its passed referenda with one
//! of the [`origins`] declared here, and each call of this pallet accepts exactly one of them.
//!
//! This pallet holds:
//!
//! - the **protocol parameter registry** ([`ProtocolParams`]): every period and economic knob
//!   of DGrid, read by the other pallets through the [`dgrid_primitives::ProtocolParams`]
//!   trait. Its genesis value comes from the chain spec (seconds on a dev chain, hours on a
//!   testnet). Only [`Config::ParametersOrigin`] (the `parameters` track) changes it, with
//!   [`Pallet::set_parameters`] or [`Pallet::set_parameter`]; every change is checked with
//!   [`ProtocolParameters::validate`] and refused, with the reason, if out of bounds;
//! - the **treasury account**, derived from [`Config::TreasuryPalletId`], which receives
//!   protocol fees, curated deposits and slashes. Only [`Config::SpendOrigin`] (the `treasury`
//!   track) spends from it, with [`Pallet::spend`], up to the limit the origin carries;
//! - **jury verdicts**: [`Pallet::rule_on_dispute`] hands the `dispute_jury` track's final
//!   decision on an escalated dispute to PoQ through [`dgrid_primitives::EscalatedDisputes`];
//! - the **track timing** ([`GovernanceTiming`]): whether the runtime's referenda tracks run on
//!   live periods (days) or development periods (blocks), set at genesis.
//!
//! Invariants (checked by `try_state`): the parameter set is present and valid.

#![cfg_attr(not(feature = "std"), no_std)]

pub use pallet::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
pub mod origins;
#[cfg(test)]
mod tests;
pub mod weights;

use dgrid_primitives::{
	Balance, DisputeError, DisputeId, EscalatedDisputes, ParamError, ParameterChange,
	ProtocolParameters, Verdict,
};
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		tokens::{Fortitude, Preservation},
		Get,
	},
	PalletId,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{AccountIdConversion, StaticLookup};

/// The periods the runtime's referenda tracks run on.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum TrackTiming {
	/// Live periods: preparation in hours, decisions in days.
	#[default]
	Live,
	/// Development periods: a referendum passes and is enacted in about a minute.
	Development,
}

/// A beneficiary as given to a call (an address or an index).
pub type AccountIdLookupOf<T> = <<T as frame_system::Config>::Lookup as StaticLookup>::Source;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
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
		/// Who gives final verdicts on escalated disputes: the `dispute_jury` track.
		type DisputeJuryOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The disputes the jury rules on (PoQ).
		type Disputes: EscalatedDisputes;
		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The protocol parameters in force. Set at genesis from the chain spec; changed only by
	/// the `parameters` governance track.
	#[pallet::storage]
	pub type ProtocolParams<T: Config> =
		StorageValue<_, ProtocolParameters<BlockNumberFor<T>>, OptionQuery>;

	/// Whether the referenda tracks run on live or development periods. Set at genesis.
	#[pallet::storage]
	pub type GovernanceTiming<T: Config> = StorageValue<_, TrackTiming, ValueQuery>;

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// The protocol parameters the chain starts with.
		pub params: ProtocolParameters<BlockNumberFor<T>>,
		/// The periods of the referenda tracks.
		pub track_timing: TrackTiming,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self { params: ProtocolParameters::development(), track_timing: TrackTiming::Live }
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
			GovernanceTiming::<T>::put(self.track_timing);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The protocol parameters were changed by the `parameters` track.
		ParametersChanged {
			/// The set before the change.
			old: ProtocolParameters<BlockNumberFor<T>>,
			/// The set now in force.
			new: ProtocolParameters<BlockNumberFor<T>>,
		},
		/// The `treasury` track paid `amount` from the treasury to `beneficiary`.
		TreasurySpent {
			/// Who was paid.
			beneficiary: T::AccountId,
			/// How much, in plancks.
			amount: Balance,
		},
		/// The `dispute_jury` track gave its final verdict on an escalated dispute.
		DisputeRuled {
			/// The dispute.
			dispute: DisputeId,
			/// The verdict, now applied.
			verdict: Verdict,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// A period in the proposed parameters is zero: every period must last at least one
		/// block.
		ZeroPeriod,
		/// The proposed quality threshold is above 100.
		QualityThresholdAbove100,
		/// The proposed audit rate is below the 2 % floor that keeps cheating unprofitable.
		AuditRateBelowFloor,
		/// The proposed protocol fee is above 50 %.
		ProtocolFeeTooHigh,
		/// The proposed minimum operator bond is zero.
		ZeroMinimumBond,
		/// A spend of nothing: give an amount above zero.
		ZeroSpend,
		/// The spend is above what the origin may spend at once (the `treasury` track's limit).
		SpendAboveLimit,
		/// The treasury cannot pay this much and stay alive.
		TreasuryTooPoor,
		/// No dispute has this id.
		UnknownDispute,
		/// The dispute is not waiting for the DAO: its panel has not split, or it is decided.
		DisputeNotEscalated,
		/// A proposed verifier count (spot check, committee, panel) is zero or above 16, or the
		/// spot check is larger than the committee.
		BadPanelSize,
		/// The proposed fail threshold is above the quality threshold.
		FailAboveQualityThreshold,
		/// The proposed audit rate times the collateral multiple is below one: cheating would
		/// pay.
		CheatingPays,
	}

	impl<T> From<ParamError> for Error<T> {
		fn from(e: ParamError) -> Self {
			match e {
				ParamError::ZeroPeriod => Error::ZeroPeriod,
				ParamError::QualityThresholdAbove100 => Error::QualityThresholdAbove100,
				ParamError::AuditRateBelowFloor => Error::AuditRateBelowFloor,
				ParamError::ProtocolFeeTooHigh => Error::ProtocolFeeTooHigh,
				ParamError::ZeroMinimumBond => Error::ZeroMinimumBond,
				ParamError::BadPanelSize => Error::BadPanelSize,
				ParamError::FailAboveQualityThreshold => Error::FailAboveQualityThreshold,
				ParamError::CheatingPays => Error::CheatingPays,
			}
		}
	}

	impl<T> From<DisputeError> for Error<T> {
		fn from(e: DisputeError) -> Self {
			match e {
				DisputeError::UnknownDispute => Error::UnknownDispute,
				DisputeError::NotEscalated => Error::DisputeNotEscalated,
			}
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
		/// [`ProtocolParameters::validate`]; the error names the first bound it breaks. Takes
		/// effect at once: jobs in flight keep the deadlines they were given.
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

		/// Give the final verdict on a dispute PoQ escalated because its panel split.
		///
		/// Origin: the `dispute_jury` track. PoQ applies the verdict (slash and refund, or
		/// settlement) at once.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::rule_on_dispute().saturating_add(T::Disputes::rule_weight()))]
		pub fn rule_on_dispute(
			origin: OriginFor<T>,
			dispute: DisputeId,
			verdict: Verdict,
		) -> DispatchResult {
			T::DisputeJuryOrigin::ensure_origin(origin)?;
			T::Disputes::rule(dispute, verdict).map_err(Error::<T>::from)?;
			Self::deposit_event(Event::DisputeRuled { dispute, verdict });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The account protocol fees and slashes are paid into.
	pub fn treasury_account() -> T::AccountId {
		T::TreasuryPalletId::get().into_account_truncating()
	}

	/// The periods the referenda tracks run on.
	pub fn track_timing() -> TrackTiming {
		GovernanceTiming::<T>::get()
	}

	/// Check and store a new parameter set.
	fn put_params(
		new: ProtocolParameters<BlockNumberFor<T>>,
	) -> frame_support::dispatch::DispatchResult {
		new.validate().map_err(Error::<T>::from)?;
		let old = <Self as dgrid_primitives::ProtocolParams<_>>::params();
		ProtocolParams::<T>::put(new);
		Self::deposit_event(Event::ParametersChanged { old, new });
		Ok(())
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

//! DGrid's governance origins: what a passed referendum on each of DGrid's own tracks
//! dispatches with.
//!
//! The runtime includes this module as a pallet named `Origins`, so a referendum's origin reads
//! `{ Origins: Parameters }` in polkadot.js apps, as on Polkadot. The `Root` track uses the
//! system's root origin.
//!
//! | origin | track | may |
//! |---|---|---|
//! | [`Origin::Parameters`] | `parameters` | change the protocol parameters |
//! | [`Origin::Treasury`] | `treasury` | spend from the treasury, up to the track's limit |
//! | [`Origin::ModelCuration`] | `model_curation` | delist models from the market |
//! | [`Origin::DisputeJury`] | `dispute_jury` | rule on disputes PoQ escalated (`poq.rule`) |

pub use pallet::*;

#[frame_support::pallet]
pub mod pallet {
	use frame_support::pallet_prelude::*;

	#[pallet::config]
	pub trait Config: frame_system::Config {}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// The origins of DGrid's governance tracks other than `Root`.
	#[derive(
		PartialEq,
		Eq,
		Clone,
		Copy,
		MaxEncodedLen,
		Encode,
		Decode,
		DecodeWithMemTracking,
		TypeInfo,
		Debug,
	)]
	#[pallet::origin]
	pub enum Origin {
		/// A passed referendum of the `parameters` track.
		Parameters,
		/// A passed referendum of the `treasury` track.
		Treasury,
		/// A passed referendum of the `model_curation` track.
		ModelCuration,
		/// A passed referendum of the `dispute_jury` track.
		DisputeJury,
	}
}

/// Declares an `EnsureOrigin` that accepts exactly one of DGrid's governance origins.
macro_rules! ensure_dao_origin {
	($(#[$doc:meta])* $name:ident => $variant:ident) => {
		$(#[$doc])*
		pub struct $name;
		impl<O: frame_support::traits::OriginTrait + From<Origin>>
			frame_support::traits::EnsureOrigin<O> for $name
		where
			for<'a> &'a O::PalletsOrigin: TryInto<&'a Origin>,
		{
			type Success = ();
			fn try_origin(o: O) -> Result<Self::Success, O> {
				let matches = matches!(o.caller().try_into(), Ok(Origin::$variant));
				if matches {
					Ok(())
				} else {
					Err(o)
				}
			}
			#[cfg(feature = "runtime-benchmarks")]
			fn try_successful_origin() -> Result<O, ()> {
				Ok(O::from(Origin::$variant))
			}
		}
	};
}

ensure_dao_origin!(
	/// Accepts only a passed `parameters` referendum.
	EnsureParameters => Parameters
);
ensure_dao_origin!(
	/// Accepts only a passed `treasury` referendum.
	EnsureTreasury => Treasury
);
ensure_dao_origin!(
	/// Accepts only a passed `model_curation` referendum.
	EnsureModelCuration => ModelCuration
);
ensure_dao_origin!(
	/// Accepts only a passed `dispute_jury` referendum.
	EnsureDisputeJury => DisputeJury
);

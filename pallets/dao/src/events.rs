//! The DAO pallet's events and errors (each says what to fix), imported into the pallet as a
//! section.

use frame_support::pallet_macros::pallet_section;

#[pallet_section]
mod events {
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
		/// A proposed verifier count (spot check, committee, panel) is zero or above 16, or the
		/// spot check is larger than the committee.
		BadPanelSize,
		/// The proposed fail threshold is above the quality threshold.
		FailAboveQualityThreshold,
		/// The proposed audit rate times the collateral multiple is below one: cheating would
		/// pay.
		CheatingPays,
		/// The proposed protocol fee and verification fee add up to more than 100 % of the
		/// provider's fee.
		FeesAboveProviderFee,
		/// The proposed unbonding period does not outlast the longest path from a result to
		/// its final verdict: lengthen it, or shorten the periods on that path.
		UnbondingShorterThanVerdicts,
		/// The proposed jury period is not longer than the `dispute_jury` track takes to
		/// decide and enact a ruling: the jury could never rule in time.
		JuryPeriodTooShort,
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
				ParamError::FeesAboveProviderFee => Error::FeesAboveProviderFee,
				ParamError::UnbondingShorterThanVerdicts => Error::UnbondingShorterThanVerdicts,
			}
		}
	}
}

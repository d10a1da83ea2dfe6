//! What each step of a review weighs, from the generated [`WeightInfo`].

use super::Slashed;
use crate::*;
use frame_support::weights::Weight;

impl<T: Config> Pallet<T> {
	/// The weight of drawing an audit's spot check among `offerers`: with the model's verifier
	/// pool read if it is the model's `first` audit in the block.
	pub fn draw_audit_weight(offerers: u32, first: bool) -> Weight {
		let one = T::WeightInfo::draw_audit(offerers, 1);
		match first {
			true => one,
			false => T::WeightInfo::draw_audit(offerers, 2).saturating_sub(one),
		}
	}

	/// The weight of a verdict step on `members` verifiers, by whether it slashed the
	/// provider.
	pub(crate) fn verdict_weight(slashed: Slashed, members: u32) -> Weight {
		match slashed {
			true => T::WeightInfo::finalize(members),
			false => T::WeightInfo::finalize_pass(members),
		}
	}

	/// The market's conclusion of `job` if the verdict just reached paid it out or refunded it
	/// (the review is then gone); nothing if the market settles it later.
	pub(crate) fn conclusion_weight(job: JobId) -> Weight {
		match Reviews::<T>::contains_key(job) {
			true => Weight::zero(),
			false => T::Jobs::conclude_weight(),
		}
	}

	/// Weight of a reveal that reaches the verdict of the largest round.
	pub fn reveal_weight() -> Weight {
		T::WeightInfo::reveal()
			.saturating_add(T::WeightInfo::finalize(T::MaxPanel::get().saturating_mul(2)))
			.saturating_add(T::Jobs::conclude_weight())
	}

	/// Weight of a jury verdict.
	pub fn rule_weight() -> Weight {
		T::WeightInfo::rule(T::MaxPanel::get()).saturating_add(T::Jobs::conclude_weight())
	}
}

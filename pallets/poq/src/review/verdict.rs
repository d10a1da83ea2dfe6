//! How a round's scores become a verdict: the stake-weighted median, the thresholds, the
//! panel's two-thirds rule and clipping.

use crate::*;
use alloc::vec::Vec;
use sp_runtime::Perbill;

impl<T: Config> Pallet<T> {
	/// The stake-weighted median of `(score, stake)` pairs: the lowest score at which the
	/// stake at or below it exceeds half of the total. A tie between two halves of equal stake
	/// goes to the higher score: a verdict against the provider needs a strict majority of the
	/// stake. `None` for no scores.
	pub fn weighted_median(scores: &[(u8, Balance)]) -> Option<u8> {
		let mut sorted: Vec<(u8, Balance)> =
			scores.iter().map(|(s, w)| (*s, (*w).max(1))).collect();
		sorted.sort_by_key(|(s, _)| *s);
		let total = sorted.iter().fold(0u128, |sum, (_, w)| sum.saturating_add(*w));
		let mut below = 0u128;
		for (score, weight) in sorted {
			below = below.saturating_add(weight);
			if below.saturating_mul(2) > total {
				return Some(score);
			}
		}
		None
	}

	/// The stake-weighted median of the members' revealed scores.
	pub(crate) fn median_of(members: &[Member<T::AccountId>]) -> Option<u8> {
		let scores: Vec<(u8, Balance)> =
			members.iter().filter_map(|m| m.score.map(|s| (s, m.stake))).collect();
		Self::weighted_median(&scores)
	}

	/// The verdict a median score gives: paid in full at or above the quality threshold,
	/// pro-rated from the fail threshold up, failed below it.
	pub fn verdict_of(score: u8) -> Verdict {
		let params = T::Params::params();
		if score >= params.quality_threshold {
			Verdict::Passed { score, share: Perbill::one() }
		} else if score >= params.fail_threshold {
			let share =
				Perbill::from_rational(u32::from(score), u32::from(params.quality_threshold));
			Verdict::Passed { score, share }
		} else {
			Verdict::Failed { score }
		}
	}

	/// Whether at least two thirds of the revealed stake is on one side of the fail
	/// threshold: what a dispute's panel needs to decide.
	pub(crate) fn decisive(revealed: &[Member<T::AccountId>]) -> bool {
		let fail = T::Params::params().fail_threshold;
		let (mut low, mut high) = (0u128, 0u128);
		for m in revealed {
			match m.score {
				Some(s) if s < fail => low = low.saturating_add(m.stake.max(1)),
				Some(_) => high = high.saturating_add(m.stake.max(1)),
				None => {},
			}
		}
		let total = low.saturating_add(high);
		total > 0 && low.max(high).saturating_mul(3) >= total.saturating_mul(2)
	}

	/// This round's revealed members and the earlier rounds' who did not sit again: everyone
	/// judged against this round's median.
	pub(crate) fn with_earlier(
		mut revealed: Vec<Member<T::AccountId>>,
		earlier: &[Member<T::AccountId>],
	) -> Vec<Member<T::AccountId>> {
		for m in earlier {
			if !revealed.iter().any(|j| j.verifier == m.verifier) {
				revealed.push(m.clone());
			}
		}
		revealed
	}

	/// The members within the clipping distance of `median`; the others are clipped. Each
	/// verification counts towards the verifier's reputation: a full observation within the
	/// distance, a zero one when clipped.
	pub(crate) fn clip(
		job: JobId,
		members: &[Member<T::AccountId>],
		median: u8,
	) -> Vec<T::AccountId> {
		let mut rewarded = Vec::new();
		for m in members {
			let Some(score) = m.score else { continue };
			let clipped = score.abs_diff(median) > T::ClipDistance::get();
			T::Reputation::record(
				&m.verifier,
				if clipped { Perbill::zero() } else { Perbill::one() },
			);
			if clipped {
				Self::deposit_event(Event::Clipped {
					job,
					verifier: m.verifier.clone(),
					score,
					median,
				});
			} else {
				rewarded.push(m.verifier.clone());
			}
		}
		rewarded
	}
}

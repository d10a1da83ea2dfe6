//! Money: what a verdict pays and slashes, dispute bonds, and the penalty for not revealing.

use super::{Decider, Slashed};
use crate::*;
use alloc::vec::Vec;
use frame_support::traits::tokens::{Fortitude, Precision, Preservation, Restriction};
use sp_runtime::{
	traits::{AccountIdConversion, Zero},
	Perbill,
};

/// Share of a failed provider's slash paid to the user.
const USER_SHARE: Perbill = Perbill::from_percent(20);
/// Share of a failed provider's slash paid to the verifiers and the challenger.
pub(crate) const VERIFIER_SHARE: Perbill = Perbill::from_percent(30);

impl<T: Config> Pallet<T> {
	/// The account slashed funds pass through.
	pub fn account_id() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// What `verdict` on `review`, reached `by` an audit, a panel or the jury, does to money
	/// and reputation: the provider's reputation; the open `dispute`'s bond, released or paid
	/// out, and the dispute closed; the provider slashed on a failure, the verifiers in
	/// `rewarded` paid. Returns whether the provider was slashed.
	pub(crate) fn pay_out(
		job: JobId,
		review: &ReviewOf<T>,
		verdict: Verdict,
		dispute: Option<(DisputeId, DisputeOf<T>)>,
		rewarded: &[T::AccountId],
		by: Decider,
	) -> Slashed {
		let (ruling, reputation) = match verdict {
			Verdict::Passed { score, .. } => {
				(Ruling::ProviderUpheld, Perbill::from_percent(u32::from(score)))
			},
			Verdict::Failed { .. } => (Ruling::ProviderAtFault, Perbill::zero()),
		};
		// An answer nobody verified, or a dispute nobody ruled on, tells nothing of its
		// provider: a party disputing its own job on a model nobody else serves must not earn
		// reputation from the jury's silence.
		if !matches!(by, Decider::Unverified | Decider::Lapse) {
			T::Reputation::record(&review.provider, reputation);
		}
		let mut challenger = None;
		match &dispute {
			Some((_, d)) => match (d.kind, ruling) {
				// The challenger lost: its bond pays the provider and the panel.
				(DisputeKind::Challenge, Ruling::ProviderUpheld) => {
					Self::pay_bond_out(job, d, &review.provider, rewarded)
				},
				// The challenger won: its bond back, and part of the slash.
				(DisputeKind::Challenge, Ruling::ProviderAtFault) => {
					Self::release_bond(d);
					challenger = Some(d.challenger.clone());
				},
				// The provider's appeal was upheld: its bond back; the job pays its verifiers,
				// as for a passed audit.
				(DisputeKind::Appeal, Ruling::ProviderUpheld) => {
					Self::release_bond(d);
					Self::pay_from_job(job, rewarded);
				},
				// The provider lost its appeal: its bond pays the panel and the user.
				(DisputeKind::Appeal, Ruling::ProviderAtFault) => {
					Self::pay_bond_out(job, d, &review.owner, rewarded)
				},
			},
			None => {
				if ruling == Ruling::ProviderUpheld {
					Self::pay_from_job(job, rewarded);
				}
			},
		}
		if let Some((id, _)) = dispute {
			Disputes::<T>::remove(id);
			Self::deposit_event(Event::DisputeResolved {
				dispute: id,
				job,
				ruling,
				by_jury: by == Decider::Jury,
			});
		}
		match verdict {
			Verdict::Passed { score, share } => {
				log::info!(target: "dgrid::poq", "job {job} passed: score {score}, share {share:?}");
				Self::deposit_event(Event::Passed {
					job,
					provider: review.provider.clone(),
					score,
					share,
				});
				false
			},
			Verdict::Failed { score } => {
				Self::slash_provider(job, review, score, challenger.as_ref(), rewarded);
				true
			},
		}
	}

	/// Give a dispute's challenger its bond back.
	pub(crate) fn release_bond(dispute: &DisputeOf<T>) {
		let _ = T::Currency::release(
			&HoldReason::DisputeBond.into(),
			&dispute.challenger,
			dispute.bond,
			Precision::BestEffort,
		);
	}

	/// Pay the rewarded verifiers of a job that passed its verification fee, out of what
	/// the job's user paid for it ([`JobBook::pay_verifiers`]): never more than the job
	/// brought in, and nothing from the treasury.
	pub(crate) fn pay_from_job(job: JobId, rewarded: &[T::AccountId]) {
		let paid = T::Jobs::pay_verifiers(job, rewarded);
		for (verifier, amount) in rewarded.iter().zip(paid) {
			if !amount.is_zero() {
				Self::deposit_event(Event::VerifierRewarded {
					job,
					verifier: verifier.clone(),
					amount,
				});
			}
		}
	}

	/// The challenger (or appealing provider) lost: half its bond to the winner (the provider,
	/// or the user), half shared by the rewarded verifiers (all to the winner if there are
	/// none).
	fn pay_bond_out(
		job: JobId,
		dispute: &DisputeOf<T>,
		winner: &T::AccountId,
		rewarded: &[T::AccountId],
	) {
		let reason = HoldReason::DisputeBond.into();
		let panel_part = if rewarded.is_empty() { 0 } else { dispute.bond / 2 };
		let each = panel_part.checked_div(rewarded.len() as u128).unwrap_or(0);
		let mut paid = 0u128;
		for verifier in rewarded {
			let moved = T::Currency::transfer_on_hold(
				&reason,
				&dispute.challenger,
				verifier,
				each,
				Precision::BestEffort,
				Restriction::Free,
				Fortitude::Force,
			)
			.unwrap_or(0);
			paid = paid.saturating_add(moved);
			if !moved.is_zero() {
				Self::deposit_event(Event::VerifierRewarded {
					job,
					verifier: verifier.clone(),
					amount: moved,
				});
			}
		}
		let _ = T::Currency::transfer_on_hold(
			&reason,
			&dispute.challenger,
			winner,
			dispute.bond.saturating_sub(paid),
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		);
	}

	/// Slash a provider whose answer failed and split the slash: 20 % to the user, 30 % to
	/// the verifiers (half of it to the challenger, if any), the rest burnt.
	fn slash_provider(
		job: JobId,
		review: &ReviewOf<T>,
		score: u8,
		challenger: Option<&T::AccountId>,
		rewarded: &[T::AccountId],
	) {
		let params = T::Params::params();
		let collateral = review.fee.saturating_mul(Balance::from(params.collateral_multiple));
		// A share of everything held: unbonding funds do not lower the slash.
		let amount = collateral
			.saturating_add(params.fraud_slash.mul_floor(T::Registry::held_by(&review.provider)));
		let pot = Self::account_id();
		let slashed = T::Slashing::slash(&review.provider, amount, &pot);
		let pay = |to: &T::AccountId, amount: Balance| -> Balance {
			if amount.is_zero() {
				return 0;
			}
			match T::Currency::transfer(&pot, to, amount, Preservation::Expendable) {
				Ok(_) => amount,
				Err(_) => 0,
			}
		};
		let to_user = pay(&review.owner, USER_SHARE.mul_floor(slashed));
		let pool = VERIFIER_SHARE.mul_floor(slashed);
		let mut to_verifiers = 0u128;
		let verifiers_part = match challenger {
			Some(c) => {
				let part = if rewarded.is_empty() { pool } else { pool / 2 };
				to_verifiers = to_verifiers.saturating_add(pay(c, part));
				pool.saturating_sub(part)
			},
			None => pool,
		};
		let each = verifiers_part.checked_div(rewarded.len() as u128).unwrap_or(0);
		for verifier in rewarded {
			let paid = pay(verifier, each);
			to_verifiers = to_verifiers.saturating_add(paid);
			if !paid.is_zero() {
				Self::deposit_event(Event::VerifierRewarded {
					job,
					verifier: verifier.clone(),
					amount: paid,
				});
			}
		}
		let rest = slashed.saturating_sub(to_user).saturating_sub(to_verifiers);
		let burnt = T::Currency::burn_from(
			&pot,
			rest,
			Preservation::Expendable,
			Precision::BestEffort,
			Fortitude::Force,
		)
		.unwrap_or(0);
		log::info!(target: "dgrid::poq", "job {job} failed (score {score}): {:?} slashed {slashed}", review.provider);
		Self::deposit_event(Event::Failed {
			job,
			provider: review.provider.clone(),
			score,
			slashed,
			to_user,
			to_verifiers,
			burnt,
		});
	}

	/// Penalize the members of a closed round that did not reveal, each with a zero
	/// reputation observation and `non_reveal_slash` of its bond to the treasury; returns
	/// those who revealed.
	pub(crate) fn penalize_silent(
		job: JobId,
		members: Vec<Member<T::AccountId>>,
	) -> Vec<Member<T::AccountId>> {
		let (revealed, silent): (Vec<_>, Vec<_>) =
			members.into_iter().partition(|m| m.score.is_some());
		for member in silent {
			let verifier = member.verifier;
			T::Reputation::record(&verifier, Perbill::zero());
			let amount =
				T::Params::params().non_reveal_slash.mul_floor(T::Registry::held_by(&verifier));
			let slashed = T::Slashing::slash(&verifier, amount, &T::Treasury::get());
			log::info!(target: "dgrid::poq", "job {job}: {verifier:?} did not reveal, slashed {slashed}");
			Self::deposit_event(Event::NonRevealPenalized { job, verifier, slashed });
		}
		revealed
	}
}

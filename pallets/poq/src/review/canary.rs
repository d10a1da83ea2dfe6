//! Canaries: known-bad answers the DAO's canary service plants among the jobs, which expose
//! the verifiers who pass an answer without re-running it.
//!
//! Every answer is public, so a verifier can score 100 without re-running anything, and with
//! every verifier of a model lazy, every cheat passes. Nothing on chain can tell a lazy score
//! from an honest one; what can is a job whose answer someone knew to be bad before any
//! verifier scored it. The DAO appoints a key ([`CanaryKey`], [`Pallet::set_canary_key`]); the
//! service behind it sends jobs from fresh accounts to operators it runs, which answer them
//! with plausible wrong text. To a verifier such a job is like any other. When an audit or a
//! dispute's panel passes one, its owner exposes it ([`Pallet::expose_canary`]) with the key's
//! signature: every verifier whose score passed it at or above the quality threshold
//! ([`Passers`]) takes a zero reputation observation and loses `fraud_slash` of everything
//! it holds to the treasury, and the job is refunded without paying or slashing its provider.
//! A canary that an audit failed may be exposed too while it awaits its provider's appeal:
//! its provider is then not slashed, the verifiers who failed it are paid the verification
//! fee out of the job, and any that passed it are slashed all the same.
//!
//! A verifier that skips the inference of a share `l` of its audits, among which canaries are
//! a share `c`, saves `l × cost` per audit and loses `l × c × fraud_slash × bond`: laziness
//! loses money whenever `c > cost / (fraud_slash × bond)`, which for a 1,000 DGRID bond, a 10 %
//! slash and a 0.01 DGRID inference is one canary in 10,000 audits.
//!
//! What is trusted: the key's holder, as the DAO's jury is. It can only expose jobs it owns
//! that an audit or a panel passed, before they settle; every exposure is public with the
//! job's request and answer, so a false one (a good answer called bad) is plain to see, and the
//! DAO revokes the key. Exposing a job burns its provider and owner as canaries (a lazy verifier
//! can re-run their jobs only), so the service moves to new accounts; a verifier that re-runs
//! only the jobs of operators with few passed audits is still exposed by canaries from
//! seasoned operators.

use super::Decider;
use crate::*;
use alloc::vec::Vec;
use codec::Encode;
use dgrid_primitives::Settlement;
use frame_support::{dispatch::DispatchResult, ensure, BoundedVec};
use sp_runtime::{traits::Verify, DispatchError, Perbill};

/// The context of a canary's proof ([`Pallet::canary_payload`]).
pub const CANARY_CONTEXT: &[u8; 12] = b"dgrid/canary";

impl<T: Config> Pallet<T> {
	/// What the canary key signs to expose `job` of `owner`: the SCALE encoding of
	/// `(b"dgrid/canary", job, owner)`.
	pub fn canary_payload(job: JobId, owner: &T::AccountId) -> Vec<u8> {
		(CANARY_CONTEXT, job, owner).encode()
	}

	/// `set_canary_key`.
	pub(crate) fn do_set_canary_key(key: Option<T::AccountId>) -> DispatchResult {
		CanaryKey::<T>::set(key.clone());
		Self::deposit_event(Event::CanaryKeySet { key });
		Ok(())
	}

	/// Keep who passed `job`, `judged`'s members scoring at or above the quality threshold,
	/// when an audit or a panel passed it and its review waits for the settlement; forget them
	/// otherwise.
	pub(crate) fn note_passers(
		job: JobId,
		verdict: Verdict,
		judged: &[Member<T::AccountId>],
		by: Decider,
		kept: bool,
	) {
		let quality = T::Params::params().quality_threshold;
		let passers: Vec<T::AccountId> = match (verdict, by) {
			(Verdict::Passed { .. }, Decider::Audit | Decider::Panel) if kept => judged
				.iter()
				.filter(|m| m.score.is_some_and(|s| s >= quality))
				.map(|m| m.verifier.clone())
				.collect(),
			_ => Vec::new(),
		};
		if passers.is_empty() {
			Passers::<T>::remove(job);
		} else {
			Passers::<T>::insert(job, BoundedVec::truncate_from(passers));
		}
	}

	/// `expose_canary`: check the owner's proof, slash the verifiers who passed the job, pay
	/// those who failed it, and refund it. Returns how many verifiers were judged.
	pub(crate) fn do_expose_canary(
		owner: T::AccountId,
		job: JobId,
		proof: &T::CanarySignature,
	) -> Result<u32, DispatchError> {
		let key = CanaryKey::<T>::get().ok_or(Error::<T>::NoCanaryKey)?;
		let mut review = Reviews::<T>::get(job).ok_or(Error::<T>::NotExposable)?;
		ensure!(review.owner == owner && review.dispute.is_none(), Error::<T>::NotExposable);
		let params = T::Params::params();
		// Who passed it, and who failed it and is owed the verification fee (a failure's
		// verifiers would be paid from the provider's slash, which a canary does not take).
		let (passers, failers): (Vec<T::AccountId>, Vec<T::AccountId>) = match &review.phase {
			Phase::Concluded(Verdict::Passed { .. }) => {
				(Passers::<T>::get(job).map(|p| p.into_inner()).unwrap_or_default(), Vec::new())
			},
			Phase::Appealable { judged, .. } => {
				let passed = |s: u8| s >= params.quality_threshold;
				let of = |keep: &dyn Fn(u8) -> bool| -> Vec<T::AccountId> {
					judged
						.iter()
						.filter(|m| m.score.is_some_and(keep))
						.map(|m| m.verifier.clone())
						.collect()
				};
				(of(&passed), of(&|s| s < params.fail_threshold))
			},
			_ => return Err(Error::<T>::NotExposable.into()),
		};
		ensure!(!passers.is_empty() || !failers.is_empty(), Error::<T>::NotExposable);
		ensure!(
			proof.verify(&Self::canary_payload(job, &owner)[..], &key),
			Error::<T>::BadCanaryProof
		);
		Passers::<T>::remove(job);
		for verifier in &passers {
			T::Reputation::record(verifier, Perbill::zero());
			let amount = params.fraud_slash.mul_floor(T::Registry::held_by(verifier));
			let slashed = T::Slashing::slash(verifier, amount, &T::Treasury::get());
			log::info!(target: "dgrid::poq", "job {job}: canary passed by {verifier:?}, slashed {slashed}");
			Self::deposit_event(Event::LazyVerifierSlashed {
				job,
				verifier: verifier.clone(),
				slashed,
			});
		}
		Self::pay_from_job(job, &failers);
		// The answer was bad: the job is refunded (now, if the market is waiting for it). Its
		// provider planted it and is neither paid nor slashed.
		review.phase = Phase::Concluded(Verdict::Failed { score: 0 });
		if T::Jobs::conclude(job, Settlement::Refund) {
			Reviews::<T>::remove(job);
		} else {
			Reviews::<T>::insert(job, review);
		}
		Self::deposit_event(Event::CanaryExposed { job, verifiers: passers.clone() });
		Ok(passers.len().saturating_add(failers.len()) as u32)
	}
}

//! Canaries: known-bad answers the DAO's canary service plants among the jobs, which expose
//! the verifiers who pass an answer without re-running it.
//!
//! Every answer is public, so a verifier can score 100 without re-running anything, and with
//! every verifier of a model lazy, every cheat passes. Nothing on chain can tell a lazy score
//! from an honest one; what can is a job whose answer someone knew to be bad before any
//! verifier scored it. The DAO appoints a key ([`CanaryKey`], [`Pallet::set_canary_key`]); the
//! service behind it sends jobs from fresh accounts to operators it runs, which answer them
//! with plausible wrong text. To a verifier such a job is like any other. Once a verdict judged
//! one, its owner exposes it ([`Pallet::expose_canary`]) with the key's signature: every
//! verifier whose score passed it at or above the quality threshold, in an audit or a
//! dispute's panel ([`Passers`], kept until the market prunes the job), takes a zero
//! reputation observation and loses `fraud_slash` of everything it holds: first to repay the
//! challengers whose disputes of the answer a panel rejected; of the rest, the verifiers whose
//! scores failed the answer in its open review share 30 %, the treasury takes the others.
//!
//! While no verdict on the job is final, the exposure also ends its review: the job is
//! refunded and its provider neither paid nor slashed. That is a passed job before it settles,
//! a failed audit awaiting the provider's appeal (whose verifiers that failed it are paid the
//! verification fee out of the job), or a job under a challenge: the challenger gets its bond
//! back, and the panel's seats are released. So nobody can keep a canary from being exposed
//! by disputing it first.
//!
//! A verifier that skips the inference of a share `l` of its audits, among which canaries are
//! a share `c`, saves `l × cost` per audit and loses `l × c × fraud_slash × bond`: laziness
//! loses money whenever `c > cost / (fraud_slash × bond)`, which for a 1,000 DGRID bond, a 10 %
//! slash and a 0.01 DGRID inference is one canary in 10,000 audits.
//!
//! What is trusted: the key's holder, as the DAO's jury is. It can only expose jobs it owns,
//! answered by the provider it names, on this chain (the signature covers the genesis hash,
//! the job, its owner and its provider); every exposure is public with the job's request and
//! answer, so a false one (a good answer called bad) is plain to see, and the DAO revokes the
//! key. The figure above holds when the service exposes every canary a verdict judged before
//! the job is pruned. Exposing a job burns its provider and owner as canaries (a lazy verifier
//! can re-run their jobs only), so the service moves to new accounts; a verifier that re-runs
//! only the jobs of operators with few passed audits is still exposed by canaries from
//! seasoned operators.

use crate::*;
use alloc::vec::Vec;
use codec::Encode;
use dgrid_primitives::Settlement;
use frame_support::{
	dispatch::DispatchResult,
	ensure,
	traits::tokens::{fungible::Inspect, fungible::Mutate, Preservation},
	BoundedVec,
};
use sp_runtime::{
	traits::{Verify, Zero},
	DispatchError, Perbill,
};

/// The context of a canary's proof ([`Pallet::canary_payload`]).
pub const CANARY_CONTEXT: &[u8; 12] = b"dgrid/canary";

impl<T: Config> Pallet<T> {
	/// What the canary key signs to expose `job` of `owner`, answered by `provider`: the SCALE
	/// encoding of `(b"dgrid/canary", genesis hash, job, owner, provider)`.
	pub fn canary_payload(job: JobId, owner: &T::AccountId, provider: &T::AccountId) -> Vec<u8> {
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		(CANARY_CONTEXT, genesis, job, owner, provider).encode()
	}

	/// `set_canary_key`.
	pub(crate) fn do_set_canary_key(key: Option<T::AccountId>) -> DispatchResult {
		CanaryKey::<T>::set(key.clone());
		Self::deposit_event(Event::CanaryKeySet { key });
		Ok(())
	}

	/// A verdict on `review` judged `judged`: keep who among them passed the answer, and the
	/// challenger of `dispute` if the verdict upholds a challenged answer, with what earlier
	/// verdicts on the job kept.
	pub(crate) fn note_passers(
		job: JobId,
		review: &ReviewOf<T>,
		verdict: Verdict,
		judged: &[Member<T::AccountId>],
		dispute: Option<&DisputeOf<T>>,
	) {
		let quality = T::Params::params().quality_threshold;
		let mut record = Passers::<T>::get(job).unwrap_or_else(|| PassRecord {
			owner: review.owner.clone(),
			provider: review.provider.clone(),
			passers: BoundedVec::new(),
			challengers: BoundedVec::new(),
		});
		for member in judged.iter().filter(|m| m.score.is_some_and(|s| s >= quality)) {
			if !record.passers.contains(&member.verifier) {
				let _ = record.passers.try_push(member.verifier.clone());
			}
		}
		if let (Verdict::Passed { .. }, Some(d)) = (verdict, dispute) {
			if d.kind == DisputeKind::Challenge {
				let _ = record.challengers.try_push((d.challenger.clone(), d.bond));
			}
		}
		if !record.passers.is_empty() || !record.challengers.is_empty() {
			Passers::<T>::insert(job, record);
		}
	}

	/// The members of a review's phase with a revealed score: its earlier rounds' and its
	/// round in progress'.
	fn scored_members(phase: &PhaseOf<T>) -> Vec<Member<T::AccountId>> {
		type Members<'a, A> = &'a [Member<A>];
		let (judged, round): (Members<T::AccountId>, Members<T::AccountId>) = match phase {
			Phase::Due { judged, .. }
			| Phase::Appealable { judged, .. }
			| Phase::Escalated { judged, .. } => (judged, &[]),
			Phase::Voting { round, judged } => (judged, &round.members),
			Phase::Concluded(_) => (&[], &[]),
		};
		judged.iter().chain(round).filter(|m| m.score.is_some()).cloned().collect()
	}

	/// `expose_canary`: check the owner's proof, slash the verifiers who passed the job
	/// (repaying a rejected challenger first) and, while no verdict on it is final, end its
	/// review with a refund. Returns how many verifiers were slashed or paid.
	pub(crate) fn do_expose_canary(
		owner: T::AccountId,
		job: JobId,
		proof: &T::CanarySignature,
	) -> Result<u32, DispatchError> {
		let key = CanaryKey::<T>::get().ok_or(Error::<T>::NoCanaryKey)?;
		let record = Passers::<T>::get(job);
		let review = Reviews::<T>::get(job);
		let (job_owner, provider) = match (&record, &review) {
			(Some(r), _) => (r.owner.clone(), r.provider.clone()),
			(None, Some(r)) => (r.owner.clone(), r.provider.clone()),
			(None, None) => return Err(Error::<T>::NotExposable.into()),
		};
		ensure!(job_owner == owner, Error::<T>::NotExposable);
		let params = T::Params::params();
		let mut passers: Vec<T::AccountId> =
			record.as_ref().map(|r| r.passers.to_vec()).unwrap_or_default();
		let mut failers: Vec<T::AccountId> = Vec::new();
		let dispute = review
			.as_ref()
			.and_then(|r| r.dispute)
			.and_then(|id| Disputes::<T>::get(id).map(|d| (id, d)));
		// The review the exposure ends: one whose verdict is not final yet. The scores it
		// holds count too: who passed the answer is slashed, who failed it paid.
		let open = review.filter(|r| match (&r.phase, &dispute) {
			(Phase::Concluded(Verdict::Passed { .. }), None) => true,
			(Phase::Appealable { .. }, None) => true,
			(Phase::Concluded(_), Some(_)) => false,
			(_, Some((_, d))) => d.kind == DisputeKind::Challenge,
			_ => false,
		});
		if let Some(r) = &open {
			for m in Self::scored_members(&r.phase) {
				match m.score {
					Some(s) if s >= params.quality_threshold && !passers.contains(&m.verifier) => {
						passers.push(m.verifier.clone())
					},
					Some(s) if s < params.fail_threshold && !failers.contains(&m.verifier) => {
						failers.push(m.verifier.clone())
					},
					_ => {},
				}
			}
		}
		// A verifier that passed the answer in one round is not paid for failing it in another.
		failers.retain(|v| !passers.contains(v));
		passers.truncate(MaxJudged::<T::MaxPanel>::get() as usize);
		failers.truncate(T::MaxPanel::get().saturating_mul(2) as usize);
		ensure!(!passers.is_empty() || open.is_some(), Error::<T>::NotExposable);
		ensure!(
			proof.verify(&Self::canary_payload(job, &owner, &provider)[..], &key),
			Error::<T>::BadCanaryProof
		);
		Passers::<T>::remove(job);
		let mut owed: Vec<(T::AccountId, Balance)> =
			record.map(|r| r.challengers.into_inner()).unwrap_or_default();
		let pot = Self::account_id();
		let mut to_pot: Balance = 0;
		for verifier in &passers {
			T::Reputation::record(verifier, Perbill::zero());
			let mut rest = params.fraud_slash.mul_floor(T::Registry::held_by(verifier));
			let mut slashed: Balance = 0;
			for (challenger, due) in owed.iter_mut().filter(|(_, due)| *due > 0) {
				if rest == 0 {
					break;
				}
				let repaid = T::Slashing::slash(verifier, rest.min(*due), challenger);
				*due = due.saturating_sub(repaid);
				rest = rest.saturating_sub(repaid);
				slashed = slashed.saturating_add(repaid);
			}
			let taken = T::Slashing::slash(verifier, rest, &pot);
			to_pot = to_pot.saturating_add(taken);
			slashed = slashed.saturating_add(taken);
			log::info!(target: "dgrid::poq", "job {job}: canary passed by {verifier:?}, slashed {slashed}");
			Self::deposit_event(Event::LazyVerifierSlashed {
				job,
				verifier: verifier.clone(),
				slashed,
			});
		}
		// What the challengers were not owed: the verifiers who failed the answer share
		// `VERIFIER_SHARE` of it, the treasury takes the rest.
		let share = super::payout::VERIFIER_SHARE
			.mul_floor(to_pot)
			.checked_div(failers.len() as u128)
			.unwrap_or(0);
		for verifier in &failers {
			if share > 0
				&& T::Currency::transfer(&pot, verifier, share, Preservation::Expendable).is_ok()
			{
				Self::deposit_event(Event::VerifierRewarded {
					job,
					verifier: verifier.clone(),
					amount: share,
				});
			}
		}
		let rest = T::Currency::balance(&pot);
		if rest > 0 {
			let _ =
				T::Currency::transfer(&pot, &T::Treasury::get(), rest, Preservation::Expendable);
		}
		if let Some(mut review) = open {
			if let Some((id, d)) = dispute {
				// The challenger was right: its bond back; the panel's seats released.
				Self::release_bond(&d);
				Disputes::<T>::remove(id);
				if let Phase::Voting { round, .. } = &review.phase {
					Self::release_seats(&round.members);
				}
				review.dispute = None;
				Self::deposit_event(Event::DisputeResolved {
					dispute: id,
					job,
					ruling: Ruling::ProviderAtFault,
					by_jury: false,
				});
			}
			Self::pay_from_job(job, &failers);
			// The answer was bad: the job is refunded (now, if the market is waiting for it).
			// Its provider planted it and is neither paid nor slashed.
			review.phase = Phase::Concluded(Verdict::Failed { score: 0 });
			if T::Jobs::conclude(job, Settlement::Refund) {
				Reviews::<T>::remove(job);
			} else {
				Reviews::<T>::insert(job, review);
			}
		}
		Self::deposit_event(Event::CanaryExposed { job, verifiers: passers.clone() });
		Ok(passers.len().saturating_add(failers.len()) as u32)
	}
}

//! Verifier rounds: drawing a round's members, and their commits and reveals.

use super::draw::Pool;
use crate::*;
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{dispatch::DispatchResult, ensure, weights::Weight};
use sp_runtime::{
	traits::{One, Saturating},
	DispatchError,
};

impl<T: Config> Pallet<T> {
	/// The commitment a verifier submits: `blake2_256` of the SCALE encoding of
	/// `(job, round, verifier, score, salt)`.
	pub fn commitment(
		job: JobId,
		round: u8,
		verifier: &T::AccountId,
		score: u8,
		salt: &[u8; 32],
	) -> [u8; 32] {
		sp_io::hashing::blake2_256(&(job, round, verifier, score, salt).encode())
	}

	/// Start a round of `kind` on `job` at `now`, drawing from `pool`, with `judged` the
	/// verifiers of earlier rounds: the review is then `Voting`. If no verifier could be drawn
	/// or no timer fits, the review is left unchanged and `judged` handed back.
	pub(crate) fn start_round(
		job: JobId,
		review: &mut ReviewOf<T>,
		kind: RoundKind,
		judged: JudgedOf<T>,
		pool: &Pool<T::AccountId>,
		seed: &[u8; 32],
		now: BlockNumberFor<T>,
	) -> Result<(), JudgedOf<T>> {
		let params = T::Params::params();
		let size = match kind {
			RoundKind::SpotCheck => params.audit_verifiers,
			RoundKind::Committee => params.audit_committee,
			RoundKind::Confirmation | RoundKind::Dispute => params.dispute_panel,
		};
		let challenger = review
			.dispute
			.and_then(Disputes::<T>::get)
			.filter(|_| kind == RoundKind::Dispute)
			.map(|d| d.challenger);
		// Never the provider, nor the job's owner: a party judges neither its own answer nor
		// the answer it paid for.
		let mut excluded = alloc::vec![&review.provider, &review.owner];
		if let Some(c) = &challenger {
			excluded.push(c);
		}
		let number = review.rounds;
		// A committee is drawn among verifiers other than the spot check's, whose score it
		// judges (only if there are none does the spot checker sit again); a confirmation or
		// dispute panel among verifiers who have not judged the job yet.
		let fresh: Vec<&T::AccountId> =
			excluded.iter().copied().chain(judged.iter().map(|m| &m.verifier)).collect();
		let mut members = Self::select(pool, &fresh, size, seed, job, number);
		if members.is_empty() && kind == RoundKind::Committee {
			members = Self::select(pool, &excluded, size, seed, job, number);
		}
		if members.is_empty() {
			return Err(judged);
		}
		let commit_end = now.saturating_add(params.commit_period);
		let reveal_end = commit_end.saturating_add(params.reveal_period);
		if Self::schedule(reveal_end.saturating_add(One::one()), Timer::Finalize(job, number))
			.is_none()
		{
			return Err(judged);
		}
		review.rounds = number.saturating_add(1);
		for member in &members {
			Seats::<T>::mutate(&member.verifier, |n| *n = n.saturating_add(1));
		}
		let verifiers = members.iter().map(|m| m.verifier.clone()).collect();
		log::info!(target: "dgrid::poq", "job {job}: {kind:?} round {number} drawn: {verifiers:?}");
		Self::deposit_event(Event::RoundStarted {
			job,
			kind,
			round: number,
			provider: review.provider.clone(),
			verifiers,
			commit_end,
			reveal_end,
		});
		review.phase = Phase::Voting {
			round: Round { kind, number, commit_end, reveal_end, members },
			judged,
		};
		Ok(())
	}

	/// A round closed: its members' seats are free (a silent member is slashed as it closes).
	pub(crate) fn release_seats(members: &[Member<T::AccountId>]) {
		for member in members {
			Seats::<T>::mutate_exists(&member.verifier, |n| {
				*n = n.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0);
			});
		}
	}

	/// The job's review, its round in progress and the caller's index in it, if the caller's
	/// operator was drawn for it.
	fn membership(
		worker: &T::AccountId,
		job: JobId,
	) -> Result<(ReviewOf<T>, RoundOf<T>, usize), DispatchError> {
		let operator = T::Registry::operator_of_worker(worker).ok_or(Error::<T>::NotAWorker)?;
		let review = Reviews::<T>::get(job).ok_or(Error::<T>::NoOpenRound)?;
		let Phase::Voting { round, .. } = &review.phase else {
			return Err(Error::<T>::NoOpenRound.into());
		};
		let round = round.clone();
		let index = round
			.members
			.iter()
			.position(|m| m.verifier == operator)
			.ok_or(Error::<T>::NotAVerifier)?;
		Ok((review, round, index))
	}

	/// The signed account of `origin`, if any.
	fn signer(origin: &frame_system::pallet_prelude::OriginFor<T>) -> Option<T::AccountId> {
		match origin.clone().into() {
			Ok(frame_system::RawOrigin::Signed(who)) => Some(who),
			_ => None,
		}
	}

	/// Whether `origin` may commit for `job` now: what makes a commit feeless.
	pub(crate) fn can_commit(
		origin: &frame_system::pallet_prelude::OriginFor<T>,
		job: JobId,
	) -> bool {
		let Some(worker) = Self::signer(origin) else { return false };
		Self::check_commit(&worker, job).is_ok()
	}

	fn check_commit(
		worker: &T::AccountId,
		job: JobId,
	) -> Result<(ReviewOf<T>, usize), DispatchError> {
		let (review, round, index) = Self::membership(worker, job)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= round.commit_end, Error::<T>::CommitClosed);
		let member = round.members.get(index).ok_or(Error::<T>::NotAVerifier)?;
		ensure!(member.commitment.is_none(), Error::<T>::AlreadyCommitted);
		Ok((review, index))
	}

	/// Record a verifier's commitment.
	pub(crate) fn do_commit(
		worker: T::AccountId,
		job: JobId,
		commitment: [u8; 32],
	) -> DispatchResult {
		let (mut review, index) = Self::check_commit(&worker, job)?;
		let Phase::Voting { round, .. } = &mut review.phase else {
			return Err(Error::<T>::NoOpenRound.into());
		};
		let member = round.members.get_mut(index).ok_or(Error::<T>::NotAVerifier)?;
		member.commitment = Some(commitment);
		let verifier = member.verifier.clone();
		Reviews::<T>::insert(job, review);
		Self::deposit_event(Event::Committed { job, verifier });
		Ok(())
	}

	/// Whether `origin` may reveal `score` and `salt` for `job` now: what makes a reveal
	/// feeless.
	pub(crate) fn can_reveal(
		origin: &frame_system::pallet_prelude::OriginFor<T>,
		job: JobId,
		score: u8,
		salt: &[u8; 32],
	) -> bool {
		let Some(worker) = Self::signer(origin) else { return false };
		Self::check_reveal(&worker, job, score, salt).is_ok()
	}

	fn check_reveal(
		worker: &T::AccountId,
		job: JobId,
		score: u8,
		salt: &[u8; 32],
	) -> Result<(ReviewOf<T>, usize), DispatchError> {
		let (review, round, index) = Self::membership(worker, job)?;
		let member = round.members.get(index).ok_or(Error::<T>::NotAVerifier)?;
		let commitment = member.commitment.ok_or(Error::<T>::NotCommitted)?;
		ensure!(member.score.is_none(), Error::<T>::AlreadyRevealed);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= round.reveal_end, Error::<T>::RevealClosed);
		let all_committed = round.members.iter().all(|m| m.commitment.is_some());
		ensure!(all_committed || now > round.commit_end, Error::<T>::RevealNotOpen);
		ensure!(score <= 100, Error::<T>::ScoreAbove100);
		ensure!(
			Self::commitment(job, round.number, &member.verifier, score, salt) == commitment,
			Error::<T>::BadReveal
		);
		Ok((review, index))
	}

	/// Record a reveal; returns the weight it used: the reveal's, plus the verdict's (for the
	/// members of the round and the earlier ones) if it was the round's last.
	pub(crate) fn do_reveal(
		worker: T::AccountId,
		job: JobId,
		score: u8,
		salt: [u8; 32],
	) -> Result<Weight, DispatchError> {
		let (mut review, index) = Self::check_reveal(&worker, job, score, &salt)?;
		let Phase::Voting { round, judged } = &mut review.phase else {
			return Err(Error::<T>::NoOpenRound.into());
		};
		let member = round.members.get_mut(index).ok_or(Error::<T>::NotAVerifier)?;
		member.score = Some(score);
		let verifier = member.verifier.clone();
		let last = round.members.iter().all(|m| m.score.is_some());
		let members = round.members.len().saturating_add(judged.len()) as u32;
		Self::deposit_event(Event::Revealed { job, verifier, score });
		if !last {
			Reviews::<T>::insert(job, review);
			return Ok(T::WeightInfo::reveal());
		}
		let slashed = Self::close_round(job, review);
		Ok(T::WeightInfo::reveal()
			.saturating_add(Self::verdict_weight(slashed, members))
			.saturating_add(Self::conclusion_weight(job)))
	}
}

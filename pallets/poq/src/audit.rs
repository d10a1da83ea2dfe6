//! Audits and disputes: the draw, verifier rounds, commit-reveal, verdicts, slashing and
//! rewards.

use crate::*;
use alloc::{collections::btree_map::BTreeMap, vec::Vec};
use codec::Encode;
use dgrid_primitives::{DisputeError, ModelId, Settlement};
use frame_support::{
	dispatch::DispatchResult,
	ensure,
	traits::tokens::{Fortitude, Precision, Preservation, Restriction},
	weights::Weight,
	BoundedVec,
};
use sp_runtime::{
	traits::{AccountIdConversion, One, Saturating, Zero},
	DispatchError, Perbill,
};

/// How many blocks past its due block a timer may slip when buckets are full.
const SCHEDULE_WINDOW: u32 = 16;

/// Who reached a verdict.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Decider {
	/// An audit's spot check or committee.
	Audit,
	/// A dispute's panel.
	Panel,
	/// The DAO's dispute jury.
	Jury,
}

/// Whether a verdict step slashed a provider: its weight is then [`WeightInfo::finalize`]'s,
/// otherwise [`WeightInfo::finalize_pass`]'s.
type Slashed = bool;

/// An operator's standing in a block's draw: results drawn so far and reputation.
type Drawn = (u32, Perbill);

/// Verifier candidates of a model: eligible operators, their bonds, and their weights in the
/// draw (bond × reputation).
type Pool<AccountId> = Vec<(AccountId, Balance, Balance)>;

/// Share of a failed provider's slash paid to the user.
const USER_SHARE: Perbill = Perbill::from_percent(20);
/// Share of a failed provider's slash paid to the verifiers and the challenger.
const VERIFIER_SHARE: Perbill = Perbill::from_percent(30);

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

	/// The audit rate of an operator with `drawn` results drawn so far and `reputation`.
	pub fn audit_rate(drawn: u32, reputation: Perbill) -> Perbill {
		let params = T::Params::params();
		if drawn < params.new_operator_jobs {
			return Perbill::one();
		}
		let one = u64::from(Perbill::one().deconstruct());
		let distrust = one.saturating_sub(u64::from(reputation.deconstruct()));
		let factor = one.saturating_add(distrust.saturating_mul(3));
		let rate = u64::from(params.audit_rate.deconstruct())
			.saturating_mul(factor)
			.checked_div(one)
			.unwrap_or(one);
		Perbill::from_parts(rate.min(one) as u32)
	}

	/// This block's draw seed: the parent block's VRF output, or its hash without one.
	pub(crate) fn seed() -> [u8; 32] {
		let (random, _) = T::Randomness::random(b"dgrid/poq/draw");
		match random {
			Some(r) => sp_io::hashing::blake2_256(&r.encode()),
			None => sp_io::hashing::blake2_256(&frame_system::Pallet::<T>::parent_hash().encode()),
		}
	}

	/// A uniform draw in `[0, 2^64)` for `subject` under `seed`.
	fn draw_u64(seed: &[u8; 32], subject: impl Encode) -> u64 {
		let digest = sp_io::hashing::blake2_256(&(seed, subject).encode());
		let mut word = [0u8; 8];
		word.copy_from_slice(digest.get(..8).unwrap_or(&[0u8; 8]));
		u64::from_le_bytes(word)
	}

	/// Whether `job` is audited at `rate` under `seed`.
	pub fn drawn(seed: &[u8; 32], job: JobId, rate: Perbill) -> bool {
		Self::within(Self::draw_u64(seed, job), rate)
	}

	/// Whether a draw of `x` in `[0, 2^64)` falls within `rate`.
	fn within(x: u64, rate: Perbill) -> bool {
		let threshold = u128::from(rate.deconstruct()) << 64;
		u128::from(x).saturating_mul(u128::from(Perbill::one().deconstruct())) < threshold
	}

	/// The verifier candidates for `model`: eligible operators offering it, with their bonds
	/// and draw weights. A verifier is drawn in proportion to its bond times the square of its
	/// reputation, which falls each time its score is clipped: operators that verify badly, and
	/// new ones (who start at half), are drawn less.
	fn pool(model: ModelId) -> Pool<T::AccountId> {
		T::Jobs::offerers(model)
			.into_iter()
			.filter_map(|o| {
				let reputation = T::Registry::standing(&o)?;
				let bond = T::Registry::bond_of(&o);
				Some((o, bond, reputation.mul_floor(reputation.mul_floor(bond)).max(1)))
			})
			.collect()
	}

	/// Draw up to `n` members from `pool` by weight, without replacement, leaving out
	/// `excluded`.
	fn select(
		pool: &Pool<T::AccountId>,
		excluded: &[&T::AccountId],
		n: u32,
		seed: &[u8; 32],
		job: JobId,
		round: u8,
	) -> BoundedVec<Member<T::AccountId>, T::MaxPanel> {
		let mut left: Pool<T::AccountId> =
			pool.iter().filter(|(o, _, _)| !excluded.contains(&o)).cloned().collect();
		let mut members = BoundedVec::new();
		let wanted = n.min(T::MaxPanel::get());
		for i in 0..wanted {
			let total = left.iter().fold(0u128, |sum, (_, _, w)| sum.saturating_add(*w));
			if total == 0 {
				break;
			}
			let x = u128::from(Self::draw_u64(seed, (job, round, i)))
				.checked_rem(total)
				.unwrap_or(0);
			let mut acc = 0u128;
			let Some(pick) = left.iter().position(|(_, _, w)| {
				acc = acc.saturating_add(*w);
				x < acc
			}) else {
				break;
			};
			let (verifier, stake, _) = left.swap_remove(pick);
			if members
				.try_push(Member { verifier, stake, commitment: None, score: None })
				.is_err()
			{
				break;
			}
		}
		members
	}

	/// Put a timer in the first bucket from `at` with room, within a small window.
	pub(crate) fn schedule(at: BlockNumberFor<T>, timer: Timer) -> Option<BlockNumberFor<T>> {
		let mut block = at;
		for _ in 0..SCHEDULE_WINDOW {
			if Timers::<T>::try_append(block, timer).is_ok() {
				return Some(block);
			}
			block = block.saturating_add(One::one());
		}
		None
	}

	/// Start a round of `kind` on `job` at `now`, drawing from `pool`. Returns false if no
	/// verifier could be drawn (the audit is left unchanged but for its round count).
	fn start_round(
		job: JobId,
		audit: &mut AuditOf<T>,
		kind: RoundKind,
		pool: &Pool<T::AccountId>,
		seed: &[u8; 32],
		now: BlockNumberFor<T>,
	) -> bool {
		let params = T::Params::params();
		let size = match kind {
			RoundKind::SpotCheck => params.audit_verifiers,
			RoundKind::Committee => params.audit_committee,
			RoundKind::Confirmation | RoundKind::Dispute => params.dispute_panel,
		};
		let challenger = audit
			.dispute
			.and_then(Disputes::<T>::get)
			.filter(|_| kind == RoundKind::Dispute)
			.map(|d| d.challenger);
		let mut excluded = alloc::vec![&audit.provider];
		if let Some(c) = &challenger {
			excluded.push(c);
		}
		let number = audit.rounds;
		// A committee is drawn among verifiers other than the spot check's, whose score it
		// judges (only if there are none does the spot checker sit again); a confirmation
		// panel among verifiers who have not judged the job yet.
		let fresh: Vec<&T::AccountId> = excluded
			.iter()
			.copied()
			.chain(audit.earlier.iter().map(|m| &m.verifier))
			.collect();
		let mut members = Self::select(pool, &fresh, size, seed, job, number);
		if members.is_empty() && kind == RoundKind::Committee {
			members = Self::select(pool, &excluded, size, seed, job, number);
		}
		if members.is_empty() {
			return false;
		}
		let commit_end = now.saturating_add(params.commit_period);
		let reveal_end = commit_end.saturating_add(params.reveal_period);
		if Self::schedule(reveal_end.saturating_add(One::one()), Timer::Finalize(job, number))
			.is_none()
		{
			return false;
		}
		audit.rounds = number.saturating_add(1);
		let verifiers = members.iter().map(|m| m.verifier.clone()).collect();
		log::info!(target: "dgrid::poq", "job {job}: {kind:?} round {number} drawn: {verifiers:?}");
		Self::deposit_event(Event::RoundStarted {
			job,
			kind,
			round: number,
			provider: audit.provider.clone(),
			verifiers,
			commit_end,
			reveal_end,
		});
		audit.round = Some(Round { kind, number, commit_end, reveal_end, members });
		audit.next = None;
		true
	}

	/// The block's PoQ work, within the hook budget: due timers (verdicts, then draws of
	/// committees and panels), then the audit draw of results from two blocks back. Also
	/// charges the block's read and write of [`Answered`] and [`DrawnThrough`] (whitelisted:
	/// results and settlements do not pay for them).
	pub(crate) fn on_block(now: BlockNumberFor<T>) -> Weight {
		let budget = T::HookWeightBudget::get();
		let mut used = T::WeightInfo::on_initialize_empty()
			.saturating_add(T::DbWeight::get().reads_writes(2, 2));
		let seed = Self::seed();
		used.saturating_accrue(Self::run_timers(now, &seed));
		used.saturating_accrue(Self::run_draws(now, &seed, budget.saturating_sub(used)));
		used
	}

	/// Run the timers due at `now`. Their number per block is bounded, so they all run.
	fn run_timers(now: BlockNumberFor<T>, seed: &[u8; 32]) -> Weight {
		let mut used = Weight::zero();
		// Verdicts first: a committee called by one is drawn next block, with fresh
		// randomness.
		let timers = Timers::<T>::take(now);
		let (finals, draws): (Vec<Timer>, Vec<Timer>) =
			timers.into_iter().partition(|t| !matches!(t, Timer::Draw(..)));
		for timer in finals.into_iter().chain(draws) {
			used.saturating_accrue(match timer {
				Timer::Finalize(job, number) => Self::finalize_timer(job, number),
				Timer::Appeal(job) => Self::appeal_timer(job),
				Timer::Draw(job) => Self::draw_timer(job, seed, now),
			});
		}
		used
	}

	fn finalize_timer(job: JobId, number: u8) -> Weight {
		let read = T::DbWeight::get().reads(1);
		let Some(audit) = Audits::<T>::get(job) else { return read };
		let Some(round) = audit.round.as_ref().filter(|r| r.number == number) else {
			// Finalized early, when its last verifier revealed.
			return read;
		};
		let members = round.members.len().saturating_add(audit.earlier.len()) as u32;
		let slashed = Self::finalize(job, audit);
		Self::verdict_weight(slashed, members).saturating_add(Self::conclusion_weight(job))
	}

	/// The weight of a verdict step on `members` verifiers, by whether it slashed the
	/// provider.
	fn verdict_weight(slashed: Slashed, members: u32) -> Weight {
		match slashed {
			true => T::WeightInfo::finalize(members),
			false => T::WeightInfo::finalize_pass(members),
		}
	}

	/// The appeal period of a failed audit is over: unless the provider appealed, the verdict
	/// is final. Its verifiers are judged against it, the user refunded and the provider
	/// slashed.
	fn appeal_timer(job: JobId) -> Weight {
		let read = T::DbWeight::get().reads(1);
		let Some(mut audit) = Audits::<T>::get(job) else { return read };
		let (Some(_), None, Some(Outcome::Failed { score })) =
			(audit.appeal_ends, audit.dispute, audit.outcome)
		else {
			// Appealed: the panel decides.
			return read;
		};
		audit.appeal_ends = None;
		let judged = audit.earlier.to_vec();
		let members = judged.len() as u32;
		let rewarded = Self::clip(job, &judged, score);
		let slashed =
			Self::conclude(job, audit, Outcome::Failed { score }, rewarded, Decider::Audit);
		Self::verdict_weight(slashed, members).saturating_add(Self::conclusion_weight(job))
	}

	pub(crate) fn draw_timer(job: JobId, seed: &[u8; 32], now: BlockNumberFor<T>) -> Weight {
		let read = T::DbWeight::get().reads(1);
		let Some(mut audit) = Audits::<T>::get(job) else { return read };
		let Some(kind) = audit.next else { return read };
		let pool = Self::pool(audit.model);
		let weight = T::WeightInfo::draw_round(pool.len() as u32);
		if Self::start_round(job, &mut audit, kind, &pool, seed, now) {
			Audits::<T>::insert(job, audit);
			return weight;
		}
		// Nobody left to draw.
		audit.next = None;
		let judged = audit.earlier.len() as u32;
		let slashed = match kind {
			RoundKind::Dispute => {
				if let Some(id) = audit.dispute {
					Self::escalate(id, job);
				}
				Audits::<T>::insert(job, audit);
				false
			},
			// The earlier rounds' scores are all there is.
			_ => {
				let earlier: Vec<Member<T::AccountId>> = audit.earlier.to_vec();
				Self::judge_committee(job, audit, earlier)
			},
		};
		weight
			.saturating_add(Self::verdict_weight(slashed, judged))
			.saturating_add(Self::conclusion_weight(job))
	}

	/// Draw audits among the results waiting, oldest first, within `budget`; then queue this
	/// block's results for the next draw. Charged [`WeightInfo::draw`] for the results drawn
	/// and the distinct operators they came from, plus each audit started and each waiting job
	/// concluded.
	pub(crate) fn run_draws(now: BlockNumberFor<T>, seed: &[u8; 32], budget: Weight) -> Weight {
		let worst_audit = T::WeightInfo::draw_audit(T::MaxOfferers::get(), 1)
			.saturating_add(T::Jobs::conclude_weight());
		let challenge = T::Params::params().challenge_period;
		let read = T::DbWeight::get().reads(1);
		let waiting = Drawable::<T>::take();
		let mut operators: BTreeMap<T::AccountId, Drawn> = BTreeMap::new();
		let mut pools: BTreeMap<ModelId, Pool<T::AccountId>> = BTreeMap::new();
		let mut left: Vec<CandidateOf<T>> = Vec::new();
		let mut drawn_through = DrawnThrough::<T>::get();
		let (mut results, mut extra) = (0u32, Weight::zero());
		let used = |results: u32, operators: u32, extra: Weight| {
			T::WeightInfo::draw(results, operators).saturating_add(extra)
		};
		for candidate in waiting {
			let next = used(
				results.saturating_add(1),
				(operators.len() as u32).saturating_add(1),
				extra.saturating_add(worst_audit),
			);
			if !left.is_empty() || next.any_gt(budget) {
				left.push(candidate);
				continue;
			}
			results = results.saturating_add(1);
			let CandidateOf::<T> { job, provider, model, fee, answered_at } = candidate;
			let (drawn, reputation) = *operators.entry(provider.clone()).or_insert_with(|| {
				(ResultsDrawn::<T>::get(&provider), T::Reputation::reputation(&provider))
			});
			operators.insert(provider.clone(), (drawn.saturating_add(1), reputation));
			drawn_through = drawn_through.max(answered_at.saturating_sub(One::one()));
			let rate = Self::audit_rate(drawn, reputation);
			// A job disputed before its draw is already under watch: the dispute decides.
			let disputed = || Audits::<T>::contains_key(job);
			if !Self::drawn(seed, job, rate) {
				// A job whose challenge period ended before its draw waits for it.
				if answered_at.saturating_add(challenge) <= now {
					extra.saturating_accrue(read);
					if !disputed() {
						T::Jobs::conclude(job, Settlement::Pay(Perbill::one()));
						extra.saturating_accrue(T::Jobs::conclude_weight());
					}
				}
				continue;
			}
			extra.saturating_accrue(read);
			if disputed() {
				continue;
			}
			// The model's verifier pool is read once a block: its first audit pays for it.
			let first = !pools.contains_key(&model);
			let pool = pools.entry(model).or_insert_with(|| Self::pool(model));
			extra.saturating_accrue(Self::draw_audit_weight(pool.len() as u32, first));
			let Some(owner) = T::Jobs::answered(job).map(|a| a.owner) else {
				// Refunded or paid out meanwhile: nothing to audit.
				continue;
			};
			let mut audit = Audit {
				provider,
				owner,
				model,
				fee,
				round: None,
				earlier: BoundedVec::new(),
				next: None,
				outcome: None,
				dispute: None,
				appeal_ends: None,
				rounds: 0,
			};
			if Self::start_round(job, &mut audit, RoundKind::SpotCheck, pool, seed, now) {
				Audits::<T>::insert(job, audit);
			} else {
				Self::deposit_event(Event::AuditSkipped { job });
				if answered_at.saturating_add(challenge) <= now {
					T::Jobs::conclude(job, Settlement::Pay(Perbill::one()));
					extra.saturating_accrue(T::Jobs::conclude_weight());
				}
			}
		}
		let distinct = operators.len() as u32;
		for (operator, (drawn, _)) in operators {
			ResultsDrawn::<T>::insert(operator, drawn);
		}
		match left.first() {
			Some(c) => drawn_through = c.answered_at.saturating_sub(One::one()),
			None => drawn_through = drawn_through.max(now.saturating_sub(2u32.into())),
		}
		DrawnThrough::<T>::put(drawn_through);
		// This block's results are drawn at the start of the block after next.
		left.extend(Answered::<T>::take());
		Drawable::<T>::put(BoundedVec::truncate_from(left));
		used(results, distinct, extra)
	}

	/// The weight of drawing an audit's spot check among `offerers`: with the model's verifier
	/// pool read if it is the model's `first` audit in the block.
	pub fn draw_audit_weight(offerers: u32, first: bool) -> Weight {
		let one = T::WeightInfo::draw_audit(offerers, 1);
		match first {
			true => one,
			false => T::WeightInfo::draw_audit(offerers, 2).saturating_sub(one),
		}
	}

	/// The caller's operator, its audit and its index in the round, if it was drawn for the
	/// job's round in progress.
	fn membership(worker: &T::AccountId, job: JobId) -> Result<(AuditOf<T>, usize), DispatchError> {
		let operator = T::Registry::operator_of_worker(worker).ok_or(Error::<T>::NotAWorker)?;
		let audit = Audits::<T>::get(job).ok_or(Error::<T>::NoOpenRound)?;
		let round = audit.round.as_ref().ok_or(Error::<T>::NoOpenRound)?;
		let index = round
			.members
			.iter()
			.position(|m| m.verifier == operator)
			.ok_or(Error::<T>::NotAVerifier)?;
		Ok((audit, index))
	}

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
	) -> Result<(AuditOf<T>, usize), DispatchError> {
		let (audit, index) = Self::membership(worker, job)?;
		let round = audit.round.as_ref().ok_or(Error::<T>::NoOpenRound)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= round.commit_end, Error::<T>::CommitClosed);
		let member = round.members.get(index).ok_or(Error::<T>::NotAVerifier)?;
		ensure!(member.commitment.is_none(), Error::<T>::AlreadyCommitted);
		Ok((audit, index))
	}

	pub(crate) fn do_commit(
		worker: T::AccountId,
		job: JobId,
		commitment: [u8; 32],
	) -> DispatchResult {
		let (mut audit, index) = Self::check_commit(&worker, job)?;
		let round = audit.round.as_mut().ok_or(Error::<T>::NoOpenRound)?;
		let member = round.members.get_mut(index).ok_or(Error::<T>::NotAVerifier)?;
		member.commitment = Some(commitment);
		let verifier = member.verifier.clone();
		Audits::<T>::insert(job, audit);
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
	) -> Result<(AuditOf<T>, usize), DispatchError> {
		let (audit, index) = Self::membership(worker, job)?;
		let round = audit.round.as_ref().ok_or(Error::<T>::NoOpenRound)?;
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
		Ok((audit, index))
	}

	/// Record a reveal; returns the weight it used: the reveal's, plus the verdict's (for the
	/// members of the round and the earlier ones) if it was the round's last.
	pub(crate) fn do_reveal(
		worker: T::AccountId,
		job: JobId,
		score: u8,
		salt: [u8; 32],
	) -> Result<Weight, DispatchError> {
		let (mut audit, index) = Self::check_reveal(&worker, job, score, &salt)?;
		let round = audit.round.as_mut().ok_or(Error::<T>::NoOpenRound)?;
		let member = round.members.get_mut(index).ok_or(Error::<T>::NotAVerifier)?;
		member.score = Some(score);
		let verifier = member.verifier.clone();
		let last = round.members.iter().all(|m| m.score.is_some());
		let judged = round.members.len().saturating_add(audit.earlier.len()) as u32;
		Self::deposit_event(Event::Revealed { job, verifier, score });
		if !last {
			Audits::<T>::insert(job, audit);
			return Ok(T::WeightInfo::reveal());
		}
		let slashed = Self::finalize(job, audit);
		Ok(T::WeightInfo::reveal()
			.saturating_add(Self::verdict_weight(slashed, judged))
			.saturating_add(Self::conclusion_weight(job)))
	}

	/// The market's conclusion of `job` if the verdict just reached paid it out or refunded it
	/// (the audit is then gone); nothing if the market settles it later.
	fn conclusion_weight(job: JobId) -> Weight {
		match Audits::<T>::contains_key(job) {
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

	/// Penalize a member that did not reveal: a zero reputation observation and
	/// `non_reveal_slash` of its bond to the treasury.
	fn penalize_silent(job: JobId, verifier: &T::AccountId) {
		T::Reputation::record(verifier, Perbill::zero());
		let amount = T::Params::params().non_reveal_slash.mul_floor(T::Registry::bond_of(verifier));
		let slashed = T::Slashing::slash(verifier, amount, &T::Treasury::get());
		log::info!(target: "dgrid::poq", "job {job}: {verifier:?} did not reveal, slashed {slashed}");
		Self::deposit_event(Event::NonRevealPenalized { job, verifier: verifier.clone(), slashed });
	}

	/// Reach the verdict of the job's round in progress: penalize non-revealers, then pass,
	/// call the committee, fail, or escalate. Returns whether the provider was slashed.
	pub(crate) fn finalize(job: JobId, mut audit: AuditOf<T>) -> Slashed {
		let Some(round) = audit.round.take() else { return false };
		let mut revealed: Vec<Member<T::AccountId>> = Vec::new();
		for member in round.members {
			if member.score.is_some() {
				revealed.push(member);
			} else {
				Self::penalize_silent(job, &member.verifier);
			}
		}
		let params = T::Params::params();
		let median = Self::median_of(&revealed);
		match round.kind {
			RoundKind::SpotCheck => match median {
				Some(score) if score >= params.quality_threshold => {
					let rewarded = Self::clip(job, &revealed, score);
					let outcome = Outcome::Passed { score, share: Perbill::one() };
					Self::conclude(job, audit, outcome, rewarded, Decider::Audit)
				},
				score => {
					log::info!(target: "dgrid::poq", "job {job}: spot check low ({score:?}), committee called");
					audit.earlier = BoundedVec::truncate_from(revealed);
					audit.next = Some(RoundKind::Committee);
					let next = frame_system::Pallet::<T>::block_number().saturating_add(One::one());
					Self::deposit_event(Event::CommitteeCalled { job, score });
					if Self::schedule(next, Timer::Draw(job)).is_some() {
						Audits::<T>::insert(job, audit);
						false
					} else {
						// No room to draw a committee: the spot check is all there is.
						audit.next = None;
						let earlier = audit.earlier.to_vec();
						Self::judge_committee(job, audit, earlier)
					}
				},
			},
			RoundKind::Committee => {
				// The spot check's verifiers are judged against the committee, once each.
				let judged = Self::with_earlier(revealed, &audit.earlier);
				// Nobody on the committee revealed: the spot check's scores count.
				let median = median.or_else(|| Self::median_of(&judged));
				match median.map(|score| (score, Self::outcome_of(score))) {
					// A failing committee is confirmed by a fresh panel before anyone is
					// slashed.
					Some((score, Outcome::Failed { .. })) => {
						log::info!(target: "dgrid::poq", "job {job}: committee failed it ({score}), confirmation called");
						audit.earlier = BoundedVec::truncate_from(judged);
						audit.next = Some(RoundKind::Confirmation);
						let next =
							frame_system::Pallet::<T>::block_number().saturating_add(One::one());
						Self::deposit_event(Event::ConfirmationCalled { job, score });
						if Self::schedule(next, Timer::Draw(job)).is_some() {
							Audits::<T>::insert(job, audit);
							false
						} else {
							audit.next = None;
							let earlier = audit.earlier.to_vec();
							Self::judge_committee(job, audit, earlier)
						}
					},
					Some((score, outcome)) => {
						let rewarded = Self::clip(job, &judged, score);
						Self::conclude(job, audit, outcome, rewarded, Decider::Audit)
					},
					// Nobody revealed at all: the job passes unverified.
					None => Self::judge_committee(job, audit, judged),
				}
			},
			RoundKind::Confirmation => {
				// Everyone who judged the job is judged against the confirmation panel.
				let judged = Self::with_earlier(revealed, &audit.earlier);
				match median {
					Some(score) => Self::verdict(job, audit, judged, score),
					// Nobody on the panel revealed: the earlier rounds' scores decide.
					None => Self::judge_committee(job, audit, judged),
				}
			},
			RoundKind::Dispute => {
				let Some(id) = audit.dispute else {
					Audits::<T>::insert(job, audit);
					return false;
				};
				// A failed audit under appeal or dispute: its verifiers are judged with the
				// panel.
				let decisive = Self::decisive(&revealed);
				let judged = Self::with_earlier(revealed, &audit.earlier);
				match median.filter(|_| decisive) {
					Some(score) => {
						let rewarded = Self::clip(job, &judged, score);
						let outcome = Self::outcome_of(score);
						Self::conclude(job, audit, outcome, rewarded, Decider::Panel)
					},
					None => {
						// Keep the scores for the jury's verdict.
						audit.earlier = BoundedVec::truncate_from(judged);
						Audits::<T>::insert(job, audit);
						Self::escalate(id, job);
						false
					},
				}
			},
		}
	}

	/// This round's revealed members and the earlier rounds' who did not sit again: everyone
	/// judged against this round's median.
	fn with_earlier(
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

	/// Conclude an audit on `members`' scores (the committee could not be drawn or did not
	/// reveal): their median decides, or the job passes unverified if there is none.
	fn judge_committee(
		job: JobId,
		audit: AuditOf<T>,
		members: Vec<Member<T::AccountId>>,
	) -> Slashed {
		match Self::median_of(&members) {
			Some(score) => Self::verdict(job, audit, members, score),
			None => Self::conclude(
				job,
				audit,
				Outcome::Passed { score: 100, share: Perbill::one() },
				Vec::new(),
				Decider::Audit,
			),
		}
	}

	/// An audit's verdict on `judged`'s median `score`. A pass concludes at once; a failure
	/// waits for the provider's appeal (or the open dispute's panel) before anyone is judged
	/// or slashed.
	fn verdict(
		job: JobId,
		audit: AuditOf<T>,
		judged: Vec<Member<T::AccountId>>,
		score: u8,
	) -> Slashed {
		match Self::outcome_of(score) {
			Outcome::Failed { score } => Self::hold_for_appeal(job, audit, judged, score),
			outcome => {
				let rewarded = Self::clip(job, &judged, score);
				Self::conclude(job, audit, outcome, rewarded, Decider::Audit)
			},
		}
	}

	/// Hold a failed audit's verdict: for the open dispute's panel, drawn next block, or for
	/// the provider's appeal until `appeal_period` blocks from now. Final at once if the
	/// appeal period is 0 or no timer fits.
	fn hold_for_appeal(
		job: JobId,
		mut audit: AuditOf<T>,
		judged: Vec<Member<T::AccountId>>,
		score: u8,
	) -> Slashed {
		let now = frame_system::Pallet::<T>::block_number();
		audit.round = None;
		audit.next = None;
		audit.earlier = BoundedVec::truncate_from(judged);
		audit.outcome = Some(Outcome::Failed { score });
		if let Some(id) = audit.dispute {
			// The challenger asked for a panel: it reviews the audit's verdict.
			audit.next = Some(RoundKind::Dispute);
			if Self::schedule(now.saturating_add(One::one()), Timer::Draw(job)).is_none() {
				audit.next = None;
				Self::escalate(id, job);
			}
			Audits::<T>::insert(job, audit);
			return false;
		}
		let period = T::Params::params().appeal_period;
		let appeal_ends = now.saturating_add(period);
		let timer =
			|| Self::schedule(appeal_ends.saturating_add(One::one()), Timer::Appeal(job)).is_some();
		if period.is_zero() || !timer() {
			let judged = audit.earlier.to_vec();
			let rewarded = Self::clip(job, &judged, score);
			return Self::conclude(job, audit, Outcome::Failed { score }, rewarded, Decider::Audit);
		}
		log::info!(target: "dgrid::poq", "job {job} failed its audit ({score}): appeal open until {appeal_ends:?}");
		Self::deposit_event(Event::AwaitingAppeal {
			job,
			provider: audit.provider.clone(),
			score,
			appeal_ends,
		});
		audit.appeal_ends = Some(appeal_ends);
		Audits::<T>::insert(job, audit);
		false
	}

	fn median_of(members: &[Member<T::AccountId>]) -> Option<u8> {
		let scores: Vec<(u8, Balance)> =
			members.iter().filter_map(|m| m.score.map(|s| (s, m.stake))).collect();
		Self::weighted_median(&scores)
	}

	/// The verdict a median score gives.
	pub fn outcome_of(score: u8) -> Outcome {
		let params = T::Params::params();
		if score >= params.quality_threshold {
			Outcome::Passed { score, share: Perbill::one() }
		} else if score >= params.fail_threshold {
			let share =
				Perbill::from_rational(u32::from(score), u32::from(params.quality_threshold));
			Outcome::Passed { score, share }
		} else {
			Outcome::Failed { score }
		}
	}

	/// Whether at least two thirds of the revealed stake is on one side of the fail
	/// threshold.
	fn decisive(revealed: &[Member<T::AccountId>]) -> bool {
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

	/// The members within the clipping distance of `median`; the others are clipped. Each
	/// verification counts towards the verifier's reputation: a full observation within the
	/// distance, a zero one when clipped.
	fn clip(job: JobId, members: &[Member<T::AccountId>], median: u8) -> Vec<T::AccountId> {
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

	/// Apply a verdict reached `by` an audit round, a dispute panel or the jury: reputation,
	/// slashing and rewards, the dispute's bond, and the job's payout (now if the market is
	/// waiting for it, else when its challenge period ends). A dispute waiting behind a passed
	/// audit gets its panel drawn instead. Returns whether the provider was slashed.
	pub(crate) fn conclude(
		job: JobId,
		mut audit: AuditOf<T>,
		outcome: Outcome,
		rewarded: Vec<T::AccountId>,
		by: Decider,
	) -> Slashed {
		let dispute = audit.dispute.and_then(|id| Disputes::<T>::get(id).map(|d| (id, d)));
		audit.round = None;
		audit.earlier = BoundedVec::new();
		audit.next = None;
		audit.appeal_ends = None;
		if let (Some((id, _)), Outcome::Passed { .. }, Decider::Audit) = (&dispute, outcome, by) {
			// The audit passed, but the job is disputed: the panel re-runs it next block.
			Self::pay_from_treasury(job, &rewarded, audit.fee);
			audit.outcome = Some(outcome);
			audit.next = Some(RoundKind::Dispute);
			let next = frame_system::Pallet::<T>::block_number().saturating_add(One::one());
			if Self::schedule(next, Timer::Draw(job)).is_none() {
				// No room for the panel: the jury decides.
				audit.next = None;
				Self::escalate(*id, job);
			}
			Audits::<T>::insert(job, audit);
			return false;
		}
		match outcome {
			Outcome::Passed { score, share } => {
				T::Reputation::record(&audit.provider, Perbill::from_percent(u32::from(score)));
				match &dispute {
					Some((id, d)) => {
						match d.kind {
							DisputeKind::Challenge => {
								Self::pay_bond_out(job, d, &audit.provider, &rewarded)
							},
							// The provider's appeal was upheld: its bond back; the treasury
							// pays the verifiers, as for a passed audit.
							DisputeKind::Appeal => {
								let _ = T::Currency::release(
									&HoldReason::DisputeBond.into(),
									&d.challenger,
									d.bond,
									Precision::BestEffort,
								);
								Self::pay_from_treasury(job, &rewarded, audit.fee);
							},
						}
						Disputes::<T>::remove(id);
						Self::deposit_event(Event::DisputeResolved {
							dispute: *id,
							job,
							verdict: Verdict::ProviderUpheld,
							by_jury: by == Decider::Jury,
						});
					},
					None => Self::pay_from_treasury(job, &rewarded, audit.fee),
				}
				log::info!(target: "dgrid::poq", "job {job} passed: score {score}, share {share:?}");
				Self::deposit_event(Event::Passed {
					job,
					provider: audit.provider.clone(),
					score,
					share,
				});
			},
			Outcome::Failed { score } => {
				T::Reputation::record(&audit.provider, Perbill::zero());
				let challenger = dispute
					.as_ref()
					.filter(|(_, d)| d.kind == DisputeKind::Challenge)
					.map(|(_, d)| d.challenger.clone());
				if let Some((id, d)) = &dispute {
					match d.kind {
						DisputeKind::Challenge => {
							let _ = T::Currency::release(
								&HoldReason::DisputeBond.into(),
								&d.challenger,
								d.bond,
								Precision::BestEffort,
							);
						},
						// The provider lost its appeal: its bond pays the panel and the user.
						DisputeKind::Appeal => Self::pay_bond_out(job, d, &audit.owner, &rewarded),
					}
					Disputes::<T>::remove(id);
					Self::deposit_event(Event::DisputeResolved {
						dispute: *id,
						job,
						verdict: Verdict::ProviderAtFault,
						by_jury: by == Decider::Jury,
					});
				}
				Self::slash_provider(job, &audit, score, challenger.as_ref(), &rewarded);
			},
		}
		audit.outcome = Some(outcome);
		audit.dispute = None;
		let settlement = match outcome {
			Outcome::Passed { share, .. } => Settlement::Pay(share),
			Outcome::Failed { .. } => Settlement::Refund,
		};
		if T::Jobs::conclude(job, settlement) {
			Audits::<T>::remove(job);
		} else {
			Audits::<T>::insert(job, audit);
		}
		matches!(outcome, Outcome::Failed { .. })
	}

	/// Pay each rewarded verifier `fee` from the treasury, as far as it can without dying.
	fn pay_from_treasury(job: JobId, rewarded: &[T::AccountId], fee: Balance) {
		let treasury = T::Treasury::get();
		for verifier in rewarded {
			if T::Currency::transfer(&treasury, verifier, fee, Preservation::Preserve).is_ok()
				&& !fee.is_zero()
			{
				Self::deposit_event(Event::VerifierRewarded {
					job,
					verifier: verifier.clone(),
					amount: fee,
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
		audit: &AuditOf<T>,
		score: u8,
		challenger: Option<&T::AccountId>,
		rewarded: &[T::AccountId],
	) {
		let params = T::Params::params();
		let collateral = audit.fee.saturating_mul(Balance::from(params.collateral_multiple));
		let amount = collateral
			.saturating_add(params.fraud_slash.mul_floor(T::Registry::bond_of(&audit.provider)));
		let pot = Self::account_id();
		let slashed = T::Slashing::slash(&audit.provider, amount, &pot);
		let pay = |to: &T::AccountId, amount: Balance| -> Balance {
			if amount.is_zero() {
				return 0;
			}
			match T::Currency::transfer(&pot, to, amount, Preservation::Expendable) {
				Ok(_) => amount,
				Err(_) => 0,
			}
		};
		let to_user = pay(&audit.owner, USER_SHARE.mul_floor(slashed));
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
		log::info!(target: "dgrid::poq", "job {job} failed (score {score}): {:?} slashed {slashed}", audit.provider);
		Self::deposit_event(Event::Failed {
			job,
			provider: audit.provider.clone(),
			score,
			slashed,
			to_user,
			to_verifiers,
			burnt,
		});
	}

	/// The account slashed funds pass through.
	pub fn account_id() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	fn escalate(id: DisputeId, job: JobId) {
		Disputes::<T>::mutate(id, |d| {
			if let Some(d) = d {
				d.status = DisputeStatus::Escalated;
			}
		});
		log::info!(target: "dgrid::poq", "dispute {id} on job {job}: panel split, escalated to the DAO");
		Self::deposit_event(Event::DisputeEscalated { dispute: id, job });
	}

	pub(crate) fn do_dispute(challenger: T::AccountId, job: JobId) -> DispatchResult {
		let answered = T::Jobs::answered(job).ok_or(Error::<T>::NotDisputable)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= answered.challenge_ends, Error::<T>::NotDisputable);
		ensure!(challenger != answered.provider, Error::<T>::ProviderCannotDispute);
		ensure!(
			challenger == answered.owner || T::Registry::is_eligible(&challenger),
			Error::<T>::NotEntitledToDispute
		);
		let mut audit = Audits::<T>::get(job).unwrap_or_else(|| Audit {
			provider: answered.provider.clone(),
			owner: answered.owner.clone(),
			model: answered.model,
			fee: answered.fee,
			round: None,
			earlier: BoundedVec::new(),
			next: None,
			outcome: None,
			dispute: None,
			appeal_ends: None,
			rounds: 0,
		});
		ensure!(audit.dispute.is_none(), Error::<T>::AlreadyDisputed);
		ensure!(!matches!(audit.outcome, Some(Outcome::Failed { .. })), Error::<T>::AlreadyFailed);
		// The panel is drawn next block, unless an audit round is in progress or due: it
		// finishes first.
		if audit.round.is_none() && audit.next.is_none() {
			Self::schedule(now.saturating_add(One::one()), Timer::Draw(job))
				.ok_or(Error::<T>::TooBusy)?;
			audit.next = Some(RoundKind::Dispute);
		}
		Self::open_dispute(job, audit, challenger, DisputeKind::Challenge, now)
	}

	/// Hold `challenger`'s bond (`dispute_bond_multiple` × the fee, at least
	/// `min_dispute_bond`) and record its dispute or appeal of `job`, whose audit record is
	/// `audit` (its panel already due).
	fn open_dispute(
		job: JobId,
		mut audit: AuditOf<T>,
		challenger: T::AccountId,
		kind: DisputeKind,
		now: BlockNumberFor<T>,
	) -> DispatchResult {
		let params = T::Params::params();
		let bond = audit
			.fee
			.saturating_mul(Balance::from(params.dispute_bond_multiple))
			.max(params.min_dispute_bond);
		let id = NextDisputeId::<T>::get();
		let next_id = id.checked_add(1).ok_or(Error::<T>::TooBusy)?;
		T::Currency::hold(&HoldReason::DisputeBond.into(), &challenger, bond)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		audit.dispute = Some(id);
		Audits::<T>::insert(job, audit);
		Disputes::<T>::insert(
			id,
			Dispute {
				job,
				challenger: challenger.clone(),
				kind,
				bond,
				opened_at: now,
				status: DisputeStatus::Open,
			},
		);
		NextDisputeId::<T>::put(next_id);
		log::info!(target: "dgrid::poq", "job {job}: {kind:?} by {challenger:?} (dispute {id})");
		Self::deposit_event(Event::DisputeOpened { dispute: id, job, challenger, bond });
		Ok(())
	}

	/// Appeal a failed audit of `provider`'s answer to `job`: hold the dispute bond and draw a
	/// panel of verifiers who have not judged the job next block.
	pub(crate) fn do_appeal(provider: T::AccountId, job: JobId) -> DispatchResult {
		let mut audit = Audits::<T>::get(job).ok_or(Error::<T>::NotAppealable)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(audit.provider == provider, Error::<T>::NotAppealable);
		ensure!(
			audit.dispute.is_none() && audit.appeal_ends.is_some_and(|ends| now <= ends),
			Error::<T>::NotAppealable
		);
		Self::schedule(now.saturating_add(One::one()), Timer::Draw(job))
			.ok_or(Error::<T>::TooBusy)?;
		audit.next = Some(RoundKind::Dispute);
		audit.appeal_ends = None;
		Self::open_dispute(job, audit, provider, DisputeKind::Appeal, now)
	}

	/// Apply the jury's verdict on an escalated dispute. The panel's verifiers on the jury's
	/// side share the loser's part.
	pub(crate) fn do_rule(id: DisputeId, verdict: Verdict) -> Result<(), DisputeError> {
		let dispute = Disputes::<T>::get(id).ok_or(DisputeError::UnknownDispute)?;
		if dispute.status != DisputeStatus::Escalated {
			return Err(DisputeError::NotEscalated);
		}
		let audit = Audits::<T>::get(dispute.job).ok_or(DisputeError::UnknownDispute)?;
		let fail = T::Params::params().fail_threshold;
		let (outcome, on_side): (Outcome, fn(u8, u8) -> bool) = match verdict {
			Verdict::ProviderUpheld => {
				(Outcome::Passed { score: 100, share: Perbill::one() }, |s, f| s >= f)
			},
			Verdict::ProviderAtFault => (Outcome::Failed { score: 0 }, |s, f| s < f),
		};
		let rewarded = audit
			.earlier
			.iter()
			.filter(|m| m.score.is_some_and(|s| on_side(s, fail)))
			.map(|m| m.verifier.clone())
			.collect();
		Self::conclude(dispute.job, audit, outcome, rewarded, Decider::Jury);
		Ok(())
	}

	/// Invariants: dispute bonds held equal the open disputes; disputes and audits point at
	/// each other; rounds fit the panel bound.
	#[cfg(any(feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut bonds: BTreeMap<T::AccountId, Balance> = BTreeMap::new();
		for (id, d) in Disputes::<T>::iter() {
			let held = bonds.entry(d.challenger.clone()).or_default();
			*held = held.saturating_add(d.bond);
			let audit = Audits::<T>::get(d.job);
			ensure!(
				audit.is_some_and(|a| a.dispute == Some(id)),
				"an open dispute's audit does not point at it"
			);
		}
		for (who, sum) in bonds {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::DisputeBond.into(), &who) == sum,
				"DisputeBond hold differs from the challenger's open disputes"
			);
		}
		for (_, audit) in Audits::<T>::iter() {
			if let Some(id) = audit.dispute {
				ensure!(Disputes::<T>::contains_key(id), "an audit points at a closed dispute");
			}
			if let Some(round) = &audit.round {
				ensure!(round.number < audit.rounds, "a round's number was never started");
				ensure!(round.commit_end <= round.reveal_end, "a round reveals before it commits");
			}
			ensure!(
				audit.round.is_none() || audit.next.is_none(),
				"an audit has a round in progress and another due"
			);
			if audit.appeal_ends.is_some() {
				ensure!(
					matches!(audit.outcome, Some(Outcome::Failed { .. }))
						&& audit.dispute.is_none()
						&& audit.round.is_none()
						&& audit.next.is_none(),
					"an appeal is open on an audit that did not fail or is still running"
				);
			}
		}
		Ok(())
	}
}

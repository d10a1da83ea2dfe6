//! Reviews of answered jobs, audits and disputes alike, from the draw to the verdict.
//!
//! A review's life is one enum, [`Phase`], and every transition of it is in this file, one
//! `match` each:
//!
//! | from | on | to |
//! |---|---|---|
//! | (a result) | the audit draw picks it ([`Pallet::start_audit`]) | `Voting` (spot check) |
//! | `Voting` | its last reveal or [`Timer::Finalize`] ([`Pallet::close_round`]) | `Due` (committee, confirmation, dispute panel), `Appealable`, `Escalated` or `Concluded` |
//! | `Due` | [`Timer::Draw`] ([`Pallet::draw_due_round`]) | `Voting`; with nobody to draw, `Escalated` or a verdict on the earlier rounds |
//! | `Appealable` | [`Timer::Appeal`] ([`Pallet::appeal_lapsed`]) | `Concluded` (failed) |
//! | `Appealable` | `appeal` ([`Pallet::appealed`]) | `Due` (appeal panel) |
//! | a passed or new review | `dispute` ([`Pallet::disputed`]) | `Due` (dispute panel); a running audit finishes first |
//! | `Escalated` | `rule` ([`Pallet::ruled`]) | `Concluded` |
//! | `Escalated` | [`Timer::Jury`] ([`Pallet::jury_lapsed`]): the status quo | `Concluded` |
//! | `Concluded` | the market's settlement ([`Pallet::settled`]) | removed |
//!
//! The draw and its maths are in [`draw`], rounds and commit-reveal in [`rounds`], how scores
//! become a verdict in [`verdict`], money in [`payout`], opening disputes and appeals in
//! [`dispute`], and what each step weighs in [`weight`].

mod canary;
pub use canary::CANARY_CONTEXT;
mod dispute;
mod draw;
pub(crate) mod payout;
mod rounds;
mod verdict;
mod weight;

use crate::*;
use alloc::vec::Vec;
use dgrid_primitives::Settlement;
use frame_support::{dispatch::DispatchResult, ensure, weights::Weight, BoundedVec};
use sp_runtime::{
	traits::{One, Saturating, Zero},
	Perbill,
};

/// Who reached a verdict.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Decider {
	/// An audit's spot check, committee or confirmation panel.
	Audit,
	/// Nobody: no verifier revealed a score, and the answer passes unverified. It earns the
	/// provider no reputation.
	Unverified,
	/// A dispute's (or an appeal's) panel.
	Panel,
	/// The DAO's dispute jury.
	Jury,
	/// Nobody: the jury let its period pass, and the status quo stands.
	Lapse,
}

/// Whether a verdict step slashed a provider: its weight is then [`WeightInfo::finalize`]'s,
/// otherwise [`WeightInfo::finalize_pass`]'s.
pub(crate) type Slashed = bool;

impl<T: Config> Pallet<T> {
	/// The block's PoQ work, within the hook budget: due timers (verdicts, then draws of
	/// committees and panels), then the audit draw of results whose draw window is over. Also
	/// charges the block's read and write of [`NewResults`], [`DrawnThrough`] (whitelisted:
	/// results and settlements do not pay for them), [`RecentRandomness`], [`RecentAuthors`]
	/// and [`LastAuthor`], and the read of the author count.
	pub(crate) fn on_block(now: BlockNumberFor<T>) -> Weight {
		let budget = T::HookWeightBudget::get();
		let mut used = T::WeightInfo::on_initialize_empty()
			.saturating_add(T::DbWeight::get().reads_writes(6, 5));
		let seed = Self::note_randomness();
		used.saturating_accrue(Self::run_timers(now, &seed, budget.saturating_sub(used)));
		used.saturating_accrue(Self::run_draws(now, &seed, budget.saturating_sub(used)));
		used
	}

	/// The most weight one timer can use: a verdict of the largest rounds that concludes its
	/// job, a draw among the most offerers that decides at once, or a jury's default ruling.
	pub(crate) fn worst_timer_weight() -> Weight {
		let read = T::DbWeight::get().reads(1);
		let members = T::MaxPanel::get().saturating_mul(2);
		let verdict = T::WeightInfo::finalize(members)
			.max(T::WeightInfo::finalize_pass(members))
			.saturating_add(T::Jobs::conclude_weight());
		let draw = T::WeightInfo::draw_round(T::Jobs::max_offerers()).saturating_add(verdict);
		verdict.max(draw).max(Self::rule_weight()).saturating_add(read)
	}

	/// Run due timers, oldest block first, within `budget`: each block's verdicts before its
	/// draws (a committee called by a verdict is drawn after the draw window, with fresh
	/// randomness).
	/// What does not fit carries over to the next block, from [`TimerCursor`].
	fn run_timers(now: BlockNumberFor<T>, seed: &[u8; 32], budget: Weight) -> Weight {
		let per_bucket = T::DbWeight::get().reads_writes(1, 1);
		let worst = Self::worst_timer_weight();
		let mut used = T::DbWeight::get().reads_writes(1, 1);
		let mut cursor = TimerCursor::<T>::get();
		'buckets: while cursor <= now {
			if used.saturating_add(per_bucket).any_gt(budget) {
				break;
			}
			used.saturating_accrue(per_bucket);
			let (finals, draws): (Vec<Timer>, Vec<Timer>) = Timers::<T>::take(cursor)
				.into_iter()
				.partition(|t| !matches!(t, Timer::Draw(..)));
			let mut timers = finals.into_iter().chain(draws);
			while let Some(timer) = timers.next() {
				if used.saturating_add(worst).any_gt(budget) {
					let rest: Vec<Timer> = core::iter::once(timer).chain(timers).collect();
					Timers::<T>::insert(cursor, BoundedVec::truncate_from(rest));
					break 'buckets;
				}
				used.saturating_accrue(match timer {
					Timer::Finalize(job, number) => Self::round_timer(job, number),
					Timer::Appeal(job) => Self::appeal_lapsed(job),
					Timer::Jury(job) => Self::jury_lapsed(job),
					Timer::Draw(job) => Self::draw_due_round(job, seed, now),
				});
			}
			cursor = cursor.saturating_add(One::one());
		}
		TimerCursor::<T>::put(cursor);
		used
	}

	/// The audit draw picked `result`: start its review with a spot check. False if nobody
	/// could be drawn (the audit is skipped).
	pub(crate) fn start_audit(
		result: &NotedResultOf<T>,
		owner: T::AccountId,
		pool: &draw::Pool<T::AccountId>,
		seed: &[u8; 32],
		now: BlockNumberFor<T>,
	) -> bool {
		let mut review = Review {
			provider: result.provider.clone(),
			owner,
			model: result.model,
			fee: result.fee,
			phase: Phase::Due {
				kind: RoundKind::SpotCheck,
				judged: BoundedVec::new(),
				called: now,
			},
			dispute: None,
			rounds: 0,
		};
		let started = Self::start_round(
			result.job,
			&mut review,
			RoundKind::SpotCheck,
			BoundedVec::new(),
			pool,
			seed,
			now,
		);
		if started.is_ok() {
			Reviews::<T>::insert(result.job, review);
		}
		started.is_ok()
	}

	/// [`Timer::Draw`]: draw the review's due round. With nobody left to draw, a dispute goes
	/// to the jury and an audit is decided on the earlier rounds' scores. A window of one
	/// author waits for another author's block, up to `MAX_DRAW_DELAY` blocks after the call,
	/// as the audit draw does: whoever called the round (a dispute, an appeal, the reveal that
	/// closed a round) cannot pick its panel by owning the blocks after the call.
	pub(crate) fn draw_due_round(job: JobId, seed: &[u8; 32], now: BlockNumberFor<T>) -> Weight {
		let read = T::DbWeight::get().reads(1);
		let Some(mut review) = Reviews::<T>::get(job) else { return read };
		let (kind, judged, called) = match &review.phase {
			Phase::Due { kind, judged, called } => (*kind, judged.clone(), *called),
			_ => return read,
		};
		let latest = called.saturating_add(dgrid_primitives::params::MAX_DRAW_DELAY.into());
		if !Self::window_has_two_authors() && now < latest {
			let next = now.saturating_add(One::one());
			if Self::schedule(next, Timer::Draw(job)).is_some() {
				return T::DbWeight::get().reads_writes(2, 1);
			}
		}
		let pool = Self::pool(review.model);
		let weight = T::WeightInfo::draw_round(pool.len() as u32);
		let judged = match Self::start_round(job, &mut review, kind, judged, &pool, seed, now) {
			Ok(()) => {
				Reviews::<T>::insert(job, review);
				return weight;
			},
			Err(judged) => judged,
		};
		let members = judged.len() as u32;
		let slashed = match kind {
			RoundKind::Dispute => Self::escalate(job, review, judged),
			// The earlier rounds' scores are all there is.
			RoundKind::SpotCheck | RoundKind::Committee | RoundKind::Confirmation => {
				Self::decide(job, review, judged.into_inner())
			},
		};
		weight
			.saturating_add(Self::verdict_weight(slashed, members))
			.saturating_add(Self::conclusion_weight(job))
	}

	/// [`Timer::Finalize`]: the reveal period of the job's round `number` is over.
	fn round_timer(job: JobId, number: u8) -> Weight {
		let read = T::DbWeight::get().reads(1);
		let Some(review) = Reviews::<T>::get(job) else { return read };
		let members = match &review.phase {
			Phase::Voting { round, judged } if round.number == number => {
				round.members.len().saturating_add(judged.len()) as u32
			},
			// Closed early, when its last verifier revealed.
			_ => return read,
		};
		let slashed = Self::close_round(job, review);
		Self::verdict_weight(slashed, members).saturating_add(Self::conclusion_weight(job))
	}

	/// A round is over (its last reveal, or its reveal period's end): penalize its silent
	/// members, then decide by its kind what its scores say. Returns whether the provider was
	/// slashed.
	pub(crate) fn close_round(job: JobId, review: ReviewOf<T>) -> Slashed {
		let Phase::Voting { round, judged } = review.phase.clone() else { return false };
		Self::release_seats(&round.members);
		let revealed = Self::penalize_silent(job, round.members.into_inner());
		let median = Self::median_of(&revealed);
		let params = T::Params::params();
		match round.kind {
			RoundKind::SpotCheck => match median {
				Some(score) if score >= params.quality_threshold => {
					let rewarded = Self::clip(job, &revealed, score);
					let verdict = Verdict::Passed { score, share: Perbill::one() };
					Self::apply_verdict(job, review, verdict, &revealed, rewarded, Decider::Audit)
				},
				score => {
					log::info!(target: "dgrid::poq", "job {job}: spot check low ({score:?}), committee called");
					Self::deposit_event(Event::CommitteeCalled { job, score });
					let judged = BoundedVec::truncate_from(revealed);
					Self::call_round_or_decide(job, review, RoundKind::Committee, judged)
				},
			},
			RoundKind::Committee => {
				// The spot check's verifiers are judged against the committee, once each.
				let judged = Self::with_earlier(revealed, &judged);
				// Nobody on the committee revealed: the spot check's scores count.
				match median.or_else(|| Self::median_of(&judged)) {
					// A failing committee is confirmed by a fresh panel before anyone is
					// slashed.
					Some(score) if score < params.fail_threshold => {
						log::info!(target: "dgrid::poq", "job {job}: committee failed it ({score}), confirmation called");
						Self::deposit_event(Event::ConfirmationCalled { job, score });
						let judged = BoundedVec::truncate_from(judged);
						Self::call_round_or_decide(job, review, RoundKind::Confirmation, judged)
					},
					Some(score) => {
						let rewarded = Self::clip(job, &judged, score);
						let verdict = Self::verdict_of(score);
						Self::apply_verdict(job, review, verdict, &judged, rewarded, Decider::Audit)
					},
					// Nobody revealed at all: the job passes unverified.
					None => Self::decide(job, review, judged),
				}
			},
			RoundKind::Confirmation => {
				// Everyone who judged the job is judged against the confirmation panel.
				let judged = Self::with_earlier(revealed, &judged);
				match median {
					Some(score) => Self::decide_on(job, review, judged, score),
					// Nobody on the panel revealed: the earlier rounds' scores decide.
					None => Self::decide(job, review, judged),
				}
			},
			RoundKind::Dispute => {
				// A failed audit under appeal or dispute: its verifiers are judged with the
				// panel.
				let decisive = Self::decisive(&revealed);
				let judged = Self::with_earlier(revealed, &judged);
				match median.filter(|_| decisive) {
					Some(score) => {
						let rewarded = Self::clip(job, &judged, score);
						let verdict = Self::verdict_of(score);
						Self::apply_verdict(job, review, verdict, &judged, rewarded, Decider::Panel)
					},
					// Split, or nobody revealed: the jury decides on the scores kept.
					None => Self::escalate(job, review, BoundedVec::truncate_from(judged)),
				}
			},
		}
	}

	/// [`Timer::Appeal`]: the appeal period of a failed audit is over. Unless the provider
	/// appealed, the verdict is final: its verifiers are judged against it, the user refunded
	/// and the provider slashed.
	pub(crate) fn appeal_lapsed(job: JobId) -> Weight {
		let read = T::DbWeight::get().reads(1);
		let Some(review) = Reviews::<T>::get(job) else { return read };
		let (score, judged) = match &review.phase {
			Phase::Appealable { score, judged, .. } if review.dispute.is_none() => {
				(*score, judged.to_vec())
			},
			// Appealed: the panel decides.
			_ => return read,
		};
		let members = judged.len() as u32;
		let rewarded = Self::clip(job, &judged, score);
		let verdict = Verdict::Failed { score };
		let slashed = Self::apply_verdict(job, review, verdict, &judged, rewarded, Decider::Audit);
		Self::verdict_weight(slashed, members).saturating_add(Self::conclusion_weight(job))
	}

	/// `appeal`: the provider appeals a failed audit within its appeal period; a panel of
	/// verifiers who have not judged the job is drawn after the draw window.
	pub(crate) fn appealed(provider: T::AccountId, job: JobId) -> DispatchResult {
		let mut review = Reviews::<T>::get(job).ok_or(Error::<T>::NotAppealable)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(review.provider == provider, Error::<T>::NotAppealable);
		let judged = match &review.phase {
			Phase::Appealable { ends, judged, .. } if review.dispute.is_none() && now <= *ends => {
				judged.clone()
			},
			_ => return Err(Error::<T>::NotAppealable.into()),
		};
		Self::call_round(job, &mut review, RoundKind::Dispute, judged)
			.map_err(|_| Error::<T>::TooBusy)?;
		Self::open_dispute(job, review, provider, DisputeKind::Appeal, now)
	}

	/// `dispute`: the job's owner or an operator disputes its answer within the challenge
	/// period. The panel is drawn after the draw window, unless an audit round is running or due: it
	/// finishes first.
	pub(crate) fn disputed(challenger: T::AccountId, job: JobId) -> DispatchResult {
		let answered = T::Jobs::answered(job).ok_or(Error::<T>::NotDisputable)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= answered.challenge_ends, Error::<T>::NotDisputable);
		ensure!(challenger != answered.provider, Error::<T>::ProviderCannotDispute);
		ensure!(
			challenger == answered.owner || T::Registry::is_eligible(&challenger),
			Error::<T>::NotEntitledToDispute
		);
		let mut review = Reviews::<T>::get(job).unwrap_or_else(|| Review {
			provider: answered.provider.clone(),
			owner: answered.owner.clone(),
			model: answered.model,
			fee: answered.fee,
			// Not audited: the answer stands until the panel says otherwise.
			phase: Phase::Concluded(Verdict::Passed { score: 100, share: Perbill::one() }),
			dispute: None,
			rounds: 0,
		});
		ensure!(review.dispute.is_none(), Error::<T>::AlreadyDisputed);
		match &review.phase {
			Phase::Appealable { .. } | Phase::Concluded(Verdict::Failed { .. }) => {
				return Err(Error::<T>::AlreadyFailed.into())
			},
			// Only a dispute escalates.
			Phase::Escalated { .. } => return Err(Error::<T>::AlreadyDisputed.into()),
			// The audit's round finishes first; its verdict calls the panel.
			Phase::Due { .. } | Phase::Voting { .. } => {},
			Phase::Concluded(Verdict::Passed { .. }) => {
				Self::call_round(job, &mut review, RoundKind::Dispute, BoundedVec::new())
					.map_err(|_| Error::<T>::TooBusy)?;
			},
		}
		Self::open_dispute(job, review, challenger, DisputeKind::Challenge, now)
	}

	/// `rule`: the DAO's dispute jury rules on an escalated dispute, finally. The verifiers on
	/// the jury's side share the loser's part.
	pub(crate) fn ruled(id: DisputeId, ruling: Ruling) -> DispatchResult {
		let dispute = Disputes::<T>::get(id).ok_or(Error::<T>::UnknownDispute)?;
		let review = Reviews::<T>::get(dispute.job).ok_or(Error::<T>::UnknownDispute)?;
		let Phase::Escalated { judged, .. } = &review.phase else {
			return Err(Error::<T>::NotEscalated.into());
		};
		let judged = judged.clone();
		Self::rule_on(dispute.job, review, judged, ruling, Decider::Jury);
		Ok(())
	}

	/// [`Timer::Jury`]: the jury period of an escalated dispute is over without a ruling: the
	/// status quo stands ([`DisputeKind::default_ruling`]).
	pub(crate) fn jury_lapsed(job: JobId) -> Weight {
		let read = T::DbWeight::get().reads(1);
		let Some(review) = Reviews::<T>::get(job) else { return read };
		let Phase::Escalated { judged, .. } = &review.phase else { return read };
		let judged = judged.clone();
		Self::lapse(job, review, judged);
		Self::rule_weight()
	}

	/// Apply the ruling of a jury that did not rule: the status quo before the dispute.
	fn lapse(job: JobId, review: ReviewOf<T>, judged: JudgedOf<T>) -> Slashed {
		let Some((id, dispute)) =
			review.dispute.and_then(|id| Disputes::<T>::get(id).map(|d| (id, d)))
		else {
			return Self::decide(job, review, judged.into_inner());
		};
		let ruling = dispute.kind.default_ruling();
		log::info!(target: "dgrid::poq", "dispute {id} on job {job}: the jury did not rule, {ruling:?}");
		Self::deposit_event(Event::JuryLapsed { dispute: id, job, ruling });
		Self::rule_on(job, review, judged, ruling, Decider::Lapse)
	}

	/// Rule on an escalated review: the verifiers on the ruling's side share the loser's part.
	fn rule_on(
		job: JobId,
		review: ReviewOf<T>,
		judged: JudgedOf<T>,
		ruling: Ruling,
		by: Decider,
	) -> Slashed {
		let fail = T::Params::params().fail_threshold;
		let (verdict, on_side): (Verdict, fn(u8, u8) -> bool) = match ruling {
			Ruling::ProviderUpheld => {
				(Verdict::Passed { score: 100, share: Perbill::one() }, |s, f| s >= f)
			},
			Ruling::ProviderAtFault => (Verdict::Failed { score: 0 }, |s, f| s < f),
		};
		let rewarded = judged
			.iter()
			.filter(|m| m.score.is_some_and(|s| on_side(s, fail)))
			.map(|m| m.verifier.clone())
			.collect();
		Self::apply_verdict(job, review, verdict, &judged, rewarded, by)
	}

	/// The market asks how to settle `job` now that its challenge period is over: a
	/// concluded review gives its verdict once and is removed; any other waits.
	pub(crate) fn settled(job: JobId, answered_at: BlockNumberFor<T>) -> Settlement {
		let Some(review) = Reviews::<T>::get(job) else {
			// Not drawn yet: the draw concludes it.
			if answered_at > DrawnThrough::<T>::get() {
				return Settlement::Wait;
			}
			return Settlement::Pay(Perbill::one());
		};
		match review.phase {
			Phase::Concluded(verdict) if review.dispute.is_none() => {
				Reviews::<T>::remove(job);
				Self::settlement_of(verdict)
			},
			Phase::Concluded(_)
			| Phase::Due { .. }
			| Phase::Voting { .. }
			| Phase::Appealable { .. }
			| Phase::Escalated { .. } => Settlement::Wait,
		}
	}

	/// Call a round of `kind` for after the draw window: the review is then `Due`. If no timer fits
	/// in the coming blocks, nothing changes and `judged` is handed back.
	fn call_round(
		job: JobId,
		review: &mut ReviewOf<T>,
		kind: RoundKind,
		judged: JudgedOf<T>,
	) -> Result<(), JudgedOf<T>> {
		// After the draw window: the round is drawn with the randomness of blocks after the
		// one that called it, which its author (who chose to include a dispute or an appeal,
		// or a reveal that closed a round) could not know.
		let called = frame_system::Pallet::<T>::block_number();
		let at = called.saturating_add(T::DrawWindow::get().saturating_add(1).into());
		match Self::schedule(at, Timer::Draw(job)) {
			Some(_) => {
				review.phase = Phase::Due { kind, judged, called };
				Ok(())
			},
			None => Err(judged),
		}
	}

	/// Call a round of `kind` for after the draw window, and store the review; with no room for it,
	/// decide on the scores so far.
	fn call_round_or_decide(
		job: JobId,
		mut review: ReviewOf<T>,
		kind: RoundKind,
		judged: JudgedOf<T>,
	) -> Slashed {
		match Self::call_round(job, &mut review, kind, judged) {
			Ok(()) => {
				Reviews::<T>::insert(job, review);
				false
			},
			Err(judged) => Self::decide(job, review, judged.into_inner()),
		}
	}

	/// Decide an audit on `judged`'s scores (no further round could be drawn, or nobody in it
	/// revealed): their median decides, or the job passes unverified if there is none.
	fn decide(job: JobId, review: ReviewOf<T>, judged: Vec<Member<T::AccountId>>) -> Slashed {
		match Self::median_of(&judged) {
			Some(score) => Self::decide_on(job, review, judged, score),
			None => {
				let verdict = Verdict::Passed { score: 100, share: Perbill::one() };
				Self::apply_verdict(job, review, verdict, &[], Vec::new(), Decider::Unverified)
			},
		}
	}

	/// An audit's verdict on `judged`'s median `score`. A pass applies at once; a failure
	/// waits for the open dispute's panel, drawn after the draw window, or for the provider's appeal
	/// until `appeal_period` blocks from now, before anyone is judged or slashed (final at
	/// once with an appeal period of 0, or if no timer fits).
	fn decide_on(
		job: JobId,
		mut review: ReviewOf<T>,
		judged: Vec<Member<T::AccountId>>,
		score: u8,
	) -> Slashed {
		let verdict = Self::verdict_of(score);
		if let Verdict::Passed { .. } = verdict {
			let rewarded = Self::clip(job, &judged, score);
			return Self::apply_verdict(job, review, verdict, &judged, rewarded, Decider::Audit);
		}
		let judged = BoundedVec::truncate_from(judged);
		if review.dispute.is_some() {
			// The challenger asked for a panel: it reviews the audit's verdict.
			return match Self::call_round(job, &mut review, RoundKind::Dispute, judged) {
				Ok(()) => {
					Reviews::<T>::insert(job, review);
					false
				},
				Err(judged) => Self::escalate(job, review, judged),
			};
		}
		let now = frame_system::Pallet::<T>::block_number();
		let period = T::Params::params().appeal_period;
		let ends = now.saturating_add(period);
		if period.is_zero()
			|| Self::schedule(ends.saturating_add(One::one()), Timer::Appeal(job)).is_none()
		{
			let rewarded = Self::clip(job, &judged, score);
			return Self::apply_verdict(job, review, verdict, &judged, rewarded, Decider::Audit);
		}
		log::info!(target: "dgrid::poq", "job {job} failed its audit ({score}): appeal open until {ends:?}");
		Self::deposit_event(Event::AwaitingAppeal {
			job,
			provider: review.provider.clone(),
			score,
			appeal_ends: ends,
		});
		review.phase = Phase::Appealable { score, ends, judged };
		Reviews::<T>::insert(job, review);
		false
	}

	/// The dispute's panel split, or none could be drawn: the DAO's dispute jury decides
	/// within `jury_period` blocks, with `judged`'s scores kept for its verdict; then the
	/// status quo stands. With no room for the jury's deadline, the status quo stands at once.
	/// A review without a dispute (which no call makes) is decided on those scores instead.
	fn escalate(job: JobId, mut review: ReviewOf<T>, judged: JudgedOf<T>) -> Slashed {
		let Some(id) = review.dispute else {
			return Self::decide(job, review, judged.into_inner());
		};
		let now = frame_system::Pallet::<T>::block_number();
		let due = now.saturating_add(T::Params::params().jury_period).saturating_add(One::one());
		let Some(at) = Self::schedule(due, Timer::Jury(job)) else {
			return Self::lapse(job, review, judged);
		};
		let ends = at.saturating_sub(One::one());
		log::info!(target: "dgrid::poq", "dispute {id} on job {job}: panel split, escalated to the DAO until {ends:?}");
		Self::deposit_event(Event::DisputeEscalated { dispute: id, job, jury_ends: ends });
		review.phase = Phase::Escalated { judged, ends };
		Reviews::<T>::insert(job, review);
		false
	}

	/// Apply `verdict`, reached `by` an audit, a dispute's panel or the jury on `judged`'s
	/// scores, with `rewarded` the verifiers within the clipping distance: reputation, the dispute's bond, slashing and
	/// rewards, then the job's payout (now if the market is waiting for it, else when its
	/// challenge period ends). An audit that passes a disputed job calls the dispute's panel
	/// instead of concluding. Returns whether the provider was slashed.
	fn apply_verdict(
		job: JobId,
		mut review: ReviewOf<T>,
		verdict: Verdict,
		judged: &[Member<T::AccountId>],
		rewarded: Vec<T::AccountId>,
		by: Decider,
	) -> Slashed {
		let dispute = review.dispute.and_then(|id| Disputes::<T>::get(id).map(|d| (id, d)));
		if let (Some(_), Verdict::Passed { .. }, Decider::Audit | Decider::Unverified) =
			(&dispute, verdict, by)
		{
			// The audit passed, but the job is disputed: the panel re-runs it soon (the
			// jury decides if there is no room for it). The audit's verifiers are paid out of
			// the job now; should the panel fail the answer, the user is made whole by its
			// share of the slash.
			Self::note_passers(job, &review, verdict, judged, None);
			Self::pay_from_job(job, &rewarded);
			return match Self::call_round(job, &mut review, RoundKind::Dispute, BoundedVec::new()) {
				Ok(()) => {
					Reviews::<T>::insert(job, review);
					false
				},
				Err(judged) => Self::escalate(job, review, judged),
			};
		}
		Self::note_passers(job, &review, verdict, judged, dispute.as_ref().map(|(_, d)| d));
		let slashed = Self::pay_out(job, &review, verdict, dispute, &rewarded, by);
		review.phase = Phase::Concluded(verdict);
		review.dispute = None;
		if T::Jobs::conclude(job, Self::settlement_of(verdict)) {
			Reviews::<T>::remove(job);
		} else {
			Reviews::<T>::insert(job, review);
		}
		slashed
	}

	/// What the market does with a job on `verdict`.
	fn settlement_of(verdict: Verdict) -> Settlement {
		match verdict {
			Verdict::Passed { share, .. } => Settlement::Pay(share),
			Verdict::Failed { .. } => Settlement::Refund,
		}
	}
}

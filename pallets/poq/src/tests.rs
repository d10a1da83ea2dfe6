// Test code: overflow would be a test bug and panics loudly.
#![allow(clippy::arithmetic_side_effects)]

use crate::{mock::*, *};
use dgrid_primitives::{EscalatedDisputes, Settlement, Verdict};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use sp_runtime::{DispatchError, Perbill};

const FEE: Balance = 1_000;
const SALT: [u8; 32] = [7; 32];

fn round(job: JobId) -> RoundOf<Test> {
	Audits::<Test>::get(job).and_then(|a| a.round).expect("a round in progress")
}

fn members(job: JobId) -> Vec<u64> {
	round(job).members.iter().map(|m| m.verifier).collect()
}

fn commit(job: JobId, op: u64, score: u8) -> DispatchResult {
	let number = round(job).number;
	PoQ::commit(
		RuntimeOrigin::signed(worker(op)),
		job,
		PoQ::commitment(job, number, &op, score, &SALT),
	)
}

fn reveal(job: JobId, op: u64, score: u8) -> DispatchResult {
	PoQ::reveal(RuntimeOrigin::signed(worker(op)), job, score, SALT)
		.map(|_| ())
		.map_err(|e| e.error)
}
use frame_support::dispatch::DispatchResult;

/// Every member of the job's round commits, then reveals, `score_of(member)`.
fn verify(job: JobId, score_of: impl Fn(u64) -> u8) {
	let verifiers = members(job);
	for v in &verifiers {
		assert_ok!(commit(job, *v, score_of(*v)));
	}
	for v in &verifiers {
		assert_ok!(reveal(job, *v, score_of(*v)));
	}
}

/// Job 0 by Alice, answered by OP1 at block 1 for `FEE`, drawn (OP1 is new: always audited)
/// at block 3. Returns the spot checker.
fn audited_job() -> u64 {
	answered(0, OP1, ALICE, FEE);
	run_to(3);
	let verifiers = members(0);
	assert_eq!(verifiers.len(), 1);
	verifiers[0]
}

/// After a committee failed job 0 at the current block: the confirmation panel is drawn next
/// block among the verifiers left and scores `score`. Returns the panel.
fn confirmed(score: u8) -> Vec<u64> {
	assert!(events().iter().any(|e| matches!(e, Event::ConfirmationCalled { job: 0, .. })));
	assert_eq!(Audits::<Test>::get(0).unwrap().next, Some(RoundKind::Confirmation));
	run_to(System::block_number() + 1);
	assert_eq!(round(0).kind, RoundKind::Confirmation);
	let panel = members(0);
	verify(0, |_| score);
	panel
}

/// Job 0's audit failed it at the current block: the provider has `appeal_period` blocks to
/// appeal, and nobody is slashed meanwhile. Runs to the end of the period without an appeal:
/// the verdict is final.
fn appeal_lapses() {
	let now = System::block_number();
	let a = Audits::<Test>::get(0).expect("the failed audit waits");
	let ends = a.appeal_ends.expect("an appeal period");
	assert_eq!(ends, now + Params::get().appeal_period);
	let score = match a.outcome {
		Some(Outcome::Failed { score }) => score,
		other => panic!("not failed: {other:?}"),
	};
	assert!(events().contains(&Event::AwaitingAppeal {
		job: 0,
		provider: OP1,
		score,
		appeal_ends: ends
	}));
	assert!(!events().iter().any(|e| matches!(e, Event::Failed { .. })), "nobody slashed yet");
	run_to(ends);
	assert!(Audits::<Test>::get(0).unwrap().appeal_ends.is_some());
	run_to(ends + 1);
	assert!(events().iter().any(|e| matches!(e, Event::Failed { job: 0, .. })));
}

fn dispute_bond_of(who: u64) -> Balance {
	Balances::balance_on_hold(&HoldReason::DisputeBond.into(), &who)
}

// ---- the draw ----

#[test]
fn a_result_is_drawn_with_randomness_from_a_later_block() {
	ExtBuilder::build_and_execute(|| {
		answered(0, OP1, ALICE, FEE);
		assert_eq!(Answered::<Test>::get().len(), 1);
		run_to(2);
		// Block 2's parent is the block the result landed in: too early to draw.
		assert!(Audits::<Test>::get(0).is_none());
		assert_eq!(Drawable::<Test>::get().len(), 1);
		assert!(Answered::<Test>::get().is_empty());
		run_to(3);
		assert!(Drawable::<Test>::get().is_empty());
		assert_eq!(DrawnThrough::<Test>::get(), 1);
		let r = round(0);
		assert_eq!((r.kind, r.number, r.commit_end, r.reveal_end), (RoundKind::SpotCheck, 0, 6, 9));
		let spot = r.members[0].verifier;
		assert_ne!(spot, OP1, "never the provider");
		assert!(OPS.contains(&spot));
		assert_eq!(r.members[0].stake, BOND);
		assert!(events().contains(&Event::RoundStarted {
			job: 0,
			kind: RoundKind::SpotCheck,
			round: 0,
			provider: OP1,
			verifiers: vec![spot],
			commit_end: 6,
			reveal_end: 9,
		}));
		assert_eq!(ResultsDrawn::<Test>::get(OP1), 1);
	});
}

#[test]
fn the_audit_rate_falls_with_history_and_reputation() {
	ExtBuilder::build_and_execute(|| {
		let p = Params::get();
		assert_eq!(p.new_operator_jobs, 100);
		assert_eq!(p.audit_rate, Perbill::from_parts(49_000_000));
		// New operators: everything.
		assert_eq!(PoQ::audit_rate(0, Perbill::one()), Perbill::one());
		assert_eq!(PoQ::audit_rate(99, Perbill::one()), Perbill::one());
		// Then the audit rate, up to four times it for a reputation of zero.
		assert_eq!(PoQ::audit_rate(100, Perbill::one()), p.audit_rate);
		assert_eq!(
			PoQ::audit_rate(100, Perbill::from_percent(50)),
			Perbill::from_parts(122_500_000)
		);
		assert_eq!(PoQ::audit_rate(100, Perbill::zero()), Perbill::from_parts(196_000_000));
		// Capped at 100 %.
		Params::set(ProtocolParameters { audit_rate: Perbill::from_percent(40), ..p });
		assert_eq!(PoQ::audit_rate(100, Perbill::zero()), Perbill::one());
	});
}
use dgrid_primitives::ProtocolParameters;

#[test]
fn seasoned_operators_are_sampled_at_the_audit_rate() {
	ExtBuilder::build_and_execute(|| {
		ResultsDrawn::<Test>::insert(OP1, 1_000);
		let jobs = 2_000u64;
		for block in 0..(jobs / 50) {
			for i in 0..50 {
				answered(block * 50 + i, OP1, ALICE, FEE);
			}
			run_to(System::block_number() + 1);
		}
		run_to(System::block_number() + 2);
		let audited = Audits::<Test>::iter().count() as u64;
		// 4.9 % of 2,000 is 98; the draw is deterministic here, and binomial in general
		// (standard deviation 9.7).
		assert!((70..=120).contains(&audited), "{audited} of {jobs} audited");
		assert_eq!(ResultsDrawn::<Test>::get(OP1), 1_000 + jobs as u32);
	});
}

#[test]
fn a_block_without_vrf_output_draws_with_the_parent_hash() {
	ExtBuilder::build_and_execute(|| {
		Vrf::set(Some(None));
		answered(0, OP1, ALICE, FEE);
		run_to(3);
		assert_eq!(members(0).len(), 1);
	});
}

#[test]
fn an_audit_with_no_other_provider_is_skipped_and_pays() {
	ExtBuilder::build_and_execute(|| {
		Offerers::set([(0, vec![OP1])].into_iter().collect());
		answered(0, OP1, ALICE, FEE);
		run_to(3);
		assert!(Audits::<Test>::get(0).is_none());
		assert!(events().contains(&Event::AuditSkipped { job: 0 }));
		assert_eq!(settle(0), Settlement::Pay(Perbill::one()));
	});
}

#[test]
fn ineligible_operators_are_never_drawn() {
	ExtBuilder::build_and_execute(|| {
		Operators::mutate(|ops| {
			for op in &OPS[1..5] {
				ops.get_mut(op).unwrap().1 = false;
			}
		});
		for job in 0..10 {
			answered(job, OP1, ALICE, FEE);
		}
		run_to(3);
		for job in 0..10 {
			assert_eq!(members(job), vec![60]);
		}
	});
}

#[test]
fn verifiers_are_drawn_by_stake() {
	ExtBuilder::build_and_execute(|| {
		// OP 60 has 9 times the others' stake: about half the draws (9 of 13 in weight).
		Operators::mutate(|ops| ops.get_mut(&60).unwrap().0 = 9 * BOND);
		Params::mutate(|p| p.new_operator_jobs = 1_000);
		for job in 0..200 {
			answered(job, OP1, ALICE, FEE);
		}
		run_to(3);
		let by_60 = (0..200).filter(|j| members(*j) == vec![60]).count();
		assert!((110..=165).contains(&by_60), "{by_60} of 200 drawn the big staker");
	});
}

#[test]
fn verifiers_with_a_poor_reputation_are_drawn_less() {
	ExtBuilder::build_and_execute(|| {
		Params::mutate(|p| p.new_operator_jobs = 1_000);
		// Operator 60: the same bond, but a reputation of 10 %: weight 1,000 (bond × 10 % × 10 %)
		// against 100,000.
		Operators::mutate(|ops| ops.get_mut(&60).unwrap().2 = Perbill::from_percent(10));
		for job in 0..200 {
			answered(job, OP1, ALICE, FEE);
		}
		run_to(3);
		let by_60 = (0..200).filter(|j| members(*j) == vec![60]).count();
		assert!(by_60 <= 3, "{by_60} of 200 drew the poorly reputed verifier");
	});
}

#[test]
fn a_backlog_beyond_the_hook_budget_is_drawn_next_block() {
	ExtBuilder::build_and_execute(|| {
		// A draw weighs 10 in the mock.
		HookBudget::set(Weight::from_parts(5, 0));
		answered(0, OP1, ALICE, FEE);
		run_to(3);
		assert!(Audits::<Test>::get(0).is_none());
		assert_eq!(Drawable::<Test>::get().len(), 1);
		assert_eq!(DrawnThrough::<Test>::get(), 0);
		// Not drawn yet: the market must wait.
		assert_eq!(settle(0), Settlement::Wait);
		HookBudget::set(Weight::MAX);
		run_to(4);
		assert!(Audits::<Test>::get(0).is_some());
		assert_eq!(DrawnThrough::<Test>::get(), 2);
	});
}
use frame_support::weights::Weight;

#[test]
fn a_late_draw_concludes_a_waiting_job_it_does_not_audit() {
	ExtBuilder::build_and_execute(|| {
		Params::mutate(|p| p.challenge_period = 1);
		ResultsDrawn::<Test>::insert(OP1, 1_000);
		HookBudget::set(Weight::from_parts(5, 0));
		for job in 0..5 {
			answered(job, OP1, ALICE, FEE);
		}
		run_to(3);
		for job in 0..5 {
			assert_eq!(settle(job), Settlement::Wait);
		}
		HookBudget::set(Weight::MAX);
		run_to(4);
		for job in 0..5 {
			match Audits::<Test>::get(job) {
				Some(_) => assert_eq!(concluded(job), None),
				None => assert_eq!(concluded(job), Some(Settlement::Pay(Perbill::one()))),
			}
		}
		assert!((0..5).any(|j| concluded(j).is_some()));
	});
}

// ---- commit and reveal ----

#[test]
fn commit_failures() {
	ExtBuilder::build_and_execute(|| {
		let spot = audited_job();
		let stranger = *OPS.iter().find(|o| **o != spot && **o != OP1).unwrap();
		let c = [1u8; 32];
		assert_noop!(PoQ::commit(RuntimeOrigin::signed(ALICE), 0, c), Error::<Test>::NotAWorker);
		assert_noop!(
			PoQ::commit(RuntimeOrigin::signed(worker(spot)), 9, c),
			Error::<Test>::NoOpenRound
		);
		assert_noop!(
			PoQ::commit(RuntimeOrigin::signed(worker(stranger)), 0, c),
			Error::<Test>::NotAVerifier
		);
		assert_noop!(
			PoQ::commit(RuntimeOrigin::signed(worker(OP1)), 0, c),
			Error::<Test>::NotAVerifier
		);
		// The operator's own account is not its worker key.
		assert_noop!(PoQ::commit(RuntimeOrigin::signed(spot), 0, c), Error::<Test>::NotAWorker);
		assert_ok!(commit(0, spot, 100));
		assert!(events().contains(&Event::Committed { job: 0, verifier: spot }));
		assert_noop!(commit(0, spot, 100), Error::<Test>::AlreadyCommitted);
		assert_noop!(PoQ::commit(RuntimeOrigin::none(), 0, c), DispatchError::BadOrigin);
	});
}

#[test]
fn commits_close_with_the_commit_period() {
	ExtBuilder::build_and_execute(|| {
		let spot = audited_job();
		run_to(7);
		assert_noop!(commit(0, spot, 100), Error::<Test>::CommitClosed);
	});
}

#[test]
fn reveal_failures() {
	ExtBuilder::build_and_execute(|| {
		Params::mutate(|p| p.audit_verifiers = 2);
		answered(0, OP1, ALICE, FEE);
		run_to(3);
		let [a, b] = members(0)[..] else { panic!("two verifiers") };
		assert_noop!(reveal(0, a, 100), Error::<Test>::NotCommitted);
		assert_ok!(commit(0, a, 100));
		// Reveals open once every verifier committed (or the commit period is over).
		assert_noop!(reveal(0, a, 100), Error::<Test>::RevealNotOpen);
		assert_ok!(commit(0, b, 90));
		assert_noop!(reveal(0, a, 99), Error::<Test>::BadReveal);
		assert_noop!(
			PoQ::reveal(RuntimeOrigin::signed(worker(a)), 0, 100, [8; 32]).map_err(|e| e.error),
			Error::<Test>::BadReveal
		);
		assert_noop!(reveal(0, a, 101), Error::<Test>::ScoreAbove100);
		assert_ok!(reveal(0, a, 100));
		assert!(events().contains(&Event::Revealed { job: 0, verifier: a, score: 100 }));
		assert_noop!(reveal(0, a, 100), Error::<Test>::AlreadyRevealed);
		run_to(10);
		// The round is over: b never revealed.
		assert_noop!(reveal(0, b, 90), Error::<Test>::NoOpenRound);
	});
}

#[test]
fn reveals_open_when_the_commit_period_ends_and_close_with_the_reveal_period() {
	ExtBuilder::build_and_execute(|| {
		Params::mutate(|p| p.audit_verifiers = 2);
		answered(0, OP1, ALICE, FEE);
		run_to(3);
		let [a, _b] = members(0)[..] else { panic!("two verifiers") };
		assert_ok!(commit(0, a, 100));
		run_to(6);
		assert_noop!(reveal(0, a, 100), Error::<Test>::RevealNotOpen);
		run_to(7);
		assert_ok!(reveal(0, a, 100));
		// A commitment cannot be replayed in another round: the round number is in it.
		assert_ne!(PoQ::commitment(0, 0, &a, 100, &SALT), PoQ::commitment(0, 1, &a, 100, &SALT));
		assert_ne!(PoQ::commitment(0, 0, &a, 100, &SALT), PoQ::commitment(0, 0, &OP1, 100, &SALT));
	});
}

#[test]
fn commits_and_reveals_are_feeless_only_when_they_would_be_accepted() {
	use frame_support::dispatch::{CheckIfFeeless, GetDispatchInfo};
	ExtBuilder::build_and_execute(|| {
		let spot = audited_job();
		let c = PoQ::commitment(0, 0, &spot, 100, &SALT);
		let commit_call = RuntimeCall::PoQ(Call::commit { job: 0, commitment: c });
		let reveal_call = RuntimeCall::PoQ(Call::reveal { job: 0, score: 100, salt: SALT });
		assert!(commit_call.is_feeless(&RuntimeOrigin::signed(worker(spot))));
		assert!(!commit_call.is_feeless(&RuntimeOrigin::signed(worker(OP1))));
		assert!(!commit_call.is_feeless(&RuntimeOrigin::signed(ALICE)));
		assert!(!reveal_call.is_feeless(&RuntimeOrigin::signed(worker(spot))));
		assert_ok!(commit(0, spot, 100));
		assert!(!commit_call.is_feeless(&RuntimeOrigin::signed(worker(spot))));
		assert!(reveal_call.is_feeless(&RuntimeOrigin::signed(worker(spot))));
		let wrong = RuntimeCall::PoQ(Call::reveal { job: 0, score: 99, salt: SALT });
		assert!(!wrong.is_feeless(&RuntimeOrigin::signed(worker(spot))));
		let _ = reveal_call.get_dispatch_info();
	});
}

// ---- verdicts ----

#[test]
fn a_good_spot_check_passes_the_job_and_pays_its_verifier_from_the_treasury() {
	ExtBuilder::build_and_execute(|| {
		let spot = audited_job();
		assert_eq!(settle(0), Settlement::Wait, "the audit is in progress");
		let (verifier, treasury) = (free(spot), free(TREASURY));
		verify(0, |_| 100);
		// The last reveal reaches the verdict at once, and the waiting job is paid.
		assert!(Audits::<Test>::get(0).is_none());
		assert_eq!(concluded(0), Some(Settlement::Pay(Perbill::one())));
		assert_eq!(free(spot), verifier + FEE);
		assert_eq!(free(TREASURY), treasury - FEE);
		assert!(events().contains(&Event::Passed {
			job: 0,
			provider: OP1,
			score: 100,
			share: Perbill::one()
		}));
		assert_eq!(MockStaking::reputation(&OP1), Perbill::one());
		// The round's verdict timer finds nothing left to do.
		run_to(12);
		assert_eq!(bond(OP1), BOND);
	});
}
use dgrid_primitives::Reputation as _;

#[test]
fn a_verdict_before_the_challenge_period_ends_waits_for_the_settlement() {
	ExtBuilder::build_and_execute(|| {
		audited_job();
		verify(0, |_| 100);
		// The market was not waiting: the verdict is kept for its settlement, given once.
		assert!(Audits::<Test>::get(0).is_some());
		assert_eq!(concluded(0), None);
		let a = Audits::<Test>::get(0).unwrap();
		assert_eq!(a.outcome, Some(Outcome::Passed { score: 100, share: Perbill::one() }));
		// `settle` leaves the answer with the job.
		assert_eq!(settle(0), Settlement::Pay(Perbill::one()));
		assert!(Audits::<Test>::get(0).is_none());
	});
}

/// Job 0 audited; the spot check scores `spot_score`; a committee of 3 is drawn next block.
/// Returns the spot checker and the committee.
fn committee_called(spot_score: u8) -> (u64, Vec<u64>) {
	let spot = audited_job();
	verify(0, |_| spot_score);
	assert!(events().contains(&Event::CommitteeCalled { job: 0, score: Some(spot_score) }));
	let a = Audits::<Test>::get(0).unwrap();
	assert_eq!(a.next, Some(RoundKind::Committee));
	assert_eq!(a.earlier.len(), 1);
	run_to(4);
	let r = round(0);
	assert_eq!((r.kind, r.number, r.commit_end, r.reveal_end), (RoundKind::Committee, 1, 7, 10));
	let committee = members(0);
	assert_eq!(committee.len(), 3);
	assert!(!committee.contains(&OP1));
	assert!(!committee.contains(&spot), "the committee judges the spot checker: not on it");
	(spot, committee)
}

#[test]
fn a_failed_audit_refunds_the_user_and_slashes_the_provider() {
	ExtBuilder::build_and_execute(|| {
		let (spot, committee) = committee_called(5);
		let alice = free(ALICE);
		let mut judges: Vec<u64> = committee.clone();
		judges.push(spot);
		verify(0, |_| 10);
		// Nobody is slashed yet: a panel of verifiers who have not judged the job confirms.
		assert_eq!(bond(OP1), BOND);
		let panel = confirmed(10);
		// 6 operators: the provider, the spot checker, 3 on the committee, 1 left.
		assert_eq!(panel.len(), 1);
		assert!(!judges.contains(&panel[0]));
		judges.extend(panel);
		assert_eq!(bond(OP1), BOND);
		assert_eq!(settle(0), Settlement::Wait);
		appeal_lapses();
		assert_eq!(concluded(0), Some(Settlement::Refund));
		// Slash: 50 × 1,000 collateral + 10 % of the 100,000 bond = 60,000.
		let slashed = 60_000;
		assert_eq!(bond(OP1), BOND - slashed);
		// 20 % to the user, 30 % to the 5 verifiers, 50 % burnt.
		assert_eq!(free(ALICE), alice + 12_000);
		let each = 18_000 / 5;
		for v in &judges {
			assert!(events().contains(&Event::VerifierRewarded {
				job: 0,
				verifier: *v,
				amount: each
			}));
		}
		assert!(events().contains(&Event::Failed {
			job: 0,
			provider: OP1,
			score: 10,
			slashed,
			to_user: 12_000,
			to_verifiers: 5 * each,
			burnt: slashed - 12_000 - 5 * each,
		}));
		assert_eq!(MockStaking::reputation(&OP1), Perbill::zero());
		// Nothing is left in the pot.
		assert_eq!(free(PoQ::account_id()), 0);
	});
}

#[test]
fn a_confirmation_panel_can_clear_the_provider() {
	ExtBuilder::build_and_execute(|| {
		let (_, committee) = committee_called(5);
		verify(0, |_| 10);
		confirmed(100);
		assert_eq!(bond(OP1), BOND);
		assert_eq!(settle(0), Settlement::Pay(Perbill::one()));
		// The committee, 90 points off, was clipped.
		for v in committee {
			assert_eq!(MockStaking::reputation(&v), Perbill::zero());
		}
	});
}

#[test]
fn a_mediocre_answer_is_paid_pro_rata() {
	ExtBuilder::build_and_execute(|| {
		committee_called(30);
		verify(0, |_| 40);
		// 40 of a threshold of 50: 80 % of the fee.
		assert!(events().contains(&Event::Passed {
			job: 0,
			provider: OP1,
			score: 40,
			share: Perbill::from_percent(80)
		}));
		assert_eq!(settle(0), Settlement::Pay(Perbill::from_percent(80)));
		assert_eq!(bond(OP1), BOND);
	});
}

#[test]
fn the_committee_overrules_a_lying_spot_checker_who_is_clipped() {
	ExtBuilder::build_and_execute(|| {
		let (spot, committee) = committee_called(0);
		let spot_before = free(spot);
		verify(0, |_| 100);
		assert_eq!(settle(0), Settlement::Pay(Perbill::one()));
		if !committee.contains(&spot) {
			assert!(events().contains(&Event::Clipped {
				job: 0,
				verifier: spot,
				score: 0,
				median: 100
			}));
			assert_eq!(free(spot), spot_before, "no reward for the outlier");
			assert_eq!(MockStaking::reputation(&spot), Perbill::zero(), "and a zero observation");
		}
		for v in committee {
			assert_eq!(MockStaking::reputation(&v), Perbill::one());
		}
		assert_eq!(bond(OP1), BOND);
	});
}

#[test]
fn the_stake_weighted_median_decides() {
	assert_eq!(PoQ::weighted_median(&[]), None);
	assert_eq!(PoQ::weighted_median(&[(40, 1)]), Some(40));
	assert_eq!(PoQ::weighted_median(&[(10, 1), (90, 1), (50, 1)]), Some(50));
	// The big staker's score wins.
	assert_eq!(PoQ::weighted_median(&[(10, 1), (90, 5), (50, 1)]), Some(90));
	// A tie of stake goes to the higher score: failing needs a strict majority.
	assert_eq!(PoQ::weighted_median(&[(10, 2), (90, 2)]), Some(90));
	assert_eq!(PoQ::weighted_median(&[(10, 3), (90, 2)]), Some(10));
	// Zero stake still counts as one.
	assert_eq!(PoQ::weighted_median(&[(10, 0), (90, 0), (95, 0)]), Some(90));
}

#[test]
fn a_committed_verifier_that_does_not_reveal_is_penalized() {
	ExtBuilder::build_and_execute(|| {
		Params::mutate(|p| p.audit_verifiers = 2);
		answered(0, OP1, ALICE, FEE);
		run_to(3);
		let [a, b] = members(0)[..] else { panic!("two verifiers") };
		assert_ok!(commit(0, a, 100));
		assert_ok!(commit(0, b, 100));
		assert_ok!(reveal(0, a, 100));
		let treasury = free(TREASURY);
		// The verdict comes at the start of the block after the reveal period.
		run_to(9);
		assert!(Audits::<Test>::get(0).unwrap().round.is_some());
		run_to(10);
		// 0.1 % of its bond to the treasury, and a zero reputation observation.
		assert_eq!(bond(b), BOND - 100);
		assert_eq!(MockStaking::reputation(&b), Perbill::zero());
		assert!(events().contains(&Event::NonRevealPenalized {
			job: 0,
			verifier: b,
			slashed: 100
		}));
		// a's score passes the job; a is paid by the treasury.
		assert_eq!(free(TREASURY), treasury + 100 - FEE);
		assert_eq!(settle(0), Settlement::Pay(Perbill::one()));
		assert_eq!(bond(a), BOND);
	});
}

#[test]
fn a_silent_spot_check_calls_the_committee() {
	ExtBuilder::build_and_execute(|| {
		let spot = audited_job();
		run_to(10);
		assert_eq!(bond(spot), BOND - 100);
		assert!(events().contains(&Event::CommitteeCalled { job: 0, score: None }));
		run_to(11);
		assert_eq!(round(0).kind, RoundKind::Committee);
		verify(0, |_| 100);
		assert_eq!(settle(0), Settlement::Pay(Perbill::one()));
	});
}

#[test]
fn the_spot_checker_sits_on_the_committee_only_when_nobody_else_can() {
	ExtBuilder::build_and_execute(|| {
		Offerers::set([(0, vec![OP1, 20, 30])].into_iter().collect());
		let spot = audited_job();
		verify(0, |_| 0);
		run_to(4);
		let other = if spot == 20 { 30 } else { 20 };
		assert_eq!(members(0), vec![other]);
		verify(0, |_| 0);
		// Nobody is left for a confirmation panel: the two verifiers' scores decide.
		run_to(5);
		appeal_lapses();
		assert_eq!(settle(0), Settlement::Refund);
		// With only the spot checker left, it sits on the committee again.
		Offerers::set([(0, vec![OP1, spot])].into_iter().collect());
		let now = System::block_number();
		answered(1, OP1, BOB, FEE);
		run_to(now + 2);
		verify(1, |_| 0);
		run_to(now + 3);
		assert_eq!(members(1), vec![spot]);
	});
}

#[test]
fn a_silent_committee_leaves_the_spot_check_to_decide() {
	ExtBuilder::build_and_execute(|| {
		let (_, committee) = committee_called(10);
		run_to(11);
		for v in committee {
			assert_eq!(bond(v), BOND - 100, "silent committee member {v}");
		}
		// The spot check's 10 counts, and the confirmation panel agrees.
		assert_eq!(bond(OP1), BOND, "no slash on one verifier's word");
		confirmed(10);
		appeal_lapses();
		assert_eq!(settle(0), Settlement::Refund);
		assert_eq!(bond(OP1), BOND - 60_000);
	});
}

#[test]
fn slashing_more_than_the_bond_takes_the_bond() {
	ExtBuilder::build_and_execute(|| {
		Operators::mutate(|ops| ops.get_mut(&OP1).unwrap().0 = 20_000);
		committee_called(0);
		let alice = free(ALICE);
		verify(0, |_| 0);
		confirmed(0);
		appeal_lapses();
		// 50 × 1,000 + 10 % of 20,000 = 52,000 asked, 20,000 there.
		assert_eq!(bond(OP1), 0);
		assert_eq!(free(ALICE), alice + 4_000);
		let failed = events()
			.into_iter()
			.find_map(|e| match e {
				Event::Failed { slashed, to_user, to_verifiers, burnt, .. } => {
					Some((slashed, to_user, to_verifiers, burnt))
				},
				_ => None,
			})
			.unwrap();
		assert_eq!(failed.0, 20_000);
		assert_eq!(failed.0, failed.1 + failed.2 + failed.3);
		assert_eq!(settle(0), Settlement::Refund);
	});
}

// ---- disputes ----

/// Job 0 answered by OP1 for Alice at block 1 and drawn without audit (OP1 is seasoned and
/// the draw misses job 0 at block 3).
fn unaudited_job() {
	ResultsDrawn::<Test>::insert(OP1, 1_000);
	answered(0, OP1, ALICE, FEE);
	run_to(3);
	assert!(Audits::<Test>::get(0).is_none(), "job 0 not drawn for audit");
}

#[test]
fn dispute_failures() {
	ExtBuilder::build_and_execute(|| {
		assert_noop!(PoQ::dispute(RuntimeOrigin::signed(ALICE), 0), Error::<Test>::NotDisputable);
		unaudited_job();
		assert_noop!(
			PoQ::dispute(RuntimeOrigin::signed(OP1), 0),
			Error::<Test>::ProviderCannotDispute
		);
		assert_noop!(
			PoQ::dispute(RuntimeOrigin::signed(BOB), 0),
			Error::<Test>::NotEntitledToDispute
		);
		Operators::mutate(|ops| ops.get_mut(&20).unwrap().1 = false);
		assert_noop!(
			PoQ::dispute(RuntimeOrigin::signed(20), 0),
			Error::<Test>::NotEntitledToDispute
		);
		// Alice cannot hold a bond larger than her balance.
		Params::mutate(|p| p.dispute_bond_multiple = 10_000);
		assert_noop!(
			PoQ::dispute(RuntimeOrigin::signed(ALICE), 0),
			Error::<Test>::InsufficientBalance
		);
		Params::mutate(|p| p.dispute_bond_multiple = 5);
		assert_ok!(PoQ::dispute(RuntimeOrigin::signed(ALICE), 0));
		assert_noop!(PoQ::dispute(RuntimeOrigin::signed(30), 0), Error::<Test>::AlreadyDisputed);
	});
}

#[test]
fn a_dispute_after_the_challenge_period_is_refused() {
	ExtBuilder::build_and_execute(|| {
		unaudited_job();
		// Answered at block 1 with a 30-block challenge period: disputable through block 30.
		run_to(31);
		assert_noop!(PoQ::dispute(RuntimeOrigin::signed(ALICE), 0), Error::<Test>::NotDisputable);
		// And once the job is paid out, it is not visible at all.
		assert_eq!(settle(0), Settlement::Pay(Perbill::one()));
		run_to(30);
	});
}

#[test]
fn a_dispute_holds_a_bond_and_draws_a_panel_next_block() {
	ExtBuilder::build_and_execute(|| {
		unaudited_job();
		let alice = free(ALICE);
		assert_ok!(PoQ::dispute(RuntimeOrigin::signed(ALICE), 0));
		// 5 × 1,000 = 5,000, below the 8,000 minimum: the minimum.
		let bond = Params::get().min_dispute_bond;
		assert_eq!(dispute_bond_of(ALICE), bond);
		assert_eq!(free(ALICE), alice - bond);
		assert!(events().contains(&Event::DisputeOpened {
			dispute: 0,
			job: 0,
			challenger: ALICE,
			bond
		}));
		assert_eq!(settle(0), Settlement::Wait);
		run_to(4);
		let r = round(0);
		assert_eq!((r.kind, r.number), (RoundKind::Dispute, 0));
		assert_eq!(members(0).len(), 5);
		assert!(!members(0).contains(&OP1));
	});
}

/// A dispute of job 0 by operator 60 (so the panel is drawn from the 4 others).
fn disputed_by_operator() -> Balance {
	unaudited_job();
	Params::mutate(|p| p.min_dispute_bond = 0);
	assert_ok!(PoQ::dispute(RuntimeOrigin::signed(60), 0));
	run_to(4);
	let panel = members(0);
	assert_eq!(panel.len(), 4);
	assert!(!panel.contains(&60) && !panel.contains(&OP1));
	let bond = 5 * FEE;
	assert_eq!(dispute_bond_of(60), bond);
	bond
}

#[test]
fn a_dispute_the_panel_rejects_pays_the_bond_to_the_provider_and_the_panel() {
	ExtBuilder::build_and_execute(|| {
		let bond = disputed_by_operator();
		let panel = members(0);
		let (challenger, provider) = (free(60), free(OP1));
		let before: Vec<Balance> = panel.iter().map(|v| free(*v)).collect();
		verify(0, |_| 95);
		assert_eq!(dispute_bond_of(60), 0);
		assert_eq!(free(60), challenger);
		let each = bond / 2 / 4;
		assert_eq!(free(OP1), provider + bond - 4 * each);
		for (v, b) in panel.iter().zip(before) {
			assert_eq!(free(*v), b + each);
		}
		assert!(events().contains(&Event::DisputeResolved {
			dispute: 0,
			job: 0,
			verdict: Verdict::ProviderUpheld,
			by_jury: false
		}));
		assert!(Disputes::<Test>::get(0).is_none());
		assert_eq!(settle(0), Settlement::Pay(Perbill::one()));
	});
}

#[test]
fn a_dispute_the_panel_upholds_slashes_the_provider_and_rewards_the_challenger() {
	ExtBuilder::build_and_execute(|| {
		disputed_by_operator();
		let panel = members(0);
		let (challenger, alice) = (free(60), free(ALICE));
		let before: Vec<Balance> = panel.iter().map(|v| free(*v)).collect();
		verify(0, |_| 3);
		// Bond back; half of the verifiers' 30 % of the 60,000 slash.
		assert_eq!(dispute_bond_of(60), 0);
		assert_eq!(free(60), challenger + 5 * FEE + 9_000);
		assert_eq!(free(ALICE), alice + 12_000);
		for (v, b) in panel.iter().zip(before) {
			assert_eq!(free(*v), b + 9_000 / 4);
		}
		assert!(events().contains(&Event::DisputeResolved {
			dispute: 0,
			job: 0,
			verdict: Verdict::ProviderAtFault,
			by_jury: false
		}));
		assert_eq!(settle(0), Settlement::Refund);
	});
}

/// A dispute whose panel splits 2 against 2: escalated to the jury.
fn escalated() -> Vec<u64> {
	disputed_by_operator();
	let panel = members(0);
	let low: Vec<u64> = panel[..2].to_vec();
	verify(0, |v| if low.contains(&v) { 0 } else { 100 });
	assert!(events().contains(&Event::DisputeEscalated { dispute: 0, job: 0 }));
	assert_eq!(Disputes::<Test>::get(0).unwrap().status, DisputeStatus::Escalated);
	assert_eq!(settle(0), Settlement::Wait);
	low
}

#[test]
fn a_split_panel_escalates_and_the_jury_finds_the_provider_at_fault() {
	ExtBuilder::build_and_execute(|| {
		let low = escalated();
		assert_noop!(
			PoQ::rule(RuntimeOrigin::signed(ALICE), 0, Verdict::ProviderAtFault),
			DispatchError::BadOrigin
		);
		assert_noop!(
			PoQ::rule(RuntimeOrigin::root(), 7, Verdict::ProviderAtFault),
			Error::<Test>::UnknownDispute
		);
		let before: Vec<Balance> = low.iter().map(|v| free(*v)).collect();
		assert_ok!(PoQ::rule(RuntimeOrigin::root(), 0, Verdict::ProviderAtFault));
		// The panel members on the jury's side share the verifiers' part.
		for (v, b) in low.iter().zip(before) {
			assert_eq!(free(*v), b + 9_000 / 2);
		}
		assert!(events().contains(&Event::DisputeResolved {
			dispute: 0,
			job: 0,
			verdict: Verdict::ProviderAtFault,
			by_jury: true
		}));
		assert_eq!(concluded(0), Some(Settlement::Refund));
		assert_eq!(bond(OP1), BOND - 60_000);
		assert_noop!(
			PoQ::rule(RuntimeOrigin::root(), 0, Verdict::ProviderAtFault),
			Error::<Test>::UnknownDispute
		);
	});
}

#[test]
fn the_dao_rules_through_escalated_disputes() {
	ExtBuilder::build_and_execute(|| {
		unaudited_job();
		assert_ok!(PoQ::dispute(RuntimeOrigin::signed(ALICE), 0));
		assert_eq!(
			<PoQ as EscalatedDisputes>::rule(0, Verdict::ProviderUpheld),
			Err(dgrid_primitives::DisputeError::NotEscalated)
		);
		assert_eq!(
			<PoQ as EscalatedDisputes>::rule(5, Verdict::ProviderUpheld),
			Err(dgrid_primitives::DisputeError::UnknownDispute)
		);
		run_to(4);
		let panel = members(0);
		let low: Vec<u64> = panel[..2].to_vec();
		// 2 low, 3 high of equal stake: 60 % is not two thirds.
		verify(0, |v| if low.contains(&v) { 0 } else { 100 });
		assert_eq!(Disputes::<Test>::get(0).unwrap().status, DisputeStatus::Escalated);
		let (alice, provider) = (free(ALICE), free(OP1));
		let bond = dispute_bond_of(ALICE);
		assert_ok!(<PoQ as EscalatedDisputes>::rule(0, Verdict::ProviderUpheld));
		// Alice loses her bond: half to the provider, half to the 3 panel members who said so.
		assert_eq!(free(ALICE), alice);
		assert_eq!(dispute_bond_of(ALICE), 0);
		assert_eq!(free(OP1), provider + bond - 3 * (bond / 2 / 3));
		assert_eq!(settle(0), Settlement::Pay(Perbill::one()));
	});
}

#[test]
fn a_panel_where_nobody_reveals_escalates() {
	ExtBuilder::build_and_execute(|| {
		disputed_by_operator();
		run_to(11);
		assert_eq!(Disputes::<Test>::get(0).unwrap().status, DisputeStatus::Escalated);
	});
}

#[test]
fn a_dispute_during_an_audit_waits_for_it_and_its_panel_reviews_a_failure() {
	ExtBuilder::build_and_execute(|| {
		committee_called(0);
		let alice = free(ALICE);
		assert_ok!(PoQ::dispute(RuntimeOrigin::signed(ALICE), 0));
		let held = dispute_bond_of(ALICE);
		// The committee carries on; no panel yet.
		assert_eq!(round(0).kind, RoundKind::Committee);
		verify(0, |_| 0);
		confirmed(0);
		// The audit failed the job: no appeal period, the dispute's panel reviews it next
		// block. Everyone but the provider has judged the job: nobody is left to draw, so the
		// jury decides.
		let a = Audits::<Test>::get(0).unwrap();
		assert_eq!((a.appeal_ends, a.next), (None, Some(RoundKind::Dispute)));
		assert_eq!(bond(OP1), BOND);
		run_to(System::block_number() + 1);
		assert_eq!(Disputes::<Test>::get(0).unwrap().status, DisputeStatus::Escalated);
		assert_eq!(settle(0), Settlement::Wait);
		assert_ok!(PoQ::rule(RuntimeOrigin::root(), 0, Verdict::ProviderAtFault));
		assert_eq!(dispute_bond_of(ALICE), 0);
		// Alice: bond back, the user's 20 % and, as challenger, half of the 30 %.
		assert_eq!(free(ALICE), alice - held + held + 12_000 + 9_000);
		assert!(Disputes::<Test>::get(0).is_none());
		assert_eq!(concluded(0), Some(Settlement::Refund));
	});
}

#[test]
fn a_dispute_during_an_audit_that_passes_gets_its_panel() {
	ExtBuilder::build_and_execute(|| {
		let spot = audited_job();
		assert_ok!(PoQ::dispute(RuntimeOrigin::signed(ALICE), 0));
		verify(0, |_| 100);
		// The audit passed; the panel is drawn next block.
		let a = Audits::<Test>::get(0).unwrap();
		assert_eq!(a.next, Some(RoundKind::Dispute));
		assert_eq!(settle(0), Settlement::Wait);
		let _ = spot;
		run_to(4);
		assert_eq!(round(0).kind, RoundKind::Dispute);
		assert_eq!(round(0).number, 1);
		verify(0, |_| 100);
		assert_eq!(settle(0), Settlement::Pay(Perbill::one()));
		assert_eq!(dispute_bond_of(ALICE), 0);
	});
}

#[test]
fn a_failed_job_cannot_be_disputed() {
	ExtBuilder::build_and_execute(|| {
		committee_called(0);
		verify(0, |_| 0);
		confirmed(0);
		assert_noop!(PoQ::dispute(RuntimeOrigin::signed(ALICE), 0), Error::<Test>::AlreadyFailed);
	});
}

#[test]
fn try_state_catches_a_bond_out_of_step() {
	ExtBuilder::build().execute_with(|| {
		unaudited_job();
		assert_ok!(PoQ::dispute(RuntimeOrigin::signed(ALICE), 0));
		assert_ok!(PoQ::do_try_state());
		Disputes::<Test>::mutate(0, |d| d.as_mut().unwrap().bond += 1);
		assert!(PoQ::do_try_state().is_err());
	});
}

// ---- appeals ----

/// Nine more operators offering model 0 (70 to 150): room for an appeal's fresh panel.
fn more_operators() {
	let more: Vec<u64> = (7..=15).map(|i| i * 10).collect();
	Operators::mutate(|ops| {
		for op in &more {
			ops.insert(*op, (BOND, true, Perbill::one(), worker(*op)));
		}
	});
	Offerers::mutate(|o| o.get_mut(&0).unwrap().extend(more.iter().copied()));
}

/// Job 0 failed by its spot check, committee and confirmation panel (all scoring 10), among
/// 15 operators: waiting for OP1's appeal. Returns the 9 verifiers who judged it.
fn failed_awaiting_appeal() -> Vec<u64> {
	more_operators();
	let (spot, mut judges) = committee_called(10);
	judges.push(spot);
	verify(0, |_| 10);
	judges.extend(confirmed(10));
	assert_eq!(judges.len(), 9);
	let a = Audits::<Test>::get(0).unwrap();
	assert_eq!(a.outcome, Some(Outcome::Failed { score: 10 }));
	assert_eq!(a.appeal_ends, Some(System::block_number() + Params::get().appeal_period));
	judges
}

/// OP1 appeals job 0; its panel is drawn next block among the operators who have not judged
/// the job. Returns the panel and the bond.
fn appealed(judges: &[u64]) -> (Vec<u64>, Balance) {
	let provider = free(OP1);
	assert_ok!(PoQ::appeal(RuntimeOrigin::signed(OP1), 0));
	// 5 × 1,000, at least the 8,000 minimum.
	let bond = 8_000;
	assert_eq!(dispute_bond_of(OP1), bond);
	assert_eq!(free(OP1), provider - bond);
	let d = Disputes::<Test>::get(0).unwrap();
	assert_eq!(
		(d.challenger, d.kind, d.bond, d.status),
		(OP1, DisputeKind::Appeal, bond, DisputeStatus::Open)
	);
	assert!(events().contains(&Event::DisputeOpened { dispute: 0, job: 0, challenger: OP1, bond }));
	assert_eq!(Audits::<Test>::get(0).unwrap().appeal_ends, None);
	assert_eq!(settle(0), Settlement::Wait);
	run_to(System::block_number() + 1);
	assert_eq!(round(0).kind, RoundKind::Dispute);
	let panel = members(0);
	assert_eq!(panel.len(), 5);
	assert!(panel.iter().all(|v| *v != OP1 && !judges.contains(v)), "a fresh panel");
	(panel, bond)
}

#[test]
fn an_upheld_appeal_pays_the_provider_and_clips_who_failed_it() {
	ExtBuilder::build_and_execute(|| {
		let judges = failed_awaiting_appeal();
		let provider = free(OP1);
		let (panel, _) = appealed(&judges);
		let treasury = free(TREASURY);
		let before: Vec<Balance> = panel.iter().map(|v| free(*v)).collect();
		verify(0, |_| 100);
		// Upheld: the bond back, no slash, the job paid in full.
		assert_eq!(dispute_bond_of(OP1), 0);
		assert_eq!(free(OP1), provider);
		assert_eq!(bond(OP1), BOND);
		assert!(!events().iter().any(|e| matches!(e, Event::Failed { .. })));
		assert!(events().contains(&Event::DisputeResolved {
			dispute: 0,
			job: 0,
			verdict: Verdict::ProviderUpheld,
			by_jury: false
		}));
		assert_eq!(concluded(0), Some(Settlement::Pay(Perbill::one())));
		assert_eq!(MockStaking::reputation(&OP1), Perbill::one());
		// The panel is paid by the treasury as for a passed audit; the 9 who failed the
		// answer are clipped.
		for (v, b) in panel.iter().zip(before) {
			assert_eq!(free(*v), b + FEE);
		}
		assert_eq!(free(TREASURY), treasury - 5 * FEE);
		for v in &judges {
			assert!(events().contains(&Event::Clipped {
				job: 0,
				verifier: *v,
				score: 10,
				median: 100
			}));
		}
		assert!(Disputes::<Test>::get(0).is_none());
	});
}

#[test]
fn a_rejected_appeal_slashes_the_provider_and_its_bond_pays_the_user_and_the_panel() {
	ExtBuilder::build_and_execute(|| {
		let judges = failed_awaiting_appeal();
		let (panel, held) = appealed(&judges);
		let (alice, provider) = (free(ALICE), free(OP1));
		verify(0, |_| 0);
		assert_eq!(dispute_bond_of(OP1), 0);
		// The bond is gone; the slash is taken from the provider's account.
		assert_eq!(free(OP1), provider - 60_000);
		// The slash as for a failed audit: 60,000, 20 % to Alice, 30 % to the 14 verifiers
		// (the judges' 10 is within 25 of the panel's 0), nothing to a challenger.
		assert_eq!(bond(OP1), BOND - 60_000);
		let each = 18_000 / 14;
		// The bond: half to the 14 verifiers, the rest to Alice.
		let bond_each = held / 2 / 14;
		assert_eq!(free(ALICE), alice + 12_000 + held - 14 * bond_each);
		for v in judges.iter().chain(&panel) {
			assert!(events().contains(&Event::VerifierRewarded {
				job: 0,
				verifier: *v,
				amount: each
			}));
			assert!(events().contains(&Event::VerifierRewarded {
				job: 0,
				verifier: *v,
				amount: bond_each
			}));
		}
		assert!(events().contains(&Event::DisputeResolved {
			dispute: 0,
			job: 0,
			verdict: Verdict::ProviderAtFault,
			by_jury: false
		}));
		// The market was waiting (`appealed` asked): the refund is given now.
		assert_eq!(concluded(0), Some(Settlement::Refund));
		assert_eq!(MockStaking::reputation(&OP1), Perbill::zero());
	});
}

#[test]
fn a_split_appeal_panel_escalates_and_the_jury_upholds_the_provider() {
	ExtBuilder::build_and_execute(|| {
		let judges = failed_awaiting_appeal();
		let (panel, _) = appealed(&judges);
		let high: Vec<u64> = panel[..3].to_vec();
		// 3 of 5 of equal stake: 60 % is not two thirds.
		verify(0, |v| if high.contains(&v) { 100 } else { 0 });
		assert_eq!(Disputes::<Test>::get(0).unwrap().status, DisputeStatus::Escalated);
		assert_eq!(settle(0), Settlement::Wait);
		let provider = free(OP1);
		let before: Vec<Balance> = high.iter().map(|v| free(*v)).collect();
		assert_ok!(PoQ::rule(RuntimeOrigin::root(), 0, Verdict::ProviderUpheld));
		assert_eq!(free(OP1), provider + 8_000);
		assert_eq!(bond(OP1), BOND);
		// The treasury pays the panel members on the jury's side.
		for (v, b) in high.iter().zip(before) {
			assert_eq!(free(*v), b + FEE);
		}
		assert_eq!(concluded(0), Some(Settlement::Pay(Perbill::one())));
	});
}

#[test]
fn appeal_failures() {
	ExtBuilder::build_and_execute(|| {
		let appeal = |who: u64| PoQ::appeal(RuntimeOrigin::signed(who), 0);
		assert_noop!(appeal(OP1), Error::<Test>::NotAppealable);
		more_operators();
		committee_called(10);
		// A round in progress: nothing to appeal yet.
		assert_noop!(appeal(OP1), Error::<Test>::NotAppealable);
		verify(0, |_| 10);
		confirmed(10);
		// Only the provider.
		assert_noop!(appeal(ALICE), Error::<Test>::NotAppealable);
		assert_noop!(appeal(20), Error::<Test>::NotAppealable);
		// A bond the provider cannot hold.
		let p = Params::get();
		Params::set(ProtocolParameters { min_dispute_bond: 2 * ENDOWMENT, ..p });
		assert_noop!(appeal(OP1), Error::<Test>::InsufficientBalance);
		Params::set(p);
		// A failed job's owner cannot dispute it meanwhile.
		assert_noop!(PoQ::dispute(RuntimeOrigin::signed(ALICE), 0), Error::<Test>::AlreadyFailed);
		// After the period, the verdict is final.
		let ends = Audits::<Test>::get(0).unwrap().appeal_ends.unwrap();
		run_to(ends);
		assert_ok!(appeal(OP1));
		assert_noop!(appeal(OP1), Error::<Test>::NotAppealable);
		assert_eq!(dispute_bond_of(OP1), 8_000);
	});
}

#[test]
fn an_appeal_too_late_is_refused_and_the_verdict_stands() {
	ExtBuilder::build_and_execute(|| {
		more_operators();
		committee_called(10);
		verify(0, |_| 10);
		confirmed(10);
		let ends = Audits::<Test>::get(0).unwrap().appeal_ends.unwrap();
		run_to(ends + 1);
		assert_noop!(PoQ::appeal(RuntimeOrigin::signed(OP1), 0), Error::<Test>::NotAppealable);
		assert_eq!(bond(OP1), BOND - 60_000);
		assert_eq!(settle(0), Settlement::Refund);
	});
}

#[test]
fn without_an_appeal_period_a_failed_audit_is_final_at_once() {
	ExtBuilder::build_and_execute(|| {
		Params::mutate(|p| p.appeal_period = 0);
		more_operators();
		committee_called(10);
		verify(0, |_| 10);
		confirmed(10);
		assert_eq!(Audits::<Test>::get(0).unwrap().appeal_ends, None);
		assert_eq!(bond(OP1), BOND - 60_000);
		assert!(!events().iter().any(|e| matches!(e, Event::AwaitingAppeal { .. })));
		assert_eq!(settle(0), Settlement::Refund);
	});
}

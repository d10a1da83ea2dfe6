//! Tests of verdicts.

use super::*;

#[test]
fn a_good_spot_check_passes_the_job_and_pays_its_verifier_out_of_the_job() {
	ExtBuilder::default().build_and_execute(|| {
		let spot = audited_job();
		assert_eq!(settle(0), Settlement::Wait, "the audit is in progress");
		let (verifier, treasury, alice) = (free(spot), free(TREASURY), free(ALICE));
		verify(0, |_| 100);
		// The last reveal reaches the verdict at once, and the waiting job is paid.
		assert!(Reviews::<Test>::get(0).is_none());
		assert_eq!(concluded(0), Some(Settlement::Pay(Perbill::one())));
		// The verification fee (half the job's fee) comes out of the job, not the treasury.
		assert_eq!(free(spot), verifier + FEE / 2);
		assert_eq!(free(ALICE), alice - FEE / 2);
		assert_eq!(free(TREASURY), treasury);
		assert!(events().contains(&Event::VerifierRewarded {
			job: 0,
			verifier: spot,
			amount: FEE / 2
		}));
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
	ExtBuilder::default().build_and_execute(|| {
		audited_job();
		verify(0, |_| 100);
		// The market was not waiting: the verdict is kept for its settlement, given once.
		assert!(Reviews::<Test>::get(0).is_some());
		assert_eq!(concluded(0), None);
		assert_eq!(
			phase(0),
			Phase::Concluded(Verdict::Passed { score: 100, share: Perbill::one() })
		);
		// `settle` leaves the answer with the job.
		assert_eq!(settle(0), Settlement::Pay(Perbill::one()));
		assert!(Reviews::<Test>::get(0).is_none());
	});
}

#[test]
fn a_failed_audit_refunds_the_user_and_slashes_the_provider() {
	ExtBuilder::default().build_and_execute(|| {
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
	ExtBuilder::default().build_and_execute(|| {
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
	ExtBuilder::default().build_and_execute(|| {
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
	ExtBuilder::default().build_and_execute(|| {
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
	ExtBuilder::default().params(|p| p.audit_verifiers = 2).build_and_execute(|| {
		answered(0, OP1, ALICE, FEE);
		run_to(3);
		let [a, b] = members(0)[..] else { panic!("two verifiers") };
		assert_ok!(commit(0, a, 100));
		assert_ok!(commit(0, b, 100));
		assert_ok!(reveal(0, a, 100));
		let treasury = free(TREASURY);
		// The verdict comes at the start of the block after the reveal period.
		run_to(9);
		assert!(matches!(phase(0), Phase::Voting { .. }));
		run_to(10);
		// 0.1 % of its bond to the treasury, and a zero reputation observation.
		assert_eq!(bond(b), BOND - 100);
		assert_eq!(MockStaking::reputation(&b), Perbill::zero());
		assert!(events().contains(&Event::NonRevealPenalized {
			job: 0,
			verifier: b,
			slashed: 100
		}));
		// a's score passes the job; a is paid out of the job.
		assert_eq!(free(TREASURY), treasury + 100);
		assert!(events().contains(&Event::VerifierRewarded {
			job: 0,
			verifier: a,
			amount: FEE / 2
		}));
		assert_eq!(settle(0), Settlement::Pay(Perbill::one()));
		assert_eq!(bond(a), BOND);
	});
}

#[test]
fn a_silent_spot_check_calls_the_committee() {
	ExtBuilder::default().build_and_execute(|| {
		let spot = audited_job();
		run_to(10);
		assert_eq!(bond(spot), BOND - 100);
		assert!(events().contains(&Event::CommitteeCalled { job: 0, score: None }));
		run_to(10 + DRAW);
		assert_eq!(round(0).kind, RoundKind::Committee);
		verify(0, |_| 100);
		assert_eq!(settle(0), Settlement::Pay(Perbill::one()));
	});
}

#[test]
fn the_spot_checker_sits_on_the_committee_only_when_nobody_else_can() {
	ExtBuilder::default().build_and_execute(|| {
		Offerers::set([(0, vec![OP1, 20, 30])].into_iter().collect());
		let spot = audited_job();
		verify(0, |_| 0);
		run_to(3 + DRAW);
		let other = if spot == 20 { 30 } else { 20 };
		assert_eq!(members(0), vec![other]);
		verify(0, |_| 0);
		// Nobody is left for a confirmation panel: the two verifiers' scores decide.
		run_to(3 + 2 * DRAW);
		appeal_lapses();
		assert_eq!(settle(0), Settlement::Refund);
		// With only the spot checker left, it sits on the committee again.
		Offerers::set([(0, vec![OP1, spot])].into_iter().collect());
		let now = System::block_number();
		answered(1, OP1, BOB, FEE);
		run_to(now + 2);
		verify(1, |_| 0);
		run_to(now + 2 + DRAW);
		assert_eq!(members(1), vec![spot]);
	});
}

#[test]
fn a_silent_committee_leaves_the_spot_check_to_decide() {
	ExtBuilder::default().build_and_execute(|| {
		let (_, committee) = committee_called(10);
		// The committee reveals until block 11: nobody does.
		run_to(12);
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
	ExtBuilder::default().build_and_execute(|| {
		Operators::mutate(|ops| ops.get_mut(&OP1).unwrap().bond = 20_000);
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

/// An answer nobody verified passes (its user chose the model), but earns its provider no
/// reputation: a verdict without a revealed score says nothing of the answer.
#[test]
fn an_answer_nobody_verifies_passes_without_reputation() {
	ExtBuilder::default().build_and_execute(|| {
		audited_job();
		Operators::mutate(|ops| ops.get_mut(&OP1).unwrap().reputation = Perbill::from_percent(50));
		// The spot checker is silent; so is the committee.
		run_to(10 + DRAW);
		assert_eq!(round(0).kind, RoundKind::Committee);
		let end = round(0).reveal_end;
		run_to(end + 1);
		assert!(events().contains(&Event::Passed {
			job: 0,
			provider: OP1,
			score: 100,
			share: Perbill::one()
		}));
		assert_eq!(MockStaking::reputation(&OP1), Perbill::from_percent(50));
		assert_eq!(settle(0), Settlement::Pay(Perbill::one()));
	});
}

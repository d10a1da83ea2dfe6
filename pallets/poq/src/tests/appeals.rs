//! Tests of appeals.

use super::*;

#[test]
fn an_upheld_appeal_pays_the_provider_and_clips_who_failed_it() {
	ExtBuilder::default().build_and_execute(|| {
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
			ruling: Ruling::ProviderUpheld,
			by_jury: false
		}));
		assert_eq!(concluded(0), Some(Settlement::Pay(Perbill::one())));
		assert_eq!(MockStaking::reputation(&OP1), Perbill::one());
		// The panel shares the job's verification fee (half the fee), as for a passed audit,
		// paid by the job's user, not the treasury; the 9 who failed the answer are clipped.
		for (v, b) in panel.iter().zip(before) {
			assert_eq!(free(*v), b + FEE / 2 / 5);
		}
		assert_eq!(free(TREASURY), treasury);
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
	ExtBuilder::default().build_and_execute(|| {
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
			ruling: Ruling::ProviderAtFault,
			by_jury: false
		}));
		// The market was waiting (`appealed` asked): the refund is given now.
		assert_eq!(concluded(0), Some(Settlement::Refund));
		assert_eq!(MockStaking::reputation(&OP1), Perbill::zero());
	});
}

#[test]
fn a_split_appeal_panel_escalates_and_the_jury_upholds_the_provider() {
	ExtBuilder::default().build_and_execute(|| {
		let judges = failed_awaiting_appeal();
		let (panel, _) = appealed(&judges);
		let high: Vec<u64> = panel[..3].to_vec();
		// 3 of 5 of equal stake: 60 % is not two thirds.
		verify(0, |v| if high.contains(&v) { 100 } else { 0 });
		assert!(escalated_review(0));
		assert_eq!(settle(0), Settlement::Wait);
		let provider = free(OP1);
		let before: Vec<Balance> = high.iter().map(|v| free(*v)).collect();
		assert_ok!(PoQ::rule(RuntimeOrigin::root(), 0, Ruling::ProviderUpheld));
		assert_eq!(free(OP1), provider + 8_000);
		assert_eq!(bond(OP1), BOND);
		// The panel members on the jury's side share the job's verification fee.
		for (v, b) in high.iter().zip(before) {
			assert_eq!(free(*v), b + FEE / 2 / 3);
		}
		assert_eq!(concluded(0), Some(Settlement::Pay(Perbill::one())));
	});
}

#[test]
fn appeal_failures() {
	ExtBuilder::default().build_and_execute(|| {
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
		let (_, ends) = appealable(0).unwrap();
		run_to(ends);
		assert_ok!(appeal(OP1));
		assert_noop!(appeal(OP1), Error::<Test>::NotAppealable);
		assert_eq!(dispute_bond_of(OP1), 8_000);
	});
}

#[test]
fn an_appeal_too_late_is_refused_and_the_verdict_stands() {
	ExtBuilder::default().build_and_execute(|| {
		more_operators();
		committee_called(10);
		verify(0, |_| 10);
		confirmed(10);
		let (_, ends) = appealable(0).unwrap();
		run_to(ends + 1);
		assert_noop!(PoQ::appeal(RuntimeOrigin::signed(OP1), 0), Error::<Test>::NotAppealable);
		assert_eq!(bond(OP1), BOND - 60_000);
		assert_eq!(settle(0), Settlement::Refund);
	});
}

#[test]
fn without_an_appeal_period_a_failed_audit_is_final_at_once() {
	ExtBuilder::default().params(|p| p.appeal_period = 0).build_and_execute(|| {
		more_operators();
		committee_called(10);
		verify(0, |_| 10);
		confirmed(10);
		assert_eq!(appealable(0), None);
		assert_eq!(bond(OP1), BOND - 60_000);
		assert!(!events().iter().any(|e| matches!(e, Event::AwaitingAppeal { .. })));
		assert_eq!(settle(0), Settlement::Refund);
	});
}

/// Slash evasion by appeal: a provider whose appeal splits its panel and reaches a jury that
/// never rules is slashed when the jury's period ends, as for the audit it appealed.
#[test]
fn a_jury_that_does_not_rule_in_time_makes_an_appealed_failure_final() {
	ExtBuilder::default().build_and_execute(|| {
		let judges = failed_awaiting_appeal();
		let (panel, _) = appealed(&judges);
		let high: Vec<u64> = panel[..3].to_vec();
		verify(0, |v| if high.contains(&v) { 100 } else { 0 });
		let ends = jury_ends(0).expect("escalated");
		assert_eq!(ends, System::block_number() + Params::get().jury_period);
		let (provider, alice) = (free(OP1), free(ALICE));
		run_to(ends + 1);
		assert!(events().contains(&Event::JuryLapsed {
			dispute: 0,
			job: 0,
			ruling: Ruling::ProviderAtFault
		}));
		// Slashed: the collateral and a tenth of the bond; the appeal bond lost.
		let slashed = 50 * FEE + BOND / 10;
		assert_eq!(bond(OP1), BOND - slashed);
		assert_eq!(dispute_bond_of(OP1), 0);
		// The mock keeps bonds in the free balance.
		assert_eq!(free(OP1), provider - slashed);
		assert!(free(ALICE) > alice, "the user gets her share of the slash and of the bond");
		assert_eq!(concluded(0), Some(Settlement::Refund));
	});
}

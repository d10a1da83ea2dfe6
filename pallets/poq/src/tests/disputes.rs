//! Tests of disputes.

use super::*;

#[test]
fn dispute_failures() {
	ExtBuilder::default().build_and_execute(|| {
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
		Operators::mutate(|ops| ops.get_mut(&20).unwrap().eligible = false);
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
	ExtBuilder::default().build_and_execute(|| {
		unaudited_job();
		// Answered at block 1 with a 30-block challenge period: disputable through block 30.
		run_to(31);
		assert_noop!(PoQ::dispute(RuntimeOrigin::signed(ALICE), 0), Error::<Test>::NotDisputable);
		// And once the job is paid out, it is not visible at all.
		assert_eq!(settle(0), Settlement::Pay(Perbill::one()));
		run_to(30);
	});
}

/// A panel no author can pick: the block that takes a dispute is followed by the draw window
/// before the panel is drawn, with randomness of the blocks after it (an author that included
/// the dispute in the block whose randomness it knew could otherwise choose its panel).
#[test]
fn a_dispute_holds_a_bond_and_draws_a_panel_after_the_draw_window() {
	ExtBuilder::default().build_and_execute(|| {
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
		run_to(3 + DRAW - 1);
		assert_eq!(due(0), Some(RoundKind::Dispute), "not drawn with the next block's seed");
		run_to(3 + DRAW);
		// Drawn with the randomness kept from block 4 on: after the dispute's block.
		assert_eq!(RecentRandomness::<Test>::get().len(), 1);
		let r = round(0);
		assert_eq!((r.kind, r.number), (RoundKind::Dispute, 0));
		assert_eq!(members(0).len(), 5);
		assert!(!members(0).contains(&OP1));
	});
}

#[test]
fn a_dispute_the_panel_rejects_pays_the_bond_to_the_provider_and_the_panel() {
	ExtBuilder::default().build_and_execute(|| {
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
			ruling: Ruling::ProviderUpheld,
			by_jury: false
		}));
		assert!(Disputes::<Test>::get(0).is_none());
		assert_eq!(settle(0), Settlement::Pay(Perbill::one()));
	});
}

#[test]
fn a_dispute_the_panel_upholds_slashes_the_provider_and_rewards_the_challenger() {
	ExtBuilder::default().build_and_execute(|| {
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
			ruling: Ruling::ProviderAtFault,
			by_jury: false
		}));
		assert_eq!(settle(0), Settlement::Refund);
	});
}

#[test]
fn a_split_panel_escalates_and_the_jury_finds_the_provider_at_fault() {
	ExtBuilder::default().build_and_execute(|| {
		let low = escalated();
		assert_noop!(
			PoQ::rule(RuntimeOrigin::signed(ALICE), 0, Ruling::ProviderAtFault),
			DispatchError::BadOrigin
		);
		assert_noop!(
			PoQ::rule(RuntimeOrigin::root(), 7, Ruling::ProviderAtFault),
			Error::<Test>::UnknownDispute
		);
		let before: Vec<Balance> = low.iter().map(|v| free(*v)).collect();
		assert_ok!(PoQ::rule(RuntimeOrigin::root(), 0, Ruling::ProviderAtFault));
		// The panel members on the jury's side share the verifiers' part.
		for (v, b) in low.iter().zip(before) {
			assert_eq!(free(*v), b + 9_000 / 2);
		}
		assert!(events().contains(&Event::DisputeResolved {
			dispute: 0,
			job: 0,
			ruling: Ruling::ProviderAtFault,
			by_jury: true
		}));
		assert_eq!(concluded(0), Some(Settlement::Refund));
		assert_eq!(bond(OP1), BOND - 60_000);
		assert_noop!(
			PoQ::rule(RuntimeOrigin::root(), 0, Ruling::ProviderAtFault),
			Error::<Test>::UnknownDispute
		);
	});
}

#[test]
fn the_jury_upholds_the_provider_of_a_split_panel() {
	ExtBuilder::default().build_and_execute(|| {
		unaudited_job();
		assert_ok!(PoQ::dispute(RuntimeOrigin::signed(ALICE), 0));
		assert_noop!(
			PoQ::rule(RuntimeOrigin::root(), 0, Ruling::ProviderUpheld),
			Error::<Test>::NotEscalated
		);
		assert_noop!(
			PoQ::rule(RuntimeOrigin::root(), 5, Ruling::ProviderUpheld),
			Error::<Test>::UnknownDispute
		);
		run_to(3 + DRAW);
		let panel = members(0);
		let low: Vec<u64> = panel[..2].to_vec();
		// 2 low, 3 high of equal stake: 60 % is not two thirds.
		verify(0, |v| if low.contains(&v) { 0 } else { 100 });
		assert!(escalated_review(0));
		let (alice, provider) = (free(ALICE), free(OP1));
		let bond = dispute_bond_of(ALICE);
		assert_ok!(PoQ::rule(RuntimeOrigin::root(), 0, Ruling::ProviderUpheld));
		// Alice loses her bond: half to the provider, half to the 3 panel members who said so.
		assert_eq!(free(ALICE), alice);
		assert_eq!(dispute_bond_of(ALICE), 0);
		assert_eq!(free(OP1), provider + bond - 3 * (bond / 2 / 3));
		assert_eq!(settle(0), Settlement::Pay(Perbill::one()));
	});
}

#[test]
fn a_panel_where_nobody_reveals_escalates() {
	ExtBuilder::default().build_and_execute(|| {
		disputed_by_operator();
		// The panel, drawn at block 5, reveals until block 11: nobody does.
		run_to(12);
		assert!(escalated_review(0));
	});
}

#[test]
fn a_dispute_during_an_audit_waits_for_it_and_its_panel_reviews_a_failure() {
	ExtBuilder::default().build_and_execute(|| {
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
		assert_eq!((appealable(0), due(0)), (None, Some(RoundKind::Dispute)));
		assert_eq!(bond(OP1), BOND);
		run_to(System::block_number() + DRAW);
		assert!(escalated_review(0));
		assert_eq!(settle(0), Settlement::Wait);
		assert_ok!(PoQ::rule(RuntimeOrigin::root(), 0, Ruling::ProviderAtFault));
		assert_eq!(dispute_bond_of(ALICE), 0);
		// Alice: bond back, the user's 20 % and, as challenger, half of the 30 %.
		assert_eq!(free(ALICE), alice - held + held + 12_000 + 9_000);
		assert!(Disputes::<Test>::get(0).is_none());
		assert_eq!(concluded(0), Some(Settlement::Refund));
	});
}

#[test]
fn a_dispute_during_an_audit_that_passes_gets_its_panel() {
	ExtBuilder::default().build_and_execute(|| {
		let spot = audited_job();
		assert_ok!(PoQ::dispute(RuntimeOrigin::signed(ALICE), 0));
		verify(0, |_| 100);
		// The audit passed; the panel is drawn after the draw window.
		assert_eq!(due(0), Some(RoundKind::Dispute));
		assert_eq!(settle(0), Settlement::Wait);
		let _ = spot;
		run_to(3 + DRAW);
		assert_eq!(round(0).kind, RoundKind::Dispute);
		assert_eq!(round(0).number, 1);
		verify(0, |_| 100);
		assert_eq!(settle(0), Settlement::Pay(Perbill::one()));
		assert_eq!(dispute_bond_of(ALICE), 0);
	});
}

#[test]
fn a_failed_job_cannot_be_disputed() {
	ExtBuilder::default().build_and_execute(|| {
		committee_called(0);
		verify(0, |_| 0);
		confirmed(0);
		assert_noop!(PoQ::dispute(RuntimeOrigin::signed(ALICE), 0), Error::<Test>::AlreadyFailed);
	});
}

#[test]
fn try_state_catches_a_bond_out_of_step() {
	ExtBuilder::default().build().execute_with(|| {
		unaudited_job();
		assert_ok!(PoQ::dispute(RuntimeOrigin::signed(ALICE), 0));
		assert_ok!(PoQ::do_try_state());
		Disputes::<Test>::mutate(0, |d| d.as_mut().unwrap().bond += 1);
		assert!(PoQ::do_try_state().is_err());
	});
}

/// Slash evasion by escalation: a jury that never rules cannot hold a job (and its escrow,
/// and the provider's liability) forever. When its period ends the status quo stands: a
/// challenged answer is upheld, and the challenger's bond pays as if the jury had said so.
#[test]
fn a_jury_that_does_not_rule_in_time_leaves_a_challenged_answer_standing() {
	ExtBuilder::default().build_and_execute(|| {
		let low = escalated();
		let ends = jury_ends(0).unwrap();
		let held = dispute_bond_of(60);
		let (challenger, provider) = (free(60), free(OP1));
		let Phase::Escalated { judged, .. } = phase(0) else { panic!("escalated") };
		let high: Vec<u64> =
			judged.iter().map(|m| m.verifier).filter(|v| !low.contains(v)).collect();
		assert_eq!(high.len(), 2);
		let before: Vec<Balance> = high.iter().map(|v| free(*v)).collect();
		run_to(ends);
		assert!(escalated_review(0), "the jury may rule until the end of its period");
		Operators::mutate(|ops| ops.get_mut(&OP1).unwrap().reputation = Perbill::from_percent(50));
		run_to(ends + 1);
		// The jury's silence earns the provider no reputation (a party disputing its own job
		// on a model nobody else serves would farm it).
		assert_eq!(MockStaking::reputation(&OP1), Perbill::from_percent(50));
		assert!(events().contains(&Event::JuryLapsed {
			dispute: 0,
			job: 0,
			ruling: Ruling::ProviderUpheld
		}));
		assert!(events().contains(&Event::DisputeResolved {
			dispute: 0,
			job: 0,
			ruling: Ruling::ProviderUpheld,
			by_jury: false
		}));
		// The challenger's bond: half to the provider, half to the panel members who upheld.
		assert_eq!(dispute_bond_of(60), 0);
		assert_eq!(free(60), challenger);
		assert_eq!(free(OP1), provider + held / 2);
		for (v, b) in high.iter().zip(before) {
			assert_eq!(free(*v), b + held / 4);
		}
		assert_eq!(bond(OP1), BOND);
		assert_eq!(concluded(0), Some(Settlement::Pay(Perbill::one())));
		// Too late for the jury.
		assert_noop!(
			PoQ::rule(RuntimeOrigin::root(), 0, Ruling::ProviderAtFault),
			Error::<Test>::UnknownDispute
		);
	});
}

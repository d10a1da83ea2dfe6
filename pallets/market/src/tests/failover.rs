//! Tests of failover.

use super::*;

#[test]
fn a_missed_deadline_fails_over_and_costs_reputation() {
	ExtBuilder::default().build_and_execute(|| {
		market();
		assert_ok!(submit(ALICE, Strategy::Cheapest));
		run_to(6);
		assert_eq!(assigned(0), OP2, "the deadline block is still the provider's");
		run_to(7);
		assert_eq!(assigned(0), OP1);
		assert_eq!(MockRegistry::reputation(&OP2), Perbill::zero());
		assert!(events().contains(&Event::JobReassigned {
			job: 0,
			from: OP2,
			to: OP1,
			deadline: 12
		}));
		assert_noop!(answer(0, OP2, 1, 1), Error::<Test>::NotAssignedToYou);
		assert_ok!(answer(0, OP1, MAX_IN, 60));
		let alice = free(ALICE) + escrow(ALICE);
		run_to(20);
		// Billed at OP1's routed prices: ceil(40·1000/1000) + ceil(60·2000/1000).
		assert_eq!(free(ALICE), alice - (40 + 120));
	});
}

#[test]
fn a_provider_leaving_with_jobs_in_flight_is_skipped() {
	ExtBuilder::default().build_and_execute(|| {
		market();
		assert_ok!(submit(ALICE, Strategy::Cheapest));
		// The primary deregisters (no longer eligible) and OP1, the first fallback, too.
		set_eligible(OP2, false);
		set_eligible(OP1, false);
		run_to(7);
		assert_eq!(assigned(0), OP3);
		assert_ok!(answer(0, OP3, 1, 1));
	});
}

#[test]
fn every_provider_timing_out_refunds_in_full() {
	ExtBuilder::default().build_and_execute(|| {
		market();
		let alice = free(ALICE);
		assert_ok!(submit(ALICE, Strategy::Cheapest));
		// Deadlines at 6, 12 and 18: each operator's timer runs the block after.
		run_to(19);
		assert_eq!(Jobs::<Test>::get(0).unwrap().status, JobStatus::Failed);
		assert_eq!(free(ALICE), alice);
		assert_eq!(escrow(ALICE), 0);
		assert!(events().contains(&Event::JobFailed { job: 0, refund: cost(OP3) }));
		for op in [OP1, OP2, OP3] {
			assert_eq!(MockRegistry::reputation(&op), Perbill::zero());
		}
		assert!(ModelOffers::<Test>::get(0).iter().all(|o| o.in_flight == 0));
	});
}

#[test]
fn declining_fails_over_at_once_without_a_reputation_cost() {
	ExtBuilder::default().build_and_execute(|| {
		market();
		assert_ok!(submit(ALICE, Strategy::Cheapest));
		assert_noop!(
			Market::decline_job(RuntimeOrigin::signed(ALICE), 0),
			Error::<Test>::NotAWorker
		);
		assert_noop!(
			Market::decline_job(RuntimeOrigin::signed(worker(OP1)), 0),
			Error::<Test>::NotAssignedToYou
		);
		assert_noop!(
			Market::decline_job(RuntimeOrigin::signed(worker(OP1)), 5),
			Error::<Test>::UnknownJob
		);
		assert_ok!(Market::decline_job(RuntimeOrigin::signed(worker(OP2)), 0));
		assert_eq!(assigned(0), OP1);
		assert_eq!(MockRegistry::reputation(&OP2), Perbill::from_percent(50));
		assert!(events().contains(&Event::JobDeclined { job: 0, operator: OP2 }));
		assert_ok!(Market::decline_job(RuntimeOrigin::signed(worker(OP1)), 0));
		assert_ok!(Market::decline_job(RuntimeOrigin::signed(worker(OP3)), 0));
		assert_eq!(Jobs::<Test>::get(0).unwrap().status, JobStatus::Failed);
		assert_eq!(escrow(ALICE), 0);
		assert_noop!(
			Market::decline_job(RuntimeOrigin::signed(worker(OP3)), 0),
			Error::<Test>::JobNotAssigned
		);
	});
}

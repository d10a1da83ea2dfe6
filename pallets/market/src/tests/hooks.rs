//! Tests of hooks.

use super::*;

#[test]
fn first_deadlines_need_no_timer_and_are_found_in_id_order() {
	ExtBuilder::default().build_and_execute(|| {
		market();
		assert_ok!(submit(ALICE, Strategy::Cheapest));
		run_to(2);
		assert_ok!(submit(ALICE, Strategy::Cheapest));
		assert_ok!(submit(ALICE, Strategy::Cheapest));
		assert_eq!(Timers::<Test>::iter().count(), 0, "submitting writes no timer");
		// Job 1 is answered; jobs 0 and 2 are not.
		assert_ok!(answer(1, assigned(1), 1, 1));
		let (first0, first2) = (assigned(0), assigned(2));
		run_to(6); // job 0's deadline is block 6: still on time
		assert_eq!(assigned(0), first0);
		assert_eq!(DeadlineCursor::<Test>::get(), 0);
		run_to(7);
		assert_ne!(assigned(0), first0, "job 0 failed over after block 6");
		assert_eq!(assigned(2), first2, "job 2 is due after block 7");
		assert_eq!(DeadlineCursor::<Test>::get(), 2, "answered job 1 was stepped over");
		run_to(8);
		assert_ne!(assigned(2), first2);
		assert_eq!(DeadlineCursor::<Test>::get(), 3);
		// The failed-over jobs' new deadlines are timers.
		assert!(Timers::<Test>::iter().count() > 0);
	});
}

#[test]
fn finished_jobs_are_pruned_after_retention() {
	ExtBuilder::default().build_and_execute(|| {
		market();
		assert_ok!(submit(ALICE, Strategy::Cheapest));
		assert_ok!(answer(0, OP2, 1, 1));
		run_to(5); // settles
		run_to(14);
		assert!(Jobs::<Test>::get(0).is_some(), "readable during retention");
		run_to(15);
		assert!(Jobs::<Test>::get(0).is_none());
		assert!(events().contains(&Event::JobPruned { job: 0 }));
	});
}

/// Pruning halts behind no job: a job kept open (waiting for a verdict that does not come)
/// holds back no job that finished after it.
#[test]
fn a_job_still_open_holds_no_other_back_from_pruning() {
	ExtBuilder::default().build_and_execute(|| {
		market();
		assert_ok!(submit(ALICE, Strategy::Cheapest));
		assert_ok!(submit(ALICE, Strategy::Cheapest));
		assert_ok!(answer(0, OP2, 1, 1));
		assert_ok!(answer(1, OP2, 1, 1));
		Settlements::mutate(|v| v.insert(0, Settlement::Wait));
		run_to(5);
		assert_eq!(Jobs::<Test>::get(0).unwrap().status, JobStatus::Verifying);
		assert_eq!(Jobs::<Test>::get(1).unwrap().status, JobStatus::Settled);
		run_to(15);
		assert!(Jobs::<Test>::get(1).is_none(), "job 1 is pruned on time");
		assert!(Jobs::<Test>::get(0).is_some(), "job 0 is still open");
		// Concluded much later, job 0 is pruned a retention period after that.
		run_to(40);
		assert!(<Market as JobBook<u64, u64>>::conclude(0, Settlement::Pay(Perbill::one())));
		run_to(49);
		assert!(Jobs::<Test>::get(0).is_some());
		run_to(50);
		assert!(Jobs::<Test>::get(0).is_none());
	});
}

#[test]
fn timers_over_budget_carry_over_to_the_next_block() {
	// Room for two deadlines a block (2 × 10 ≤ 25 < 3 × 10).
	let budget = frame_support::weights::Weight::from_parts(25, 0);
	ExtBuilder::default().hook_budget(budget).build_and_execute(|| {
		market();
		for _ in 0..3 {
			assert_ok!(submit(ALICE, Strategy::Cheapest));
		}
		run_to(7);
		let moved = (0..3).filter(|j| assigned(*j) != route(*j)[0]).count();
		assert_eq!(moved, 2);
		assert_eq!(DeadlineCursor::<Test>::get(), 2);
		run_to(8);
		assert!((0..3).all(|j| assigned(j) != route(j)[0]));
		assert_eq!(DeadlineCursor::<Test>::get(), 3);
	});
}

#[test]
fn a_full_timer_bucket_spills_into_the_next_blocks() {
	ExtBuilder::default().build_and_execute(|| {
		market();
		for op in [OP1, OP2, OP3] {
			assert_ok!(Market::set_offer(RuntimeOrigin::signed(op), 0, 1, 1, 10));
		}
		// Eight timers fit in a block; the ninth result's settlement moves one block later.
		for _ in 0..9 {
			assert_ok!(submit(ALICE, Strategy::Cheapest));
		}
		for j in 0..9 {
			assert_ok!(answer(j, assigned(j), 1, 1));
		}
		let settle_at = |j| match Jobs::<Test>::get(j).unwrap().status {
			JobStatus::Completed { settle_at } => settle_at,
			_ => 0,
		};
		assert_eq!(settle_at(7), 5);
		assert_eq!(settle_at(8), 6);
	});
}

#[test]
fn submit_job_is_refunded_to_the_offers_read() {
	ExtBuilder::default().build_and_execute(|| {
		market();
		let info = Market::submit_job(
			RuntimeOrigin::signed(ALICE),
			JobTarget::Model(0),
			input(),
			MAX_OUT,
			10_000,
			policy(Strategy::Cheapest),
		)
		.unwrap();
		assert_eq!(info.actual_weight, Some(frame_support::weights::Weight::from_parts(103, 0)));
	});
}

#[test]
fn try_state_catches_escrow_out_of_step() {
	ExtBuilder::default().build().execute_with(|| {
		market();
		assert_ok!(submit(ALICE, Strategy::Cheapest));
		Jobs::<Test>::mutate(0, |j| j.as_mut().unwrap().hold += 1);
		assert!(Market::do_try_state().is_err());
	});
}

//! Tests of the draw.

use super::*;
use dgrid_primitives::QualityControl;
use frame_support::traits::Get;

#[test]
fn a_result_is_drawn_with_randomness_from_a_later_block() {
	ExtBuilder::default().build_and_execute(|| {
		answered(0, OP1, ALICE, FEE);
		assert_eq!(NewResults::<Test>::get().len(), 1);
		run_to(2);
		// Block 2's parent is the block the result landed in: too early to draw.
		assert!(Reviews::<Test>::get(0).is_none());
		assert_eq!(DrawBacklog::<Test>::get().len(), 1);
		assert!(NewResults::<Test>::get().is_empty());
		run_to(3);
		assert!(DrawBacklog::<Test>::get().is_empty());
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
		assert_eq!(AuditedResults::<Test>::get(OP1), 1);
	});
}

#[test]
fn the_audit_rate_falls_with_history_and_reputation() {
	ExtBuilder::default().build_and_execute(|| {
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

#[test]
fn seasoned_operators_are_sampled_at_the_audit_rate() {
	ExtBuilder::default().build_and_execute(|| {
		AuditedResults::<Test>::insert(OP1, 1_000);
		let jobs = 2_000u64;
		for block in 0..(jobs / 50) {
			for i in 0..50 {
				answered(block * 50 + i, OP1, ALICE, FEE);
			}
			run_to(System::block_number() + 1);
		}
		run_to(System::block_number() + 2);
		let audited = Reviews::<Test>::iter().count() as u64;
		// 4.9 % of 2,000 is 98; the draw is deterministic here, and binomial in general
		// (standard deviation 9.7).
		assert!((70..=120).contains(&audited), "{audited} of {jobs} audited");
		assert_eq!(AuditedResults::<Test>::get(OP1), 1_000 + audited as u32);
	});
}

#[test]
fn a_block_without_vrf_output_draws_with_the_parent_hash() {
	ExtBuilder::default().build_and_execute(|| {
		Vrf::set(Some(None));
		answered(0, OP1, ALICE, FEE);
		run_to(3);
		assert_eq!(members(0).len(), 1);
	});
}

#[test]
fn an_audit_with_no_other_provider_is_skipped_and_pays() {
	ExtBuilder::default().build_and_execute(|| {
		Offerers::set([(0, vec![OP1])].into_iter().collect());
		answered(0, OP1, ALICE, FEE);
		run_to(3);
		assert!(Reviews::<Test>::get(0).is_none());
		assert!(events().contains(&Event::AuditSkipped { job: 0 }));
		assert_eq!(settle(0), Settlement::Pay(Perbill::one()));
	});
}

#[test]
fn ineligible_operators_are_never_drawn() {
	ExtBuilder::default().build_and_execute(|| {
		Operators::mutate(|ops| {
			for op in &OPS[1..5] {
				ops.get_mut(op).unwrap().eligible = false;
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
	ExtBuilder::default().build_and_execute(|| {
		// OP 60 has 9 times the others' stake: about half the draws (9 of 13 in weight).
		Operators::mutate(|ops| ops.get_mut(&60).unwrap().bond = 9 * BOND);
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
	ExtBuilder::default()
		.params(|p| p.new_operator_jobs = 1_000)
		.build_and_execute(|| {
			// Operator 60: the same bond, but a reputation of 10 %: weight 1,000 (bond × 10 % × 10 %)
			// against 100,000.
			Operators::mutate(|ops| {
				ops.get_mut(&60).unwrap().reputation = Perbill::from_percent(10)
			});
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
	ExtBuilder::default().build_and_execute(|| {
		// A draw weighs 10 in the mock.
		HookBudget::set(Weight::from_parts(5, 0));
		answered(0, OP1, ALICE, FEE);
		run_to(3);
		assert!(Reviews::<Test>::get(0).is_none());
		assert_eq!(DrawBacklog::<Test>::get().len(), 1);
		assert_eq!(DrawnThrough::<Test>::get(), 0);
		// Not drawn yet: the market must wait.
		assert_eq!(settle(0), Settlement::Wait);
		HookBudget::set(Weight::MAX);
		run_to(4);
		assert!(Reviews::<Test>::get(0).is_some());
		assert_eq!(DrawnThrough::<Test>::get(), 2);
	});
}
use frame_support::weights::Weight;

#[test]
fn a_late_draw_concludes_a_waiting_job_it_does_not_audit() {
	ExtBuilder::default().params(|p| p.challenge_period = 1).build_and_execute(|| {
		AuditedResults::<Test>::insert(OP1, 1_000);
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
			match Reviews::<Test>::get(job) {
				Some(_) => assert_eq!(concluded(job), None),
				None => assert_eq!(concluded(job), Some(Settlement::Pay(Perbill::one()))),
			}
		}
		assert!((0..5).any(|j| concluded(j).is_some()));
	});
}

/// Audit evasion by overflow: a flood of results cannot push a result out of the draw. Once
/// the backlog and this block's results fill the queue, a result is refused (the market then
/// refuses it with `TooBusy`), and every result taken is drawn in the end.
#[test]
fn a_full_draw_queue_refuses_results_and_drops_none() {
	ExtBuilder::default().build_and_execute(|| {
		let max = <Test as crate::Config>::MaxQueuedResults::get();
		// Nothing is drawn while the budget is below one draw.
		HookBudget::set(Weight::from_parts(5, 0));
		for job in 0..200u32 {
			answered(job.into(), OP1, ALICE, 1);
		}
		run_to(2);
		for job in 200..max {
			answered(job.into(), OP1, ALICE, 1);
		}
		assert!(!<PoQ as QualityControl<u64, u64>>::can_note(1));
		assert!(!<PoQ as QualityControl<u64, u64>>::note_result(999, &OP1, 0, 1));
		run_to(3);
		// The undrawn backlog and the last block's results are all kept.
		assert_eq!(DrawBacklog::<Test>::get().len() as u32, max);
		assert!(NewResults::<Test>::get().is_empty());
		assert!(!<PoQ as QualityControl<u64, u64>>::can_note(1));
		HookBudget::set(Weight::MAX);
		run_to(4);
		assert!(DrawBacklog::<Test>::get().is_empty());
		assert_eq!(DrawnThrough::<Test>::get(), 2, "every result taken was drawn");
		// OP1 was new: its first results were all audited.
		assert!(AuditedResults::<Test>::get(OP1) >= Params::get().new_operator_jobs);
		assert!(<PoQ as QualityControl<u64, u64>>::can_note(max));
	});
}

/// Timers beyond the hook budget wait for the next block: each is checked against the
/// heaviest timer (1,000 in the mock) and charged what it used (a verdict: 1,000), and the
/// cursor stays on their block until it is done.
#[test]
fn timers_beyond_the_hook_budget_carry_over() {
	ExtBuilder::default().build_and_execute(|| {
		// Five results of a new operator: five spot checks, all silent, whose reveal periods
		// end together.
		for job in 0..5 {
			answered(job, OP1, ALICE, FEE);
		}
		run_to(3);
		let end = round(0).reveal_end;
		let open_spot_checks = || {
			Reviews::<Test>::iter()
				.filter(
					|(_, r)| matches!(&r.phase, Phase::Voting { round, .. } if round.kind == RoundKind::SpotCheck),
				)
				.count()
		};
		assert_eq!(open_spot_checks(), 5);
		run_to(end);
		HookBudget::set(Weight::from_parts(2_500, 0));
		run_to(end + 1);
		assert_eq!(open_spot_checks(), 3, "two verdicts fit the budget");
		assert_eq!(TimerCursor::<Test>::get(), end + 1);
		assert_eq!(Timers::<Test>::get(end + 1).len(), 3);
		run_to(end + 2);
		assert_eq!(open_spot_checks(), 1);
		assert_eq!(TimerCursor::<Test>::get(), end + 1);
		run_to(end + 3);
		assert_eq!(open_spot_checks(), 0);
		assert!(Timers::<Test>::get(end + 1).is_empty());
		HookBudget::set(Weight::MAX);
		run_to(end + 5);
		assert!(TimerCursor::<Test>::get() > end + 5);
		assert!(Reviews::<Test>::iter().all(|(_, r)| !matches!(r.phase, Phase::Due { .. })));
	});
}

/// Probation farming: an operator alone on its own model cannot be audited (nobody else can
/// verify), and such skipped audits do not count towards its probation or its reputation:
/// however many results it sends, it stays new and every result is drawn for audit.
#[test]
fn an_operator_alone_on_its_model_stays_on_probation() {
	ExtBuilder::default().build_and_execute(|| {
		Offerers::set([(0, vec![OP1])].into_iter().collect());
		Operators::mutate(|ops| ops.get_mut(&OP1).unwrap().reputation = Perbill::from_percent(50));
		for job in 0..150 {
			answered(job, OP1, ALICE, FEE);
		}
		run_to(3);
		let skipped = events().iter().filter(|e| matches!(e, Event::AuditSkipped { .. })).count();
		assert_eq!(skipped, 150, "every result was picked: the operator is still new");
		assert_eq!(AuditedResults::<Test>::get(OP1), 0);
		assert_eq!(PoQ::audit_rate(0, Perbill::from_percent(50)), Perbill::one());
		assert_eq!(MockStaking::reputation(&OP1), Perbill::from_percent(50), "no reputation");
		// A second operator arrives: audits are staffed, and count.
		Offerers::set([(0, vec![OP1, 20])].into_iter().collect());
		answered(150, OP1, ALICE, FEE);
		run_to(5);
		assert_eq!(AuditedResults::<Test>::get(OP1), 1);
	});
}

/// Predictable audits: a result is drawn with the randomness of every block of its draw
/// window (with a window of 3, the VRF outputs of blocks 2, 3 and 4 for a result of block
/// 1), so an author must own all of those slots to know the draw when it sends the result.
#[test]
fn a_result_is_drawn_with_the_randomness_of_its_whole_window() {
	ExtBuilder::default().build_and_execute(|| {
		DrawWindow::set(3);
		answered(0, OP1, ALICE, FEE);
		run_to(4);
		assert!(Reviews::<Test>::get(0).is_none(), "the window is not over");
		assert_eq!(DrawnThrough::<Test>::get(), 0);
		assert_eq!(DrawBacklog::<Test>::get().len(), 1);
		run_to(5);
		assert!(Reviews::<Test>::get(0).is_some(), "a new operator's result is audited");
		assert_eq!(DrawnThrough::<Test>::get(), 1);
		// Blocks 3, 4 and 5 kept their parents' VRF outputs: those of blocks 2, 3 and 4.
		let out = |n: u64| {
			let vrf = sp_io::hashing::blake2_256(&(b"dgrid/poq/draw".as_slice(), n).encode());
			sp_io::hashing::blake2_256(&sp_core::H256(vrf).encode())
		};
		assert_eq!(RecentRandomness::<Test>::get().into_inner(), vec![out(3), out(4), out(5)]);
		assert_eq!(PoQ::seed(), PoQ::mix(&[out(3), out(4), out(5)]));
		DrawWindow::set(1);
	});
}
use codec::Encode;

/// A job's owner is never drawn to verify it: an operator that sends itself jobs on another
/// provider cannot then judge (and pass or fail) the answer it paid for.
#[test]
fn a_jobs_owner_is_never_drawn_to_verify_it() {
	ExtBuilder::default().build_and_execute(|| {
		for job in 0..30 {
			answered(job, OP1, 20, FEE);
		}
		run_to(3);
		for job in 0..30 {
			let verifiers = members(job);
			assert_eq!(verifiers.len(), 1);
			assert!(!verifiers.contains(&20) && !verifiers.contains(&OP1), "job {job}");
		}
	});
}

/// An author that owns every block of a result's draw window could compute the draw when it
/// sends the result: the draw waits until another author's block is in the window.
#[test]
fn a_window_of_one_author_waits_for_another_authors_block() {
	ExtBuilder::default().build_and_execute(|| {
		DrawWindow::set(3);
		AuthorCount::set(4);
		Author::set(Some(2));
		answered(0, OP1, ALICE, FEE);
		// Block 5 would draw block 1's results with the VRF outputs of blocks 2, 3 and 4, all
		// authority 2's: it waits.
		run_to(5);
		assert_eq!(RecentAuthors::<Test>::get().into_inner(), vec![Some(2), Some(2), Some(2)]);
		assert!(!PoQ::window_has_two_authors());
		assert!(Reviews::<Test>::get(0).is_none(), "one author's window: the draw waits");
		assert_eq!(DrawnThrough::<Test>::get(), 0, "the market waits for the draw");
		// Block 6 is authority 1's; its output is in block 7's window.
		Author::set(Some(1));
		run_to(6);
		assert!(Reviews::<Test>::get(0).is_none());
		run_to(7);
		assert_eq!(RecentAuthors::<Test>::get().into_inner(), vec![Some(2), Some(2), Some(1)]);
		assert!(PoQ::window_has_two_authors());
		assert!(Reviews::<Test>::get(0).is_some(), "two authors: drawn");
		assert_eq!(DrawnThrough::<Test>::get(), 3);
	});
}

/// A chain whose every block one author makes still draws, at the longest delay.
#[test]
fn a_draw_waits_for_another_author_at_most_the_longest_delay() {
	ExtBuilder::default().build_and_execute(|| {
		DrawWindow::set(3);
		AuthorCount::set(4);
		Author::set(Some(2));
		answered(0, OP1, ALICE, FEE);
		let delay = u64::from(dgrid_primitives::params::MAX_DRAW_DELAY);
		run_to(delay);
		assert!(Reviews::<Test>::get(0).is_none());
		run_to(1 + delay);
		assert!(Reviews::<Test>::get(0).is_some(), "drawn {delay} blocks after its result");
	});
}

/// With one authority every window has one author: nothing to wait for.
#[test]
fn a_chain_of_one_authority_draws_without_waiting() {
	ExtBuilder::default().build_and_execute(|| {
		DrawWindow::set(3);
		Author::set(Some(0));
		answered(0, OP1, ALICE, FEE);
		run_to(5);
		assert!(PoQ::window_has_two_authors());
		assert!(Reviews::<Test>::get(0).is_some());
	});
}

#[test]
fn unknown_authors_count_as_others() {
	ExtBuilder::default().build_and_execute(|| {
		AuthorCount::set(4);
		let set = |a: Vec<Option<u32>>| {
			RecentAuthors::<Test>::put(frame_support::BoundedVec::truncate_from(a))
		};
		set(vec![Some(1), Some(1), Some(1)]);
		assert!(!PoQ::window_has_two_authors());
		set(vec![Some(1), None, Some(1)]);
		assert!(PoQ::window_has_two_authors());
		set(vec![None]);
		assert!(PoQ::window_has_two_authors());
		set(vec![Some(1), Some(3)]);
		assert!(PoQ::window_has_two_authors());
		set(vec![]);
		assert!(PoQ::window_has_two_authors());
	});
}

/// What the draw has been through never goes back, even when a window of one author holds
/// back results younger than those drawn: a settlement told to go on is never told to wait.
#[test]
fn a_window_of_one_author_never_moves_what_was_drawn_back() {
	ExtBuilder::default().build_and_execute(|| {
		DrawWindow::set(3);
		AuthorCount::set(4);
		AuditedResults::<Test>::insert(OP1, 1_000);
		let mut through = 0;
		// Blocks 2 to 7 by two authors in turn, then blocks by authority 3 alone; a result in
		// every block.
		for block in 1..=14u64 {
			Author::set(Some(if block <= 7 { (block % 2) as u32 } else { 3 }));
			answered(block, OP1, ALICE, FEE);
			run_to(block + 1);
			let now = DrawnThrough::<Test>::get();
			assert!(now >= through, "block {}: drawn through {now}, was {through}", block + 1);
			through = now;
		}
		assert!(!PoQ::window_has_two_authors());
		assert!(through >= 4, "the blocks of two authors drew through {through}");
	});
}

/// A committee (or a dispute's or an appeal's panel) is drawn as a result is: a window of one
/// author waits for another's block, up to the longest delay after the call.
#[test]
fn a_panel_called_in_a_window_of_one_author_waits_for_another_author() {
	ExtBuilder::default().build_and_execute(|| {
		DrawWindow::set(3);
		let spot = audited_job_after_window();
		// The spot check scores low at block 5: the committee is called.
		let called = System::block_number();
		verify(0, |_| 5);
		assert!(events().contains(&Event::CommitteeCalled { job: 0, score: Some(5) }));
		// Authority 2 authors every block from now on.
		AuthorCount::set(4);
		Author::set(Some(2));
		let delay = u64::from(dgrid_primitives::params::MAX_DRAW_DELAY);
		run_to(called + 4);
		assert_eq!(due(0), Some(RoundKind::Committee), "one author: the draw waits");
		run_to(called + delay - 1);
		assert_eq!(due(0), Some(RoundKind::Committee));
		run_to(called + delay);
		assert_eq!(round(0).kind, RoundKind::Committee, "drawn at the longest delay");
		assert!(!members(0).contains(&spot));
	});
}

/// Job 0 answered by OP1 at block 1, drawn at block 5 with a three-block window. Returns
/// the spot checker.
fn audited_job_after_window() -> u64 {
	answered(0, OP1, ALICE, FEE);
	run_to(5);
	let verifiers = members(0);
	assert_eq!(verifiers.len(), 1);
	verifiers[0]
}

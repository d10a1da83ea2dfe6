//! Tests of results and settlement.

use super::*;

#[test]
fn a_job_settles_with_exact_payments() {
	ExtBuilder::default().build_and_execute(|| {
		market();
		let alice = free(ALICE);
		assert_ok!(submit(ALICE, Strategy::Cheapest));
		let hold = cost(OP3);
		assert_eq!(escrow(ALICE), hold);
		assert_eq!(free(ALICE), alice - hold);
		assert!(events().contains(&Event::JobSubmitted {
			job: 0,
			owner: ALICE,
			model: 0,
			provider: OP2,
			fallbacks: 2,
			hold,
			deadline: 6,
		}));
		// OP2 bills 40 input and 60 output tokens: ceil(40·2000/1000) + ceil(60·1000/1000).
		assert_ok!(answer(0, OP2, MAX_IN, 60));
		assert!(events().contains(&Event::JobCompleted {
			job: 0,
			operator: OP2,
			input_tokens: MAX_IN,
			output_tokens: 60,
			latency_ms: 250,
			settle_at: 5,
		}));
		let result = Jobs::<Test>::get(0).unwrap().result.unwrap();
		assert_eq!(result.output.into_inner(), b"hello".to_vec());
		let (op2, treasury) = (free(OP2), free(TREASURY));
		run_to(4);
		assert_eq!(escrow(ALICE), hold, "nothing moves during the challenge period");
		run_to(5);
		let fee = 80 + 60;
		let protocol = 14; // 10 % of 140
		assert_eq!(free(OP2), op2 + fee - protocol);
		assert_eq!(free(TREASURY), treasury + protocol);
		assert_eq!(free(ALICE), alice - fee);
		assert_eq!(escrow(ALICE), 0);
		assert_eq!(
			events().last(),
			Some(&Event::JobSettled {
				job: 0,
				provider: OP2,
				provider_fee: fee - protocol,
				creator_fee: 0,
				protocol_fee: protocol,
				verification_fee: 0,
				refund: hold - fee,
			})
		);
		assert_eq!(Jobs::<Test>::get(0).unwrap().status, JobStatus::Settled);
		assert_eq!(Served::get().get(&OP2), Some(&protocol), "merit: the protocol fee paid");
		// A settlement is no reputation observation: only audits and deadlines move it.
		assert_eq!(MockRegistry::reputation(&OP2), Perbill::from_percent(50));
		assert_eq!(
			ModelOffers::<Test>::get(0)
				.iter()
				.find(|o| o.operator == OP2)
				.unwrap()
				.latency_ms,
			3_000,
			"measured on chain: answered within a block of its submission, whatever it reports"
		);
	});
}
use dgrid_primitives::Reputation as _;

#[test]
fn a_price_change_in_flight_does_not_touch_the_job() {
	ExtBuilder::default().build_and_execute(|| {
		market();
		assert_ok!(submit(ALICE, Strategy::Cheapest));
		// OP2 raises its prices a hundredfold after routing.
		assert_ok!(Market::set_offer(RuntimeOrigin::signed(OP2), 0, 200_000, 100_000, 2));
		let alice = free(ALICE) + escrow(ALICE);
		assert_ok!(answer(0, OP2, MAX_IN, 60));
		run_to(5);
		assert_eq!(free(ALICE), alice - (80 + 60), "billed at the routed prices");
	});
}

#[test]
fn submit_results_lands_a_batch_and_refunds_the_models_not_answered() {
	ExtBuilder::default().build_and_execute(|| {
		market();
		// Model 1, offered by OP1 only.
		assert_ok!(Market::list_model(
			RuntimeOrigin::signed(CAROL),
			name(b"other"),
			H256Like::zero(),
			4096,
			ModelKind::Llm
		));
		assert_ok!(Market::set_offer(RuntimeOrigin::signed(OP1), 1, 1_000, 2_000, 2));
		let only_op1 = || {
			let mut p = policy(Strategy::Cheapest);
			p.allow = BoundedVec::try_from(vec![OP1]).unwrap();
			p
		};
		for model in [0, 0, 1] {
			assert_ok!(Market::submit_job(
				RuntimeOrigin::signed(ALICE),
				JobTarget::Model(model),
				input(),
				MAX_OUT,
				10_000,
				only_op1(),
			));
		}
		let info = Market::submit_results(
			RuntimeOrigin::signed(worker(OP1)),
			batch(vec![report(0, b"a", 1, 2), report(1, b"bb", 3, 4), report(2, b"ccc", 5, 6)]),
		)
		.unwrap();
		// Charged for 3 results on 3 models (50 + 3 × 5 + 2 × 3), used 2 models.
		assert_eq!(
			Market::results_weight(3, 3, 6),
			frame_support::weights::Weight::from_parts(71, 0)
		);
		assert_eq!(info.actual_weight, Some(frame_support::weights::Weight::from_parts(68, 0)));
		for (j, text) in [(0u64, &b"a"[..]), (1, b"bb"), (2, b"ccc")] {
			let job = Jobs::<Test>::get(j).unwrap();
			assert!(matches!(job.status, JobStatus::Completed { .. }));
			assert_eq!(job.result.unwrap().output.into_inner(), text.to_vec());
		}
		let in_flight = |model| ModelOffers::<Test>::get(model)[0].in_flight;
		assert_eq!((in_flight(0), in_flight(1)), (0, 0));
		assert!(events().contains(&Event::JobCompleted {
			job: 2,
			operator: OP1,
			input_tokens: 5,
			output_tokens: 6,
			latency_ms: 100,
			settle_at: 5,
		}));
		run_to(5);
		assert!((0..3).all(|j| Jobs::<Test>::get(j).unwrap().status == JobStatus::Settled));
		assert_eq!(escrow(ALICE), 0);
	});
}

#[test]
fn an_operator_is_credited_once_a_block_for_all_its_settled_jobs() {
	ExtBuilder::default().build_and_execute(|| {
		market();
		submit_to(OP2, 2);
		set_reputation(OP2, Perbill::from_percent(50));
		assert_ok!(Market::submit_results(
			RuntimeOrigin::signed(worker(OP2)),
			batch(vec![report(0, b"a", 10, 10), report(1, b"b", 10, 10)])
		));
		// Both settle at block 5: two settlements (10 each), one credit (2), the bucket (1 + 1).
		System::set_block_number(5);
		TimerCursor::<Test>::put(5);
		let used = Market::run_timers(5, frame_support::weights::Weight::MAX);
		assert_eq!(used.ref_time(), 1 + 2 * 10 + 2 + 1);
		// 10 input and 10 output tokens at 2,000 and 1,000 per 1,000: 30, of which 10 % is
		// the protocol fee; both jobs' fees in one credit.
		assert_eq!(Served::get().get(&OP2), Some(&6));
		assert_eq!(MockRegistry::reputation(&OP2), Perbill::from_percent(50));
	});
}

#[test]
fn valid_answers_and_declines_from_the_assigned_worker_are_feeless() {
	use frame_support::dispatch::CheckIfFeeless;
	ExtBuilder::default().build_and_execute(|| {
		market();
		submit_to(OP1, 2);
		let feeless = |who: u64, reports: Vec<ResultReportOf<Test>>| {
			Call::<Test>::submit_results { results: batch(reports) }
				.is_feeless(&RuntimeOrigin::signed(who))
		};
		let w = worker(OP1);
		assert!(feeless(w, vec![report(0, b"a", 1, 1), report(1, b"b", 1, 1)]));
		assert!(!feeless(w, vec![]), "an empty batch pays");
		assert!(!feeless(w, vec![report(0, b"a", 1, 1), report(0, b"a", 1, 1)]), "a repeat pays");
		assert!(!feeless(w, vec![report(0, b"a", 1, MAX_OUT + 1)]), "over the bound pays");
		assert!(!feeless(w, vec![report(7, b"a", 1, 1)]), "an unknown job pays");
		assert!(!feeless(worker(OP2), vec![report(0, b"a", 1, 1)]), "another worker pays");
		assert!(!feeless(ALICE, vec![report(0, b"a", 1, 1)]), "a non-worker pays");
		let single = Call::<Test>::submit_result {
			job: 0,
			output: output(b"a"),
			input_tokens: 1,
			output_tokens: 1,
			latency_ms: 1,
		};
		assert!(single.is_feeless(&RuntimeOrigin::signed(w)));
		assert!(Call::<Test>::decline_job { job: 1 }.is_feeless(&RuntimeOrigin::signed(w)));
		assert!(
			!Call::<Test>::decline_job { job: 1 }.is_feeless(&RuntimeOrigin::signed(worker(OP2)))
		);
		// Past the deadline nothing is feeless.
		System::set_block_number(7);
		assert!(!feeless(w, vec![report(0, b"a", 1, 1)]));
		assert!(!Call::<Test>::decline_job { job: 1 }.is_feeless(&RuntimeOrigin::signed(w)));
	});
}

#[test]
fn heartbeats_say_an_operator_is_up_once_a_period_and_are_feeless_when_due() {
	use frame_support::dispatch::CheckIfFeeless;
	ExtBuilder::default().build_and_execute(|| {
		market();
		let latencies = |l: Vec<(ModelId, u32)>| -> BoundedVec<(ModelId, u32), ConstU32<4>> {
			BoundedVec::try_from(l).unwrap()
		};
		let beat = |who: u64, l: Vec<(ModelId, u32)>| {
			Market::heartbeat(RuntimeOrigin::signed(who), latencies(l))
		};
		let call = Call::<Test>::heartbeat { latencies: latencies(vec![(0, 300)]) };
		assert!(call.is_feeless(&RuntimeOrigin::signed(worker(OP2))));
		assert!(!call.is_feeless(&RuntimeOrigin::signed(ALICE)), "not a worker: pays");
		assert_noop!(beat(ALICE, vec![(0, 300)]), Error::<Test>::NotAWorker);
		assert_noop!(beat(worker(OP2), vec![(9, 300)]), Error::<Test>::NoSuchOffer);
		assert_ok!(beat(worker(OP2), vec![(0, 1)]));
		assert_eq!(LastHeartbeat::<Test>::get(OP2), Some(1));
		assert!(events().contains(&Event::Heartbeat { operator: OP2, models: 1 }));
		// The reported latency is the operator's own word: it ranks nobody.
		let latency = |op| {
			ModelOffers::<Test>::get(0)
				.iter()
				.find(|o| o.operator == op)
				.unwrap()
				.latency_ms
		};
		assert_eq!(latency(OP2), 0);
		assert!(!call.is_feeless(&RuntimeOrigin::signed(worker(OP2))), "too soon: pays");
		assert_noop!(beat(worker(OP2), vec![(0, 100)]), Error::<Test>::HeartbeatTooSoon);
		System::set_block_number(11);
		assert_ok!(beat(worker(OP2), vec![(0, 100)]));
		assert_eq!(LastHeartbeat::<Test>::get(OP2), Some(11));
	});
}

/// Latency farming: an operator that claims to answer in 1 ms ranks by the latency the chain
/// measured (blocks from assignment to result), not by what it claims.
#[test]
fn fastest_ranks_by_the_latency_measured_on_chain() {
	ExtBuilder::default().build_and_execute(|| {
		market();
		// OP1 answers a job four blocks after it got it, claiming 1 ms; OP2 in the next block,
		// claiming 5 s.
		submit_to(OP1, 1);
		submit_to(OP2, 1);
		System::set_block_number(2);
		assert_ok!(Market::submit_results(
			RuntimeOrigin::signed(worker(OP2)),
			batch(vec![ResultReport { latency_ms: 5_000, ..report(1, b"b", 1, 1) }])
		));
		System::set_block_number(5);
		assert_ok!(Market::submit_results(
			RuntimeOrigin::signed(worker(OP1)),
			batch(vec![ResultReport { latency_ms: 1, ..report(0, b"a", 1, 1) }])
		));
		let latency = |op| {
			ModelOffers::<Test>::get(0)
				.iter()
				.find(|o| o.operator == op)
				.unwrap()
				.latency_ms
		};
		assert_eq!((latency(OP1), latency(OP2)), (12_000, 3_000));
		assert_eq!(Jobs::<Test>::get(0).unwrap().result.unwrap().latency_ms, 1, "kept as claimed");
		assert_ok!(submit(ALICE, Strategy::Fastest));
		assert_eq!(route(2)[0], OP2);
	});
}

#[test]
fn submit_results_is_all_or_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		market();
		submit_to(OP1, 2);
		let held = escrow(ALICE);
		let w = || RuntimeOrigin::signed(worker(OP1));
		assert_noop!(Market::submit_results(w(), batch(vec![])), Error::<Test>::EmptyBatch);
		// The second result bills more output tokens than the job allows: nothing lands.
		assert_noop!(
			Market::submit_results(
				w(),
				batch(vec![report(0, b"ok", 1, 1), report(1, b"no", 1, MAX_OUT + 1)])
			),
			Error::<Test>::OutputTokensAboveMax
		);
		// The same job twice.
		assert_noop!(
			Market::submit_results(w(), batch(vec![report(0, b"ok", 1, 1), report(0, b"x", 1, 1)])),
			Error::<Test>::DuplicateResult
		);
		assert_noop!(
			Market::submit_results(w(), batch(vec![report(0, b"ok", 1, 1), report(9, b"x", 1, 1)])),
			Error::<Test>::UnknownJob
		);
		assert_noop!(
			Market::submit_results(
				RuntimeOrigin::signed(worker(OP2)),
				batch(vec![report(0, b"ok", 1, 1)])
			),
			Error::<Test>::NotAssignedToYou
		);
		assert_noop!(
			Market::submit_results(
				RuntimeOrigin::signed(ALICE),
				batch(vec![report(0, b"ok", 1, 1)])
			),
			Error::<Test>::NotAWorker
		);
		assert!((0..2).all(|j| Jobs::<Test>::get(j).unwrap().result.is_none()));
		assert_eq!(escrow(ALICE), held);
		assert_eq!(ModelOffers::<Test>::get(0)[0].in_flight, 2);
	});
}

#[test]
fn submit_result_failures() {
	ExtBuilder::default().build_and_execute(|| {
		market();
		assert_ok!(submit(ALICE, Strategy::Cheapest));
		let o = RuntimeOrigin::signed;
		let out = || output(b"x");
		assert_noop!(Market::submit_result(o(OP2), 0, out(), 1, 1, 1), Error::<Test>::NotAWorker);
		assert_noop!(
			Market::submit_result(o(worker(OP2)), 9, out(), 1, 1, 1),
			Error::<Test>::UnknownJob
		);
		assert_noop!(
			Market::submit_result(o(worker(OP1)), 0, out(), 1, 1, 1),
			Error::<Test>::NotAssignedToYou
		);
		assert_noop!(
			Market::submit_result(o(worker(OP2)), 0, out(), 1, MAX_OUT + 1, 1),
			Error::<Test>::OutputTokensAboveMax
		);
		assert_noop!(
			Market::submit_result(o(worker(OP2)), 0, out(), MAX_IN + 1, 1, 1),
			Error::<Test>::InputTokensAboveBound
		);
		assert_ok!(Market::submit_result(o(worker(OP2)), 0, out(), MAX_IN, MAX_OUT, 1));
		assert_noop!(
			Market::submit_result(o(worker(OP2)), 0, out(), 1, 1, 1),
			Error::<Test>::JobNotAssigned
		);
		// A result after the deadline (before the timer ran) is refused.
		assert_ok!(submit(ALICE, Strategy::Cheapest));
		System::set_block_number(7);
		assert_noop!(answer(1, assigned(1), 1, 1), Error::<Test>::DeadlinePassed);
	});
}

/// Whether `call` from `who` would land: dispatched, then rolled back.
fn lands(call: Call<Test>, who: u64) -> bool {
	use frame_support::storage::{with_transaction, TransactionOutcome};
	use sp_runtime::traits::Dispatchable;
	with_transaction(|| {
		let landed = RuntimeCall::Market(call).dispatch(RuntimeOrigin::signed(who)).is_ok();
		TransactionOutcome::Rollback(Ok::<_, DispatchError>(landed))
	})
	.unwrap()
}

/// Feeless means it lands: for results, declines and heartbeats, from the right and wrong
/// workers, on time and late, with the audit queue full or the operator unbonded, a call is
/// feeless exactly when it would succeed. A call that fails pays its fee.
#[test]
fn a_call_is_feeless_exactly_when_it_lands() {
	use frame_support::dispatch::CheckIfFeeless;
	ExtBuilder::default().build_and_execute(|| {
		market();
		submit_to(OP1, 2);
		let beat = |models: Vec<ModelId>| Call::<Test>::heartbeat {
			latencies: BoundedVec::try_from(
				models.into_iter().map(|m| (m, 100)).collect::<Vec<_>>(),
			)
			.unwrap(),
		};
		let calls = || {
			vec![
				Call::<Test>::submit_results {
					results: batch(vec![report(0, b"a", 1, 1), report(1, b"b", 1, 1)]),
				},
				Call::<Test>::submit_results {
					results: batch(vec![report(0, b"a", 1, 1), report(0, b"a", 1, 1)]),
				},
				Call::<Test>::submit_results {
					results: batch(vec![report(0, b"a", 1, MAX_OUT + 1)]),
				},
				Call::<Test>::submit_results { results: batch(vec![]) },
				Call::<Test>::submit_result {
					job: 1,
					output: output(b"a"),
					input_tokens: 1,
					output_tokens: 1,
					latency_ms: 1,
				},
				Call::<Test>::decline_job { job: 1 },
				Call::<Test>::decline_job { job: 9 },
				beat(vec![0]),
				beat(vec![]),
				beat(vec![9]),
				beat(vec![0, 9]),
			]
		};
		let check = |when: &str| {
			for who in [worker(OP1), worker(OP2), ALICE] {
				for call in calls() {
					let feeless = call.is_feeless(&RuntimeOrigin::signed(who));
					assert_eq!(feeless, lands(call.clone(), who), "{when}: {call:?} from {who}");
				}
			}
		};
		check("on time");
		assert!(calls().iter().any(|c| c.is_feeless(&RuntimeOrigin::signed(worker(OP1)))));
		// The audit queue has room for one result only: the batch of two is refused.
		QueueRoom::set(1);
		check("audit queue nearly full");
		assert_noop!(
			Market::submit_results(
				RuntimeOrigin::signed(worker(OP1)),
				batch(vec![report(0, b"a", 1, 1), report(1, b"b", 1, 1)])
			),
			Error::<Test>::TooBusy
		);
		QueueRoom::set(u32::MAX);
		// A heartbeat landed: the next is too soon.
		assert_ok!(Market::heartbeat(RuntimeOrigin::signed(worker(OP1)), BoundedVec::new()));
		check("heartbeat too soon");
		// The operator is no longer eligible: nothing it sends lands but declines.
		set_eligible(OP1, false);
		check("operator unbonded");
		set_eligible(OP1, true);
		// Past the deadline.
		System::set_block_number(7);
		check("late");
	});
}

fn storage_deposit(who: u64) -> Balance {
	Balances::balance_on_hold(&HoldReason::StorageDeposit.into(), &who)
}

/// A job holds `DepositPerByte` for each byte of its input and of the longest answer while it
/// is open; settled or refunded, the deposit comes back whole.
#[test]
fn an_open_job_holds_a_storage_deposit_per_byte_until_it_finishes() {
	ExtBuilder::default().build_and_execute(|| {
		DepositPerByte::set(3);
		market();
		let alice = free(ALICE);
		assert_ok!(submit(ALICE, Strategy::Cheapest));
		let deposit = 3 * (INPUT.len() as Balance + 1024);
		assert_eq!(Market::deposit_for(INPUT.len() as u32), deposit);
		assert_eq!(storage_deposit(ALICE), deposit);
		assert_eq!(Jobs::<Test>::get(0).unwrap().deposit, deposit);
		assert_eq!(free(ALICE), alice - cost(OP3) - deposit);
		// Answered and settled: the deposit is released with the escrow's rest.
		assert_ok!(answer(0, OP2, MAX_IN, 60));
		run_to(5);
		assert_eq!(storage_deposit(ALICE), 0);
		assert_eq!(Jobs::<Test>::get(0).unwrap().deposit, 0);
		assert_eq!(free(ALICE), alice - 140);
		// Nobody answers the next one: refunded, the deposit with it.
		let alice = free(ALICE);
		assert_ok!(submit(ALICE, Strategy::Cheapest));
		assert_eq!(storage_deposit(ALICE), deposit);
		run_to(40);
		assert!(events().iter().any(|e| matches!(e, Event::JobFailed { job: 1, .. })));
		assert_eq!(storage_deposit(ALICE), 0);
		assert_eq!(free(ALICE), alice);
	});
}

#[test]
fn a_user_who_cannot_hold_the_storage_deposit_is_refused_and_nothing_held() {
	ExtBuilder::default().build_and_execute(|| {
		market();
		// More than Alice has.
		DepositPerByte::set(free(ALICE) / 1024 + 1);
		assert_noop!(submit(ALICE, Strategy::Cheapest), Error::<Test>::InsufficientBalance);
		assert_eq!(escrow(ALICE), 0);
		assert_eq!(storage_deposit(ALICE), 0);
	});
}

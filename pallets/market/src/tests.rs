// Test code: overflow would be a test bug and panics loudly.
#![allow(clippy::arithmetic_side_effects)]

use crate::{mock::*, routing::worst_case_cost, *};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold, BoundedVec};
use sp_runtime::{DispatchError, Perbill};

const INPUT: &[u8] = br#"[{"role":"user","content":"hi"}]"#;
/// Input bytes plus the chat-template allowance (8).
const MAX_IN: u32 = INPUT.len() as u32 + 8;
const MAX_OUT: u32 = 100;

fn name(n: &[u8]) -> BoundedVec<u8, ConstU32<32>> {
	BoundedVec::try_from(n.to_vec()).unwrap()
}
use frame_support::traits::ConstU32;

fn input() -> BoundedVec<u8, ConstU32<1024>> {
	BoundedVec::try_from(INPUT.to_vec()).unwrap()
}

fn output(text: &[u8]) -> BoundedVec<u8, ConstU32<1024>> {
	BoundedVec::try_from(text.to_vec()).unwrap()
}

fn policy(strategy: Strategy) -> PolicyOf<Test> {
	RoutingPolicy::with_strategy(strategy)
}

fn escrow(who: u64) -> Balance {
	Balances::balance_on_hold(&HoldReason::JobEscrow.into(), &who)
}

fn free(who: u64) -> Balance {
	Balances::free_balance(who)
}

/// Model 0 (context 4096) with offers: OP1 (1000 in, 2000 out), OP2 (2000, 1000),
/// OP3 (3000, 3000), each with capacity 2.
fn market() {
	assert_ok!(Market::list_model(
		RuntimeOrigin::signed(CAROL),
		name(b"llama3.1:8b"),
		H256Like::repeat_byte(1),
		4096,
		ModelKind::Llm
	));
	assert_ok!(Market::set_offer(RuntimeOrigin::signed(OP1), 0, 1_000, 2_000, 2));
	assert_ok!(Market::set_offer(RuntimeOrigin::signed(OP2), 0, 2_000, 1_000, 2));
	assert_ok!(Market::set_offer(RuntimeOrigin::signed(OP3), 0, 3_000, 3_000, 2));
}
type H256Like = dgrid_primitives::Hash;

fn cost(op: u64) -> Balance {
	match op {
		OP1 => worst_case_cost(MAX_IN, MAX_OUT, 1_000, 2_000),
		OP2 => worst_case_cost(MAX_IN, MAX_OUT, 2_000, 1_000),
		_ => worst_case_cost(MAX_IN, MAX_OUT, 3_000, 3_000),
	}
}

fn submit(who: u64, strategy: Strategy) -> DispatchResult {
	Market::submit_job(
		RuntimeOrigin::signed(who),
		JobTarget::Model(0),
		input(),
		MAX_OUT,
		10_000,
		policy(strategy),
	)
	.map(|_| ())
	.map_err(|e| e.error)
}
use frame_support::dispatch::DispatchResult;

fn route(job: JobId) -> Vec<u64> {
	Jobs::<Test>::get(job).unwrap().route.iter().map(|a| a.operator).collect()
}

fn assigned(job: JobId) -> u64 {
	Jobs::<Test>::get(job).unwrap().assignment().unwrap().operator
}

fn answer(job: JobId, op: u64, input_tokens: u32, output_tokens: u32) -> DispatchResult {
	Market::submit_result(
		RuntimeOrigin::signed(worker(op)),
		job,
		output(b"hello"),
		input_tokens,
		output_tokens,
		250,
	)
}

// ---- models ----

#[test]
fn list_model_holds_the_deposit() {
	ExtBuilder::build_and_execute(|| {
		market();
		let m = Models::<Test>::get(0).unwrap();
		assert_eq!((m.owner, m.context_length, m.status), (CAROL, 4096, ModelStatus::Listed));
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::ModelDeposit.into(), &CAROL),
			MODEL_DEPOSIT
		);
		assert!(events().contains(&Event::ModelListed { model: 0, owner: CAROL }));
	});
}

#[test]
fn list_model_failures() {
	ExtBuilder::build_and_execute(|| {
		let o = RuntimeOrigin::signed;
		let d = H256Like::zero();
		assert_noop!(
			Market::list_model(o(ALICE), name(b""), d, 10, ModelKind::Llm),
			Error::<Test>::EmptyName
		);
		assert_noop!(
			Market::list_model(o(ALICE), name(b"m"), d, 0, ModelKind::Llm),
			Error::<Test>::ZeroContextLength
		);
		assert_noop!(
			Market::list_model(o(77), name(b"m"), d, 10, ModelKind::Embedding),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn curation_delists_and_takes_the_deposit_while_jobs_in_flight_finish() {
	ExtBuilder::build_and_execute(|| {
		market();
		assert_ok!(submit(ALICE, Strategy::Cheapest));
		assert_noop!(
			Market::delist_model(RuntimeOrigin::signed(ALICE), 0),
			DispatchError::BadOrigin
		);
		let treasury = free(TREASURY);
		assert_ok!(Market::delist_model(RuntimeOrigin::root(), 0));
		assert_eq!(free(TREASURY), treasury + MODEL_DEPOSIT);
		assert_eq!(Models::<Test>::get(0).unwrap().status, ModelStatus::Delisted);
		assert_noop!(Market::delist_model(RuntimeOrigin::root(), 0), Error::<Test>::ModelDelisted);
		assert_noop!(Market::delist_model(RuntimeOrigin::root(), 9), Error::<Test>::UnknownModel);
		// Only the busy offer remains, closed to new jobs.
		let offers = ModelOffers::<Test>::get(0);
		assert_eq!(
			offers.iter().map(|o| (o.operator, o.capacity)).collect::<Vec<_>>(),
			vec![(OP2, 0)]
		);
		assert_noop!(submit(BOB, Strategy::Cheapest), Error::<Test>::ModelDelisted);
		assert_noop!(
			Market::set_offer(RuntimeOrigin::signed(OP1), 0, 1, 1, 1),
			Error::<Test>::ModelDelisted
		);
		// The job in flight is still answered and settles.
		assert_ok!(answer(0, OP2, 10, 10));
		assert!(ModelOffers::<Test>::get(0).is_empty());
		run_to(10);
		assert_eq!(Jobs::<Test>::get(0).unwrap().status, JobStatus::Settled);
	});
}

// ---- offers ----

#[test]
fn set_offer_creates_and_updates() {
	ExtBuilder::build_and_execute(|| {
		market();
		assert_ok!(Market::set_offer(RuntimeOrigin::signed(OP1), 0, 5, 6, 7));
		let o = ModelOffers::<Test>::get(0).into_iter().find(|o| o.operator == OP1).unwrap();
		assert_eq!((o.price_in, o.price_out, o.capacity), (5, 6, 7));
		assert_eq!(ModelOffers::<Test>::get(0).len(), 3);
		assert_eq!(
			events().last(),
			Some(&Event::OfferSet {
				model: 0,
				operator: OP1,
				price_in: 5,
				price_out: 6,
				capacity: 7
			})
		);
	});
}

#[test]
fn set_offer_failures() {
	ExtBuilder::build_and_execute(|| {
		market();
		let o = RuntimeOrigin::signed;
		assert_noop!(Market::set_offer(o(OP1), 5, 1, 1, 1), Error::<Test>::UnknownModel);
		assert_noop!(Market::set_offer(o(ALICE), 0, 1, 1, 1), Error::<Test>::NotEligibleOperator);
		assert_noop!(Market::set_offer(o(OP1), 0, 1, 1, 0), Error::<Test>::ZeroCapacity);
		set_eligible(OP1, false);
		assert_noop!(Market::set_offer(o(OP1), 0, 1, 1, 1), Error::<Test>::NotEligibleOperator);
		for op in [40, 50] {
			Registry::mutate(|r| r.insert(op, (op + 1, true, Perbill::one())));
		}
		assert_ok!(Market::set_offer(o(40), 0, 1, 1, 1));
		assert_noop!(Market::set_offer(o(50), 0, 1, 1, 1), Error::<Test>::TooManyOffers);
	});
}

#[test]
fn withdraw_offer_closes_it_and_it_goes_when_its_jobs_are_done() {
	ExtBuilder::build_and_execute(|| {
		market();
		assert_noop!(
			Market::withdraw_offer(RuntimeOrigin::signed(ALICE), 0),
			Error::<Test>::NoSuchOffer
		);
		assert_ok!(Market::withdraw_offer(RuntimeOrigin::signed(OP3), 0));
		assert_eq!(ModelOffers::<Test>::get(0).len(), 2);
		assert!(events().contains(&Event::OfferWithdrawn { model: 0, operator: OP3 }));
		assert_ok!(submit(ALICE, Strategy::Cheapest));
		assert_eq!(route(0), vec![OP2, OP1], "a withdrawn offer is never routed to");
		assert_ok!(Market::withdraw_offer(RuntimeOrigin::signed(OP2), 0));
		assert_noop!(
			Market::withdraw_offer(RuntimeOrigin::signed(OP2), 0),
			Error::<Test>::NoSuchOffer
		);
		assert_eq!(ModelOffers::<Test>::get(0).len(), 2, "kept while a job is in flight");
		assert_ok!(answer(0, OP2, 10, 10));
		assert_eq!(ModelOffers::<Test>::get(0).len(), 1);
	});
}

// ---- agents ----

#[test]
fn agents_publish_change_fee_and_retire() {
	ExtBuilder::build_and_execute(|| {
		market();
		let prompt = BoundedVec::try_from(b"You are a pirate.".to_vec()).unwrap();
		assert_ok!(Market::publish_agent(RuntimeOrigin::signed(CAROL), 0, prompt, 50));
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::AgentDeposit.into(), &CAROL),
			AGENT_DEPOSIT
		);
		assert!(events().contains(&Event::AgentPublished {
			agent: 0,
			creator: CAROL,
			model: 0,
			fee_per_call: 50
		}));
		assert_noop!(
			Market::set_agent_fee(RuntimeOrigin::signed(BOB), 0, 1),
			Error::<Test>::NotAgentCreator
		);
		assert_noop!(
			Market::set_agent_fee(RuntimeOrigin::signed(CAROL), 4, 1),
			Error::<Test>::UnknownAgent
		);
		assert_ok!(Market::set_agent_fee(RuntimeOrigin::signed(CAROL), 0, 60));
		assert_eq!(Agents::<Test>::get(0).unwrap().fee_per_call, 60);
		assert_noop!(
			Market::retire_agent(RuntimeOrigin::signed(BOB), 0),
			Error::<Test>::NotAgentCreator
		);
		assert_noop!(
			Market::retire_agent(RuntimeOrigin::signed(CAROL), 3),
			Error::<Test>::UnknownAgent
		);
		assert_ok!(Market::retire_agent(RuntimeOrigin::signed(CAROL), 0));
		assert_eq!(Balances::balance_on_hold(&HoldReason::AgentDeposit.into(), &CAROL), 0);
		assert!(events().contains(&Event::AgentRetired { agent: 0 }));
	});
}

#[test]
fn publish_agent_failures() {
	ExtBuilder::build_and_execute(|| {
		market();
		let prompt = || BoundedVec::try_from(b"p".to_vec()).unwrap();
		assert_noop!(
			Market::publish_agent(RuntimeOrigin::signed(CAROL), 7, prompt(), 1),
			Error::<Test>::UnknownModel
		);
		assert_noop!(
			Market::publish_agent(RuntimeOrigin::signed(77), 0, prompt(), 1),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn an_agent_call_pays_the_creator_and_blocks_retirement_while_in_flight() {
	ExtBuilder::build_and_execute(|| {
		market();
		let prompt = b"You are a pirate.";
		assert_ok!(Market::publish_agent(
			RuntimeOrigin::signed(CAROL),
			0,
			BoundedVec::try_from(prompt.to_vec()).unwrap(),
			50
		));
		assert_ok!(Market::submit_job(
			RuntimeOrigin::signed(ALICE),
			JobTarget::Agent(0),
			input(),
			MAX_OUT,
			10_000,
			policy(Strategy::Cheapest)
		));
		let job = Jobs::<Test>::get(0).unwrap();
		assert_eq!(job.max_input_tokens, MAX_IN + prompt.len() as u32);
		assert_eq!(job.creator_fee, Some((CAROL, 50)));
		// The hold covers the worst provider on the route plus the creator fee.
		let worst = job
			.route
			.iter()
			.map(|a| worst_case_cost(job.max_input_tokens, MAX_OUT, a.price_in, a.price_out))
			.max()
			.unwrap();
		assert_eq!(job.hold, worst + 50);
		assert_noop!(
			Market::retire_agent(RuntimeOrigin::signed(CAROL), 0),
			Error::<Test>::AgentHasJobsInFlight
		);
		// A fee change does not touch the call in flight.
		assert_ok!(Market::set_agent_fee(RuntimeOrigin::signed(CAROL), 0, 5_000));
		let carol = free(CAROL);
		assert_ok!(answer(0, OP2, 20, 30));
		run_to(10);
		assert_eq!(free(CAROL), carol + 50);
		assert_ok!(Market::retire_agent(RuntimeOrigin::signed(CAROL), 0));
	});
}

// ---- routing ----

#[test]
fn strategies_rank_as_documented() {
	ExtBuilder::build_and_execute(|| {
		market();
		assert_ok!(submit(ALICE, Strategy::Cheapest));
		assert_eq!(route(0), vec![OP2, OP1, OP3]);
		set_reputation(OP3, Perbill::from_percent(90));
		set_reputation(OP1, Perbill::from_percent(70));
		assert_ok!(submit(ALICE, Strategy::BestQuality));
		assert_eq!(route(1), vec![OP3, OP1, OP2]);
		ModelOffers::<Test>::mutate(0, |offers| {
			for o in offers.iter_mut() {
				o.latency_ms = match o.operator {
					OP1 => 300,
					OP2 => 900,
					_ => 0, // unknown: the default, 1000 ms
				}
			}
		});
		assert_ok!(submit(ALICE, Strategy::Fastest));
		assert_eq!(route(2), vec![OP1, OP2, OP3]);
		// Balanced: OP1 = price 182/241 + speed 1 + rep .7 = 2.455;
		// OP2 = 1 + 300/900 + .5 = 1.83; OP3 = 182/423 + .3 + .9 = 1.63.
		assert_ok!(submit(ALICE, Strategy::Balanced));
		assert_eq!(route(3), vec![OP1, OP2, OP3]);
	});
}

#[test]
fn ties_are_broken_by_randomness_and_quote_matches_submission() {
	ExtBuilder::build_and_execute(|| {
		market();
		// Same prices for everyone: the order comes from the tie-break alone.
		for op in [OP1, OP2, OP3] {
			assert_ok!(Market::set_offer(RuntimeOrigin::signed(op), 0, 1_000, 1_000, 2));
		}
		let mut orders = std::collections::BTreeSet::new();
		for job in 0..6u64 {
			let quote = Market::quote(
				JobTarget::Model(0),
				INPUT.len() as u32,
				MAX_OUT,
				10_000,
				policy(Strategy::Cheapest),
			)
			.unwrap();
			assert_ok!(submit(ALICE, Strategy::Cheapest));
			let quoted: Vec<u64> = quote.route.iter().map(|q| q.operator).collect();
			assert_eq!(quoted, route(job), "quote and submission agree");
			assert_eq!(quote.hold, Jobs::<Test>::get(job).unwrap().hold);
			orders.insert(route(job));
			// Free the slots for the next round.
			assert_ok!(answer(job, assigned(job), 1, 1));
		}
		assert!(orders.len() > 1, "the tie-break varies with the job");
	});
}

#[test]
fn policy_filters_and_errors_name_what_to_fix() {
	ExtBuilder::build_and_execute(|| {
		market();
		let submit_with = |p: PolicyOf<Test>, max_fee: Balance| {
			Market::submit_job(
				RuntimeOrigin::signed(ALICE),
				JobTarget::Model(0),
				input(),
				MAX_OUT,
				max_fee,
				p,
			)
			.map(|_| ())
			.map_err(|e| e.error)
		};
		let mut p = policy(Strategy::Cheapest);
		p.max_price_out = Some(1_500);
		p.min_reputation = Perbill::from_percent(50);
		assert_ok!(submit_with(p.clone(), 10_000));
		assert_eq!(route(0), vec![OP2]);
		p.min_reputation = Perbill::from_percent(60);
		assert_noop!(submit_with(p, 10_000), Error::<Test>::NoProviderMatchesPolicy);
		let mut p = policy(Strategy::Cheapest);
		p.allow = BoundedVec::try_from(vec![OP3, OP1]).unwrap();
		p.deny = BoundedVec::try_from(vec![OP1]).unwrap();
		assert_ok!(submit_with(p, 10_000));
		assert_eq!(route(1), vec![OP3]);
		// max_fee below the cheapest worst case.
		assert_noop!(
			submit_with(policy(Strategy::Cheapest), cost(OP2) - 1),
			Error::<Test>::MaxFeeBelowCheapestOffer
		);
		// Exactly the cheapest worst case routes to that one operator only.
		assert_ok!(submit_with(policy(Strategy::Cheapest), cost(OP2)));
		assert_eq!(route(2), vec![OP2]);
		assert_eq!(escrow(ALICE), cost(OP2) + cost(OP3) + cost(OP2));
	});
}

#[test]
fn submit_job_failures_hold_nothing() {
	ExtBuilder::build_and_execute(|| {
		market();
		let o = RuntimeOrigin::signed;
		let p = || policy(Strategy::Cheapest);
		let empty = BoundedVec::new();
		assert_noop!(
			Market::submit_job(o(ALICE), JobTarget::Model(0), empty, 1, 10_000, p()),
			Error::<Test>::EmptyInput
		);
		assert_noop!(
			Market::submit_job(o(ALICE), JobTarget::Model(0), input(), 0, 10_000, p()),
			Error::<Test>::ZeroMaxOutput
		);
		assert_noop!(
			Market::submit_job(o(ALICE), JobTarget::Model(9), input(), 1, 10_000, p()),
			Error::<Test>::UnknownModel
		);
		assert_noop!(
			Market::submit_job(o(ALICE), JobTarget::Agent(9), input(), 1, 10_000, p()),
			Error::<Test>::UnknownAgent
		);
		assert_noop!(
			Market::submit_job(o(ALICE), JobTarget::Model(0), input(), 4096, 10_000, p()),
			Error::<Test>::ExceedsContextLength
		);
		// A user with too little balance for the worst case.
		assert_ok!(<Balances as frame_support::traits::fungible::Mutate<u64>>::transfer(
			&BOB,
			&ALICE,
			ENDOWMENT - 100,
			frame_support::traits::tokens::Preservation::Preserve
		));
		assert_noop!(submit(BOB, Strategy::Cheapest), Error::<Test>::InsufficientBalance);
		assert_eq!(free(BOB), 100);
		assert_ok!(Market::list_model(
			o(CAROL),
			name(b"bare"),
			H256Like::zero(),
			4096,
			ModelKind::Llm
		));
		assert_noop!(
			Market::submit_job(o(ALICE), JobTarget::Model(1), input(), 1, 10_000, p()),
			Error::<Test>::NoProviderForModel
		);
		for op in [OP1, OP2, OP3] {
			set_eligible(op, false);
		}
		assert_noop!(submit(ALICE, Strategy::Cheapest), Error::<Test>::NoProviderForModel);
	});
}

#[test]
fn capacity_exhausted() {
	ExtBuilder::build_and_execute(|| {
		market();
		// Six slots in all; the seventh job finds everyone busy.
		for _ in 0..6 {
			assert_ok!(submit(ALICE, Strategy::Cheapest));
		}
		assert_eq!((0..6).map(assigned).collect::<Vec<_>>(), vec![OP2, OP2, OP1, OP1, OP3, OP3]);
		assert_eq!(route(4), vec![OP3], "busy operators are not fallbacks");
		assert_noop!(submit(ALICE, Strategy::Cheapest), Error::<Test>::AllProvidersBusy);
		assert_ok!(answer(0, OP2, 1, 1));
		assert_ok!(submit(ALICE, Strategy::Cheapest));
		assert_eq!(assigned(6), OP2);
	});
}

// ---- results and settlement ----

#[test]
fn a_job_settles_with_exact_payments() {
	ExtBuilder::build_and_execute(|| {
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
				refund: hold - fee,
			})
		);
		assert_eq!(Jobs::<Test>::get(0).unwrap().status, JobStatus::Settled);
		assert_eq!(Served::get().get(&OP2), Some(&1));
		assert_eq!(MockRegistry::reputation(&OP2), Perbill::one());
		assert_eq!(
			ModelOffers::<Test>::get(0)
				.iter()
				.find(|o| o.operator == OP2)
				.unwrap()
				.latency_ms,
			250
		);
	});
}
use dgrid_primitives::Reputation as _;

#[test]
fn a_price_change_in_flight_does_not_touch_the_job() {
	ExtBuilder::build_and_execute(|| {
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

/// Submit `n` jobs from Alice on model 0 that only `op` may serve.
fn submit_to(op: u64, n: u32) {
	let mut p = policy(Strategy::Cheapest);
	p.allow = BoundedVec::try_from(vec![op]).unwrap();
	for _ in 0..n {
		assert_ok!(Market::submit_job(
			RuntimeOrigin::signed(ALICE),
			JobTarget::Model(0),
			input(),
			MAX_OUT,
			10_000,
			p.clone(),
		));
	}
}

fn report(job: JobId, text: &[u8], input_tokens: u32, output_tokens: u32) -> ResultReportOf<Test> {
	ResultReport { job, output: output(text), input_tokens, output_tokens, latency_ms: 100 }
}

fn batch(reports: Vec<ResultReportOf<Test>>) -> BoundedVec<ResultReportOf<Test>, ConstU32<4>> {
	BoundedVec::try_from(reports).unwrap()
}

#[test]
fn submit_results_lands_a_batch_and_refunds_the_models_not_answered() {
	ExtBuilder::build_and_execute(|| {
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
	ExtBuilder::build_and_execute(|| {
		market();
		submit_to(OP2, 2);
		set_reputation(OP2, Perbill::from_percent(50));
		assert_ok!(Market::submit_results(
			RuntimeOrigin::signed(worker(OP2)),
			batch(vec![report(0, b"a", 1, 1), report(1, b"b", 1, 1)])
		));
		// Both settle at block 5: two settlements (10 each), one credit (2), the bucket (1 + 1).
		System::set_block_number(5);
		TimerCursor::<Test>::put(5);
		let used = Market::run_timers(5, frame_support::weights::Weight::MAX);
		assert_eq!(used.ref_time(), 1 + 2 * 10 + 2 + 1);
		assert_eq!(Served::get().get(&OP2), Some(&2));
		assert_eq!(MockRegistry::reputation(&OP2), Perbill::one());
	});
}

#[test]
fn valid_answers_and_declines_from_the_assigned_worker_are_feeless() {
	use frame_support::dispatch::CheckIfFeeless;
	ExtBuilder::build_and_execute(|| {
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
fn heartbeats_feed_latency_once_a_period_and_are_feeless_when_due() {
	use frame_support::dispatch::CheckIfFeeless;
	ExtBuilder::build_and_execute(|| {
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
		assert_ok!(beat(worker(OP2), vec![(0, 300)]));
		let latency = |op| {
			ModelOffers::<Test>::get(0)
				.iter()
				.find(|o| o.operator == op)
				.unwrap()
				.latency_ms
		};
		assert_eq!(latency(OP2), 300, "the first sample sets the average");
		assert!(events().contains(&Event::Heartbeat { operator: OP2, models: 1 }));
		assert!(!call.is_feeless(&RuntimeOrigin::signed(worker(OP2))), "too soon: pays");
		assert_noop!(beat(worker(OP2), vec![(0, 100)]), Error::<Test>::HeartbeatTooSoon);
		System::set_block_number(11);
		assert_ok!(beat(worker(OP2), vec![(0, 100)]));
		// α = 20 %: 0.8 × 300 + 0.2 × 100.
		assert_eq!(latency(OP2), 260);
		// Fastest now prefers OP2 (the others have no latency yet and count 2 s).
		assert_ok!(submit(ALICE, Strategy::Fastest));
		assert_eq!(route(0)[0], OP2);
	});
}

#[test]
fn submit_results_is_all_or_nothing() {
	ExtBuilder::build_and_execute(|| {
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
		// The same job twice: the second is no longer assigned.
		assert_noop!(
			Market::submit_results(w(), batch(vec![report(0, b"ok", 1, 1), report(0, b"x", 1, 1)])),
			Error::<Test>::JobNotAssigned
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
	ExtBuilder::build_and_execute(|| {
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

// ---- failover ----

#[test]
fn a_missed_deadline_fails_over_and_costs_reputation() {
	ExtBuilder::build_and_execute(|| {
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
	ExtBuilder::build_and_execute(|| {
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
	ExtBuilder::build_and_execute(|| {
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
	ExtBuilder::build_and_execute(|| {
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

// ---- hooks ----

#[test]
fn first_deadlines_need_no_timer_and_are_found_in_id_order() {
	ExtBuilder::build_and_execute(|| {
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
	ExtBuilder::build_and_execute(|| {
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

#[test]
fn timers_over_budget_carry_over_to_the_next_block() {
	ExtBuilder::build_and_execute(|| {
		market();
		for _ in 0..3 {
			assert_ok!(submit(ALICE, Strategy::Cheapest));
		}
		// Room for two deadlines a block (2 × 10 ≤ 25 < 3 × 10).
		HookBudget::set(frame_support::weights::Weight::from_parts(25, 0));
		run_to(7);
		let moved = (0..3).filter(|j| assigned(*j) != route(*j)[0]).count();
		assert_eq!(moved, 2);
		assert_eq!(DeadlineCursor::<Test>::get(), 2);
		run_to(8);
		assert!((0..3).all(|j| assigned(j) != route(j)[0]));
		assert_eq!(DeadlineCursor::<Test>::get(), 3);
		HookBudget::set(frame_support::weights::Weight::MAX);
	});
}

#[test]
fn a_full_timer_bucket_spills_into_the_next_blocks() {
	ExtBuilder::build_and_execute(|| {
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
	ExtBuilder::build_and_execute(|| {
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
	ExtBuilder::build().execute_with(|| {
		market();
		assert_ok!(submit(ALICE, Strategy::Cheapest));
		Jobs::<Test>::mutate(0, |j| j.as_mut().unwrap().hold += 1);
		assert!(Market::do_try_state().is_err());
	});
}

// ---- Proof of Quality ----

use dgrid_primitives::{JobBook, Settlement};

/// Alice's job 0 answered by OP2 (cheapest) with `MAX_IN` input and 60 output tokens: a fee of
/// 80 + 60 = 140. Returns Alice's balance before the job.
fn answered_by_op2() -> Balance {
	market();
	let alice = free(ALICE);
	assert_ok!(submit(ALICE, Strategy::Cheapest));
	assert_ok!(answer(0, OP2, MAX_IN, 60));
	alice
}

#[test]
fn every_result_is_noted_for_the_audit_draw_with_its_fee() {
	ExtBuilder::build_and_execute(|| {
		answered_by_op2();
		assert_eq!(Noted::get(), vec![(0, OP2, 0, 140)]);
		let answered = <Market as JobBook<u64, u64>>::answered(0).unwrap();
		assert_eq!(
			(answered.owner, answered.provider, answered.model, answered.fee),
			(ALICE, OP2, 0, 140)
		);
		// Settles at the start of block 5: disputes are open until block 4.
		assert_eq!(answered.challenge_ends, 4);
		let replay = <Market as JobBook<u64, u64>>::replay(0).unwrap();
		assert_eq!(replay.input, INPUT.to_vec());
		assert_eq!(replay.model_name, b"llama3.1:8b".to_vec());
		assert_eq!(replay.output, b"hello".to_vec());
		assert_eq!((replay.input_tokens, replay.output_tokens), (MAX_IN, 60));
		assert_eq!(replay.max_output_tokens, MAX_OUT);
		assert_eq!(<Market as JobBook<u64, u64>>::offerers(0), vec![OP1, OP2, OP3]);
		// An unanswered job is not visible to PoQ, nor a settled one.
		assert_ok!(submit(BOB, Strategy::Cheapest));
		assert!(<Market as JobBook<u64, u64>>::answered(1).is_none());
		assert!(<Market as JobBook<u64, u64>>::replay(1).is_none());
		run_to(5);
		assert!(<Market as JobBook<u64, u64>>::answered(0).is_none());
		assert!(<Market as JobBook<u64, u64>>::replay(0).is_none());
	});
}

#[test]
fn a_pro_rated_verdict_pays_the_provider_its_share() {
	ExtBuilder::build_and_execute(|| {
		let alice = answered_by_op2();
		Verdicts::mutate(|v| v.insert(0, Settlement::Pay(Perbill::from_percent(50))));
		let (op2, treasury) = (free(OP2), free(TREASURY));
		run_to(5);
		let fee = 70; // half of 140
		let protocol = 7;
		assert_eq!(free(OP2), op2 + fee - protocol);
		assert_eq!(free(TREASURY), treasury + protocol);
		assert_eq!(free(ALICE), alice - fee);
		assert_eq!(escrow(ALICE), 0);
		assert_eq!(Jobs::<Test>::get(0).unwrap().status, JobStatus::Settled);
	});
}

#[test]
fn a_failed_audit_refunds_the_user_in_full_and_pays_nobody() {
	ExtBuilder::build_and_execute(|| {
		let alice = answered_by_op2();
		Verdicts::mutate(|v| v.insert(0, Settlement::Refund));
		let (op2, treasury, hold) = (free(OP2), free(TREASURY), escrow(ALICE));
		run_to(5);
		assert_eq!(free(ALICE), alice);
		assert_eq!((free(OP2), free(TREASURY)), (op2, treasury));
		assert_eq!(Jobs::<Test>::get(0).unwrap().status, JobStatus::Failed);
		assert!(events().contains(&Event::JobFailed { job: 0, refund: hold }));
		assert_eq!(Served::get().get(&OP2), None, "no merit for a refunded job");
	});
}

#[test]
fn a_job_waits_for_its_verdict_then_concludes() {
	ExtBuilder::build_and_execute(|| {
		let alice = answered_by_op2();
		let hold = escrow(ALICE);
		Verdicts::mutate(|v| v.insert(0, Settlement::Wait));
		run_to(5);
		assert_eq!(Jobs::<Test>::get(0).unwrap().status, JobStatus::Verifying);
		assert!(events().contains(&Event::JobVerifying { job: 0 }));
		assert_eq!(escrow(ALICE), hold, "the escrow stays held while PoQ decides");
		// Past the challenge period: no more disputes, but the verifier can still replay it.
		assert!(<Market as JobBook<u64, u64>>::answered(0).unwrap().challenge_ends < 5);
		assert!(<Market as JobBook<u64, u64>>::replay(0).is_some());
		run_to(20);
		assert_eq!(Jobs::<Test>::get(0).unwrap().status, JobStatus::Verifying, "no timer");
		// Still waiting: nothing happens.
		assert!(!<Market as JobBook<u64, u64>>::conclude(0, Settlement::Wait));
		assert_eq!(escrow(ALICE), hold);
		let op2 = free(OP2);
		assert!(<Market as JobBook<u64, u64>>::conclude(0, Settlement::Pay(Perbill::one())));
		assert_eq!(free(OP2), op2 + 140 - 14);
		assert_eq!(free(ALICE), alice - 140);
		assert_eq!(Jobs::<Test>::get(0).unwrap().status, JobStatus::Settled);
		assert_eq!(Served::get().get(&OP2), Some(&1));
		// A second conclusion of a finished job changes nothing.
		assert!(!<Market as JobBook<u64, u64>>::conclude(0, Settlement::Refund));
		assert_eq!(free(ALICE), alice - 140);
		assert_eq!(Jobs::<Test>::get(0).unwrap().status, JobStatus::Settled);
	});
}

#[test]
fn a_waiting_job_refunded_by_its_verdict() {
	ExtBuilder::build_and_execute(|| {
		let alice = answered_by_op2();
		Verdicts::mutate(|v| v.insert(0, Settlement::Wait));
		run_to(5);
		// A conclusion of a job that is not waiting (job 9 does not exist) does nothing.
		assert!(!<Market as JobBook<u64, u64>>::conclude(9, Settlement::Refund));
		assert!(<Market as JobBook<u64, u64>>::conclude(0, Settlement::Refund));
		assert_eq!(free(ALICE), alice);
		assert_eq!(escrow(ALICE), 0);
		assert_eq!(Jobs::<Test>::get(0).unwrap().status, JobStatus::Failed);
	});
}

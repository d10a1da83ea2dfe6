//! Tests of routing.

use super::*;

#[test]
fn strategies_rank_as_documented() {
	ExtBuilder::default().build_and_execute(|| {
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
	ExtBuilder::default().build_and_execute(|| {
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
	ExtBuilder::default().build_and_execute(|| {
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
	ExtBuilder::default().build_and_execute(|| {
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
	ExtBuilder::default().build_and_execute(|| {
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

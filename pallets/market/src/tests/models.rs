//! Tests of models.

use super::*;

#[test]
fn list_model_holds_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
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
	ExtBuilder::default().build_and_execute(|| {
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
	ExtBuilder::default().build_and_execute(|| {
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

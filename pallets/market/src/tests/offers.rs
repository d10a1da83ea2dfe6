//! Tests of offers.

use super::*;

#[test]
fn set_offer_creates_and_updates() {
	ExtBuilder::default().build_and_execute(|| {
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
	ExtBuilder::default().build_and_execute(|| {
		market();
		let o = RuntimeOrigin::signed;
		assert_noop!(Market::set_offer(o(OP1), 5, 1, 1, 1), Error::<Test>::UnknownModel);
		assert_noop!(Market::set_offer(o(ALICE), 0, 1, 1, 1), Error::<Test>::NotEligibleOperator);
		assert_noop!(Market::set_offer(o(OP1), 0, 1, 1, 0), Error::<Test>::ZeroCapacity);
		set_eligible(OP1, false);
		assert_noop!(Market::set_offer(o(OP1), 0, 1, 1, 1), Error::<Test>::NotEligibleOperator);
		for op in [40, 50] {
			Registry::mutate(|r| {
				r.insert(op, MockOperator { reputation: Perbill::one(), ..MockOperator::new(op) })
			});
		}
		set_eligible(OP1, true);
		assert_ok!(Market::set_offer(o(40), 0, 1, 1, 1));
		assert_noop!(Market::set_offer(o(50), 0, 1, 1, 1), Error::<Test>::TooManyOffers);
	});
}

/// Offer squatting: operators that unbonded (or left) keep no place among a model's offers
/// once the model is full. A new operator takes the place of the first such offer without
/// jobs in flight; an ineligible operator with a job in flight keeps its place until it is
/// answered or fails over.
#[test]
fn a_full_model_evicts_the_offers_of_ineligible_operators() {
	ExtBuilder::default().build_and_execute(|| {
		market();
		let o = RuntimeOrigin::signed;
		for op in [40, 50, 60] {
			Registry::mutate(|r| {
				r.insert(op, MockOperator { reputation: Perbill::one(), ..MockOperator::new(op) })
			});
		}
		assert_ok!(Market::set_offer(o(40), 0, 1, 1, 1));
		// OP1 has a job in flight; OP2 has none; both unbond.
		submit_to(OP1, 1);
		set_eligible(OP1, false);
		set_eligible(OP2, false);
		assert_ok!(Market::set_offer(o(50), 0, 1, 1, 1));
		assert!(events().contains(&Event::OfferEvicted { model: 0, operator: OP2 }));
		let operators: Vec<u64> = ModelOffers::<Test>::get(0).iter().map(|o| o.operator).collect();
		assert_eq!(operators, vec![OP1, OP3, 40, 50]);
		// OP1's job holds its place.
		assert_noop!(Market::set_offer(o(60), 0, 1, 1, 1), Error::<Test>::TooManyOffers);
	});
}

#[test]
fn withdraw_offer_closes_it_and_it_goes_when_its_jobs_are_done() {
	ExtBuilder::default().build_and_execute(|| {
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

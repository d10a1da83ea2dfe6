//! Tests of Proof of Quality.

use super::*;

#[test]
fn every_result_is_noted_for_the_audit_draw_with_its_fee() {
	ExtBuilder::default().build_and_execute(|| {
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
	ExtBuilder::default().build_and_execute(|| {
		let alice = answered_by_op2();
		Settlements::mutate(|v| v.insert(0, Settlement::Pay(Perbill::from_percent(50))));
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
	ExtBuilder::default().build_and_execute(|| {
		let alice = answered_by_op2();
		Settlements::mutate(|v| v.insert(0, Settlement::Refund));
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
	ExtBuilder::default().build_and_execute(|| {
		let alice = answered_by_op2();
		let hold = escrow(ALICE);
		Settlements::mutate(|v| v.insert(0, Settlement::Wait));
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
		assert_eq!(Served::get().get(&OP2), Some(&14), "merit: the protocol fee paid");
		// A second conclusion of a finished job changes nothing.
		assert!(!<Market as JobBook<u64, u64>>::conclude(0, Settlement::Refund));
		assert_eq!(free(ALICE), alice - 140);
		assert_eq!(Jobs::<Test>::get(0).unwrap().status, JobStatus::Settled);
	});
}

#[test]
fn a_waiting_job_refunded_by_its_verdict() {
	ExtBuilder::default().build_and_execute(|| {
		let alice = answered_by_op2();
		Settlements::mutate(|v| v.insert(0, Settlement::Wait));
		run_to(5);
		// A conclusion of a job that is not waiting (job 9 does not exist) does nothing.
		assert!(!<Market as JobBook<u64, u64>>::conclude(9, Settlement::Refund));
		assert!(<Market as JobBook<u64, u64>>::conclude(0, Settlement::Refund));
		assert_eq!(free(ALICE), alice);
		assert_eq!(escrow(ALICE), 0);
		assert_eq!(Jobs::<Test>::get(0).unwrap().status, JobStatus::Failed);
	});
}

/// A passed audit's verifiers are paid the verification fee out of the job: the provider's
/// part is less by it, the user pays exactly the job's fee, the treasury only gains its
/// protocol fee, and a second payment finds nothing left to pay.
#[test]
fn verifiers_are_paid_once_out_of_the_job_they_audited() {
	ExtBuilder::default().build_and_execute(|| {
		let (alice, hold) = waiting_for_verdict();
		let (op1, op3, op2, treasury) = (free(OP1), free(OP3), free(OP2), free(TREASURY));
		// 50 % of the 140 fee, split by the two verifiers.
		let paid = <Market as JobBook<u64, u64>>::pay_verifiers(0, &[OP1, OP3]);
		assert_eq!(paid, vec![35, 35]);
		assert_eq!((free(OP1), free(OP3)), (op1 + 35, op3 + 35));
		assert_eq!(escrow(ALICE), hold - 70);
		let job = Jobs::<Test>::get(0).unwrap();
		assert_eq!((job.hold, job.verified), (hold - 70, 70));
		// Once only.
		assert_eq!(<Market as JobBook<u64, u64>>::pay_verifiers(0, &[OP1]), vec![0]);
		assert_eq!(free(OP1), op1 + 35);
		assert!(<Market as JobBook<u64, u64>>::conclude(0, Settlement::Pay(Perbill::one())));
		// The provider gets the fee less the protocol fee and the verification fee.
		assert_eq!(free(OP2), op2 + 140 - 14 - 70);
		assert_eq!(free(TREASURY), treasury + 14);
		assert_eq!(free(ALICE), alice - 140);
		assert_eq!(escrow(ALICE), 0);
		assert_eq!(
			events().last(),
			Some(&Event::JobSettled {
				job: 0,
				provider: OP2,
				provider_fee: 140 - 14 - 70,
				creator_fee: 0,
				protocol_fee: 14,
				verification_fee: 70,
				refund: hold - 140,
			})
		);
		// A settled job pays no verifier.
		assert_eq!(<Market as JobBook<u64, u64>>::pay_verifiers(0, &[OP3]), vec![0]);
		assert_eq!(<Market as JobBook<u64, u64>>::pay_verifiers(7, &[OP3]), vec![0]);
	});
}

/// On a pro-rated pass whose share is smaller than the verification fee, the provider gets
/// nothing more and the user gets the rest back: nothing is paid twice out of the hold.
#[test]
fn a_pro_rated_share_below_the_verification_fee_pays_the_provider_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		let (alice, _) = waiting_for_verdict();
		assert_eq!(<Market as JobBook<u64, u64>>::pay_verifiers(0, &[OP1]), vec![70]);
		let op2 = free(OP2);
		// 40 % of 140 = 56; its protocol fee 5; 51 left, below the 70 the verifier had.
		assert!(<Market as JobBook<u64, u64>>::conclude(
			0,
			Settlement::Pay(Perbill::from_percent(40))
		));
		assert_eq!(free(OP2), op2);
		assert_eq!(free(ALICE), alice - 70 - 5);
		assert_eq!(escrow(ALICE), 0);
	});
}

/// Job 0 answered by OP2 and past its challenge period, waiting for PoQ's verdict; returns
/// Alice's balance before the job and the job's hold.
fn waiting_for_verdict() -> (Balance, Balance) {
	let alice = answered_by_op2();
	let hold = escrow(ALICE);
	Settlements::mutate(|v| v.insert(0, Settlement::Wait));
	run_to(5);
	(alice, hold)
}

/// Every payout is bounded by what came in: whatever the verdict's share and however many
/// verifiers are paid, the provider, the treasury, the verifiers and the refund together get
/// exactly the job's hold, no more, and the user pays at most the job's fee.
#[test]
fn a_job_pays_out_exactly_its_hold_whatever_the_share_and_verifiers() {
	for percent in [0u32, 1, 40, 49, 50, 51, 99, 100] {
		for verifiers in [0usize, 1, 2, 3, 16] {
			ExtBuilder::default().build_and_execute(|| {
				let (alice, hold) = waiting_for_verdict();
				let paid_to: Vec<u64> =
					[OP1, OP3, TREASURY, BOB].into_iter().cycle().take(verifiers).collect();
				let others = [OP1, OP2, OP3, TREASURY, BOB];
				let before: Balance = others.iter().map(|a| free(*a)).sum();
				if !paid_to.is_empty() {
					let paid = <Market as JobBook<u64, u64>>::pay_verifiers(0, &paid_to);
					assert!(paid.iter().sum::<Balance>() <= 70, "at most the verification fee");
				}
				let share = Settlement::Pay(Perbill::from_percent(percent));
				assert!(<Market as JobBook<u64, u64>>::conclude(0, share));
				let after: Balance = others.iter().map(|a| free(*a)).sum();
				let spent = alice - free(ALICE);
				assert_eq!(escrow(ALICE), 0);
				assert_eq!(
					after - before,
					spent,
					"{percent} %, {verifiers}: paid out what came in"
				);
				assert!(spent <= 140 && spent <= hold, "{percent} %, {verifiers}: at most the fee");
			});
		}
	}
}

//! Tests of commit and reveal.

use super::*;

#[test]
fn commit_failures() {
	ExtBuilder::default().build_and_execute(|| {
		let spot = audited_job();
		let stranger = *OPS.iter().find(|o| **o != spot && **o != OP1).unwrap();
		let c = [1u8; 32];
		assert_noop!(PoQ::commit(RuntimeOrigin::signed(ALICE), 0, c), Error::<Test>::NotAWorker);
		assert_noop!(
			PoQ::commit(RuntimeOrigin::signed(worker(spot)), 9, c),
			Error::<Test>::NoOpenRound
		);
		assert_noop!(
			PoQ::commit(RuntimeOrigin::signed(worker(stranger)), 0, c),
			Error::<Test>::NotAVerifier
		);
		assert_noop!(
			PoQ::commit(RuntimeOrigin::signed(worker(OP1)), 0, c),
			Error::<Test>::NotAVerifier
		);
		// The operator's own account is not its worker key.
		assert_noop!(PoQ::commit(RuntimeOrigin::signed(spot), 0, c), Error::<Test>::NotAWorker);
		assert_ok!(commit(0, spot, 100));
		assert!(events().contains(&Event::Committed { job: 0, verifier: spot }));
		assert_noop!(commit(0, spot, 100), Error::<Test>::AlreadyCommitted);
		assert_noop!(PoQ::commit(RuntimeOrigin::none(), 0, c), DispatchError::BadOrigin);
	});
}

#[test]
fn commits_close_with_the_commit_period() {
	ExtBuilder::default().build_and_execute(|| {
		let spot = audited_job();
		run_to(7);
		assert_noop!(commit(0, spot, 100), Error::<Test>::CommitClosed);
	});
}

#[test]
fn reveal_failures() {
	ExtBuilder::default().params(|p| p.audit_verifiers = 2).build_and_execute(|| {
		answered(0, OP1, ALICE, FEE);
		run_to(3);
		let [a, b] = members(0)[..] else { panic!("two verifiers") };
		assert_noop!(reveal(0, a, 100), Error::<Test>::NotCommitted);
		assert_ok!(commit(0, a, 100));
		// Reveals open once every verifier committed (or the commit period is over).
		assert_noop!(reveal(0, a, 100), Error::<Test>::RevealNotOpen);
		assert_ok!(commit(0, b, 90));
		assert_noop!(reveal(0, a, 99), Error::<Test>::BadReveal);
		assert_noop!(
			PoQ::reveal(RuntimeOrigin::signed(worker(a)), 0, 100, [8; 32]).map_err(|e| e.error),
			Error::<Test>::BadReveal
		);
		assert_noop!(reveal(0, a, 101), Error::<Test>::ScoreAbove100);
		assert_ok!(reveal(0, a, 100));
		assert!(events().contains(&Event::Revealed { job: 0, verifier: a, score: 100 }));
		assert_noop!(reveal(0, a, 100), Error::<Test>::AlreadyRevealed);
		run_to(10);
		// The round is over: b never revealed.
		assert_noop!(reveal(0, b, 90), Error::<Test>::NoOpenRound);
	});
}

#[test]
fn reveals_open_when_the_commit_period_ends_and_close_with_the_reveal_period() {
	ExtBuilder::default().params(|p| p.audit_verifiers = 2).build_and_execute(|| {
		answered(0, OP1, ALICE, FEE);
		run_to(3);
		let [a, _b] = members(0)[..] else { panic!("two verifiers") };
		assert_ok!(commit(0, a, 100));
		run_to(6);
		assert_noop!(reveal(0, a, 100), Error::<Test>::RevealNotOpen);
		run_to(7);
		assert_ok!(reveal(0, a, 100));
		// A commitment cannot be replayed in another round: the round number is in it.
		assert_ne!(PoQ::commitment(0, 0, &a, 100, &SALT), PoQ::commitment(0, 1, &a, 100, &SALT));
		assert_ne!(PoQ::commitment(0, 0, &a, 100, &SALT), PoQ::commitment(0, 0, &OP1, 100, &SALT));
	});
}

#[test]
fn commits_and_reveals_are_feeless_only_when_they_would_be_accepted() {
	use frame_support::dispatch::{CheckIfFeeless, GetDispatchInfo};
	ExtBuilder::default().build_and_execute(|| {
		let spot = audited_job();
		let c = PoQ::commitment(0, 0, &spot, 100, &SALT);
		let commit_call = RuntimeCall::PoQ(Call::commit { job: 0, commitment: c });
		let reveal_call = RuntimeCall::PoQ(Call::reveal { job: 0, score: 100, salt: SALT });
		assert!(commit_call.is_feeless(&RuntimeOrigin::signed(worker(spot))));
		assert!(!commit_call.is_feeless(&RuntimeOrigin::signed(worker(OP1))));
		assert!(!commit_call.is_feeless(&RuntimeOrigin::signed(ALICE)));
		assert!(!reveal_call.is_feeless(&RuntimeOrigin::signed(worker(spot))));
		assert_ok!(commit(0, spot, 100));
		assert!(!commit_call.is_feeless(&RuntimeOrigin::signed(worker(spot))));
		assert!(reveal_call.is_feeless(&RuntimeOrigin::signed(worker(spot))));
		let wrong = RuntimeCall::PoQ(Call::reveal { job: 0, score: 99, salt: SALT });
		assert!(!wrong.is_feeless(&RuntimeOrigin::signed(worker(spot))));
		let _ = reveal_call.get_dispatch_info();
	});
}

/// A verifier drawn for a round holds a seat until the round closes: an open liability that
/// keeps it from withdrawing its bond before a non-reveal could slash it.
#[test]
fn a_verifier_holds_a_seat_until_its_round_closes() {
	ExtBuilder::default().build_and_execute(|| {
		use dgrid_primitives::Liabilities;
		let spot = audited_job();
		assert_eq!(Seats::<Test>::get(spot), 1);
		assert_eq!(<PoQ as Liabilities<u64>>::open_liabilities(&spot), 1);
		assert_eq!(<PoQ as Liabilities<u64>>::open_liabilities(&OP1), 0, "providers: the market's");
		verify(0, |_| 100);
		assert_eq!(Seats::<Test>::get(spot), 0);
		assert_eq!(<PoQ as Liabilities<u64>>::open_liabilities(&spot), 0);
	});
}

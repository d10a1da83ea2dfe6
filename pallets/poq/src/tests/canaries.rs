//! Canaries: the DAO's canary service exposes the verifiers that pass its known-bad answers.

use super::*;
use dgrid_primitives::Reputation as _;
use sp_runtime::testing::TestSignature;

/// The canary key's proof that `owner`'s `job` is a canary.
fn proof(job: JobId, owner: u64) -> TestSignature {
	TestSignature(CANARY_KEY, PoQ::canary_payload(job, &owner))
}

fn expose(job: JobId, owner: u64, proof: TestSignature) -> DispatchResult {
	PoQ::expose_canary(RuntimeOrigin::signed(owner), job, proof)
		.map(|_| ())
		.map_err(|e| e.error)
}

/// The canary service's key appointed, and job 0 (Alice's, answered by OP1) audited: returns
/// its spot checker.
fn canary_audited() -> u64 {
	assert_ok!(PoQ::set_canary_key(RuntimeOrigin::root(), Some(CANARY_KEY)));
	audited_job()
}

#[test]
fn a_lazy_verifier_that_passes_a_canary_is_slashed_and_the_job_refunded() {
	ExtBuilder::default().build_and_execute(|| {
		let spot = canary_audited();
		// The spot checker passes the planted answer without re-running it.
		verify(0, |_| 100);
		assert_eq!(Passers::<Test>::get(0).map(|p| p.to_vec()), Some(vec![spot]));
		let (held, treasury, provider) = (bond(spot), free(TREASURY), bond(OP1));
		let (alice, paid) = (free(ALICE), free(spot));
		assert_ok!(expose(0, ALICE, proof(0, ALICE)));
		let slashed = Params::get().fraud_slash.mul_floor(held);
		assert!(slashed > 0);
		assert_eq!(bond(spot), held - slashed);
		assert_eq!(free(TREASURY), treasury + slashed);
		assert_eq!(MockStaking::reputation(&spot), Perbill::zero());
		assert!(events().contains(&Event::LazyVerifierSlashed { job: 0, verifier: spot, slashed }));
		assert!(events().contains(&Event::CanaryExposed { job: 0, verifiers: vec![spot] }));
		// The provider planted the answer: neither paid nor slashed; the job is refunded.
		assert_eq!(bond(OP1), provider);
		assert_eq!(settle(0), Settlement::Refund);
		assert_eq!(free(ALICE), alice);
		// The slash (the mock keeps bonds in free balances) is 20 times the verification fee
		// the lazy verifier took.
		assert_eq!(free(spot), paid - slashed);
		assert_eq!(slashed, 20 * FEE / 2);
		assert!(Passers::<Test>::get(0).is_none());
		assert!(Reviews::<Test>::get(0).is_none());
	});
}

#[test]
fn the_verifiers_who_failed_the_canary_are_not_slashed() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(PoQ::set_canary_key(RuntimeOrigin::root(), Some(CANARY_KEY)));
		// An honest spot checker fails the planted answer; a lazy committee passes it.
		let (spot, committee) = committee_called(5);
		verify(0, |_| 100);
		assert!(matches!(phase(0), Phase::Concluded(Verdict::Passed { score: 100, .. })));
		let mut passers = Passers::<Test>::get(0).expect("the committee passed it").to_vec();
		passers.sort();
		let mut lazy = committee.clone();
		lazy.sort();
		assert_eq!(passers, lazy, "the committee's members, not the spot checker");
		let spot_bond = bond(spot);
		let bonds: Vec<Balance> = committee.iter().map(|v| bond(*v)).collect();
		assert_ok!(expose(0, ALICE, proof(0, ALICE)));
		assert_eq!(bond(spot), spot_bond);
		for (v, b) in committee.iter().zip(bonds) {
			assert_eq!(bond(*v), b - Params::get().fraud_slash.mul_floor(b));
		}
	});
}

#[test]
fn a_score_below_the_quality_threshold_is_not_a_pass() {
	ExtBuilder::default().params(|p| p.audit_committee = 3).build_and_execute(|| {
		assert_ok!(PoQ::set_canary_key(RuntimeOrigin::root(), Some(CANARY_KEY)));
		let (_, committee) = committee_called(5);
		// Two pass it; one scores it just below the quality threshold, paid pro rata.
		let quality = Params::get().quality_threshold;
		let low = committee[0];
		verify(0, |v| if v == low { quality - 1 } else { 100 });
		let passers = Passers::<Test>::get(0).expect("two passed it").to_vec();
		assert_eq!(passers.len(), 2);
		assert!(!passers.contains(&low));
	});
}

#[test]
fn the_exposure_is_charged_for_the_verifiers_it_slashed() {
	ExtBuilder::default().build_and_execute(|| {
		canary_audited();
		verify(0, |_| 100);
		let post =
			PoQ::expose_canary(RuntimeOrigin::signed(ALICE), 0, proof(0, ALICE)).expect("exposed");
		assert_eq!(post.actual_weight, Some(<MockWeights as WeightInfo>::expose_canary(1)));
	});
}

#[test]
fn only_the_canary_key_exposes_and_only_its_owners_jobs() {
	ExtBuilder::default().build_and_execute(|| {
		audited_job();
		verify(0, |_| 100);
		// No key appointed.
		assert_noop!(expose(0, ALICE, proof(0, ALICE)), Error::<Test>::NoCanaryKey);
		assert_noop!(
			PoQ::set_canary_key(RuntimeOrigin::signed(ALICE), Some(ALICE)),
			DispatchError::BadOrigin
		);
		assert_ok!(PoQ::set_canary_key(RuntimeOrigin::root(), Some(CANARY_KEY)));
		assert!(events().contains(&Event::CanaryKeySet { key: Some(CANARY_KEY) }));
		// Another key's signature; the key's signature of another job or another owner.
		let forged = TestSignature(ALICE, PoQ::canary_payload(0, &ALICE));
		assert_noop!(expose(0, ALICE, forged), Error::<Test>::BadCanaryProof);
		assert_noop!(expose(0, ALICE, proof(1, ALICE)), Error::<Test>::BadCanaryProof);
		assert_noop!(expose(0, ALICE, proof(0, BOB)), Error::<Test>::BadCanaryProof);
		// Somebody else's job, even with a proof made out to the caller.
		assert_noop!(expose(0, BOB, proof(0, BOB)), Error::<Test>::NotExposable);
		// Removed, the key exposes nothing.
		assert_ok!(PoQ::set_canary_key(RuntimeOrigin::root(), None));
		assert_noop!(expose(0, ALICE, proof(0, ALICE)), Error::<Test>::NoCanaryKey);
		assert_ok!(PoQ::set_canary_key(RuntimeOrigin::root(), Some(CANARY_KEY)));
		assert_ok!(expose(0, ALICE, proof(0, ALICE)));
		// Once.
		assert_noop!(expose(0, ALICE, proof(0, ALICE)), Error::<Test>::NotExposable);
	});
}

#[test]
fn only_a_passed_job_waiting_for_its_settlement_can_be_exposed() {
	ExtBuilder::default().build_and_execute(|| {
		canary_audited();
		// Still under audit.
		assert_noop!(expose(0, ALICE, proof(0, ALICE)), Error::<Test>::NotExposable);
		verify(0, |_| 100);
		// Settled: too late.
		assert_eq!(settle(0), Settlement::Pay(Perbill::one()));
		assert_noop!(expose(0, ALICE, proof(0, ALICE)), Error::<Test>::NotExposable);
		assert!(Passers::<Test>::get(0).is_none());
		// A job nobody audited.
		assert_noop!(expose(7, ALICE, proof(7, ALICE)), Error::<Test>::NotExposable);
	});
}

#[test]
fn a_failed_canary_is_exposed_before_its_provider_is_slashed() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(PoQ::set_canary_key(RuntimeOrigin::root(), Some(CANARY_KEY)));
		// Everybody re-runs the planted answer and fails it: it awaits its provider's appeal.
		let (spot, committee) = committee_called(5);
		verify(0, |_| 5);
		let panel = confirmed(5);
		assert!(appealable(0).is_some());
		let provider = bond(OP1);
		let judges: Vec<u64> = [vec![spot], committee, panel].concat();
		let before: Vec<Balance> = judges.iter().map(|v| free(*v)).collect();
		assert_ok!(expose(0, ALICE, proof(0, ALICE)));
		// Nobody passed it; the provider is not slashed, and each judge is paid its part of
		// the verification fee out of the job.
		assert!(events().contains(&Event::CanaryExposed { job: 0, verifiers: vec![] }));
		assert_eq!(bond(OP1), provider);
		let each = FEE / 2 / judges.len() as Balance;
		for (v, b) in judges.iter().zip(before) {
			assert_eq!(free(*v), b + each, "judge {v} paid");
		}
		assert_eq!(settle(0), Settlement::Refund);
		// The appeal period's end finds nothing to do.
		run_to(System::block_number() + Params::get().appeal_period + 2);
		assert_eq!(bond(OP1), provider);
		assert!(!events().iter().any(|e| matches!(e, Event::Failed { .. })));
	});
}

#[test]
fn a_canary_failed_for_good_cannot_be_exposed() {
	ExtBuilder::default().params(|p| p.appeal_period = 0).build_and_execute(|| {
		assert_ok!(PoQ::set_canary_key(RuntimeOrigin::root(), Some(CANARY_KEY)));
		let _ = committee_called(5);
		verify(0, |_| 5);
		let _ = confirmed(5);
		assert!(matches!(phase(0), Phase::Concluded(Verdict::Failed { .. })));
		assert!(Passers::<Test>::get(0).is_none());
		assert_noop!(expose(0, ALICE, proof(0, ALICE)), Error::<Test>::NotExposable);
	});
}

#[test]
fn a_job_that_passed_unverified_has_nobody_to_expose() {
	ExtBuilder::default().build_and_execute(|| {
		let spot = canary_audited();
		// The spot checker stays silent, and so does the committee: the job passes
		// unverified, and no verifier passed it.
		run_to(12);
		assert!(events().contains(&Event::CommitteeCalled { job: 0, score: None }));
		run_to(30);
		assert!(matches!(phase(0), Phase::Concluded(Verdict::Passed { .. })));
		assert!(Passers::<Test>::get(0).is_none());
		assert_noop!(expose(0, ALICE, proof(0, ALICE)), Error::<Test>::NotExposable);
		let _ = spot;
	});
}

#[test]
fn a_dispute_panel_that_passes_a_canary_is_exposed() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(PoQ::set_canary_key(RuntimeOrigin::root(), Some(CANARY_KEY)));
		disputed_by_operator();
		let panel = members(0);
		verify(0, |_| 100);
		assert!(matches!(phase(0), Phase::Concluded(Verdict::Passed { .. })));
		let bonds: Vec<Balance> = panel.iter().map(|v| bond(*v)).collect();
		assert_ok!(expose(0, ALICE, proof(0, ALICE)));
		for (v, b) in panel.iter().zip(bonds) {
			assert!(bond(*v) < b, "panel member {v} slashed");
		}
	});
}

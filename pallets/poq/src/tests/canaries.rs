//! Canaries: the DAO's canary service exposes the verifiers that pass its known-bad answers.

use super::*;
use dgrid_primitives::{QualityControl, Reputation as _};
use sp_runtime::testing::TestSignature;

/// The canary key's proof that `owner`'s `job`, answered by OP1, is a canary.
fn proof(job: JobId, owner: u64) -> TestSignature {
	TestSignature(CANARY_KEY, PoQ::canary_payload(job, &owner, &OP1))
}

fn expose(job: JobId, owner: u64, proof: TestSignature) -> DispatchResult {
	PoQ::expose_canary(RuntimeOrigin::signed(owner), job, proof)
		.map(|_| ())
		.map_err(|e| e.error)
}

fn passers(job: JobId) -> Vec<u64> {
	let mut p = Passers::<Test>::get(job).map(|r| r.passers.to_vec()).unwrap_or_default();
	p.sort();
	p
}

fn sorted(mut v: Vec<u64>) -> Vec<u64> {
	v.sort();
	v
}

/// The canary audited and passed unread by its spot checker, then disputed (with no minimum
/// bond) by an operator other than the spot checker and the provider, whose panel is drawn.
/// Returns the spot checker, the challenger and the challenger's free balance before.
fn challenged_after_a_lazy_pass() -> (u64, u64, Balance) {
	let spot = canary_audited();
	verify(0, |_| 100);
	Params::mutate(|p| p.min_dispute_bond = 0);
	let challenger = OPS.iter().copied().find(|o| *o != spot && *o != OP1).unwrap();
	let before = free(challenger);
	assert_ok!(PoQ::dispute(RuntimeOrigin::signed(challenger), 0));
	run_to(System::block_number() + DRAW);
	assert_eq!(round(0).kind, RoundKind::Dispute);
	(spot, challenger, before)
}

fn appoint() {
	assert_ok!(PoQ::set_canary_key(RuntimeOrigin::root(), Some(CANARY_KEY)));
}

/// The canary service's key appointed, and job 0 (Alice's, answered by OP1) audited: returns
/// its spot checker.
fn canary_audited() -> u64 {
	appoint();
	audited_job()
}

#[test]
fn a_lazy_verifier_that_passes_a_canary_is_slashed_and_the_job_refunded() {
	ExtBuilder::default().build_and_execute(|| {
		let spot = canary_audited();
		// The spot checker passes the planted answer without re-running it.
		verify(0, |_| 100);
		assert_eq!(passers(0), vec![spot]);
		let (held, treasury, provider) = (bond(spot), free(TREASURY), bond(OP1));
		let paid = free(spot);
		assert_ok!(expose(0, ALICE, proof(0, ALICE)));
		let slashed = Params::get().fraud_slash.mul_floor(held);
		assert_eq!(bond(spot), held - slashed);
		assert_eq!(free(TREASURY), treasury + slashed);
		assert_eq!(MockStaking::reputation(&spot), Perbill::zero());
		assert!(events().contains(&Event::LazyVerifierSlashed { job: 0, verifier: spot, slashed }));
		assert!(events().contains(&Event::CanaryExposed { job: 0, verifiers: vec![spot] }));
		// The slash (the mock keeps bonds in free balances) is 20 times the verification fee
		// the lazy verifier took.
		assert_eq!(free(spot), paid - slashed);
		assert_eq!(slashed, 20 * FEE / 2);
		// The provider planted the answer: neither paid nor slashed; the job is refunded.
		assert_eq!(bond(OP1), provider);
		assert_eq!(settle(0), Settlement::Refund);
		assert!(Passers::<Test>::get(0).is_none());
		assert!(Reviews::<Test>::get(0).is_none());
	});
}

#[test]
fn the_verifiers_who_failed_the_canary_are_not_slashed() {
	ExtBuilder::default().build_and_execute(|| {
		appoint();
		// An honest spot checker fails the planted answer; a lazy committee passes it.
		let (spot, committee) = committee_called(5);
		verify(0, |_| 100);
		assert!(matches!(phase(0), Phase::Concluded(Verdict::Passed { score: 100, .. })));
		assert_eq!(passers(0), sorted(committee.clone()), "the committee, not the spot checker");
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
	ExtBuilder::default().build_and_execute(|| {
		appoint();
		let (_, committee) = committee_called(5);
		// Two pass it; one scores it just below the quality threshold.
		let quality = Params::get().quality_threshold;
		let low = committee[0];
		verify(0, |v| if v == low { quality - 1 } else { 100 });
		let passers = passers(0);
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
fn only_the_canary_key_exposes_and_only_its_owners_jobs_of_the_provider_it_names() {
	ExtBuilder::default().build_and_execute(|| {
		audited_job();
		verify(0, |_| 100);
		// No key appointed.
		assert_noop!(expose(0, ALICE, proof(0, ALICE)), Error::<Test>::NoCanaryKey);
		assert_noop!(
			PoQ::set_canary_key(RuntimeOrigin::signed(ALICE), Some(ALICE)),
			DispatchError::BadOrigin
		);
		appoint();
		assert!(events().contains(&Event::CanaryKeySet { key: Some(CANARY_KEY) }));
		// Another key's signature; the key's signature of another job, owner or provider.
		let forged = TestSignature(ALICE, PoQ::canary_payload(0, &ALICE, &OP1));
		assert_noop!(expose(0, ALICE, forged), Error::<Test>::BadCanaryProof);
		assert_noop!(expose(0, ALICE, proof(1, ALICE)), Error::<Test>::BadCanaryProof);
		assert_noop!(expose(0, ALICE, proof(0, BOB)), Error::<Test>::BadCanaryProof);
		let other_provider = TestSignature(CANARY_KEY, PoQ::canary_payload(0, &ALICE, &20));
		assert_noop!(expose(0, ALICE, other_provider), Error::<Test>::BadCanaryProof);
		// Somebody else's job, even with a proof made out to the caller.
		assert_noop!(expose(0, BOB, proof(0, BOB)), Error::<Test>::NotExposable);
		// Removed, the key exposes nothing.
		assert_ok!(PoQ::set_canary_key(RuntimeOrigin::root(), None));
		assert_noop!(expose(0, ALICE, proof(0, ALICE)), Error::<Test>::NoCanaryKey);
		appoint();
		assert_ok!(expose(0, ALICE, proof(0, ALICE)));
		// Once.
		assert_noop!(expose(0, ALICE, proof(0, ALICE)), Error::<Test>::NotExposable);
	});
}

#[test]
fn a_canary_under_audit_waits_for_a_verdict_and_a_pruned_one_is_forgotten() {
	ExtBuilder::default().build_and_execute(|| {
		let spot = canary_audited();
		// Still under audit: nobody judged it yet.
		assert_noop!(expose(0, ALICE, proof(0, ALICE)), Error::<Test>::NotExposable);
		verify(0, |_| 100);
		// Settled and paid before the exposure: the lazy verifier is slashed all the same.
		assert_eq!(settle(0), Settlement::Pay(Perbill::one()));
		let held = bond(spot);
		assert_ok!(expose(0, ALICE, proof(0, ALICE)));
		assert!(bond(spot) < held);
		// A job nobody audited; a job the market pruned.
		assert_noop!(expose(7, ALICE, proof(7, ALICE)), Error::<Test>::NotExposable);
	});
	ExtBuilder::default().build_and_execute(|| {
		canary_audited();
		verify(0, |_| 100);
		assert_eq!(settle(0), Settlement::Pay(Perbill::one()));
		<PoQ as QualityControl<u64, u64>>::forget(0);
		assert!(Passers::<Test>::get(0).is_none());
		assert_noop!(expose(0, ALICE, proof(0, ALICE)), Error::<Test>::NotExposable);
	});
}

#[test]
fn a_failed_canary_is_exposed_before_its_provider_is_slashed() {
	ExtBuilder::default().build_and_execute(|| {
		appoint();
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
fn a_lazy_pass_of_a_canary_others_failed_for_good_is_slashed() {
	ExtBuilder::default().params(|p| p.appeal_period = 0).build_and_execute(|| {
		appoint();
		// The committee's first member passes it unread; everybody else fails it, and with no
		// appeal period the failure is final at once (the provider slashed).
		let (_, committee) = committee_called(5);
		let lazy = committee[0];
		verify(0, |v| if v == lazy { 100 } else { 5 });
		let _ = confirmed(5);
		assert!(matches!(phase(0), Phase::Concluded(Verdict::Failed { .. })));
		assert_eq!(passers(0), vec![lazy]);
		let held = bond(lazy);
		assert_ok!(expose(0, ALICE, proof(0, ALICE)));
		assert_eq!(bond(lazy), held - Params::get().fraud_slash.mul_floor(held));
		assert_eq!(settle(0), Settlement::Refund);
	});
}

#[test]
fn a_canary_that_passed_unverified_is_refunded_slashing_nobody() {
	ExtBuilder::default().build_and_execute(|| {
		canary_audited();
		// The spot checker stays silent, and so does the committee: the job passes
		// unverified, and no verifier passed it.
		run_to(12);
		assert!(events().contains(&Event::CommitteeCalled { job: 0, score: None }));
		run_to(30);
		assert!(matches!(phase(0), Phase::Concluded(Verdict::Passed { .. })));
		assert!(Passers::<Test>::get(0).is_none());
		let provider = bond(OP1);
		assert_ok!(expose(0, ALICE, proof(0, ALICE)));
		assert!(events().contains(&Event::CanaryExposed { job: 0, verifiers: vec![] }));
		assert_eq!(bond(OP1), provider);
		assert_eq!(settle(0), Settlement::Refund);
	});
}

#[test]
fn a_challenger_a_lazy_panel_proved_wrong_is_repaid_from_the_panels_slash() {
	ExtBuilder::default().build_and_execute(|| {
		appoint();
		// Operator 60 rightly disputes the planted answer; the panel passes it unread and the
		// challenger's bond goes to the panel and the provider.
		let bond_60 = disputed_by_operator();
		let panel = members(0);
		let challenger = free(60);
		verify(0, |_| 100);
		assert_eq!(free(60), challenger, "the bond was held, now paid out");
		assert_eq!(dispute_bond_of(60), 0);
		assert_eq!(
			Passers::<Test>::get(0).map(|r| r.challengers.into_inner()),
			Some(vec![(60, bond_60)])
		);
		assert_eq!(passers(0), sorted(panel.clone()));
		let bonds: Vec<Balance> = panel.iter().map(|v| bond(*v)).collect();
		let treasury = free(TREASURY);
		assert_ok!(expose(0, ALICE, proof(0, ALICE)));
		// The panel's slashes repay the challenger first, the rest to the treasury.
		assert_eq!(free(60), challenger + bond_60);
		let slashed: Balance = panel.iter().zip(&bonds).map(|(v, b)| b - bond(*v)).sum();
		assert_eq!(
			slashed,
			bonds.iter().map(|b| Params::get().fraud_slash.mul_floor(*b)).sum::<Balance>()
		);
		assert_eq!(free(TREASURY), treasury + slashed - bond_60);
	});
}

#[test]
fn disputing_a_canary_first_does_not_keep_it_from_being_exposed() {
	ExtBuilder::default().build_and_execute(|| {
		// Seeing the exposure coming, an operator disputes the job first: a panel is drawn.
		let (spot, challenger, free_before) = challenged_after_a_lazy_pass();
		let panel = members(0);
		let (held, provider) = (bond(spot), bond(OP1));
		assert_ok!(expose(0, ALICE, proof(0, ALICE)));
		// The lazy spot checker is slashed; the dispute ends, its bond back, its panel's seats
		// released; the job is refunded and its provider not slashed.
		assert!(bond(spot) < held);
		assert_eq!(free(challenger), free_before);
		assert!(Disputes::<Test>::get(0).is_none());
		assert!(panel.iter().all(|v| Seats::<Test>::get(v) == 0));
		assert_eq!(settle(0), Settlement::Refund);
		// The panel's reveal period ends with nothing to do.
		run_to(System::block_number() + 20);
		assert_eq!(bond(OP1), provider);
		assert!(!events().iter().any(|e| matches!(e, Event::NonRevealPenalized { .. })));
	});
}

#[test]
fn an_exposure_during_a_challenge_judges_the_scores_its_panel_revealed() {
	ExtBuilder::default().build_and_execute(|| {
		challenged_after_a_lazy_pass();
		let panel = members(0);
		// Every member commits; two reveal before the exposure, one passing the answer unread,
		// one failing it.
		let (lazy, honest) = (panel[0], panel[1]);
		let score = |v: u64| if v == lazy { 100 } else { 0 };
		for v in &panel {
			assert_ok!(commit(0, *v, score(*v)));
		}
		assert_ok!(reveal(0, lazy, 100));
		assert_ok!(reveal(0, honest, 0));
		let (lazy_bond, honest_free) = (bond(lazy), free(honest));
		assert_ok!(expose(0, ALICE, proof(0, ALICE)));
		assert!(bond(lazy) < lazy_bond, "the panel member who passed it is slashed");
		assert!(free(honest) > honest_free, "the one who failed it is paid");
		assert_eq!(settle(0), Settlement::Refund);
	});
}

#[test]
fn every_challenger_a_lazy_panel_proved_wrong_is_repaid() {
	ExtBuilder::default().build_and_execute(|| {
		appoint();
		let bond_60 = disputed_by_operator();
		verify(0, |_| 100);
		// The job's owner disputes the answer again (every other operator sat on the first
		// panel), and a second lazy panel rejects it.
		let second = ALICE;
		let before = free(second);
		assert_ok!(PoQ::dispute(RuntimeOrigin::signed(second), 0));
		run_to(System::block_number() + DRAW);
		let bond_50 = dispute_bond_of(second);
		assert!(bond_50 > 0);
		verify(0, |_| 100);
		assert_eq!(free(second), before - bond_50);
		assert_eq!(
			Passers::<Test>::get(0).map(|r| r.challengers.into_inner()),
			Some(vec![(60, bond_60), (second, bond_50)])
		);
		// Operator 60 sat on the second panel and passed the answer too: repaid, and slashed.
		let lazy = passers(0);
		assert!(lazy.contains(&60) && !lazy.contains(&second));
		let (first, slash_60) = (free(60), Params::get().fraud_slash.mul_floor(bond(60)));
		assert_ok!(expose(0, ALICE, proof(0, ALICE)));
		assert_eq!(free(60), first + bond_60 - slash_60);
		assert_eq!(free(second), before);
	});
}

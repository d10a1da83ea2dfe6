//! The simulation's own checks: short seeded runs.

use super::*;

#[test]
fn cheaters_from_the_start_are_caught_on_their_first_jobs() {
	let report = run(Config { jobs: 20_000, ..Config::default() });
	for kind in [Kind::Lazy, Kind::Random] {
		let c = &report.catches[&kind];
		assert!(c.jobs_until_caught.len() >= 10, "{kind:?}: {c:?}");
		assert!(c.caught_within_100() >= 0.99, "{kind:?}: {c:?}");
	}
	assert_eq!(report.honest_failed, 0);
}

/// Three cheaters for every honest operator: cheating verifiers fail honest answers. The
/// honest providers appeal, and none is slashed; without an appeal period, some are.
#[test]
fn appeals_save_honest_providers_a_cheating_majority_fails() {
	let cfg = Config { jobs: 20_000, honest: 10, cheaters: 10, ..Config::default() };
	let with = run(cfg.clone());
	assert!(with.appeals >= 1, "{with:?}");
	assert_eq!(with.honest_failed, 0, "{with:?}");
	let params = ProtocolParameters { appeal_period: 0, ..cfg.params };
	let without = run(Config { params, ..cfg });
	assert_eq!(without.appeals, 0);
	assert!(without.honest_failed >= 1, "{without:?}");
}

#[test]
fn the_same_seed_gives_the_same_report() {
	let cfg = Config { jobs: 5_000, ..Config::default() };
	let (a, b) = (run(cfg.clone()), run(cfg));
	assert_eq!(a.reruns, b.reruns);
	assert_eq!(a.catches[&Kind::Lazy].jobs_until_caught, b.catches[&Kind::Lazy].jobs_until_caught);
}

/// The economic attacks on the real runtime, short: the strategies whose fixes landed lose
/// money or cheat nobody, and the treasury never loses.
#[test]
fn economic_attacks_do_not_pay() {
	use economics::{play, Attack};
	for attack in [Attack::SelfDealingRing, Attack::WashTradingForMerit] {
		let r = play(attack, 60, 1);
		assert!(r.balance_change < 0, "{attack:?} loses the protocol fees: {r:?}");
		assert!(r.profit_per_1000() < 0.0, "{r:?}");
		assert!(r.treasury_change >= 0, "{r:?}");
	}
	let r = play(Attack::UnbondingCheater, 10, 1);
	assert_eq!(r.caught, r.cheats, "every cheat of a new operator is caught: {r:?}");
	assert_eq!(r.caught_within_100(), Some(true));
	assert!(r.profit_per_1000() < 0.0, "slashed from its unbonding funds: {r:?}");
	assert!(r.treasury_change >= 0, "{r:?}");
	// The predicting author can no longer compute a draw: every draw waits for a window with
	// another author's block, so it would need all nine blocks after a result.
	let r = play(Attack::PredictingAuthor, 200, 1);
	assert_eq!(r.cheats, 0, "{r:?}");
	// Predicting from the three blocks after its result, as it could before, it now guesses
	// wrong: its cheats are drawn with randomness it did not know.
	let r = play(Attack::PredictingAuthorOfTheWindowOnly, 1_000, 1);
	assert!(r.cheats > 0, "{r:?}");
	// A lazy verifier meets the canary service's known-bad answer, passes it and is exposed:
	// it loses far more than the inference it saved.
	let r = play(Attack::LazyVerifierFacingCanaries, economics::CANARY_EVERY, 1);
	assert_eq!(r.caught, 1, "the one canary exposed its lazy pass: {r:?}");
	assert!(r.profit_per_1000() < 0.0, "{r:?}");
	assert!(r.treasury_change > 0, "the slash went to the treasury: {r:?}");
}

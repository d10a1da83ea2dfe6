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
	assert!(with.appeals >= 3, "{with:?}");
	assert_eq!(with.honest_failed, 0, "{with:?}");
	let params = ProtocolParameters { appeal_period: 0, ..cfg.params };
	let without = run(Config { params, ..cfg });
	assert_eq!(without.appeals, 0);
	assert!(without.honest_failed >= 3, "{without:?}");
}

#[test]
fn the_same_seed_gives_the_same_report() {
	let cfg = Config { jobs: 5_000, ..Config::default() };
	let (a, b) = (run(cfg.clone()), run(cfg));
	assert_eq!(a.reruns, b.reruns);
	assert_eq!(a.catches[&Kind::Lazy].jobs_until_caught, b.catches[&Kind::Lazy].jobs_until_caught);
}

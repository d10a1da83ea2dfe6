//! `dgrid-poq-sim`: runs the Proof of Quality simulation ([`dgrid_poq_sim`]) and prints its
//! report as Markdown, for BENCHMARKS.md.
//!
//! ```text
//! cargo run -p dgrid-poq-sim -- --economics [--jobs N] [--seed S]
//! cargo run -p dgrid-poq-sim -- [--jobs N] [--seed S] [--drift P] [--drift-overlap P]
//!     [--lazy-overlap P] [--honest N] [--cheaters N] [--fail-threshold S] [--audit-rate PCT]
//!     [--appeal-period BLOCKS] [--scenario first|turning|both]
//! ```
//!
//! Two scenarios run (`--scenario` picks one): cheaters that cheat from their first job
//! (`first`), and cheaters that serve 150 jobs honestly first (past the 100 jobs every new
//! operator has audited, with a seasoned reputation) and then turn (`turning`).

#![allow(clippy::arithmetic_side_effects, clippy::float_arithmetic, clippy::indexing_slicing)]

use dgrid_poq_sim::{run, Config, Kind, Report};
use std::time::Instant;

fn arg<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
	args.iter()
		.position(|a| a == name)
		.and_then(|i| args.get(i + 1))
		.and_then(|v| v.parse().ok())
}

fn main() {
	let args: Vec<String> = std::env::args().collect();
	if args.iter().any(|a| a == "--economics") {
		let jobs = arg(&args, "--jobs").unwrap_or(1_000);
		let seed = arg(&args, "--seed").unwrap_or(1);
		return economics(jobs, seed);
	}
	let base = Config::default();
	let base = Config {
		jobs: arg(&args, "--jobs").unwrap_or(base.jobs),
		drift: arg(&args, "--drift").unwrap_or(base.drift),
		drift_overlap: arg(&args, "--drift-overlap").unwrap_or(base.drift_overlap),
		lazy_overlap: arg(&args, "--lazy-overlap").unwrap_or(base.lazy_overlap),
		honest: arg(&args, "--honest").unwrap_or(base.honest),
		cheaters: arg(&args, "--cheaters").unwrap_or(base.cheaters),
		params: dgrid_primitives::ProtocolParameters {
			fail_threshold: arg(&args, "--fail-threshold").unwrap_or(base.params.fail_threshold),
			appeal_period: arg(&args, "--appeal-period").unwrap_or(base.params.appeal_period),
			audit_rate: arg::<f64>(&args, "--audit-rate").map_or(base.params.audit_rate, |pct| {
				sp_runtime::Perbill::from_parts((pct * 10_000_000.0).round() as u32)
			}),
			..base.params
		},
		seed: arg(&args, "--seed").unwrap_or(base.seed),
		..base
	};
	println!(
		"Proof of Quality simulation: {} jobs per scenario, {} per block; {} honest operators, {} \
		 of each cheating kind at any time (equal bonds); drift {} (overlap after divergence {}); \
		 lazy overlap {}; seed {}.",
		base.jobs,
		base.jobs_per_block,
		base.honest,
		base.cheaters,
		base.drift,
		base.drift_overlap,
		base.lazy_overlap,
		base.seed
	);
	let p = base.params;
	println!(
		"Parameters: audit rate {:?}, spot check {}, committee {}, new-operator jobs {}, \
		 quality threshold {}, fail threshold {}, appeal period {} blocks.\n",
		p.audit_rate,
		p.audit_verifiers,
		p.audit_committee,
		p.new_operator_jobs,
		p.quality_threshold,
		p.fail_threshold,
		p.appeal_period
	);
	let scenario: String = arg(&args, "--scenario").unwrap_or_else(|| "both".into());
	for (title, prefix) in
		[("cheating from their first job", 0), ("turning after 150 honest jobs", 150)]
			.into_iter()
			.filter(|(_, prefix)| match scenario.as_str() {
				"first" => *prefix == 0,
				"turning" => *prefix != 0,
				_ => true,
			}) {
		let start = Instant::now();
		let report = run(Config { honest_prefix: prefix, ..base.clone() });
		print(title, &report, &base, start.elapsed().as_secs_f64());
	}
}

/// Play every economic attack on the real runtime and print a table.
fn economics(jobs: u32, seed: u64) {
	use dgrid_poq_sim::economics::{play, Attack};
	println!(
		"Economic attacks on the real runtime (`local` genesis), {jobs} jobs each, seed {seed}; \
		 a cheating answer saves its provider fee.\n"
	);
	println!("| strategy | jobs | cheating | caught | caught within 100 jobs | profit per 1,000 jobs (DGRID) | treasury net flow (DGRID) |");
	println!("|---|---|---|---|---|---|---|");
	for attack in [
		Attack::SelfDealingRing,
		Attack::WashTradingForMerit,
		Attack::PredictingAuthor,
		Attack::PredictingAuthorOfTheWindowOnly,
		Attack::UnbondingCheater,
		Attack::LazyVerifiers,
		Attack::LazyVerifierFacingCanaries,
	] {
		let start = Instant::now();
		let r = play(attack, jobs, seed);
		let within = match r.caught_within_100() {
			None => "n/a (cheats nobody)".to_string(),
			Some(true) => format!("yes (after {})", r.jobs_until_caught.unwrap_or(0)),
			Some(false) => "no".to_string(),
		};
		println!(
			"| {attack:?} | {} | {} | {} | {within} | {:+.4} | {:+.4} | ",
			r.jobs,
			r.cheats,
			r.caught,
			r.profit_per_1000(),
			r.treasury_change as f64 / dgrid_runtime::DGRID as f64,
		);
		eprintln!("{attack:?}: {:.1} s", start.elapsed().as_secs_f64());
	}
}

fn print(title: &str, r: &Report, cfg: &Config, secs: f64) {
	println!("### Cheaters {title}\n");
	println!("| provider | cheating jobs | audited | failed (slashed) | cheaters caught | uncaught after 100 | caught within 100 jobs | median / max jobs until caught |");
	println!("|---|---|---|---|---|---|---|---|");
	for kind in [Kind::Lazy, Kind::Random, Kind::Colluding] {
		let c = &r.catches[&kind];
		println!(
			"| {kind:?} | {} | {} | {} | {} | {} | {:.2} % | {} / {} |",
			c.cheating_jobs,
			c.audited,
			c.failed,
			c.jobs_until_caught.len(),
			c.escaped_100,
			100.0 * c.caught_within_100(),
			c.median(),
			c.max()
		);
	}
	// With no failure in n trials, the 95 % upper bound of the rate is 3 / n (the rule of three);
	// otherwise the observed rate.
	let honest_rate = if r.honest_failed == 0 {
		format!("none; 95 % upper bound {:.1e}", 3.0 / r.honest_jobs.max(1) as f64)
	} else {
		format!("{:.1e} per job", r.honest_failed as f64 / r.honest_jobs.max(1) as f64)
	};
	println!(
		"\nHonest jobs: {}; failed (provider wrongly slashed): {} ({honest_rate}); pro-rated: {}. \
		 Honest verifiers scored honest answers below the quality threshold {} times in {} \
		 ({:.3} %).",
		r.honest_jobs,
		r.honest_failed,
		r.honest_pro_rated,
		r.honest_scores_low,
		r.honest_scores,
		100.0 * r.honest_scores_low as f64 / r.honest_scores.max(1) as f64,
	);
	println!(
		"Appeals by honest providers of a failed audit: {}, upheld by the panel: {}; split \
		 panels left to the jury: {}.",
		r.appeals, r.appeals_upheld, r.escalated
	);
	println!(
		"Verification overhead at steady state: {} re-runs for {} jobs of seasoned providers = \
		 {:.2} % of inference calls (all jobs, new operators included: {:.2} %). {} blocks in \
		 {:.0} s.\n",
		r.seasoned_reruns,
		r.seasoned_jobs,
		100.0 * r.steady_overhead(),
		100.0 * r.reruns as f64 / cfg.jobs.max(1) as f64,
		r.blocks,
		secs
	);
}

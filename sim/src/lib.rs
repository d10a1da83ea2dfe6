//! # DGrid Proof of Quality simulation
//!
//! Runs the real `pallet-poq` — its audit draw, verifier committees, commit-reveal, medians,
//! verdicts, slashing — in a minimal runtime, against a population of providers, with every
//! verifier scoring through the real scorer ([`dgrid_offchain_worker::score`]). Deterministic:
//! the same [`Config`] gives the same [`Report`].
//!
//! ## The model of answers
//!
//! A job's reference answer is 40 to 199 words drawn from a 5,000-word vocabulary by a hash
//! of the job id: what the claimed model answers at temperature 0 with the job's seed.
//! - **Honest** providers and verifiers answer the reference, except that with probability
//!   `drift` (5 % by default) a run diverges at a uniform point (another GPU or batch: after
//!   one different token the continuation differs) and goes on as the same model would,
//!   sharing `drift_overlap` (60 %) of the reference's words from there.
//! - **Lazy** providers run a smaller model: each word is the reference's with probability
//!   `lazy_overlap` (30 % by default), another word otherwise; they bill the reference's
//!   token count.
//! - **Random** providers answer random words of the reference's length.
//! - **Colluding** providers answer as lazy ones, and score each other 100 when drawn as
//!   verifiers (scoring everyone else honestly).
//!
//! When an audit fails a job, an **honest** provider appeals it (holding a dispute bond), and
//! a fresh panel reviews it; cheaters do not appeal (they would lose the bond as well). A
//! split panel escalates to the DAO's jury, which the simulation takes to rule correctly: how
//! often that happens is reported, since a real jury is people.
//!
//! Cheaters verify as they serve: a lazy verifier re-runs with its small model, a random one
//! answers random words. A cheater serves `honest_prefix` jobs honestly before it starts
//! cheating (0: from its first job; above `new_operator_jobs`: after it has earned a seasoned
//! operator's audit rate). When one of its cheating jobs fails an audit it is slashed, leaves,
//! and a fresh cheater of the same kind joins.

#![allow(clippy::arithmetic_side_effects, clippy::float_arithmetic, clippy::indexing_slicing)]

use codec::Encode;
use dgrid_offchain_worker::score::{score, Usage};
use dgrid_primitives::{
	AnsweredJob, Balance, JobBook, JobId, JobReplay, ModelId, NodeRegistry, ProtocolParameters,
	ProtocolParams, QualityControl, Reputation, Settlement, Slashing,
};
use frame_support::{
	traits::{fungible::Mutate, tokens::Preservation, Hooks},
	weights::Weight,
};
use sp_runtime::{BuildStorage, Perbill};
use std::{cell::RefCell, collections::BTreeMap};

/// Every operator's bond.
const BOND: Balance = 100_000;
/// Every job's fee.
const FEE: Balance = 100;
/// The treasury.
const TREASURY: u64 = u64::MAX - 1;
/// The users: every job's owner, whose payments stand for the market's escrow.
const USERS: u64 = u64::MAX - 2;
/// A worker key is its operator's id plus this.
const WORKER: u64 = 1 << 40;
/// Words in the vocabulary.
const VOCABULARY: u64 = 5_000;

pub mod economics;
mod runtime;
use runtime::*;

/// How a provider serves, and verifies.
#[derive(Clone, Copy, PartialEq, Eq, Debug, PartialOrd, Ord)]
pub enum Kind {
	/// Runs the claimed model.
	Honest,
	/// Runs a smaller model and bills for the claimed one.
	Lazy,
	/// Answers random words.
	Random,
	/// Runs a smaller model, and passes the other colluders' answers when verifying them.
	Colluding,
}

/// A simulation run.
#[derive(Clone, Debug)]
pub struct Config {
	/// Jobs in all.
	pub jobs: u64,
	/// Jobs per block.
	pub jobs_per_block: u64,
	/// Honest operators.
	pub honest: u32,
	/// Lazy, random and colluding cheaters present at any time (each kind).
	pub cheaters: u32,
	/// Jobs a cheater serves honestly before it starts cheating.
	pub honest_prefix: u32,
	/// Probability that one run of the claimed model diverges from the reference.
	pub drift: f64,
	/// Share of the reference's words a diverged run still has after the divergence.
	pub drift_overlap: f64,
	/// Share of a lazy answer's words that match the reference.
	pub lazy_overlap: f64,
	/// Seed of the run.
	pub seed: u64,
	/// The protocol parameters (the defaults of the dev chain but for the periods).
	pub params: ProtocolParameters<u64>,
}

impl Default for Config {
	fn default() -> Self {
		Self {
			jobs: 200_000,
			jobs_per_block: 500,
			honest: 60,
			cheaters: 5,
			honest_prefix: 0,
			drift: 0.05,
			drift_overlap: 0.6,
			lazy_overlap: 0.3,
			seed: 1,
			params: ProtocolParameters {
				commit_period: 3,
				reveal_period: 3,
				challenge_period: 10,
				// An appeal's bond: 5 × the fee, at least the fee.
				min_dispute_bond: FEE,
				..ProtocolParameters::development()
			},
		}
	}
}

/// Jobs until a cheater was caught, per kind.
#[derive(Clone, Debug, Default)]
pub struct Catches {
	/// For each cheater caught: how many of its cheating jobs it had served when the first
	/// one that failed its audit was served (1 = its first cheating job).
	pub jobs_until_caught: Vec<u32>,
	/// Cheating jobs served in all.
	pub cheating_jobs: u64,
	/// Cheating jobs whose audit failed (slashed).
	pub failed: u64,
	/// Cheating jobs audited (at least a spot check).
	pub audited: u64,
	/// Cheaters still uncaught at the end of the run after 100 cheating jobs or more.
	pub escaped_100: u32,
}

impl Catches {
	/// Share of the cheaters that cheated 100 times, or were caught before, that were caught
	/// within 100 cheating jobs. (Cheaters still uncaught at the end with fewer than 100
	/// cheating jobs are left out: their outcome is unknown.)
	pub fn caught_within_100(&self) -> f64 {
		let decided = self.jobs_until_caught.len() + self.escaped_100 as usize;
		if decided == 0 {
			return 0.0;
		}
		let within = self.jobs_until_caught.iter().filter(|j| **j <= 100).count();
		within as f64 / decided as f64
	}

	/// Median jobs until caught.
	pub fn median(&self) -> u32 {
		let mut v = self.jobs_until_caught.clone();
		v.sort_unstable();
		v.get(v.len() / 2).copied().unwrap_or(0)
	}

	/// Most jobs until caught.
	pub fn max(&self) -> u32 {
		self.jobs_until_caught.iter().copied().max().unwrap_or(0)
	}
}

/// What a run measured.
#[derive(Clone, Debug, Default)]
pub struct Report {
	/// Per cheater kind.
	pub catches: BTreeMap<Kind, Catches>,
	/// Jobs served honestly (by honest operators and by cheaters before they cheat).
	pub honest_jobs: u64,
	/// Of which failed their audit (the provider wrongly slashed).
	pub honest_failed: u64,
	/// Of which paid less than in full.
	pub honest_pro_rated: u64,
	/// Honest verifiers' scores of honest answers, and how many were below the quality
	/// threshold.
	pub honest_scores: u64,
	/// Of which below the quality threshold.
	pub honest_scores_low: u64,
	/// Jobs of seasoned providers (past `new_operator_jobs`), and the verifier re-runs drawn
	/// for them.
	pub seasoned_jobs: u64,
	/// Verifier re-runs for seasoned providers' jobs.
	pub seasoned_reruns: u64,
	/// All jobs, and all verifier re-runs.
	pub reruns: u64,
	/// Appeals by honest providers of a failed audit, and how many the panel upheld.
	pub appeals: u64,
	/// Of which upheld by the panel.
	pub appeals_upheld: u64,
	/// Disputes and appeals whose panel split, left to the jury.
	pub escalated: u64,
	/// Blocks simulated.
	pub blocks: u64,
}

impl Report {
	/// Verification re-runs per inference call for seasoned providers.
	pub fn steady_overhead(&self) -> f64 {
		self.seasoned_reruns as f64 / self.seasoned_jobs.max(1) as f64
	}
}

/// A provider in the simulation.
#[derive(Clone, Debug)]
struct Provider {
	kind: Kind,
	/// Jobs served so far.
	served: u32,
	/// Cheating jobs served so far.
	cheated: u32,
}

/// A served job, as the simulation remembers it until it is settled.
#[derive(Clone, Debug)]
struct Served {
	provider: u64,
	/// Whether the provider cheated on it, and at which of its cheating jobs.
	cheat: Option<u32>,
	/// Whether the provider was past `new_operator_jobs` when it served it.
	seasoned: bool,
	answered_at: u64,
	output: Vec<u64>,
}

fn h(parts: impl Encode) -> u64 {
	let d = sp_io::hashing::blake2_256(&parts.encode());
	u64::from_le_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]])
}

fn chance(parts: impl Encode, p: f64) -> bool {
	(h(parts) as f64) < p * (u64::MAX as f64)
}

/// The world: operators, the jobs in flight and what the run measured.
struct World {
	cfg: Config,
	providers: BTreeMap<u64, Provider>,
	next_operator: u64,
	next_job: JobId,
	served: BTreeMap<JobId, Served>,
	report: Report,
}

impl World {
	fn reference(&self, job: JobId) -> Vec<u64> {
		let len = 40 + h((self.cfg.seed, job, "len")) % 160;
		(0..len).map(|i| h((self.cfg.seed, job, i)) % VOCABULARY).collect()
	}

	/// One run of the claimed model by `who`: the reference, or with probability `drift` a
	/// run that diverges at a uniform point and continues as the same model would, sharing
	/// `drift_overlap` of the reference's words from there.
	fn honest_run(&self, job: JobId, who: u64) -> Vec<u64> {
		let mut words = self.reference(job);
		if chance((self.cfg.seed, job, who, "drift"), self.cfg.drift) {
			let at = (h((self.cfg.seed, job, who, "at")) % words.len() as u64) as usize;
			for (i, w) in words.iter_mut().enumerate().skip(at) {
				let i = i as u64;
				if !chance((self.cfg.seed, job, who, i, "same"), self.cfg.drift_overlap) {
					*w = h((self.cfg.seed, job, who, i, "tail")) % VOCABULARY;
				}
			}
		}
		words
	}

	/// A smaller model's answer, the same for every run by `who`.
	fn lazy_run(&self, job: JobId, who: u64) -> Vec<u64> {
		let overlap = self.cfg.lazy_overlap;
		self.reference(job)
			.into_iter()
			.enumerate()
			.map(|(i, w)| {
				if chance((self.cfg.seed, job, i as u64, "lazy"), overlap) {
					w
				} else {
					h((self.cfg.seed, job, who, i as u64, "small")) % VOCABULARY
				}
			})
			.collect()
	}

	fn random_run(&self, job: JobId, who: u64) -> Vec<u64> {
		let len = self.reference(job).len() as u64;
		(0..len)
			.map(|i| h((self.cfg.seed, job, who, i, "random")) % VOCABULARY)
			.collect()
	}

	fn run_as(&self, kind: Kind, job: JobId, who: u64) -> Vec<u64> {
		match kind {
			Kind::Honest => self.honest_run(job, who),
			Kind::Lazy | Kind::Colluding => self.lazy_run(job, who),
			Kind::Random => self.random_run(job, who),
		}
	}

	fn join(&mut self, kind: Kind) {
		let op = self.next_operator;
		self.next_operator += 1;
		let _ = Balances::mint_into(&op, BOND + 1);
		OPERATORS.with(|o| {
			o.borrow_mut().insert(
				op,
				OperatorRecord {
					bond: BOND,
					eligible: true,
					reputation: Perbill::from_percent(50),
				},
			)
		});
		OFFERERS.with(|o| o.borrow_mut().push(op));
		self.providers.insert(op, Provider { kind, served: 0, cheated: 0 });
	}

	/// A cheater caught: it leaves, and a fresh one of its kind joins.
	fn replace(&mut self, op: u64) {
		let Some(p) = self.providers.remove(&op) else { return };
		OPERATORS.with(|o| {
			if let Some(r) = o.borrow_mut().get_mut(&op) {
				r.eligible = false;
			}
		});
		OFFERERS.with(|o| o.borrow_mut().retain(|x| *x != op));
		self.join(p.kind);
	}

	fn serve(&mut self, now: u64) {
		let ids: Vec<u64> = self.providers.keys().copied().collect();
		let new_jobs = self.cfg.new_operator_jobs();
		for _ in 0..self.cfg.jobs_per_block {
			let job = self.next_job;
			self.next_job += 1;
			let provider = ids[(h((self.cfg.seed, job, "provider")) % ids.len() as u64) as usize];
			let Some(p) = self.providers.get_mut(&provider) else { continue };
			let seasoned = p.served >= new_jobs;
			p.served += 1;
			let cheating = p.kind != Kind::Honest && p.served > self.cfg.honest_prefix;
			let cheat = cheating.then(|| {
				p.cheated += 1;
				p.cheated
			});
			let kind = if cheating { p.kind } else { Kind::Honest };
			let output = self.run_as(kind, job, provider);
			match cheat {
				Some(_) => {
					let c = self.report.catches.entry(kind).or_default();
					c.cheating_jobs += 1;
				},
				None => self.report.honest_jobs += 1,
			}
			if seasoned {
				self.report.seasoned_jobs += 1;
			}
			let challenge_ends = now + self.cfg.params.challenge_period - 1;
			let answered =
				AnsweredJob { owner: USERS, provider, model: 0, fee: FEE, challenge_ends };
			let entry = MarketJob { answered, waiting: false, concluded: None, verified: 0 };
			JOBS.with(|j| j.borrow_mut().insert(job, entry));
			<PoQ as QualityControl<u64, u64>>::note_result(job, &provider, 0, FEE);
			self.served
				.insert(job, Served { provider, cheat, seasoned, answered_at: now, output });
		}
	}

	/// The verifiers of a round score the provider's answer, commit and reveal.
	fn verify(&mut self, job: JobId, round: u8, verifiers: &[u64]) {
		let Some(served) = self.served.get(&job).cloned() else { return };
		self.report.reruns += verifiers.len() as u64;
		if served.seasoned {
			self.report.seasoned_reruns += verifiers.len() as u64;
		}
		let claimed_kind = self.providers.get(&served.provider).map(|p| p.kind);
		if let (Some(_), Some(kind), 0) = (served.cheat, claimed_kind, round) {
			self.report.catches.entry(kind).or_default().audited += 1;
		}
		let text = |words: &[u64]| -> Vec<u8> {
			words.iter().map(|w| format!("w{w}")).collect::<Vec<_>>().join(" ").into_bytes()
		};
		let claimed = text(&served.output);
		let reference_len = self.reference(job).len() as u32;
		let usage = Usage { input_tokens: 10, output_tokens: reference_len };
		let threshold = self.cfg.params.quality_threshold;
		let mut scores = Vec::new();
		for v in verifiers {
			// A cheater verifies with what it serves with, once it has started cheating.
			let kind = self
				.providers
				.get(v)
				.filter(|p| p.served > self.cfg.honest_prefix)
				.map_or(Kind::Honest, |p| p.kind);
			let s = match kind {
				Kind::Colluding if claimed_kind == Some(Kind::Colluding) => 100,
				Kind::Colluding => score(&claimed, usage, &text(&self.honest_run(job, *v)), usage),
				k => score(&claimed, usage, &text(&self.run_as(k, job, *v)), usage),
			};
			if kind == Kind::Honest && served.cheat.is_none() {
				self.report.honest_scores += 1;
				if s < threshold {
					self.report.honest_scores_low += 1;
				}
			}
			scores.push((*v, s));
		}
		let salt = [round; 32];
		for (v, s) in &scores {
			let c = PoQ::commitment(job, round, v, *s, &salt);
			let done = PoQ::commit(RuntimeOrigin::signed(v + WORKER), job, c);
			assert!(done.is_ok(), "commit of {v} on job {job}: {done:?}");
		}
		for (v, s) in &scores {
			let done = PoQ::reveal(RuntimeOrigin::signed(v + WORKER), job, *s, salt);
			assert!(done.is_ok(), "reveal of {v} on job {job}: {done:?}");
		}
	}

	fn block(&mut self, now: u64) {
		System::set_block_number(now);
		PoQ::on_initialize(now);
		self.serve(now);
		self.act_on_events();
		self.settle(now);
	}

	/// The verifiers drawn act at once (their last reveal reaches the verdict), and verdicts
	/// are recorded; until no new event comes.
	fn act_on_events(&mut self) {
		let mut seen = 0;
		loop {
			let events = System::events();
			if seen >= events.len() {
				break;
			}
			let batch: Vec<pallet_poq::Event<Sim>> = events[seen..]
				.iter()
				.filter_map(|r| match &r.event {
					RuntimeEvent::PoQ(e) => Some(e.clone()),
					_ => None,
				})
				.collect();
			seen = events.len();
			for e in batch {
				match e {
					pallet_poq::Event::RoundStarted { job, round, verifiers, .. } => {
						self.verify(job, round, &verifiers)
					},
					pallet_poq::Event::Failed { job, .. } => self.failed(job),
					pallet_poq::Event::AwaitingAppeal { job, provider, .. } => {
						self.maybe_appeal(job, provider)
					},
					pallet_poq::Event::DisputeResolved {
						ruling: pallet_poq::Ruling::ProviderUpheld,
						by_jury: false,
						..
					} => self.report.appeals_upheld += 1,
					pallet_poq::Event::DisputeEscalated { dispute, job, .. } => {
						self.jury(dispute, job)
					},
					pallet_poq::Event::Passed { job, share, .. }
						if share < Perbill::one()
							&& self.served.get(&job).is_some_and(|s| s.cheat.is_none()) =>
					{
						self.report.honest_pro_rated += 1
					},
					_ => {},
				}
			}
		}
		System::reset_events();
	}

	/// An honest provider appeals a failed audit of its answer; a cheater does not.
	fn maybe_appeal(&mut self, job: JobId, provider: u64) {
		let honest = self.served.get(&job).is_some_and(|s| s.cheat.is_none());
		if !honest || !self.providers.contains_key(&provider) {
			return;
		}
		let done = PoQ::appeal(RuntimeOrigin::signed(provider), job);
		assert!(done.is_ok(), "appeal of {provider} on job {job}: {done:?}");
		self.report.appeals += 1;
	}

	/// The jury rules on a split panel: correctly, by assumption.
	fn jury(&mut self, dispute: dgrid_primitives::DisputeId, job: JobId) {
		self.report.escalated += 1;
		let honest = self.served.get(&job).is_some_and(|s| s.cheat.is_none());
		let ruling = if honest {
			pallet_poq::Ruling::ProviderUpheld
		} else {
			pallet_poq::Ruling::ProviderAtFault
		};
		let done = PoQ::rule(RuntimeOrigin::root(), dispute, ruling);
		assert!(done.is_ok(), "jury on dispute {dispute}: {done:?}");
	}

	fn failed(&mut self, job: JobId) {
		let Some(served) = self.served.get(&job).cloned() else { return };
		match served.cheat {
			None => self.report.honest_failed += 1,
			Some(index) => {
				let Some(kind) = self.providers.get(&served.provider).map(|p| p.kind) else {
					// Already replaced: a later job of a cheater already caught.
					return;
				};
				let c = self.report.catches.entry(kind).or_default();
				c.failed += 1;
				c.jobs_until_caught.push(index);
				self.replace(served.provider);
			},
		}
	}

	/// Settle the jobs whose challenge period is over, as the market would.
	fn settle(&mut self, now: u64) {
		let challenge = self.cfg.params.challenge_period;
		let due: Vec<JobId> = self
			.served
			.iter()
			.filter(|(_, s)| s.answered_at + challenge <= now)
			.map(|(j, _)| *j)
			.collect();
		for job in due {
			let Some(served) = self.served.get(&job).cloned() else { continue };
			let waiting = JOBS.with(|j| j.borrow().get(&job).map(|e| (e.waiting, e.concluded)));
			let outcome = match waiting {
				Some((false, _)) => {
					let s = <PoQ as QualityControl<u64, u64>>::settlement(job, served.answered_at);
					if s == Settlement::Wait {
						JOBS.with(|j| {
							if let Some(e) = j.borrow_mut().get_mut(&job) {
								e.waiting = true;
							}
						});
						continue;
					}
					s
				},
				Some((true, Some(s))) => s,
				_ => continue,
			};
			if pallet_poq::Reviews::<Sim>::contains_key(job) {
				// A verdict given to the market is forgotten by PoQ.
				continue;
			}
			if matches!(outcome, Settlement::Pay(_)) {
				SimStaking::record(&served.provider, Perbill::one());
			}
			JOBS.with(|j| j.borrow_mut().remove(&job));
			self.served.remove(&job);
		}
	}
}

impl Config {
	fn new_operator_jobs(&self) -> u32 {
		self.params.new_operator_jobs
	}
}

/// Run the simulation.
pub fn run(cfg: Config) -> Report {
	OPERATORS.with(|o| o.borrow_mut().clear());
	OFFERERS.with(|o| o.borrow_mut().clear());
	JOBS.with(|j| j.borrow_mut().clear());
	PARAMS.with(|p| *p.borrow_mut() = cfg.params);
	SEED.with(|s| *s.borrow_mut() = cfg.seed);
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		balances: pallet_balances::GenesisConfig {
			balances: vec![(TREASURY, Balance::MAX / 4), (USERS, Balance::MAX / 4)],
			..Default::default()
		},
	}
	.build_storage()
	.expect("genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		let mut world = World {
			cfg: cfg.clone(),
			providers: BTreeMap::new(),
			next_operator: 1,
			next_job: 0,
			served: BTreeMap::new(),
			report: Report::default(),
		};
		for _ in 0..cfg.honest {
			world.join(Kind::Honest);
		}
		for kind in [Kind::Lazy, Kind::Random, Kind::Colluding] {
			world.report.catches.insert(kind, Catches::default());
			for _ in 0..cfg.cheaters {
				world.join(kind);
			}
		}
		let blocks = cfg.jobs.div_ceil(cfg.jobs_per_block);
		for n in 1..=blocks {
			world.block(n);
		}
		// Let the last audits, appeals and panels finish.
		for n in blocks + 1..=blocks + 6 * cfg.params.challenge_period {
			System::set_block_number(n);
			PoQ::on_initialize(n);
			world.act_on_events();
			world.settle(n);
		}
		for p in world.providers.values().filter(|p| p.kind != Kind::Honest && p.cheated >= 100) {
			world.report.catches.entry(p.kind).or_default().escaped_100 += 1;
		}
		world.report.blocks = blocks;
		world.report
	})
}

#[cfg(test)]
mod tests;

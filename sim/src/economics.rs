//! # The economic attacks, played on the real runtime
//!
//! Where the rest of this crate runs PoQ alone against populations of answers, this module runs
//! the whole `dgrid-runtime` (market, node staking, PoQ, DAO, balances) on its `local` genesis
//! (four operators, Alice, Bob, Charlie and Dave, offering the sample model) and plays one
//! strategy of a party holding several roles at once for a number of jobs. It measures what the
//! party gains or loses by balances (everything it holds, free and held), what the treasury
//! takes in and pays out, and, for strategies that cheat users, how many of the party's cheating
//! answers are caught and how soon.
//!
//! A cheating answer saves the party the inference it did not run: the simulation counts that
//! saving as the job's provider fee (the most an operator pricing at cost could save), so a
//! strategy's *profit* is its balance change plus those savings. Verifiers are the other
//! operators; an honest one scores an honest answer 100 and a cheating one 0 (the scorer itself
//! is tested in `dgrid-offchain-worker`); a lazy one scores 100 without re-running.
//!
//! Transactions that are not feeless pay the runtime's fee for their weight and length (the
//! users' `submit_job`s here); the workers' results, commits and reveals land, and are free.
//!
//! Blocks are driven by hand: each block's hooks run and its parent hash, which PoQ's draw mixes
//! without BABE's VRF output, is a hash of the block number and the run's seed.

use codec::Encode;
use dgrid_primitives::{NodeRegistry as _, ProtocolParams as _, Reputation as _};

use dgrid_runtime::{
	genesis_config_presets::get_preset, AccountId, Balance, Balances, Dao, Market, NodeStaking,
	Poq, Runtime, RuntimeGenesisConfig, RuntimeOrigin, DGRID,
};
use frame_support::{
	genesis_builder_helper::build_state,
	traits::{
		fungible::{Inspect, Mutate},
		Hooks,
	},
	weights::Weight,
};
use pallet_market::{JobStatus, JobTarget, ModelKind, RoutingPolicy, Strategy as Routing};
use serde_json::Value;
use sp_core::{sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::traits::IdentifyAccount;
use std::collections::BTreeSet;

/// A strategy a party plays.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Attack {
	/// User, model lister, provider and verifier at once: sends itself jobs on its own model.
	SelfDealingRing,
	/// The same ring, trading with itself to win the session's reward pool.
	WashTradingForMerit,
	/// A validator-operator that cheats only on the results whose draw it can predict: those
	/// whose every block until the draw it authors, and that the draw then misses.
	PredictingAuthor,
	/// The same validator-operator, predicting as it could before draws waited for a second
	/// author: it cheats on the results whose three-block draw window it authors.
	PredictingAuthorOfTheWindowOnly,
	/// A provider that cheats, then unbonds everything at once and tries to withdraw before
	/// its verdicts.
	UnbondingCheater,
	/// A provider that cheats while every verifier it could be drawn with scores 100 without
	/// re-running.
	LazyVerifiers,
	/// A verifier that scores 100 without re-running, among jobs of which the DAO's canary
	/// service plants one in [`CANARY_EVERY`] (known-bad answers it exposes when passed).
	LazyVerifierFacingCanaries,
}

/// One job in this many is a canary in [`Attack::LazyVerifierFacingCanaries`].
pub const CANARY_EVERY: u32 = 200;

/// What a strategy did, per run.
#[derive(Clone, Debug)]
pub struct AttackReport {
	/// The strategy.
	pub attack: Attack,
	/// Jobs played.
	pub jobs: u32,
	/// Jobs answered with a cheating answer.
	pub cheats: u32,
	/// Cheating answers caught (failed their audit).
	pub caught: u32,
	/// The party's own cheating jobs before the first one caught (`None`: never caught).
	pub jobs_until_caught: Option<u32>,
	/// The party's balance change (free and held), in plancks.
	pub balance_change: i128,
	/// The same party's balance change when it plays the same jobs honestly (zero for the
	/// strategies that do not serve other users: their alternative is not to play).
	pub honest_change: i128,
	/// Inference the party did not run: the provider fees of its cheating answers.
	pub saved: Balance,
	/// The treasury's balance change, in plancks.
	pub treasury_change: i128,
}

impl AttackReport {
	/// The party's profit per 1,000 jobs, in DGRID, over playing honestly: its balance change
	/// plus what cheating saved it, less what honest play would have earned.
	pub fn profit_per_1000(&self) -> f64 {
		let profit = self.balance_change + self.saved as i128 - self.honest_change;
		profit as f64 / DGRID as f64 * 1000.0 / f64::from(self.jobs.max(1))
	}

	/// Whether the first cheat was caught within the party's first 100 cheating jobs
	/// (`None` for a strategy that cheats nobody).
	pub fn caught_within_100(&self) -> Option<bool> {
		(self.cheats > 0).then(|| self.jobs_until_caught.is_some_and(|n| n < 100))
	}
}

/// Apply a JSON patch onto a JSON value, as the node does with a preset over the default
/// genesis config.
fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (k, v) in patch {
				merge(base.entry(k).or_insert(Value::Null), v);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// A fresh chain on the `local` preset.
fn chain() -> sp_io::TestExternalities {
	let preset = get_preset(&sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET.into())
		.expect("the local preset");
	let patch: Value = serde_json::from_slice(&preset).expect("a JSON preset");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("JSON");
	merge(&mut config, patch);
	let mut ext = sp_io::TestExternalities::new_empty();
	ext.execute_with(|| {
		build_state::<RuntimeGenesisConfig>(serde_json::to_vec(&config).expect("JSON"))
			.expect("the local genesis builds")
	});
	ext
}

/// The chain being played: its block, its seed, and who holds which keys.
struct Play {
	seed: u64,
}

impl Play {
	/// The hash the simulation gives block `n`: the parent hash PoQ's draw mixes.
	fn hash_of(&self, n: u32) -> H256 {
		H256(sp_io::hashing::blake2_256(&(b"dgrid/sim/block", self.seed, n).encode()))
	}

	/// What PoQ keeps of block `n + 1`'s randomness: its parent's (block `n`'s) hash, hashed.
	fn output_of(&self, n: u32) -> [u8; 32] {
		sp_io::hashing::blake2_256(&self.hash_of(n).encode())
	}

	fn now(&self) -> u32 {
		frame_system::Pallet::<Runtime>::block_number()
	}

	/// The validator (its BABE authority index: Alice, Bob, Charlie, Dave) that authors block
	/// `n`, drawn by the run's seed.
	fn author_of(&self, n: u32) -> u32 {
		let digest = sp_io::hashing::blake2_256(&(b"dgrid/sim/author", self.seed, n).encode());
		u32::from(digest[0] % 4)
	}

	/// Start the next block, authored by [`Self::author_of`] (its BABE pre-digest), and run
	/// its hooks.
	fn next_block(&self) {
		use sp_consensus_babe::digests::{PreDigest, SecondaryPlainPreDigest};
		let n = self.now() + 1;
		let parent = self.hash_of(n - 1);
		frame_system::BlockHash::<Runtime>::insert(n - 1, parent);
		frame_system::Pallet::<Runtime>::reset_events();
		let pre = PreDigest::SecondaryPlain(SecondaryPlainPreDigest {
			authority_index: self.author_of(n),
			slot: u64::from(n).into(),
		});
		let digest = sp_runtime::Digest {
			logs: vec![sp_runtime::DigestItem::PreRuntime(
				sp_consensus_babe::BABE_ENGINE_ID,
				pre.encode(),
			)],
		};
		frame_system::Pallet::<Runtime>::initialize(&n, &parent, &digest);
		Market::on_initialize(n);
		Poq::on_initialize(n);
		Market::on_idle(n, Weight::MAX);
	}

	/// The PoQ events of this block.
	fn poq_events(&self) -> Vec<pallet_poq::Event<Runtime>> {
		frame_system::Pallet::<Runtime>::events()
			.into_iter()
			.filter_map(|r| match r.event {
				dgrid_runtime::RuntimeEvent::Poq(e) => Some(e),
				_ => None,
			})
			.collect()
	}
}

/// A key pair and its account, funded with `amount`.
fn keyed(seed: &str, amount: Balance) -> (sr25519::Pair, AccountId) {
	let pair = sr25519::Pair::from_string(seed, None).expect("a seed");
	let who = sp_runtime::MultiSigner::from(pair.public()).into_account();
	if amount > 0 {
		assert!(Balances::mint_into(&who, amount).is_ok());
	}
	(pair, who)
}

/// Register `operator` with the worker key `worker` (signing its proof), bonding `bond`.
fn register(operator: &AccountId, worker: &(sr25519::Pair, AccountId), bond: Balance) {
	let proof = worker.0.sign(&NodeStaking::worker_proof_payload(operator));
	let registered = NodeStaking::register_operator(
		RuntimeOrigin::signed(operator.clone()),
		worker.1.clone(),
		proof.into(),
		Default::default(),
		bond,
	);
	assert!(registered.is_ok(), "registered: {registered:?}");
}

fn offer(operator: &AccountId, model: u32, price_out: Balance, capacity: u32) {
	let offered =
		Market::set_offer(RuntimeOrigin::signed(operator.clone()), model, 0, price_out, capacity);
	assert!(offered.is_ok(), "offered: {offered:?}");
}

fn worker_of(operator: &AccountId) -> AccountId {
	pallet_node_staking::Operators::<Runtime>::get(operator)
		.expect("an operator")
		.worker
}

/// Burn from `who` the transaction fee `call` would pay (its weight and length at the
/// runtime's fee rates), as the chain does for a call that is not feeless.
fn pay_fee(who: &AccountId, call: &dgrid_runtime::RuntimeCall) {
	use frame_support::{
		dispatch::GetDispatchInfo,
		traits::tokens::{Fortitude, Precision, Preservation},
	};
	let len = call.encoded_size() as u32 + 110; // the signature, address and extensions
	let fee = pallet_transaction_payment::Pallet::<Runtime>::compute_fee(
		len,
		&call.get_dispatch_info(),
		0,
	);
	let burnt =
		Balances::burn_from(who, fee, Preservation::Preserve, Precision::Exact, Fortitude::Polite);
	assert!(burnt.is_ok(), "the fee is paid: {burnt:?}");
}

/// `user` submits a job on `model` routed to `provider` only, paying its transaction fee;
/// returns its id.
fn submit(user: &AccountId, model: u32, provider: &AccountId) -> u64 {
	let mut policy = RoutingPolicy::with_strategy(Routing::Cheapest);
	policy.allow = vec![provider.clone()].try_into().expect("one operator");
	let job = pallet_market::NextJobId::<Runtime>::get();
	let call = pallet_market::Call::<Runtime>::submit_job {
		target: JobTarget::Model(model),
		input: br#"[{"role":"user","content":"hi"}]"#.to_vec().try_into().expect("fits"),
		max_output_tokens: 1_000,
		max_fee: 100 * DGRID,
		policy,
	};
	pay_fee(user, &dgrid_runtime::RuntimeCall::Market(call.clone()));
	let submitted = frame_support::traits::UnfilteredDispatchable::dispatch_bypass_filter(
		call,
		RuntimeOrigin::signed(user.clone()),
	);
	assert!(submitted.is_ok(), "submitted: {submitted:?}");
	job
}

/// `provider` answers `job` (1,000 output tokens): honestly, or not.
fn answer(provider: &AccountId, job: u64, honest: bool) {
	let output: &[u8] = if honest { b"the answer" } else { b"a cheaper answer" };
	let answered = Market::submit_result(
		RuntimeOrigin::signed(worker_of(provider)),
		job,
		output.to_vec().try_into().expect("fits"),
		0,
		1_000,
		100,
	);
	assert!(answered.is_ok(), "answered: {answered:?}");
}

/// How the verifiers score.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verifiers {
	/// 100 for an honest answer, 0 for a cheating one.
	Honest,
	/// 100 whatever the answer.
	Lazy,
}

/// Every verifier of a round in progress commits and reveals its score.
fn verify(cheated: &BTreeSet<u64>, verifiers: Verifiers) {
	verify_with(|job, _| match verifiers {
		Verifiers::Honest if cheated.contains(&job) => 0,
		_ => 100,
	});
}

/// Every verifier of a round in progress commits and reveals `score(job, verifier)`.
fn verify_with(mut score: impl FnMut(u64, &AccountId) -> u8) {
	let salt = [7u8; 32];
	let rounds: Vec<(u64, u8, Vec<AccountId>)> = pallet_poq::Reviews::<Runtime>::iter()
		.filter_map(|(job, review)| match review.phase {
			pallet_poq::Phase::Voting { round, .. } => Some((
				job,
				round.number,
				round
					.members
					.iter()
					.filter(|m| m.commitment.is_none())
					.map(|m| m.verifier.clone())
					.collect(),
			)),
			_ => None,
		})
		.collect();
	for (job, number, members) in rounds {
		let scores: Vec<u8> = members.iter().map(|v| score(job, v)).collect();
		for (verifier, score) in members.iter().zip(&scores) {
			let commitment = Poq::commitment(job, number, verifier, *score, &salt);
			let worker = RuntimeOrigin::signed(worker_of(verifier));
			let _ = Poq::commit(worker, job, commitment);
		}
		for (verifier, score) in members.iter().zip(&scores) {
			let worker = RuntimeOrigin::signed(worker_of(verifier));
			let _ = Poq::reveal(worker, job, *score, salt);
		}
	}
}

fn worth(party: &[AccountId]) -> i128 {
	party.iter().map(|a| Balances::total_balance(a) as i128).sum()
}

fn treasury() -> i128 {
	Balances::total_balance(&Dao::treasury_account()) as i128
}

/// Run blocks until every job in `jobs` is settled or refunded (or `limit` blocks pass),
/// the verifiers scoring as `verifiers` do; returns the cheating jobs caught, in order.
fn settle(
	play: &Play,
	jobs: &[u64],
	cheated: &BTreeSet<u64>,
	verifiers: Verifiers,
	limit: u32,
) -> Vec<u64> {
	let mut caught = Vec::new();
	for _ in 0..limit {
		play.next_block();
		verify(cheated, verifiers);
		for event in play.poq_events() {
			if let pallet_poq::Event::Failed { job, .. } = event {
				caught.push(job);
			}
		}
		let open = jobs.iter().any(|j| {
			pallet_market::Jobs::<Runtime>::get(j)
				.is_some_and(|job| !matches!(job.status, JobStatus::Settled | JobStatus::Failed))
		});
		if !open {
			break;
		}
	}
	caught
}

/// Play `attack` for `jobs` jobs with `seed`; a strategy that cheats other users is played
/// a second time, honestly, on a fresh chain with the same seed, for its baseline.
pub fn play(attack: Attack, jobs: u32, seed: u64) -> AttackReport {
	let run = |cheat: bool| {
		chain().execute_with(|| {
			let play = Play { seed };
			play.next_block();
			match attack {
				Attack::SelfDealingRing | Attack::WashTradingForMerit => ring(&play, attack, jobs),
				Attack::PredictingAuthor => predictor(&play, jobs, cheat, false),
				Attack::PredictingAuthorOfTheWindowOnly => predictor(&play, jobs, cheat, true),
				Attack::UnbondingCheater => unbonder(&play, jobs, cheat),
				Attack::LazyVerifiers => lazy(&play, jobs, cheat),
				Attack::LazyVerifierFacingCanaries => lazy_against_canaries(&play, jobs, cheat),
			}
		})
	};
	let mut report = run(true);
	if matches!(
		attack,
		Attack::PredictingAuthor
			| Attack::PredictingAuthorOfTheWindowOnly
			| Attack::UnbondingCheater
			| Attack::LazyVerifiers
			| Attack::LazyVerifierFacingCanaries
	) {
		report.honest_change = run(false).balance_change;
	}
	report
}

/// A ring: its user lists a model, its provider and verifier offer it (the verifier dearer,
/// so the provider is routed to), and the user sends itself `jobs` jobs at 1 DGRID each,
/// answered honestly and verified by the ring. With `WashTradingForMerit`, the session then
/// ends and the ring claims its reward.
fn ring(play: &Play, attack: Attack, jobs: u32) -> AttackReport {
	let bond = Dao::params().min_operator_bond;
	let (_, user) = keyed("//ring-user", 100_000 * DGRID);
	let (_, provider) = keyed("//ring-provider", bond + 10 * DGRID);
	let (_, verifier) = keyed("//ring-verifier", bond + 10 * DGRID);
	let provider_worker = keyed("//ring-provider-worker", DGRID);
	let verifier_worker = keyed("//ring-verifier-worker", DGRID);
	let party = vec![
		user.clone(),
		provider.clone(),
		verifier.clone(),
		provider_worker.1.clone(),
		verifier_worker.1.clone(),
	];
	let model = pallet_market::NextModelId::<Runtime>::get();
	let listed = Market::list_model(
		RuntimeOrigin::signed(user.clone()),
		b"ring-model".to_vec().try_into().expect("fits"),
		Default::default(),
		4096,
		ModelKind::Llm,
	);
	assert!(listed.is_ok());
	register(&provider, &provider_worker, bond);
	register(&verifier, &verifier_worker, bond);
	offer(&provider, model, DGRID, 64);
	offer(&verifier, model, 2 * DGRID, 64);
	let session = pallet_node_staking::CurrentSession::<Runtime>::get();
	let (before, treasury_before) = (worth(&party), treasury());
	let mut all = Vec::new();
	let mut left = jobs;
	while left > 0 {
		let wave = left.min(50);
		let ids: Vec<u64> = (0..wave).map(|_| submit(&user, model, &provider)).collect();
		for job in &ids {
			answer(&provider, *job, true);
		}
		all.extend(ids);
		left -= wave;
		play.next_block();
		verify(&BTreeSet::new(), Verifiers::Honest);
	}
	settle(play, &all, &BTreeSet::new(), Verifiers::Honest, 200);
	if attack == Attack::WashTradingForMerit {
		use pallet_session::SessionManager;
		NodeStaking::end_session(session);
		NodeStaking::start_session(session + 1);
		for operator in [&provider, &verifier] {
			let _ = NodeStaking::claim_reward(
				RuntimeOrigin::signed(user.clone()),
				operator.clone(),
				session,
			);
		}
	}
	AttackReport {
		attack,
		jobs,
		cheats: 0,
		caught: 0,
		jobs_until_caught: None,
		balance_change: worth(&party) - before,
		honest_change: 0,
		saved: 0,
		treasury_change: treasury() - treasury_before,
	}
}

/// Charlie, a validator and a seasoned operator of the sample model, serves Eve's jobs and
/// cheats on a result only when it can compute the result's draw and the draw misses it (each
/// block's author is one of the four validators, drawn by the run's seed). A draw waits for a
/// window with another author's block, whose VRF output Charlie cannot know, so Charlie can
/// compute it only when it authors every block until the longest delay (`MAX_DRAW_DELAY`),
/// and the draw then uses its own last three blocks. Alice, Bob and Dave verify honestly.
/// With `window_only`, Charlie predicts as it could before: from the three blocks after its
/// result alone, when it authors them.
fn predictor(play: &Play, jobs: u32, cheats: bool, window_only: bool) -> AttackReport {
	let charlie = Sr25519Keyring::Charlie.to_account_id();
	let eve = Sr25519Keyring::Eve.to_account_id();
	let party = vec![charlie.clone(), worker_of(&charlie)];
	// Seasoned: past the new-operator audits, with a perfect reputation (which its passed
	// audits keep), so that its audit rate, and the draw, are what it computes.
	pallet_poq::AuditedResults::<Runtime>::insert(&charlie, 1_000);
	pallet_node_staking::Operators::<Runtime>::mutate(&charlie, |o| {
		if let Some(o) = o {
			o.reputation = sp_runtime::Perbill::one();
		}
	});
	let window: u32 =
		<<Runtime as pallet_poq::Config>::DrawWindow as frame_support::traits::Get<u32>>::get();
	let delay = if window_only { window + 1 } else { dgrid_primitives::params::MAX_DRAW_DELAY };
	let charlie_babe: sp_consensus_babe::AuthorityId = Sr25519Keyring::Charlie.public().into();
	let index = pallet_babe::Authorities::<Runtime>::get()
		.iter()
		.position(|(a, _)| *a == charlie_babe)
		.expect("Charlie validates") as u32;
	let authored = |n: u32| play.author_of(n) == index;
	let (before, treasury_before) = (worth(&party), treasury());
	let mut cheated = BTreeSet::new();
	let mut caught = Vec::new();
	let mut all = Vec::new();
	let mut saved: Balance = 0;
	let mut left = jobs;
	while left > 0 {
		let wave = left.min(8);
		let now = play.now();
		let owns_window = (1..delay).all(|k| authored(now + k));
		// Results of this block are then drawn at `now + delay`, with the randomness of the
		// window's blocks before it.
		let seed =
			Poq::mix(&(delay - window..delay).map(|k| play.output_of(now + k)).collect::<Vec<_>>());
		let rate = Poq::audit_rate(
			pallet_poq::AuditedResults::<Runtime>::get(&charlie),
			NodeStaking::reputation(&charlie),
		);
		for _ in 0..wave {
			let job = submit(&eve, 0, &charlie);
			let cheat = cheats && owns_window && !Poq::picked_for_audit(&seed, job, rate);
			if cheat {
				cheated.insert(job);
				saved += fee_of(job);
			}
			answer(&charlie, job, !cheat);
			all.push(job);
		}
		left -= wave;
		play.next_block();
		verify(&cheated, Verifiers::Honest);
		caught.extend(failed(play));
	}
	caught.extend(settle(play, &all, &cheated, Verifiers::Honest, 200));
	report(
		if window_only {
			Attack::PredictingAuthorOfTheWindowOnly
		} else {
			Attack::PredictingAuthor
		},
		jobs,
		&cheated,
		&caught,
		&party,
		before,
		treasury_before,
		saved,
	)
}

/// The jobs whose audit failed in this block.
fn failed(play: &Play) -> Vec<u64> {
	play.poq_events()
		.into_iter()
		.filter_map(|e| match e {
			pallet_poq::Event::Failed { job, .. } => Some(job),
			_ => None,
		})
		.collect()
}

/// The provider fee a job answered with 1,000 output tokens bills.
fn fee_of(job: u64) -> Balance {
	pallet_market::Jobs::<Runtime>::get(job)
		.and_then(|j| j.assignment().map(|a| a.price_out))
		.unwrap_or(0)
}

#[allow(clippy::too_many_arguments)]
fn report(
	attack: Attack,
	jobs: u32,
	cheated: &BTreeSet<u64>,
	caught: &[u64],
	party: &[AccountId],
	before: i128,
	treasury_before: i128,
	saved: Balance,
) -> AttackReport {
	let first_caught = caught.first().copied();
	AttackReport {
		attack,
		jobs,
		cheats: cheated.len() as u32,
		caught: caught.iter().filter(|j| cheated.contains(j)).count() as u32,
		jobs_until_caught: first_caught
			.map(|job| cheated.iter().filter(|j| **j < job).count() as u32),
		balance_change: worth(party) - before,
		honest_change: 0,
		saved,
		treasury_change: treasury() - treasury_before,
	}
}

/// A new operator registers on the sample model, answers a first wave of Eve's jobs with
/// cheating answers, unbonds everything at once and tries to withdraw every block; the other
/// operators verify honestly. Unbonded, it is no longer routed to, so it plays one wave.
fn unbonder(play: &Play, jobs: u32, cheats: bool) -> AttackReport {
	let bond = Dao::params().min_operator_bond;
	let eve = Sr25519Keyring::Eve.to_account_id();
	let (_, cheat) = keyed("//unbonding-cheat", bond + 100 * DGRID);
	let worker = keyed("//unbonding-cheat-worker", DGRID);
	register(&cheat, &worker, bond);
	offer(&cheat, 0, 10 * MILLI, 64);
	let party = vec![cheat.clone(), worker.1.clone()];
	let (before, treasury_before) = (worth(&party), treasury());
	let wave = jobs.min(50);
	let mut cheated = BTreeSet::new();
	let mut saved: Balance = 0;
	let ids: Vec<u64> = (0..wave).map(|_| submit(&eve, 0, &cheat)).collect();
	for job in &ids {
		answer(&cheat, *job, !cheats);
		if cheats {
			cheated.insert(*job);
			saved += fee_of(*job);
		}
	}
	let unbonded = NodeStaking::unbond(RuntimeOrigin::signed(cheat.clone()), bond);
	assert!(unbonded.is_ok());
	let mut caught = Vec::new();
	for _ in 0..400 {
		play.next_block();
		verify(&cheated, Verifiers::Honest);
		caught.extend(play.poq_events().into_iter().filter_map(|e| match e {
			pallet_poq::Event::Failed { job, .. } => Some(job),
			_ => None,
		}));
		let _ = NodeStaking::withdraw_unbonded(RuntimeOrigin::signed(cheat.clone()));
		if NodeStaking::held_by(&cheat) == 0 {
			break;
		}
	}
	let mut r = report(
		Attack::UnbondingCheater,
		wave,
		&cheated,
		&caught,
		&party,
		before,
		treasury_before,
		saved,
	);
	r.jobs = wave;
	r
}

/// A milli-DGRID.
const MILLI: Balance = DGRID / 1_000;

/// Charlie, a seasoned operator, cheats on every job of Eve's while every verifier it can be
/// drawn with (Alice, Bob, Dave) scores 100 without re-running.
fn lazy(play: &Play, jobs: u32, cheats: bool) -> AttackReport {
	let charlie = Sr25519Keyring::Charlie.to_account_id();
	let eve = Sr25519Keyring::Eve.to_account_id();
	let party = vec![charlie.clone(), worker_of(&charlie)];
	pallet_poq::AuditedResults::<Runtime>::insert(&charlie, 1_000);
	let (before, treasury_before) = (worth(&party), treasury());
	let mut cheated = BTreeSet::new();
	let mut all = Vec::new();
	let mut saved: Balance = 0;
	let mut left = jobs;
	while left > 0 {
		let wave = left.min(8);
		for _ in 0..wave {
			let job = submit(&eve, 0, &charlie);
			answer(&charlie, job, !cheats);
			if cheats {
				cheated.insert(job);
				saved += fee_of(job);
			}
			all.push(job);
		}
		left -= wave;
		play.next_block();
		verify(&cheated, Verifiers::Lazy);
	}
	let caught = settle(play, &all, &cheated, Verifiers::Lazy, 200);
	report(Attack::LazyVerifiers, jobs, &cheated, &caught, &party, before, treasury_before, saved)
}

/// Alice, a seasoned operator of the sample model, verifies without re-running: she scores
/// 100 whatever the answer, saving the inference (the job's provider fee) on every round she
/// sits in. Charlie answers Eve's jobs honestly; Bob and Dave verify honestly. The DAO's
/// canary service (its key appointed by the parameters track) runs a new operator on the same
/// model and sends it one job in [`CANARY_EVERY`] from its own account, answered with a
/// known-bad text; when an audit passes or fails one, the service exposes it at once (a failed
/// one before its operator is slashed). Played honestly, Alice re-runs and fails the canaries.
fn lazy_against_canaries(play: &Play, jobs: u32, lazy: bool) -> AttackReport {
	let alice = Sr25519Keyring::Alice.to_account_id();
	let charlie = Sr25519Keyring::Charlie.to_account_id();
	let eve = Sr25519Keyring::Eve.to_account_id();
	let party = vec![alice.clone(), worker_of(&alice)];
	for seasoned in [&alice, &charlie] {
		pallet_poq::AuditedResults::<Runtime>::insert(seasoned, 1_000);
	}
	let bond = Dao::params().min_operator_bond;
	let (key, key_account) = keyed("//canary-service", 0);
	let parameters: RuntimeOrigin = pallet_dao::origins::Origin::Parameters.into();
	assert!(Poq::set_canary_key(parameters, Some(key_account)).is_ok());
	let (_, canary_user) = keyed("//canary-user", 1_000 * DGRID);
	let (_, canary_op) = keyed("//canary-operator", bond + 10 * DGRID);
	register(&canary_op, &keyed("//canary-operator-worker", DGRID), bond);
	offer(&canary_op, 0, 10 * MILLI, 64);
	let (before, treasury_before) = (worth(&party), treasury());
	let mut canaries = BTreeSet::new();
	// The jobs Alice verified without re-running, and what that saved her.
	let mut unread = BTreeSet::new();
	let mut saved: Balance = 0;
	let mut exposed = Vec::new();
	let mut all = Vec::new();
	let mut round = |play: &Play, canaries: &BTreeSet<u64>| {
		verify_with(|job, verifier| {
			if *verifier == alice && lazy {
				if unread.insert(job) {
					saved += fee_of(job);
				}
				100
			} else if canaries.contains(&job) {
				0
			} else {
				100
			}
		});
		// Every canary is exposed as soon as an audit passed or failed it.
		for job in canaries {
			let proof = key.sign(&Poq::canary_payload(*job, &canary_user, &canary_op));
			let origin = RuntimeOrigin::signed(canary_user.clone());
			if Poq::expose_canary(origin, *job, proof.into()).is_ok() {
				let slashed = play.poq_events().into_iter().any(
					|e| matches!(e, pallet_poq::Event::LazyVerifierSlashed { verifier, .. } if verifier == alice),
				);
				if slashed {
					exposed.push(*job);
				}
			}
		}
	};
	let mut sent = 0u32;
	while sent < jobs {
		let wave = (jobs - sent).min(8);
		for _ in 0..wave {
			sent += 1;
			let job = if sent.is_multiple_of(CANARY_EVERY) {
				let job = submit(&canary_user, 0, &canary_op);
				answer(&canary_op, job, false);
				canaries.insert(job);
				job
			} else {
				let job = submit(&eve, 0, &charlie);
				answer(&charlie, job, true);
				job
			};
			all.push(job);
		}
		play.next_block();
		round(play, &canaries);
	}
	for _ in 0..200 {
		play.next_block();
		round(play, &canaries);
		let open = all.iter().any(|j| {
			pallet_market::Jobs::<Runtime>::get(j)
				.is_some_and(|job| !matches!(job.status, JobStatus::Settled | JobStatus::Failed))
		});
		if !open {
			break;
		}
	}
	report(
		Attack::LazyVerifierFacingCanaries,
		jobs,
		&unread,
		&exposed,
		&party,
		before,
		treasury_before,
		saved,
	)
}

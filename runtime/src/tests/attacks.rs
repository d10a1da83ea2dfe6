//! The economic attacks of DGrid's security model played on the real pallets of the runtime.
//! Each test is one party holding several roles at once (user, model lister, provider,
//! verifier) and asserts, by balance deltas, that the attack loses money or is refused.

use crate::{
	tests::ext_of, AccountId, Balance, Balances, Dao, Market, NodeStaking, Poq, Runtime,
	RuntimeOrigin, DGRID,
};
use dgrid_primitives::{NodeRegistry as _, ProtocolParams as _};
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	tokens::{Fortitude, Preservation},
	Get, Hooks,
};
use pallet_market::{JobStatus, JobTarget, ModelKind, RoutingPolicy, Strategy};
use sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET;

/// A fresh account, funded with `amount`.
fn funded(seed: u8, amount: Balance) -> AccountId {
	let who = AccountId::from([seed; 32]);
	assert!(Balances::mint_into(&who, amount).is_ok());
	who
}

std::thread_local! {
	/// The key pairs of the worker accounts the tests made.
	static WORKER_KEYS: core::cell::RefCell<std::collections::BTreeMap<AccountId, sp_core::sr25519::Pair>> =
		Default::default();
}

/// A worker account with a key pair of its own, funded with 1 DGRID.
fn worker(seed: u8) -> AccountId {
	keyed(&format!("//worker-{seed}"), DGRID).1
}

/// `worker`'s proof that `operator` may register it: its key's signature.
fn worker_proof(worker: &AccountId, operator: &AccountId) -> crate::Signature {
	use sp_core::Pair as _;
	let payload = NodeStaking::worker_proof_payload(operator);
	WORKER_KEYS.with(|keys| {
		let keys = keys.borrow();
		let pair = keys.get(worker).expect("a worker made by the tests");
		pair.sign(&payload).into()
	})
}

/// Everything `who` owns: free and held.
fn owned(who: &AccountId) -> Balance {
	Balances::total_balance(who)
}

/// What a party of several accounts owns in all.
fn worth(party: &[AccountId]) -> Balance {
	party.iter().map(owned).sum()
}

/// What the treasury can spend.
fn treasury() -> Balance {
	Balances::reducible_balance(
		&Dao::treasury_account(),
		Preservation::Expendable,
		Fortitude::Polite,
	)
}

/// Run the market's and PoQ's hooks of blocks `from..=to`.
fn run(from: u32, to: u32) {
	for n in from..=to {
		frame_system::Pallet::<Runtime>::set_block_number(n);
		Market::on_initialize(n);
		Poq::on_initialize(n);
	}
}

fn now() -> u32 {
	frame_system::Pallet::<Runtime>::block_number()
}

/// The block that draws results of block `answered`: after its whole draw window.
fn drawn_at(answered: u32) -> u32 {
	let window: u32 = <Runtime as pallet_poq::Config>::DrawWindow::get();
	answered.saturating_add(window).saturating_add(1)
}

/// `operator` registers with `worker` and the minimum bond, and offers `model` at
/// `price_out` per 1,000 output tokens (input free).
fn serve(operator: &AccountId, worker: &AccountId, model: u32, price_out: Balance) {
	let bond = Dao::params().min_operator_bond;
	assert!(NodeStaking::register_operator(
		RuntimeOrigin::signed(operator.clone()),
		worker.clone(),
		worker_proof(worker, operator),
		b"attacker".to_vec().try_into().unwrap(),
		bond,
	)
	.is_ok());
	assert!(
		Market::set_offer(RuntimeOrigin::signed(operator.clone()), model, 0, price_out, 8).is_ok()
	);
}

/// `lister` lists a model of its own; returns its id.
fn own_model(lister: &AccountId) -> u32 {
	let model = pallet_market::NextModelId::<Runtime>::get();
	assert!(Market::list_model(
		RuntimeOrigin::signed(lister.clone()),
		b"own-model".to_vec().try_into().unwrap(),
		Default::default(),
		4096,
		ModelKind::Llm,
	)
	.is_ok());
	model
}

/// `user` submits a job to `model` for up to `max_output` output tokens; returns its id.
fn submit(user: &AccountId, model: u32, max_output: u32, max_fee: Balance) -> u64 {
	let job = pallet_market::NextJobId::<Runtime>::get();
	assert!(Market::submit_job(
		RuntimeOrigin::signed(user.clone()),
		JobTarget::Model(model),
		br#"[{"role":"user","content":"hi"}]"#.to_vec().try_into().unwrap(),
		max_output,
		max_fee,
		RoutingPolicy::with_strategy(Strategy::Cheapest),
	)
	.is_ok());
	job
}

/// `worker` answers `job` with `output_tokens` output tokens.
fn answer(worker: &AccountId, job: u64, output_tokens: u32) {
	assert!(Market::submit_result(
		RuntimeOrigin::signed(worker.clone()),
		job,
		b"answer".to_vec().try_into().unwrap(),
		0,
		output_tokens,
		100,
	)
	.is_ok());
}

/// The verifiers of `job`'s round in progress, each scoring the answer `score`: commit, then
/// reveal, with their worker keys.
fn vote(job: u64, score: u8) {
	let review = pallet_poq::Reviews::<Runtime>::get(job).expect("under review");
	let pallet_poq::Phase::Voting { round, .. } = review.phase else { panic!("a round") };
	let salt = [7u8; 32];
	let workers: Vec<(AccountId, AccountId)> = round
		.members
		.iter()
		.map(|m| {
			let worker =
				pallet_node_staking::Operators::<Runtime>::get(&m.verifier).unwrap().worker;
			(m.verifier.clone(), worker)
		})
		.collect();
	for (verifier, worker) in &workers {
		let commitment = Poq::commitment(job, round.number, verifier, score, &salt);
		assert!(Poq::commit(RuntimeOrigin::signed(worker.clone()), job, commitment).is_ok());
	}
	for (_, worker) in &workers {
		assert!(Poq::reveal(RuntimeOrigin::signed(worker.clone()), job, score, salt).is_ok());
	}
}

fn try_state() {
	Market::do_try_state().expect("market invariants");
	Poq::do_try_state().expect("PoQ invariants");
	NodeStaking::do_try_state().expect("node staking invariants");
}

/// Treasury drain through audit rewards: a party lists its own model, is its only provider
/// and its only verifier, and sends itself a job at a huge price. The audit (certain: the
/// provider is new) passes, and its verifier is paid out of the job, never by the treasury:
/// the party ends poorer by exactly the protocol fee, which the treasury gains.
#[test]
fn self_dealing_on_an_own_model_cannot_drain_the_treasury() {
	ext_of(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		run(1, 1);
		let bond = Dao::params().min_operator_bond;
		let user = funded(101, 10_000 * DGRID);
		let (provider, provider_worker) = (funded(102, bond + DGRID), worker(103));
		let (verifier, verifier_worker) = (funded(104, bond + DGRID), worker(105));
		let party =
			[&user, &provider, &provider_worker, &verifier, &verifier_worker].map(|a| (*a).clone());
		let model = own_model(&user);
		// 1,000 DGRID per 1,000 output tokens: the job's fee is the party's own price.
		let price = 1_000 * DGRID;
		serve(&provider, &provider_worker, model, price);
		serve(&verifier, &verifier_worker, model, price);
		let (before, treasury_before) = (worth(&party), treasury());

		// The user pays a higher price to the verifier's offer than to the provider's: the
		// cheapest route makes the provider primary.
		assert!(Market::set_offer(RuntimeOrigin::signed(verifier.clone()), model, 0, price + 1, 8)
			.is_ok());
		let job = submit(&user, model, 1_000, 2_000 * DGRID);
		assert_eq!(pallet_market::Jobs::<Runtime>::get(job).unwrap().route[0].operator, provider);
		answer(&provider_worker, job, 1_000);
		let answered = now();
		// A new provider is always audited; the only other offerer verifies.
		run(answered + 1, drawn_at(answered));
		let review = pallet_poq::Reviews::<Runtime>::get(job).expect("audited");
		let pallet_poq::Phase::Voting { round, .. } = &review.phase else { panic!("a round") };
		assert_eq!(round.members.iter().map(|m| &m.verifier).collect::<Vec<_>>(), [&verifier]);
		vote(job, 100);
		let settle_at = answered + Dao::params().challenge_period;
		run(drawn_at(answered) + 1, settle_at);
		assert_eq!(pallet_market::Jobs::<Runtime>::get(job).unwrap().status, JobStatus::Settled);

		let fee = price; // 1,000 output tokens at `price` per 1,000
		let protocol = Dao::params().protocol_fee.mul_floor(fee);
		let verification = Dao::params().verification_fee.mul_floor(fee);
		assert!(verification > 0, "the verifier was paid");
		assert!(frame_system::Pallet::<Runtime>::events().iter().any(|r| matches!(
			&r.event,
			crate::RuntimeEvent::Poq(pallet_poq::Event::VerifierRewarded { verifier: v, amount, .. })
				if *v == verifier && *amount == verification
		)));
		// The party lost the protocol fee; the treasury gained it and paid nobody.
		assert_eq!(before - worth(&party), protocol);
		assert_eq!(treasury() - treasury_before, protocol);
		try_state();
	});
}

/// A key pair of its own, its account funded with `amount`.
fn keyed(seed: &str, amount: Balance) -> (sp_core::sr25519::Pair, AccountId) {
	use sp_core::Pair as _;
	use sp_runtime::traits::IdentifyAccount;
	let pair = sp_core::sr25519::Pair::from_string(seed, None).expect("a seed");
	let who = sp_runtime::MultiSigner::from(pair.public()).into_account();
	assert!(Balances::mint_into(&who, amount).is_ok());
	WORKER_KEYS.with(|keys| keys.borrow_mut().insert(who.clone(), pair.clone()));
	(pair, who)
}

/// Sign `call` as `pair` with its next nonce and no tip, and apply it as a block would:
/// transaction extensions (fees or their feeless skip) included. Returns the dispatch result.
fn apply_signed(pair: &sp_core::sr25519::Pair, call: crate::RuntimeCall) -> Result<(), ()> {
	use codec::Encode;
	use sp_core::Pair as _;
	use sp_runtime::traits::IdentifyAccount;
	let who = sp_runtime::MultiSigner::from(pair.public()).into_account();
	let nonce = frame_system::Pallet::<Runtime>::account_nonce(&who);
	let tx_ext: crate::TxExtension = (
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(sp_runtime::generic::Era::Immortal),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_skip_feeless_payment::SkipCheckIfFeeless::from(
			pallet_transaction_payment::ChargeTransactionPayment::from(0),
		),
		frame_system::WeightReclaim::new(),
	);
	let payload = crate::SignedPayload::new(call, tx_ext).expect("a payload");
	let signature = payload.using_encoded(|bytes| pair.sign(bytes));
	let (call, tx_ext, _) = payload.deconstruct();
	let xt = crate::UncheckedExtrinsic::new_signed(
		call,
		sp_runtime::MultiAddress::Id(who),
		signature.into(),
		tx_ext,
	);
	let applied = crate::Executive::apply_extrinsic(xt).expect("a valid transaction");
	applied.map_err(|_| ())
}

/// Free spam: a heartbeat that fails (a model the operator does not offer, or an operator
/// that unbonded) used to be feeless and, rolled back, repeatable forever. Feeless now means
/// it lands: each failing heartbeat costs its sender a fee, while a heartbeat that lands is
/// free.
#[test]
fn a_failing_heartbeat_pays_its_fee_and_a_landing_one_is_free() {
	use sp_keyring::Sr25519Keyring::Alice;
	ext_of(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		run(1, 1);
		let bond = Dao::params().min_operator_bond;
		let operator = funded(110, bond + DGRID);
		let (key, worker) = keyed("//attacker-worker", 10 * DGRID);
		let lister = Alice.to_account_id();
		let model = own_model(&lister);
		serve(&operator, &worker, model, DGRID);
		let beat = |models: Vec<u32>| {
			crate::RuntimeCall::Market(pallet_market::Call::heartbeat {
				latencies: models
					.into_iter()
					.map(|m| (m, 100))
					.collect::<Vec<_>>()
					.try_into()
					.unwrap(),
			})
		};
		// A model the operator does not offer: refused, and paid for, every time.
		let mut balance = owned(&worker);
		for _ in 0..3 {
			assert_eq!(apply_signed(&key, beat(vec![model + 7])), Err(()));
			let now = owned(&worker);
			assert!(now < balance, "a failing heartbeat pays its fee");
			balance = now;
		}
		// A heartbeat that lands is free.
		assert_eq!(apply_signed(&key, beat(vec![model])), Ok(()));
		assert_eq!(owned(&worker), balance);
		// Too soon: refused and paid for.
		assert_eq!(apply_signed(&key, beat(vec![model])), Err(()));
		assert!(owned(&worker) < balance);
		balance = owned(&worker);
		// The operator unbonds: its worker's heartbeats are refused and paid for.
		assert!(NodeStaking::unbond(RuntimeOrigin::signed(operator.clone()), bond).is_ok());
		let period: u32 = <Runtime as pallet_market::Config>::HeartbeatPeriod::get();
		run(now() + 1, now() + period);
		assert_eq!(apply_signed(&key, beat(vec![])), Err(()));
		assert!(owned(&worker) < balance);
		try_state();
	});
}

/// Slash evasion by exit: a provider answers, unbonds everything at once, and appeals its
/// failed audit on a model too small for a fresh panel, so that the appeal escalates to the
/// jury. With an unbonding period shorter than that path (as the development preset's was),
/// it used to withdraw before the verdict, and the fraud slash, a share of the active bond,
/// came to nothing. Now its answer is an open liability: withdrawal is refused until the
/// verdict; the jury's period ends with the status quo (the failure stands); the slash
/// reaches the unbonding funds and is a share of everything held.
#[test]
fn a_provider_that_unbonds_before_its_verdict_is_still_slashed() {
	ext_of(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		run(1, 1);
		// The development preset's old unbonding period, no longer a valid parameter set:
		// forced here to show that withdrawal waits for the verdict all the same.
		let params = dgrid_primitives::ProtocolParameters { unbonding_period: 10, ..Dao::params() };
		pallet_dao::ParametersInForce::<Runtime>::put(params);
		let bond = params.min_operator_bond;
		let user = funded(121, 10_000 * DGRID);
		let (cheat, cheat_worker) = (funded(122, bond + 100 * DGRID), worker(123));
		let (verifier, verifier_worker) = (funded(124, bond + DGRID), worker(125));
		let model = own_model(&user);
		serve(&cheat, &cheat_worker, model, DGRID);
		serve(&verifier, &verifier_worker, model, 2 * DGRID);
		let job = submit(&user, model, 1_000, 10 * DGRID);
		answer(&cheat_worker, job, 1_000);
		let fee = DGRID; // 1,000 output tokens at 1 DGRID per 1,000
		let answered = now();
		let (cheat_before, user_before) = (owned(&cheat), owned(&user));
		// The cheat leaves at once: its whole bond starts unbonding.
		assert!(NodeStaking::unbond(RuntimeOrigin::signed(cheat.clone()), bond).is_ok());
		assert_eq!(pallet_market::OpenResults::<Runtime>::get(&cheat), 1);

		// Audited (a new operator): the only other offerer fails it twice, as spot checker
		// and as the committee; nobody is left for a confirmation panel.
		// Each round is drawn after the draw window from the block that calls it.
		let drawn = drawn_at(answered);
		let committee = drawn_at(drawn);
		let confirmation = drawn_at(committee);
		run(answered + 1, drawn);
		vote(job, 0);
		run(drawn + 1, committee);
		vote(job, 0);
		run(committee + 1, confirmation);
		let review = pallet_poq::Reviews::<Runtime>::get(job).expect("under review");
		assert!(matches!(review.phase, pallet_poq::Phase::Appealable { .. }));
		// It appeals: no fresh verifier exists, so the appeal escalates to the jury.
		assert!(Poq::appeal(RuntimeOrigin::signed(cheat.clone()), job).is_ok());
		let panel = drawn_at(confirmation);
		run(confirmation + 1, panel);
		let review = pallet_poq::Reviews::<Runtime>::get(job).expect("under review");
		let pallet_poq::Phase::Escalated { ends, .. } = review.phase else { panic!("escalated") };

		// Its unbonding chunk matures long before the jury's period ends: refused.
		run(panel + 1, panel + 2);
		assert!(matches!(
			NodeStaking::withdraw_unbonded(RuntimeOrigin::signed(cheat.clone())),
			Err(e) if e == pallet_node_staking::Error::<Runtime>::PendingLiabilities.into()
		));
		assert_eq!(NodeStaking::bond_of(&cheat), 0);

		// The jury does not rule: the failure stands, and the slash reaches the unbonding
		// funds: the collateral plus a tenth of everything held.
		run(panel + 3, ends + 1);
		let slash =
			Balance::from(params.collateral_multiple) * fee + params.fraud_slash.mul_floor(bond);
		let appeal_bond =
			(Balance::from(params.dispute_bond_multiple) * fee).max(params.min_dispute_bond);
		assert_eq!(cheat_before - owned(&cheat), slash + appeal_bond);
		assert_eq!(pallet_market::Jobs::<Runtime>::get(job).unwrap().status, JobStatus::Failed);
		// The user: refunded in full, with a fifth of the slash and half the appeal bond (the
		// other half pays the verifier who failed the answer).
		let user_share = sp_runtime::Perbill::from_percent(20).mul_floor(slash);
		assert_eq!(owned(&user), user_before + user_share + appeal_bond / 2);
		// The liability is gone: what is left can leave.
		assert_eq!(pallet_market::OpenResults::<Runtime>::get(&cheat), 0);
		assert!(NodeStaking::withdraw_unbonded(RuntimeOrigin::signed(cheat.clone())).is_ok());
		assert_eq!(Balances::free_balance(&cheat), owned(&cheat));
		try_state();
	});
}

/// Reward farming by wash trading: a party lists a model, serves and verifies it, and sends
/// itself cheap jobs to win the session's reward pool. Merit is the protocol fee its jobs
/// paid, and the pool is never more than the session's protocol fees: the party wins back
/// at most what its jobs paid the treasury, and the treasury never pays out more than it
/// took in. (Before, merit counted jobs whatever they paid: five jobs won the whole pool.)
#[test]
fn wash_trading_for_the_session_reward_does_not_pay() {
	ext_of(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		use pallet_session::SessionManager;
		run(1, 1);
		let bond = Dao::params().min_operator_bond;
		let user = funded(131, 1_000 * DGRID);
		let (provider, provider_worker) = (funded(132, bond + DGRID), worker(133));
		let (verifier, verifier_worker) = (funded(134, bond + DGRID), worker(135));
		let party =
			[&user, &provider, &provider_worker, &verifier, &verifier_worker].map(|a| (*a).clone());
		let model = own_model(&user);
		serve(&provider, &provider_worker, model, DGRID / 100);
		serve(&verifier, &verifier_worker, model, DGRID);
		let session = pallet_node_staking::CurrentSession::<Runtime>::get();
		let (before, treasury_before) = (worth(&party), treasury());
		assert!(Dao::params().session_reward > 0);

		let jobs: Vec<u64> = (0..5).map(|_| submit(&user, model, 1_000, DGRID)).collect();
		for job in &jobs {
			answer(&provider_worker, *job, 1_000);
		}
		let answered = now();
		run(answered + 1, drawn_at(answered));
		for job in &jobs {
			vote(*job, 100);
		}
		run(drawn_at(answered) + 1, answered + Dao::params().challenge_period);
		for job in &jobs {
			let status = pallet_market::Jobs::<Runtime>::get(job).unwrap().status;
			assert_eq!(status, JobStatus::Settled);
		}
		NodeStaking::end_session(session);
		NodeStaking::start_session(session + 1);
		assert!(NodeStaking::claim_reward(
			RuntimeOrigin::signed(provider.clone()),
			provider.clone(),
			session
		)
		.is_ok());
		// Five jobs at 0.01 DGRID: 5 % of 0.05 DGRID is all the merit, and all the pool.
		let protocol_fees = Dao::params().protocol_fee.mul_floor(DGRID / 100) * 5;
		let payout = pallet_node_staking::SessionPayouts::<Runtime>::get(session).unwrap();
		assert_eq!(payout.pool, protocol_fees);
		assert!(worth(&party) <= before, "the party does not profit");
		assert!(treasury() >= treasury_before, "the treasury does not lose");
		try_state();
	});
}

/// Spam costs: a block's normal share of weight, filled with transactions that pay, costs 75
/// DGRID (it cost 0.75 DGRID with one planck per unit of weight), and every byte a
/// micro-DGRID.
#[test]
fn filling_a_block_costs_75_dgrid() {
	use frame_support::dispatch::DispatchClass;
	let normal = crate::configs::RuntimeBlockWeights::get()
		.get(DispatchClass::Normal)
		.max_total
		.expect("a normal limit");
	assert_eq!(crate::TransactionPayment::weight_to_fee(normal), 75 * DGRID);
	assert_eq!(crate::TransactionPayment::length_to_fee(16 * 1024), 16 * 1024 * crate::MICRO_DGRID);
}

/// The security questions in one attack: a party that is user, model lister, provider, only
/// verifier and the author of the block its answer lands in (it chooses that block's
/// randomness). Its audit is drawn with the randomness of the three blocks after its answer,
/// none of which it wrote; every feeless call it makes lands; and it ends poorer by exactly the
/// protocol fee, which the treasury gains: no payout exceeds what its job brought in.
#[test]
fn a_party_in_every_role_and_author_of_its_answers_block_gains_nothing() {
	use codec::Encode;
	ext_of(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		// Each block's parent hash stands for its author's VRF output (no BABE digest here).
		let hash_of = |n: u32| sp_core::H256(sp_io::hashing::blake2_256(&(b"block", n).encode()));
		let step = |n: u32| {
			frame_system::Pallet::<Runtime>::initialize(&n, &hash_of(n - 1), &Default::default());
			Market::on_initialize(n);
			Poq::on_initialize(n);
		};
		step(1);
		let bond = Dao::params().min_operator_bond;
		let user = funded(141, 10_000 * DGRID);
		let (provider, provider_worker) = (funded(142, bond + DGRID), worker(143));
		let (verifier, verifier_worker) = (funded(144, bond + DGRID), worker(145));
		let party =
			[&user, &provider, &provider_worker, &verifier, &verifier_worker].map(|a| (*a).clone());
		let model = own_model(&user);
		let price = 1_000 * DGRID;
		serve(&provider, &provider_worker, model, price);
		serve(&verifier, &verifier_worker, model, price + 1);
		let (before, treasury_before) = (worth(&party), treasury());
		let job = submit(&user, model, 1_000, 2_000 * DGRID);
		// The answer lands in block 1, which the party authors: it chose `hash_of(1)`.
		let answered = now();
		let call = pallet_market::Call::<Runtime>::submit_result {
			job,
			output: b"answer".to_vec().try_into().unwrap(),
			input_tokens: 0,
			output_tokens: 1_000,
			latency_ms: 100,
		};
		// Feeless, and it lands.
		assert!(frame_support::dispatch::CheckIfFeeless::is_feeless(
			&call,
			&RuntimeOrigin::signed(provider_worker.clone())
		));
		answer(&provider_worker, job, 1_000);
		let drawn = drawn_at(answered);
		for n in answered + 1..=drawn {
			step(n);
		}
		// Drawn with the randomness of blocks 2 to 4 only, none the party's.
		let outputs: Vec<[u8; 32]> = (answered + 1..drawn)
			.map(|n| sp_io::hashing::blake2_256(&hash_of(n).encode()))
			.collect();
		assert_eq!(pallet_poq::RecentRandomness::<Runtime>::get().into_inner(), outputs);
		let own = sp_io::hashing::blake2_256(&hash_of(answered).encode());
		assert!(!pallet_poq::RecentRandomness::<Runtime>::get().contains(&own));
		assert!(pallet_poq::Reviews::<Runtime>::get(job).is_some(), "audited: a new provider");
		vote(job, 100);
		for n in drawn + 1..=answered + Dao::params().challenge_period {
			step(n);
		}
		assert_eq!(pallet_market::Jobs::<Runtime>::get(job).unwrap().status, JobStatus::Settled);
		let protocol = Dao::params().protocol_fee.mul_floor(price);
		assert_eq!(before - worth(&party), protocol, "the party loses the protocol fee");
		assert_eq!(treasury() - treasury_before, protocol, "the treasury gains it, pays nobody");
		try_state();
	});
}

/// Lazy verifying: a verifier passes every answer without re-running it, saving the inference.
/// The DAO's canary service plants a known-bad answer: it sends a job from a fresh account to
/// an operator it runs, which answers with plausible wrong text. The lazy verifier passes it,
/// earns the verification fee, and is exposed: it loses a tenth of everything it holds to the
/// treasury, 10,000 times the fee it earned. The canary service gets its job refunded; its
/// provider is neither paid nor slashed.
#[test]
fn a_verifier_that_passes_a_canary_without_re_running_it_loses_its_bond_share() {
	use sp_core::Pair as _;
	ext_of(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		run(1, 1);
		let params = Dao::params();
		let bond = params.min_operator_bond;
		// The canary key, appointed by the DAO's parameters track.
		let (canary_key, canary_account) = keyed("//canary-service", DGRID);
		let set = Poq::set_canary_key(RuntimeOrigin::root(), Some(canary_account.clone()));
		assert!(set.is_err(), "root is not the parameters track");
		let parameters: RuntimeOrigin = pallet_dao::origins::Origin::Parameters.into();
		assert!(Poq::set_canary_key(parameters, Some(canary_account)).is_ok());
		let user = funded(131, 10 * DGRID);
		let (canary_op, canary_worker) = (funded(132, bond + DGRID), worker(133));
		let (lazy, lazy_worker) = (funded(134, bond + DGRID), worker(135));
		let lister = funded(136, 1_000 * DGRID);
		let model = own_model(&lister);
		serve(&canary_op, &canary_worker, model, DGRID / 100);
		serve(&lazy, &lazy_worker, model, DGRID / 50);
		let (lazy_before, user_before, op_before, treasury_before) = (
			worth(&[lazy.clone(), lazy_worker.clone()]),
			owned(&user),
			owned(&canary_op),
			treasury(),
		);

		let job = submit(&user, model, 1_000, DGRID);
		assert_eq!(pallet_market::Jobs::<Runtime>::get(job).unwrap().route[0].operator, canary_op);
		answer(&canary_worker, job, 1_000);
		let answered = now();
		run(answered + 1, drawn_at(answered));
		// The lazy verifier is the only other offerer: it passes the planted answer unread.
		vote(job, 100);
		let fee = DGRID / 100;
		let verification = params.verification_fee.mul_floor(fee);
		assert_eq!(worth(&[lazy.clone(), lazy_worker.clone()]), lazy_before + verification);

		// The canary service exposes it before the job settles.
		let proof = canary_key.sign(&Poq::canary_payload(job, &user, &canary_op)).into();
		assert!(Poq::expose_canary(RuntimeOrigin::signed(user.clone()), job, proof).is_ok());
		run(drawn_at(answered) + 1, answered + params.challenge_period);
		assert_eq!(pallet_market::Jobs::<Runtime>::get(job).unwrap().status, JobStatus::Failed);

		let slash = params.fraud_slash.mul_floor(bond);
		assert_eq!(lazy_before - worth(&[lazy.clone(), lazy_worker.clone()]), slash - verification);
		assert!(slash >= 10_000 * verification);
		assert_eq!(treasury() - treasury_before, slash);
		// The canary's user is refunded all but the verification fee, and its provider is
		// neither paid nor slashed.
		assert_eq!(user_before - owned(&user), verification);
		assert_eq!(owned(&canary_op), op_before);
		try_state();
	});
}

/// Predictable audits: a validator-operator that authors the three blocks after its result
/// knows their VRF outputs in advance, and so the draw of its result if the draw used them
/// alone. The draw waits for a window with another author's block, whose VRF output it
/// cannot know: a new operator's result (always audited) answered at block 2, blocks 3 to 5
/// by authority 2, is drawn at block 7, not 6, with block 6's randomness by authority 1.
#[test]
fn an_author_owning_a_results_whole_draw_window_does_not_decide_its_draw() {
	use codec::Encode;
	use sp_consensus_babe::digests::{PreDigest, SecondaryPlainPreDigest};
	ext_of(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_babe::Authorities::<Runtime>::get().len(), 4);
		let block = |n: u32, author: u32| {
			let pre = PreDigest::SecondaryPlain(SecondaryPlainPreDigest {
				authority_index: author,
				slot: u64::from(n).into(),
			});
			let digest = sp_runtime::Digest {
				logs: vec![sp_runtime::DigestItem::PreRuntime(
					sp_consensus_babe::BABE_ENGINE_ID,
					pre.encode(),
				)],
			};
			let parent = sp_core::H256::repeat_byte(n as u8);
			frame_system::Pallet::<Runtime>::initialize(&n, &parent, &digest);
			Market::on_initialize(n);
			Poq::on_initialize(n);
		};
		block(1, 0);
		let bond = Dao::params().min_operator_bond;
		let user = funded(141, 10 * DGRID);
		let lister = funded(142, 1_000 * DGRID);
		let (validator, validator_worker) = (funded(143, bond + DGRID), worker(144));
		let (verifier, verifier_worker) = (funded(145, bond + DGRID), worker(146));
		let model = own_model(&lister);
		serve(&validator, &validator_worker, model, DGRID / 100);
		serve(&verifier, &verifier_worker, model, DGRID / 50);
		block(2, 0);
		let job = submit(&user, model, 1_000, DGRID);
		answer(&validator_worker, job, 1_000);
		for n in 3..=5 {
			block(n, 2);
		}
		block(6, 1);
		assert_eq!(pallet_poq::RecentAuthors::<Runtime>::get().into_inner(), [Some(2); 3]);
		assert!(pallet_poq::Reviews::<Runtime>::get(job).is_none(), "one author: the draw waits");
		block(7, 3);
		assert_eq!(
			pallet_poq::RecentAuthors::<Runtime>::get().into_inner(),
			[Some(2), Some(2), Some(1)]
		);
		let review = pallet_poq::Reviews::<Runtime>::get(job).expect("drawn with block 6's output");
		assert_eq!(review.provider, validator);
		try_state();
	});
}

/// Storage is bounded: an operator that leaves the registry leaves nothing behind in the other
/// pallets (its last heartbeat, its count of audited results), and registering again starts
/// on probation, every result audited.
#[test]
fn a_deregistered_operator_leaves_no_state_behind() {
	ext_of(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		run(1, 1);
		let params = Dao::params();
		let bond = params.min_operator_bond;
		let lister = funded(151, 1_000 * DGRID);
		let (op, op_worker) = (funded(152, bond + DGRID), worker(153));
		let model = own_model(&lister);
		serve(&op, &op_worker, model, DGRID / 100);
		let beat = Market::heartbeat(
			RuntimeOrigin::signed(op_worker.clone()),
			vec![(model, 100)].try_into().unwrap(),
		);
		assert!(beat.is_ok(), "{beat:?}");
		assert!(pallet_market::LastHeartbeat::<Runtime>::contains_key(&op));
		pallet_poq::AuditedResults::<Runtime>::insert(&op, 150);
		assert!(NodeStaking::unbond(RuntimeOrigin::signed(op.clone()), bond).is_ok());
		run(2, 2 + params.unbonding_period);
		assert!(NodeStaking::withdraw_unbonded(RuntimeOrigin::signed(op.clone())).is_ok());
		assert!(NodeStaking::deregister(RuntimeOrigin::signed(op.clone())).is_ok());
		assert!(!pallet_market::LastHeartbeat::<Runtime>::contains_key(&op));
		assert!(!pallet_poq::AuditedResults::<Runtime>::contains_key(&op));
		try_state();
	});
}

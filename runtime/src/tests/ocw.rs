//! The off-chain worker's roles in the real runtime, on the offchain test externalities: HTTP to
//! a mocked backend, the worker key in a test keystore, and transactions into a test pool.
//!
//! - Provider: a job assigned to Alice is run on her backend and answered with one signed
//!   `submit_results` from her worker key (AliceStash), and a heartbeat reports the backend's
//!   latency; a second run sends nothing; a job whose backend fails is declined.
//! - Verifier: a job Alice is drawn to audit is re-run on her backend and scored; the score is
//!   committed, then revealed with the salt kept in the node's local storage, once each; an
//!   answer that differs scores 0; a backend that fails commits nothing.

use crate::{tests::ext_of, Market, Runtime, RuntimeCall, RuntimeOrigin, UncheckedExtrinsic};
use codec::{Decode, Encode};
use dgrid_offchain_worker::{
	backend::{Backend, Backends, BACKENDS_KEY},
	openai::{request_body, InferenceRequest},
};
use frame_support::traits::Hooks;
use pallet_market::{JobTarget, RoutingPolicy, Strategy};
use sp_core::offchain::{
	testing::{PendingRequest, TestOffchainExt, TestTransactionPoolExt},
	OffchainDbExt, OffchainWorkerExt, StorageKind, TransactionPoolExt,
};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{AliceStash, Bob};
use sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt};
use sp_runtime::traits::Dispatchable;
use std::sync::Arc;

const INPUT: &[u8] = br#"[{"role":"user","content":"Say hello."}]"#;
const ANSWER: &[u8] = br#"{"choices":[{"message":{"role":"assistant","content":"Hello!"}}],"usage":{"prompt_tokens":12,"completion_tokens":3}}"#;

struct Harness {
	ext: sp_io::TestExternalities,
	http: Arc<parking_lot::RwLock<sp_core::offchain::testing::OffchainState>>,
	pool: Arc<parking_lot::RwLock<sp_core::offchain::testing::PoolState>>,
}

fn harness() -> Harness {
	let mut ext = ext_of(DEV_RUNTIME_PRESET);
	let (offchain, http) = TestOffchainExt::new();
	let (pool, pool_state) = TestTransactionPoolExt::new();
	let keystore = MemoryKeystore::new();
	keystore
		.sr25519_generate_new(dgrid_primitives::worker::KEY_TYPE, Some("//Alice//stash"))
		.expect("worker key");
	ext.register_extension(OffchainWorkerExt::new(offchain.clone()));
	ext.register_extension(OffchainDbExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool));
	ext.register_extension(KeystoreExt::new(keystore));
	let mut table = Backends::default();
	table
		.add(0, Backend { url: "http://backend".into(), model_name: None, api_key: None })
		.expect("backend");
	ext.execute_with(|| {
		sp_io::offchain::local_storage_set(StorageKind::PERSISTENT, BACKENDS_KEY, &table.encode())
	});
	Harness { ext, http, pool: pool_state }
}

fn submit_job() -> u64 {
	let id = pallet_market::NextJobId::<Runtime>::get();
	assert!(Market::submit_job(
		RuntimeOrigin::signed(Bob.to_account_id()),
		JobTarget::Model(0),
		INPUT.to_vec().try_into().expect("the input fits"),
		100,
		crate::DGRID,
		RoutingPolicy::with_strategy(Strategy::Cheapest),
	)
	.is_ok());
	id
}

fn expect_backend_call(h: &Harness, job: u64, response: &[u8]) {
	expect_backend_call_with(h, job, response, None)
}

/// The inference request the worker sends for `job`, with the backend's `key` if it has one.
fn expect_backend_call_with(h: &Harness, job: u64, response: &[u8], key: Option<&str>) {
	let body = request_body(&InferenceRequest {
		messages: INPUT,
		system_prompt: None,
		model: crate::genesis_config_presets::SAMPLE_MODEL,
		max_tokens: 100,
		seed: dgrid_offchain_worker::inference_seed(job),
	})
	.expect("the test input is chat messages");
	let mut headers = vec![
		("Content-Type".into(), "application/json".into()),
		("Content-Length".into(), body.len().to_string()),
	];
	headers.extend(key.map(|k| ("Authorization".into(), format!("Bearer {k}"))));
	h.http.write().expect_request(PendingRequest {
		method: "POST".into(),
		uri: "http://backend/v1/chat/completions".into(),
		headers,
		body,
		response: Some(response.to_vec()),
		sent: true,
		..Default::default()
	});
}

fn expect_heartbeat_probe(h: &Harness) {
	expect_heartbeat_probe_with(h, None)
}

/// The heartbeat's probe of the backend, with its `key` if it has one.
fn expect_heartbeat_probe_with(h: &Harness, key: Option<&str>) {
	h.http.write().expect_request(PendingRequest {
		method: "GET".into(),
		uri: "http://backend/v1/models".into(),
		headers: key
			.map(|k| ("Authorization".into(), format!("Bearer {k}")))
			.into_iter()
			.collect(),
		response: Some(br#"{"object":"list","data":[]}"#.to_vec()),
		sent: true,
		..Default::default()
	});
}

/// The pool's transactions: signer and call.
fn sent(h: &Harness) -> Vec<(crate::AccountId, RuntimeCall)> {
	sent_with_nonces(h).into_iter().map(|(who, _, call)| (who, call)).collect()
}

/// Bob's job submitted at block 1, which the worker's run of block 1 answers on the backend
/// (and probes it for a heartbeat). Returns the job.
fn served_at_block_one(h: &mut Harness) -> u64 {
	let job = h.ext.execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		submit_job()
	});
	expect_backend_call(h, job, ANSWER);
	expect_heartbeat_probe(h);
	h.ext.execute_with(|| Market::offchain_worker(1));
	job
}

#[test]
fn an_assigned_job_is_run_on_the_backend_and_answered_once_by_the_worker_key() {
	let mut h = harness();
	let job = served_at_block_one(&mut h);
	let txs = sent(&h);
	assert_eq!(txs.len(), 2, "the answer and a heartbeat");
	assert!(txs.iter().all(|(who, _)| *who == AliceStash.to_account_id()));
	let RuntimeCall::Market(pallet_market::Call::heartbeat { latencies }) = &txs[1].1 else {
		panic!("a heartbeat, got {:?}", txs[1].1)
	};
	assert_eq!(latencies.iter().map(|(m, _)| *m).collect::<Vec<_>>(), vec![0]);
	let RuntimeCall::Market(pallet_market::Call::submit_results { results }) = &txs[0].1 else {
		panic!("submit_results, got {:?}", txs[0].1)
	};
	assert_eq!(results.len(), 1);
	assert_eq!(results[0].job, job);
	assert_eq!(results[0].output.to_vec(), b"Hello!".to_vec());
	assert_eq!((results[0].input_tokens, results[0].output_tokens), (12, 3));

	// Another run (a concurrent one, say) finds the job claimed and the heartbeat sent:
	// nothing is run or sent again.
	h.ext.execute_with(|| Market::offchain_worker(1));
	assert_eq!(sent(&h).len(), 2);

	// The transaction lands: the job is answered.
	h.ext.execute_with(|| {
		let origin = RuntimeOrigin::signed(AliceStash.to_account_id());
		assert!(txs[0].1.clone().dispatch(origin).is_ok());
		let job = pallet_market::Jobs::<Runtime>::get(job).unwrap();
		assert!(matches!(job.status, pallet_market::JobStatus::Completed { .. }));
		assert_eq!(job.result.unwrap().output.to_vec(), b"Hello!".to_vec());
	});
}

/// The pool's transactions: signer, nonce and call.
fn sent_with_nonces(h: &Harness) -> Vec<(crate::AccountId, u32, RuntimeCall)> {
	h.pool
		.read()
		.transactions
		.iter()
		.map(|bytes| {
			let xt = UncheckedExtrinsic::decode(&mut &bytes[..]).expect("an extrinsic");
			match xt.preamble {
				sp_runtime::generic::Preamble::Signed(
					sp_runtime::MultiAddress::Id(who),
					_,
					ext,
				) => (who, ext.5 .0, xt.function),
				_ => panic!("signed by an account id"),
			}
		})
		.collect()
}

/// Lost work: runs of the worker that overlap (a run outlasting its block) never sign two
/// transactions with the same nonce, answers are batched by deadline so that one job
/// expiring sinks only the answers due with it, and a nonce of a transaction that never
/// landed is given up after a few blocks.
#[test]
fn overlapping_runs_use_fresh_nonces_and_batch_answers_by_deadline() {
	let mut h = harness();
	// Two jobs, submitted a block apart: two deadlines.
	let first = h.ext.execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		submit_job()
	});
	let second = h.ext.execute_with(|| {
		// Signed transactions are mortal from the parent block: its hash must be known.
		frame_system::BlockHash::<Runtime>::insert(1, sp_core::H256::repeat_byte(1));
		frame_system::Pallet::<Runtime>::set_block_number(2);
		submit_job()
	});
	expect_backend_call(&h, first, ANSWER);
	expect_backend_call(&h, second, ANSWER);
	expect_heartbeat_probe(&h);
	h.ext.execute_with(|| Market::offchain_worker(2));
	// A third job; a run starts before the first run's transactions land.
	let third = h.ext.execute_with(submit_job);
	expect_backend_call(&h, third, ANSWER);
	h.ext.execute_with(|| Market::offchain_worker(2));
	let txs = sent_with_nonces(&h);
	let calls: Vec<usize> = txs
		.iter()
		.map(|(_, _, call)| match call {
			RuntimeCall::Market(pallet_market::Call::submit_results { results }) => results.len(),
			_ => 0,
		})
		.collect();
	assert_eq!(calls, vec![1, 1, 0, 1], "one batch per deadline, the heartbeat, the third answer");
	let nonces: Vec<u32> = txs.iter().map(|(_, n, _)| *n).collect();
	assert_eq!(nonces, vec![0, 1, 2, 3], "no nonce twice, though the runs overlapped");
	// The first job's deadline passes before its batch lands; the second job's still lands.
	let deadline = |job| match pallet_market::Jobs::<Runtime>::get(job).unwrap().status {
		pallet_market::JobStatus::Assigned { deadline } => deadline,
		other => panic!("assigned, got {other:?}"),
	};
	let (deadline_1, deadline_2) = h.ext.execute_with(|| (deadline(first), deadline(second)));
	assert!(deadline_1 < deadline_2);
	h.ext.execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(deadline_2);
		let origin = || RuntimeOrigin::signed(AliceStash.to_account_id());
		assert!(txs[0].2.clone().dispatch(origin()).is_err(), "the first job's deadline passed");
		assert!(txs[1].2.clone().dispatch(origin()).is_ok(), "the second job's answer lands");
	});
	// Transactions that never land hold nothing back for long, even on a node that sends
	// every block: while the chain's nonce stands still, the node counts on for
	// NONCE_MEMORY blocks, then starts again from the chain's nonce.
	let on_chain = h.ext.execute_with(|| {
		frame_system::Pallet::<Runtime>::account_nonce(AliceStash.to_account_id())
	});
	let memory = dgrid_primitives::worker::NONCE_MEMORY;
	let start = deadline_2 + 1;
	let mut nonces = Vec::new();
	for block in start..=(start + memory + 1) {
		let job = h.ext.execute_with(|| {
			frame_system::BlockHash::<Runtime>::insert(block - 1, sp_core::H256::repeat_byte(2));
			frame_system::Pallet::<Runtime>::set_block_number(block);
			submit_job()
		});
		expect_backend_call(&h, job, ANSWER);
		h.ext.execute_with(|| Market::offchain_worker(block));
		let (_, nonce, call) = sent_with_nonces(&h).last().cloned().expect("an answer");
		nonces.push(nonce);
		// The answer lands without moving the chain's nonce (dispatched directly): the slot
		// is free again, and the chain's nonce stands still as if the node's were dropped.
		h.ext.execute_with(|| {
			assert!(call.dispatch(RuntimeOrigin::signed(AliceStash.to_account_id())).is_ok());
		});
	}
	// Nothing landed since block 2: the first run starts again from the chain's nonce, the
	// next NONCE_MEMORY runs count on from it, and the one after starts again.
	let expected: Vec<u32> = (on_chain..=on_chain + memory).chain([on_chain]).collect();
	assert_eq!(nonces, expected);
}

/// API keys at rest: the backend table keeps a key sealed with the node's `dgbk` key; the
/// worker opens it through the keystore and sends it to its backend, and only there.
#[test]
fn a_sealed_api_key_is_opened_by_the_worker_and_sent_to_its_backend() {
	use dgrid_offchain_worker::sealed;
	let mut h = harness();
	let keystore = MemoryKeystore::new();
	keystore
		.sr25519_generate_new(dgrid_primitives::worker::KEY_TYPE, Some("//Alice//stash"))
		.expect("worker key");
	let sealing = keystore.ed25519_generate_new(sealed::KEY_TYPE, None).expect("sealing key");
	let signature = keystore
		.ed25519_sign(sealed::KEY_TYPE, &sealing, sealed::SECRET_MESSAGE)
		.expect("signs")
		.expect("the key is there");
	let secret = sealed::secret_from_signature(signature.as_ref());
	h.ext.register_extension(KeystoreExt::new(keystore));
	let mut table = Backends::default();
	table
		.add(
			0,
			Backend {
				url: "http://backend".into(),
				model_name: None,
				api_key: Some("sk-1".into()),
			},
		)
		.expect("backend");
	let stored = table.seal(&secret).encode();
	assert!(!stored.windows(4).any(|w| w == b"sk-1"), "sealed at rest");
	let job = h.ext.execute_with(|| {
		sp_io::offchain::local_storage_set(StorageKind::PERSISTENT, BACKENDS_KEY, &stored);
		frame_system::Pallet::<Runtime>::set_block_number(1);
		submit_job()
	});
	expect_backend_call_with(&h, job, ANSWER, Some("sk-1"));
	expect_heartbeat_probe_with(&h, Some("sk-1"));
	h.ext.execute_with(|| Market::offchain_worker(1));
	assert_eq!(sent(&h).len(), 2, "the answer and a heartbeat");
}

#[test]
fn a_job_whose_backend_fails_is_declined() {
	let mut h = harness();
	let job = h.ext.execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		submit_job()
	});
	// The mock serves 200; a body that is not a completion is a failure all the same.
	expect_backend_call(&h, job, b"<html>busy</html>");
	expect_heartbeat_probe(&h);
	h.ext.execute_with(|| Market::offchain_worker(1));
	let txs = sent(&h);
	assert_eq!(txs[0].1, RuntimeCall::Market(pallet_market::Call::decline_job { job }));
	assert_eq!(txs.len(), 2, "the decline and a heartbeat");
}

#[test]
fn a_node_without_the_assigned_worker_key_sends_nothing() {
	let mut ext = ext_of(DEV_RUNTIME_PRESET);
	// Same chain, but the keystore holds another key.
	let keystore = MemoryKeystore::new();
	keystore
		.sr25519_generate_new(dgrid_primitives::worker::KEY_TYPE, Some("//Nobody"))
		.unwrap();
	let (offchain, _) = TestOffchainExt::new();
	let (pool, pool_state) = TestTransactionPoolExt::new();
	ext.register_extension(OffchainWorkerExt::new(offchain.clone()));
	ext.register_extension(OffchainDbExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool));
	ext.register_extension(KeystoreExt::new(keystore));
	ext.execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		submit_job();
		Market::offchain_worker(1);
	});
	assert!(pool_state.read().transactions.is_empty());
}

// ---- the verifier role (pallet_poq::ocw) ----

/// The block that draws a result of block 1: after the runtime's draw window of 3 blocks.
const DRAWN: u32 = 5;

/// Charlie, a new operator (worker key CharlieStash), offers model 0 and answers Bob's job with
/// `answer` at block 1; at block [`DRAWN`], after its draw window, the job is drawn for audit
/// (all of a new operator's results are) and Alice, the only other operator offering the
/// model, is its spot checker.
fn audited_by_alice(h: &mut Harness, answer: &[u8]) -> u64 {
	use sp_keyring::Sr25519Keyring::{Alice, Charlie, CharlieStash};
	h.ext.execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		let charlie = Charlie.to_account_id();
		let payload = crate::NodeStaking::worker_proof_payload(&charlie);
		assert!(crate::NodeStaking::register_operator(
			RuntimeOrigin::signed(charlie.clone()),
			CharlieStash.to_account_id(),
			CharlieStash.sign(&payload).into(),
			Default::default(),
			1_000 * crate::DGRID,
		)
		.is_ok());
		assert!(Market::set_offer(RuntimeOrigin::signed(charlie.clone()), 0, 1, 1, 8).is_ok());
		let mut policy = RoutingPolicy::with_strategy(Strategy::Cheapest);
		policy.allow = vec![charlie].try_into().expect("fits");
		let job = pallet_market::NextJobId::<Runtime>::get();
		assert!(Market::submit_job(
			RuntimeOrigin::signed(Bob.to_account_id()),
			JobTarget::Model(0),
			INPUT.to_vec().try_into().expect("the input fits"),
			100,
			crate::DGRID,
			policy,
		)
		.is_ok());
		assert!(Market::submit_result(
			RuntimeOrigin::signed(CharlieStash.to_account_id()),
			job,
			answer.to_vec().try_into().expect("fits"),
			12,
			3,
			10,
		)
		.is_ok());
		for n in 2u32..=DRAWN {
			// Signed transactions are mortal from the parent block: its hash must be known.
			frame_system::BlockHash::<Runtime>::insert(
				n.saturating_sub(1),
				sp_core::H256::repeat_byte(n as u8),
			);
			frame_system::Pallet::<Runtime>::set_block_number(n);
			Market::on_initialize(n);
			crate::Poq::on_initialize(n);
		}
		let round = voting_round(job).expect("a new operator's result is audited");
		assert_eq!(round.kind, pallet_poq::RoundKind::SpotCheck);
		let verifiers: Vec<_> = round.members.iter().map(|m| m.verifier.clone()).collect();
		assert_eq!(verifiers, vec![Alice.to_account_id()]);
		job
	})
}

/// What Alice's node keeps for the job's first round.
fn verification(h: &mut Harness, job: u64) -> Option<pallet_poq::ocw::Verification<u32>> {
	h.ext.execute_with(|| {
		let key = format!("dgrid::poq::verification::{job}::0");
		sp_io::offchain::local_storage_get(StorageKind::PERSISTENT, key.as_bytes())
			.map(|raw| Decode::decode(&mut &raw[..]).expect("a verification record"))
	})
}

#[test]
fn a_verifier_re_runs_an_audited_job_then_commits_and_reveals_its_score() {
	use pallet_poq::ocw::Verification;
	use sp_keyring::Sr25519Keyring::Alice;
	let mut h = harness();
	let job = audited_by_alice(&mut h, b"Hello!");
	// Alice's backend gives the same answer with the same usage: 100.
	expect_backend_call(&h, job, ANSWER);
	h.ext.execute_with(|| crate::Poq::offchain_worker(DRAWN));
	let Some(Verification::Scored {
		score: 100,
		salt,
		committed_at: Some(DRAWN),
		revealed_at: None,
	}) = verification(&mut h, job)
	else {
		panic!("scored 100 and committed: {:?}", verification(&mut h, job))
	};
	let txs = sent(&h);
	assert_eq!(txs.len(), 1);
	assert_eq!(txs[0].0, AliceStash.to_account_id());
	let commitment = crate::Poq::commitment(job, 0, &Alice.to_account_id(), 100, &salt);
	assert_eq!(txs[0].1, RuntimeCall::Poq(pallet_poq::Call::commit { job, commitment }));
	// A second run (a concurrent one, say) neither re-runs the job nor sends the commit again.
	h.ext.execute_with(|| crate::Poq::offchain_worker(DRAWN));
	assert_eq!(sent(&h).len(), 1);

	// The commit lands; the next block's run reveals what was committed.
	h.ext.execute_with(|| {
		let origin = RuntimeOrigin::signed(AliceStash.to_account_id());
		assert!(txs[0].1.clone().dispatch(origin).is_ok());
		frame_system::BlockHash::<Runtime>::insert(DRAWN, sp_core::H256::repeat_byte(3));
		frame_system::Pallet::<Runtime>::set_block_number(DRAWN + 1);
		crate::Poq::offchain_worker(DRAWN + 1);
	});
	let txs = sent(&h);
	assert_eq!(txs.len(), 2);
	assert_eq!(txs[1].1, RuntimeCall::Poq(pallet_poq::Call::reveal { job, score: 100, salt }));
	h.ext.execute_with(|| {
		let origin = RuntimeOrigin::signed(AliceStash.to_account_id());
		assert!(txs[1].1.clone().dispatch(origin).is_ok());
		// The spot check passed the job: the verdict waits for the settlement.
		let review = pallet_poq::Reviews::<Runtime>::get(job).expect("kept for the settlement");
		assert!(matches!(
			review.phase,
			pallet_poq::Phase::Concluded(pallet_poq::Verdict::Passed { score: 100, .. })
		));
		crate::Poq::do_try_state().expect("PoQ's invariants hold");
	});
}

#[test]
fn a_verifier_scores_a_different_answer_zero() {
	use pallet_poq::ocw::Verification;
	let mut h = harness();
	let job = audited_by_alice(&mut h, b"lorem ipsum dolor");
	expect_backend_call(&h, job, ANSWER);
	h.ext.execute_with(|| crate::Poq::offchain_worker(DRAWN));
	assert!(matches!(verification(&mut h, job), Some(Verification::Scored { score: 0, .. })));
	assert_eq!(sent(&h).len(), 1, "the commit of a 0");
}

#[test]
fn a_verifier_whose_backend_fails_commits_nothing_and_tries_again_later() {
	use pallet_poq::ocw::{Verification, RESEND_AFTER};
	let mut h = harness();
	let job = audited_by_alice(&mut h, b"Hello!");
	expect_backend_call(&h, job, b"<html>busy</html>");
	h.ext.execute_with(|| crate::Poq::offchain_worker(DRAWN));
	assert_eq!(verification(&mut h, job), Some(Verification::Failed(DRAWN)));
	assert!(sent(&h).is_empty());
	// Not on every block: the next runs before `RESEND_AFTER` blocks call no backend (the
	// mocked HTTP would fail on a request it does not expect).
	h.ext.execute_with(|| crate::Poq::offchain_worker(DRAWN + 1));
	assert!(sent(&h).is_empty());
	// Then it is re-run, scored and committed, within the commit period.
	let retry = DRAWN + RESEND_AFTER;
	let commit_end = h.ext.execute_with(|| voting_round(job).map(|r| r.commit_end));
	assert!(commit_end.is_some_and(|end| retry <= end), "the retry is within the commit period");
	expect_backend_call(&h, job, ANSWER);
	h.ext.execute_with(|| {
		frame_system::BlockHash::<Runtime>::insert(retry - 1, sp_core::H256::repeat_byte(9));
		frame_system::Pallet::<Runtime>::set_block_number(retry);
		crate::Poq::offchain_worker(retry);
	});
	assert!(matches!(verification(&mut h, job), Some(Verification::Scored { score: 100, .. })));
	let txs = sent(&h);
	assert_eq!(txs.len(), 1);
	assert!(matches!(txs[0].1, RuntimeCall::Poq(pallet_poq::Call::commit { .. })));
}

/// The round in progress on `job`'s review, if any.
fn voting_round(job: dgrid_primitives::JobId) -> Option<pallet_poq::RoundOf<Runtime>> {
	match pallet_poq::Reviews::<Runtime>::get(job)?.phase {
		pallet_poq::Phase::Voting { round, .. } => Some(round),
		_ => None,
	}
}

/// Whether this node keeps a claim of `job`'s first assignment.
fn claimed(h: &mut Harness, job: u64) -> bool {
	h.ext.execute_with(|| {
		let key = format!("dgrid::ocw::claimed::{job}::0");
		sp_io::offchain::local_storage_get(StorageKind::PERSISTENT, key.as_bytes()).is_some()
	})
}

#[test]
fn a_pruned_jobs_local_records_are_swept_and_an_open_jobs_kept() {
	let mut h = harness();
	let job = served_at_block_one(&mut h);
	assert!(claimed(&mut h, job));
	// The job is still kept on chain: its claim stays, however often the worker runs.
	h.ext.execute_with(|| Market::offchain_worker(2));
	assert!(claimed(&mut h, job));
	// Once the market prunes it, the next run forgets its claims.
	h.ext.execute_with(|| {
		pallet_market::Jobs::<Runtime>::remove(job);
		Market::offchain_worker(3);
	});
	assert!(!claimed(&mut h, job));
	let cursor = h.ext.execute_with(|| {
		sp_io::offchain::local_storage_get(StorageKind::PERSISTENT, b"dgrid::ocw::claims-swept")
	});
	assert_eq!(cursor, Some((job + 1).encode()));
}

#[test]
fn a_verifier_forgets_its_scores_of_a_pruned_job() {
	let mut h = harness();
	let job = audited_by_alice(&mut h, b"Hello!");
	expect_backend_call(&h, job, ANSWER);
	h.ext.execute_with(|| crate::Poq::offchain_worker(DRAWN));
	assert!(verification(&mut h, job).is_some());
	h.ext.execute_with(|| {
		pallet_market::Jobs::<Runtime>::remove(job);
		crate::Poq::offchain_worker(DRAWN);
	});
	assert!(verification(&mut h, job).is_none());
}

//! Tests of [`crate::infer`].
#![allow(clippy::arithmetic_side_effects)]

use super::*;
use sp_core::offchain::{testing, OffchainWorkerExt};

/// A request the scripted transport saw: URL, headers, body.
type Asked = (String, Vec<(String, String)>, Vec<u8>);

const MESSAGES: &[u8] = br#"[{"role":"user","content":"Say hello."}]"#;
const GOOD: &[u8] = br#"{"choices":[{"message":{"role":"assistant","content":"Hello!"}}],"usage":{"prompt_tokens":9,"completion_tokens":2}}"#;

fn job() -> Job<'static> {
	Job { id: 7, messages: MESSAGES, system_prompt: None, model_name: "echo", max_tokens: 50 }
}

fn backend(url: &str) -> Backend {
	Backend { url: url.into(), model_name: None, api_key: None }
}

/// A transport that answers from a script, one entry per request, and records what it was
/// asked; each request takes `step` ms.
struct Scripted {
	answers: Vec<Result<(u16, Vec<u8>), BackendError>>,
	asked: Vec<Asked>,
	clock: u64,
	step: u64,
}

impl Scripted {
	fn new(answers: Vec<Result<(u16, Vec<u8>), BackendError>>) -> Self {
		Self { answers, asked: vec![], clock: 1_000, step: 250 }
	}
}

impl Transport for Scripted {
	fn post(
		&mut self,
		url: &str,
		headers: &[(&str, &str)],
		body: &[u8],
		_deadline: Timestamp,
		_limit: usize,
	) -> Result<(u16, Vec<u8>), BackendError> {
		self.asked.push((
			url.into(),
			headers.iter().map(|(k, v)| (String::from(*k), String::from(*v))).collect(),
			body.to_vec(),
		));
		self.clock += self.step;
		if self.answers.is_empty() {
			return Err(BackendError::Unreachable);
		}
		self.answers.remove(0)
	}

	fn get(
		&mut self,
		url: &str,
		headers: &[(&str, &str)],
		_deadline: Timestamp,
	) -> Result<u16, BackendError> {
		self.asked.push((
			url.into(),
			headers.iter().map(|(k, v)| (String::from(*k), String::from(*v))).collect(),
			vec![],
		));
		self.clock += self.step;
		match self.answers.is_empty() {
			true => Err(BackendError::Unreachable),
			false => self.answers.remove(0).map(|(status, _)| status),
		}
	}

	fn now(&self) -> Timestamp {
		Timestamp::from_unix_millis(self.clock)
	}
}

#[test]
fn a_probe_times_the_models_endpoint() {
	let mut t =
		Scripted::new(vec![Ok((200, vec![])), Ok((503, vec![])), Err(BackendError::Timeout)]);
	assert_eq!(probe(&mut t, &backend("http://a"), 2_000), Ok(250));
	assert_eq!(t.asked[0].0, "http://a/v1/models");
	assert_eq!(probe(&mut t, &backend("http://a"), 2_000), Err(BackendError::Status(503)));
	assert_eq!(probe(&mut t, &backend("http://a"), 2_000), Err(BackendError::Timeout));
	assert!(t.asked[0].1.is_empty(), "no key, no Authorization header");
}

/// A backend behind an API key is probed with it, as it is called for inference: without, it
/// would answer 401 and its operator would never be reported up.
#[test]
fn a_probe_sends_the_backends_api_key() {
	let mut t = Scripted::new(vec![Ok((200, vec![]))]);
	let keyed = Backend { api_key: Some("sk-1".into()), ..backend("https://api.example.com") };
	assert_eq!(probe(&mut t, &keyed, 2_000), Ok(250));
	assert_eq!(t.asked[0].1, vec![("Authorization".to_string(), "Bearer sk-1".to_string())]);
}

#[test]
fn the_first_good_answer_wins_and_its_latency_is_measured() {
	let mut t = Scripted::new(vec![Ok((200, GOOD.to_vec()))]);
	let served = infer(&mut t, &[backend("http://a"), backend("http://b")], &job(), 5_000);
	let served = served.expect("served");
	assert_eq!(served.answer.content, b"Hello!".to_vec());
	assert_eq!((served.answer.prompt_tokens, served.answer.completion_tokens), (9, 2));
	assert_eq!((served.backend, served.latency_ms), (0, 250));
	assert_eq!(t.asked.len(), 1);
	assert_eq!(t.asked[0].0, "http://a/v1/chat/completions");
	let body: serde_json::Value = serde_json::from_slice(&t.asked[0].2).unwrap();
	assert_eq!(body["seed"], crate::inference_seed(7));
	assert_eq!(body["model"], "echo");
}

#[test]
fn every_failure_fails_over_to_the_next_backend() {
	let failures = [
		Err(BackendError::Timeout),
		Err(BackendError::Unreachable),
		Ok((500, b"oops".to_vec())),
		Ok((200, b"garbage".to_vec())),
		Ok((200, br#"{"choices":[{"message":{"content":"x"}}]}"#.to_vec())),
		Err(BackendError::Oversized),
	];
	for failure in failures {
		let mut t = Scripted::new(vec![failure.clone(), Ok((200, GOOD.to_vec()))]);
		let served = infer(&mut t, &[backend("http://a"), backend("http://b")], &job(), 5_000)
			.unwrap_or_else(|e| panic!("{failure:?} then good: {e:?}"));
		assert_eq!(served.backend, 1, "{failure:?}");
		assert_eq!(t.asked.len(), 2);
	}
}

#[test]
fn with_every_backend_down_the_last_error_is_returned() {
	let mut t = Scripted::new(vec![Ok((503, vec![])), Err(BackendError::Timeout)]);
	let err = infer(&mut t, &[backend("http://a"), backend("http://b")], &job(), 5_000);
	assert_eq!(err, Err(BackendError::Timeout));
	let mut none = Scripted::new(vec![]);
	assert_eq!(infer(&mut none, &[], &job(), 5_000), Err(BackendError::NoBackend));
}

#[test]
fn a_bad_job_input_asks_no_backend() {
	let mut t = Scripted::new(vec![Ok((200, GOOD.to_vec()))]);
	let bad = Job { messages: b"not json", ..job() };
	assert_eq!(infer(&mut t, &[backend("http://a")], &bad, 5_000), Err(BackendError::BadJobInput));
	assert!(t.asked.is_empty());
}

#[test]
fn backend_names_and_keys_are_sent() {
	let mut t = Scripted::new(vec![Ok((200, GOOD.to_vec()))]);
	let named = Backend {
		url: "https://api.example.com".into(),
		model_name: Some("gpt-x".into()),
		api_key: Some("sk-1".into()),
	};
	infer(&mut t, &[named], &job(), 5_000).expect("served");
	assert_eq!(t.asked[0].1, vec![("Authorization".into(), "Bearer sk-1".into())]);
	let body: serde_json::Value = serde_json::from_slice(&t.asked[0].2).unwrap();
	assert_eq!(body["model"], "gpt-x");
}

/// The offchain test externalities, expecting the request `job()` makes of
/// `http://backend`, answered with `response`.
fn offchain_ext(response: Vec<u8>) -> sp_io::TestExternalities {
	let (offchain, state) = testing::TestOffchainExt::new();
	let mut ext = sp_io::TestExternalities::default();
	ext.register_extension(OffchainWorkerExt::new(offchain));
	let body = request_body(&InferenceRequest {
		messages: MESSAGES,
		system_prompt: None,
		model: "echo",
		max_tokens: 50,
		seed: crate::inference_seed(7),
	})
	.unwrap();
	state.write().expect_request(testing::PendingRequest {
		method: "POST".into(),
		uri: "http://backend/v1/chat/completions".into(),
		headers: vec![
			("Content-Type".into(), "application/json".into()),
			("Content-Length".into(), body.len().to_string()),
		],
		body,
		response: Some(response),
		sent: true,
		..Default::default()
	});
	ext
}

/// The real transport, on the offchain test externalities' HTTP mock.
#[test]
fn the_offchain_http_transport_posts_json_and_reads_the_answer() {
	offchain_ext(GOOD.to_vec()).execute_with(|| {
		let served =
			infer(&mut OffchainHttp, &[backend("http://backend")], &job(), 5_000).expect("served");
		assert_eq!(served.answer.content, b"Hello!".to_vec());
	});
}

#[test]
fn the_offchain_http_transport_refuses_an_answer_without_usage() {
	let no_usage = br#"{"choices":[{"message":{"role":"assistant","content":"Hi"}}]}"#;
	offchain_ext(no_usage.to_vec()).execute_with(|| {
		assert_eq!(
			infer(&mut OffchainHttp, &[backend("http://backend")], &job(), 5_000),
			Err(BackendError::MissingUsage)
		);
	});
}

#[test]
fn the_offchain_http_transport_refuses_an_oversized_answer() {
	offchain_ext(vec![b' '; MAX_RESPONSE_BYTES + 10]).execute_with(|| {
		assert_eq!(
			infer(&mut OffchainHttp, &[backend("http://backend")], &job(), 5_000),
			Err(BackendError::Oversized)
		);
	});
}

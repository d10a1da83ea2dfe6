//! Tests of [`crate::openai`].
use super::*;

const MESSAGES: &[u8] = br#"[{"role":"user","content":"Say hello."}]"#;

fn request(messages: &[u8]) -> InferenceRequest<'_> {
	InferenceRequest { messages, system_prompt: None, model: "m", max_tokens: 7, seed: 42 }
}

#[test]
fn the_request_asks_for_deterministic_bounded_sampling() {
	let body: Value = serde_json::from_slice(&request_body(&request(MESSAGES)).unwrap()).unwrap();
	assert_eq!(body["model"], "m");
	assert_eq!(body["temperature"], 0);
	assert_eq!(body["seed"], 42);
	assert_eq!(body["max_tokens"], 7);
	assert_eq!(body["stream"], false);
	assert_eq!(body["messages"], json!([{ "role": "user", "content": "Say hello." }]));
}

#[test]
fn an_agent_prompt_comes_first() {
	let mut req = request(MESSAGES);
	req.system_prompt = Some(b"You are terse.");
	let body: Value = serde_json::from_slice(&request_body(&req).unwrap()).unwrap();
	assert_eq!(body["messages"][0], json!({ "role": "system", "content": "You are terse." }));
	assert_eq!(body["messages"][1]["content"], "Say hello.");
}

#[test]
fn bad_job_inputs_are_the_jobs_fault() {
	for input in [
		&b"not json"[..],
		br#"{"role":"user"}"#,
		b"[]",
		br#"[{"role":"user"}]"#,
		br#"[{"role":1,"content":"x"}]"#,
	] {
		let err = request_body(&request(input)).unwrap_err();
		assert_eq!(err, BackendError::BadJobInput, "{}", String::from_utf8_lossy(input));
		assert!(err.is_the_jobs_fault());
	}
	assert!(!BackendError::Timeout.is_the_jobs_fault());
}

#[test]
fn a_good_answer_is_read() {
	let body =
		br#"{"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"Hello!"}}],
		"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}"#;
	assert_eq!(
		parse_response(200, body),
		Ok(Answer { content: b"Hello!".to_vec(), prompt_tokens: 12, completion_tokens: 3 })
	);
}

#[test]
fn bad_answers_are_errors_not_panics() {
	let good_usage = r#""usage":{"prompt_tokens":1,"completion_tokens":1}"#;
	assert_eq!(parse_response(500, b"{}"), Err(BackendError::Status(500)));
	assert_eq!(parse_response(404, b""), Err(BackendError::Status(404)));
	assert_eq!(parse_response(200, b"<html>"), Err(BackendError::Malformed));
	assert_eq!(parse_response(200, b""), Err(BackendError::Malformed));
	let no_choice = alloc::format!(r#"{{"choices":[],{good_usage}}}"#);
	assert_eq!(parse_response(200, no_choice.as_bytes()), Err(BackendError::Malformed));
	let number = alloc::format!(r#"{{"choices":[{{"message":{{"content":5}}}}],{good_usage}}}"#);
	assert_eq!(parse_response(200, number.as_bytes()), Err(BackendError::Malformed));
	let no_usage = br#"{"choices":[{"message":{"content":"hi"}}]}"#;
	assert_eq!(parse_response(200, no_usage), Err(BackendError::MissingUsage));
	let bad_usage =
		br#"{"choices":[{"message":{"content":"hi"}}],"usage":{"prompt_tokens":-1,"completion_tokens":1}}"#;
	assert_eq!(parse_response(200, bad_usage), Err(BackendError::MissingUsage));
	let huge = br#"{"choices":[{"message":{"content":"hi"}}],"usage":{"prompt_tokens":99999999999,"completion_tokens":1}}"#;
	assert_eq!(parse_response(200, huge), Err(BackendError::MissingUsage));
	let oversized = alloc::vec![b' '; MAX_RESPONSE_BYTES + 1];
	assert_eq!(parse_response(200, &oversized), Err(BackendError::Oversized));
}

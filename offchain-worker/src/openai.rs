//! The OpenAI chat-completions exchange: the request a job becomes, and the defensive reading of
//! the answer.
//!
//! Request: `POST {base}/v1/chat/completions` with the job's messages (an agent's system prompt
//! first), `temperature` 0, `seed` = [`crate::inference_seed`] of the job, `max_tokens` from the
//! job, no streaming. Answer: `choices[0].message.content` and `usage.prompt_tokens` /
//! `usage.completion_tokens`; anything else is a [`BackendError`], never a panic.

use alloc::{string::String, vec::Vec};
use serde_json::{json, Value};

/// Largest response body read, in bytes; a longer one is refused as [`BackendError::Oversized`].
pub const MAX_RESPONSE_BYTES: usize = 256 * 1024;

/// What a job asks of a backend.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct InferenceRequest<'a> {
	/// The job's input: OpenAI chat messages as a JSON array.
	pub messages: &'a [u8],
	/// An agent's system prompt, sent as the first message.
	pub system_prompt: Option<&'a [u8]>,
	/// The model name the backend expects.
	pub model: &'a str,
	/// Most output tokens (the job's `max_output_tokens`).
	pub max_tokens: u32,
	/// The sampling seed ([`crate::inference_seed`] of the job id).
	pub seed: u64,
}

/// A backend's answer.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Answer {
	/// The assistant message content, UTF-8.
	pub content: Vec<u8>,
	/// Input tokens, from the backend's usage.
	pub prompt_tokens: u32,
	/// Output tokens, from the backend's usage.
	pub completion_tokens: u32,
}

/// Why a job cannot be served as asked, or a backend did not answer usably.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum BackendError {
	/// The job's input is not a JSON array of chat messages: no backend can serve it.
	BadJobInput,
	/// No backend is configured for the model.
	NoBackend,
	/// The request could not be sent or the connection failed.
	Unreachable,
	/// No complete answer before the deadline.
	Timeout,
	/// The backend answered with this non-2xx HTTP status.
	Status(u16),
	/// The answer is longer than [`MAX_RESPONSE_BYTES`].
	Oversized,
	/// The answer is not the JSON of a chat completion.
	Malformed,
	/// The answer has no token usage, so it cannot be billed.
	MissingUsage,
}

impl BackendError {
	/// Whether the job itself is at fault (no backend will do better): decline it at once.
	pub fn is_the_jobs_fault(&self) -> bool {
		matches!(self, BackendError::BadJobInput)
	}
}

/// The JSON body of the request.
pub fn request_body(req: &InferenceRequest) -> Result<Vec<u8>, BackendError> {
	let messages: Value =
		serde_json::from_slice(req.messages).map_err(|_| BackendError::BadJobInput)?;
	let Value::Array(mut messages) = messages else { return Err(BackendError::BadJobInput) };
	let well_formed = messages.iter().all(|m| {
		m.get("role").is_some_and(Value::is_string)
			&& m.get("content").is_some_and(Value::is_string)
	});
	if messages.is_empty() || !well_formed {
		return Err(BackendError::BadJobInput);
	}
	if let Some(prompt) = req.system_prompt {
		let prompt = core::str::from_utf8(prompt).map_err(|_| BackendError::BadJobInput)?;
		messages.insert(0, json!({ "role": "system", "content": prompt }));
	}
	let body = json!({
		"model": req.model,
		"messages": messages,
		"temperature": 0,
		"seed": req.seed,
		"max_tokens": req.max_tokens,
		"stream": false,
	});
	serde_json::to_vec(&body).map_err(|_| BackendError::BadJobInput)
}

/// Read a backend's HTTP answer.
pub fn parse_response(status: u16, body: &[u8]) -> Result<Answer, BackendError> {
	if !(200..300).contains(&status) {
		return Err(BackendError::Status(status));
	}
	if body.len() > MAX_RESPONSE_BYTES {
		return Err(BackendError::Oversized);
	}
	let value: Value = serde_json::from_slice(body).map_err(|_| BackendError::Malformed)?;
	let content = value
		.get("choices")
		.and_then(|c| c.get(0))
		.and_then(|c| c.get("message"))
		.and_then(|m| m.get("content"))
		.and_then(Value::as_str)
		.ok_or(BackendError::Malformed)?;
	let usage = value.get("usage").ok_or(BackendError::MissingUsage)?;
	let count = |field: &str| -> Result<u32, BackendError> {
		usage
			.get(field)
			.and_then(Value::as_u64)
			.and_then(|n| u32::try_from(n).ok())
			.ok_or(BackendError::MissingUsage)
	};
	Ok(Answer {
		content: String::from(content).into_bytes(),
		prompt_tokens: count("prompt_tokens")?,
		completion_tokens: count("completion_tokens")?,
	})
}

#[cfg(test)]
#[path = "tests/openai.rs"]
mod tests;

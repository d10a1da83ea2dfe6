//! Running a job on the operator's backends: the HTTP transport (the offchain worker's HTTP API,
//! behind a trait so failure modes can be tested), and failover across the backends of a model in
//! the order the operator configured them.

use crate::{
	backend::Backend,
	openai::{
		parse_response, request_body, Answer, BackendError, InferenceRequest, MAX_RESPONSE_BYTES,
	},
};
use alloc::{format, string::String, vec, vec::Vec};
use dgrid_primitives::JobId;
use sp_core::offchain::{Duration, Timestamp};

/// Sends one HTTP POST and reads its answer.
pub trait Transport {
	/// POST `body` to `url` with `headers`; return the status and the body, reading at most
	/// `limit + 1` bytes, all before `deadline`.
	fn post(
		&mut self,
		url: &str,
		headers: &[(&str, &str)],
		body: &[u8],
		deadline: Timestamp,
		limit: usize,
	) -> Result<(u16, Vec<u8>), BackendError>;

	/// GET `url` with `headers`; return the status, before `deadline`.
	fn get(
		&mut self,
		url: &str,
		headers: &[(&str, &str)],
		deadline: Timestamp,
	) -> Result<u16, BackendError>;

	/// The current time, for deadlines and latency.
	fn now(&self) -> Timestamp;
}

/// The offchain worker's HTTP API (`sp_io::offchain`).
pub struct OffchainHttp;

impl Transport for OffchainHttp {
	fn post(
		&mut self,
		url: &str,
		headers: &[(&str, &str)],
		body: &[u8],
		deadline: Timestamp,
		limit: usize,
	) -> Result<(u16, Vec<u8>), BackendError> {
		use sp_runtime::offchain::http::{Error, Request};
		// A declared length, not chunked encoding, which simple servers do not all read.
		let length = alloc::format!("{}", body.len());
		let mut request = Request::post(url, vec![body])
			.add_header("Content-Type", "application/json")
			.add_header("Content-Length", &length);
		for (name, value) in headers {
			request = request.add_header(name, value);
		}
		let pending = request.deadline(deadline).send().map_err(|_| BackendError::Unreachable)?;
		let response = match pending.try_wait(deadline) {
			Err(_) | Ok(Err(Error::DeadlineReached)) => return Err(BackendError::Timeout),
			Ok(Err(_)) => return Err(BackendError::Unreachable),
			Ok(Ok(response)) => response,
		};
		let mut reader = response.body();
		reader.deadline(deadline);
		let mut bytes = Vec::new();
		for byte in reader.by_ref() {
			bytes.push(byte);
			if bytes.len() > limit {
				return Err(BackendError::Oversized);
			}
		}
		if reader.error().is_some() {
			return Err(BackendError::Timeout);
		}
		Ok((response.code, bytes))
	}

	fn get(
		&mut self,
		url: &str,
		headers: &[(&str, &str)],
		deadline: Timestamp,
	) -> Result<u16, BackendError> {
		use sp_runtime::offchain::http::{Error, Request};
		let mut request = Request::get(url);
		for (name, value) in headers {
			request = request.add_header(name, value);
		}
		let pending = request.deadline(deadline).send().map_err(|_| BackendError::Unreachable)?;
		match pending.try_wait(deadline) {
			Err(_) | Ok(Err(Error::DeadlineReached)) => Err(BackendError::Timeout),
			Ok(Err(_)) => Err(BackendError::Unreachable),
			Ok(Ok(response)) => Ok(response.code),
		}
	}

	fn now(&self) -> Timestamp {
		sp_io::offchain::timestamp()
	}
}

/// Check a backend is up (`GET {base}/v1/models` answers 2xx within `timeout_ms`) and return how
/// long it took, in milliseconds: what a heartbeat reports.
pub fn probe(
	transport: &mut impl Transport,
	backend: &Backend,
	timeout_ms: u64,
) -> Result<u32, BackendError> {
	let started = transport.now();
	// The backend's API key, as for inference: an endpoint behind a key answers 401 without.
	let auth: Option<String> = backend.api_key.as_ref().map(|k| format!("Bearer {k}"));
	let headers: Vec<(&str, &str)> =
		auth.as_deref().map(|a| ("Authorization", a)).into_iter().collect();
	let status = transport.get(
		&format!("{}/v1/models", backend.url),
		&headers,
		started.add(Duration::from_millis(timeout_ms)),
	)?;
	if !(200..300).contains(&status) {
		return Err(BackendError::Status(status));
	}
	Ok(u32::try_from(transport.now().diff(&started).millis()).unwrap_or(u32::MAX))
}

/// A job's answer and where it came from.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Served {
	/// The answer.
	pub answer: Answer,
	/// Index of the backend that gave it, in the model's failover order.
	pub backend: usize,
	/// Milliseconds from sending the request to reading the answer.
	pub latency_ms: u32,
}

/// What a job needs run.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Job<'a> {
	/// Its id (the sampling seed derives from it).
	pub id: JobId,
	/// Its input: chat messages as JSON.
	pub messages: &'a [u8],
	/// The agent's system prompt, for agent calls.
	pub system_prompt: Option<&'a [u8]>,
	/// The model's name on chain (used unless a backend names its own).
	pub model_name: &'a str,
	/// Most output tokens.
	pub max_tokens: u32,
}

/// Run `job` on `backends` in order until one answers usably, each request with `timeout_ms`
/// to answer. Returns the last backend's error if none does; a job whose input no backend can
/// take fails at once with [`BackendError::BadJobInput`].
pub fn infer(
	transport: &mut impl Transport,
	backends: &[Backend],
	job: &Job,
	timeout_ms: u64,
) -> Result<Served, BackendError> {
	let mut last = BackendError::NoBackend;
	for (index, backend) in backends.iter().enumerate() {
		let model = backend.model_name.as_deref().unwrap_or(job.model_name);
		let body = request_body(&InferenceRequest {
			messages: job.messages,
			system_prompt: job.system_prompt,
			model,
			max_tokens: job.max_tokens,
			seed: crate::inference_seed(job.id),
		})?;
		let url = format!("{}/v1/chat/completions", backend.url);
		let auth: Option<String> = backend.api_key.as_ref().map(|k| format!("Bearer {k}"));
		let headers: Vec<(&str, &str)> =
			auth.as_deref().map(|a| vec![("Authorization", a)]).unwrap_or_default();
		let started = transport.now();
		let deadline = started.add(Duration::from_millis(timeout_ms));
		let outcome = transport
			.post(&url, &headers, &body, deadline, MAX_RESPONSE_BYTES)
			.and_then(|(status, bytes)| parse_response(status, &bytes));
		match outcome {
			Ok(answer) => {
				let elapsed = transport.now().diff(&started).millis();
				let latency_ms = u32::try_from(elapsed).unwrap_or(u32::MAX);
				return Ok(Served { answer, backend: index, latency_ms });
			},
			Err(e) => {
				log::warn!(
					target: "dgrid::ocw",
					"job {}: backend {} failed: {:?}", job.id, backend.url, e
				);
				last = e;
			},
		}
	}
	Err(last)
}

#[cfg(test)]
#[path = "tests/infer.rs"]
mod tests;

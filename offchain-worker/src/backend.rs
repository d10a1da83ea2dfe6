//! Inference backends an operator configures on its own node: per model, an ordered list of
//! OpenAI-compatible endpoints, tried in order. They live in the node's offchain local storage
//! (persistent kind) under [`BACKENDS_KEY`], never on chain, as [`StoredBackends`]: API keys
//! sealed ([`crate::sealed`]).

use alloc::{string::String, vec::Vec};
use codec::{Decode, Encode};
use dgrid_primitives::ModelId;

/// Offchain local storage key of the backend table.
pub const BACKENDS_KEY: &[u8] = b"dgrid::inference-backends";

/// Most backends for one model.
pub const MAX_BACKENDS_PER_MODEL: usize = 8;
/// Longest base URL, model name or API key accepted, in bytes.
pub const MAX_FIELD_LEN: usize = 512;

/// One OpenAI-compatible endpoint.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct Backend {
	/// Base URL: the request goes to `{url}/v1/chat/completions`. No trailing slash.
	pub url: String,
	/// The model name the endpoint expects (`"llama3.1:8b"` for Ollama, say); the on-chain
	/// model name when `None`.
	pub model_name: Option<String>,
	/// Bearer token sent as `Authorization`, if the endpoint needs one. The node reads it from
	/// the environment variable the operator names; it is stored sealed in the node's local
	/// database, and in the clear only in memory.
	pub api_key: Option<String>,
}

/// A backend as the node's local storage keeps it: its API key sealed for its URL.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct StoredBackend {
	/// Base URL.
	pub url: String,
	/// The model name the endpoint expects, if not the on-chain one.
	pub model_name: Option<String>,
	/// The API key, sealed ([`crate::sealed::seal`]).
	pub api_key: Option<crate::sealed::SealedKey>,
}

/// The backend table as the node's local storage keeps it. A table without API keys encodes as
/// a [`Backends`] does.
#[derive(Clone, PartialEq, Eq, Debug, Default, Encode, Decode)]
pub struct StoredBackends(pub Vec<(ModelId, Vec<StoredBackend>)>);

impl StoredBackends {
	/// Open the table with `secret` (none: keys cannot be opened). A key that does not open
	/// (sealed with another keystore's secret, moved to another URL, altered) is dropped:
	/// the backend is called without it.
	pub fn open(self, secret: Option<&[u8; 32]>) -> Backends {
		Backends(
			self.0
				.into_iter()
				.map(|(model, list)| {
					let list = list
						.into_iter()
						.map(|b| {
							let api_key = b.api_key.and_then(|sealed| {
								let key = secret
									.and_then(|s| crate::sealed::unseal(s, &b.url, &sealed));
								if key.is_none() {
									log::warn!(target: "dgrid::ocw", "the API key of {} does not open: called without it", b.url);
								}
								key.map(|k| String::from_utf8_lossy(&k).into_owned())
							});
							Backend { url: b.url, model_name: b.model_name, api_key }
						})
						.collect();
					(model, list)
				})
				.collect(),
		)
	}
}

/// The backend table: for each model, its backends in failover order.
#[derive(Clone, PartialEq, Eq, Debug, Default, Encode, Decode)]
pub struct Backends(pub Vec<(ModelId, Vec<Backend>)>);

/// Why a backend entry was refused.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum ConfigError {
	/// Not `MODEL=URL[,model=NAME][,api-key-env=VAR]`.
	Syntax(&'static str),
	/// The model id is not a number.
	BadModelId,
	/// The URL is not `http://` or `https://`.
	BadUrl,
	/// A field is longer than [`MAX_FIELD_LEN`].
	TooLong,
	/// The model already has [`MAX_BACKENDS_PER_MODEL`] backends.
	TooManyBackends,
}

/// A parsed `--inference-backend` value: the model, the backend, and the environment variable
/// holding its API key (read by the node, not here).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct BackendSpec {
	/// The model id on chain.
	pub model: ModelId,
	/// The endpoint, without its key.
	pub backend: Backend,
	/// The environment variable with the API key, if any.
	pub api_key_env: Option<String>,
}

/// Parse `MODEL=URL[,model=NAME][,api-key-env=VAR]`, e.g.
/// `0=http://127.0.0.1:11434,model=llama3.1:8b,api-key-env=OLLAMA_KEY`.
pub fn parse_spec(spec: &str) -> Result<BackendSpec, ConfigError> {
	let (model, rest) = spec.split_once('=').ok_or(ConfigError::Syntax("expected MODEL=URL"))?;
	let model: ModelId = model.trim().parse().map_err(|_| ConfigError::BadModelId)?;
	let mut parts = rest.split(',');
	let url = parts.next().unwrap_or_default().trim().trim_end_matches('/');
	check_url(url)?;
	let mut backend = Backend { url: url.into(), model_name: None, api_key: None };
	let mut api_key_env = None;
	for part in parts {
		let (key, value) = part
			.split_once('=')
			.ok_or(ConfigError::Syntax("expected key=value after the URL"))?;
		let value = value.trim();
		if value.is_empty() || value.len() > MAX_FIELD_LEN {
			return Err(if value.is_empty() {
				ConfigError::Syntax("empty value")
			} else {
				ConfigError::TooLong
			});
		}
		match key.trim() {
			"model" => backend.model_name = Some(value.into()),
			"api-key-env" => api_key_env = Some(value.into()),
			_ => return Err(ConfigError::Syntax("unknown option: use model= or api-key-env=")),
		}
	}
	Ok(BackendSpec { model, backend, api_key_env })
}

fn check_url(url: &str) -> Result<(), ConfigError> {
	if url.len() > MAX_FIELD_LEN {
		return Err(ConfigError::TooLong);
	}
	let rest = url
		.strip_prefix("http://")
		.or_else(|| url.strip_prefix("https://"))
		.ok_or(ConfigError::BadUrl)?;
	if rest.is_empty() || rest.contains(char::is_whitespace) {
		return Err(ConfigError::BadUrl);
	}
	Ok(())
}

impl Backends {
	/// The table in this node's offchain local storage (empty if none is configured or it
	/// does not decode), its API keys opened with the node's sealing key. Off-chain workers
	/// only.
	pub fn configured() -> Self {
		let stored = sp_runtime::offchain::storage::StorageValueRef::persistent(BACKENDS_KEY)
			.get::<StoredBackends>()
			.ok()
			.flatten()
			.unwrap_or_default();
		let needs_secret = stored.0.iter().any(|(_, l)| l.iter().any(|b| b.api_key.is_some()));
		let secret = if needs_secret { crate::sealed::ocw_secret() } else { None };
		stored.open(secret.as_ref())
	}

	/// The table as the node's local storage keeps it: every API key sealed with `secret` for
	/// its backend's URL.
	pub fn seal(&self, secret: &[u8; 32]) -> StoredBackends {
		StoredBackends(
			self.0
				.iter()
				.map(|(model, list)| {
					let list = list
						.iter()
						.map(|b| StoredBackend {
							url: b.url.clone(),
							model_name: b.model_name.clone(),
							api_key: b
								.api_key
								.as_ref()
								.map(|k| crate::sealed::seal(secret, &b.url, k.as_bytes())),
						})
						.collect();
					(*model, list)
				})
				.collect(),
		)
	}

	/// The backends of `model`, in failover order.
	pub fn of(&self, model: ModelId) -> &[Backend] {
		self.0
			.iter()
			.find(|(m, _)| *m == model)
			.map(|(_, b)| b.as_slice())
			.unwrap_or(&[])
	}

	/// Append a backend to `model`'s list (replacing an entry with the same URL in place).
	pub fn add(&mut self, model: ModelId, backend: Backend) -> Result<(), ConfigError> {
		check_url(&backend.url)?;
		let long = |f: &Option<String>| f.as_ref().is_some_and(|v| v.len() > MAX_FIELD_LEN);
		if long(&backend.model_name) || long(&backend.api_key) {
			return Err(ConfigError::TooLong);
		}
		// The table is kept sorted by model id.
		let at = match self.0.binary_search_by_key(&model, |(m, _)| *m) {
			Ok(at) => at,
			Err(at) => {
				self.0.insert(at, (model, Vec::new()));
				at
			},
		};
		let Some((_, list)) = self.0.get_mut(at) else { return Err(ConfigError::TooManyBackends) };
		if let Some(existing) = list.iter_mut().find(|b| b.url == backend.url) {
			*existing = backend;
			return Ok(());
		}
		if list.len() >= MAX_BACKENDS_PER_MODEL {
			return Err(ConfigError::TooManyBackends);
		}
		list.push(backend);
		Ok(())
	}

	/// Remove `model`'s backend at `url`; returns whether there was one.
	pub fn remove(&mut self, model: ModelId, url: &str) -> bool {
		let url = url.trim_end_matches('/');
		let mut removed = false;
		for (m, list) in self.0.iter_mut() {
			if *m == model {
				let before = list.len();
				list.retain(|b| b.url != url);
				removed = list.len() != before;
			}
		}
		self.0.retain(|(_, list)| !list.is_empty());
		removed
	}
}

#[cfg(test)]
#[path = "tests/backend.rs"]
mod tests;

//! The operator's inference backends on this node: set with `--inference-backend` at start and
//! with the unsafe RPCs `dgrid_addInferenceBackend`, `dgrid_removeInferenceBackend` and
//! `dgrid_listInferenceBackends` while running. They live in the node's offchain local storage
//! (persistent kind, key [`BACKENDS_KEY`]) where the off-chain worker reads them; never on chain.
//!
//! API keys are read from the environment variable the operator names and kept in the node's
//! local database sealed ([`dgrid_offchain_worker::sealed`]): with a secret only the node's
//! keystore gives, bound to their backend's URL, so that `offchain_localStorageGet` shows no
//! key and a key moved to another URL is never sent; `dgrid_listInferenceBackends` never
//! returns them. The RPCs may name only the
//! variables the operator allowed with `--rpc-api-key-env`: a local RPC caller cannot send the
//! node's other secrets to a URL of its choice.

use std::sync::{Arc, Mutex};

use codec::{Decode, Encode};
use dgrid_offchain_worker::backend::{
	parse_spec, Backend, BackendSpec, Backends, StoredBackends, BACKENDS_KEY,
};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{ErrorObject, ErrorObjectOwned},
	Extensions,
};
use sp_core::offchain::OffchainStorage;

/// What the node starts with: `--inference-backend` values, and the key variables the RPCs
/// may name (`--rpc-api-key-env`).
#[derive(Clone, Debug, Default)]
pub struct BackendOptions {
	/// The `--inference-backend` values.
	pub flags: Vec<String>,
	/// The environment variables `dgrid_addInferenceBackend` may name as `apiKeyEnv`.
	pub rpc_key_envs: Vec<String>,
}

/// The node's sealing secret for API keys: its `dgbk` ed25519 key (made if the keystore has
/// none) signs [`dgrid_offchain_worker::sealed::SECRET_MESSAGE`], as the off-chain worker's
/// [`dgrid_offchain_worker::sealed::ocw_secret`] does.
pub fn sealing_secret(keystore: &sp_keystore::KeystorePtr) -> Result<[u8; 32], String> {
	use dgrid_offchain_worker::sealed::{secret_from_signature, KEY_TYPE, SECRET_MESSAGE};
	let mut keys = keystore.ed25519_public_keys(KEY_TYPE);
	keys.sort();
	let public = match keys.first() {
		Some(public) => *public,
		None => keystore
			.ed25519_generate_new(KEY_TYPE, None)
			.map_err(|e| format!("cannot make the API-key sealing key in the keystore: {e}"))?,
	};
	let signature = keystore
		.ed25519_sign(KEY_TYPE, &public, SECRET_MESSAGE)
		.map_err(|e| format!("the keystore cannot sign with the sealing key: {e}"))?
		.ok_or("the sealing key is not in the keystore")?;
	Ok(secret_from_signature(signature.as_ref()))
}

/// Read the backend table (empty if none was stored), its keys opened with `secret`.
pub fn load<S: OffchainStorage>(storage: &S, secret: &[u8; 32]) -> Backends {
	storage
		.get(sc_offchain::STORAGE_PREFIX, BACKENDS_KEY)
		.and_then(|bytes| StoredBackends::decode(&mut &bytes[..]).ok())
		.unwrap_or_default()
		.open(Some(secret))
}

fn save<S: OffchainStorage>(storage: &mut S, backends: &Backends, secret: &[u8; 32]) {
	storage.set(sc_offchain::STORAGE_PREFIX, BACKENDS_KEY, &backends.seal(secret).encode());
}

/// Resolve a parsed spec's API key from the environment.
fn resolve(spec: BackendSpec) -> Result<(u32, Backend), String> {
	let mut backend = spec.backend;
	if let Some(var) = spec.api_key_env {
		let key = std::env::var(&var).map_err(|_| {
			format!("the API key variable {var} named for {} is not set", backend.url)
		})?;
		backend.api_key = Some(key);
	}
	Ok((spec.model, backend))
}

/// Check `--inference-backend` values before the node starts, so a typo stops it with a clear
/// message.
pub fn check_cli(specs: &[String]) -> Result<(), String> {
	for spec in specs {
		let parsed = parse_spec(spec).map_err(|e| {
			format!("--inference-backend {spec}: {e:?} (expected MODEL=URL[,model=NAME][,api-key-env=VAR])")
		})?;
		resolve(parsed)?;
	}
	Ok(())
}

/// Add the `--inference-backend` values to the stored table, after what is already there (a
/// backend with the same URL is replaced in place).
pub fn apply_cli<S: OffchainStorage>(
	storage: &mut S,
	secret: &[u8; 32],
	specs: &[String],
) -> Result<(), String> {
	let mut table = load(storage, secret);
	for spec in specs {
		let parsed = parse_spec(spec).map_err(|e| format!("--inference-backend {spec}: {e:?}"))?;
		let (model, backend) = resolve(parsed)?;
		table
			.add(model, backend)
			.map_err(|e| format!("--inference-backend {spec}: {e:?}"))?;
	}
	save(storage, &table, secret);
	Ok(())
}

/// A backend as the RPCs show and take it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackendView {
	/// The model id on chain.
	pub model: u32,
	/// Base URL (`{url}/v1/chat/completions` is called).
	pub url: String,
	/// The model name the endpoint expects, if not the on-chain name.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub model_name: Option<String>,
	/// On add: the environment variable of the node holding the API key. Never returned.
	#[serde(default, skip_serializing)]
	pub api_key_env: Option<String>,
	/// On list: whether an API key is set.
	#[serde(default)]
	pub has_api_key: bool,
}

/// The node-local inference backend RPCs (unsafe: refused unless unsafe RPCs are allowed).
#[rpc(server)]
pub trait DgridBackendsApi {
	/// Add a backend for a model, after its others (or replace the one with the same URL).
	#[method(name = "dgrid_addInferenceBackend", with_extensions)]
	fn add_backend(&self, backend: BackendView) -> RpcResult<()>;

	/// Remove a model's backend by URL; returns whether there was one.
	#[method(name = "dgrid_removeInferenceBackend", with_extensions)]
	fn remove_backend(&self, model: u32, url: String) -> RpcResult<bool>;

	/// Every backend, per model in failover order, without API keys.
	#[method(name = "dgrid_listInferenceBackends", with_extensions)]
	fn list_backends(&self) -> RpcResult<Vec<BackendView>>;
}

/// The backend RPCs over the node's offchain storage.
pub struct DgridBackends<S> {
	storage: Arc<Mutex<S>>,
	secret: [u8; 32],
	allowed_key_envs: Vec<String>,
}

impl<S> DgridBackends<S> {
	/// Serve the backend table in `storage`; `dgrid_addInferenceBackend` may name only the
	/// `allowed_key_envs` as API key variables.
	pub fn new(storage: S, secret: [u8; 32], allowed_key_envs: Vec<String>) -> Self {
		Self { storage: Arc::new(Mutex::new(storage)), secret, allowed_key_envs }
	}
}

fn rpc_error(message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObject::owned(4000, message.into(), None::<()>)
}

fn check_unsafe(ext: &Extensions) -> RpcResult<()> {
	sc_rpc_api::check_if_safe(ext).map_err(|e| rpc_error(e.to_string()))
}

impl<S: OffchainStorage + 'static> DgridBackendsApiServer for DgridBackends<S> {
	fn add_backend(&self, ext: &Extensions, view: BackendView) -> RpcResult<()> {
		check_unsafe(ext)?;
		let mut spec = format!("{}={}", view.model, view.url);
		if let Some(name) = &view.model_name {
			spec.push_str(&format!(",model={name}"));
		}
		if let Some(var) = &view.api_key_env {
			if !self.allowed_key_envs.contains(var) {
				return Err(rpc_error(format!(
					"apiKeyEnv {var} is not allowed: the node's operator allows a variable with \
					 --rpc-api-key-env {var}"
				)));
			}
			spec.push_str(&format!(",api-key-env={var}"));
		}
		let parsed = parse_spec(&spec).map_err(|e| rpc_error(format!("{e:?}")))?;
		let (model, backend) = resolve(parsed).map_err(rpc_error)?;
		let mut storage = self.storage.lock().map_err(|_| rpc_error("storage lock poisoned"))?;
		let mut table = load(&*storage, &self.secret);
		table.add(model, backend).map_err(|e| rpc_error(format!("{e:?}")))?;
		save(&mut *storage, &table, &self.secret);
		Ok(())
	}

	fn remove_backend(&self, ext: &Extensions, model: u32, url: String) -> RpcResult<bool> {
		check_unsafe(ext)?;
		let mut storage = self.storage.lock().map_err(|_| rpc_error("storage lock poisoned"))?;
		let mut table = load(&*storage, &self.secret);
		let removed = table.remove(model, &url);
		save(&mut *storage, &table, &self.secret);
		Ok(removed)
	}

	fn list_backends(&self, ext: &Extensions) -> RpcResult<Vec<BackendView>> {
		check_unsafe(ext)?;
		let storage = self.storage.lock().map_err(|_| rpc_error("storage lock poisoned"))?;
		Ok(load(&*storage, &self.secret)
			.0
			.into_iter()
			.flat_map(|(model, list)| {
				list.into_iter().map(move |b| BackendView {
					model,
					url: b.url,
					model_name: b.model_name,
					api_key_env: None,
					has_api_key: b.api_key.is_some(),
				})
			})
			.collect())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::offchain::storage::InMemOffchainStorage;

	#[test]
	fn cli_backends_are_stored_in_order_with_their_keys() {
		let mut storage = InMemOffchainStorage::default();
		std::env::set_var("DGRID_TEST_BACKEND_KEY", "sk-test");
		let specs = vec![
			"0=http://127.0.0.1:8000".to_string(),
			"0=http://127.0.0.1:8001,model=echo-2,api-key-env=DGRID_TEST_BACKEND_KEY".to_string(),
			"1=https://api.example.com".to_string(),
		];
		check_cli(&specs).expect("valid");
		let secret = [3u8; 32];
		apply_cli(&mut storage, &secret, &specs).expect("applied");
		let table = load(&storage, &secret);
		let urls: Vec<_> = table.of(0).iter().map(|b| b.url.as_str()).collect();
		assert_eq!(urls, ["http://127.0.0.1:8000", "http://127.0.0.1:8001"]);
		assert_eq!(table.of(0)[1].api_key.as_deref(), Some("sk-test"));
		assert_eq!(table.of(0)[1].model_name.as_deref(), Some("echo-2"));
		assert_eq!(table.of(1).len(), 1);
		// Applying again keeps one entry per URL.
		apply_cli(&mut storage, &secret, &specs).expect("applied");
		assert_eq!(load(&storage, &secret).of(0).len(), 2);
		// At rest the key is sealed: what `offchain_localStorageGet` reads holds no key, and
		// another secret (another node's keystore) opens none.
		let raw = storage.get(sc_offchain::STORAGE_PREFIX, BACKENDS_KEY).expect("stored");
		assert!(!raw.windows(7).any(|w| w == b"sk-test"), "no plaintext key at rest");
		assert_eq!(load(&storage, &[4u8; 32]).of(0)[1].api_key, None);
	}

	fn allowed() -> Extensions {
		let mut ext = Extensions::new();
		ext.insert(sc_rpc_api::DenyUnsafe::No);
		ext
	}

	fn view(url: &str, key_env: Option<&str>) -> BackendView {
		BackendView {
			model: 0,
			url: url.into(),
			model_name: None,
			api_key_env: key_env.map(Into::into),
			has_api_key: false,
		}
	}

	/// Key exfiltration: a local RPC caller cannot name the node's other environment
	/// variables (cloud credentials, say) as an API key sent to a URL of its choice; only the
	/// variables the operator allowed, and no RPC returns a key.
	#[test]
	fn the_rpcs_name_only_allowed_key_variables_and_never_return_keys() {
		std::env::set_var("DGRID_TEST_RPC_KEY", "sk-allowed");
		let rpc = DgridBackends::new(
			InMemOffchainStorage::default(),
			[5u8; 32],
			vec!["DGRID_TEST_RPC_KEY".to_string()],
		);
		let refused = rpc
			.add_backend(&allowed(), view("http://attacker.example", Some("PATH")))
			.unwrap_err();
		assert!(refused.message().contains("--rpc-api-key-env PATH"), "{refused:?}");
		assert!(rpc.list_backends(&allowed()).unwrap().is_empty(), "nothing stored");
		rpc.add_backend(&allowed(), view("http://127.0.0.1:8000", Some("DGRID_TEST_RPC_KEY")))
			.expect("an allowed variable");
		let listed = rpc.list_backends(&allowed()).unwrap();
		assert_eq!(listed.len(), 1);
		assert!(listed[0].has_api_key);
		let json = serde_json::to_string(&listed).unwrap();
		assert!(!json.contains("sk-allowed") && !json.contains("DGRID_TEST_RPC_KEY"), "{json}");
		// Unsafe RPCs are refused when the server denies them.
		let mut denied = Extensions::new();
		denied.insert(sc_rpc_api::DenyUnsafe::Yes);
		assert!(rpc.list_backends(&denied).is_err());
	}

	#[test]
	fn bad_cli_backends_are_refused_with_the_reason() {
		let err = check_cli(&["zero=http://a".to_string()]).unwrap_err();
		assert!(err.contains("BadModelId") && err.contains("MODEL=URL"), "{err}");
		let err = check_cli(&["0=http://a,api-key-env=DGRID_TEST_UNSET_VARIABLE".to_string()])
			.unwrap_err();
		assert!(err.contains("DGRID_TEST_UNSET_VARIABLE named for http://a is not set"), "{err}");
	}
}

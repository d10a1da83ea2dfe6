//! # DGrid integration harness
//!
//! Starts real `dgrid-node` processes on free ports, each with its own base path and log file,
//! and talks to them over JSON-RPC. A [`Node`] is killed when dropped; its log is printed when a
//! test fails so the failure can be read without re-running.
//!
//! The binary is found at `$DGRID_NODE`, or in the cargo target dir (`$CARGO_TARGET_DIR`, else
//! `target/`) under `debug/` then `release/`. `scripts/test.sh` builds it before the tests run.

use std::{
	fs::File,
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Output, Stdio},
	sync::Mutex,
	time::{Duration, Instant},
};

pub mod tx;

use jsonrpsee::{
	core::{client::ClientT, params::ArrayParams},
	http_client::{HttpClient, HttpClientBuilder},
	rpc_params,
};
use serde_json::Value;

/// The well-known libp2p secret key of Alice's node in the local network tests, so the other
/// validators can name her as their boot node.
pub const ALICE_NODE_KEY: &str = "0000000000000000000000000000000000000000000000000000000000000001";
/// The peer id that [`ALICE_NODE_KEY`] gives.
pub const ALICE_PEER_ID: &str = "12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp";

/// How long a node may take to serve RPC and produce its first blocks (several nodes start
/// side by side on two cores).
pub const STARTUP: Duration = Duration::from_secs(180);

/// Path of the dgrid-node binary under test.
pub fn node_binary() -> PathBuf {
	if let Ok(path) = std::env::var("DGRID_NODE") {
		return PathBuf::from(path);
	}
	let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
	let target = std::env::var("CARGO_TARGET_DIR")
		.map(PathBuf::from)
		.unwrap_or_else(|_| workspace.join("target"));
	for profile in ["debug", "release"] {
		let candidate = target.join(profile).join("dgrid-node");
		if candidate.is_file() {
			return candidate;
		}
	}
	panic!("dgrid-node not found under {}: run scripts/test.sh or set DGRID_NODE", target.display())
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.and_then(|l| l.local_addr())
		.map(|a| a.port())
		.expect("a free local port")
}

/// Run dgrid-node to completion with `args` (for subcommands and bad input).
pub fn run_node_command(args: &[&str]) -> Output {
	Command::new(node_binary()).args(args).output().expect("dgrid-node runs")
}

/// How to start a node.
#[derive(Clone, Debug)]
pub struct NodeConfig {
	/// `--chain` value, or `None` for `--dev`.
	pub chain: Option<String>,
	/// A dev account name (`alice`, `bob`, ...) whose keys the node validates with.
	pub validator: Option<String>,
	/// Boot nodes (`/ip4/.../p2p/...`).
	pub bootnodes: Vec<String>,
	/// Fixed libp2p secret key.
	pub node_key: Option<String>,
	/// Further command-line arguments.
	pub extra_args: Vec<String>,
}

impl NodeConfig {
	/// A `--dev` node: one validator, Alice.
	pub fn dev() -> Self {
		Self { chain: None, validator: None, bootnodes: vec![], node_key: None, extra_args: vec![] }
	}

	/// A validator of the 4-validator `local` chain.
	pub fn local(validator: &str) -> Self {
		Self {
			chain: Some("local".into()),
			validator: Some(validator.into()),
			bootnodes: vec![],
			node_key: None,
			extra_args: vec![],
		}
	}

	/// This node serving model 0 on `backend` (`--inference-backend 0=URL`).
	pub fn serving(mut self, backend: &FakeBackend) -> Self {
		self.extra_args
			.extend(["--inference-backend".into(), format!("0={}", backend.url())]);
		self
	}
}

/// `market.submitJob` on model 0 with `input` (chat messages as JSON), at most 100 output
/// tokens, `max_fee` and `policy`.
pub fn submit_job(
	input: &str,
	max_fee: u128,
	policy: pallet_market::PolicyOf<dgrid_runtime::Runtime>,
) -> dgrid_runtime::RuntimeCall {
	dgrid_runtime::RuntimeCall::Market(pallet_market::Call::submit_job {
		target: pallet_market::JobTarget::Model(0),
		input: input.as_bytes().to_vec().try_into().expect("the input fits"),
		max_output_tokens: 100,
		max_fee,
		policy,
	})
}

/// Start validators of the `local` chain, named `{prefix}-{validator}`, each with its node
/// configuration as `configure` makes it from `NodeConfig::local`: the first boots with
/// [`ALICE_NODE_KEY`] (it must be `alice`) and the others join it. Waits until every node
/// serves RPC; with `worker_keys`, loads each validator's worker key (`//Name//stash`) and
/// waits until every node has seen two more blocks.
pub async fn local_network(
	prefix: &str,
	validators: &[&str],
	worker_keys: bool,
	configure: impl Fn(&str, NodeConfig) -> NodeConfig,
) -> Vec<Node> {
	assert_eq!(validators.first(), Some(&"alice"), "Alice boots the network");
	let mut nodes = Vec::new();
	let mut boot: Option<String> = None;
	for who in validators {
		let base = match &boot {
			None => NodeConfig { node_key: Some(ALICE_NODE_KEY.into()), ..NodeConfig::local(who) },
			Some(addr) => NodeConfig { bootnodes: vec![addr.clone()], ..NodeConfig::local(who) },
		};
		let node = Node::start(&format!("{prefix}-{who}"), configure(who, base));
		boot.get_or_insert_with(|| node.multiaddr(ALICE_PEER_ID));
		nodes.push(node);
	}
	for (node, who) in nodes.iter().zip(validators) {
		node.wait_rpc(STARTUP).await;
		if worker_keys {
			let mut name = who.to_string();
			if let Some(first) = name.get_mut(..1) {
				first.make_ascii_uppercase();
			}
			node.insert_worker_key(&format!("//{name}//stash")).await;
		}
	}
	if worker_keys {
		let first = nodes.first().expect("a validator").best_number().await.expect("best block");
		for node in &nodes {
			node.wait_for("blocks on every node", STARTUP, || async {
				Ok(node.best_number().await? >= first + 2)
			})
			.await;
		}
	}
	nodes
}

/// A running dgrid-node process.
pub struct Node {
	/// Name used in logs.
	pub name: String,
	config: NodeConfig,
	/// The node's base path (database, keystore); kept across restarts.
	pub base_path: PathBuf,
	/// libp2p port.
	pub p2p_port: u16,
	/// JSON-RPC port.
	pub rpc_port: u16,
	/// Prometheus port.
	pub prometheus_port: u16,
	log_path: PathBuf,
	child: Mutex<Option<Child>>,
	_dir: tempfile::TempDir,
}

impl Node {
	/// Start a node in a fresh temporary base path.
	pub fn start(name: &str, config: NodeConfig) -> Self {
		let dir = tempfile::Builder::new()
			.prefix(&format!("dgrid-{name}-"))
			.tempdir()
			.expect("tempdir");
		let base_path = dir.path().join("base");
		let mut node = Self {
			name: name.into(),
			config,
			base_path,
			p2p_port: free_port(),
			rpc_port: free_port(),
			prometheus_port: free_port(),
			log_path: dir.path().join("node.log"),
			child: Mutex::new(None),
			_dir: dir,
		};
		node.generate_network_key();
		node.spawn();
		node
	}

	/// The multiaddress other nodes can boot from, for a node started with `node_key`.
	pub fn multiaddr(&self, peer_id: &str) -> String {
		format!("/ip4/127.0.0.1/tcp/{}/p2p/{peer_id}", self.p2p_port)
	}

	/// A validator of a non-dev chain needs a network key before its first start, as an
	/// operator would create with `key generate-node-key`.
	fn generate_network_key(&self) {
		let (Some(chain), None) = (&self.config.chain, &self.config.node_key) else { return };
		let base = self.base_path.to_str().expect("utf-8 path");
		let out =
			run_node_command(&["key", "generate-node-key", "--chain", chain, "--base-path", base]);
		assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	}

	fn spawn(&mut self) {
		let mut cmd = Command::new(node_binary());
		match &self.config.chain {
			None => cmd.arg("--dev"),
			Some(chain) => cmd.args(["--chain", chain]),
		};
		if let Some(v) = &self.config.validator {
			cmd.arg(format!("--{v}")).arg("--validator");
		}
		if let Some(key) = &self.config.node_key {
			cmd.args(["--node-key", key]);
		}
		for b in &self.config.bootnodes {
			cmd.args(["--bootnodes", b]);
		}
		cmd.args(&self.config.extra_args);
		cmd.arg("--base-path")
			.arg(&self.base_path)
			.args(["--rpc-port", &self.rpc_port.to_string()])
			.args(["--prometheus-port", &self.prometheus_port.to_string()])
			.args(["--no-mdns", "--no-telemetry"])
			.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{}", self.p2p_port)])
			.args(["--name", &self.name]);
		let log = File::options()
			.create(true)
			.append(true)
			.open(&self.log_path)
			.expect("log file");
		let err = log.try_clone().expect("log file");
		cmd.stdout(Stdio::from(log)).stderr(Stdio::from(err));
		*self.child_slot() = Some(cmd.spawn().expect("dgrid-node starts"));
	}

	fn child_slot(&self) -> std::sync::MutexGuard<'_, Option<Child>> {
		self.child.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
	}

	/// Kill the process without warning (SIGKILL), as a crash would.
	pub fn kill(&mut self) {
		if let Some(mut child) = self.child_slot().take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}

	/// Stop the process gracefully (SIGTERM) and wait up to 30 s for it to exit.
	pub fn stop(&mut self) {
		if let Some(mut child) = self.child_slot().take() {
			let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
			let deadline = Instant::now() + Duration::from_secs(30);
			while Instant::now() < deadline {
				if let Ok(Some(_)) = child.try_wait() {
					return;
				}
				std::thread::sleep(Duration::from_millis(100));
			}
			let _ = child.kill();
			let _ = child.wait();
		}
	}

	/// Start the process again on the same base path and ports.
	pub fn restart(&mut self) {
		self.kill();
		self.spawn();
	}

	/// Whether the process is still running.
	pub fn is_running(&self) -> bool {
		matches!(self.child_slot().as_mut().map(|c| c.try_wait()), Some(Ok(None)))
	}

	/// The node's log so far.
	pub fn log(&self) -> String {
		std::fs::read_to_string(&self.log_path).unwrap_or_default()
	}

	fn client(&self) -> HttpClient {
		HttpClientBuilder::default()
			.request_timeout(Duration::from_secs(10))
			.build(format!("http://127.0.0.1:{}", self.rpc_port))
			.expect("http client")
	}

	/// Call a JSON-RPC method.
	pub async fn rpc(&self, method: &str, params: ArrayParams) -> Result<Value, String> {
		self.client().request(method, params).await.map_err(|e| e.to_string())
	}

	/// Number of the block with `hash`.
	pub async fn block_number(&self, hash: &str) -> Result<u64, String> {
		let header = self.rpc("chain_getHeader", rpc_params![hash]).await?;
		parse_number(&header["number"])
	}

	/// Number of the best block.
	pub async fn best_number(&self) -> Result<u64, String> {
		let header = self.rpc("chain_getHeader", rpc_params![]).await?;
		parse_number(&header["number"])
	}

	/// Number of the last finalized block.
	pub async fn finalized_number(&self) -> Result<u64, String> {
		let hash = self.rpc("chain_getFinalizedHead", rpc_params![]).await?;
		self.block_number(hash.as_str().ok_or("finalized head is not a string")?).await
	}

	/// Hash of the block at `number` on the node's best chain.
	pub async fn block_hash(&self, number: u64) -> Result<String, String> {
		let hash = self.rpc("chain_getBlockHash", rpc_params![number]).await?;
		hash.as_str().map(str::to_string).ok_or_else(|| format!("no block {number}"))
	}

	/// The market's record of job `id` (`dgrid_job`): `null` once pruned.
	pub async fn job(&self, id: u64) -> Value {
		self.rpc("dgrid_job", rpc_params![id]).await.expect("job readable")
	}

	/// Wait until job `id` has `status`; its record then.
	pub async fn wait_job(&self, id: u64, status: &str, timeout: Duration) -> Value {
		self.wait_for(&format!("job {id} {status}"), timeout, || async move {
			Ok(self.job(id).await["status"] == status)
		})
		.await;
		self.job(id).await
	}

	/// Put the sr25519 key of `seed` in the node's keystore as a worker key (key type `dgwk`),
	/// as an operator does with `author_insertKey`.
	pub async fn insert_worker_key(&self, seed: &str) {
		use sp_core::Pair;
		let public = sp_core::sr25519::Pair::from_string(seed, None).expect("seed").public();
		let inserted = self
			.rpc("author_insertKey", rpc_params!["dgwk", seed, tx::hex_encode(&public.0)])
			.await;
		assert_eq!(inserted, Ok(Value::Null), "worker key {seed} inserted");
	}

	/// Wait until the RPC server answers.
	pub async fn wait_rpc(&self, timeout: Duration) {
		let what = format!("{} RPC up", self.name);
		self.wait_for(&what, timeout, move || async move {
			self.rpc("system_health", rpc_params![]).await.map(|_| true)
		})
		.await;
	}

	/// Wait until the finalized block number reaches `n`; returns the number reached.
	pub async fn wait_finalized(&self, n: u64, timeout: Duration) -> u64 {
		let what = format!("{} finalizes #{n}", self.name);
		self.wait_for(&what, timeout, move || async move {
			self.finalized_number().await.map(|f| f >= n)
		})
		.await;
		self.finalized_number().await.expect("finalized number")
	}

	/// Poll `check` every 500 ms until it returns `Ok(true)`; panics (with the node's log) on
	/// timeout or if the process exits.
	pub async fn wait_for<F, Fut>(&self, what: &str, timeout: Duration, check: F)
	where
		F: Fn() -> Fut,
		Fut: std::future::Future<Output = Result<bool, String>>,
	{
		let deadline = Instant::now() + timeout;
		loop {
			if !self.is_running() {
				// The log is printed when the node is dropped.
				panic!("{}: process exited while waiting for {what}", self.name);
			}
			let last = match check().await {
				Ok(true) => return,
				Ok(false) => "not yet".to_string(),
				Err(e) => e,
			};
			if Instant::now() > deadline {
				panic!("timed out after {timeout:?} waiting for {what} (last: {last})");
			}
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
	}

	/// The last 60 lines of the log.
	pub fn log_tail(&self) -> String {
		let log = self.log();
		let lines: Vec<&str> = log.lines().collect();
		let start = lines.len().saturating_sub(60);
		format!(
			"--- {} log (tail) ---\n{}",
			self.name,
			lines.get(start..).unwrap_or_default().join("\n")
		)
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		if std::thread::panicking() {
			eprintln!("{}", self.log_tail());
		}
		self.kill();
	}
}

/// Parse a JSON-RPC block number (hex string or number).
pub fn parse_number(v: &Value) -> Result<u64, String> {
	match v {
		Value::String(s) => {
			u64::from_str_radix(s.trim_start_matches("0x"), 16).map_err(|e| e.to_string())
		},
		Value::Number(n) => n.as_u64().ok_or_else(|| "negative number".into()),
		other => Err(format!("not a block number: {other}")),
	}
}

/// A deterministic OpenAI-compatible inference server (`tests/backend/fake_openai.py`) in a
/// child process, killed when dropped.
pub struct FakeBackend {
	child: Child,
	/// The port it listens on (127.0.0.1).
	pub port: u16,
}

impl FakeBackend {
	/// Start one in `mode` (`honest`, `slow`, `500` or `garbage`) and wait until it listens.
	pub fn start(mode: &str) -> Self {
		use std::io::{BufRead, BufReader};
		let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("backend/fake_openai.py");
		let mut child = Command::new("python3")
			.arg(script)
			.args(["--port", "0", "--mode", mode])
			.stdout(Stdio::piped())
			.stderr(Stdio::inherit())
			.spawn()
			.expect("python3 runs the fake backend");
		let stdout = child.stdout.take().expect("piped stdout");
		let mut line = String::new();
		BufReader::new(stdout)
			.read_line(&mut line)
			.expect("the fake backend prints its port");
		let port = line
			.trim()
			.strip_prefix("listening on ")
			.and_then(|p| p.parse().ok())
			.unwrap_or_else(|| panic!("unexpected fake backend output: {line:?}"));
		Self { child, port }
	}

	/// Its base URL, as `--inference-backend` takes it.
	pub fn url(&self) -> String {
		format!("http://127.0.0.1:{}", self.port)
	}
}

impl Drop for FakeBackend {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

//! A `--dev` node produces and finalizes blocks, serves DGrid's chain properties and metrics,
//! stores its chain in ParityDB, and resumes from its database after a crash.

use dgrid_integration_tests::{run_node_command, Node, NodeConfig, STARTUP};
use jsonrpsee::rpc_params;

#[tokio::test]
async fn dev_node_produces_and_finalizes_blocks() {
	let node = Node::start("dev", NodeConfig::dev());
	node.wait_rpc(STARTUP).await;
	let finalized = node.wait_finalized(3, STARTUP).await;
	let best = node.best_number().await.unwrap();
	assert!(best >= finalized, "best #{best} behind finalized #{finalized}");

	// What polkadot.js reads to show the token.
	let props = node.rpc("system_properties", rpc_params![]).await.unwrap();
	assert_eq!(props["tokenSymbol"], "DGRID");
	assert_eq!(props["tokenDecimals"], 12);
	let chain = node.rpc("system_chain", rpc_params![]).await.unwrap();
	assert_eq!(chain, "DGrid Development");
	let version = node.rpc("state_getRuntimeVersion", rpc_params![]).await.unwrap();
	assert_eq!(version["specName"], "dgrid");

	// Prometheus is on by default.
	let metrics = http_get(node.prometheus_port, "/metrics").await;
	assert!(metrics.contains("substrate_block_height"), "no block height metric:\n{metrics}");

	// The chain lives in ParityDB.
	let db = node.base_path.join("chains/dgrid_dev/paritydb");
	assert!(db.is_dir(), "no ParityDB database at {}", db.display());
}

#[tokio::test]
async fn restarted_node_resumes_from_its_database() {
	let mut node = Node::start("dev-restart", NodeConfig::dev());
	node.wait_rpc(STARTUP).await;
	let finalized = node.wait_finalized(4, STARTUP).await;
	let hash = node.block_hash(finalized).await.unwrap();

	// A crash: no chance to flush anything.
	node.kill();
	node.restart();
	node.wait_rpc(STARTUP).await;

	// Right after start, before it could have produced and finalized that many blocks again,
	// the node already knows the old finalized block, with the same hash.
	let resumed = node.finalized_number().await.unwrap();
	assert!(resumed >= finalized, "finalized #{resumed} after restart, was #{finalized}");
	assert_eq!(
		node.block_hash(finalized).await.unwrap(),
		hash,
		"finalized block #{finalized} changed"
	);

	// And it carries on from there.
	let last = node.wait_finalized(resumed + 2, STARTUP).await;
	assert_eq!(node.block_hash(finalized).await.unwrap(), hash);

	// Standard chain subcommands work on the stopped node's database: export-blocks writes the
	// blocks as a stream of JSON objects, purge-chain removes the database.
	node.stop();
	let base = node.base_path.to_str().unwrap();
	let out = run_node_command(&[
		"export-blocks",
		"--dev",
		"--base-path",
		base,
		"--from",
		"1",
		"--to",
		&last.to_string(),
	]);
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	let blocks = serde_json::Deserializer::from_slice(&out.stdout)
		.into_iter::<serde_json::Value>()
		.collect::<Result<Vec<_>, _>>()
		.expect("export-blocks prints JSON blocks");
	assert_eq!(blocks.len() as u64, last, "blocks #1..=#{last}");
	assert!(blocks.iter().all(|b| b["block"]["header"]["parentHash"].is_string()));

	let out = run_node_command(&["purge-chain", "--dev", "--base-path", base, "-y"]);
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	assert!(!node.base_path.join("chains/dgrid_dev/paritydb").exists(), "purge-chain left the db");
}

/// A minimal HTTP/1.0 GET over a raw socket, to read the Prometheus endpoint.
async fn http_get(port: u16, path: &str) -> String {
	use tokio::io::{AsyncReadExt, AsyncWriteExt};
	let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
	let request = format!("GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
	stream.write_all(request.as_bytes()).await.expect("write");
	let mut body = String::new();
	stream.read_to_string(&mut body).await.expect("read");
	body
}

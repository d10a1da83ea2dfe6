//! The operator's inference backends on a real node: `--inference-backend` flags are stored at
//! start, the unsafe `dgrid_*InferenceBackend` RPCs add, list (without keys) and remove them, the
//! table survives a restart, and a malformed flag stops the node with the reason.

use dgrid_integration_tests::{run_node_command, Node, NodeConfig, STARTUP};
use jsonrpsee::rpc_params;
use serde_json::{json, Value};

async fn list(node: &Node) -> Value {
	node.rpc("dgrid_listInferenceBackends", rpc_params![]).await.expect("list")
}

#[tokio::test]
async fn backends_from_flags_and_rpcs_are_kept_in_order_and_survive_a_restart() {
	let mut config = NodeConfig::dev();
	config.extra_args = vec![
		"--inference-backend".into(),
		"0=http://127.0.0.1:9/,model=echo-test".into(),
		"--rpc-api-key-env".into(),
		"PATH".into(),
	];
	let mut node = Node::start("backends", config);
	node.wait_rpc(STARTUP).await;
	assert_eq!(
		list(&node).await,
		json!([{ "model": 0, "url": "http://127.0.0.1:9", "modelName": "echo-test", "hasApiKey": false }])
	);

	// Added after the flag's backend; the key comes from the node's environment (PATH is set).
	let added = node
		.rpc(
			"dgrid_addInferenceBackend",
			rpc_params![json!({ "model": 0, "url": "http://127.0.0.1:10", "apiKeyEnv": "PATH" })],
		)
		.await;
	assert_eq!(added, Ok(Value::Null));
	// A variable the operator did not allow is refused: no other secret leaves the node.
	let refused = node
		.rpc(
			"dgrid_addInferenceBackend",
			rpc_params![json!({ "model": 0, "url": "http://127.0.0.1:11", "apiKeyEnv": "HOME" })],
		)
		.await
		.expect_err("HOME is not allowed");
	assert!(refused.contains("--rpc-api-key-env HOME"), "{refused}");
	let refused = node
		.rpc("dgrid_addInferenceBackend", rpc_params![json!({ "model": 0, "url": "ftp://x" })])
		.await
		.expect_err("not http");
	assert!(refused.contains("BadUrl"), "{refused}");
	let urls = |v: &Value| -> Vec<String> {
		v.as_array()
			.unwrap()
			.iter()
			.map(|b| b["url"].as_str().unwrap().to_string())
			.collect()
	};
	let listed = list(&node).await;
	assert_eq!(urls(&listed), ["http://127.0.0.1:9", "http://127.0.0.1:10"]);
	assert_eq!(listed[1]["hasApiKey"], true);
	assert!(listed[1].get("apiKey").is_none() && !listed.to_string().contains("/usr"));

	// The table is in the node's database: after a restart both are there, once each.
	node.stop();
	node.restart();
	node.wait_rpc(STARTUP).await;
	assert_eq!(urls(&list(&node).await), ["http://127.0.0.1:9", "http://127.0.0.1:10"]);

	let removed = node
		.rpc("dgrid_removeInferenceBackend", rpc_params![0, "http://127.0.0.1:9"])
		.await;
	assert_eq!(removed, Ok(Value::Bool(true)));
	let again = node
		.rpc("dgrid_removeInferenceBackend", rpc_params![0, "http://127.0.0.1:9"])
		.await;
	assert_eq!(again, Ok(Value::Bool(false)));
	assert_eq!(urls(&list(&node).await), ["http://127.0.0.1:10"]);
}

#[test]
fn a_malformed_backend_flag_stops_the_node_with_the_reason() {
	let out = run_node_command(&["--dev", "--tmp", "--inference-backend", "model-zero=http://a"]);
	assert!(!out.status.success());
	let stderr = String::from_utf8_lossy(&out.stderr);
	assert!(stderr.contains("--inference-backend") && stderr.contains("MODEL=URL"), "{stderr}");
}

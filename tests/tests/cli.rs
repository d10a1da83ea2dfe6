//! dgrid-node's command line: standard subcommands work, bad input exits non-zero with a clear
//! message.

use dgrid_integration_tests::run_node_command;

fn stderr(out: &std::process::Output) -> String {
	String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn unknown_chain_exits_non_zero_naming_the_known_chains() {
	let out = run_node_command(&["--chain", "no-such-chain", "--tmp"]);
	assert!(!out.status.success());
	let err = stderr(&out);
	assert!(err.contains("unknown chain `no-such-chain`"), "{err}");
	assert!(err.contains("dev, local, testnet"), "{err}");
}

#[test]
fn unreadable_chain_spec_exits_non_zero() {
	let dir = tempfile::tempdir().unwrap();
	let spec = dir.path().join("broken.json");
	std::fs::write(&spec, "{ this is not a chain spec").unwrap();
	let out = run_node_command(&["--chain", spec.to_str().unwrap(), "--tmp"]);
	assert!(!out.status.success());
	let err = stderr(&out);
	assert!(err.contains("cannot read the chain spec"), "{err}");
}

#[test]
fn unknown_flag_exits_non_zero() {
	let out = run_node_command(&["--no-such-flag"]);
	assert!(!out.status.success());
	assert!(stderr(&out).contains("--no-such-flag"), "{}", stderr(&out));
}

#[test]
fn build_spec_and_export_chain_spec_print_dgrid_specs() {
	for args in [
		&["build-spec", "--chain", "local", "--disable-default-bootnode"][..],
		&["export-chain-spec", "--chain", "testnet"][..],
		&["export-chain-spec", "--chain", "dev", "--raw"][..],
	] {
		let out = run_node_command(args);
		assert!(out.status.success(), "{args:?}: {}", stderr(&out));
		let spec: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON spec");
		assert_eq!(spec["properties"]["tokenSymbol"], "DGRID", "{args:?}");
		assert_eq!(spec["protocolId"], "dgrid", "{args:?}");
	}
}

#[test]
fn key_generate_prints_a_key() {
	let out = run_node_command(&["key", "generate", "--output-type", "json"]);
	assert!(out.status.success(), "{}", stderr(&out));
	let key: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON key");
	assert!(key["ss58Address"].as_str().is_some_and(|a| !a.is_empty()));
}

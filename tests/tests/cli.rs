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

#[test]
fn worker_proof_signs_the_operators_payload_with_the_worker_key() {
	use codec::Decode;
	use sp_core::crypto::Ss58Codec;
	use sp_keyring::Sr25519Keyring::{Alice, AliceStash, Bob};
	use sp_runtime::traits::Verify;
	let alice = Alice.to_account_id();
	let out = run_node_command(&[
		"worker-proof",
		"--operator",
		&alice.to_ss58check(),
		"--suri",
		"//Alice//stash",
	]);
	assert!(out.status.success(), "{}", stderr(&out));
	let view: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
	assert_eq!(view["worker"], AliceStash.to_account_id().to_ss58check());
	let hex = view["proof"].as_str().expect("a proof").trim_start_matches("0x");
	let bytes: Vec<u8> = (0..hex.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
		.collect();
	let proof = dgrid_runtime::Signature::decode(&mut &bytes[..]).expect("a MultiSignature");
	let payload = dgrid_runtime::NodeStaking::worker_proof_payload(&alice);
	assert!(proof.verify(&payload[..], &AliceStash.to_account_id()), "the worker key signed it");
	// Bound to the operator: the same proof does not let Bob register the key.
	let bobs = dgrid_runtime::NodeStaking::worker_proof_payload(&Bob.to_account_id());
	assert!(!proof.verify(&bobs[..], &AliceStash.to_account_id()));
	// Bad input exits non-zero, naming what is wrong.
	let out = run_node_command(&["worker-proof", "--operator", "nope", "--suri", "//Alice"]);
	assert!(!out.status.success());
	assert!(stderr(&out).contains("--operator"), "{}", stderr(&out));
}

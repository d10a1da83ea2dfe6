//! The chains dgrid-node knows by name: `dev`, `local` and `testnet`, each built from the
//! runtime's genesis preset of the same purpose. Any other `--chain` value is a path to a JSON
//! chain spec, such as the ones checked in under `chain-specs/`.

use dgrid_runtime::{
	genesis_config_presets::TESTNET_PRESET, TOKEN_DECIMALS, TOKEN_SYMBOL, WASM_BINARY,
};
use sc_service::ChainType;
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};

/// A DGrid chain spec.
pub type ChainSpec = sc_service::GenericChainSpec;

/// The names `--chain` accepts besides a path.
pub const KNOWN_CHAINS: [&str; 3] = ["dev", "local", "testnet"];

/// Chain properties polkadot.js reads: the DGRID token with 12 decimals, generic SS58 prefix.
fn properties() -> sc_chain_spec::Properties {
	let mut properties = sc_chain_spec::Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), 42.into());
	properties
}

fn spec(name: &str, id: &str, chain_type: ChainType, preset: &str) -> Result<ChainSpec, String> {
	let code = WASM_BINARY.ok_or_else(|| {
		"the DGrid runtime wasm is not available: build without SKIP_WASM_BUILD".to_string()
	})?;
	Ok(ChainSpec::builder(code, None)
		.with_name(name)
		.with_id(id)
		.with_protocol_id("dgrid")
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// One validator (Alice) with funded dev accounts; protocol periods in seconds.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	spec("DGrid Development", "dgrid_dev", ChainType::Development, DEV_RUNTIME_PRESET)
}

/// Four local validators (Alice, Bob, Charlie, Dave); protocol periods in seconds.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	spec("DGrid Local Testnet", "dgrid_local", ChainType::Local, LOCAL_TESTNET_RUNTIME_PRESET)
}

/// Four validators, no sudo; protocol periods in hours.
pub fn testnet_chain_spec() -> Result<ChainSpec, String> {
	spec("DGrid Testnet", "dgrid_testnet", ChainType::Live, TESTNET_PRESET)
}

/// The chain spec for a `--chain` value: a known name, or a path to a JSON spec.
pub fn load(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	Ok(match id {
		"dev" => Box::new(development_chain_spec()?),
		"" | "local" => Box::new(local_chain_spec()?),
		"testnet" => Box::new(testnet_chain_spec()?),
		path => {
			let file = std::path::PathBuf::from(path);
			if !file.is_file() {
				return Err(format!(
					"unknown chain `{path}`: use one of {} or the path of a chain spec JSON file",
					KNOWN_CHAINS.join(", ")
				));
			}
			Box::new(
				ChainSpec::from_json_file(file.clone())
					.map_err(|e| format!("cannot read the chain spec {}: {e}", file.display()))?,
			)
		},
	})
}

#[cfg(test)]
mod tests {
	//! The checked-in specs under `chain-specs/` must match what the runtime's presets produce.
	//! The runtime code blob is compared separately from the rest, so a drift in genesis (balances,
	//! validators, parameters, properties) is reported as such.

	use super::*;
	use serde_json::Value;

	fn checked_in(file: &str) -> Value {
		let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
			.join("../chain-specs")
			.join(file);
		let text = std::fs::read_to_string(&path)
			.unwrap_or_else(|e| panic!("{}: {e}; run scripts/gen-chain-specs.sh", path.display()));
		serde_json::from_str(&text).expect("checked-in chain spec is JSON")
	}

	/// Take the runtime code out of a spec, returning it.
	fn take_code(spec: &mut Value) -> String {
		let code = spec
			.pointer_mut("/genesis/runtimeGenesis/code")
			.map(Value::take)
			.expect("a non-raw spec carries the runtime code");
		code.as_str().expect("code is a hex string").to_string()
	}

	/// The spec version of a hex-encoded (possibly compressed) runtime blob.
	fn spec_version_of(code_hex: &str) -> u32 {
		let code = sp_core::bytes::from_hex(code_hex).expect("code is hex");
		let blob = sc_executor_common::runtime_blob::RuntimeBlob::uncompress_if_needed(&code)
			.expect("code is wasm");
		sc_executor::read_embedded_version(&blob)
			.expect("readable version section")
			.expect("the runtime embeds its version")
			.spec_version
	}

	fn check(file: &str, built: ChainSpec) {
		let mut expected: Value = serde_json::from_str(&built.as_json(false).unwrap()).unwrap();
		let mut found = checked_in(file);
		let expected_code = take_code(&mut expected);
		let found_code = take_code(&mut found);
		assert_eq!(
			found, expected,
			"chain-specs/{file} drifted from the runtime preset; run scripts/gen-chain-specs.sh"
		);
		// The wasm bytes embed the build machine's source paths, so they are not compared byte
		// for byte; the runtime they carry must be the current spec version.
		assert_eq!(
			spec_version_of(&found_code),
			spec_version_of(&expected_code),
			"chain-specs/{file} carries another runtime version; run scripts/gen-chain-specs.sh"
		);
	}

	#[test]
	fn dev_spec_matches_runtime() {
		check("dev.json", development_chain_spec().unwrap());
	}

	#[test]
	fn local_spec_matches_runtime() {
		check("local.json", local_chain_spec().unwrap());
	}

	#[test]
	fn testnet_spec_matches_runtime() {
		check("testnet.json", testnet_chain_spec().unwrap());
	}

	#[test]
	fn unknown_chain_name_is_refused_with_the_known_names() {
		let err = load("mainnet").map(|_| ()).expect_err("unknown chain refused");
		assert!(
			err.contains("unknown chain `mainnet`") && err.contains("dev, local, testnet"),
			"{err}"
		);
	}

	#[test]
	fn unreadable_spec_is_refused() {
		let dir = std::env::temp_dir().join(format!("dgrid-bad-spec-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let file = dir.join("bad.json");
		std::fs::write(&file, b"{ not json").unwrap();
		let err = load(file.to_str().unwrap()).map(|_| ()).expect_err("garbage spec refused");
		assert!(err.contains("cannot read the chain spec"), "{err}");
	}
}

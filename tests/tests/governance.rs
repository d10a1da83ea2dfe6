//! DAO governance as polkadot.js apps drives it: `tests/js/governance.mjs` runs against a real
//! dev node with `@polkadot/api` (the library apps is built on). It reads the metadata, passes a
//! `parameters` referendum that changes a protocol parameter and a `treasury` referendum that pays
//! a spend, voting with three accounts, and checks both enactments.
//!
//! `scripts/test.sh` installs the JavaScript dependencies (`npm ci` in `tests/js`) first.

use std::{
	path::PathBuf,
	process::{Command, Stdio},
};

use dgrid_integration_tests::{Node, NodeConfig, STARTUP};

fn js_dir() -> PathBuf {
	PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("js")
}

#[tokio::test]
async fn referenda_change_a_parameter_and_spend_from_the_treasury_through_polkadot_js() {
	let dir = js_dir();
	assert!(
		dir.join("node_modules/@polkadot/api").is_dir(),
		"@polkadot/api is not installed: run `npm ci` in {} (scripts/test.sh does)",
		dir.display()
	);
	let node = Node::start("governance", NodeConfig::dev());
	node.wait_rpc(STARTUP).await;
	node.wait_finalized(1, STARTUP).await;

	let url = format!("ws://127.0.0.1:{}", node.rpc_port);
	let output = tokio::task::spawn_blocking(move || {
		Command::new("node")
			.arg("governance.mjs")
			.arg(url)
			.current_dir(dir)
			.stdin(Stdio::null())
			.output()
			.expect("node (Node.js) runs")
	})
	.await
	.expect("the JavaScript test ran");
	let stdout = String::from_utf8_lossy(&output.stdout);
	let stderr = String::from_utf8_lossy(&output.stderr);
	println!("{stdout}");
	eprintln!("{stderr}");
	assert!(output.status.success(), "governance.mjs failed:\n{stdout}\n{stderr}");
	assert!(stdout.contains("governance test passed"), "{stdout}");
}

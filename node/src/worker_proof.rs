//! `dgrid-node worker-proof`: a worker key's proof of possession for an operator, the
//! `worker_proof` argument of `nodeStaking.registerOperator` and `nodeStaking.setWorkerKey`.

use codec::Encode;
use dgrid_runtime::{AccountId, Signature};
use sp_core::{
	crypto::{Ss58Codec, Zeroize},
	sr25519, Pair,
};
use sp_runtime::traits::IdentifyAccount;

/// Sign the worker-key proof of `--operator` with a worker key (sr25519).
#[derive(Debug, clap::Args)]
pub struct WorkerProofCmd {
	/// The operator account (SS58) that will register the worker key.
	#[arg(long)]
	pub operator: String,
	/// The worker key's secret URI (a mnemonic, hex seed or `//Dev` path). Read from the
	/// `DGRID_WORKER_SURI` environment variable when not given, so that it stays out of the
	/// shell history and the process list.
	#[arg(long)]
	pub suri: Option<String>,
}

impl WorkerProofCmd {
	/// Print the worker account and its proof (the SCALE encoding of the `MultiSignature` the
	/// calls take, and the bare sr25519 signature) as JSON.
	pub fn run(&self) -> sc_cli::Result<()> {
		let operator = AccountId::from_ss58check(&self.operator)
			.map_err(|e| format!("--operator is not an SS58 account: {e:?}"))?;
		let mut suri = match &self.suri {
			Some(suri) => suri.clone(),
			None => std::env::var("DGRID_WORKER_SURI")
				.map_err(|_| "give the worker key with --suri or DGRID_WORKER_SURI".to_string())?,
		};
		let pair = sr25519::Pair::from_string(&suri, None)
			.map_err(|e| format!("the worker key's secret URI is not valid: {e:?}"));
		suri.zeroize();
		let pair = pair?;
		let payload = dgrid_runtime::NodeStaking::worker_proof_payload(&operator);
		let signature = pair.sign(&payload);
		let worker = sp_runtime::MultiSigner::from(pair.public()).into_account();
		let proof = Signature::from(signature);
		let view = serde_json::json!({
			"worker": worker.to_ss58check(),
			"operator": operator.to_ss58check(),
			"proof": format!("0x{}", hex(&proof.encode())),
			"sr25519": format!("0x{}", hex(signature.as_ref())),
		});
		println!("{view}");
		Ok(())
	}
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

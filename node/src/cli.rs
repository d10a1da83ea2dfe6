//! Command-line interface of dgrid-node.

/// Subcommands besides running the node.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management CLI utilities.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification.
	/// DEPRECATED: `build-spec` command will be removed after 1/04/2026. Use `export-chain-spec`
	/// command instead.
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export the chain specification.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Sub-commands concerned with benchmarking (built with `--features runtime-benchmarks`).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Db meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Print a worker key's proof of possession for an operator: the `worker_proof` argument
	/// of `nodeStaking.registerOperator` and `nodeStaking.setWorkerKey`.
	WorkerProof(crate::worker_proof::WorkerProofCmd),
}

/// dgrid-node's command line.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// A subcommand; without one, the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Options of the running node.
	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	/// An OpenAI-compatible inference backend this node's operator serves a model with:
	/// `MODEL=URL[,model=NAME][,api-key-env=VAR]` (MODEL is the model id on chain; NAME the
	/// model name the endpoint expects, if not the on-chain one; VAR the environment variable
	/// holding its API key). Repeat the flag for several backends; a model's backends are tried
	/// in order. Stored in the node's offchain local storage, never on chain; see also the
	/// `dgrid_*InferenceBackend` RPCs.
	#[arg(long = "inference-backend", value_name = "MODEL=URL[,model=NAME][,api-key-env=VAR]")]
	pub inference_backends: Vec<String>,

	/// An environment variable the unsafe RPC `dgrid_addInferenceBackend` may name as a
	/// backend's `apiKeyEnv`. Repeat for several. None by default: an RPC caller could send
	/// the key of any variable it may name to a URL of its choice, so allow only the keys you
	/// would give to whoever can reach this node's unsafe RPCs. `--inference-backend` flags may
	/// name any variable.
	#[arg(long = "rpc-api-key-env", value_name = "VAR")]
	pub rpc_api_key_envs: Vec<String>,
}

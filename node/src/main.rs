//! dgrid-node: the DGrid chain node that validators and operators run.

// `sc_cli::Error` is large, and every Substrate command returns it.
#![allow(clippy::result_large_err)]

mod backends;
mod chain_spec;
mod cli;
mod command;
mod market_rpc;
mod rpc;
mod service;
mod worker_proof;

fn main() -> sc_cli::Result<()> {
	command::run()
}

//! # DGrid off-chain worker logic
//!
//! The `no_std` code DGrid's off-chain workers run inside the runtime: calls to operators'
//! OpenAI-compatible inference endpoints, endpoint failover and quality scoring. Signing is the
//! pallets' (their off-chain workers sign with the worker key, [`dgrid_primitives::worker`]).
//!
//! - [`backend`]: the inference backends an operator configures on its node, per model, in
//!   failover order, kept in offchain local storage;
//! - [`openai`]: the chat-completions request a job becomes (deterministic sampling) and the
//!   defensive reading of the answer;
//! - [`infer`]: the HTTP transport and failover across a model's backends;
//! - [`score`]: how a verifier scores a provider's answer against its own re-run (identical:
//!   100; otherwise ROUGE-L F1 over tokens; over-billed tokens: 0);
//! - [`inference_seed`]: the sampling seed every provider and verifier derives from a job id, so
//!   a re-execution asks the backend for the same sampling;
//! - [`OffchainRole`]: what a pallet's off-chain worker does on a node (the market's provider,
//!   PoQ's verifier).

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod backend;
pub mod infer;
pub mod openai;
pub mod score;
pub mod sealed;

use dgrid_primitives::JobId;

/// What a node does for a pallet in its off-chain worker.
pub trait OffchainRole<BlockNumber> {
	/// Run at block `now`.
	fn run(now: BlockNumber);
}

/// No off-chain work (nodes that do not serve, and tests).
impl<BlockNumber> OffchainRole<BlockNumber> for () {
	fn run(_now: BlockNumber) {}
}

/// Domain separator of the inference seed.
const SEED_DOMAIN: &[u8] = b"dgrid/inference-seed/v1";

/// The `seed` sent with a job's inference request: the first 8 bytes of
/// `blake2_256(SEED_DOMAIN ++ job_id)`, as a non-negative `i64` (what OpenAI-compatible servers
/// accept).
pub fn inference_seed(job: JobId) -> u64 {
	let mut preimage = [0u8; SEED_DOMAIN.len() + 8];
	let (domain, id) = preimage.split_at_mut(SEED_DOMAIN.len());
	domain.copy_from_slice(SEED_DOMAIN);
	id.copy_from_slice(&job.to_le_bytes());
	let hash = sp_io::hashing::blake2_256(&preimage);
	let mut first = [0u8; 8];
	first.copy_from_slice(hash.get(..8).unwrap_or(&[0u8; 8]));
	u64::from_le_bytes(first) >> 1
}

#[cfg(test)]
#[path = "tests/seed.rs"]
mod tests;

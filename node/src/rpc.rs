//! The node's RPC extensions beyond Substrate's standard ones: account nonces, transaction
//! fees, BABE epoch authorship, DGrid's market queries (`dgrid_quote`, `dgrid_job`) and the
//! node-local inference backends (`dgrid_*InferenceBackend`, unsafe).

use std::sync::Arc;

use dgrid_runtime::{opaque::Block, AccountId, Balance, Nonce};
use jsonrpsee::RpcModule;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the BABE RPC needs.
pub struct BabeDeps {
	/// Handle to the BABE worker, which answers epoch queries.
	pub worker_handle: sc_consensus_babe::BabeWorkerHandle<Block>,
	/// The node's keystore, to tell which slots it may author.
	pub keystore: sp_keystore::KeystorePtr,
}

/// What the RPC extensions need from the node.
pub struct FullDeps<C, P, SC, S> {
	/// The client instance to use.
	pub client: Arc<C>,
	/// Transaction pool instance.
	pub pool: Arc<P>,
	/// The chain selection rule.
	pub select_chain: SC,
	/// BABE's handles.
	pub babe: BabeDeps,
	/// The offchain database, where the inference backends live.
	pub offchain_db: Option<S>,
	/// The environment variables the backend RPCs may name as API keys (`--rpc-api-key-env`).
	pub rpc_key_envs: Vec<String>,
	/// The node's secret sealing API keys at rest.
	pub backend_secret: [u8; 32],
}

/// Instantiate all full RPC extensions.
pub fn create_full<C, P, SC, S>(
	deps: FullDeps<C, P, SC, S>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>,
	C: HeaderBackend<Block> + HeaderMetadata<Block, Error = BlockChainError> + 'static,
	C: Send + Sync + 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>,
	C::Api: BlockBuilder<Block>,
	C::Api: sp_consensus_babe::BabeApi<Block>,
	C::Api: pallet_market::runtime_api::MarketApi<
		Block,
		AccountId,
		pallet_market::PolicyOf<dgrid_runtime::Runtime>,
		pallet_market::JobOf<dgrid_runtime::Runtime>,
	>,
	P: TransactionPool + 'static,
	SC: sp_consensus::SelectChain<Block> + 'static,
	S: sp_core::offchain::OffchainStorage + 'static,
{
	use crate::market_rpc::{DgridMarket, DgridMarketApiServer};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use sc_consensus_babe_rpc::{Babe, BabeApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool, select_chain, babe, offchain_db, rpc_key_envs, backend_secret } =
		deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(DgridMarket::new(client.clone()).into_rpc())?;
	if let Some(storage) = offchain_db {
		use crate::backends::{DgridBackends, DgridBackendsApiServer};
		module.merge(DgridBackends::new(storage, backend_secret, rpc_key_envs).into_rpc())?;
	}
	module.merge(Babe::new(client, babe.worker_handle, babe.keystore, select_chain).into_rpc())?;

	Ok(module)
}

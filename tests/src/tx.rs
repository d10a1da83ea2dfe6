//! A minimal signing client: builds, signs and submits real DGrid extrinsics over JSON-RPC
//! with the runtime's own call and extension types, and reads storage the same way.

use codec::{Decode, Encode};
use dgrid_runtime::{
	AccountId, Balance, Runtime, RuntimeCall, SignedPayload, TxExtension, UncheckedExtrinsic,
};
use jsonrpsee::rpc_params;
use sp_core::{crypto::Ss58Codec, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{generic::Era, MultiAddress, MultiSignature};

use crate::Node;

fn hex_decode(v: &serde_json::Value) -> Result<Vec<u8>, String> {
	let s = v.as_str().ok_or_else(|| format!("expected a hex string, got {v}"))?;
	sp_core::bytes::from_hex(s).map_err(|e| e.to_string())
}

/// `0x`-prefixed hex, as the JSON-RPC takes bytes.
pub fn hex_encode(bytes: &[u8]) -> String {
	sp_core::bytes::to_hex(bytes, false)
}

/// Sign `call` as `signer` with its next nonce and submit it; returns the transaction hash.
pub async fn submit(
	node: &Node,
	signer: Sr25519Keyring,
	call: RuntimeCall,
) -> Result<String, String> {
	let genesis =
		H256::from_slice(&hex_decode(&node.rpc("chain_getBlockHash", rpc_params![0]).await?)?);
	let version = node.rpc("state_getRuntimeVersion", rpc_params![]).await?;
	let spec_version = version["specVersion"].as_u64().ok_or("no specVersion")? as u32;
	let tx_version = version["transactionVersion"].as_u64().ok_or("no transactionVersion")? as u32;
	let who = signer.to_account_id();
	let nonce = node
		.rpc("system_accountNextIndex", rpc_params![who.to_ss58check()])
		.await?
		.as_u64()
		.ok_or("no nonce")? as u32;
	let tx_ext: TxExtension = (
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_skip_feeless_payment::SkipCheckIfFeeless::<Runtime, _>::from(
			pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
		),
		frame_system::WeightReclaim::<Runtime>::new(),
	);
	let implicit = ((), spec_version, tx_version, genesis, genesis, (), (), (), ());
	let payload = SignedPayload::from_raw(call.clone(), tx_ext.clone(), implicit);
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	let xt = UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(who),
		MultiSignature::Sr25519(signature),
		tx_ext,
	);
	let hash = node
		.rpc("author_submitExtrinsic", rpc_params![hex_encode(&xt.encode())])
		.await?;
	Ok(hash.as_str().unwrap_or_default().to_string())
}

/// Free and reserved (held) balance of `who` at the best block.
pub async fn balance(node: &Node, who: &AccountId) -> Result<(Balance, Balance), String> {
	let key = frame_system::Account::<Runtime>::hashed_key_for(who);
	let raw = node.rpc("state_getStorage", rpc_params![hex_encode(&key)]).await?;
	if raw.is_null() {
		return Ok((0, 0));
	}
	let info = frame_system::AccountInfo::<
		dgrid_runtime::Nonce,
		pallet_balances::AccountData<Balance>,
	>::decode(&mut &hex_decode(&raw)?[..])
	.map_err(|e| e.to_string())?;
	Ok((info.data.free, info.data.reserved))
}

/// The runtime events of blocks `from..=to`, in order.
pub async fn events(
	node: &Node,
	from: u64,
	to: u64,
) -> Result<Vec<dgrid_runtime::RuntimeEvent>, String> {
	// `System::Events` (the storage item is not public): twox128("System") ++ twox128("Events").
	let key = frame_support::storage::storage_prefix(b"System", b"Events").to_vec();
	let mut all = Vec::new();
	for number in from..=to {
		let hash = node.block_hash(number).await?;
		let raw = node.rpc("state_getStorage", rpc_params![hex_encode(&key), hash]).await?;
		if raw.is_null() {
			continue;
		}
		let records =
			Vec::<frame_system::EventRecord<dgrid_runtime::RuntimeEvent, sp_core::H256>>::decode(
				&mut &hex_decode(&raw)?[..],
			)
			.map_err(|e| e.to_string())?;
		all.extend(records.into_iter().map(|r| r.event));
	}
	Ok(all)
}

/// The transaction fees `who` paid in blocks `from..=to`, from the blocks' events.
pub async fn fees_paid(
	node: &Node,
	who: &AccountId,
	from: u64,
	to: u64,
) -> Result<Balance, String> {
	Ok(events(node, from, to)
		.await?
		.into_iter()
		.filter_map(|event| match event {
			dgrid_runtime::RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid {
					who: payer,
					actual_fee,
					..
				},
			) if &payer == who => Some(actual_fee),
			_ => None,
		})
		.sum())
}

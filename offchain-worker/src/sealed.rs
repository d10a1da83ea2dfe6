//! Backend API keys sealed at rest.
//!
//! The backend table lives in the node's offchain local storage, which the node's unsafe RPC
//! `offchain_localStorageGet` can read. So an API key is never stored in the clear: it is
//! encrypted and authenticated with a secret only the node's keystore can produce, bound to
//! the backend's URL.
//!
//! - **The secret**: the node keeps an ed25519 key of type [`KEY_TYPE`] (`dgbk`) in its
//!   keystore (made at start if missing). Its signature of [`SECRET_MESSAGE`] (ed25519 signs
//!   deterministically) hashed with blake2-256 is the secret. The node signs with the keystore
//!   when it stores a key; the off-chain worker signs through the same keystore when it reads
//!   one ([`ocw_secret`]). No RPC signs with a keystore key, so an RPC caller who reads the
//!   table learns nothing of the keys.
//! - **Sealing**: a 16-byte nonce (blake2-128 of the URL and the key, so sealing is
//!   deterministic), a blake2-256 key stream XORed onto the key, and a blake2-256 MAC over
//!   the nonce, the URL and the ciphertext. A key moved to another URL (say, with
//!   `offchain_localStorageSet`) fails its MAC and is never sent there.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use sp_core::crypto::KeyTypeId;

/// Key type of the node's backend-key sealing key in its keystore (ed25519).
pub const KEY_TYPE: KeyTypeId = KeyTypeId(*b"dgbk");

/// What the sealing key signs to give the secret.
pub const SECRET_MESSAGE: &[u8] = b"dgrid/backend-keys/v1";

/// An API key, sealed.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct SealedKey {
	/// Nonce of the key stream.
	pub nonce: [u8; 16],
	/// The key XORed with the key stream.
	pub ciphertext: Vec<u8>,
	/// blake2-256 MAC of the nonce, the backend's URL and the ciphertext.
	pub mac: [u8; 32],
}

/// The secret derived from the sealing key's signature of [`SECRET_MESSAGE`].
pub fn secret_from_signature(signature: &[u8]) -> [u8; 32] {
	sp_io::hashing::blake2_256(&(b"dgrid/backend-key-secret", signature).encode())
}

fn stream(secret: &[u8; 32], nonce: &[u8; 16], len: usize) -> Vec<u8> {
	let mut out = Vec::with_capacity(len);
	let mut block = 0u32;
	while out.len() < len {
		let bytes = sp_io::hashing::blake2_256(
			&(b"dgrid/backend-key-stream", secret, nonce, block).encode(),
		);
		out.extend(bytes.iter().take(len.saturating_sub(out.len())));
		block = block.saturating_add(1);
	}
	out
}

fn mac(secret: &[u8; 32], nonce: &[u8; 16], url: &str, ciphertext: &[u8]) -> [u8; 32] {
	sp_io::hashing::blake2_256(&(b"dgrid/backend-key-mac", secret, nonce, url, ciphertext).encode())
}

/// Seal `key` for the backend at `url` with `secret`.
pub fn seal(secret: &[u8; 32], url: &str, key: &[u8]) -> SealedKey {
	let nonce = sp_io::hashing::blake2_128(&(b"dgrid/backend-key-nonce", url, key).encode());
	let ciphertext: Vec<u8> =
		key.iter().zip(stream(secret, &nonce, key.len())).map(|(k, s)| k ^ s).collect();
	let mac = mac(secret, &nonce, url, &ciphertext);
	SealedKey { nonce, ciphertext, mac }
}

/// Open a key sealed for the backend at `url`; `None` if it was sealed with another secret or
/// for another URL, or altered.
pub fn unseal(secret: &[u8; 32], url: &str, sealed: &SealedKey) -> Option<Vec<u8>> {
	if mac(secret, &sealed.nonce, url, &sealed.ciphertext) != sealed.mac {
		return None;
	}
	let stream = stream(secret, &sealed.nonce, sealed.ciphertext.len());
	Some(sealed.ciphertext.iter().zip(stream).map(|(c, s)| c ^ s).collect())
}

/// The secret, as the off-chain worker gets it from the node's keystore: the first sealing
/// key (smallest public key) signs [`SECRET_MESSAGE`]. `None` without a sealing key.
pub fn ocw_secret() -> Option<[u8; 32]> {
	let mut keys = sp_io::crypto::ed25519_public_keys(KEY_TYPE);
	keys.sort();
	let public = keys.first()?;
	let signature = sp_io::crypto::ed25519_sign(KEY_TYPE, public, SECRET_MESSAGE)?;
	Some(secret_from_signature(signature.as_ref()))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_sealed_key_opens_only_with_its_secret_and_url() {
		let secret = [7u8; 32];
		let sealed = seal(&secret, "https://api.example.com", b"sk-secret-key");
		assert!(!sealed.ciphertext.windows(6).any(|w| w == b"secret"), "no plaintext");
		assert_eq!(
			unseal(&secret, "https://api.example.com", &sealed).as_deref(),
			Some(&b"sk-secret-key"[..])
		);
		// Moved to another URL, sealed with another secret, or altered: refused.
		assert_eq!(unseal(&secret, "https://attacker.example", &sealed), None);
		assert_eq!(unseal(&[8u8; 32], "https://api.example.com", &sealed), None);
		let mut altered = sealed.clone();
		altered.ciphertext[0] ^= 1;
		assert_eq!(unseal(&secret, "https://api.example.com", &altered), None);
		// Keys longer than one block of the key stream.
		let long = alloc::vec![b'k'; 100];
		assert_eq!(unseal(&secret, "u", &seal(&secret, "u", &long)), Some(long));
	}
}

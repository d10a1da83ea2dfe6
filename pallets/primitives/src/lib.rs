//! # DGrid primitives
//!
//! Identifiers, shared types and the traits DGrid pallets talk through. Pallets depend on this
//! crate, never on each other: the market asks a [`NodeRegistry`] for eligible operators, PoQ
//! calls [`Slashing`] and [`Reputation`], and every pallet reads [`ProtocolParams`]. The runtime
//! wires the concrete pallets together.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod params;
#[cfg(feature = "test-utils")]
pub mod testing;

pub use params::{ParamError, ParameterChange, ProtocolParameters};

use sp_arithmetic::Perbill;
use sp_runtime::{
	traits::{IdentifyAccount, Verify},
	MultiSignature,
};

/// Alias to 512-bit hash when used in the context of a transaction signature on the chain.
pub type Signature = MultiSignature;

/// Some way of identifying an account on the chain.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// Balance of an account, in Planck (10^-12 DGRID).
pub type Balance = u128;

/// Index of a transaction in the chain.
pub type Nonce = u32;

/// A hash of some data used by the chain.
pub type Hash = sp_core::H256;

/// An index to a block.
pub type BlockNumber = u32;

/// Identifier of a model in the catalogue.
pub type ModelId = u32;

/// Identifier of an agent.
pub type AgentId = u32;

/// Identifier of an inference job.
pub type JobId = u64;

/// Number of decimals of the DGRID token.
pub const TOKEN_DECIMALS: u8 = 12;

/// Symbol of the native token.
pub const TOKEN_SYMBOL: &str = "DGRID";

/// One DGRID in Planck.
pub const DGRID: Balance = 1_000_000_000_000;

/// One milli-DGRID in Planck.
pub const MILLI_DGRID: Balance = DGRID / 1_000;

/// One micro-DGRID in Planck.
pub const MICRO_DGRID: Balance = MILLI_DGRID / 1_000;

/// The protocol parameter registry every DGrid pallet reads.
///
/// Implemented by `pallet-dao`, which holds the values in storage (genesis value from the chain
/// spec, changed only by the `Parameters` governance track).
pub trait ProtocolParams<BlockNumber> {
	/// The current parameter set.
	fn params() -> ProtocolParameters<BlockNumber>;
}

/// The registry of node operators, as the market sees it: who may serve jobs, whose worker key
/// signs for whom, and where served jobs count towards rewards.
pub trait NodeRegistry<AccountId> {
	/// Whether `operator` is registered, not leaving, and bonded at least the minimum bond.
	fn is_eligible(operator: &AccountId) -> bool;
	/// The operator's reputation if it is eligible, in one lookup: what routing needs of each
	/// offer.
	fn standing(operator: &AccountId) -> Option<Perbill>;
	/// The operator's active bond (unbonding funds excluded): its weight in draws and medians.
	fn bond_of(operator: &AccountId) -> Balance;
	/// Everything the operator has on hold, active and unbonding: what a slash can reach,
	/// and the base of the slashes that are a share of the bond.
	fn held_by(operator: &AccountId) -> Balance;
	/// The operator a worker key signs for, if the key is registered.
	fn operator_of_worker(worker: &AccountId) -> Option<AccountId>;
	/// Count `fees`, the protocol fees `operator`'s settled jobs just paid the treasury,
	/// towards the current session's reward split: merit is what an operator's work brought
	/// in, so a pro-rated answer earns less and a refunded one nothing.
	fn note_fees_paid(operator: &AccountId, fees: Balance);
}

/// Quality reputation of operators, an exponential moving average of PoQ scores and deadline
/// outcomes.
pub trait Reputation<AccountId> {
	/// The operator's current reputation (zero for an unknown operator).
	fn reputation(operator: &AccountId) -> Perbill;
	/// Fold one observation (a quality score, or zero for a missed deadline) into the
	/// reputation.
	fn record(operator: &AccountId, observation: Perbill);
	/// Fold the same observation in `times` times, as `record` would one after the other.
	fn record_times(operator: &AccountId, observation: Perbill, times: u32) {
		for _ in 0..times {
			Self::record(operator, observation);
		}
	}
}

/// Taking funds from an operator's bond, used by PoQ when a verdict or a non-reveal calls for it.
pub trait Slashing<AccountId> {
	/// Move up to `amount` from `operator`'s bond (active first, then unbonding funds, newest
	/// first) to `beneficiary`, and return what was actually taken. Nothing is minted or burnt:
	/// the caller decides where slashed funds go by choosing the beneficiary (the treasury, a
	/// challenger, the user).
	fn slash(operator: &AccountId, amount: Balance, beneficiary: &AccountId) -> Balance;
}

/// What an operator could still be slashed for: answered jobs not yet paid out or refunded
/// (an audit, appeal, dispute or escalation may fail them) and verifier seats in rounds not
/// yet closed (a verifier that does not reveal is slashed). An operator with any cannot
/// withdraw unbonded funds: a liability outlives an exit.
///
/// Implemented by `pallet-market` (answered jobs) and `pallet-poq` (verifier seats); a pair
/// adds both up, `()` has none.
pub trait Liabilities<AccountId> {
	/// How many open liabilities `operator` has.
	fn open_liabilities(operator: &AccountId) -> u32;
}

impl<AccountId> Liabilities<AccountId> for () {
	fn open_liabilities(_operator: &AccountId) -> u32 {
		0
	}
}

impl<AccountId, A: Liabilities<AccountId>, B: Liabilities<AccountId>> Liabilities<AccountId>
	for (A, B)
{
	fn open_liabilities(operator: &AccountId) -> u32 {
		A::open_liabilities(operator).saturating_add(B::open_liabilities(operator))
	}
}

/// What other pallets keep per operator beyond its liabilities (`pallet-market`: its last
/// heartbeat; `pallet-poq`: its count of audited results), forgotten when the operator leaves
/// the registry. A pair forgets both, `()` nothing. An operator that registers again starts
/// afresh: on probation, every result audited.
pub trait OperatorRemoved<AccountId> {
	/// `operator` left the registry: forget what is kept for it.
	fn operator_removed(operator: &AccountId);
	/// The most weight [`Self::operator_removed`] uses.
	fn weight() -> sp_runtime::Weight;
}

impl<AccountId> OperatorRemoved<AccountId> for () {
	fn operator_removed(_operator: &AccountId) {}
	fn weight() -> sp_runtime::Weight {
		sp_runtime::Weight::zero()
	}
}

impl<AccountId, A: OperatorRemoved<AccountId>, B: OperatorRemoved<AccountId>>
	OperatorRemoved<AccountId> for (A, B)
{
	fn operator_removed(operator: &AccountId) {
		A::operator_removed(operator);
		B::operator_removed(operator);
	}
	fn weight() -> sp_runtime::Weight {
		A::weight().saturating_add(B::weight())
	}
}

/// Identifier of a PoQ dispute.
pub type DisputeId = u64;

/// What Proof of Quality says about paying out an answered job whose challenge period is over.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
)]
pub enum Settlement {
	/// Pay the provider this share of its fee (all of it unless an audit scored the answer
	/// between the fail and quality thresholds); the user gets the rest back.
	Pay(Perbill),
	/// The answer failed its audit or lost a dispute: refund the user in full, pay nobody.
	Refund,
	/// An audit or dispute is still open: keep the escrow until PoQ concludes the job with
	/// [`JobBook::conclude`].
	Wait,
}

/// Proof of Quality as the market sees it: told of every result, asked before every payout.
///
/// Implemented by `pallet-poq`; `()` audits nothing and always pays in full.
pub trait QualityControl<AccountId, BlockNumber> {
	/// A result for `job` landed in this block, from `provider` for `model`, billing `fee` (the
	/// provider's gross fee). Queues the job for the audit draw and returns true; returns
	/// false, queueing nothing, when the queue is full (the market then refuses the result:
	/// no result escapes the draw).
	fn note_result(job: JobId, provider: &AccountId, model: ModelId, fee: Balance) -> bool;
	/// Whether `results` more results can be queued for the audit draw in this block.
	fn can_note(results: u32) -> bool;
	/// What to do with `job`, whose result landed at block `answered_at`, now that its
	/// challenge period is over. A final answer (`Pay` or `Refund`) is given once: PoQ forgets
	/// the job's audit when it gives it.
	fn settlement(job: JobId, answered_at: BlockNumber) -> Settlement;
	/// Whether a verdict on `job`, answered at `answered_at` and waiting for one, is still to
	/// come: its review is running, or its result is still queued for the draw. Read only;
	/// the market's `try_state` checks that no job waits for a verdict nothing will give.
	fn will_conclude(job: JobId, answered_at: BlockNumber) -> bool;
	/// The market pruned `job` (finished, past its retention period): forget what PoQ kept of
	/// it beyond its verdict (who passed its answer, for a canary's exposure).
	fn forget(_job: JobId) {}
	/// The most weight [`Self::forget`] uses.
	fn forget_weight() -> sp_runtime::Weight {
		sp_runtime::Weight::zero()
	}
}

impl<AccountId, BlockNumber> QualityControl<AccountId, BlockNumber> for () {
	fn note_result(_job: JobId, _provider: &AccountId, _model: ModelId, _fee: Balance) -> bool {
		true
	}
	fn can_note(_results: u32) -> bool {
		true
	}
	fn settlement(_job: JobId, _answered_at: BlockNumber) -> Settlement {
		Settlement::Pay(Perbill::one())
	}
	fn will_conclude(_job: JobId, _answered_at: BlockNumber) -> bool {
		false
	}
}

/// An answered job as Proof of Quality sees it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct AnsweredJob<AccountId, BlockNumber> {
	/// Who submitted the job and pays for it.
	pub owner: AccountId,
	/// The operator whose result landed.
	pub provider: AccountId,
	/// The model the job ran on.
	pub model: ModelId,
	/// The provider's gross fee for the result, at the job's prices.
	pub fee: Balance,
	/// The last block at which the result can be disputed.
	pub challenge_ends: BlockNumber,
}

/// What a verifier needs to re-run a job: the request exactly as the provider got it, and the
/// answer it gave.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct JobReplay {
	/// The model the job ran on.
	pub model: ModelId,
	/// The model's catalogue name, sent as the request's `model`.
	pub model_name: alloc::vec::Vec<u8>,
	/// The job input: OpenAI chat messages as JSON.
	pub input: alloc::vec::Vec<u8>,
	/// The agent's system prompt, if the job called an agent.
	pub system_prompt: Option<alloc::vec::Vec<u8>>,
	/// The job's `max_tokens`.
	pub max_output_tokens: u32,
	/// The provider's answer.
	pub output: alloc::vec::Vec<u8>,
	/// Input tokens the provider billed.
	pub input_tokens: u32,
	/// Output tokens the provider billed.
	pub output_tokens: u32,
}

/// The market's jobs, as Proof of Quality sees them.
///
/// Implemented by `pallet-market`.
pub trait JobBook<AccountId, BlockNumber> {
	/// The job, if it is answered and not yet paid out or refunded.
	fn answered(job: JobId) -> Option<AnsweredJob<AccountId, BlockNumber>>;
	/// The job's request and answer, for a verifier to re-run, if it is answered and not yet
	/// paid out or refunded.
	fn replay(job: JobId) -> Option<JobReplay>;
	/// The operators offering `model` (verifier candidates), in offer order.
	fn offerers(model: ModelId) -> alloc::vec::Vec<AccountId>;
	/// Pay out or refund a job PoQ made wait ([`Settlement::Wait`]) and return true; does
	/// nothing for a job that is not waiting and returns false (such a job asks
	/// [`QualityControl::settlement`] when its challenge period ends).
	fn conclude(job: JobId, settlement: Settlement) -> bool;
	/// Pay the job's verification fee ([`ProtocolParameters::verification_fee`] of its
	/// provider fee) out of what its user paid, in equal parts to `verifiers`: what re-running
	/// a job that passed earns. The provider's part is less by what was paid. At most once per
	/// job, and only while its payment is held; returns what each verifier was paid (zero
	/// for a job already paid for, settled, refunded or unknown). Its weight is part of the
	/// verdict PoQ's benchmarks measure against the real market.
	fn pay_verifiers(job: JobId, verifiers: &[AccountId]) -> alloc::vec::Vec<Balance>;
	/// The most weight [`Self::conclude`] uses.
	fn conclude_weight() -> sp_runtime::Weight;
	/// The most operators [`Self::offerers`] returns for one model: the market's bound on a
	/// model's offers, which bounds a verifier pool.
	fn max_offerers() -> u32;
	/// Whether `job` existed and the market has pruned it: nothing about it will happen again
	/// (off-chain workers forget their local records of it).
	fn pruned(_job: JobId) -> bool {
		false
	}
}

/// How many blocks past its due block a timer may slip when the buckets of the blocks before
/// are full.
pub const SCHEDULE_WINDOW: u32 = 16;

/// Put a timer in the first block from `at` whose bucket takes it (`try_put` returns whether
/// it did), within [`SCHEDULE_WINDOW`] blocks; the block it went in, or `None` if every bucket
/// was full.
pub fn schedule<B>(at: B, mut try_put: impl FnMut(B) -> bool) -> Option<B>
where
	B: Copy + sp_runtime::traits::Saturating + sp_runtime::traits::One,
{
	let mut block = at;
	for _ in 0..SCHEDULE_WINDOW {
		if try_put(block) {
			return Some(block);
		}
		block = block.saturating_add(B::one());
	}
	None
}

/// Worker keys: the sr25519 keys an operator's node signs its accountable off-chain actions with
/// (results, declines, heartbeats), kept in the node's keystore under [`worker::KEY_TYPE`]
/// (`dgwk`). The key's account is the operator's registered worker account.
pub mod worker {
	use sp_runtime::{
		app_crypto::{app_crypto, sr25519},
		KeyTypeId,
	};

	/// Key type of worker keys in a node's keystore.
	pub const KEY_TYPE: KeyTypeId = KeyTypeId(*b"dgwk");

	app_crypto!(sr25519, KEY_TYPE);

	/// The worker keys in this node's keystore, as `C` signs with them: each key's public key
	/// and its account (the worker account an operator registers). Off-chain workers only.
	pub fn keystore_workers<T, C>() -> alloc::vec::Vec<(T::Public, T::AccountId)>
	where
		T: frame_system::offchain::SigningTypes,
		C: frame_system::offchain::AppCrypto<T::Public, T::Signature>,
	{
		use sp_runtime::{traits::IdentifyAccount, RuntimeAppPublic};
		<C::RuntimeAppPublic as RuntimeAppPublic>::all()
			.into_iter()
			.map(|public| {
				let generic: C::GenericPublic = public.into();
				let public: T::Public = generic.into();
				let account = public.clone().into_account();
				(public, account)
			})
			.collect()
	}

	/// Why [`send_signed`] sent nothing.
	#[derive(Clone, Copy, PartialEq, Eq, Debug)]
	pub enum SendError {
		/// The transaction could not be signed (no such key in the keystore, or its mortality
		/// unknown).
		NotSigned,
		/// The node's transaction pool refused it.
		PoolRefused,
	}

	/// Blocks the chain's nonce may stand still while the node has transactions out: past
	/// them, the oldest was dropped from the pool, and it no longer holds later ones back.
	pub const NONCE_MEMORY: u32 = 5;

	/// Forget what this node keeps in local storage for jobs the market pruned, oldest id
	/// first: from the id kept under `cursor`, at most `max` ids a run, `forget` runs for each
	/// id `pruned` says is gone, stopping at the first that is not (still open or retained:
	/// every job's lifetime is bounded, so the sweep moves on). Off-chain workers only.
	pub fn sweep_local_storage(
		cursor: &[u8],
		max: u32,
		pruned: impl Fn(crate::JobId) -> bool,
		mut forget: impl FnMut(crate::JobId),
	) {
		let store = sp_runtime::offchain::storage::StorageValueRef::persistent(cursor);
		let mut next: crate::JobId = store.get().ok().flatten().unwrap_or(0);
		for _ in 0..max {
			if !pruned(next) {
				break;
			}
			forget(next);
			next = next.saturating_add(1);
		}
		store.set(&next);
	}

	/// Sign `call` with the worker key `public` and submit it to the node's transaction pool,
	/// at the next nonce this node has not used: past the transactions it sent that are not
	/// on chain yet, or the account's nonce on chain when none is out or the chain's nonce
	/// has not moved for [`NONCE_MEMORY`] blocks (the oldest was dropped). Runs of the off-chain worker that overlap (one block's run outlasting the block)
	/// thus never sign two transactions with the same nonce. A lock in the node's local
	/// storage serializes them. Off-chain workers only.
	pub fn send_signed<T, C, LocalCall>(public: T::Public, call: LocalCall) -> Result<(), SendError>
	where
		T: frame_system::offchain::CreateSignedTransaction<LocalCall>,
		C: frame_system::offchain::AppCrypto<T::Public, T::Signature>,
	{
		use codec::Encode;
		use frame_system::offchain::SubmitTransaction;
		use sp_runtime::{
			offchain::{
				storage::StorageValueRef,
				storage_lock::{StorageLock, Time},
				Duration,
			},
			traits::{IdentifyAccount, One, Saturating},
		};
		let account: T::AccountId = public.clone().into_account();
		let mut lock_key = b"dgrid::ocw::nonce-lock::".to_vec();
		lock_key.extend(account.encode());
		let mut nonce_key = b"dgrid::ocw::nonce::".to_vec();
		nonce_key.extend(account.encode());
		let mut lock = StorageLock::<Time>::with_deadline(&lock_key, Duration::from_millis(5_000));
		let _guard = lock.lock();
		let now = frame_system::Pallet::<T>::block_number();
		let on_chain = frame_system::Account::<T>::get(&account).nonce;
		let store = StorageValueRef::persistent(&nonce_key);
		// (next nonce to use, the nonce on chain when last seen, the block it was last seen
		// to move): while the chain's nonce moves, the node's transactions are landing; when it
		// has not moved for NONCE_MEMORY blocks, the oldest one was dropped, and the node
		// starts again from the chain's nonce.
		type Memory<N, B> = (N, N, B);
		let remembered =
			store.get::<Memory<T::Nonce, frame_system::pallet_prelude::BlockNumberFor<T>>>();
		let (nonce, base, since) = match remembered {
			Ok(Some((next, base, since))) if next > on_chain => {
				if base != on_chain {
					(next, on_chain, now)
				} else if now <= since.saturating_add(NONCE_MEMORY.into()) {
					(next, base, since)
				} else {
					(on_chain, on_chain, now)
				}
			},
			_ => (on_chain, on_chain, now),
		};
		let xt = T::create_signed_transaction::<C>(call.into(), public, account, nonce)
			.ok_or(SendError::NotSigned)?;
		SubmitTransaction::<T, LocalCall>::submit_transaction(xt)
			.map_err(|()| SendError::PoolRefused)?;
		store.set(&(nonce.saturating_add(One::one()), base, since));
		Ok(())
	}

	/// The `AppCrypto` of worker keys, for a runtime whose signer is `MultiSigner` and
	/// signature `MultiSignature`: what the market's and PoQ's off-chain workers sign with.
	pub struct WorkerAuthId;

	impl frame_system::offchain::AppCrypto<sp_runtime::MultiSigner, sp_runtime::MultiSignature>
		for WorkerAuthId
	{
		type RuntimeAppPublic = Public;
		type GenericPublic = sp_core::sr25519::Public;
		type GenericSignature = sp_core::sr25519::Signature;
	}
}

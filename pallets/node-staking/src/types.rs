//! Plain data types of the node staking pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use dgrid_primitives::Balance;
use frame_support::{
	pallet_prelude::Get, BoundedVec, CloneNoBound, DebugNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// Funds an operator has unbonded: still held (and slashable) until `unlock_at`.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct UnbondingChunk<BlockNumber> {
	/// Amount unbonded.
	pub amount: Balance,
	/// First block at which the chunk can be withdrawn.
	pub unlock_at: BlockNumber,
}

/// A registered node operator.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxMetadataLen, MaxChunks))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct Operator<AccountId, BlockNumber, MaxMetadataLen: Get<u32>, MaxChunks: Get<u32>>
where
	AccountId: Clone + PartialEq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + core::fmt::Debug,
{
	/// The key the operator's node signs results, heartbeats and verdicts with.
	pub worker: AccountId,
	/// Free-form operator metadata (name, region, contact), as the operator set it.
	pub metadata: BoundedVec<u8, MaxMetadataLen>,
	/// Active bond: held, slashable, counts for eligibility and validator election.
	pub bonded: Balance,
	/// Unbonded funds waiting for the unbonding period to pass; still held and slashable.
	pub unbonding: BoundedVec<UnbondingChunk<BlockNumber>, MaxChunks>,
	/// Quality reputation, an exponential moving average of observations.
	pub reputation: Perbill,
	/// Whether the operator asked to validate (produce and finalize blocks).
	pub wants_to_validate: bool,
}

impl<AccountId, BlockNumber, MaxMetadataLen: Get<u32>, MaxChunks: Get<u32>>
	Operator<AccountId, BlockNumber, MaxMetadataLen, MaxChunks>
where
	AccountId: Clone + PartialEq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + core::fmt::Debug,
{
	/// Everything the operator has on hold: the active bond plus unbonding chunks.
	pub fn total_held(&self) -> Balance {
		self.unbonding.iter().fold(self.bonded, |acc, c| acc.saturating_add(c.amount))
	}
}

/// What a finished session pays out: its reward pool and the merit points it is split by.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct SessionPayout {
	/// The pool moved from the treasury to the reward account for this session.
	pub pool: Balance,
	/// Sum of all operators' merit points in the session: the protocol fees paid in it.
	pub total_points: Balance,
	/// What has been claimed from the pool so far.
	pub claimed: Balance,
}

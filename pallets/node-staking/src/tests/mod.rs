// Test code: overflow would be a test bug and panics loudly.
#![allow(clippy::arithmetic_side_effects)]

mod bonds;
mod elections;
mod registration;
mod reputation;
mod rewards;
mod slashing;
mod validation;
mod worker_keys;

use crate::{mock::*, *};
use dgrid_primitives::{NodeRegistry, Reputation, Slashing};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold, BoundedVec};
use pallet_session::SessionManager;

fn meta(bytes: &[u8]) -> BoundedVec<u8, ConstU32<16>> {
	BoundedVec::try_from(bytes.to_vec()).unwrap()
}
use frame_support::traits::ConstU32;

/// `worker`'s proof that `operator` may register it.
fn proof(operator: u64, worker: u64) -> sp_runtime::testing::TestSignature {
	sp_runtime::testing::TestSignature(worker, NodeStaking::worker_proof_payload(&operator))
}

fn held(who: u64) -> Balance {
	Balances::balance_on_hold(&HoldReason::OperatorBond.into(), &who)
}

fn free(who: u64) -> Balance {
	Balances::free_balance(who)
}

fn run_to(n: u64) {
	while System::block_number() < n {
		System::set_block_number(System::block_number() + 1);
	}
}

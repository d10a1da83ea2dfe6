//! Benchmarks of every call and session hook, each at its worst case over the bounds.

use super::*;
use crate::Pallet as NodeStaking;
use dgrid_primitives::{NodeRegistry, Slashing};
use frame_benchmarking::v2::*;
use frame_support::{pallet_prelude::Get, traits::fungible::Mutate as _, BoundedVec};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use pallet_session::SessionManager;

fn min_bond<T: Config>() -> Balance {
	T::Params::params().min_operator_bond
}

/// What the benchmarks need from the runtime: worker keys that can sign their proofs.
pub trait BenchmarkHelper<AccountId, Signature> {
	/// A worker key (the `index`-th), and its proof that `operator` may register it.
	fn worker(index: u32, operator: &AccountId) -> (AccountId, Signature);
}

/// A funded worker key of `operator`, with its proof.
fn worker_of<T: Config>(index: u32, operator: &T::AccountId) -> (T::AccountId, T::WorkerSignature) {
	let (worker, proof) = T::BenchmarkHelper::worker(index, operator);
	let _ = T::Currency::mint_into(&worker, T::Currency::minimum_balance());
	(worker, proof)
}

/// An account funded well beyond any bond a benchmark takes.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let amount = min_bond::<T>()
		.saturating_mul(1_000)
		.saturating_add(T::Currency::minimum_balance());
	let _ = T::Currency::mint_into(&who, amount);
	who
}

/// A registered operator with the longest metadata and `bond` bonded.
fn operator<T: Config>(index: u32, bond: Balance) -> T::AccountId {
	let who = funded::<T>("operator", index);
	let (worker, proof) = worker_of::<T>(index, &who);
	let metadata = BoundedVec::truncate_from(alloc::vec![7u8; T::MaxMetadataLen::get() as usize]);
	let registered = NodeStaking::<T>::register_operator(
		RawOrigin::Signed(who.clone()).into(),
		worker,
		proof,
		metadata,
		bond,
	);
	assert!(registered.is_ok(), "benchmark operator registers");
	who
}

/// Give the treasury enough for two session reward pools.
fn fund_treasury<T: Config>() {
	let amount = T::Params::params()
		.session_reward
		.saturating_mul(2)
		.saturating_add(min_bond::<T>());
	let _ = T::Currency::mint_into(&T::Treasury::get(), amount);
}

/// Fill the candidate list with new validating operators until it has room for one more.
fn crowd_candidates<T: Config>() {
	let mut i = 1_000;
	while (Candidates::<T>::decode_len().unwrap_or(0) as u32)
		< T::MaxCandidates::get().saturating_sub(1)
	{
		let other = operator::<T>(i, min_bond::<T>());
		assert!(NodeStaking::<T>::validate(RawOrigin::Signed(other).into()).is_ok());
		i = i.saturating_add(1);
	}
}

/// Fill an operator's unbonding chunks but one, each at a distinct unlock block.
fn fill_chunks<T: Config>(who: &T::AccountId) {
	for _ in 1..T::MaxUnbondingChunks::get() {
		assert!(NodeStaking::<T>::unbond(RawOrigin::Signed(who.clone()).into(), 1).is_ok());
		let next = frame_system::Pallet::<T>::block_number() + 1u32.into();
		frame_system::Pallet::<T>::set_block_number(next);
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_operator() {
		let who = funded::<T>("operator", 0);
		let (worker, proof) = worker_of::<T>(0, &who);
		let metadata =
			BoundedVec::truncate_from(alloc::vec![7u8; T::MaxMetadataLen::get() as usize]);
		let amount = min_bond::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), worker.clone(), proof, metadata, amount);
		assert_eq!(Workers::<T>::get(&worker), Some(who));
	}

	#[benchmark]
	fn bond() {
		let who = operator::<T>(0, min_bond::<T>());
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), min_bond::<T>());
		assert_eq!(NodeStaking::<T>::bond_of(&who), min_bond::<T>().saturating_mul(2));
	}

	#[benchmark]
	fn unbond() {
		// Worst case: a full chunk list but one, a candidate, and the whole bond unbonded so
		// the candidate list is rewritten.
		let who = operator::<T>(0, min_bond::<T>().saturating_mul(2));
		crowd_candidates::<T>();
		assert!(NodeStaking::<T>::validate(RawOrigin::Signed(who.clone()).into()).is_ok());
		fill_chunks::<T>(&who);
		let rest = NodeStaking::<T>::bond_of(&who);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), rest);
		assert_eq!(NodeStaking::<T>::bond_of(&who), 0);
	}

	#[benchmark]
	fn withdraw_unbonded() {
		let who = operator::<T>(0, min_bond::<T>().saturating_mul(2));
		fill_chunks::<T>(&who);
		assert!(NodeStaking::<T>::unbond(RawOrigin::Signed(who.clone()).into(), 1).is_ok());
		let later = frame_system::Pallet::<T>::block_number()
			+ T::Params::params().unbonding_period
			+ BlockNumberFor::<T>::from(1u32);
		frame_system::Pallet::<T>::set_block_number(later);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(Operators::<T>::get(&who).is_some_and(|o| o.unbonding.is_empty()));
	}

	#[benchmark]
	fn set_worker_key() {
		let who = operator::<T>(0, min_bond::<T>());
		let (worker, proof) = worker_of::<T>(1_000_000, &who);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), worker.clone(), proof);
		assert_eq!(Workers::<T>::get(&worker), Some(who));
	}

	#[benchmark]
	fn validate() {
		crowd_candidates::<T>();
		let who = operator::<T>(0, min_bond::<T>());
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(Candidates::<T>::get().contains(&who));
	}

	#[benchmark]
	fn chill() {
		let who = operator::<T>(0, min_bond::<T>());
		crowd_candidates::<T>();
		assert!(NodeStaking::<T>::validate(RawOrigin::Signed(who.clone()).into()).is_ok());
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(!Candidates::<T>::get().contains(&who));
	}

	#[benchmark]
	fn deregister() {
		let who = operator::<T>(0, min_bond::<T>());
		let _ = NodeStaking::<T>::slash(&who, min_bond::<T>(), &account("sink", 0, 0));
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(Operators::<T>::get(&who).is_none());
	}

	#[benchmark]
	fn claim_reward() {
		let who = operator::<T>(0, min_bond::<T>());
		fund_treasury::<T>();
		NodeStaking::<T>::start_session(1);
		NodeStaking::<T>::note_fees_paid(&who, 1_000);
		NodeStaking::<T>::note_fees_paid(&account("other", 0, 0), 1_000);
		NodeStaking::<T>::end_session(1);
		NodeStaking::<T>::start_session(2);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), who.clone(), 1);
		assert_eq!(SessionPoints::<T>::get(1, &who), 0);
	}

	/// The election at a session boundary, over `c` candidates.
	#[benchmark]
	fn elect_validators(c: Linear<1, { T::MaxCandidates::get() }>) {
		// Exactly `c` candidates: the chain spec's are set aside.
		Candidates::<T>::kill();
		for i in 0..c {
			let who = operator::<T>(i, min_bond::<T>().saturating_add(i.into()));
			assert!(NodeStaking::<T>::validate(RawOrigin::Signed(who).into()).is_ok());
		}
		#[block]
		{
			let _ = NodeStaking::<T>::new_session(2);
		}
		assert!(!Validators::<T>::get().is_empty());
	}

	/// The end of a session with merit: the reward pool moves from the treasury.
	#[benchmark]
	fn end_session() {
		fund_treasury::<T>();
		NodeStaking::<T>::start_session(1);
		NodeStaking::<T>::note_fees_paid(&account("operator", 0, 0), 1_000);
		#[block]
		{
			NodeStaking::<T>::end_session(1);
		}
		assert!(SessionPayouts::<T>::get(1).is_some());
	}

	impl_benchmark_test_suite!(
		NodeStaking,
		crate::mock::ExtBuilder::default().operators(alloc::vec![]).build(),
		crate::mock::Test
	);
}

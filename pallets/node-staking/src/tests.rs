// Test code: overflow would be a test bug and panics loudly.
#![allow(clippy::arithmetic_side_effects)]

use crate::{mock::*, *};
use dgrid_primitives::{NodeRegistry, Reputation, Slashing};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold, BoundedVec};
use pallet_session::SessionManager;

fn meta(bytes: &[u8]) -> BoundedVec<u8, ConstU32<16>> {
	BoundedVec::try_from(bytes.to_vec()).unwrap()
}
use frame_support::traits::ConstU32;

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

// ---- genesis and elections ----

#[test]
fn genesis_operators_are_bonded_and_seed_the_first_sessions() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Validators::<Test>::get().into_inner(), vec![1, 2, 3]);
		assert_eq!(NodeStaking::new_session_genesis(0), Some(vec![1, 2, 3]));
		assert_eq!(held(2), 2 * MIN_BOND);
		assert_eq!(free(2), ENDOWMENT - 2 * MIN_BOND);
		assert_eq!(Workers::<Test>::get(12), Some(2));
		assert!(NodeStaking::is_eligible(&3));
		assert_eq!(NodeStaking::standing(&3), Some(Perbill::from_percent(50)));
		assert_eq!(NodeStaking::standing(&42), None);
	});
}

#[test]
fn elections_pick_the_top_bonds_with_keys() {
	ExtBuilder::default().build_and_execute(|| {
		// Operator 4 bonds the most and validates; 3 has no keys; the set holds three.
		assert_ok!(NodeStaking::register_operator(
			RuntimeOrigin::signed(4),
			14,
			meta(b"four"),
			5 * MIN_BOND
		));
		assert_ok!(NodeStaking::validate(RuntimeOrigin::signed(4)));
		KeyLess::set(vec![3]);
		assert_eq!(NodeStaking::new_session(2), Some(vec![4, 2, 1]));
		assert_eq!(Validators::<Test>::get().into_inner(), vec![4, 2, 1]);
		assert!(events().contains(&Event::ValidatorsElected {
			session: 2,
			validators: BoundedVec::truncate_from(vec![4, 2, 1]),
		}));
	});
}

#[test]
fn an_empty_election_keeps_the_set() {
	ExtBuilder::default().build_and_execute(|| {
		for who in [1, 2, 3] {
			assert_ok!(NodeStaking::chill(RuntimeOrigin::signed(who)));
		}
		assert_eq!(NodeStaking::new_session(2), None);
		assert_eq!(Validators::<Test>::get().into_inner(), vec![1, 2, 3]);
	});
}

#[test]
fn empty_genesis_defers_to_session_keys() {
	ExtBuilder::default().operators(vec![]).build_and_execute(|| {
		assert!(Validators::<Test>::get().is_empty());
		assert_eq!(NodeStaking::new_session_genesis(0), None);
	});
}

#[test]
#[should_panic(expected = "a genesis worker key is listed twice")]
fn duplicate_genesis_worker_is_refused() {
	let _ = ExtBuilder::default()
		.operators(vec![(1, 11, MIN_BOND, true), (2, 11, MIN_BOND, true)])
		.build();
}

#[test]
#[should_panic(expected = "a genesis operator is bonded below the minimum bond")]
fn genesis_bond_below_minimum_is_refused() {
	let _ = ExtBuilder::default().operators(vec![(1, 11, MIN_BOND - 1, true)]).build();
}

#[test]
#[should_panic(expected = "more genesis validators than MaxValidators")]
fn oversized_genesis_set_is_refused() {
	let ops = (1..=4).map(|i| (i, 10 + i, MIN_BOND, true)).collect();
	let _ = ExtBuilder::default().operators(ops).build();
}

// ---- register_operator ----

#[test]
fn register_holds_the_bond_and_maps_the_worker() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(NodeStaking::register_operator(
			RuntimeOrigin::signed(5),
			15,
			meta(b"eu-west"),
			MIN_BOND
		));
		assert_eq!(held(5), MIN_BOND);
		assert_eq!(NodeStaking::operator_of_worker(&15), Some(5));
		assert_eq!(Operators::<Test>::get(5).unwrap().reputation, Perbill::from_percent(50));
		assert_eq!(Operators::<Test>::get(5).unwrap().metadata.into_inner(), b"eu-west".to_vec());
		assert_eq!(
			events().last(),
			Some(&Event::OperatorRegistered { operator: 5, worker: 15, bond: MIN_BOND })
		);
	});
}

#[test]
fn register_failures_change_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		let o = RuntimeOrigin::signed;
		assert_noop!(
			NodeStaking::register_operator(o(1), 21, meta(b""), MIN_BOND),
			Error::<Test>::AlreadyRegistered
		);
		assert_noop!(
			NodeStaking::register_operator(o(5), 11, meta(b""), MIN_BOND),
			Error::<Test>::WorkerKeyInUse
		);
		assert_noop!(
			NodeStaking::register_operator(o(5), 15, meta(b""), MIN_BOND - 1),
			Error::<Test>::BondBelowMinimum
		);
		assert_noop!(
			NodeStaking::register_operator(o(5), 15, meta(b""), ENDOWMENT + 1),
			Error::<Test>::InsufficientBalance
		);
		for who in 4..=8 {
			assert_ok!(NodeStaking::register_operator(o(who), 10 + who, meta(b""), MIN_BOND));
		}
		assert_noop!(
			NodeStaking::register_operator(o(9), 19, meta(b""), MIN_BOND),
			Error::<Test>::TooManyOperators
		);
	});
}

// ---- bond / unbond / withdraw ----

#[test]
fn bond_adds_to_the_hold() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(NodeStaking::bond(RuntimeOrigin::signed(1), 500));
		assert_eq!(held(1), MIN_BOND + 500);
		assert_eq!(NodeStaking::bond_of(&1), MIN_BOND + 500);
		assert_eq!(events().last(), Some(&Event::Bonded { operator: 1, amount: 500 }));
		assert_noop!(NodeStaking::bond(RuntimeOrigin::signed(1), 0), Error::<Test>::ZeroAmount);
		assert_noop!(NodeStaking::bond(RuntimeOrigin::signed(5), 10), Error::<Test>::NotRegistered);
		assert_noop!(
			NodeStaking::bond(RuntimeOrigin::signed(1), ENDOWMENT),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn unbond_keeps_funds_held_until_the_period_passes() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(NodeStaking::unbond(RuntimeOrigin::signed(3), MIN_BOND));
		assert_eq!(held(3), 3 * MIN_BOND, "unbonding funds stay held");
		assert_eq!(NodeStaking::bond_of(&3), 2 * MIN_BOND);
		assert_eq!(
			events().last(),
			Some(&Event::Unbonded { operator: 3, amount: MIN_BOND, unlock_at: 11 })
		);
		assert_noop!(
			NodeStaking::withdraw_unbonded(RuntimeOrigin::signed(3)),
			Error::<Test>::NothingToWithdraw
		);
		run_to(11);
		assert_ok!(NodeStaking::withdraw_unbonded(RuntimeOrigin::signed(3)));
		assert_eq!(held(3), 2 * MIN_BOND);
		assert_eq!(free(3), ENDOWMENT - 2 * MIN_BOND);
		assert_eq!(events().last(), Some(&Event::Withdrawn { operator: 3, amount: MIN_BOND }));
	});
}

#[test]
fn unbond_failures() {
	ExtBuilder::default().build_and_execute(|| {
		let o = RuntimeOrigin::signed;
		assert_noop!(NodeStaking::unbond(o(2), 0), Error::<Test>::ZeroAmount);
		assert_noop!(NodeStaking::unbond(o(5), 1), Error::<Test>::NotRegistered);
		assert_noop!(
			NodeStaking::unbond(o(2), 2 * MIN_BOND + 1),
			Error::<Test>::UnbondMoreThanBonded
		);
		assert_noop!(
			NodeStaking::unbond(o(2), MIN_BOND + 1),
			Error::<Test>::RemainingBondBelowMinimum
		);
		// Two chunks at most: same-block unbonds merge, a third unlock block is refused.
		assert_ok!(NodeStaking::unbond(o(3), 100));
		assert_ok!(NodeStaking::unbond(o(3), 100));
		run_to(2);
		assert_ok!(NodeStaking::unbond(o(3), 100));
		run_to(3);
		assert_noop!(NodeStaking::unbond(o(3), 100), Error::<Test>::TooManyUnbondingChunks);
		assert_eq!(Operators::<Test>::get(3).unwrap().unbonding.len(), 2);
	});
}

#[test]
fn unbonding_everything_chills_and_makes_ineligible() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(NodeStaking::unbond(RuntimeOrigin::signed(1), MIN_BOND));
		assert!(!NodeStaking::is_eligible(&1));
		assert_eq!(NodeStaking::standing(&1), None, "an ineligible operator is not routed to");
		assert!(!Candidates::<Test>::get().contains(&1));
		assert!(events().contains(&Event::Chilled { operator: 1 }));
		assert_eq!(NodeStaking::new_session(2), Some(vec![3, 2]));
	});
}

// ---- worker keys ----

#[test]
fn set_worker_key_moves_the_mapping() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(NodeStaking::set_worker_key(RuntimeOrigin::signed(1), 21));
		assert_eq!(NodeStaking::operator_of_worker(&21), Some(1));
		assert_eq!(NodeStaking::operator_of_worker(&11), None);
		assert_eq!(events().last(), Some(&Event::WorkerKeySet { operator: 1, worker: 21 }));
		assert_noop!(
			NodeStaking::set_worker_key(RuntimeOrigin::signed(1), 12),
			Error::<Test>::WorkerKeyInUse
		);
		assert_noop!(
			NodeStaking::set_worker_key(RuntimeOrigin::signed(5), 25),
			Error::<Test>::NotRegistered
		);
	});
}

// ---- validate / chill ----

#[test]
fn validate_and_chill() {
	ExtBuilder::default()
		.operators(vec![(1, 11, MIN_BOND, false)])
		.build_and_execute(|| {
			let o = RuntimeOrigin::signed;
			assert_noop!(NodeStaking::chill(o(1)), Error::<Test>::NotValidating);
			assert_ok!(NodeStaking::validate(o(1)));
			assert_eq!(events().last(), Some(&Event::ValidationRequested { operator: 1 }));
			assert_noop!(NodeStaking::validate(o(1)), Error::<Test>::AlreadyValidating);
			assert_eq!(Candidates::<Test>::get().into_inner(), vec![1]);
			assert_ok!(NodeStaking::chill(o(1)));
			assert_eq!(events().last(), Some(&Event::Chilled { operator: 1 }));
			assert!(Candidates::<Test>::get().is_empty());
			assert_noop!(NodeStaking::validate(o(5)), Error::<Test>::NotRegistered);
			assert_noop!(NodeStaking::chill(o(5)), Error::<Test>::NotRegistered);
		});
}

#[test]
fn validate_needs_the_minimum_bond_and_room() {
	ExtBuilder::default().build_and_execute(|| {
		let o = RuntimeOrigin::signed;
		// Raise the minimum: operator 1 (bonded MIN_BOND) is no longer eligible.
		Params::set(dgrid_primitives::ProtocolParameters {
			min_operator_bond: 2 * MIN_BOND,
			..Params::get()
		});
		assert_ok!(NodeStaking::chill(o(1)));
		assert_noop!(NodeStaking::validate(o(1)), Error::<Test>::NotEligible);
		Params::set(dgrid_primitives::ProtocolParameters {
			min_operator_bond: MIN_BOND,
			..Params::get()
		});
		// Candidates hold five.
		for who in 4..=6 {
			assert_ok!(NodeStaking::register_operator(o(who), 10 + who, meta(b""), MIN_BOND));
			assert_ok!(NodeStaking::validate(o(who)));
		}
		assert_noop!(NodeStaking::validate(o(1)), Error::<Test>::TooManyCandidates);
	});
}

// ---- deregister ----

#[test]
fn deregister_only_with_nothing_held() {
	ExtBuilder::default().build_and_execute(|| {
		let o = RuntimeOrigin::signed;
		assert_noop!(NodeStaking::deregister(o(1)), Error::<Test>::StillBonded);
		assert_ok!(NodeStaking::unbond(o(1), MIN_BOND));
		assert_noop!(NodeStaking::deregister(o(1)), Error::<Test>::StillBonded);
		run_to(11);
		assert_ok!(NodeStaking::withdraw_unbonded(o(1)));
		assert_ok!(NodeStaking::deregister(o(1)));
		assert_eq!(free(1), ENDOWMENT);
		assert_eq!(NodeStaking::operator_of_worker(&11), None);
		assert!(Operators::<Test>::get(1).is_none());
		assert_eq!(events().last(), Some(&Event::OperatorDeregistered { operator: 1 }));
		assert_noop!(NodeStaking::deregister(o(1)), Error::<Test>::NotRegistered);
	});
}

// ---- reputation ----

#[test]
fn reputation_is_an_exponential_moving_average() {
	ExtBuilder::default().build_and_execute(|| {
		// 50 % start, alpha 10 %: one perfect score gives 55 %, a miss then gives 49.5 %.
		NodeStaking::record(&1, Perbill::one());
		assert_eq!(NodeStaking::reputation(&1), Perbill::from_percent(55));
		NodeStaking::record(&1, Perbill::zero());
		assert_eq!(NodeStaking::reputation(&1), Perbill::from_parts(495_000_000));
		// Many perfect scores converge towards 100 % and never exceed it.
		for _ in 0..500 {
			NodeStaking::record(&1, Perbill::one());
		}
		assert!(NodeStaking::reputation(&1) > Perbill::from_percent(99));
		// Unknown operators have none, and recording for them stores nothing.
		NodeStaking::record(&42, Perbill::one());
		assert_eq!(NodeStaking::reputation(&42), Perbill::zero());
		assert!(Operators::<Test>::get(42).is_none());
	});
}

// ---- slashing ----

#[test]
fn slash_takes_the_bond_then_the_newest_unbonding_chunks() {
	ExtBuilder::default().build_and_execute(|| {
		let o = RuntimeOrigin::signed;
		// Operator 3: 3000 bonded → 1000 active, chunks 1000 (unlock 11) and 1000 (unlock 12).
		assert_ok!(NodeStaking::unbond(o(3), MIN_BOND));
		run_to(2);
		assert_ok!(NodeStaking::unbond(o(3), MIN_BOND));
		let treasury_before = free(TREASURY);
		assert_eq!(NodeStaking::slash(&3, 1_500, &TREASURY), 1_500);
		let op = Operators::<Test>::get(3).unwrap();
		assert_eq!(op.bonded, 0);
		assert_eq!(
			op.unbonding.iter().map(|c| (c.amount, c.unlock_at)).collect::<Vec<_>>(),
			vec![(1_000, 11), (500, 12)]
		);
		assert_eq!(held(3), 1_500);
		assert_eq!(free(TREASURY), treasury_before + 1_500);
		assert!(events().contains(&Event::Slashed {
			operator: 3,
			amount: 1_500,
			beneficiary: TREASURY
		}));
		// Below the minimum, the operator is no longer a candidate.
		assert!(!Candidates::<Test>::get().contains(&3));
	});
}

#[test]
fn slashing_more_than_held_takes_only_what_there_is() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(NodeStaking::slash(&1, 10 * MIN_BOND, &9), MIN_BOND);
		assert_eq!(held(1), 0);
		assert_eq!(free(9), ENDOWMENT + MIN_BOND);
		assert_eq!(NodeStaking::slash(&1, 1, &9), 0);
		assert_eq!(NodeStaking::slash(&42, 1, &9), 0, "unknown operators have nothing to slash");
	});
}

#[test]
fn slash_reaches_funds_even_after_unbonding_matures() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(NodeStaking::unbond(RuntimeOrigin::signed(1), MIN_BOND));
		run_to(50);
		// Matured but not withdrawn: still held, still slashable.
		assert_eq!(NodeStaking::slash(&1, 400, &TREASURY), 400);
		assert_ok!(NodeStaking::withdraw_unbonded(RuntimeOrigin::signed(1)));
		assert_eq!(free(1), ENDOWMENT - 400);
	});
}

// ---- rewards ----

#[test]
fn session_rewards_are_split_by_merit() {
	ExtBuilder::default().build_and_execute(|| {
		NodeStaking::start_session(1);
		// Operator 1 serves two perfect jobs, operator 2 one at 50 %: points 2 : 0.5.
		NodeStaking::note_jobs_served(&1, 2, Perbill::one());
		NodeStaking::note_jobs_served(&2, 1, Perbill::from_percent(50));
		let treasury_before = free(TREASURY);
		NodeStaking::end_session(1);
		NodeStaking::start_session(2);
		assert_eq!(free(TREASURY), treasury_before - 600);
		assert!(events().contains(&Event::SessionRewardsSet {
			session: 1,
			pool: 600,
			total_points: 2_500_000_000
		}));
		assert_ok!(NodeStaking::claim_reward(RuntimeOrigin::signed(9), 1, 1));
		assert_eq!(
			events().last(),
			Some(&Event::RewardPaid { operator: 1, session: 1, amount: 480 })
		);
		assert_ok!(NodeStaking::claim_reward(RuntimeOrigin::signed(2), 2, 1));
		assert_eq!(free(2), ENDOWMENT - 2 * MIN_BOND + 120);
		assert_eq!(SessionPayouts::<Test>::get(1).unwrap().claimed, 600);
		assert_noop!(
			NodeStaking::claim_reward(RuntimeOrigin::signed(1), 1, 1),
			Error::<Test>::NoMeritInSession
		);
		assert_noop!(
			NodeStaking::claim_reward(RuntimeOrigin::signed(1), 1, 2),
			Error::<Test>::NoRewardsForSession
		);
	});
}

#[test]
fn a_session_without_merit_pays_nothing_and_a_poor_treasury_pays_what_it_can() {
	ExtBuilder::default().build_and_execute(|| {
		NodeStaking::start_session(1);
		NodeStaking::end_session(1);
		assert!(SessionPayouts::<Test>::get(1).is_none());
		assert_eq!(free(TREASURY), ENDOWMENT);
		// Treasury holds only 300 above the existential deposit.
		assert_ok!(<Balances as frame_support::traits::fungible::Mutate<u64>>::transfer(
			&TREASURY,
			&8,
			ENDOWMENT - 300 - ED,
			frame_support::traits::tokens::Preservation::Preserve
		));
		NodeStaking::start_session(2);
		NodeStaking::note_jobs_served(&1, 1, Perbill::one());
		NodeStaking::end_session(2);
		NodeStaking::start_session(3);
		assert_eq!(SessionPayouts::<Test>::get(2).unwrap().pool, 300);
		assert_eq!(free(TREASURY), ED);
		assert_ok!(NodeStaking::claim_reward(RuntimeOrigin::signed(1), 1, 2));
		assert_eq!(free(NodeStaking::reward_account()), 0);
	});
}

#[test]
fn try_state_catches_a_hold_out_of_step() {
	ExtBuilder::default().build().execute_with(|| {
		Operators::<Test>::mutate(1, |o| o.as_mut().unwrap().bonded += 1);
		assert!(NodeStaking::do_try_state().is_err());
	});
}

// Test code: overflow would be a test bug and panics loudly.
#![allow(clippy::arithmetic_side_effects)]

mod appeals;
mod canaries;
mod commit_reveal;
mod disputes;
mod draw;
mod verdicts;

use crate::{mock::*, *};
use dgrid_primitives::{ProtocolParameters, Settlement};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use sp_runtime::{DispatchError, Perbill};

const FEE: Balance = 1_000;
/// Blocks from a verdict, dispute or appeal to the round it calls: the mock's draw window (one
/// block) and one.
const DRAW: u64 = 2;
const SALT: [u8; 32] = [7; 32];

fn phase(job: JobId) -> PhaseOf<Test> {
	Reviews::<Test>::get(job).expect("a job under review").phase
}

fn round(job: JobId) -> RoundOf<Test> {
	match phase(job) {
		Phase::Voting { round, .. } => round,
		other => panic!("no round in progress: {other:?}"),
	}
}

/// The round due next block on the job, if any.
fn due(job: JobId) -> Option<RoundKind> {
	match Reviews::<Test>::get(job)?.phase {
		Phase::Due { kind, .. } => Some(kind),
		_ => None,
	}
}

/// The job's failed audit: its score and the last block to appeal it, while it can be
/// appealed.
fn appealable(job: JobId) -> Option<(u8, u64)> {
	match Reviews::<Test>::get(job)?.phase {
		Phase::Appealable { score, ends, .. } => Some((score, ends)),
		_ => None,
	}
}

fn escalated_review(job: JobId) -> bool {
	jury_ends(job).is_some()
}

/// The last block for the jury's ruling on the job, while it is escalated.
fn jury_ends(job: JobId) -> Option<u64> {
	match Reviews::<Test>::get(job)?.phase {
		Phase::Escalated { ends, .. } => Some(ends),
		_ => None,
	}
}

fn members(job: JobId) -> Vec<u64> {
	round(job).members.iter().map(|m| m.verifier).collect()
}

fn commit(job: JobId, op: u64, score: u8) -> DispatchResult {
	let number = round(job).number;
	PoQ::commit(
		RuntimeOrigin::signed(worker(op)),
		job,
		PoQ::commitment(job, number, &op, score, &SALT),
	)
}

fn reveal(job: JobId, op: u64, score: u8) -> DispatchResult {
	PoQ::reveal(RuntimeOrigin::signed(worker(op)), job, score, SALT)
		.map(|_| ())
		.map_err(|e| e.error)
}
use frame_support::dispatch::DispatchResult;

/// Every member of the job's round commits, then reveals, `score_of(member)`.
fn verify(job: JobId, score_of: impl Fn(u64) -> u8) {
	let verifiers = members(job);
	for v in &verifiers {
		assert_ok!(commit(job, *v, score_of(*v)));
	}
	for v in &verifiers {
		assert_ok!(reveal(job, *v, score_of(*v)));
	}
}

/// Job 0 by Alice, answered by OP1 at block 1 for `FEE`, drawn (OP1 is new: always audited)
/// at block 3. Returns the spot checker.
fn audited_job() -> u64 {
	answered(0, OP1, ALICE, FEE);
	run_to(3);
	let verifiers = members(0);
	assert_eq!(verifiers.len(), 1);
	verifiers[0]
}

/// After a committee failed job 0 at the current block: the confirmation panel is drawn next
/// block among the verifiers left and scores `score`. Returns the panel.
fn confirmed(score: u8) -> Vec<u64> {
	assert!(events().iter().any(|e| matches!(e, Event::ConfirmationCalled { job: 0, .. })));
	assert_eq!(due(0), Some(RoundKind::Confirmation));
	run_to(System::block_number() + DRAW);
	assert_eq!(round(0).kind, RoundKind::Confirmation);
	let panel = members(0);
	verify(0, |_| score);
	panel
}

/// Job 0's audit failed it at the current block: the provider has `appeal_period` blocks to
/// appeal, and nobody is slashed meanwhile. Runs to the end of the period without an appeal:
/// the verdict is final.
fn appeal_lapses() {
	let now = System::block_number();
	let (score, ends) = appealable(0).expect("the failed audit waits for an appeal");
	assert_eq!(ends, now + Params::get().appeal_period);
	assert!(events().contains(&Event::AwaitingAppeal {
		job: 0,
		provider: OP1,
		score,
		appeal_ends: ends
	}));
	assert!(!events().iter().any(|e| matches!(e, Event::Failed { .. })), "nobody slashed yet");
	run_to(ends);
	assert!(appealable(0).is_some());
	run_to(ends + 1);
	assert!(events().iter().any(|e| matches!(e, Event::Failed { job: 0, .. })));
}

fn dispute_bond_of(who: u64) -> Balance {
	Balances::balance_on_hold(&HoldReason::DisputeBond.into(), &who)
}

/// Job 0 audited; the spot check scores `spot_score`; a committee of 3 is drawn next block.
/// Returns the spot checker and the committee.
fn committee_called(spot_score: u8) -> (u64, Vec<u64>) {
	let spot = audited_job();
	verify(0, |_| spot_score);
	assert!(events().contains(&Event::CommitteeCalled { job: 0, score: Some(spot_score) }));
	let Phase::Due { kind: RoundKind::Committee, judged, .. } = phase(0) else {
		panic!("no committee due: {:?}", phase(0))
	};
	assert_eq!(judged.len(), 1);
	run_to(3 + DRAW);
	let r = round(0);
	assert_eq!((r.kind, r.number, r.commit_end, r.reveal_end), (RoundKind::Committee, 1, 8, 11));
	let committee = members(0);
	assert_eq!(committee.len(), 3);
	assert!(!committee.contains(&OP1));
	assert!(!committee.contains(&spot), "the committee judges the spot checker: not on it");
	(spot, committee)
}

/// Job 0 answered by OP1 for Alice at block 1 and drawn without audit at block 3 (OP1 is
/// seasoned, and block 3's randomness is one whose draw misses job 0).
fn unaudited_job() {
	AuditedResults::<Test>::insert(OP1, 1_000);
	answered(0, OP1, ALICE, FEE);
	let rate = PoQ::audit_rate(1_000, MockStaking::reputation(&OP1));
	let vrf = (0u8..)
		.map(sp_core::H256::repeat_byte)
		.find(|vrf| {
			let seed = PoQ::mix(&[sp_io::hashing::blake2_256(&codec::Encode::encode(vrf))]);
			!PoQ::picked_for_audit(&seed, 0, rate)
		})
		.expect("a randomness that misses job 0");
	run_to(2);
	Vrf::set(Some(Some(vrf)));
	run_to(3);
	Vrf::set(None);
	assert!(Reviews::<Test>::get(0).is_none(), "job 0 not drawn for audit");
}

/// A dispute of job 0 by operator 60 (so the panel is drawn from the 4 others).
fn disputed_by_operator() -> Balance {
	unaudited_job();
	Params::mutate(|p| p.min_dispute_bond = 0);
	assert_ok!(PoQ::dispute(RuntimeOrigin::signed(60), 0));
	run_to(3 + DRAW);
	let panel = members(0);
	assert_eq!(panel.len(), 4);
	assert!(!panel.contains(&60) && !panel.contains(&OP1));
	let bond = 5 * FEE;
	assert_eq!(dispute_bond_of(60), bond);
	bond
}

/// A dispute whose panel splits 2 against 2: escalated to the jury.
fn escalated() -> Vec<u64> {
	disputed_by_operator();
	let panel = members(0);
	let low: Vec<u64> = panel[..2].to_vec();
	verify(0, |v| if low.contains(&v) { 0 } else { 100 });
	let jury_ends = System::block_number() + Params::get().jury_period;
	assert!(events().contains(&Event::DisputeEscalated { dispute: 0, job: 0, jury_ends }));
	assert!(escalated_review(0));
	assert_eq!(settle(0), Settlement::Wait);
	low
}

/// Nine more operators offering model 0 (70 to 150): room for an appeal's fresh panel.
fn more_operators() {
	let more: Vec<u64> = (7..=15).map(|i| i * 10).collect();
	Operators::mutate(|ops| {
		for op in &more {
			ops.insert(*op, MockOperator::new(*op, BOND));
		}
	});
	Offerers::mutate(|o| o.get_mut(&0).unwrap().extend(more.iter().copied()));
}

/// Job 0 failed by its spot check, committee and confirmation panel (all scoring 10), among
/// 15 operators: waiting for OP1's appeal. Returns the 9 verifiers who judged it.
fn failed_awaiting_appeal() -> Vec<u64> {
	more_operators();
	let (spot, mut judges) = committee_called(10);
	judges.push(spot);
	verify(0, |_| 10);
	judges.extend(confirmed(10));
	assert_eq!(judges.len(), 9);
	assert_eq!(appealable(0), Some((10, System::block_number() + Params::get().appeal_period)));
	judges
}

/// OP1 appeals job 0; its panel is drawn next block among the operators who have not judged
/// the job. Returns the panel and the bond.
fn appealed(judges: &[u64]) -> (Vec<u64>, Balance) {
	let provider = free(OP1);
	assert_ok!(PoQ::appeal(RuntimeOrigin::signed(OP1), 0));
	// 5 × 1,000, at least the 8,000 minimum.
	let bond = 8_000;
	assert_eq!(dispute_bond_of(OP1), bond);
	assert_eq!(free(OP1), provider - bond);
	let d = Disputes::<Test>::get(0).unwrap();
	assert_eq!((d.challenger, d.kind, d.bond), (OP1, DisputeKind::Appeal, bond));
	assert!(events().contains(&Event::DisputeOpened { dispute: 0, job: 0, challenger: OP1, bond }));
	assert_eq!(appealable(0), None);
	assert_eq!(settle(0), Settlement::Wait);
	run_to(System::block_number() + DRAW);
	assert_eq!(round(0).kind, RoundKind::Dispute);
	let panel = members(0);
	assert_eq!(panel.len(), 5);
	assert!(panel.iter().all(|v| *v != OP1 && !judges.contains(v)), "a fresh panel");
	(panel, bond)
}

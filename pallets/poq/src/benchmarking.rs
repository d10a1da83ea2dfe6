//! Benchmarks of every call and hook, each at its worst case over the bounds: the largest
//! panels the parameters allow ([`ProtocolParameters::MAX_PANEL`]) and the most operators
//! offering a model.
//!
//! Operators, models and answered jobs come from [`BenchmarkHelper`], which the runtime
//! implements with the real operator registry and market.

use super::*;
use crate::Pallet as PoQ;
use alloc::vec::Vec;
use dgrid_primitives::{ModelId, ProtocolParameters, DGRID};
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::Get,
	traits::{fungible::Mutate as _, EnsureOrigin},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_runtime::traits::Saturating;

/// What the benchmarks need from the runtime besides this pallet.
pub trait BenchmarkHelper<AccountId, BlockNumber, Signature> {
	/// The account of a canary key, and its signature of `payload`.
	fn canary_proof(payload: &[u8]) -> (AccountId, Signature);
	/// Set the protocol parameters.
	fn set_params(params: ProtocolParameters<BlockNumber>);
	/// A newly listed model.
	fn model() -> ModelId;
	/// Make `operator` an eligible operator, bonded `bond`, whose actions `worker` signs, and
	/// have it offer `model`.
	fn operator(operator: &AccountId, worker: &AccountId, bond: Balance, model: ModelId);
	/// A job of `owner` on `model`, answered by `provider` through its worker key `worker`;
	/// its id.
	fn answered_job(
		owner: &AccountId,
		provider: &AccountId,
		worker: &AccountId,
		model: ModelId,
	) -> JobId;
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let _ = T::Currency::mint_into(&who, DGRID.saturating_mul(1_000_000));
	who
}

/// The largest panels, and the audit rate and new-operator count as given.
fn params<T: Config>() -> ProtocolParameters<BlockNumberFor<T>> {
	let max = ProtocolParameters::<BlockNumberFor<T>>::MAX_PANEL;
	ProtocolParameters {
		audit_verifiers: max,
		audit_committee: max,
		dispute_panel: max,
		..T::Params::params()
	}
}

/// Move the chain to the first block that draws results of `answered_at` (their draw window
/// over), and return it.
fn after_window<T: Config>(answered_at: BlockNumberFor<T>) -> BlockNumberFor<T> {
	let now = answered_at.saturating_add(T::DrawWindow::get().saturating_add(1).into());
	frame_system::Pallet::<T>::set_block_number(now);
	now
}

/// A model offered by `n` operators (worker of operator `i`: `account("worker", i, 0)`).
fn offered<T: Config>(n: u32) -> (ModelId, Vec<T::AccountId>) {
	T::BenchmarkHelper::set_params(params::<T>());
	let model = T::BenchmarkHelper::model();
	let bond = T::Params::params().min_operator_bond.saturating_mul(2);
	let ops = (0..n)
		.map(|i| {
			let op = funded::<T>("operator", i);
			T::BenchmarkHelper::operator(&op, &worker::<T>(i), bond, model);
			op
		})
		.collect();
	(model, ops)
}

fn worker<T: Config>(i: u32) -> T::AccountId {
	account("worker", i, 0)
}

/// The last member of job's round in progress.
fn last_member<T: Config>(job: JobId) -> Option<Member<T::AccountId>> {
	match Reviews::<T>::get(job)?.phase {
		Phase::Voting { round, .. } => round.members.last().cloned(),
		_ => None,
	}
}

/// A review of a job of `model` by `provider` with a round of `kind` in progress, whose
/// members are `members` (all committed with score `score`, revealed if `revealed`), and
/// `earlier` members of an earlier round who revealed `score`.
fn audit_with<T: Config>(
	job: JobId,
	provider: &T::AccountId,
	model: ModelId,
	kind: RoundKind,
	members: &[T::AccountId],
	earlier: &[T::AccountId],
	score: u8,
	revealed: bool,
) -> ReviewOf<T> {
	let now = frame_system::Pallet::<T>::block_number();
	let salt = [1u8; 32];
	let member = |v: &T::AccountId, number: u8, revealed: bool| Member {
		verifier: v.clone(),
		stake: T::Registry::bond_of(v),
		commitment: Some(PoQ::<T>::commitment(job, number, v, score, &salt)),
		score: revealed.then_some(score),
	};
	let round = Round {
		kind,
		number: 1,
		commit_end: now.saturating_add(10u32.into()),
		reveal_end: now.saturating_add(20u32.into()),
		members: BoundedVec::truncate_from(
			members.iter().map(|v| member(v, 1, revealed)).collect(),
		),
	};
	let judged = BoundedVec::truncate_from(earlier.iter().map(|v| member(v, 0, true)).collect());
	Review {
		provider: provider.clone(),
		owner: funded::<T>("owner", 0),
		model,
		fee: DGRID,
		phase: Phase::Voting { round, judged },
		dispute: None,
		rounds: 2,
	}
}

/// A review of job 0 whose round of `kind` has `m / 2` members who stay silent, after earlier
/// rounds of `m / 2` members who revealed `score`; and its provider.
fn silent_round_after<T: Config>(
	m: u32,
	kind: RoundKind,
	score: u8,
) -> (ReviewOf<T>, T::AccountId) {
	let half = m / 2;
	let (model, ops) = offered::<T>(half.saturating_mul(2).saturating_add(1));
	let provider = ops.first().cloned().expect("operators");
	let silent: Vec<T::AccountId> = ops.iter().skip(1).take(half as usize).cloned().collect();
	let earlier: Vec<T::AccountId> = ops
		.iter()
		.skip(1usize.saturating_add(half as usize))
		.take(half as usize)
		.cloned()
		.collect();
	let audit = audit_with::<T>(0, &provider, model, kind, &silent, &earlier, score, false);
	(audit, provider)
}

#[benchmarks(where T: Config)]
mod benchmarks {
	use super::*;

	/// A block with nothing to draw and no timer.
	#[benchmark]
	fn on_initialize_empty() {
		let now = frame_system::Pallet::<T>::block_number();
		#[block]
		{
			PoQ::<T>::on_block(now);
		}
	}

	/// `n` results drawn, none audited, from `p` seasoned operators each seen first in the
	/// block: the draw's cost per result and per operator.
	#[benchmark]
	fn draw(n: Linear<1, 1_000>, p: Linear<1, { T::Jobs::max_offerers() }>) {
		let (model, ops) = offered::<T>(p);
		T::BenchmarkHelper::set_params(ProtocolParameters {
			audit_rate: ProtocolParameters::<BlockNumberFor<T>>::MIN_AUDIT_RATE,
			..params::<T>()
		});
		for op in &ops {
			AuditedResults::<T>::insert(op, u32::MAX / 2);
		}
		let answered_at = frame_system::Pallet::<T>::block_number();
		let now = after_window::<T>(answered_at);
		let seed = PoQ::<T>::seed();
		let mut job: JobId = 0;
		let mut results = Vec::new();
		for i in 0..n {
			let provider = ops.get((i % p) as usize).cloned().expect("p operators");
			let rate = PoQ::<T>::audit_rate(u32::MAX / 2, T::Reputation::reputation(&provider));
			// The next job id the draw misses.
			while PoQ::<T>::picked_for_audit(&seed, job, rate) {
				job = job.saturating_add(1);
			}
			results.push(NotedResult { job, provider, model, fee: DGRID, answered_at });
			job = job.saturating_add(1);
		}
		DrawBacklog::<T>::put(BoundedVec::truncate_from(results));
		#[block]
		{
			PoQ::<T>::run_draws(now, &seed, Weight::MAX);
		}
		assert!(DrawBacklog::<T>::get().is_empty());
		assert_eq!(Reviews::<T>::iter().count(), 0);
	}

	/// `a` results of a new operator, all audited: their model's `o` offerers read once (the
	/// draw keeps a block's verifier pools), a spot check of the largest size drawn for each.
	/// The first audit of a model in a block costs `draw_audit(o, 1)`, each further one
	/// `draw_audit(o, 2) - draw_audit(o, 1)`.
	#[benchmark]
	fn draw_audit(o: Linear<2, { T::Jobs::max_offerers() }>, a: Linear<1, 50>) {
		let (model, ops) = offered::<T>(o);
		let provider = ops.first().cloned().expect("two operators");
		let owner = funded::<T>("owner", 0);
		let answered_at = frame_system::Pallet::<T>::block_number();
		let results: Vec<NotedResultOf<T>> = (0..a)
			.map(|_| {
				let job =
					T::BenchmarkHelper::answered_job(&owner, &provider, &worker::<T>(0), model);
				NotedResult { job, provider: provider.clone(), model, fee: DGRID, answered_at }
			})
			.collect();
		let now = after_window::<T>(answered_at);
		DrawBacklog::<T>::put(BoundedVec::truncate_from(results));
		let seed = PoQ::<T>::seed();
		#[block]
		{
			PoQ::<T>::run_draws(now, &seed, Weight::MAX);
		}
		let voting = Reviews::<T>::iter().filter(|(_, r)| matches!(r.phase, Phase::Voting { .. }));
		assert_eq!(voting.count(), a as usize);
	}

	/// A committee of the largest size drawn among `o` offerers.
	#[benchmark]
	fn draw_round(o: Linear<2, { T::Jobs::max_offerers() }>) {
		let (model, ops) = offered::<T>(o);
		let provider = ops.first().cloned().expect("two operators");
		let mut review =
			audit_with::<T>(0, &provider, model, RoundKind::SpotCheck, &[], &[], 0, true);
		let called = frame_system::Pallet::<T>::block_number();
		review.phase = Phase::Due { kind: RoundKind::Committee, judged: BoundedVec::new(), called };
		Reviews::<T>::insert(0, review);
		let now = frame_system::Pallet::<T>::block_number();
		let seed = PoQ::<T>::seed();
		#[block]
		{
			PoQ::<T>::draw_due_round(0, &seed, now);
		}
		assert!(matches!(
			Reviews::<T>::get(0).map(|r| r.phase),
			Some(Phase::Voting { round: Round { kind: RoundKind::Committee, .. }, .. })
		));
	}

	/// The verdict of a confirmation panel of `m / 2` verifiers who all stayed silent (each
	/// penalized), after earlier rounds of `m / 2` who revealed a failing score, with no appeal
	/// period: the provider is slashed and the earlier verifiers rewarded from the slash. (`m`
	/// counts the members of both rounds: up to twice `MaxPanel`, linear beyond the range
	/// measured, which the market's offer bound limits.) A verdict that waits for an appeal
	/// does less; the appeal period's end does this verdict's judging and slashing, and is
	/// charged as this.
	#[benchmark]
	fn finalize(m: Linear<2, { T::MaxPanel::get() }>) {
		let (review, provider) = silent_round_after::<T>(m, RoundKind::Confirmation, 0);
		T::BenchmarkHelper::set_params(ProtocolParameters {
			appeal_period: 0u32.into(),
			..params::<T>()
		});
		let bond = T::Registry::bond_of(&provider);
		#[block]
		{
			PoQ::<T>::close_round(0, review);
		}
		assert!(T::Registry::bond_of(&provider) < bond, "the provider was slashed");
	}

	/// The verdict of a committee of `m / 2` verifiers who all stayed silent (each penalized),
	/// after a spot check of `m / 2` who revealed 100: the job passes, and the treasury pays
	/// the spot checkers. Every verdict that slashes nobody (a pass, a dispute's panel upholding
	/// the answer, a committee or panel called, a failure held for appeal) is charged as this;
	/// penalizing a silent member costs more than paying one, so a mix of silent and paid
	/// members bounds the rounds where all revealed.
	#[benchmark]
	fn finalize_pass(m: Linear<2, { T::MaxPanel::get() }>) {
		let (review, provider) = silent_round_after::<T>(m, RoundKind::Committee, 100);
		let bond = T::Registry::bond_of(&provider);
		#[block]
		{
			PoQ::<T>::close_round(0, review);
		}
		assert_eq!(T::Registry::bond_of(&provider), bond, "the provider was not slashed");
		assert!(matches!(
			Reviews::<T>::get(0).map(|r| r.phase),
			Some(Phase::Concluded(Verdict::Passed { .. })) | None
		));
	}

	/// A commitment by the last member of the largest round.
	#[benchmark]
	fn commit() {
		let n = ProtocolParameters::<BlockNumberFor<T>>::MAX_PANEL;
		let (model, ops) = offered::<T>(n.saturating_add(1));
		let provider = ops.first().cloned().expect("operators");
		let members: Vec<T::AccountId> = ops.iter().skip(1).cloned().collect();
		let mut review =
			audit_with::<T>(0, &provider, model, RoundKind::Committee, &members, &[], 0, false);
		if let Phase::Voting { round, .. } = &mut review.phase {
			if let Some(last) = round.members.last_mut() {
				last.commitment = None;
			}
		}
		Reviews::<T>::insert(0, review);
		let commitment = [3u8; 32];
		#[extrinsic_call]
		commit(RawOrigin::Signed(worker::<T>(n)), 0, commitment);
		assert!(last_member::<T>(0).and_then(|m| m.commitment).is_some());
	}

	/// A reveal by the last member of the largest round, the others not yet revealed.
	#[benchmark]
	fn reveal() {
		let n = ProtocolParameters::<BlockNumberFor<T>>::MAX_PANEL;
		let (model, ops) = offered::<T>(n.saturating_add(1));
		let provider = ops.first().cloned().expect("operators");
		let members: Vec<T::AccountId> = ops.iter().skip(1).cloned().collect();
		let review =
			audit_with::<T>(0, &provider, model, RoundKind::Committee, &members, &[], 60, false);
		Reviews::<T>::insert(0, review);
		#[extrinsic_call]
		reveal(RawOrigin::Signed(worker::<T>(n)), 0, 60, [1u8; 32]);
		assert!(last_member::<T>(0).and_then(|m| m.score).is_some());
	}

	/// A dispute by an operator of a job already under audit record (the heavier path reads
	/// and writes it).
	#[benchmark]
	fn dispute() {
		let (model, ops) = offered::<T>(2);
		let provider = ops.first().cloned().expect("operators");
		let challenger = ops.get(1).cloned().expect("operators");
		let owner = funded::<T>("owner", 0);
		let job = T::BenchmarkHelper::answered_job(&owner, &provider, &worker::<T>(0), model);
		#[extrinsic_call]
		dispute(RawOrigin::Signed(challenger), job);
		assert!(Reviews::<T>::get(job).and_then(|r| r.dispute).is_some());
	}

	/// An appeal of a failed audit by its provider.
	#[benchmark]
	fn appeal() {
		let (model, ops) = offered::<T>(2);
		let provider = ops.first().cloned().expect("operators");
		let mut review =
			audit_with::<T>(0, &provider, model, RoundKind::Confirmation, &[], &[], 0, true);
		let now = frame_system::Pallet::<T>::block_number();
		let ends = now.saturating_add(10u32.into());
		review.phase = Phase::Appealable { score: 0, ends, judged: BoundedVec::new() };
		Reviews::<T>::insert(0, review);
		#[extrinsic_call]
		appeal(RawOrigin::Signed(provider), 0);
		assert!(Reviews::<T>::get(0).and_then(|r| r.dispute).is_some());
	}

	/// The jury rejects a provider's appeal whose `m` panel members all failed the answer:
	/// slashed, the slash and the appeal bond shared by the user and the panel.
	#[benchmark]
	fn rule(m: Linear<1, { T::MaxPanel::get() }>) -> Result<(), BenchmarkError> {
		let (model, ops) = offered::<T>(m.saturating_add(1));
		let provider = ops.first().cloned().expect("operators");
		let challenger = provider.clone();
		let panel: Vec<T::AccountId> = ops.iter().skip(1).cloned().collect();
		let mut review =
			audit_with::<T>(0, &provider, model, RoundKind::Dispute, &[], &panel, 0, true);
		let Phase::Voting { judged, .. } = review.phase.clone() else {
			return Err(BenchmarkError::Stop("a round in progress"));
		};
		let ends = frame_system::Pallet::<T>::block_number().saturating_add(100u32.into());
		review.phase = Phase::Escalated { judged, ends };
		review.dispute = Some(0);
		Reviews::<T>::insert(0, review);
		let bond = DGRID;
		assert!(T::Currency::hold(&HoldReason::DisputeBond.into(), &challenger, bond).is_ok());
		let now = frame_system::Pallet::<T>::block_number();
		Disputes::<T>::insert(
			0,
			Dispute { job: 0, challenger, kind: DisputeKind::Appeal, bond, opened_at: now },
		);
		let origin = T::DisputeJuryOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		rule(origin as T::RuntimeOrigin, 0, Ruling::ProviderAtFault);
		assert!(Disputes::<T>::get(0).is_none());
		Ok(())
	}

	/// The DAO appoints a canary key.
	#[benchmark]
	fn set_canary_key() -> Result<(), BenchmarkError> {
		let key: T::AccountId = account("canary", 0, 0);
		let origin =
			T::CanaryOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		set_canary_key(origin as T::RuntimeOrigin, Some(key.clone()));
		assert_eq!(CanaryKey::<T>::get(), Some(key));
		Ok(())
	}

	/// A canary exposed at its worst: `m` verifiers passed it in earlier verdicts, each
	/// slashed (to repay a rejected challenger, then to the treasury), and a challenge of it
	/// is open with a panel of the largest size that failed it: the dispute ends, its bond is
	/// released, the panel's seats too, each of its members is paid, and the job is refunded.
	#[benchmark]
	fn expose_canary(
		m: Linear<1, { MaxJudged::<T::MaxPanel>::get() }>,
	) -> Result<(), BenchmarkError> {
		let panel = ProtocolParameters::<BlockNumberFor<T>>::MAX_PANEL;
		let (model, ops) = offered::<T>(panel.saturating_add(2));
		let provider = ops.first().cloned().expect("operators");
		let challenger = ops.get(1).cloned().expect("operators");
		let seated: Vec<T::AccountId> = ops.iter().skip(2).cloned().collect();
		// The passers: operators of other models (a model's offers are bounded), beyond the
		// ones above.
		let bond = T::Params::params().min_operator_bond.saturating_mul(2);
		let mut other = model;
		let passers: Vec<T::AccountId> = (0..m)
			.map(|i| {
				if i % panel == 0 {
					other = T::BenchmarkHelper::model();
				}
				let index = i.saturating_add(panel).saturating_add(2);
				let op = funded::<T>("operator", index);
				T::BenchmarkHelper::operator(&op, &worker::<T>(index), bond, other);
				op
			})
			.collect();
		// The panel's members all revealed a failing score: each is paid.
		let mut review =
			audit_with::<T>(0, &provider, model, RoundKind::Dispute, &seated, &[], 0, true);
		review.dispute = Some(0);
		let owner = review.owner.clone();
		let answered = T::BenchmarkHelper::answered_job(&owner, &provider, &worker::<T>(0), model);
		Reviews::<T>::insert(answered, review);
		for v in &seated {
			Seats::<T>::insert(v, 1);
		}
		let dispute_bond = DGRID;
		assert!(
			T::Currency::hold(&HoldReason::DisputeBond.into(), &challenger, dispute_bond).is_ok()
		);
		let now = frame_system::Pallet::<T>::block_number();
		Disputes::<T>::insert(
			0,
			Dispute {
				job: answered,
				challenger: challenger.clone(),
				kind: DisputeKind::Challenge,
				bond: dispute_bond,
				opened_at: now,
			},
		);
		Passers::<T>::insert(
			answered,
			PassRecord {
				owner: owner.clone(),
				provider: provider.clone(),
				passers: BoundedVec::truncate_from(passers.clone()),
				challengers: BoundedVec::truncate_from(alloc::vec![(
					challenger.clone(),
					DGRID.saturating_mul(1_000_000)
				)]),
			},
		);
		let payload = PoQ::<T>::canary_payload(answered, &owner, &provider);
		let (key, proof) = T::BenchmarkHelper::canary_proof(&payload);
		CanaryKey::<T>::put(key);
		let held: Vec<Balance> = passers.iter().map(T::Registry::held_by).collect();
		#[extrinsic_call]
		expose_canary(RawOrigin::Signed(owner), answered, proof);
		for (passer, before) in passers.iter().zip(held) {
			assert!(T::Registry::held_by(passer) < before, "every passer was slashed");
		}
		assert!(Disputes::<T>::get(0).is_none());
		Ok(())
	}

	impl_benchmark_test_suite!(PoQ, crate::mock::ExtBuilder::default().build(), crate::mock::Test);
}
use frame_support::{traits::fungible::MutateHold as _, weights::Weight};

//! The audit draw: which results are audited, with what randomness, and which verifiers are
//! drawn for a round.

use crate::*;
use alloc::{collections::btree_map::BTreeMap, vec::Vec};
use codec::Encode;
use dgrid_primitives::{ModelId, Settlement};
use frame_support::{weights::Weight, BoundedVec};
use sp_runtime::{
	traits::{One, Saturating},
	Perbill,
};

/// An operator that may verify a model's jobs, as a draw sees it.
#[derive(Clone)]
pub(crate) struct Eligible<AccountId> {
	/// The operator.
	pub operator: AccountId,
	/// Its bond: its weight in a round's median.
	pub bond: Balance,
	/// Its weight in the draw: bond × reputation².
	pub weight: Balance,
}

/// The operators that may verify a model's jobs.
pub(crate) type Pool<AccountId> = Vec<Eligible<AccountId>>;

/// An operator's standing in a block's draw.
#[derive(Clone, Copy)]
struct Standing {
	/// Its results audited (with a verifier drawn) before the one at hand.
	audited: u32,
	/// Its reputation at the block's start.
	reputation: Perbill,
}

impl<T: Config> Pallet<T> {
	/// The audit rate of an operator with `audited` results audited so far and `reputation`.
	pub fn audit_rate(audited: u32, reputation: Perbill) -> Perbill {
		let params = T::Params::params();
		if audited < params.new_operator_jobs {
			return Perbill::one();
		}
		let one = u64::from(Perbill::one().deconstruct());
		let distrust = one.saturating_sub(u64::from(reputation.deconstruct()));
		let factor = one.saturating_add(distrust.saturating_mul(3));
		let rate = u64::from(params.audit_rate.deconstruct())
			.saturating_mul(factor)
			.checked_div(one)
			.unwrap_or(one);
		Perbill::from_parts(rate.min(one) as u32)
	}

	/// Keep this block's randomness (the parent block's VRF output, or its hash without one)
	/// among the last [`Config::DrawWindow`] blocks', with the parent's author; note this
	/// block's author for the next. Returns this block's draw seed.
	pub(crate) fn note_randomness() -> [u8; 32] {
		let (random, _) = T::Randomness::random(b"dgrid/poq/draw");
		let output = match random {
			Some(r) => sp_io::hashing::blake2_256(&r.encode()),
			None => sp_io::hashing::blake2_256(&frame_system::Pallet::<T>::parent_hash().encode()),
		};
		let window = T::DrawWindow::get().max(1) as usize;
		fn push<V, S: frame_support::traits::Get<u32>>(
			recent: &mut BoundedVec<V, S>,
			window: usize,
			value: V,
		) {
			let keep = window.saturating_sub(1).min(recent.len());
			let drop = recent.len().saturating_sub(keep);
			recent.drain(..drop);
			let _ = recent.try_push(value);
		}
		RecentRandomness::<T>::mutate(|recent| push(recent, window, output));
		let parent_author = LastAuthor::<T>::get();
		RecentAuthors::<T>::mutate(|recent| push(recent, window, parent_author));
		let digest = frame_system::Pallet::<T>::digest();
		let author = <T::FindAuthor as frame_support::traits::FindAuthor<u32>>::find_author(
			digest.logs.iter().filter_map(|d| d.as_pre_runtime()),
		);
		LastAuthor::<T>::set(author);
		Self::seed()
	}

	/// Whether the draw window's randomness came from two authors at least (or from authors
	/// unknown, or a chain of one author): only then does a draw not wait.
	pub fn window_has_two_authors() -> bool {
		if T::AuthorCount::get() <= 1 {
			return true;
		}
		let authors = RecentAuthors::<T>::get();
		let mut known = authors.iter();
		match known.next() {
			Some(Some(first)) => known.any(|a| a.is_none_or(|a| a != *first)),
			_ => true,
		}
	}

	/// This block's draw seed: every randomness of the draw window, mixed.
	pub fn seed() -> [u8; 32] {
		Self::mix(&RecentRandomness::<T>::get())
	}

	/// The draw seed of a window's randomness, oldest first.
	pub fn mix(recent: &[[u8; 32]]) -> [u8; 32] {
		sp_io::hashing::blake2_256(&(b"dgrid/poq/seed", recent).encode())
	}

	/// A uniform draw in `[0, 2^64)` for `subject` under `seed`.
	fn draw_u64(seed: &[u8; 32], subject: impl Encode) -> u64 {
		let digest = sp_io::hashing::blake2_256(&(seed, subject).encode());
		let mut word = [0u8; 8];
		word.copy_from_slice(digest.get(..8).unwrap_or(&[0u8; 8]));
		u64::from_le_bytes(word)
	}

	/// Whether `job` is picked for audit at `rate` under `seed`.
	pub fn picked_for_audit(seed: &[u8; 32], job: JobId, rate: Perbill) -> bool {
		Self::within(Self::draw_u64(seed, job), rate)
	}

	/// Whether a draw of `x` in `[0, 2^64)` falls within `rate`.
	fn within(x: u64, rate: Perbill) -> bool {
		let threshold = u128::from(rate.deconstruct()) << 64;
		u128::from(x).saturating_mul(u128::from(Perbill::one().deconstruct())) < threshold
	}

	/// The verifier pool of `model`: eligible operators offering it, with their bonds and draw
	/// weights. A verifier is drawn in proportion to its bond times the square of its
	/// reputation, which falls each time its score is clipped: operators that verify badly, and
	/// new ones (who start at half), are drawn less.
	pub(crate) fn pool(model: ModelId) -> Pool<T::AccountId> {
		T::Jobs::offerers(model)
			.into_iter()
			.filter_map(|operator| {
				let reputation = T::Registry::standing(&operator)?;
				let bond = T::Registry::bond_of(&operator);
				let weight = reputation.mul_floor(reputation.mul_floor(bond)).max(1);
				Some(Eligible { operator, bond, weight })
			})
			.collect()
	}

	/// Draw up to `n` members from `pool` by weight, without replacement, leaving out
	/// `excluded`.
	pub(crate) fn select(
		pool: &Pool<T::AccountId>,
		excluded: &[&T::AccountId],
		n: u32,
		seed: &[u8; 32],
		job: JobId,
		round: u8,
	) -> BoundedVec<Member<T::AccountId>, T::MaxPanel> {
		let mut left: Pool<T::AccountId> =
			pool.iter().filter(|e| !excluded.contains(&&e.operator)).cloned().collect();
		let mut members = BoundedVec::new();
		let wanted = n.min(T::MaxPanel::get());
		for i in 0..wanted {
			let total = left.iter().fold(0u128, |sum, e| sum.saturating_add(e.weight));
			if total == 0 {
				break;
			}
			let x = u128::from(Self::draw_u64(seed, (job, round, i)))
				.checked_rem(total)
				.unwrap_or(0);
			let mut acc = 0u128;
			let Some(pick) = left.iter().position(|e| {
				acc = acc.saturating_add(e.weight);
				x < acc
			}) else {
				break;
			};
			let Eligible { operator, bond, .. } = left.swap_remove(pick);
			let member = Member { verifier: operator, stake: bond, commitment: None, score: None };
			if members.try_push(member).is_err() {
				break;
			}
		}
		members
	}

	/// Put a timer in the first bucket from `at` with room, within
	/// [`dgrid_primitives::SCHEDULE_WINDOW`] blocks.
	pub(crate) fn schedule(at: BlockNumberFor<T>, timer: Timer) -> Option<BlockNumberFor<T>> {
		dgrid_primitives::schedule(at, |block| Timers::<T>::try_append(block, timer).is_ok())
	}

	/// Draw audits among the results waiting, oldest first, within `budget`; then queue this
	/// block's results for the next draw. Charged [`WeightInfo::draw`] for the results drawn
	/// and the distinct operators they came from, plus each audit started and each waiting job
	/// concluded.
	pub(crate) fn run_draws(now: BlockNumberFor<T>, seed: &[u8; 32], budget: Weight) -> Weight {
		let worst_audit = T::WeightInfo::draw_audit(T::Jobs::max_offerers(), 1)
			.saturating_add(T::Jobs::conclude_weight());
		let challenge = T::Params::params().challenge_period;
		let read = T::DbWeight::get().reads(1);
		// Results of this block and earlier have the whole window's randomness after them; a
		// window of one author waits for another, up to the longest delay.
		let delay = if Self::window_has_two_authors() {
			T::DrawWindow::get().saturating_add(1)
		} else {
			dgrid_primitives::params::MAX_DRAW_DELAY
		};
		let ripe = now.saturating_sub(delay.into());
		let waiting = DrawBacklog::<T>::take();
		let mut operators: BTreeMap<T::AccountId, Standing> = BTreeMap::new();
		let mut pools: BTreeMap<ModelId, Pool<T::AccountId>> = BTreeMap::new();
		let mut left: Vec<NotedResultOf<T>> = Vec::new();
		let mut drawn_through = DrawnThrough::<T>::get();
		let (mut results, mut extra) = (0u32, Weight::zero());
		let used = |results: u32, operators: u32, extra: Weight| {
			T::WeightInfo::draw(results, operators).saturating_add(extra)
		};
		for result in waiting {
			let next = used(
				results.saturating_add(1),
				(operators.len() as u32).saturating_add(1),
				extra.saturating_add(worst_audit),
			);
			if !left.is_empty() || result.answered_at > ripe || next.any_gt(budget) {
				left.push(result);
				continue;
			}
			results = results.saturating_add(1);
			let (job, answered_at) = (result.job, result.answered_at);
			let standing = *operators.entry(result.provider.clone()).or_insert_with(|| Standing {
				audited: AuditedResults::<T>::get(&result.provider),
				reputation: T::Reputation::reputation(&result.provider),
			});
			drawn_through = drawn_through.max(answered_at.saturating_sub(One::one()));
			let rate = Self::audit_rate(standing.audited, standing.reputation);
			// A job disputed before its draw is already under review: the dispute decides.
			let disputed = || Reviews::<T>::contains_key(job);
			if !Self::picked_for_audit(seed, job, rate) {
				// A job whose challenge period ended before its draw waits for it.
				if answered_at.saturating_add(challenge) <= now {
					extra.saturating_accrue(read);
					if !disputed() {
						T::Jobs::conclude(job, Settlement::Pay(Perbill::one()));
						extra.saturating_accrue(T::Jobs::conclude_weight());
					}
				}
				continue;
			}
			extra.saturating_accrue(read);
			if disputed() {
				continue;
			}
			// The model's verifier pool is read once a block: its first audit pays for it.
			let first = !pools.contains_key(&result.model);
			let pool = pools.entry(result.model).or_insert_with(|| Self::pool(result.model));
			extra.saturating_accrue(Self::draw_audit_weight(pool.len() as u32, first));
			let Some(owner) = T::Jobs::answered(job).map(|a| a.owner) else {
				// Refunded or paid out meanwhile: nothing to audit.
				continue;
			};
			if Self::start_audit(&result, owner, pool, seed, now) {
				// Only an audit with a verifier counts towards the provider's probation.
				operators.insert(
					result.provider.clone(),
					Standing { audited: standing.audited.saturating_add(1), ..standing },
				);
			} else {
				// Nobody to verify: the job is paid as unaudited, and earns no standing.
				Self::deposit_event(Event::AuditSkipped { job });
				if answered_at.saturating_add(challenge) <= now {
					T::Jobs::conclude(job, Settlement::Pay(Perbill::one()));
					extra.saturating_accrue(T::Jobs::conclude_weight());
				}
			}
		}
		let distinct = operators.len() as u32;
		for (operator, standing) in operators {
			AuditedResults::<T>::insert(operator, standing.audited);
		}
		match left.first() {
			// Never backwards: a window of one author holds back results a block before it
			// would have drawn, whose settlements may already have been told to go on.
			Some(r) => {
				drawn_through =
					drawn_through.max(r.answered_at.saturating_sub(One::one()).min(ripe))
			},
			None => drawn_through = drawn_through.max(ripe),
		}
		DrawnThrough::<T>::put(drawn_through);
		// The last block's results wait in the backlog for their window.
		left.extend(NewResults::<T>::take());
		DrawBacklog::<T>::put(BoundedVec::truncate_from(left));
		used(results, distinct, extra)
	}
}

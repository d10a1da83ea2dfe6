//! `try_state`: the invariants every block and every test ends with.

use crate::*;
use alloc::collections::btree_map::BTreeMap;
use frame_support::ensure;

impl<T: Config> Pallet<T> {
	/// Dispute bonds held equal the open disputes; disputes and reviews point at each other;
	/// a review's phase agrees with its dispute; rounds were started and commit before they
	/// reveal; verifier seats equal the members of open rounds; every escalation's jury
	/// deadline is still to come; the slash pot is empty between blocks; the timer cursor
	/// never runs ahead of the chain; a job's pass record keeps somebody and agrees with its
	/// review.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use sp_runtime::traits::{One, Saturating};
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			TimerCursor::<T>::get() <= now.saturating_add(One::one()),
			"the timer cursor ran ahead of the chain"
		);
		ensure!(
			T::Currency::total_balance(&Self::account_id()) == 0,
			"slashed funds were left in the slash pot"
		);
		let mut seats: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		let mut bonds: BTreeMap<T::AccountId, Balance> = BTreeMap::new();
		for (id, d) in Disputes::<T>::iter() {
			let held = bonds.entry(d.challenger.clone()).or_default();
			*held = held.saturating_add(d.bond);
			ensure!(
				Reviews::<T>::get(d.job).is_some_and(|r| r.dispute == Some(id)),
				"an open dispute's review does not point at it"
			);
		}
		for (who, sum) in bonds {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::DisputeBond.into(), &who) == sum,
				"DisputeBond hold differs from the challenger's open disputes"
			);
		}
		for (job, review) in Reviews::<T>::iter() {
			if let Some(id) = review.dispute {
				ensure!(Disputes::<T>::contains_key(id), "a review points at a closed dispute");
			}
			let disputed = review.dispute.is_some();
			match &review.phase {
				Phase::Voting { round, .. } => {
					for m in &round.members {
						let n = seats.entry(m.verifier.clone()).or_default();
						*n = n.saturating_add(1);
					}
					ensure!(round.number < review.rounds, "a round's number was never started");
					ensure!(
						round.commit_end <= round.reveal_end,
						"a round reveals before it commits"
					);
					ensure!(
						round.kind != RoundKind::Dispute || disputed,
						"a dispute's round without a dispute"
					);
				},
				Phase::Due { kind, .. } => ensure!(
					*kind != RoundKind::Dispute || disputed,
					"a dispute's round due without a dispute"
				),
				Phase::Appealable { .. } => {
					ensure!(!disputed, "an appeal is open on a disputed review")
				},
				Phase::Escalated { ends, .. } => {
					ensure!(disputed, "an escalated review has no dispute");
					ensure!(
						Timers::<T>::get(ends.saturating_add(One::one()))
							.contains(&Timer::Jury(job)),
						"an escalation has no jury deadline to come"
					);
				},
				Phase::Concluded(_) => ensure!(!disputed, "a concluded review has a dispute"),
			}
		}
		for (verifier, n) in Seats::<T>::iter() {
			ensure!(
				seats.remove(&verifier) == Some(n),
				"a verifier's seats differ from its places in open rounds"
			);
		}
		ensure!(seats.is_empty(), "a verifier in an open round has no seat recorded");
		for (job, record) in Passers::<T>::iter() {
			ensure!(
				!record.passers.is_empty() || !record.challengers.is_empty(),
				"a job's pass record keeps nobody"
			);
			ensure!(
				Reviews::<T>::get(job)
					.is_none_or(|r| r.owner == record.owner && r.provider == record.provider),
				"a job's pass record names another owner or provider than its review"
			);
		}
		Ok(())
	}
}

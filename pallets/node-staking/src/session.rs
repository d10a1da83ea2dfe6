//! Node staking as the runtime's session manager: validator elections at session boundaries
//! and the session reward pools.

use crate::*;
use frame_support::{dispatch::DispatchClass, traits::Get, weights::Weight, BoundedVec};

impl<T: Config> Pallet<T> {
	/// Elect the top `MaxValidators` candidates by active bond (ties by account) among those
	/// eligible and with session keys.
	pub fn elect() -> Vec<T::AccountId> {
		let min_bond = T::Params::params().min_operator_bond;
		let mut ranked: Vec<(Balance, T::AccountId)> = Candidates::<T>::get()
			.into_iter()
			.filter(T::HasSessionKeys::contains)
			.filter_map(|who| {
				Operators::<T>::get(&who)
					.filter(|o| o.bonded >= min_bond)
					.map(|o| (o.bonded, who))
			})
			.collect();
		ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
		ranked.truncate(T::MaxValidators::get() as usize);
		ranked.into_iter().map(|(_, who)| who).collect()
	}

	/// Move the session's reward pool from the treasury to the reward account, if anyone
	/// earned merit in it: the session reward, but no more than the protocol fees paid in the
	/// session (the total merit), so the treasury never pays out more than it took in.
	pub(crate) fn set_session_rewards(session: SessionIndex) {
		let total_points = SessionTotalPoints::<T>::take(session);
		if total_points == 0 {
			return;
		}
		let treasury = T::Treasury::get();
		let reward_account = Self::reward_account();
		// The reward account keeps the existential deposit, so that no claim can reap it and
		// lose what the other operators are owed.
		let endowment =
			T::Currency::minimum_balance().saturating_sub(T::Currency::balance(&reward_account));
		let available =
			T::Currency::reducible_balance(&treasury, Preservation::Preserve, Fortitude::Polite)
				.saturating_sub(endowment);
		let wanted = T::Params::params().session_reward.min(total_points).min(available);
		let pool = if wanted > 0 {
			T::Currency::transfer(
				&treasury,
				&reward_account,
				wanted.saturating_add(endowment),
				Preservation::Preserve,
			)
			.map(|moved| moved.saturating_sub(endowment))
			.unwrap_or(0)
		} else {
			0
		};
		SessionPayouts::<T>::insert(session, SessionPayout { pool, total_points, claimed: 0 });
		Self::deposit_event(Event::SessionRewardsSet { session, pool, total_points });
	}
}

impl<T: Config> Pallet<T> {
	/// Whether `session`'s claim window is over: it ended more than [`Config::ClaimWindow`]
	/// sessions ago.
	pub fn claim_expired(session: SessionIndex) -> bool {
		session.saturating_add(T::ClaimWindow::get()) < CurrentSession::<T>::get()
	}

	/// Expire the rewards of sessions whose claim window is over, oldest first, within
	/// `remaining` weight: remove their unclaimed merit points, then return what is left of
	/// their pool to the treasury. What does not fit waits for the next block.
	pub(crate) fn expire_rewards(remaining: Weight) -> Weight {
		let db = T::DbWeight::get();
		let per_check = db.reads(2);
		let per_point = db.reads_writes(1, 1);
		// Closing a session: the look-ahead read of one more point, its payout read and
		// removed, the pool's rest moved (a transfer, as a claim makes), the cursor written.
		let per_session = T::WeightInfo::claim_reward().saturating_add(db.reads_writes(2, 2));
		if per_check.any_gt(remaining) {
			return Weight::zero();
		}
		let mut used = per_check;
		let mut cursor = ExpiryCursor::<T>::get();
		while Self::claim_expired(cursor) {
			let room = remaining
				.saturating_sub(used)
				.saturating_sub(per_session)
				.ref_time()
				.checked_div(per_point.ref_time().max(1))
				.unwrap_or(0);
			if used.saturating_add(per_session).any_gt(remaining) {
				break;
			}
			let take = usize::try_from(room).unwrap_or(usize::MAX);
			let points: Vec<T::AccountId> = SessionPoints::<T>::iter_key_prefix(cursor)
				.take(take.saturating_add(1))
				.collect();
			let done = points.len() <= take;
			for operator in points.into_iter().take(take) {
				used.saturating_accrue(per_point);
				SessionPoints::<T>::remove(cursor, &operator);
			}
			if !done {
				break;
			}
			used.saturating_accrue(per_session);
			if let Some(payout) = SessionPayouts::<T>::take(cursor) {
				let rest = payout.pool.saturating_sub(payout.claimed);
				let returned = if rest > 0 {
					T::Currency::transfer(
						&Self::reward_account(),
						&T::Treasury::get(),
						rest,
						Preservation::Preserve,
					)
					.unwrap_or(0)
				} else {
					0
				};
				Self::deposit_event(Event::SessionRewardsExpired { session: cursor, returned });
			}
			cursor = cursor.saturating_add(1);
		}
		ExpiryCursor::<T>::put(cursor);
		used
	}
}

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		let candidates = Candidates::<T>::decode_len().unwrap_or(0) as u32;
		frame_system::Pallet::<T>::register_extra_weight_unchecked(
			T::WeightInfo::elect_validators(candidates),
			DispatchClass::Mandatory,
		);
		let elected = Self::elect();
		if elected.is_empty() {
			log::warn!(target: "dgrid::staking", "session {new_index}: nobody electable, set unchanged");
			return None;
		}
		let set = BoundedVec::<T::AccountId, T::MaxValidators>::truncate_from(elected.clone());
		log::info!(target: "dgrid::staking", "session {new_index}: {} validators elected", set.len());
		Validators::<T>::put(&set);
		Self::deposit_event(Event::ValidatorsElected { session: new_index, validators: set });
		Some(elected)
	}

	fn new_session_genesis(_new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		let set = Validators::<T>::get();
		(!set.is_empty()).then(|| set.into_inner())
	}

	fn end_session(end_index: SessionIndex) {
		frame_system::Pallet::<T>::register_extra_weight_unchecked(
			T::WeightInfo::end_session(),
			DispatchClass::Mandatory,
		);
		Self::set_session_rewards(end_index);
	}

	fn start_session(start_index: SessionIndex) {
		CurrentSession::<T>::put(start_index);
	}
}

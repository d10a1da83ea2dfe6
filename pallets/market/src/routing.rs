//! On-chain routing: deterministic, auditable, and the same for `submit_job` and the `quote`
//! runtime API.
//!
//! 1. Read the model's offers (one storage item, at most `MaxOffersPerModel` entries).
//! 2. Filter, in this order, remembering which stage emptied the list for the error: the
//!    operator is eligible (one registry read per offer, which also gives its reputation); it
//!    has free capacity; it passes the
//!    policy (prices per 1,000 tokens, allow/deny lists, minimum reputation); its worst-case
//!    cost plus the creator fee is within `max_fee`.
//! 3. Rank by the policy's strategy; ties are broken by `blake2(randomness ‖ job id ‖
//!    operator)`, with BABE's randomness from one epoch ago, so nobody can steer ties.
//! 4. Keep the first `MaxRouteLen`: the primary and its fallbacks.
//!
//! Cost: one read of the offer list plus one operator read per offer, and an `n log n` sort
//! over at most `MaxOffersPerModel` entries — independent of how many jobs exist, linear in the
//! offers for the model, bounded by `MaxOffersPerModel`. `submit_job` is charged for the bound
//! and refunded to the offers actually read.

use crate::*;
use alloc::vec::Vec;
use codec::Encode;
use sp_runtime::{PerThing, Perbill};

/// One offer that passed the filters, with what ranking needs.
#[derive(Clone, Debug)]
pub struct Candidate<AccountId> {
	/// The offer, as it stands now.
	pub offer: Offer<AccountId>,
	/// Its worst-case cost for the job, creator fee excluded.
	pub cost: Balance,
	/// The operator's reputation.
	pub reputation: Perbill,
	/// Random tie-break.
	pub tiebreak: u64,
}

/// `tokens × price / 1000`, rounded up.
pub fn token_cost(tokens: u32, price_per_1k: Balance) -> Balance {
	let raw = Balance::from(tokens).saturating_mul(price_per_1k);
	raw.saturating_add(999) / 1000
}

/// What a job with these bounds costs at most with these prices.
pub fn worst_case_cost(
	max_in: u32,
	max_out: u32,
	price_in: Balance,
	price_out: Balance,
) -> Balance {
	token_cost(max_in, price_in).saturating_add(token_cost(max_out, price_out))
}

/// The candidates routing kept, best first, or why there are none.
pub type Ranking<AccountId> = Result<Vec<Candidate<AccountId>>, RouteError>;

/// What a job's target resolves to: the model, the billable input bound, the creator fee.
pub struct Resolved<AccountId> {
	/// The model that runs.
	pub model: ModelId,
	/// Most input tokens billable.
	pub max_input_tokens: u32,
	/// The agent's creator and fee, for agent calls.
	pub creator_fee: Option<(AccountId, Balance)>,
}

impl<T: Config> Pallet<T> {
	/// Resolve a target and check the job fits the model.
	pub fn resolve(
		target: JobTarget,
		input_len: u32,
		max_output_tokens: u32,
	) -> Result<Resolved<T::AccountId>, RouteError> {
		let (model, prompt_len, creator_fee) = match target {
			JobTarget::Model(model) => (model, 0u32, None),
			JobTarget::Agent(agent) => {
				let agent = Agents::<T>::get(agent).ok_or(RouteError::UnknownAgent)?;
				let prompt = agent.system_prompt.len() as u32;
				(agent.model, prompt, Some((agent.creator, agent.fee_per_call)))
			},
		};
		let entry = Models::<T>::get(model).ok_or(RouteError::UnknownModel)?;
		if entry.status != ModelStatus::Listed {
			return Err(RouteError::ModelDelisted);
		}
		let max_input_tokens = input_len
			.saturating_add(prompt_len)
			.saturating_add(T::ChatTemplateTokens::get());
		if max_input_tokens.saturating_add(max_output_tokens) > entry.context_length {
			return Err(RouteError::ExceedsContextLength);
		}
		Ok(Resolved { model, max_input_tokens, creator_fee })
	}

	/// Filter and rank the offers for a job. Returns the route (best first, at most
	/// `MaxRouteLen`) and how many offers were read.
	pub fn rank(
		model: ModelId,
		max_input_tokens: u32,
		max_output_tokens: u32,
		creator_fee: Balance,
		max_fee: Balance,
		policy: &PolicyOf<T>,
		seed: &[u8],
	) -> (Ranking<T::AccountId>, u32) {
		let offers = ModelOffers::<T>::get(model);
		let read = offers.len() as u32;
		if offers.is_empty() {
			return (Err(RouteError::NoProviderForModel), read);
		}
		let mut stage_error = RouteError::NoProviderForModel;
		let mut candidates = Vec::with_capacity(offers.len());
		for offer in offers {
			if offer.capacity == 0 {
				continue;
			}
			let Some(reputation) = T::Registry::standing(&offer.operator) else { continue };
			if offer.in_flight >= offer.capacity {
				stage_error = stage_error.max_stage(RouteError::AllProvidersBusy);
				continue;
			}
			stage_error = stage_error.max_stage(RouteError::NoProviderMatchesPolicy);
			let price_ok = policy.max_price_in.is_none_or(|m| offer.price_in <= m)
				&& policy.max_price_out.is_none_or(|m| offer.price_out <= m);
			let listed_ok = (policy.allow.is_empty() || policy.allow.contains(&offer.operator))
				&& !policy.deny.contains(&offer.operator);
			if !price_ok || !listed_ok || reputation < policy.min_reputation {
				continue;
			}
			stage_error = stage_error.max_stage(RouteError::MaxFeeBelowCheapestOffer);
			let cost = worst_case_cost(
				max_input_tokens,
				max_output_tokens,
				offer.price_in,
				offer.price_out,
			);
			if cost.saturating_add(creator_fee) > max_fee {
				continue;
			}
			let tiebreak = tiebreak(seed, &offer.operator);
			candidates.push(Candidate { offer, cost, reputation, tiebreak });
		}
		if candidates.is_empty() {
			return (Err(stage_error), read);
		}
		order(&mut candidates, policy.strategy, T::DefaultLatencyMs::get());
		candidates.truncate(T::MaxRouteLen::get() as usize);
		(Ok(candidates), read)
	}

	/// Rank the offers for a resolved job that would get id `job`; returns the ranking and
	/// how many offers were read.
	pub fn route_for(
		resolved: &Resolved<T::AccountId>,
		max_output_tokens: u32,
		max_fee: Balance,
		policy: &PolicyOf<T>,
		job: JobId,
	) -> (Ranking<T::AccountId>, u32) {
		Self::rank(
			resolved.model,
			resolved.max_input_tokens,
			max_output_tokens,
			resolved.creator_fee_amount(),
			max_fee,
			policy,
			&Self::routing_seed(job),
		)
	}

	/// The routing seed of a job: BABE randomness mixed with the job id.
	pub fn routing_seed(job: JobId) -> Vec<u8> {
		let (random, _) = T::Randomness::random(&(b"dgrid/route", job).encode());
		(random, job).encode()
	}

	/// What `submit_job` would do now for this job: the route in order and the hold.
	pub fn quote(
		target: JobTarget,
		input_len: u32,
		max_output_tokens: u32,
		max_fee: Balance,
		policy: PolicyOf<T>,
	) -> Result<Quote<T::AccountId>, RouteError> {
		let resolved = Self::resolve(target, input_len, max_output_tokens)?;
		let creator_fee = resolved.creator_fee_amount();
		let next = NextJobId::<T>::get();
		let (route, _) = Self::route_for(&resolved, max_output_tokens, max_fee, &policy, next);
		let route = route?;
		let hold = hold_for(&route, creator_fee);
		Ok(Quote {
			model: resolved.model,
			max_input_tokens: resolved.max_input_tokens,
			creator_fee,
			hold,
			route: route
				.into_iter()
				.map(|c| QuotedOffer {
					operator: c.offer.operator,
					price_in: c.offer.price_in,
					price_out: c.offer.price_out,
					worst_case_cost: c.cost,
					latency_ms: c.offer.latency_ms,
					reputation: c.reputation,
				})
				.collect(),
		})
	}
}

impl<AccountId> Resolved<AccountId> {
	/// The creator fee, zero for a model job.
	pub fn creator_fee_amount(&self) -> Balance {
		self.creator_fee.as_ref().map(|(_, fee)| *fee).unwrap_or(0)
	}
}

/// The hold for a route: the worst case over every operator on it, plus the creator fee.
pub fn hold_for<AccountId>(route: &[Candidate<AccountId>], creator_fee: Balance) -> Balance {
	route.iter().map(|c| c.cost).max().unwrap_or(0).saturating_add(creator_fee)
}

fn tiebreak<AccountId: Encode>(seed: &[u8], operator: &AccountId) -> u64 {
	let digest = sp_io::hashing::blake2_256(&(seed, operator).encode());
	let mut word = [0u8; 8];
	word.copy_from_slice(digest.get(..8).unwrap_or(&[0u8; 8]));
	u64::from_le_bytes(word)
}

/// Sort candidates best first for `strategy`.
fn order<AccountId>(
	candidates: &mut [Candidate<AccountId>],
	strategy: Strategy,
	default_latency: u32,
) {
	let latency = |c: &Candidate<AccountId>| {
		if c.offer.latency_ms == 0 {
			default_latency.max(1)
		} else {
			c.offer.latency_ms
		}
	};
	match strategy {
		Strategy::Cheapest => candidates.sort_by_key(|c| (c.cost, c.tiebreak)),
		Strategy::Fastest => candidates.sort_by_key(|c| (latency(c), c.tiebreak)),
		Strategy::BestQuality => {
			candidates.sort_by_key(|c| (core::cmp::Reverse(c.reputation), c.tiebreak))
		},
		Strategy::Balanced => {
			// Each part is the candidate's standing relative to the best candidate on that
			// axis, in [0, 1]; the score is their sum (higher is better).
			let best_cost = candidates.iter().map(|c| c.cost).min().unwrap_or(0);
			let best_latency = candidates.iter().map(latency).min().unwrap_or(1);
			let score = |c: &Candidate<AccountId>| -> u64 {
				let price = if c.cost == 0 {
					Perbill::one()
				} else {
					Perbill::from_rational(best_cost, c.cost)
				};
				let speed = Perbill::from_rational(best_latency, latency(c));
				u64::from(price.deconstruct())
					.saturating_add(u64::from(speed.deconstruct()))
					.saturating_add(u64::from(c.reputation.deconstruct()))
			};
			candidates.sort_by_key(|c| (core::cmp::Reverse(score(c)), c.tiebreak));
		},
	}
}

impl RouteError {
	/// Of two stages that emptied the candidate list, the later one (the more specific
	/// error).
	fn max_stage(self, other: RouteError) -> RouteError {
		if other.stage() > self.stage() {
			other
		} else {
			self
		}
	}

	fn stage(&self) -> u8 {
		match self {
			RouteError::UnknownModel
			| RouteError::UnknownAgent
			| RouteError::ModelDelisted
			| RouteError::ExceedsContextLength => 0,
			RouteError::NoProviderForModel => 1,
			RouteError::AllProvidersBusy => 2,
			RouteError::NoProviderMatchesPolicy => 3,
			RouteError::MaxFeeBelowCheapestOffer => 4,
		}
	}
}

impl<T: Config> From<RouteError> for Error<T> {
	fn from(e: RouteError) -> Self {
		match e {
			RouteError::UnknownModel => Error::<T>::UnknownModel,
			RouteError::UnknownAgent => Error::<T>::UnknownAgent,
			RouteError::ModelDelisted => Error::<T>::ModelDelisted,
			RouteError::ExceedsContextLength => Error::<T>::ExceedsContextLength,
			RouteError::NoProviderForModel => Error::<T>::NoProviderForModel,
			RouteError::AllProvidersBusy => Error::<T>::AllProvidersBusy,
			RouteError::NoProviderMatchesPolicy => Error::<T>::NoProviderMatchesPolicy,
			RouteError::MaxFeeBelowCheapestOffer => Error::<T>::MaxFeeBelowCheapestOffer,
		}
	}
}

/// Fold a latency report into an offer's moving average (the first report sets it).
pub(crate) fn add_latency_sample(ema: u32, sample: u32, alpha: Perbill) -> u32 {
	if ema == 0 {
		return sample;
	}
	alpha.left_from_one().mul_floor(ema).saturating_add(alpha.mul_floor(sample))
}

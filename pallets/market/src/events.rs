//! The market's events (a job's whole history is its receipt) and errors (each says what to
//! fix), imported into the pallet as a section.

use frame_support::pallet_macros::pallet_section;

#[pallet_section]
mod events {
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A model was listed in the catalogue.
		ModelListed {
			/// Its id.
			model: ModelId,
			/// Who listed it.
			owner: T::AccountId,
		},
		/// A model was delisted by curation; its deposit went to the treasury.
		ModelDelisted {
			/// Its id.
			model: ModelId,
		},
		/// An operator made or changed an offer.
		OfferSet {
			/// The model.
			model: ModelId,
			/// The operator.
			operator: T::AccountId,
			/// Price per 1,000 input tokens.
			price_in: Balance,
			/// Price per 1,000 output tokens.
			price_out: Balance,
			/// Jobs in flight it takes.
			capacity: u32,
		},
		/// A full model's offer of an operator no longer eligible, with no job in flight, gave
		/// its place to a new offer.
		OfferEvicted {
			/// The model.
			model: ModelId,
			/// The operator whose offer was removed.
			operator: T::AccountId,
		},
		/// An operator withdrew an offer. Jobs already assigned to it stay assigned.
		OfferWithdrawn {
			/// The model.
			model: ModelId,
			/// The operator.
			operator: T::AccountId,
		},
		/// An agent was published.
		AgentPublished {
			/// Its id.
			agent: AgentId,
			/// Its creator.
			creator: T::AccountId,
			/// Its base model.
			model: ModelId,
			/// Creator fee per call.
			fee_per_call: Balance,
		},
		/// An agent's creator fee changed; calls already submitted keep the old fee.
		AgentFeeSet {
			/// The agent.
			agent: AgentId,
			/// The new fee per call.
			fee_per_call: Balance,
		},
		/// An agent was retired and its deposit released.
		AgentRetired {
			/// The agent.
			agent: AgentId,
		},
		/// A job was routed and its worst-case cost held.
		JobSubmitted {
			/// The job.
			job: JobId,
			/// Who pays.
			owner: T::AccountId,
			/// The model that runs.
			model: ModelId,
			/// The operator assigned first.
			provider: T::AccountId,
			/// Fallback operators on the route.
			fallbacks: u32,
			/// Amount held from the owner.
			hold: Balance,
			/// Last block for the provider's result.
			deadline: BlockNumberFor<T>,
		},
		/// A job moved to the next operator on its route.
		JobReassigned {
			/// The job.
			job: JobId,
			/// The operator that missed its deadline or declined.
			from: T::AccountId,
			/// The operator now responsible.
			to: T::AccountId,
			/// Its deadline.
			deadline: BlockNumberFor<T>,
		},
		/// The assigned operator declined a job it cannot serve.
		JobDeclined {
			/// The job.
			job: JobId,
			/// The operator.
			operator: T::AccountId,
		},
		/// A provider's result landed.
		JobCompleted {
			/// The job.
			job: JobId,
			/// The provider.
			operator: T::AccountId,
			/// Input tokens billed.
			input_tokens: u32,
			/// Output tokens billed.
			output_tokens: u32,
			/// Latency the provider observed, milliseconds.
			latency_ms: u32,
			/// Block at which it settles unless challenged.
			settle_at: BlockNumberFor<T>,
		},
		/// A job was paid out.
		JobSettled {
			/// The job.
			job: JobId,
			/// The provider.
			provider: T::AccountId,
			/// Paid to the provider.
			provider_fee: Balance,
			/// Paid to the agent creator.
			creator_fee: Balance,
			/// Paid to the treasury.
			protocol_fee: Balance,
			/// Paid to the verifiers who audited it, when it was audited (out of the
			/// provider's part).
			verification_fee: Balance,
			/// Returned to the user.
			refund: Balance,
		},
		/// No operator on the route answered, or the answer failed its audit or lost a
		/// dispute; the user was refunded in full.
		JobFailed {
			/// The job.
			job: JobId,
			/// Returned to the user.
			refund: Balance,
		},
		/// A finished job's record and result were removed after the retention period.
		JobPruned {
			/// The job.
			job: JobId,
		},
		/// An operator's node reported it is up, with its backends' latency for some models.
		Heartbeat {
			/// The operator.
			operator: T::AccountId,
			/// How many models' latencies it reported.
			models: u32,
		},
		/// An answered job's challenge period ended while its audit or a dispute is still
		/// open: it is paid out or refunded when Proof of Quality concludes.
		JobVerifying {
			/// The job.
			job: JobId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No model with this id.
		UnknownModel,
		/// The model was delisted: pick another model.
		ModelDelisted,
		/// The model name is empty.
		EmptyName,
		/// The context length must be above zero.
		ZeroContextLength,
		/// Not enough free balance for the deposit or the job's hold.
		InsufficientBalance,
		/// Only eligible operators (registered, bonded at least the minimum) can offer, answer
		/// and send heartbeats.
		NotEligibleOperator,
		/// Capacity must be above zero.
		ZeroCapacity,
		/// The model has as many offers as it can take, all of eligible operators or with jobs
		/// in flight.
		TooManyOffers,
		/// The caller has no offer for this model.
		NoSuchOffer,
		/// No agent with this id.
		UnknownAgent,
		/// Only the agent's creator can do this.
		NotAgentCreator,
		/// The agent still has calls in flight: retire it once they finish.
		AgentHasJobsInFlight,
		/// The job input is empty.
		EmptyInput,
		/// `max_output_tokens` must be above zero.
		ZeroMaxOutput,
		/// Input plus maximum output exceeds the model's context length: shorten the input or
		/// lower `max_output_tokens`.
		ExceedsContextLength,
		/// No eligible operator offers this model.
		NoProviderForModel,
		/// Every provider of this model is at capacity: retry shortly.
		AllProvidersBusy,
		/// No provider passes the policy's price, reputation and allow/deny filters: relax the
		/// policy.
		NoProviderMatchesPolicy,
		/// `max_fee` is below the worst-case cost of every acceptable provider: raise it (see
		/// the `quote` runtime API).
		MaxFeeBelowCheapestOffer,
		/// Too many jobs are due in the coming blocks, or too many results wait for the audit
		/// draw: retry shortly.
		TooBusy,
		/// A `submit_results` batch with no result in it.
		EmptyBatch,
		/// The operator's last heartbeat is more recent than `HeartbeatPeriod` blocks.
		HeartbeatTooSoon,
		/// No job with this id.
		UnknownJob,
		/// The caller is not a registered worker key.
		NotAWorker,
		/// The job is not waiting for a result (answered, settled or failed).
		JobNotAssigned,
		/// The job is assigned to another operator.
		NotAssignedToYou,
		/// The job's deadline has passed.
		DeadlinePassed,
		/// More output tokens than the job allows.
		OutputTokensAboveMax,
		/// More input tokens than the job's input can contain.
		InputTokensAboveBound,
		/// Arithmetic overflow.
		Overflow,
		/// A `submit_results` batch answers the same job twice.
		DuplicateResult,
	}
}

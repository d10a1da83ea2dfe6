//! Plain data types of the market: catalogue entries, offers, agents, jobs and routing policies.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use dgrid_primitives::Hash as H256;
use dgrid_primitives::{AgentId, Balance, JobId, ModelId};
use frame_support::{
	pallet_prelude::Get, BoundedVec, CloneNoBound, DebugNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// What kind of model a catalogue entry is.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum ModelKind {
	/// A chat/completions language model.
	Llm,
	/// An embedding model.
	Embedding,
}

/// Whether a catalogue entry can take new offers and jobs.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum ModelStatus {
	/// Listed: offers and jobs are accepted.
	Listed,
	/// Delisted by the DAO's model curation: no new offers or jobs; jobs in flight finish.
	Delisted,
}

/// A model in the catalogue.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxNameLen))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct Model<AccountId, MaxNameLen: Get<u32>>
where
	AccountId: Clone + PartialEq + core::fmt::Debug,
{
	/// Who listed it and paid the listing deposit.
	pub owner: AccountId,
	/// The name providers serve it under (e.g. `llama3.1:8b-instruct-q4_K_M`).
	pub name: BoundedVec<u8, MaxNameLen>,
	/// Digest of the weights and tokenizer, so verifiers can tell the exact model.
	pub digest: H256,
	/// Context length in tokens: input plus output of a job must fit.
	pub context_length: u32,
	/// LLM or embedding.
	pub kind: ModelKind,
	/// Listing deposit held from the owner (moved to the treasury if curation delists).
	pub deposit: Balance,
	/// Listed or delisted.
	pub status: ModelStatus,
}

/// A provider's offer to serve a model, as routing sees it.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Offer<AccountId> {
	/// The operator serving it.
	pub operator: AccountId,
	/// Price per 1,000 input tokens, in Planck.
	pub price_in: Balance,
	/// Price per 1,000 output tokens, in Planck.
	pub price_out: Balance,
	/// Jobs the operator takes in flight at once for this model.
	pub capacity: u32,
	/// Jobs assigned and not yet answered.
	pub in_flight: u32,
	/// Exponential moving average of reported latency in milliseconds; 0 until the first
	/// result.
	pub latency_ms: u32,
}

/// A published agent: a base model, a system prompt and a creator fee per call.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxPromptLen))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct Agent<AccountId, MaxPromptLen: Get<u32>>
where
	AccountId: Clone + PartialEq + core::fmt::Debug,
{
	/// The creator, who earns the fee on every settled call.
	pub creator: AccountId,
	/// The base model calls run on.
	pub model: ModelId,
	/// The system prompt prepended to every call.
	pub system_prompt: BoundedVec<u8, MaxPromptLen>,
	/// Creator fee per call, in Planck.
	pub fee_per_call: Balance,
	/// Deposit held from the creator until the agent is retired.
	pub deposit: Balance,
	/// Calls submitted and not yet settled or failed.
	pub in_flight: u32,
}

/// What a job runs: a catalogue model directly, or an agent.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum JobTarget {
	/// A model from the catalogue.
	Model(ModelId),
	/// An agent (its base model, with its system prompt and creator fee).
	Agent(AgentId),
}

/// How routing ranks the offers that pass the policy's filters.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum Strategy {
	/// Lowest worst-case cost first.
	Cheapest,
	/// Lowest latency (moving average of reported latencies) first.
	Fastest,
	/// Highest reputation first.
	BestQuality,
	/// Equal parts price, latency and reputation, each relative to the best offer.
	Balanced,
}

/// A user's routing policy: filters, then a ranking strategy.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxList))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct RoutingPolicy<AccountId, MaxList: Get<u32>>
where
	AccountId: Clone + PartialEq + core::fmt::Debug,
{
	/// How to rank the offers that pass the filters.
	pub strategy: Strategy,
	/// Highest acceptable price per 1,000 input tokens, if any.
	pub max_price_in: Option<Balance>,
	/// Highest acceptable price per 1,000 output tokens, if any.
	pub max_price_out: Option<Balance>,
	/// Lowest acceptable operator reputation.
	pub min_reputation: Perbill,
	/// Only these operators, if not empty.
	pub allow: BoundedVec<AccountId, MaxList>,
	/// Never these operators.
	pub deny: BoundedVec<AccountId, MaxList>,
}

impl<AccountId: Clone + PartialEq + core::fmt::Debug, MaxList: Get<u32>>
	RoutingPolicy<AccountId, MaxList>
{
	/// No filters beyond the job's own fee cap, ranked by `strategy`.
	pub fn with_strategy(strategy: Strategy) -> Self {
		Self {
			strategy,
			max_price_in: None,
			max_price_out: None,
			min_reputation: Perbill::zero(),
			allow: BoundedVec::new(),
			deny: BoundedVec::new(),
		}
	}
}

/// One operator on a job's route, with the prices it offered when the job was routed. Those
/// prices apply to the job whatever the operator's offer says later.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Assignment<AccountId> {
	/// The operator.
	pub operator: AccountId,
	/// Its price per 1,000 input tokens at routing time.
	pub price_in: Balance,
	/// Its price per 1,000 output tokens at routing time.
	pub price_out: Balance,
}

/// Where a job is in its life.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum JobStatus<BlockNumber> {
	/// Waiting for the assigned operator's result until `deadline`.
	Assigned {
		/// Last block at which the result is accepted.
		deadline: BlockNumber,
	},
	/// Answered; settles at `settle_at` unless challenged.
	Completed {
		/// Block at which the challenge period ends and the job settles.
		settle_at: BlockNumber,
	},
	/// Paid out. Kept until the retention period ends.
	Settled,
	/// No provider answered in time, or the answer failed its audit or lost a dispute; the
	/// user was refunded in full.
	Failed,
	/// Answered and past its challenge period, but Proof of Quality has not concluded yet (an
	/// audit or dispute is open): the escrow stays held until it does.
	Verifying,
}

/// An inference job.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxInputLen, MaxRouteLen, MaxOutputLen))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct Job<
	AccountId,
	BlockNumber,
	MaxInputLen: Get<u32>,
	MaxRouteLen: Get<u32>,
	MaxOutputLen: Get<u32>,
> where
	AccountId: Clone + PartialEq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + core::fmt::Debug,
{
	/// Who submitted and pays.
	pub owner: AccountId,
	/// What was asked for.
	pub target: JobTarget,
	/// The model that runs (the agent's base model for agent calls).
	pub model: ModelId,
	/// OpenAI chat messages, as JSON bytes.
	pub input: BoundedVec<u8, MaxInputLen>,
	/// Most input tokens a provider may bill: input bytes, plus the agent's system prompt,
	/// plus the chat-template allowance.
	pub max_input_tokens: u32,
	/// Most output tokens the user pays for.
	pub max_output_tokens: u32,
	/// What is held from the owner under `JobEscrow`: the worst case over the route plus the
	/// creator fee, less what paid its verifiers. Zero once settled or failed.
	pub hold: Balance,
	/// The storage deposit held from the owner under `StorageDeposit` while the job is open:
	/// `DepositPerByte` for each byte of its input and of the longest answer. Zero once
	/// settled or failed.
	pub deposit: Balance,
	/// Paid out of the hold to the verifiers of a job that passed its audit (the
	/// verification fee): the provider's part is less by it.
	pub verified: Balance,
	/// The agent creator and its fee, for agent calls.
	pub creator_fee: Option<(AccountId, Balance)>,
	/// The primary operator first, then the fallbacks.
	pub route: BoundedVec<Assignment<AccountId>, MaxRouteLen>,
	/// Index into `route` of the operator currently responsible.
	pub attempt: u32,
	/// Where the job is.
	pub status: JobStatus<BlockNumber>,
	/// Block of submission.
	pub submitted_at: BlockNumber,
	/// Block it was settled or failed in; pruned `retention_period` blocks later.
	pub finished_at: Option<BlockNumber>,
	/// The answer, once the assigned operator's result landed.
	pub result: Option<JobResult<AccountId, BlockNumber, MaxOutputLen>>,
}

impl<
		AccountId: Clone + PartialEq + core::fmt::Debug,
		BlockNumber: Clone + PartialEq + core::fmt::Debug,
		MaxInputLen: Get<u32>,
		MaxRouteLen: Get<u32>,
		MaxOutputLen: Get<u32>,
	> Job<AccountId, BlockNumber, MaxInputLen, MaxRouteLen, MaxOutputLen>
{
	/// The operator currently responsible, with its prices.
	pub fn assignment(&self) -> Option<&Assignment<AccountId>> {
		self.route.get(self.attempt as usize)
	}

	/// Whether the job still holds the owner's funds.
	pub fn is_open(&self) -> bool {
		matches!(
			self.status,
			JobStatus::Assigned { .. } | JobStatus::Completed { .. } | JobStatus::Verifying
		)
	}
}

/// A provider's answer to a job.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxOutputLen))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct JobResult<AccountId, BlockNumber, MaxOutputLen: Get<u32>>
where
	AccountId: Clone + PartialEq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + core::fmt::Debug,
{
	/// The operator that answered.
	pub operator: AccountId,
	/// The model's output (the assistant message content), UTF-8 bytes.
	pub output: BoundedVec<u8, MaxOutputLen>,
	/// Input tokens the provider billed (from the backend's usage).
	pub input_tokens: u32,
	/// Output tokens the provider billed.
	pub output_tokens: u32,
	/// Backend latency the provider observed, in milliseconds.
	pub latency_ms: u32,
	/// Block the result landed in.
	pub submitted_at: BlockNumber,
}

/// One result in a `submit_results` batch: a job's answer and the usage the backend reported.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxOutputLen))]
pub struct ResultReport<MaxOutputLen: Get<u32>> {
	/// The job answered.
	pub job: JobId,
	/// The model's output (the assistant message content), UTF-8 bytes.
	pub output: BoundedVec<u8, MaxOutputLen>,
	/// Input tokens billed (from the backend's usage).
	pub input_tokens: u32,
	/// Output tokens billed.
	pub output_tokens: u32,
	/// Backend latency observed, in milliseconds.
	pub latency_ms: u32,
}

/// What a timer does when its block comes.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum Timer {
	/// The assigned operator's deadline: fail over if it has not answered.
	Deadline(dgrid_primitives::JobId),
	/// The end of the challenge period: settle the job.
	Settle(dgrid_primitives::JobId),
}

/// Why routing found no operator for a job.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum RouteError {
	/// The model does not exist.
	UnknownModel,
	/// The agent does not exist.
	UnknownAgent,
	/// The model was delisted.
	ModelDelisted,
	/// Input plus maximum output exceeds the model's context length.
	ExceedsContextLength,
	/// No eligible operator offers the model.
	NoProviderForModel,
	/// Every eligible provider is at capacity.
	AllProvidersBusy,
	/// No provider passes the policy's price, reputation and allow/deny filters.
	NoProviderMatchesPolicy,
	/// Every provider that passes the filters costs more than `max_fee` in the worst case.
	MaxFeeBelowCheapestOffer,
}

/// One ranked candidate of a quote.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct QuotedOffer<AccountId> {
	/// The operator.
	pub operator: AccountId,
	/// Price per 1,000 input tokens.
	pub price_in: Balance,
	/// Price per 1,000 output tokens.
	pub price_out: Balance,
	/// Most this operator can charge for the job (creator fee excluded).
	pub worst_case_cost: Balance,
	/// Latency moving average, milliseconds (0: no results yet).
	pub latency_ms: u32,
	/// Operator reputation.
	pub reputation: Perbill,
}

/// What `submit_job` would do right now: the route in order, and the hold.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct Quote<AccountId> {
	/// The model that would run.
	pub model: ModelId,
	/// Most input tokens billable.
	pub max_input_tokens: u32,
	/// The creator fee, for agent calls.
	pub creator_fee: Balance,
	/// What would be held from the user.
	pub hold: Balance,
	/// The route: primary first, then the fallbacks.
	pub route: alloc::vec::Vec<QuotedOffer<AccountId>>,
}

//! `dgrid_quote` and `dgrid_job`: thin JSON-RPC wrappers over the market's runtime API.
//!
//! Balances are decimal strings (JavaScript numbers lose precision above 2^53); accounts are
//! SS58 strings; job input and output are UTF-8 text (lossy for invalid bytes).

use std::sync::Arc;

use dgrid_runtime::{opaque::Block, AccountId, Runtime};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::ErrorObject, ErrorObjectOwned},
};
use pallet_market::{
	runtime_api::MarketApi as MarketRuntimeApi, JobOf, JobStatus, JobTarget, PolicyOf,
	RoutingPolicy, Strategy,
};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::{traits::Block as BlockT, BoundedVec, Perbill};

/// What to quote: a model or an agent, the job's size and the routing policy.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QuoteRequest {
	/// The model to run; exactly one of `model` and `agent`.
	pub model: Option<u32>,
	/// The agent to call; exactly one of `model` and `agent`.
	pub agent: Option<u32>,
	/// Bytes of input (the OpenAI chat messages as JSON).
	pub input_len: u32,
	/// Most output tokens.
	pub max_output_tokens: u32,
	/// Most the user is willing to pay, in Planck (decimal string); default: no cap.
	pub max_fee: Option<String>,
	/// `cheapest` (default), `fastest`, `bestQuality` or `balanced`.
	pub strategy: Option<String>,
	/// Highest price per 1,000 input tokens, Planck (decimal string).
	pub max_price_in: Option<String>,
	/// Highest price per 1,000 output tokens, Planck (decimal string).
	pub max_price_out: Option<String>,
	/// Lowest reputation, in percent.
	pub min_reputation_percent: Option<u8>,
	/// Only these operators (SS58).
	#[serde(default)]
	pub allow: Vec<AccountId>,
	/// Never these operators (SS58).
	#[serde(default)]
	pub deny: Vec<AccountId>,
}

/// One operator on a quoted route.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuotedOfferView {
	operator: AccountId,
	price_in: String,
	price_out: String,
	worst_case_cost: String,
	latency_ms: u32,
	reputation_percent: f64,
}

/// A quote: the route `submit_job` would take now and what it would hold.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuoteView {
	model: u32,
	max_input_tokens: u32,
	creator_fee: String,
	hold: String,
	route: Vec<QuotedOfferView>,
}

/// A job's receipt: where it is, who served it, what it cost and its output.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobView {
	id: u64,
	owner: AccountId,
	model: u32,
	agent: Option<u32>,
	status: String,
	deadline: Option<u32>,
	settle_at: Option<u32>,
	hold: String,
	route: Vec<AccountId>,
	assigned: Option<AccountId>,
	submitted_at: u32,
	max_input_tokens: u32,
	max_output_tokens: u32,
	input: String,
	result: Option<JobResultView>,
}

/// A provider's answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobResultView {
	operator: AccountId,
	output: String,
	input_tokens: u32,
	output_tokens: u32,
	latency_ms: u32,
	submitted_at: u32,
}

/// DGrid market queries.
#[rpc(server)]
pub trait DgridMarketApi<BlockHash> {
	/// The route and hold `submit_job` would produce now, or why it would be refused.
	#[method(name = "dgrid_quote")]
	fn quote(&self, request: QuoteRequest, at: Option<BlockHash>) -> RpcResult<QuoteView>;

	/// A job and its result while they are on chain; `null` for an unknown or pruned job.
	#[method(name = "dgrid_job")]
	fn job(&self, id: u64, at: Option<BlockHash>) -> RpcResult<Option<JobView>>;
}

/// Implementation of [`DgridMarketApiServer`] over a client.
pub struct DgridMarket<C> {
	client: Arc<C>,
}

impl<C> DgridMarket<C> {
	/// Serve the market queries from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

fn invalid(message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObject::owned(-32602, message.into(), None::<()>)
}

fn runtime_error(e: impl std::fmt::Debug) -> ErrorObjectOwned {
	ErrorObject::owned(-32000, format!("runtime API call failed: {e:?}"), None::<()>)
}

fn balance(field: &str, value: &Option<String>) -> Result<Option<u128>, ErrorObjectOwned> {
	value
		.as_ref()
		.map(|v| v.parse::<u128>().map_err(|_| invalid(format!("{field}: not a decimal amount"))))
		.transpose()
}

type MaxList = <Runtime as pallet_market::Config>::MaxPolicyListLen;

fn bounded(
	field: &str,
	list: Vec<AccountId>,
) -> Result<BoundedVec<AccountId, MaxList>, ErrorObjectOwned> {
	use sp_runtime::traits::Get;
	BoundedVec::try_from(list).map_err(|_| {
		invalid(format!("{field}: at most {} operators", <MaxList as Get<u32>>::get()))
	})
}

fn policy(request: &QuoteRequest) -> Result<PolicyOf<Runtime>, ErrorObjectOwned> {
	let strategy = match request.strategy.as_deref().unwrap_or("cheapest") {
		"cheapest" => Strategy::Cheapest,
		"fastest" => Strategy::Fastest,
		"bestQuality" => Strategy::BestQuality,
		"balanced" => Strategy::Balanced,
		other => {
			return Err(invalid(format!(
				"unknown strategy {other:?}: use cheapest, fastest, bestQuality or balanced"
			)))
		},
	};
	let mut policy = RoutingPolicy::with_strategy(strategy);
	policy.max_price_in = balance("maxPriceIn", &request.max_price_in)?;
	policy.max_price_out = balance("maxPriceOut", &request.max_price_out)?;
	policy.min_reputation =
		Perbill::from_percent(u32::from(request.min_reputation_percent.unwrap_or(0)));
	policy.allow = bounded("allow", request.allow.clone())?;
	policy.deny = bounded("deny", request.deny.clone())?;
	Ok(policy)
}

fn text(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

fn percent(p: Perbill) -> f64 {
	f64::from(p.deconstruct()) / 10_000_000.0
}

fn job_view(id: u64, job: JobOf<Runtime>) -> JobView {
	let (status, deadline, settle_at) = match job.status {
		JobStatus::Assigned { deadline } => ("assigned", Some(deadline), None),
		JobStatus::Completed { settle_at } => ("completed", None, Some(settle_at)),
		JobStatus::Settled => ("settled", None, None),
		JobStatus::Failed => ("failed", None, None),
		JobStatus::Verifying => ("verifying", None, None),
	};
	JobView {
		id,
		owner: job.owner.clone(),
		model: job.model,
		agent: match job.target {
			JobTarget::Agent(a) => Some(a),
			JobTarget::Model(_) => None,
		},
		status: status.into(),
		deadline,
		settle_at,
		hold: job.hold.to_string(),
		route: job.route.iter().map(|a| a.operator.clone()).collect(),
		assigned: job.assignment().map(|a| a.operator.clone()),
		submitted_at: job.submitted_at,
		max_input_tokens: job.max_input_tokens,
		max_output_tokens: job.max_output_tokens,
		input: text(&job.input),
		result: job.result.map(|r| JobResultView {
			operator: r.operator,
			output: text(&r.output),
			input_tokens: r.input_tokens,
			output_tokens: r.output_tokens,
			latency_ms: r.latency_ms,
			submitted_at: r.submitted_at,
		}),
	}
}

impl<C> DgridMarketApiServer<<Block as BlockT>::Hash> for DgridMarket<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: MarketRuntimeApi<Block, AccountId, PolicyOf<Runtime>, JobOf<Runtime>>,
{
	fn quote(
		&self,
		request: QuoteRequest,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<QuoteView> {
		let target = match (request.model, request.agent) {
			(Some(m), None) => JobTarget::Model(m),
			(None, Some(a)) => JobTarget::Agent(a),
			_ => return Err(invalid("give exactly one of model and agent")),
		};
		let policy = policy(&request)?;
		let max_fee = balance("maxFee", &request.max_fee)?.unwrap_or(u128::MAX);
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let quote = self
			.client
			.runtime_api()
			.quote(at, target, request.input_len, request.max_output_tokens, max_fee, policy)
			.map_err(runtime_error)?
			.map_err(|e| ErrorObject::owned(1, format!("{e:?}"), None::<()>))?;
		Ok(QuoteView {
			model: quote.model,
			max_input_tokens: quote.max_input_tokens,
			creator_fee: quote.creator_fee.to_string(),
			hold: quote.hold.to_string(),
			route: quote
				.route
				.into_iter()
				.map(|q| QuotedOfferView {
					operator: q.operator,
					price_in: q.price_in.to_string(),
					price_out: q.price_out.to_string(),
					worst_case_cost: q.worst_case_cost.to_string(),
					latency_ms: q.latency_ms,
					reputation_percent: percent(q.reputation),
				})
				.collect(),
		})
	}

	fn job(&self, id: u64, at: Option<<Block as BlockT>::Hash>) -> RpcResult<Option<JobView>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let found = self.client.runtime_api().job(at, id).map_err(runtime_error)?;
		Ok(found.map(|job| job_view(id, job)))
	}
}

//! The market's runtime API: what `submit_job` would do (`quote`) and a job's receipt (`job`).
//! The node's `dgrid_quote` and `dgrid_job` RPCs wrap it.

use crate::{JobTarget, Quote, RouteError};
use codec::Codec;
use dgrid_primitives::{Balance, JobId};

sp_api::decl_runtime_apis! {
	/// Queries of the DGrid market.
	///
	/// `Policy` is the runtime's routing policy type; `JobRecord` its job type.
	pub trait MarketApi<AccountId, Policy, JobRecord>
	where
		AccountId: Codec,
		Policy: Codec,
		JobRecord: Codec,
	{
		/// The route and hold `submit_job` would produce now for a job with `input_len` input
		/// bytes, or why it would be refused. The same ranking as submission, without
		/// submitting.
		fn quote(
			target: JobTarget,
			input_len: u32,
			max_output_tokens: u32,
			max_fee: Balance,
			policy: Policy,
		) -> Result<Quote<AccountId>, RouteError>;

		/// A job with its result, while it is on chain (until pruned after retention).
		fn job(id: JobId) -> Option<JobRecord>;
	}
}

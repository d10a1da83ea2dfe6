//! The verifier role of the off-chain worker: each block, an operator's node re-runs the audited
//! jobs its operator was drawn to verify on its own inference backends
//! ([`dgrid_offchain_worker::backend`]), scores the provider's answer
//! ([`dgrid_offchain_worker::score`]), commits the score with a random salt, and reveals it
//! once reveals open, all signed by its worker key (key type `dgwk`).
//!
//! - **Which jobs**: reviews with a round in progress (audits, disputes and appeals) whose
//!   members include an operator whose worker key is in the node's keystore.
//! - **Once**: a job's round is scored once per node; the score and salt are kept in the
//!   node's persistent local storage (claimed with a compare-and-set, so concurrent runs do
//!   not re-run it), and the reveal uses exactly what was committed.
//! - **Retries**: a commit or reveal not on chain [`RESEND_AFTER`] blocks after it was sent is
//!   sent again, while its period lasts.
//! - A job the node cannot re-run (no backend for the model, every backend failing) is tried
//!   again [`RESEND_AFTER`] blocks later, while the commit period lasts. If it never can, it is
//!   not committed: the verifier takes the non-reveal penalty, as it would for any missed duty.

use crate::*;
use alloc::{format, string::String};
use codec::{Decode, Encode};
use core::marker::PhantomData;
use dgrid_offchain_worker::{
	backend::Backends,
	infer::{infer, Job as InferJob, OffchainHttp},
	openai::BackendError,
	score::{score, Usage},
	OffchainRole,
};
use frame_support::traits::Get;
use frame_system::offchain::{AppCrypto, CreateSignedTransaction};
use sp_runtime::{offchain::storage::StorageValueRef, traits::Saturating};

/// Blocks after which a commit or reveal that did not land is sent again.
pub const RESEND_AFTER: u32 = 3;

/// Blocks after which a re-run that never finished (its node stopped) may be started again.
pub const STALE_RUN: u32 = 10;

/// Most pruned jobs whose local records (scores and salts) a run of the worker removes.
pub const SWEEP_PER_RUN: u32 = 64;

/// What a node keeps for a round it verifies.
#[derive(Clone, PartialEq, Eq, Encode, Decode, Debug)]
pub enum Verification<BlockNumber> {
	/// Being re-run since this block (by this or a concurrent run).
	Running(BlockNumber),
	/// Scored: the score, its salt, and when the commit and reveal were last sent.
	Scored {
		/// The score committed.
		score: u8,
		/// The salt committed with it.
		salt: [u8; 32],
		/// When the commit was last sent.
		committed_at: Option<BlockNumber>,
		/// When the reveal was last sent.
		revealed_at: Option<BlockNumber>,
	},
	/// The job could not be re-run at this block; it is tried again [`RESEND_AFTER`] blocks
	/// later.
	Failed(BlockNumber),
}

/// The verifier role, signing with keys of `C` and giving each backend request `Timeout` ms.
pub struct SignedVerifier<T, C, Timeout>(PhantomData<(T, C, Timeout)>);

impl<T, C, Timeout> OffchainRole<BlockNumberFor<T>> for SignedVerifier<T, C, Timeout>
where
	T: Config + CreateSignedTransaction<Call<T>>,
	C: AppCrypto<T::Public, T::Signature>,
	Timeout: Get<u64>,
{
	fn run(now: BlockNumberFor<T>) {
		let backends = Backends::configured();
		for (signer_public, worker) in dgrid_primitives::worker::keystore_workers::<T, C>() {
			let Some(operator) = T::Registry::operator_of_worker(&worker) else { continue };
			Self::verify(now, &operator, signer_public, &backends);
		}
		// The scores of pruned jobs, every round's (a job has at most
		// `MAX_ROUNDS_TO_VERDICT` rounds).
		dgrid_primitives::worker::sweep_local_storage(
			b"dgrid::poq::verifications-swept",
			SWEEP_PER_RUN,
			T::Jobs::pruned,
			|job| {
				for round in 0..dgrid_primitives::params::MAX_ROUNDS_TO_VERDICT {
					let key = format!("dgrid::poq::verification::{job}::{round}");
					StorageValueRef::persistent(key.as_bytes()).clear();
				}
			},
		);
	}
}

impl<T, C, Timeout> SignedVerifier<T, C, Timeout>
where
	T: Config + CreateSignedTransaction<Call<T>>,
	C: AppCrypto<T::Public, T::Signature>,
	Timeout: Get<u64>,
{
	fn verify(
		now: BlockNumberFor<T>,
		operator: &T::AccountId,
		public: T::Public,
		backends: &Backends,
	) {
		let due = |sent: Option<BlockNumberFor<T>>| {
			sent.is_none_or(|at| now >= at.saturating_add(RESEND_AFTER.into()))
		};
		for (job, review) in Reviews::<T>::iter() {
			let Phase::Voting { round, .. } = &review.phase else { continue };
			let Some(member) = round.members.iter().find(|m| &m.verifier == operator) else {
				continue;
			};
			let key = format!("dgrid::poq::verification::{job}::{}", round.number);
			let store = StorageValueRef::persistent(key.as_bytes());
			match (member.commitment, member.score) {
				(None, _) if now <= round.commit_end => {
					let Some((score, salt, committed_at)) =
						Self::scored(now, job, &store, backends)
					else {
						continue;
					};
					if !due(committed_at) {
						continue;
					}
					let commitment =
						Pallet::<T>::commitment(job, round.number, operator, score, &salt);
					let call = Call::commit { job, commitment };
					let sent =
						dgrid_primitives::worker::send_signed::<T, C, _>(public.clone(), call)
							.is_ok();
					if sent {
						log::info!(target: "dgrid::poq", "job {job}: scored {score}, committed");
						Self::note_sent(&store, Some(now), None);
					}
				},
				(Some(_), None) if now <= round.reveal_end => {
					let all_committed = round.members.iter().all(|m| m.commitment.is_some());
					if !all_committed && now <= round.commit_end {
						continue;
					}
					let Ok(Some(Verification::Scored { score, salt, revealed_at, .. })) =
						store.get::<Verification<BlockNumberFor<T>>>()
					else {
						continue;
					};
					if !due(revealed_at) {
						continue;
					}
					let call = Call::reveal { job, score, salt };
					let sent =
						dgrid_primitives::worker::send_signed::<T, C, _>(public.clone(), call)
							.is_ok();
					if sent {
						log::info!(target: "dgrid::poq", "job {job}: score {score} revealed");
						Self::note_sent(&store, None, Some(now));
					}
				},
				_ => {},
			}
		}
	}

	/// The round's score, salt and last commit, re-running the job first if this node has not
	/// yet; `None` if another run is re-running it or it cannot be re-run.
	fn scored(
		now: BlockNumberFor<T>,
		job: JobId,
		store: &StorageValueRef,
		backends: &Backends,
	) -> Option<(u8, [u8; 32], Option<BlockNumberFor<T>>)> {
		let claimed = store.mutate(|state: Result<Option<Verification<BlockNumberFor<T>>>, _>| {
			match state {
				Ok(Some(Verification::Scored { .. })) => Err(()),
				// A backend that failed is tried again after a while.
				Ok(Some(Verification::Failed(at)))
					if now < at.saturating_add(RESEND_AFTER.into()) =>
				{
					Err(())
				},
				// A run that died mid-way is retried after a while.
				Ok(Some(Verification::Running(at)))
					if now < at.saturating_add(STALE_RUN.into()) =>
				{
					Err(())
				},
				_ => Ok(Verification::Running(now)),
			}
		});
		if claimed.is_err() {
			return match store.get::<Verification<BlockNumberFor<T>>>() {
				Ok(Some(Verification::Scored { score, salt, committed_at, .. })) => {
					Some((score, salt, committed_at))
				},
				_ => None,
			};
		}
		match Self::rerun(job, backends) {
			Ok(score) => {
				let salt = sp_io::offchain::random_seed();
				store.set(&Verification::<BlockNumberFor<T>>::Scored {
					score,
					salt,
					committed_at: None,
					revealed_at: None,
				});
				Some((score, salt, None))
			},
			Err(e) => {
				log::warn!(target: "dgrid::poq", "job {job}: cannot re-run it to verify ({e:?})");
				store.set(&Verification::<BlockNumberFor<T>>::Failed(now));
				None
			},
		}
	}

	fn note_sent(
		store: &StorageValueRef,
		committed: Option<BlockNumberFor<T>>,
		revealed: Option<BlockNumberFor<T>>,
	) {
		if let Ok(Some(Verification::Scored { score, salt, committed_at, revealed_at })) =
			store.get::<Verification<BlockNumberFor<T>>>()
		{
			store.set(&Verification::Scored {
				score,
				salt,
				committed_at: committed.or(committed_at),
				revealed_at: revealed.or(revealed_at),
			});
		}
	}

	/// Re-run the job's request on this node's backends and score the provider's answer.
	fn rerun(job: JobId, backends: &Backends) -> Result<u8, BackendError> {
		let replay = T::Jobs::replay(job).ok_or(BackendError::NoBackend)?;
		let model_name = String::from_utf8_lossy(&replay.model_name).into_owned();
		let served = infer(
			&mut OffchainHttp,
			backends.of(replay.model),
			&InferJob {
				id: job,
				messages: &replay.input,
				system_prompt: replay.system_prompt.as_deref(),
				model_name: &model_name,
				max_tokens: replay.max_output_tokens,
			},
			Timeout::get(),
		)?;
		let claimed =
			Usage { input_tokens: replay.input_tokens, output_tokens: replay.output_tokens };
		let reference = Usage {
			input_tokens: served.answer.prompt_tokens,
			output_tokens: served.answer.completion_tokens,
		};
		Ok(score(&replay.output, claimed, &served.answer.content, reference))
	}
}

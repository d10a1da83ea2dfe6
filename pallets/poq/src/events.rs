//! Proof of Quality's events (a review's whole history) and errors (each says what to fix),
//! imported into the pallet as a section.

use frame_support::pallet_macros::pallet_section;

#[pallet_section]
mod events {
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A round of verifiers was drawn for a job: they re-run it and commit their scores by
		/// `commit_end`, then reveal them by `reveal_end`.
		RoundStarted {
			/// The job.
			job: JobId,
			/// Spot check, committee or dispute panel.
			kind: RoundKind,
			/// The round's number for this job (part of every commitment).
			round: u8,
			/// The operator whose answer is checked.
			provider: T::AccountId,
			/// The verifiers drawn.
			verifiers: alloc::vec::Vec<T::AccountId>,
			/// Last block to commit.
			commit_end: BlockNumberFor<T>,
			/// Last block to reveal.
			reveal_end: BlockNumberFor<T>,
		},
		/// A job drawn for audit could not be audited: no other eligible operator offers its
		/// model. It settles as answered.
		AuditSkipped {
			/// The job.
			job: JobId,
		},
		/// A verifier committed its score.
		Committed {
			/// The job.
			job: JobId,
			/// The verifier.
			verifier: T::AccountId,
		},
		/// A verifier revealed its score.
		Revealed {
			/// The job.
			job: JobId,
			/// The verifier.
			verifier: T::AccountId,
			/// Its score (0-100).
			score: u8,
		},
		/// A verifier drawn for a round did not reveal: it lost reputation and part of its
		/// bond.
		NonRevealPenalized {
			/// The job.
			job: JobId,
			/// The verifier.
			verifier: T::AccountId,
			/// Taken from its bond, to the treasury.
			slashed: Balance,
		},
		/// A verifier's score was too far from the median: no reward.
		Clipped {
			/// The job.
			job: JobId,
			/// The verifier.
			verifier: T::AccountId,
			/// Its score.
			score: u8,
			/// The median.
			median: u8,
		},
		/// A verifier was paid for its work on a job.
		VerifierRewarded {
			/// The job.
			job: JobId,
			/// The verifier.
			verifier: T::AccountId,
			/// What it got.
			amount: Balance,
		},
		/// The spot check scored below the quality threshold: a committee is drawn next
		/// block.
		CommitteeCalled {
			/// The job.
			job: JobId,
			/// The spot check's median (none if nobody revealed).
			score: Option<u8>,
		},
		/// The committee's median is below the fail threshold: a confirmation panel of
		/// verifiers who have not judged the job yet is drawn next block.
		ConfirmationCalled {
			/// The job.
			job: JobId,
			/// The committee's median.
			score: u8,
		},
		/// The job's answer stands: the provider is paid `share` of its fee.
		Passed {
			/// The job.
			job: JobId,
			/// The provider.
			provider: T::AccountId,
			/// The median score.
			score: u8,
			/// Share of the fee the provider is paid.
			share: sp_runtime::Perbill,
		},
		/// The job's answer failed: the user is refunded in full, the provider slashed.
		Failed {
			/// The job.
			job: JobId,
			/// The provider.
			provider: T::AccountId,
			/// The median score (0 for a jury verdict).
			score: u8,
			/// Taken from the provider's bond.
			slashed: Balance,
			/// Of which paid to the user.
			to_user: Balance,
			/// Of which paid to the verifiers and the challenger.
			to_verifiers: Balance,
			/// Of which burnt.
			burnt: Balance,
		},
		/// An audit failed the job's answer. Unless the provider appeals by `appeal_ends`,
		/// the verdict is final then: the user is refunded and the provider slashed.
		AwaitingAppeal {
			/// The job.
			job: JobId,
			/// The provider.
			provider: T::AccountId,
			/// The audit's median score.
			score: u8,
			/// Last block to appeal.
			appeal_ends: BlockNumberFor<T>,
		},
		/// A job's answer was disputed, or its provider appealed a failed audit (the
		/// challenger is then the provider).
		DisputeOpened {
			/// The dispute.
			dispute: DisputeId,
			/// The job.
			job: JobId,
			/// Who disputed.
			challenger: T::AccountId,
			/// The bond held from the challenger.
			bond: Balance,
		},
		/// A dispute's panel split: the DAO's dispute jury decides.
		DisputeEscalated {
			/// The dispute.
			dispute: DisputeId,
			/// The job.
			job: JobId,
			/// Last block for the jury's ruling; then the status quo stands.
			jury_ends: BlockNumberFor<T>,
		},
		/// The jury let its period pass on an escalated dispute: the status quo stands (a
		/// challenged answer is upheld, an appealed failure is final).
		JuryLapsed {
			/// The dispute.
			dispute: DisputeId,
			/// The job.
			job: JobId,
			/// The ruling applied.
			ruling: Ruling,
		},
		/// A dispute was decided.
		DisputeResolved {
			/// The dispute.
			dispute: DisputeId,
			/// The job.
			job: JobId,
			/// Who won.
			ruling: Ruling,
			/// Whether the DAO's jury decided (the panel split).
			by_jury: bool,
		},
		/// The DAO appointed the canary service's key, or removed it.
		CanaryKeySet {
			/// The key's account; none: no canaries.
			key: Option<T::AccountId>,
		},
		/// A verifier passed a canary (a known-bad answer) without re-running it: it lost
		/// reputation and part of what it holds.
		LazyVerifierSlashed {
			/// The canary job.
			job: JobId,
			/// The verifier.
			verifier: T::AccountId,
			/// Taken from what it holds, to a rejected challenger and the treasury.
			slashed: Balance,
		},
		/// A job's owner exposed it as a canary: the verifiers who passed it were slashed; a
		/// job whose verdict was not final is refunded, its provider neither paid nor slashed.
		CanaryExposed {
			/// The job.
			job: JobId,
			/// The verifiers slashed.
			verifiers: alloc::vec::Vec<T::AccountId>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not a registered worker key.
		NotAWorker,
		/// The job has no round in progress.
		NoOpenRound,
		/// The caller's operator was not drawn for the job's round.
		NotAVerifier,
		/// The commit period of the round is over.
		CommitClosed,
		/// The caller already committed a score for this round.
		AlreadyCommitted,
		/// The caller has not committed a score for this round.
		NotCommitted,
		/// Reveals open once every verifier committed or the commit period is over.
		RevealNotOpen,
		/// The reveal period of the round is over.
		RevealClosed,
		/// The caller already revealed its score for this round.
		AlreadyRevealed,
		/// Scores go from 0 to 100.
		ScoreAbove100,
		/// The score and salt do not match the commitment.
		BadReveal,
		/// The job is not answered, already paid out, or past its challenge period.
		NotDisputable,
		/// The job's provider cannot dispute its own answer.
		ProviderCannotDispute,
		/// Only the job's owner or an eligible operator may dispute.
		NotEntitledToDispute,
		/// The job already has a dispute.
		AlreadyDisputed,
		/// The job already failed its audit: its user is being refunded.
		AlreadyFailed,
		/// The caller cannot hold the dispute bond.
		InsufficientBalance,
		/// Too many draws are due in the coming blocks, or the dispute ids ran out: retry
		/// shortly.
		TooBusy,
		/// No dispute has this id.
		UnknownDispute,
		/// The dispute is not waiting for the jury: its panel has not split, or it is decided.
		NotEscalated,
		/// Only the job's provider may appeal, and only a failed audit within its appeal
		/// period.
		NotAppealable,
		/// The DAO has appointed no canary key.
		NoCanaryKey,
		/// Only a job's owner may expose it, once a verdict judged it (or its failed audit
		/// awaits an appeal, or a challenge of it is open), and until the market prunes it.
		NotExposable,
		/// The proof is not the canary key's signature of this chain's job, its owner and its
		/// provider (`Pallet::canary_payload`).
		BadCanaryProof,
	}
}

//! The protocol parameter set: every period and economic knob of DGrid in one bounded,
//! checked struct. Genesis values come from the chain spec; the DAO's `Parameters` track changes
//! them.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_arithmetic::{
	traits::{AtLeast32BitUnsigned, Zero},
	Perbill,
};

use crate::{Balance, DGRID};

/// Every protocol period (in blocks) and economic parameter of DGrid.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProtocolParameters<BlockNumber> {
	/// Blocks a verifier has to commit its score for an audited job.
	pub commit_period: BlockNumber,
	/// Blocks a verifier has to reveal its committed score.
	pub reveal_period: BlockNumber,
	/// Blocks after a result lands during which it can be disputed; undisputed jobs settle
	/// when it ends.
	pub challenge_period: BlockNumber,
	/// Blocks unbonded operator funds stay held (and slashable) before they can be withdrawn.
	pub unbonding_period: BlockNumber,
	/// Blocks a provider has to submit a job's result before the job fails over.
	pub job_deadline: BlockNumber,
	/// Blocks a settled job's output stays on chain before it is pruned.
	pub retention_period: BlockNumber,
	/// Share of each settled job's fee that goes to the treasury.
	pub protocol_fee: Perbill,
	/// Share of results that are audited by a verifier committee at steady state.
	pub audit_rate: Perbill,
	/// Quality score (0-100) at or above which a job is paid in full.
	pub quality_threshold: u8,
	/// Smallest active bond that makes a registered operator eligible to serve jobs and to
	/// validate.
	pub min_operator_bond: Balance,
	/// Most paid from the treasury at the end of each session as a reward pool, split between
	/// the operators by merit (the protocol fees their settled jobs paid). The pool is never
	/// more than the protocol fees paid in the session, so no operator is rewarded more than
	/// its jobs brought the treasury: trading with oneself to win the pool does not pay.
	pub session_reward: Balance,
	/// Verifiers that spot-check an audited job. A spot check scoring below the quality
	/// threshold calls in the full committee.
	pub audit_verifiers: u32,
	/// Verifiers of an audit's committee, drawn when its spot check scored below the quality
	/// threshold.
	pub audit_committee: u32,
	/// Verifiers of a dispute's panel.
	pub dispute_panel: u32,
	/// Quality score (0-100) below which an audit or dispute fails: the user is refunded in
	/// full and the provider slashed. From here to the quality threshold the fee is
	/// pro-rated.
	pub fail_threshold: u8,
	/// An operator's first results that are all audited, before its reputation lowers the rate.
	pub new_operator_jobs: u32,
	/// Collateral per job: a failed audit slashes this many times the job's fee, plus
	/// [`Self::fraud_slash`] of the provider's bond.
	pub collateral_multiple: u32,
	/// Share of the provider's bond slashed on top of the collateral when it fails an audit or
	/// loses a dispute.
	pub fraud_slash: Perbill,
	/// Share of a verifier's bond slashed when it does not reveal a score it was drawn for.
	pub non_reveal_slash: Perbill,
	/// A dispute's bond is this many times the job's fee, and at least
	/// [`Self::min_dispute_bond`].
	pub dispute_bond_multiple: u32,
	/// The smallest dispute bond, in plancks: what the panel costs on a cheap job.
	pub min_dispute_bond: Balance,
	/// Blocks a provider has to appeal an audit that failed its answer, before it is slashed.
	/// An appeal holds a dispute bond and draws a fresh panel of `dispute_panel` verifiers;
	/// 0 makes a failed audit final at once.
	pub appeal_period: BlockNumber,
	/// Share of an audited job's provider fee that pays the verifiers who re-ran it, when
	/// the job passes: taken from the provider's part of what the user paid for that job,
	/// never from the treasury. An unaudited job pays nothing for verification.
	pub verification_fee: Perbill,
	/// Blocks the DAO's dispute jury has to rule on an escalated dispute. When it passes
	/// without a ruling the status quo stands: a challenged answer is upheld, an appealed
	/// audit's failure is final. Longer than the `dispute_jury` track takes to decide and
	/// enact a referendum.
	pub jury_period: BlockNumber,
}

/// One protocol parameter and its new value: what a `Parameters` referendum usually changes.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum ParameterChange<BlockNumber> {
	/// New [`ProtocolParameters::commit_period`], in blocks.
	CommitPeriod(BlockNumber),
	/// New [`ProtocolParameters::reveal_period`], in blocks.
	RevealPeriod(BlockNumber),
	/// New [`ProtocolParameters::challenge_period`], in blocks.
	ChallengePeriod(BlockNumber),
	/// New [`ProtocolParameters::unbonding_period`], in blocks.
	UnbondingPeriod(BlockNumber),
	/// New [`ProtocolParameters::job_deadline`], in blocks.
	JobDeadline(BlockNumber),
	/// New [`ProtocolParameters::retention_period`], in blocks.
	RetentionPeriod(BlockNumber),
	/// New [`ProtocolParameters::protocol_fee`].
	ProtocolFee(Perbill),
	/// New [`ProtocolParameters::audit_rate`].
	AuditRate(Perbill),
	/// New [`ProtocolParameters::quality_threshold`] (0-100).
	QualityThreshold(u8),
	/// New [`ProtocolParameters::min_operator_bond`], in plancks.
	MinOperatorBond(Balance),
	/// New [`ProtocolParameters::session_reward`], in plancks.
	SessionReward(Balance),
	/// New [`ProtocolParameters::audit_verifiers`].
	AuditVerifiers(u32),
	/// New [`ProtocolParameters::audit_committee`].
	AuditCommittee(u32),
	/// New [`ProtocolParameters::dispute_panel`].
	DisputePanel(u32),
	/// New [`ProtocolParameters::fail_threshold`] (0-100).
	FailThreshold(u8),
	/// New [`ProtocolParameters::new_operator_jobs`].
	NewOperatorJobs(u32),
	/// New [`ProtocolParameters::collateral_multiple`].
	CollateralMultiple(u32),
	/// New [`ProtocolParameters::fraud_slash`].
	FraudSlash(Perbill),
	/// New [`ProtocolParameters::non_reveal_slash`].
	NonRevealSlash(Perbill),
	/// New [`ProtocolParameters::dispute_bond_multiple`].
	DisputeBondMultiple(u32),
	/// New [`ProtocolParameters::min_dispute_bond`], in plancks.
	MinDisputeBond(Balance),
	/// New [`ProtocolParameters::appeal_period`], in blocks.
	AppealPeriod(BlockNumber),
	/// New [`ProtocolParameters::verification_fee`].
	VerificationFee(Perbill),
	/// New [`ProtocolParameters::jury_period`], in blocks.
	JuryPeriod(BlockNumber),
}

impl<BlockNumber> ProtocolParameters<BlockNumber> {
	/// This set with one parameter changed (not yet validated).
	pub fn with(mut self, change: ParameterChange<BlockNumber>) -> Self {
		match change {
			ParameterChange::CommitPeriod(v) => self.commit_period = v,
			ParameterChange::RevealPeriod(v) => self.reveal_period = v,
			ParameterChange::ChallengePeriod(v) => self.challenge_period = v,
			ParameterChange::UnbondingPeriod(v) => self.unbonding_period = v,
			ParameterChange::JobDeadline(v) => self.job_deadline = v,
			ParameterChange::RetentionPeriod(v) => self.retention_period = v,
			ParameterChange::ProtocolFee(v) => self.protocol_fee = v,
			ParameterChange::AuditRate(v) => self.audit_rate = v,
			ParameterChange::QualityThreshold(v) => self.quality_threshold = v,
			ParameterChange::MinOperatorBond(v) => self.min_operator_bond = v,
			ParameterChange::SessionReward(v) => self.session_reward = v,
			ParameterChange::AuditVerifiers(v) => self.audit_verifiers = v,
			ParameterChange::AuditCommittee(v) => self.audit_committee = v,
			ParameterChange::DisputePanel(v) => self.dispute_panel = v,
			ParameterChange::FailThreshold(v) => self.fail_threshold = v,
			ParameterChange::NewOperatorJobs(v) => self.new_operator_jobs = v,
			ParameterChange::CollateralMultiple(v) => self.collateral_multiple = v,
			ParameterChange::FraudSlash(v) => self.fraud_slash = v,
			ParameterChange::NonRevealSlash(v) => self.non_reveal_slash = v,
			ParameterChange::DisputeBondMultiple(v) => self.dispute_bond_multiple = v,
			ParameterChange::MinDisputeBond(v) => self.min_dispute_bond = v,
			ParameterChange::AppealPeriod(v) => self.appeal_period = v,
			ParameterChange::VerificationFee(v) => self.verification_fee = v,
			ParameterChange::JuryPeriod(v) => self.jury_period = v,
		}
		self
	}
}

/// Why a proposed parameter set was refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ParamError {
	/// A period is zero: every period must last at least one block.
	ZeroPeriod,
	/// The quality threshold is above 100.
	QualityThresholdAbove100,
	/// The audit rate is below the 2 % floor that keeps cheating unprofitable.
	AuditRateBelowFloor,
	/// The protocol fee is above 50 %: providers must keep most of what users pay.
	ProtocolFeeTooHigh,
	/// The minimum operator bond is zero: an operator must have something at stake.
	ZeroMinimumBond,
	/// A verifier count (spot check, committee or panel) is zero or above
	/// [`ProtocolParameters::MAX_PANEL`], or the spot check is larger than the committee.
	BadPanelSize,
	/// The fail threshold is above the quality threshold.
	FailAboveQualityThreshold,
	/// The audit rate times the collateral is below one job fee: a cheater would expect to
	/// lose less to slashing than it earns from cheating.
	CheatingPays,
	/// The protocol fee and the verification fee together exceed the provider's fee: a
	/// settlement could not pay both out of the job.
	FeesAboveProviderFee,
	/// The unbonding period does not outlast the longest path from a result to its final
	/// verdict ([`ProtocolParameters::longest_verdict_path`]): funds could leave before the
	/// verdict that should slash them.
	UnbondingShorterThanVerdicts,
}

/// Most blocks after a result whose randomness its audit draw mixes (PoQ's `DrawWindow`).
pub const MAX_DRAW_WINDOW: u32 = 8;

/// Most blocks from a result landing to its audit draw: the draw window, then the draw; a
/// window whose blocks have one author waits for another author up to this.
pub const MAX_DRAW_DELAY: u32 = MAX_DRAW_WINDOW + 1;

/// Verifier rounds on the longest verdict path: spot check, committee, confirmation panel,
/// then an appeal's or a dispute's panel.
pub const MAX_ROUNDS_TO_VERDICT: u32 = 4;

impl<BlockNumber: AtLeast32BitUnsigned + Copy> ProtocolParameters<BlockNumber> {
	/// Floor of the audit rate (2 %), see the Proof-of-Sampling condition in `pallet-poq`.
	pub const MIN_AUDIT_RATE: Perbill = Perbill::from_percent(2);
	/// Ceiling of the protocol fee (50 %).
	pub const MAX_PROTOCOL_FEE: Perbill = Perbill::from_percent(50);
	/// Most verifiers a spot check, committee or dispute panel may have.
	pub const MAX_PANEL: u32 = 16;

	/// Check the set is usable: every period non-zero, shares and scores in range.
	pub fn validate(&self) -> Result<(), ParamError> {
		let periods = [
			self.commit_period,
			self.reveal_period,
			self.challenge_period,
			self.unbonding_period,
			self.job_deadline,
			self.retention_period,
			self.jury_period,
		];
		if periods.iter().any(Zero::is_zero) {
			return Err(ParamError::ZeroPeriod);
		}
		if self.quality_threshold > 100 {
			return Err(ParamError::QualityThresholdAbove100);
		}
		if self.audit_rate < Self::MIN_AUDIT_RATE {
			return Err(ParamError::AuditRateBelowFloor);
		}
		if self.protocol_fee > Self::MAX_PROTOCOL_FEE {
			return Err(ParamError::ProtocolFeeTooHigh);
		}
		if self.min_operator_bond == 0 {
			return Err(ParamError::ZeroMinimumBond);
		}
		let panels = [self.audit_verifiers, self.audit_committee, self.dispute_panel];
		if panels.iter().any(|n| *n == 0 || *n > Self::MAX_PANEL)
			|| self.audit_verifiers > self.audit_committee
		{
			return Err(ParamError::BadPanelSize);
		}
		if self.fail_threshold > self.quality_threshold {
			return Err(ParamError::FailAboveQualityThreshold);
		}
		if self
			.protocol_fee
			.deconstruct()
			.saturating_add(self.verification_fee.deconstruct())
			> Perbill::one().deconstruct()
		{
			return Err(ParamError::FeesAboveProviderFee);
		}
		// Expected slash per cheated job, in job fees: audit rate × collateral multiple ≥ 1.
		let expected = u64::from(self.audit_rate.deconstruct())
			.saturating_mul(u64::from(self.collateral_multiple));
		if expected < u64::from(Perbill::one().deconstruct()) {
			return Err(ParamError::CheatingPays);
		}
		if self.unbonding_period <= self.longest_verdict_path() {
			return Err(ParamError::UnbondingShorterThanVerdicts);
		}
		Ok(())
	}

	/// The most blocks from a result landing to its final verdict when every step takes as
	/// long as it may: the longest draw delay, the challenge period (a dispute opened at its
	/// end), four verifier rounds (each drawn after the draw window from when it is called,
	/// then committed, revealed and closed), the appeal period and the jury period, with every timer slipping
	/// the whole [`crate::SCHEDULE_WINDOW`] into later blocks. The unbonding period must
	/// outlast it, so that bonded funds are still held when the verdict comes; withdrawal is
	/// also refused while an operator has open liabilities ([`crate::Liabilities`]).
	pub fn longest_verdict_path(&self) -> BlockNumber {
		let slip = BlockNumber::from(crate::SCHEDULE_WINDOW);
		let one = BlockNumber::one();
		// The draw after the draw window, commit, reveal, the finalize timer: two timers, each
		// may slip.
		let round = BlockNumber::from(MAX_DRAW_DELAY)
			.saturating_add(self.commit_period)
			.saturating_add(self.reveal_period)
			.saturating_add(one)
			.saturating_add(slip.saturating_mul(2u32.into()));
		let timer = |period: BlockNumber| period.saturating_add(one).saturating_add(slip);
		BlockNumber::from(MAX_DRAW_DELAY)
			.saturating_add(self.challenge_period)
			.saturating_add(round.saturating_mul(MAX_ROUNDS_TO_VERDICT.into()))
			.saturating_add(timer(self.appeal_period))
			.saturating_add(timer(self.jury_period))
	}
}

impl<BlockNumber: From<u32>> ProtocolParameters<BlockNumber> {
	/// Periods for a development chain: seconds, so the whole job lifecycle runs in about a
	/// minute with 3-second blocks.
	pub fn development() -> Self {
		Self {
			commit_period: 3u32.into(),
			reveal_period: 3u32.into(),
			challenge_period: 5u32.into(),
			unbonding_period: 400u32.into(),
			job_deadline: 5u32.into(),
			retention_period: 20u32.into(),
			protocol_fee: Perbill::from_percent(5),
			audit_rate: Perbill::from_parts(49_000_000),
			quality_threshold: 50,
			min_operator_bond: 1_000 * DGRID,
			session_reward: 100 * DGRID,
			audit_verifiers: 1,
			audit_committee: 5,
			dispute_panel: 5,
			fail_threshold: 40,
			new_operator_jobs: 100,
			collateral_multiple: 50,
			fraud_slash: Perbill::from_percent(10),
			non_reveal_slash: Perbill::from_parts(1_000_000),
			dispute_bond_multiple: 5,
			min_dispute_bond: DGRID,
			appeal_period: 3u32.into(),
			verification_fee: Perbill::from_percent(50),
			jury_period: 60u32.into(),
		}
	}

	/// Periods for a public test network: hours, with 3-second blocks (1,200 blocks an hour).
	pub fn testnet() -> Self {
		Self {
			commit_period: 10u32.into(),
			reveal_period: 10u32.into(),
			challenge_period: 100u32.into(),
			unbonding_period: 201_600u32.into(),
			job_deadline: 20u32.into(),
			retention_period: 28_800u32.into(),
			protocol_fee: Perbill::from_percent(5),
			audit_rate: Perbill::from_parts(49_000_000),
			quality_threshold: 50,
			min_operator_bond: 10_000 * DGRID,
			session_reward: 1_000 * DGRID,
			audit_verifiers: 1,
			audit_committee: 5,
			dispute_panel: 5,
			fail_threshold: 40,
			new_operator_jobs: 100,
			collateral_multiple: 50,
			fraud_slash: Perbill::from_percent(10),
			non_reveal_slash: Perbill::from_parts(1_000_000),
			dispute_bond_multiple: 5,
			min_dispute_bond: 10 * DGRID,
			appeal_period: 100u32.into(),
			verification_fee: Perbill::from_percent(50),
			jury_period: 86_400u32.into(),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn presets_are_valid() {
		assert_eq!(ProtocolParameters::<u32>::development().validate(), Ok(()));
		assert_eq!(ProtocolParameters::<u32>::testnet().validate(), Ok(()));
	}

	#[test]
	fn every_zero_period_is_refused() {
		for i in 0..7 {
			let mut p = ProtocolParameters::<u32>::development();
			let field = match i {
				0 => &mut p.commit_period,
				1 => &mut p.reveal_period,
				2 => &mut p.challenge_period,
				3 => &mut p.unbonding_period,
				4 => &mut p.job_deadline,
				5 => &mut p.retention_period,
				_ => &mut p.jury_period,
			};
			*field = 0;
			assert_eq!(p.validate(), Err(ParamError::ZeroPeriod), "period {i}");
		}
	}

	#[test]
	fn out_of_range_shares_are_refused() {
		let base = ProtocolParameters::<u32>::development();
		let p = ProtocolParameters { quality_threshold: 101, ..base };
		assert_eq!(p.validate(), Err(ParamError::QualityThresholdAbove100));
		let p = ProtocolParameters { audit_rate: Perbill::from_percent(1), ..base };
		assert_eq!(p.validate(), Err(ParamError::AuditRateBelowFloor));
		let p = ProtocolParameters { protocol_fee: Perbill::from_percent(51), ..base };
		assert_eq!(p.validate(), Err(ParamError::ProtocolFeeTooHigh));
		let p = ProtocolParameters { min_operator_bond: 0, ..base };
		assert_eq!(p.validate(), Err(ParamError::ZeroMinimumBond));
		let p = ProtocolParameters { quality_threshold: 100, ..base };
		assert_eq!(p.validate(), Ok(()));
		for (audit_verifiers, audit_committee, dispute_panel) in
			[(0, 3, 5), (1, 0, 5), (1, 3, 0), (1, 17, 5), (1, 3, 17), (4, 3, 5)]
		{
			let p = ProtocolParameters { audit_verifiers, audit_committee, dispute_panel, ..base };
			assert_eq!(p.validate(), Err(ParamError::BadPanelSize));
		}
		let p = ProtocolParameters { fail_threshold: 51, ..base };
		assert_eq!(p.validate(), Err(ParamError::FailAboveQualityThreshold));
		let p = ProtocolParameters { fail_threshold: 50, ..base };
		assert_eq!(p.validate(), Ok(()));
		// The protocol and verification fees are both paid out of the provider's fee.
		let p = ProtocolParameters {
			protocol_fee: Perbill::from_percent(50),
			verification_fee: Perbill::from_percent(51),
			..base
		};
		assert_eq!(p.validate(), Err(ParamError::FeesAboveProviderFee));
		let p = ProtocolParameters { verification_fee: Perbill::from_percent(50), ..p };
		assert_eq!(p.validate(), Ok(()));
	}

	#[test]
	fn cheating_must_not_pay() {
		let base = ProtocolParameters::<u32>::development();
		// 2 % × 50 = 1 job fee expected per cheated job: the least that is accepted.
		let p = ProtocolParameters {
			audit_rate: Perbill::from_percent(2),
			collateral_multiple: 50,
			..base
		};
		assert_eq!(p.validate(), Ok(()));
		let p = ProtocolParameters { collateral_multiple: 49, ..p };
		assert_eq!(p.validate(), Err(ParamError::CheatingPays));
		let p = ProtocolParameters { collateral_multiple: 0, ..base };
		assert_eq!(p.validate(), Err(ParamError::CheatingPays));
	}

	#[test]
	fn unbonding_must_outlast_the_longest_verdict_path() {
		for base in [ProtocolParameters::<u32>::development(), ProtocolParameters::testnet()] {
			let path = base.longest_verdict_path();
			// Draw, challenge, four rounds of two slipping timers, appeal and jury timers.
			let round = MAX_DRAW_DELAY + base.commit_period + base.reveal_period + 1 + 2 * 16;
			let expected = MAX_DRAW_DELAY
				+ base.challenge_period
				+ 4 * round + base.appeal_period
				+ 1 + 16 + base.jury_period
				+ 1 + 16;
			assert_eq!(path, expected);
			assert!(base.unbonding_period > path, "the preset outlasts its verdicts");
			let p = ProtocolParameters { unbonding_period: path, ..base };
			assert_eq!(p.validate(), Err(ParamError::UnbondingShorterThanVerdicts));
			let p = ProtocolParameters { unbonding_period: path + 1, ..base };
			assert_eq!(p.validate(), Ok(()));
			// A longer jury period needs a longer unbonding period.
			let p = base.with(ParameterChange::JuryPeriod(base.unbonding_period));
			assert_eq!(p.validate(), Err(ParamError::UnbondingShorterThanVerdicts));
		}
		// The development preset's old unbonding period (10 blocks) was shorter than an
		// appeal's path.
		let old =
			ProtocolParameters::<u32> { unbonding_period: 10, ..ProtocolParameters::development() };
		assert_eq!(old.validate(), Err(ParamError::UnbondingShorterThanVerdicts));
	}

	#[test]
	fn a_change_touches_only_its_field() {
		let base = ProtocolParameters::<u32>::development();
		let changed = base.with(ParameterChange::ChallengePeriod(77));
		assert_eq!(changed, ProtocolParameters { challenge_period: 77, ..base });
		let changed = base.with(ParameterChange::ProtocolFee(Perbill::from_percent(7)));
		assert_eq!(changed, ProtocolParameters { protocol_fee: Perbill::from_percent(7), ..base });
		let changed = base.with(ParameterChange::SessionReward(5));
		assert_eq!(changed, ProtocolParameters { session_reward: 5, ..base });
	}
}

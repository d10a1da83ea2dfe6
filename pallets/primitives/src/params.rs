//! The protocol parameter set: every period and economic knob of DGrid in one bounded,
//! checked struct. Genesis values come from the chain spec; the DAO's `Parameters` track changes
//! them.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_arithmetic::{traits::Zero, Perbill};

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
	/// Reward pool paid from the treasury at the end of each session and split between the
	/// operators by merit (jobs served, weighted by quality).
	pub session_reward: Balance,
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
}

impl<BlockNumber: Copy + Zero> ProtocolParameters<BlockNumber> {
	/// Floor of the audit rate (2 %), see the Proof-of-Sampling condition in `pallet-poq`.
	pub const MIN_AUDIT_RATE: Perbill = Perbill::from_percent(2);
	/// Ceiling of the protocol fee (50 %).
	pub const MAX_PROTOCOL_FEE: Perbill = Perbill::from_percent(50);

	/// Check the set is usable: every period non-zero, shares and scores in range.
	pub fn validate(&self) -> Result<(), ParamError> {
		let periods = [
			self.commit_period,
			self.reveal_period,
			self.challenge_period,
			self.unbonding_period,
			self.job_deadline,
			self.retention_period,
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
		Ok(())
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
			unbonding_period: 10u32.into(),
			job_deadline: 5u32.into(),
			retention_period: 20u32.into(),
			protocol_fee: Perbill::from_percent(5),
			audit_rate: Perbill::from_percent(5),
			quality_threshold: 50,
			min_operator_bond: 1_000 * DGRID,
			session_reward: 100 * DGRID,
		}
	}

	/// Periods for a public test network: hours, with 3-second blocks (1,200 blocks an hour).
	pub fn testnet() -> Self {
		Self {
			commit_period: 10u32.into(),
			reveal_period: 10u32.into(),
			challenge_period: 100u32.into(),
			unbonding_period: 28_800u32.into(),
			job_deadline: 20u32.into(),
			retention_period: 28_800u32.into(),
			protocol_fee: Perbill::from_percent(5),
			audit_rate: Perbill::from_percent(5),
			quality_threshold: 50,
			min_operator_bond: 10_000 * DGRID,
			session_reward: 1_000 * DGRID,
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
		for i in 0..6 {
			let mut p = ProtocolParameters::<u32>::development();
			let field = match i {
				0 => &mut p.commit_period,
				1 => &mut p.reveal_period,
				2 => &mut p.challenge_period,
				3 => &mut p.unbonding_period,
				4 => &mut p.job_deadline,
				_ => &mut p.retention_period,
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

//! Plain data types of the DAO pallet.

/// The periods the runtime's referenda tracks run on.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum TrackTiming {
	/// Live periods: preparation in hours, decisions in days.
	#[default]
	Live,
	/// Development periods: a referendum passes and is enacted in about a minute.
	Development,
}

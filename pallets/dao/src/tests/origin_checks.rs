//! Tests of the governance origins.

use super::*;

#[test]
fn each_governance_origin_passes_only_its_own_check() {
	ExtBuilder::default().build_and_execute(|| {
		let accepted = |name: &str| -> Vec<&'static str> {
			all_origins()
				.into_iter()
				.filter(|(_, o)| match name {
					"parameters" => origins::EnsureParameters::try_origin(o.clone()).is_ok(),
					"treasury" => origins::EnsureTreasury::try_origin(o.clone()).is_ok(),
					"model_curation" => origins::EnsureModelCuration::try_origin(o.clone()).is_ok(),
					_ => origins::EnsureDisputeJury::try_origin(o.clone()).is_ok(),
				})
				.map(|(n, _)| n)
				.collect()
		};
		for name in ["parameters", "treasury", "model_curation", "dispute_jury"] {
			assert_eq!(accepted(name), vec![name], "{name}");
		}
	});
}

//! Tests of reputation.

use super::*;

#[test]
fn reputation_is_an_exponential_moving_average() {
	ExtBuilder::default().build_and_execute(|| {
		// 50 % start, alpha 10 %: one perfect score gives 55 %, a miss then gives 49.5 %.
		NodeStaking::record(&1, Perbill::one());
		assert_eq!(NodeStaking::reputation(&1), Perbill::from_percent(55));
		NodeStaking::record(&1, Perbill::zero());
		assert_eq!(NodeStaking::reputation(&1), Perbill::from_parts(495_000_000));
		// Many perfect scores converge towards 100 % and never exceed it.
		for _ in 0..500 {
			NodeStaking::record(&1, Perbill::one());
		}
		assert!(NodeStaking::reputation(&1) > Perbill::from_percent(99));
		// Unknown operators have none, and recording for them stores nothing.
		NodeStaking::record(&42, Perbill::one());
		assert_eq!(NodeStaking::reputation(&42), Perbill::zero());
		assert!(Operators::<Test>::get(42).is_none());
	});
}

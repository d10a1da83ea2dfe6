//! Tests of [`crate::inference_seed`].

use super::*;

#[test]
fn seed_is_deterministic_distinct_and_fits_i64() {
	let seeds: Vec<u64> = (0..1_000).map(inference_seed).collect();
	assert_eq!(seeds, (0..1_000).map(inference_seed).collect::<Vec<_>>());
	let mut sorted = seeds.clone();
	sorted.sort();
	sorted.dedup();
	assert_eq!(sorted.len(), seeds.len());
	assert!(seeds.iter().all(|s| *s <= i64::MAX as u64));
}

// Measured with `scripts/gen-weights.sh overhead` (see BENCHMARKS.md); never edit by hand.

//! THIS FILE WAS AUTO-GENERATED USING THE SUBSTRATE BENCHMARK CLI VERSION 64.0.0
//! DATE: 2026-11-26 (Y/M/D)
//! HOSTNAME: `vm`, CPU: `AMD EPYC`
//!
//! SHORT-NAME: `block`, LONG-NAME: `BlockExecution`, RUNTIME: `dgrid`
//! WARMUPS: `10`, REPEAT: `100`
//! WEIGHT-PATH: `/work/main/runtime/src/weights`
//! WEIGHT-METRIC: `Average`, WEIGHT-MUL: `1.0`, WEIGHT-ADD: `0`

// Executed Command:
//   /root/.cache/dgrid-target/dgrid-node-benchmarks
//   benchmark
//   overhead
//   --runtime
//   /root/.cache/dgrid-target/release/wbuild/dgrid-runtime/dgrid_runtime.wasm
//   --genesis-builder=runtime
//   --genesis-builder-preset=development
//   --header
//   /work/main/scripts/overhead-header.txt
//   --weight-path
//   /work/main/runtime/src/weights

use sp_core::parameter_types;
use sp_weights::{constants::WEIGHT_REF_TIME_PER_NANOS, Weight};

parameter_types! {
	/// Weight of executing an empty block.
	/// Calculated by multiplying the *Average* with `1.0` and adding `0`.
	///
	/// Stats nanoseconds:
	///   Min, Max: 161_401, 351_344
	///   Average:  190_210
	///   Median:   173_098
	///   Std-Dev:  30606.5
	///
	/// Percentiles nanoseconds:
	///   99th: 265_005
	///   95th: 227_349
	///   75th: 211_556
	pub const BlockExecutionWeight: Weight =
		Weight::from_parts(WEIGHT_REF_TIME_PER_NANOS.saturating_mul(190_210), 0);
}

#[cfg(test)]
mod test_weights {
	use sp_weights::constants;

	/// Checks that the weight exists and is sane.
	// NOTE: If this test fails but you are sure that the generated values are fine,
	// you can delete it.
	#[test]
	fn sane() {
		let w = super::BlockExecutionWeight::get();

		// At least 100 µs.
		assert!(
			w.ref_time() >= 100u64 * constants::WEIGHT_REF_TIME_PER_MICROS,
			"Weight should be at least 100 µs."
		);
		// At most 50 ms.
		assert!(
			w.ref_time() <= 50u64 * constants::WEIGHT_REF_TIME_PER_MILLIS,
			"Weight should be at most 50 ms."
		);
	}
}

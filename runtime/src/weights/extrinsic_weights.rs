// Measured with `scripts/gen-weights.sh overhead` (see BENCHMARKS.md); never edit by hand.

//! THIS FILE WAS AUTO-GENERATED USING THE SUBSTRATE BENCHMARK CLI VERSION 64.0.0
//! DATE: 2026-11-26 (Y/M/D)
//! HOSTNAME: `vm`, CPU: `AMD EPYC`
//!
//! SHORT-NAME: `extrinsic`, LONG-NAME: `ExtrinsicBase`, RUNTIME: `dgrid`
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
	/// Weight of executing a NO-OP extrinsic, for example `System::remark`.
	/// Calculated by multiplying the *Average* with `1.0` and adding `0`.
	///
	/// Stats nanoseconds:
	///   Min, Max: 80_966, 88_388
	///   Average:  84_683
	///   Median:   84_347
	///   Std-Dev:  1406.22
	///
	/// Percentiles nanoseconds:
	///   99th: 88_382
	///   95th: 87_248
	///   75th: 85_691
	pub const ExtrinsicBaseWeight: Weight =
		Weight::from_parts(WEIGHT_REF_TIME_PER_NANOS.saturating_mul(84_683), 0);
}

#[cfg(test)]
mod test_weights {
	use sp_weights::constants;

	/// Checks that the weight exists and is sane.
	// NOTE: If this test fails but you are sure that the generated values are fine,
	// you can delete it.
	#[test]
	fn sane() {
		let w = super::ExtrinsicBaseWeight::get();

		// At least 10 µs.
		assert!(
			w.ref_time() >= 10u64 * constants::WEIGHT_REF_TIME_PER_MICROS,
			"Weight should be at least 10 µs."
		);
		// At most 1 ms.
		assert!(
			w.ref_time() <= constants::WEIGHT_REF_TIME_PER_MILLIS,
			"Weight should be at most 1 ms."
		);
	}
}

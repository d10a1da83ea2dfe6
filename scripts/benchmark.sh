#!/usr/bin/env bash
# Builds dgrid-node in release mode with the `runtime-benchmarks` feature (kept out of the
# default build: it drags in frame-benchmarking-cli's cumulus test runtime) and runs
# `benchmark pallet` (or, with `overhead` first, `benchmark overhead`) with the given
# arguments, e.g.
#   scripts/benchmark.sh --pallet pallet_market --extrinsic '*' --output pallets/market/src/weights.rs
# Weights come from a release build only: a debug node runs the host side of storage access
# unoptimised and would overstate them.
# The binary is kept as $CARGO_TARGET_DIR/dgrid-node-benchmarks. Benchmarks run on the
# `development` genesis preset, or on $PRESET.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$DGRID_ROOT/scripts/setup.sh"
cd "$DGRID_ROOT"
# frame-benchmarking-cli's test runtime builds its own wasm; it is not in the workspace's
# default-feature metadata, so the wasm builder must not be pointed at the workspace here.
unset WASM_BUILD_WORKSPACE_HINT
cargo build --locked --release -p dgrid-node --features runtime-benchmarks
cp "$CARGO_TARGET_DIR/release/dgrid-node" "$CARGO_TARGET_DIR/dgrid-node-benchmarks"
if [ "${1:-}" = overhead ]; then
	# `scripts/benchmark.sh overhead ...`: the execution overhead of a block and an extrinsic.
	shift
	exec "$CARGO_TARGET_DIR/dgrid-node-benchmarks" benchmark overhead \
		--runtime "$CARGO_TARGET_DIR/release/wbuild/dgrid-runtime/dgrid_runtime.wasm" \
		--genesis-builder=runtime --genesis-builder-preset="${PRESET:-development}" "$@"
fi
exec "$CARGO_TARGET_DIR/dgrid-node-benchmarks" benchmark pallet --runtime-log=error \
	--runtime "$CARGO_TARGET_DIR/release/wbuild/dgrid-runtime/dgrid_runtime.wasm" \
	--genesis-builder=runtime --genesis-builder-preset="${PRESET:-development}" \
	--steps "${STEPS:-50}" --repeat "${REPEAT:-20}" "$@"

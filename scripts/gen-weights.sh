#!/usr/bin/env bash
# Regenerates the weights of every DGrid pallet from a release build with the
# `runtime-benchmarks` feature (scripts/benchmark.sh), into each pallet's `src/weights.rs`.
# STEPS and REPEAT override the sampling (defaults 50 and 20).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
for pallet in node-staking market; do
	"$DGRID_ROOT/scripts/benchmark.sh" --pallet "pallet_${pallet//-/_}" --extrinsic '*' \
		--template "$DGRID_ROOT/scripts/frame-weight-template.hbs" \
		--output "$DGRID_ROOT/pallets/$pallet/src/weights.rs"
done

#!/usr/bin/env bash
# Regenerates weights from a release build with the `runtime-benchmarks` feature
# (scripts/benchmark.sh):
# - DGrid's pallets into each pallet's `src/weights.rs` (trait, runtime impl, `()` impl);
# - the FRAME governance pallets into `runtime/src/weights/`, measured with DGrid's runtime (its
#   tracks, origins and deposits);
# - `overhead`: the execution overhead of an empty block and of an extrinsic
#   (`benchmark overhead`) into `runtime/src/weights/{block,extrinsic}_weights.rs`.
# With arguments, only the named pallets are regenerated, e.g. `scripts/gen-weights.sh dao`.
# STEPS and REPEAT override the sampling (defaults 50 and 20).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
dgrid=(node-staking market dao poq)
frame=(scheduler preimage conviction-voting referenda)
wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=("${dgrid[@]}" "${frame[@]}" overhead)
for pallet in "${wanted[@]}"; do
	if [ "$pallet" = overhead ]; then
		"$DGRID_ROOT/scripts/benchmark.sh" overhead \
			--header "$DGRID_ROOT/scripts/overhead-header.txt" \
			--weight-path "$DGRID_ROOT/runtime/src/weights"
		continue
	fi
	name="pallet_${pallet//-/_}"
	if [[ " ${dgrid[*]} " == *" $pallet "* ]]; then
		"$DGRID_ROOT/scripts/benchmark.sh" --pallet "$name" --extrinsic '*' \
			--template "$DGRID_ROOT/scripts/frame-weight-template.hbs" \
			--output "$DGRID_ROOT/pallets/$pallet/src/weights.rs"
	elif [[ " ${frame[*]} " == *" $pallet "* ]]; then
		# Referenda's benchmarks need a track whose preparation outlasts a block: the live
		# track timing of the testnet preset (the development timing prepares in one block).
		PRESET=$([ "$pallet" = referenda ] && echo testnet || echo development) \
			"$DGRID_ROOT/scripts/benchmark.sh" --pallet "$name" --extrinsic '*' \
			--header "$DGRID_ROOT/scripts/weights-header.txt" \
			--output "$DGRID_ROOT/runtime/src/weights/$name.rs"
	else
		echo "unknown pallet '$pallet': one of ${dgrid[*]} ${frame[*]} overhead" >&2
		exit 1
	fi
done

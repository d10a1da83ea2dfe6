#!/usr/bin/env bash
# Regenerates the checked-in chain specs from the runtime's genesis presets.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$DGRID_ROOT"
cargo build --locked -p dgrid-node
for chain in dev local testnet; do
	"$CARGO_TARGET_DIR/debug/dgrid-node" export-chain-spec --chain "$chain" > "chain-specs/$chain.json"
	echo "chain-specs/$chain.json"
done

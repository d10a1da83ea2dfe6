#!/usr/bin/env bash
# Builds dgrid-node and starts a one-validator development chain (Alice) with funded dev
# accounts. Extra arguments go to dgrid-node, e.g. `scripts/run-dev.sh --rpc-external`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$DGRID_ROOT/scripts/setup.sh"
cd "$DGRID_ROOT"
cargo build --locked -p dgrid-node
exec "$CARGO_TARGET_DIR/debug/dgrid-node" --dev "$@"

#!/usr/bin/env bash
# Runs every DGrid test: formatting, pallet/runtime/node unit tests, the chain-spec drift check,
# and the integration tests that start real dgrid-node processes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$DGRID_ROOT/scripts/setup.sh"
cd "$DGRID_ROOT"

step() { printf '\n== %s (%s)\n' "$1" "$(date +%T)"; }

step "format"
cargo fmt --all -- --check

step "build dgrid-node"
cargo build --locked -p dgrid-node

step "clippy (runtime crates deny unwrap, panic, indexing, unchecked arithmetic)"
SKIP_WASM_BUILD=1 cargo clippy --locked --workspace --all-targets -- -D warnings

step "unit tests (pallets, runtime, node, chain-spec drift)"
cargo test --locked --workspace --exclude dgrid-integration-tests

step "benchmark and try-runtime builds: every pallet benchmark run once as a test, the runtime's try-runtime checks"
# One build with both features (they share the rebuilt FRAME crates); the native runtime only.
SKIP_WASM_BUILD=1 cargo test --locked -p dgrid-runtime -p pallet-market -p pallet-node-staking \
	-p pallet-poq -p pallet-dao \
	--features dgrid-runtime/runtime-benchmarks,dgrid-runtime/try-runtime

step "no RocksDB in the dependency tree"
if cargo tree --locked -i librocksdb-sys >/dev/null 2>&1; then
	echo "librocksdb-sys is in the dependency tree: DGrid uses ParityDB only" >&2
	exit 1
fi

step "JavaScript test dependencies (@polkadot/api)"
npm ci --prefix tests/js --no-audit --no-fund

step "integration tests (real dgrid-node processes)"
DGRID_NODE="$CARGO_TARGET_DIR/debug/dgrid-node" \
	cargo test --locked -p dgrid-integration-tests -- --test-threads=1

step "all tests passed"

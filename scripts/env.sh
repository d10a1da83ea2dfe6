# Shared environment of DGrid's scripts (sourced, not run).
# One target dir for local builds and CI, so CI rebuilds only what changed.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dgrid-target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
DGRID_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DGRID_ROOT
# The runtime's wasm build runs in the target dir, outside the workspace: tell it where the
# workspace (and its Cargo.lock) is.
export WASM_BUILD_WORKSPACE_HINT="$DGRID_ROOT"

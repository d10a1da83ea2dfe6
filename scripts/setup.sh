#!/usr/bin/env bash
# Installs what building DGrid needs on a fresh Debian machine: the wasm target and rust-src
# for the runtime, protoc for libp2p's protobuf code, a C toolchain for binaryen (wasm-opt),
# Node.js and npm for the @polkadot/api governance test.
# Safe to run again: it only installs what is missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

if ! command -v cargo >/dev/null; then
	echo "cargo is missing: install Rust with rustup (https://rustup.rs) first" >&2
	exit 1
fi
rustup target list --installed | grep -qx wasm32v1-none || rustup target add wasm32v1-none
rustup component list --installed | grep -q '^rust-src' || rustup component add rust-src

missing=()
command -v protoc >/dev/null || missing+=(protobuf-compiler)
command -v g++ >/dev/null || missing+=(g++)
command -v make >/dev/null || missing+=(make)
# The governance test drives a dev node with @polkadot/api.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
# The inference tests run a fake OpenAI-compatible server in Python.
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get install -y "${missing[@]}" || { $SUDO apt-get update && $SUDO apt-get install -y "${missing[@]}"; }
fi
mkdir -p "$CARGO_TARGET_DIR"

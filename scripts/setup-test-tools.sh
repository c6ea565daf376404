#!/usr/bin/env bash
# System tools the tests use: wabt's wat2wasm (test modules are compiled from .wat).
set -euo pipefail
if command -v wat2wasm >/dev/null 2>&1; then exit 0; fi
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_root apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wabt >/dev/null

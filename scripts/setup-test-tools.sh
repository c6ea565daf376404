#!/usr/bin/env bash
# What the tests use besides the Python venv: wabt's wat2wasm (test modules are
# compiled from .wat), clang and lld (C to Wasm with DWARF), Chromium (its
# DevTools frontend is a real inspector client), debootstrap (a clean Debian
# root to install the wheel into), the npm packages pinned in tests/js
# (real Wasm modules) and wasi-libc (C programs for WASI).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
apt_packages=()
command -v wat2wasm >/dev/null 2>&1 || apt_packages+=(wabt)
command -v chromium >/dev/null 2>&1 || apt_packages+=(chromium)
command -v debootstrap >/dev/null 2>&1 || apt_packages+=(debootstrap)
# C compiled to Wasm with DWARF, for the source-map tests (scripts/build-wasm-c.sh).
command -v clang >/dev/null 2>&1 || apt_packages+=(clang)
command -v wasm-ld >/dev/null 2>&1 || apt_packages+=(lld)
if [ ${#apt_packages[@]} -gt 0 ]; then
  as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi
# wasi-libc for the C programs of tests/wasi (Debian packages unpacked into .deps).
"$root/scripts/setup-wasi-libc.sh"
"$root/scripts/setup-js-packages.sh"

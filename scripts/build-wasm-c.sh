#!/usr/bin/env bash
# scripts/build-wasm-c.sh SRC.c OUTDIR: compiles a C file to a Wasm module with
# DWARF (clang --target=wasm32 -g, linked by lld), turns the DWARF line table
# into OUTDIR/NAME.wasm.map (scripts/wasm-sourcemap) and writes OUTDIR/NAME.wasm
# naming it by its file:// URL. The source is copied next to the map, where
# the map's relative source names find it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=$1
out=$(mkdir -p "$2" && cd "$2" && pwd)
name=$(basename "$src" .c)
cp "$src" "$out/$name.c"
(cd "$out" && clang --target=wasm32 -nostdlib -g -O0 -Wl,--no-entry -Wl,--export-all \
  -o "$name.debug.wasm" "$name.c")
cargo build --release -q -p wasm-sourcemap --manifest-path "$root/Cargo.toml"
"${CARGO_TARGET_DIR:-$root/target}/release/wasm-sourcemap" "$out/$name.debug.wasm" "$out/$name.wasm" "$out/$name.wasm.map" \
  "file://$out/$name.wasm.map"
rm "$out/$name.debug.wasm"

#!/usr/bin/env bash
# wasi-libc and clang's wasm32 run-time library, Debian's packages unpacked
# into .deps/wasi (downloaded, not installed: the machine's packages stay as
# they are), for the tests that compile C programs for WASI (tests/wasi).
# Writes .deps/wasi/clang-flags: what to add to `clang --target=wasm32-wasi`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir="$root/.deps/wasi"
major=$(clang -dumpversion | cut -d. -f1)
[ -f "$dir/clang-flags" ] && grep -q "llvm-$major" "$dir/clang-flags" && exit 0
rm -rf "$dir"
mkdir -p "$dir/debs" "$dir/resource/lib/wasi"
packages=(wasi-libc "libclang-rt-$major-dev-wasm32")
# (apt-get download needs the package lists: fetched once if they are missing.)
(cd "$dir/debs" && { apt-get download "${packages[@]}" >/dev/null 2>&1 ||
  { apt-get update -qq && apt-get download "${packages[@]}" >/dev/null 2>&1; }; })
for deb in "$dir"/debs/*.deb; do dpkg -x "$deb" "$dir/root"; done
# clang's own headers, with the wasm32 builtins it did not ship.
ln -s "$(clang -print-resource-dir)/include" "$dir/resource/include"
cp "$dir"/root/usr/lib/llvm-"$major"/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a "$dir/resource/lib/wasi/"
echo "--sysroot=$dir/root/usr -resource-dir=$dir/resource # llvm-$major" >"$dir/clang-flags.tmp"
mv "$dir/clang-flags.tmp" "$dir/clang-flags"

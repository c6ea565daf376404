#!/usr/bin/env bash
# Makes Debian's V8 10.2 (libnode108 + libnode-dev) available to the build.
#
# Uses the system package when it is installed; otherwise unpacks both .debs into
# .deps/v8 (git-ignored). `apt-get install libnode-dev` itself is not used: on machines
# with a non-Debian Node.js it conflicts with node-acorn. Prints the prefix on stdout.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
prefix="$root/.deps/v8"
multiarch=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
header=usr/include/nodejs/deps/v8/include/v8.h
library="usr/lib/$multiarch/libnode.so.108"

if [ -f "/$header" ] && [ -f "/$library" ]; then
  echo "/"
  exit 0
fi
# Our own copy only (never a system file): its own symbols bound within it first,
# and those bindings computed once here instead of at every load.
symbolic() {
  python3 "$root/scripts/elf-symbolic.py" "$prefix/$library" >&2
  python3 "$root/scripts/elf-prebind.py" "$prefix/$library" >&2
}
if [ -f "$prefix/$header" ] && [ -f "$prefix/$library" ]; then
  symbolic
  echo "$prefix"
  exit 0
fi

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_update_once() {
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq >&2; apt_updated=1; fi
}

# Runtime dependencies of libnode.so.108 that a stock image may lack.
missing=()
for pkg in libuv1 libc-ares2 libicu72 libbrotli1 libnghttp2-14 libssl3 zlib1g; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt_update_once
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
if ! apt-get download libnode108 libnode-dev >&2 2>/dev/null; then
  apt_update_once
  apt-get download libnode108 libnode-dev >&2
fi
rm -rf "$prefix.tmp"
mkdir -p "$prefix.tmp"
for deb in ./*.deb; do dpkg -x "$deb" "$prefix.tmp"; done
rm -rf "$prefix"
mv "$prefix.tmp" "$prefix"
symbolic
echo "$prefix"

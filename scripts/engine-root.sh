#!/usr/bin/env bash
# Builds jsrun against another Debian's V8 and runs the test suite there, in a
# Debian root made with debootstrap (these machines' glibc cannot load the
# newer libnodes). The root is kept in .deps/roots/SUITE; the working tree is
# copied in (not bound: the build must not touch the host's); the host's Rust
# toolchain and crate cache are bound in.
#
#   scripts/engine-root.sh SUITE test     # the suite, minus what needs a tool the root lacks
#   scripts/engine-root.sh SUITE wheel    # a repaired wheel into dist/ (see `make wheels`)
#   scripts/engine-root.sh SUITE run CMD  # any command, in the copied tree
set -euo pipefail
suite=${1:?usage: engine-root.sh SUITE test|wheel|run CMD}
action=${2:?usage: engine-root.sh SUITE test|wheel|run CMD}
shift 2
project=$(cd "$(dirname "$0")/.." && pwd)
dir="$project/.deps/roots/$suite"
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
packages=python3,python3-venv,python3-dev,g++,make,binutils,libnode-dev,nodejs,wabt,ca-certificates,procps,patchelf,clang,lld

if [ "$(id -u)" != 0 ]; then
  echo "engine-root.sh makes a chroot: run it as root (CI does)" >&2
  exit 2
fi
# (Made again when it lacks a package added to the list since: wasm-ld, from lld.)
if [ ! -x "$dir/usr/bin/g++" ] || [ ! -x "$dir/usr/bin/wasm-ld" ]; then
  command -v debootstrap >/dev/null || { echo "debootstrap is needed (make test-tools installs it)" >&2; exit 2; }
  rm -rf "$dir" "$dir.tmp"
  mkdir -p "$(dirname "$dir")"
  echo "making a Debian $suite root in $dir (a few minutes)" >&2
  # An older debootstrap may not know a newer suite: sid's script fits any.
  script=/usr/share/debootstrap/scripts/$suite
  [ -e "$script" ] || script=/usr/share/debootstrap/scripts/sid
  debootstrap --variant=minbase --include="$packages" "$suite" "$dir.tmp" "$mirror" "$script" >"$dir.log" 2>&1 ||
    { tail -20 "$dir.log" >&2; exit 1; }
  mv "$dir.tmp" "$dir"
fi
# This root's libnode binds its own symbols within itself, ahead of time, as the
# host's copy does (scripts/setup-v8.sh); the root is jsrun's, not the machine's.
for lib in "$dir"/usr/lib/*/libnode.so.[0-9]*; do
  [ -L "$lib" ] && continue
  python3 "$project/scripts/elf-symbolic.py" "$lib"
  python3 "$project/scripts/elf-prebind.py" "$lib"
done

cargo_home=${CARGO_HOME:-$HOME/.cargo}
rustup_home=${RUSTUP_HOME:-$HOME/.rustup}
mounts=()
bind() {
  mkdir -p "$dir$2"
  mount --bind "$1" "$dir$2"
  mounts=("$dir$2" "${mounts[@]}")
}
cleanup() { for m in "${mounts[@]}"; do umount -l "$m" 2>/dev/null || true; done; }
trap cleanup EXIT
bind /proc /proc
bind /dev /dev
bind /dev/pts /dev/pts
bind /sys /sys
bind "$cargo_home" /opt/cargo
bind "$rustup_home" /opt/rustup
cp /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
# The host's CA bundle: pip and cargo reach their registries through it.
cp /etc/ssl/certs/ca-certificates.crt "$dir/etc/ssl/host-ca.crt"

# The crates the build needs, fetched here so the root builds offline.
(cd "$project" && cargo fetch -q)
rm -rf "$dir/src"
mkdir -p "$dir/src"
(cd "$project" && { git ls-files -co --exclude-standard; find tests/js/node_modules tests/npm/node_modules examples/markdown/node_modules examples/plugins/node_modules runtime/js/dist -type f 2>/dev/null; } |
  tar -cf - --ignore-failed-read -T - 2>/dev/null) | tar -xf - -C "$dir/src"

rm -rf "$dir/build/dist-out"
chroot "$dir" /usr/bin/env -i \
  HOME=/root PATH=/opt/cargo/bin:/venv/bin:/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
  CARGO_HOME=/opt/cargo RUSTUP_HOME=/opt/rustup RUSTUP_TOOLCHAIN="${RUSTUP_TOOLCHAIN:-stable}" \
  CARGO_NET_OFFLINE=true CARGO_TARGET_DIR=/build/target JSRUN_V8_PREFIX=/ \
  PIP_CERT=/etc/ssl/host-ca.crt SSL_CERT_FILE=/etc/ssl/host-ca.crt PIP_DISABLE_PIP_VERSION_CHECK=1 \
  PIP_DEFAULT_TIMEOUT=180 JSRUN_ENGINE_ROOT="$suite" \
  /bin/bash /src/scripts/in-engine-root.sh "$action" "$@"
if [ "$action" = wheel ]; then
  out=${DIST:-$project/dist}
  mkdir -p "$out"
  cp "$dir"/build/dist-out/jsrun-*.whl "$out"/
fi

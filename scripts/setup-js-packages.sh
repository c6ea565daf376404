#!/usr/bin/env bash
# The npm packages pinned for the tests and examples, installed with the
# machine's npm when missing: tests/js (real Wasm modules for the tests and
# examples/sqlite_wasm.py), tests/npm (the packages loaded from node_modules
# by tests/test_npm_packages.py), examples/markdown (marked, for
# examples/markdown_from_npm.py and docs/npm.md) and examples/plugins (ses,
# for examples/plugins_in_compartments.py and docs/security.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
for dir in tests/js tests/npm examples/markdown examples/plugins; do
  missing=0
  for package in $(cd "$root/$dir" && node -e 'console.log(Object.keys(require("./package.json").dependencies).join(" "))'); do
    [ -f "$root/$dir/node_modules/$package/package.json" ] || missing=1
  done
  if [ "$missing" = 1 ]; then
    (cd "$root/$dir" && npm ci --silent --no-audit --no-fund)
  fi
done

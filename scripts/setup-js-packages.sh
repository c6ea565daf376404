#!/usr/bin/env bash
# The npm packages pinned in tests/js (real Wasm modules for the tests and
# examples/sqlite_wasm.py), installed with the machine's npm when missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
missing=0
for package in $(cd "$root/tests/js" && node -e 'console.log(Object.keys(require("./package.json").dependencies).join(" "))'); do
  [ -d "$root/tests/js/node_modules/$package" ] || missing=1
done
if [ "$missing" = 1 ]; then
  (cd "$root/tests/js" && npm ci --silent --no-audit --no-fund)
fi

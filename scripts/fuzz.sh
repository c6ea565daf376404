#!/usr/bin/env bash
# `make fuzz`: each atheris target in tests/fuzz for FUZZ_SECONDS (default 20),
# starting from its corpus in tests/fuzz/corpus/<target> (kept in the
# repository; new inputs go to a scratch copy). A crash, an unexpected
# exception or a hang (-timeout) fails the run and leaves the input in
# target/fuzz/. Prints one line per target: runs, seconds, crashes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${FUZZ_SECONDS:-20}
python=${PYTHON:-$root/.venv/bin/python}
mkdir -p target/fuzz
status=0
for target in conversion loaders inspector; do
  scratch=$(mktemp -d)
  log=target/fuzz/$target.log
  if "$python" "tests/fuzz/fuzz_$target.py" "$scratch" "tests/fuzz/corpus/$target" \
      -max_total_time="$seconds" -timeout=60 -rss_limit_mb=4096 \
      -artifact_prefix="target/fuzz/$target-" >"$log" 2>&1; then
    runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 runs in \2 s/p' "$log" | tail -n 1)
    echo "fuzz $target: ${runs:-no summary}, 0 crashes"
  else
    echo "fuzz $target: FAILED (see $log and target/fuzz/$target-*)"
    tail -n 30 "$log"
    status=1
  fi
  rm -rf "$scratch"
done
exit $status

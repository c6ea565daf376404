#!/usr/bin/env bash
# `make sanitize`: the C++ bridge built with AddressSanitizer and UBSan (any
# finding aborts), then the Python test suite run against that build. Python
# and V8 are not instrumented, so the sanitizer runtimes are preloaded.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
venv=$root/.venv
out=$root/target/sanitize
export PATH="$venv/bin:$PATH" VIRTUAL_ENV=$venv

JSRUN_SANITIZE=address,undefined CARGO_TARGET_DIR=$out \
  maturin build --release --auditwheel skip -q -m pyjsrun/Cargo.toml -o "$out/wheels" >/dev/null
rm -rf "$out/site"
wheel=$(ls -t "$out"/wheels/jsrun-*.whl | head -n 1)
python -m zipfile -e "$wheel" "$out/site"
# An uninstrumented build would pass silently: check the sanitizers are in it.
# (The symbol list is read whole: `grep -q` would stop early and, under
# pipefail, nm's SIGPIPE would fail the check.)
symbols=$(nm -D "$out/site/jsrun/_jsrun.abi3.so")
grep -q __asan_report <<<"$symbols" || { echo "not built with ASan" >&2; exit 1; }
grep -q __ubsan_handle <<<"$symbols" || { echo "not built with UBSan" >&2; exit 1; }

asan=$(gcc -print-file-name=libasan.so)
ubsan=$(gcc -print-file-name=libubsan.so)
# Leak checking is off: the interpreter and V8 keep memory until exit by design.
export ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:abort_on_error=1:allow_user_segv_handler=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export PYTHONPATH=$out/site
# The jsrun under test is the sanitized one, not the .venv's editable build.
LD_PRELOAD="$asan $ubsan" python -c 'import jsrun, sys; assert "sanitize" in jsrun.__file__, jsrun.__file__'
LD_PRELOAD="$asan $ubsan" python -m pytest -q -p no:cacheprovider -m "not slow and not browser" "$@" tests

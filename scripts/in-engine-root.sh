#!/usr/bin/env bash
# The inside of scripts/engine-root.sh: runs in the root, in /src.
set -euo pipefail
cd /src
action=$1
shift
if [ ! -x /venv/bin/python ]; then
  python3 -m venv /venv
fi
# The dev requirements but atheris (the fuzzer runs on the host only).
grep -v '^atheris' requirements-dev.txt >/tmp/requirements.txt
/venv/bin/pip install -q -r /tmp/requirements.txt wheel==0.45.1
build_wheel() {  # $1: --auditwheel mode
  rm -rf /build/dist
  /venv/bin/maturin build --release -q --auditwheel "$1" -m pyjsrun/Cargo.toml -o /build/dist
  if [ "$1" = repair ]; then /venv/bin/python scripts/retag-wheel.py /build/dist; fi
}
# The polyfill manifest for this root's V8, made with the wheel just built
# and installed: into that install, and into the tree for the next wheel.
polyfill_manifest() {
  /venv/bin/pip install -q --force-reinstall --no-deps /build/dist/jsrun-*.whl
  /venv/bin/python -m jsrun._polyfills
  /venv/bin/python -m jsrun._polyfills --out pyjsrun/python/jsrun/_polyfills.json
}
case "$action" in
  test)
    build_wheel skip
    polyfill_manifest
    echo "V8 $(/venv/bin/python -c 'import jsrun; print(jsrun.v8_version())') on $(. /etc/os-release; echo "$PRETTY_NAME")"
    # Not here: Chromium (browser) and debootstrap (wheel) are host tools.
    /venv/bin/python -m pytest -p no:cacheprovider -q -m "not browser and not wheel" "$@" tests
    # The repaired wheel, in a fresh venv: it runs the example on the V8 it carries.
    build_wheel repair
    rm -rf /tmp/wheel-venv
    python3 -m venv /tmp/wheel-venv
    /tmp/wheel-venv/bin/pip install -q --no-index /build/dist/jsrun-*.whl
    (cd examples && /tmp/wheel-venv/bin/python wasm_add.py) | grep -qx 30
    /tmp/wheel-venv/bin/python - "$(/venv/bin/python -c 'import jsrun; print(jsrun.v8_version())')" <<'PY'
import sys, jsrun
jsrun.eval("1")
libs = [line.split()[-1] for line in open("/proc/self/maps") if "libnode" in line]
import pathlib
assert (pathlib.Path(jsrun.__file__).parent / "_polyfills.json").is_file(), "the wheel lacks its polyfill manifest"
assert jsrun.v8_version() == sys.argv[1], (jsrun.v8_version(), sys.argv[1])
assert libs and all("jsrun.libs" in lib for lib in libs), libs
print("wheel", jsrun.v8_version(), "runs the example with its own", libs[0].rsplit("/", 1)[-1])
PY
    ;;
  wheel)
    build_wheel skip
    polyfill_manifest
    build_wheel repair
    mkdir -p /build/dist-out
    cp /build/dist/jsrun-*.whl /build/dist-out/
    ;;
  run)
    exec "$@"
    ;;
  *)
    echo "unknown action $action" >&2
    exit 2
    ;;
esac

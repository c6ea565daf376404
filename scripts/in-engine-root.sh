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
/venv/bin/pip install -q -r /tmp/requirements.txt
build_wheel() {  # $1: --auditwheel mode
  rm -rf /build/dist
  /venv/bin/maturin build --release -q --auditwheel "$1" -m pyjsrun/Cargo.toml -o /build/dist
}
case "$action" in
  test)
    build_wheel skip
    /venv/bin/pip install -q --force-reinstall --no-deps /build/dist/jsrun-*.whl
    echo "V8 $(/venv/bin/python -c 'import jsrun; print(jsrun.v8_version())') on $(. /etc/os-release; echo "$PRETTY_NAME")"
    # Not here: Chromium (browser) and debootstrap (wheel) are host tools.
    exec /venv/bin/python -m pytest -p no:cacheprovider -q -m "not browser and not wheel" "$@" tests
    ;;
  wheel)
    build_wheel repair
    mkdir -p /src/dist-out
    cp /build/dist/jsrun-*.whl /src/dist-out/
    ;;
  run)
    exec "$@"
    ;;
  *)
    echo "unknown action $action" >&2
    exit 2
    ;;
esac

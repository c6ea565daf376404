"""Startup with a realistic bootstrap: run it in every new runtime, or start
from a snapshot that already holds its result.

    .venv/bin/python benchmarks/bench_snapshot.py

The bootstrap is sql.js's JavaScript glue and hash-wasm's UMD bundle (from
tests/js/node_modules; scripts/setup-js-packages.sh installs them) plus a
small table computed at start-up. Prints medians of 30 runtimes each.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import jsrun

MODULES = Path(__file__).resolve().parent.parent / "tests" / "js" / "node_modules"
RUNS = 30


def bootstrap() -> str:
    parts = [
        (MODULES / "sql.js" / "dist" / "sql-wasm.js").read_text(),
        (MODULES / "hash-wasm" / "dist" / "index.umd.min.js").read_text(),
        "globalThis.table = Array.from({length: 20000}, (_, i) => ({id: i, key: 'k' + (i * 7919 % 20000)}));",
    ]
    return "\n;\n".join(parts)


def startup_ms(config: jsrun.RuntimeConfig) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        with jsrun.Runtime(config) as rt:
            assert rt.eval("typeof initSqlJs + typeof hashwasm + table.length") == "functionobject20000"
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    source = bootstrap()
    start = time.perf_counter()
    builder = jsrun.SnapshotBuilder(bootstrap=source)
    blob = builder.build()
    build_ms = (time.perf_counter() - start) * 1000
    jsrun.Runtime().close()  # V8's one-time set-up, outside the figures
    plain = startup_ms(jsrun.RuntimeConfig(bootstrap=source))
    snap = startup_ms(jsrun.RuntimeConfig(snapshot=blob))
    print(
        f"bootstrap: {len(source) / 1024:.0f} KiB of JS; "
        f"snapshot: {len(blob) / 1024:.0f} KiB, built in {build_ms:.0f} ms"
    )
    print("| start-up (Runtime() + first eval) | ms |")
    print("| --- | --- |")
    print(f"| running the bootstrap | {plain:.1f} |")
    print(f"| from the snapshot | {snap:.1f} |")


if __name__ == "__main__":
    main()

"""What the inspector costs: `eval("1+1")` and a Python → JS call with no
inspector, with an inspector nobody is attached to, and with a DevTools-like
session attached (Runtime and Debugger enabled, no breakpoints).

    .venv/bin/python benchmarks/bench_inspector.py [--quick]

Prints medians of repeated runs (calls per second).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from cdp import Cdp  # noqa: E402

import jsrun  # noqa: E402


def rate(fn: Any, n: int, repeats: int) -> float:
    results = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        results.append(n / (time.perf_counter() - start))
    return statistics.median(results)


def measure(rt: jsrun.Runtime, n: int, repeats: int) -> tuple[float, float]:
    add = rt.eval("(a, b) => a + b")
    for _ in range(n // 10):  # warm up
        rt.eval("1+1")
    return rate(lambda: rt.eval("1+1"), n, repeats), rate(lambda: add(1, 2), n, repeats)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    n, repeats = (20_000, 3) if args.quick else (200_000, 7)
    rows = []
    with jsrun.Runtime() as rt:
        rows.append(("no inspector", *measure(rt, n, repeats)))
    config = jsrun.RuntimeConfig(inspector=jsrun.InspectorConfig(port=0))
    with jsrun.Runtime(config) as rt:
        rows.append(("inspector on, no session", *measure(rt, n, repeats)))
        endpoints = rt.inspector_endpoints()
        assert endpoints is not None
        with Cdp(endpoints.websocket_url) as cdp:
            cdp.call("Runtime.enable")
            cdp.call("Debugger.enable")
            rows.append(("DevTools session attached", *measure(rt, n, repeats)))
    print(f"{'':28} {'eval(1+1)/s':>14} {'call/s':>14}")
    for name, evals, calls in rows:
        print(f"{name:28} {evals:14,.0f} {calls:14,.0f}")


if __name__ == "__main__":
    main()

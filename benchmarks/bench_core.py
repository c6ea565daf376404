"""Core speed of one engine, run inside the interpreter that has it installed.

    python benchmarks/bench_core.py --engine ours [--quick] [--json]

Engines: `ours` (this repository's jsrun), `jsrun-published` (jsrun 0.3.0 from
PyPI), `stpyv8`. Each peer lives in its own virtual environment (two of them
import as `jsrun`); `compare.py` creates those and runs this script in each.
Prints medians of repeated runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any


class Engine:
    name = ""

    def new(self) -> Any: ...
    def eval(self, rt: Any, code: str) -> Any: ...
    def close(self, rt: Any) -> None: ...
    def roundtrip(self, rt: Any, value: Any) -> Any | None:
        return None  # not supported


class Jsrun(Engine):
    """Ours and the published package share this API."""

    def __init__(self, name: str) -> None:
        import jsrun

        self.jsrun = jsrun
        self.name = name

    def new(self) -> Any:
        return self.jsrun.Runtime()

    def eval(self, rt: Any, code: str) -> Any:
        return rt.eval(code)

    def close(self, rt: Any) -> None:
        rt.close()

    def roundtrip(self, rt: Any, value: Any) -> Any:
        rt.bind_object("t", {"v": value})
        return rt.eval("t.v")


class Stpyv8(Engine):
    name = "stpyv8"

    def __init__(self) -> None:
        import STPyV8

        self.v8 = STPyV8

    def new(self) -> Any:
        ctx = self.v8.JSContext()
        ctx.enter()
        return ctx

    def eval(self, rt: Any, code: str) -> Any:
        return rt.eval(code)

    def close(self, rt: Any) -> None:
        rt.leave()


def median_rate(fn: Callable[[int], None], n: int, repeats: int) -> float:
    """Median operations per second of `fn(n)` over `repeats` runs."""
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(n)
        rates.append(n / (time.perf_counter() - start))
    return statistics.median(rates)


def median_ms(fn: Callable[[], None], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run(engine: Engine, quick: bool) -> dict[str, float | None]:
    scale = 0.1 if quick else 1.0
    repeats = 3 if quick else 5
    results: dict[str, float | None] = {}

    engine.close(engine.new())  # first runtime pays one-time V8 set-up

    def create_and_eval() -> None:
        rt = engine.new()
        engine.eval(rt, "1")
        keep.append(rt)

    keep: list[Any] = []
    results["create_first_eval_ms"] = median_ms(create_and_eval, repeats * 4)
    for rt in reversed(keep):  # STPyV8 contexts must be left in LIFO order
        engine.close(rt)

    rt = engine.new()

    def evals(n: int) -> None:
        for _ in range(n):
            engine.eval(rt, "1+1")

    results["eval_per_s"] = median_rate(evals, int(200_000 * scale), repeats)

    payloads = {
        "list_100k_ms": list(range(100_000)),
        "dict_100k_ms": {f"k{i}": i for i in range(100_000)},
        "bytes_1mib_ms": bytes(range(256)) * 4096,
    }
    for key, value in payloads.items():
        if engine.roundtrip(rt, value) is None:
            results[key] = None
            continue
        assert engine.roundtrip(rt, value) == value
        results[key] = median_ms(lambda v=value: engine.roundtrip(rt, v), repeats)
    engine.close(rt)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine", default="ours", choices=["ours", "jsrun-published", "stpyv8"])
    parser.add_argument("--quick", action="store_true", help="fewer iterations, for development")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    engine: Engine = Stpyv8() if args.engine == "stpyv8" else Jsrun(args.engine)
    results = run(engine, args.quick)
    if args.json:
        print(json.dumps({"engine": args.engine, "python": sys.version.split()[0], **results}))
    else:
        for key, value in results.items():
            print(f"{key:24} {'n/a' if value is None else f'{value:,.3f}'}")


if __name__ == "__main__":
    main()

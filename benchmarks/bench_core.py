"""Core speed of one engine, run inside the interpreter that has it installed.

    python benchmarks/bench_core.py --engine ours [--quick] [--json]

Engines: `ours` (this repository's jsrun), `jsrun-published` (jsrun 0.3.0 from
PyPI), `stpyv8`, `mini-racer`. Each peer lives in its own virtual environment (two of them
import as `jsrun`); `compare.py` creates those and runs this script in each.
Prints medians of repeated runs.
"""

from __future__ import annotations

import argparse
import json
import os
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

    def function(self, rt: Any, code: str) -> Any:
        """A JS function callable from Python."""
        return self.eval(rt, code)

    def with_callback(self, fn: Any) -> Any | None:
        """A runtime where JS can call `fn` as the global `add`, or None."""
        return None


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

    def with_callback(self, fn: Any) -> Any:
        rt = self.new()
        rt.bind_function("add", fn)
        return rt


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

    def with_callback(self, fn: Any) -> Any:
        class Global(self.v8.JSClass):  # type: ignore[name-defined]
            def add(self, a: Any, b: Any) -> Any:
                return fn(a, b)

        ctx = self.v8.JSContext(Global())
        ctx.enter()
        return ctx


class MiniRacer(Engine):
    name = "mini-racer"

    def __init__(self) -> None:
        from py_mini_racer import MiniRacer as Racer

        self.racer = Racer

    def new(self) -> Any:
        return self.racer()

    def eval(self, rt: Any, code: str) -> Any:
        return rt.eval(code)

    def close(self, rt: Any) -> None:
        rt.close()


def median_rate(fn: Callable[[int], None], n: int, repeats: int, budget_s: float = 0.5) -> float:
    """Median operations per second of `fn(k)` over `repeats` runs; `k` is `n`,
    or fewer for an engine so slow that `n` would take longer than `budget_s`."""
    start = time.perf_counter()
    fn(max(1, n // 100))
    per_op = (time.perf_counter() - start) / max(1, n // 100)
    k = max(1, min(n, int(budget_s / max(per_op, 1e-9))))
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(k)
        rates.append(k / (time.perf_counter() - start))
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

    add = engine.function(rt, "(a, b) => a + b")

    def calls(n: int) -> None:
        for _ in range(n):
            add(1, 2)

    results["call_per_s"] = median_rate(calls, int(200_000 * scale), repeats)

    cb_rt = engine.with_callback(lambda a, b: a + b)
    if cb_rt is None:
        results["callback_per_s"] = None
    else:
        # Through eval: the published jsrun deadlocks when a JsFunction call reaches a bound function.
        def loop(k: int) -> str:
            return f"(() => {{ let s = 0; for (let i = 0; i < {k}; i++) s = add(s, 1); return s }})()"

        n = int(100_000 * scale)
        assert engine.eval(cb_rt, loop(n)) == n
        results["callback_per_s"] = median_rate(lambda k: engine.eval(cb_rt, loop(k)), n, repeats)
        engine.close(cb_rt)

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
    parser.add_argument("--engine", default="ours", choices=["ours", "jsrun-published", "stpyv8", "mini-racer"])
    parser.add_argument("--quick", action="store_true", help="fewer iterations, for development")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    engines = {"stpyv8": Stpyv8, "mini-racer": MiniRacer}
    engine: Engine = engines[args.engine]() if args.engine in engines else Jsrun(args.engine)
    results = run(engine, args.quick)
    if args.json:
        print(json.dumps({"engine": args.engine, "python": sys.version.split()[0], **results}))
    else:
        for key, value in results.items():
            print(f"{key:24} {'n/a' if value is None else f'{value:,.3f}'}")
    if isinstance(engine, MiniRacer):
        sys.stdout.flush()
        os._exit(0)  # mini-racer's threads keep the interpreter from exiting


if __name__ == "__main__":
    main()

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
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


class Engine:
    #: Python that imports the package, makes a first runtime and evaluates
    #: in it (the start-up a CLI or a serverless function pays).
    COLD = ""

    def eval_async_rate(self, n: int, repeats: int) -> float | None:
        return None  # no eval_async

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

    COLD = "import jsrun; rt = jsrun.Runtime(); rt.eval('1+1'); rt.close()"

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

    def eval_async_rate(self, n: int, repeats: int) -> float:
        import asyncio

        rt = self.new()

        async def awaits(k: int) -> None:
            for _ in range(k):
                await rt.eval_async("1+1")

        try:
            return median_rate(lambda k: asyncio.run(awaits(k)), n, repeats)
        finally:
            self.close(rt)


class Stpyv8(Engine):
    name = "stpyv8"
    COLD = "import STPyV8; c = STPyV8.JSContext(); c.enter(); c.eval('1+1'); c.leave()"

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
    COLD = "from py_mini_racer import MiniRacer; r = MiniRacer(); r.eval('1+1'); r.close()"

    def __init__(self) -> None:
        from py_mini_racer import MiniRacer as Racer

        self.racer = Racer

    def new(self) -> Any:
        return self.racer()

    def eval(self, rt: Any, code: str) -> Any:
        return rt.eval(code)

    def close(self, rt: Any) -> None:
        rt.close()


class PythonMonkey(Engine):
    """SpiderMonkey in-process; one global context per process (no runtimes to create)."""

    name = "pythonmonkey"
    COLD = "import pythonmonkey; pythonmonkey.eval('1+1')"

    def __init__(self) -> None:
        import pythonmonkey

        self.pm = pythonmonkey

    def new(self) -> Any:
        return self.pm

    def eval(self, rt: Any, code: str) -> Any:
        return rt.eval(code)

    def close(self, rt: Any) -> None:
        pass

    def with_callback(self, fn: Any) -> Any:
        self.pm.eval("(f) => { globalThis.add = f }")(fn)
        return self.pm


class QuickJs(Engine):
    """The `quickjs` package: QuickJS in-process (no WebAssembly)."""

    name = "quickjs"
    COLD = "import quickjs; quickjs.Context().eval('1+1')"

    def __init__(self) -> None:
        import quickjs

        self.quickjs = quickjs

    def new(self) -> Any:
        return self.quickjs.Context()

    def eval(self, rt: Any, code: str) -> Any:
        return rt.eval(code)

    def close(self, rt: Any) -> None:
        pass

    def with_callback(self, fn: Any) -> Any:
        ctx = self.new()
        ctx.add_callable("add", fn)
        return ctx


class Node(Engine):
    """Shelling out to Node.js: one `node` process per runtime, code and
    results as JSON lines over its stdin/stdout."""

    name = "node"
    COLD = "import subprocess; subprocess.run(['node', '-e', '1+1'], check=True)"
    SERVER = r"""
const vm = require("vm"); const rl = require("readline").createInterface({ input: process.stdin });
rl.on("line", (line) => {
  let out;
  try { out = { ok: vm.runInThisContext(JSON.parse(line)) }; } catch (e) { out = { error: String(e) }; }
  process.stdout.write(JSON.stringify(out === undefined ? {} : out) + "\n");
});
"""

    def new(self) -> Any:
        import subprocess as sp

        return sp.Popen(["node", "-e", self.SERVER], stdin=sp.PIPE, stdout=sp.PIPE, text=True, bufsize=1)

    def eval(self, rt: Any, code: str) -> Any:
        rt.stdin.write(json.dumps(code) + "\n")
        rt.stdin.flush()
        reply = json.loads(rt.stdout.readline())
        if "error" in reply:
            raise RuntimeError(reply["error"])
        return reply.get("ok")

    def close(self, rt: Any) -> None:
        rt.stdin.close()
        rt.wait()

    def function(self, rt: Any, code: str) -> Any:
        self.eval(rt, f"globalThis.__f = {code}; 0")
        return lambda *args: self.eval(rt, f"__f(...{json.dumps(list(args))})")

    def roundtrip(self, rt: Any, value: Any) -> Any:
        if isinstance(value, bytes):
            return None  # JSON carries no bytes
        return self.eval(rt, f"globalThis.t = {json.dumps(value)}; t")


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
    if isinstance(engine, PythonMonkey):
        results["create_first_eval_ms"] = None  # one global context: nothing to create
    for rt in reversed(keep):  # STPyV8 contexts must be left in LIFO order
        engine.close(rt)

    rt = engine.new()

    def evals(n: int) -> None:
        for _ in range(n):
            engine.eval(rt, "1+1")

    results["eval_per_s"] = median_rate(evals, int(200_000 * scale), repeats)
    results["eval_async_per_s"] = engine.eval_async_rate(int(20_000 * scale), repeats)

    def later_runtime() -> None:
        later = engine.new()
        engine.eval(later, "1+1")
        engine.close(later)

    results["later_runtime_ms"] = None if isinstance(engine, PythonMonkey) else median_ms(later_runtime, repeats * 4)

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
        "dict_10k_ms": {f"k{i}": i for i in range(10_000)},
        "bytes_1mib_ms": bytes(range(256)) * 4096,
    }
    for key, value in payloads.items():
        if engine.roundtrip(rt, value) is None:
            results[key] = None
            continue
        assert engine.roundtrip(rt, value) == value
        results[key] = median_ms(lambda v=value: engine.roundtrip(rt, v), repeats)
    results.update(js_workloads(engine, rt, repeats))
    engine.close(rt)
    return results


def start_up(engine: Engine, quick: bool) -> dict[str, float | None]:
    """Fresh interpreters (medians of 9; 3 with --quick): `import` alone
    (time and RSS after it), and import + first runtime + first eval."""
    runs = 3 if quick else 9
    module = engine.COLD.split(";")[0].strip()
    # VmHWM, not ru_maxrss: Linux carries the parent's peak RSS into a child across fork and exec.
    measure_import = (
        "import time\nt = time.perf_counter()\n"
        + module
        + "\ndt = (time.perf_counter() - t) * 1000\n"
        + "peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0].split()[1]\n"
        + "print(dt, int(peak) / 1024)"
    )
    measure_cold = (
        "import time\nt = time.perf_counter()\n"
        + engine.COLD.replace("; ", "\n")
        + "\nprint((time.perf_counter() - t) * 1000)"
    )

    def fresh(code: str) -> list[float]:
        # os._exit: mini-racer's threads keep an interpreter from exiting.
        code += "\nimport os, sys\nsys.stdout.flush()\nos._exit(0)"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
        return [float(x) for x in out.stdout.split()]

    imports = [fresh(measure_import) for _ in range(runs)] if not isinstance(engine, Node) else []
    colds = [fresh(measure_cold)[0] for _ in range(runs)]
    return {
        "import_ms": statistics.median(i[0] for i in imports) if imports else None,
        "rss_after_import_mib": statistics.median(i[1] for i in imports) if imports else None,
        "cold_start_ms": statistics.median(colds),
    }


KERNELS = Path(__file__).resolve().parent / "kernels"
SIEVE_N = 2_000_000


def wasm_literal(wasm: bytes) -> str:
    return f"new Uint8Array([{','.join(map(str, wasm))}])"


def js_workloads(engine: Engine, rt: Any, repeats: int) -> dict[str, float | None]:
    """The same JS for every engine: JSON, a tight loop, WebAssembly."""
    out: dict[str, float | None] = {}
    engine.eval(
        rt,
        "globalThis.doc = JSON.stringify(Array.from({length: 12000}, (_, i) => "
        "({id: i, name: 'item ' + i, tags: ['a', 'b'], score: i / 7}))); doc.length",
    )
    out["json_1mb_ms"] = median_ms(lambda: engine.eval(rt, "JSON.stringify(JSON.parse(doc)).length"), repeats)
    loop = "(() => { let s = 0; for (let i = 0; i < 10000000; i++) s = (s + i * 7) % 1000003; return s })()"
    out["loop_10m_ms"] = median_ms(lambda: engine.eval(rt, loop), repeats)
    if engine.eval(rt, "typeof WebAssembly") != "object":
        out.update(wasm_compile_ms=None, sieve_wasm_ms=None, sieve_js_ms=None)
        return out
    add = (Path(__file__).resolve().parent.parent / "examples" / "add.wasm").read_bytes()
    compile_add = f"new WebAssembly.Instance(new WebAssembly.Module({wasm_literal(add)})).exports.add(1, 2)"
    out["wasm_compile_ms"] = median_ms(lambda: engine.eval(rt, compile_add), repeats)
    sieve = KERNELS / "sieve.wasm"
    if sieve.exists():
        engine.eval(
            rt,
            f"globalThis.wsieve = new WebAssembly.Instance(new WebAssembly.Module("
            f"{wasm_literal(sieve.read_bytes())})).exports.sieve; 0",
        )
        engine.eval(rt, "globalThis.jsieve = " + (KERNELS / "sieve.js").read_text() + "; 0")
        assert engine.eval(rt, f"wsieve({SIEVE_N})") == engine.eval(rt, f"jsieve({SIEVE_N})")
        out["sieve_wasm_ms"] = median_ms(lambda: engine.eval(rt, f"wsieve({SIEVE_N})"), repeats)
        out["sieve_js_ms"] = median_ms(lambda: engine.eval(rt, f"jsieve({SIEVE_N})"), repeats)
    return out


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def resources(engine: Engine, quick: bool) -> dict[str, float | None]:
    """Memory per runtime, idle CPU, and 4 threads each with a runtime vs 1."""
    import threading

    out: dict[str, float | None] = {}
    first = engine.new()
    engine.eval(first, "1")
    base = rss_bytes()
    many = [engine.new() for _ in range(20)]
    for rt in many:
        engine.eval(rt, "1")
    per = (rss_bytes() - base) / 20 / 2**20
    out["rss_first_mib"] = base / 2**20
    out["rss_per_runtime_mib"] = None if isinstance(engine, PythonMonkey) else per
    for rt in reversed(many[9:]):  # leave 10 (last made, first closed: STPyV8 needs that order)
        engine.close(rt)
    idle = [first, *many[:9]]
    start_cpu, start = time.process_time(), time.perf_counter()
    time.sleep(1.0 if quick else 2.0)
    out["idle_10_cpu_pct"] = (time.process_time() - start_cpu) / (time.perf_counter() - start) * 100
    for rt in reversed(idle):
        engine.close(rt)
    if isinstance(engine, (PythonMonkey, Node, Stpyv8)):
        # One global context / not in-process / contexts of one isolate that
        # crash (SIGSEGV) when used from other threads.
        out["threads_4_speedup"] = None
        return out
    work = "(() => { let s = 0; for (let i = 0; i < 3000000; i++) s = (s + i) % 1009; return s })()"

    def job(k: int) -> None:
        rt = engine.new()
        for _ in range(k):
            engine.eval(rt, work)
        engine.close(rt)

    k = 4 if quick else 12
    start = time.perf_counter()
    job(k)
    one = time.perf_counter() - start
    threads = [threading.Thread(target=job, args=(k,)) for _ in range(4)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    four = time.perf_counter() - start
    out["threads_4_speedup"] = 4 * one / four  # 2 cores: 2.0 is perfect, 1.0 means no parallelism
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--engine",
        default="ours",
        choices=["ours", "jsrun-published", "stpyv8", "mini-racer", "pythonmonkey", "quickjs", "node"],
    )
    parser.add_argument("--resources", action="store_true", help="memory, idle CPU and threads instead")
    parser.add_argument("--quick", action="store_true", help="fewer iterations, for development")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    engines = {
        "stpyv8": Stpyv8,
        "mini-racer": MiniRacer,
        "pythonmonkey": PythonMonkey,
        "quickjs": QuickJs,
        "node": Node,
    }
    engine: Engine = engines[args.engine]() if args.engine in engines else Jsrun(args.engine)
    results = resources(engine, args.quick) if args.resources else run(engine, args.quick)
    if args.resources:
        results.update(start_up(engine, args.quick))
    if args.json:
        print(json.dumps({"engine": args.engine, "python": sys.version.split()[0], **results}))
    else:
        for key, value in results.items():
            print(f"{key:24} {'n/a' if value is None else f'{value:,.3f}'}")
    if isinstance(engine, (MiniRacer, PythonMonkey)):
        sys.stdout.flush()
        os._exit(0)  # mini-racer's threads keep the interpreter from exiting


if __name__ == "__main__":
    main()

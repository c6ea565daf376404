"""Reliability figures for docs/reliability.md:

    .venv/bin/python benchmarks/reliability.py [--quick]

1. Timeout overshoot for `for(;;){}` with T in {10 ms, 100 ms, 1 s}, and
   whether the runtime was usable after each run.
2. The heap limit (32 MiB) over 8 allocation patterns, each in its own
   process: typed errors, process deaths, sibling runtime alive.
3. 1,000 runtimes created, used and closed: RSS against the level after the
   first 100, and thread count against the start.
4. 10,000 evals returning objects with functions, then GC: live JS handles.
5. 1,000 runtimes created, used and dropped without close(): RSS and threads.
6. Fork: a process that used V8 forks; every kind of call in the child
   (raises a RuntimeError naming spawn/forkserver, or works); deaths by signal.
7. Deadlock: two runtimes whose bound functions call each other from two
   threads, 100 times: cycles detected, calls completed, hangs.
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import textwrap
import time

import jsrun

PATTERNS = {
    "array push": "const a = []; for (;;) a.push({x: [1, 2, 3]})",
    "string concat": "let s = 'x'; const k = []; for (;;) { s = s + s.slice(0, 1000) + 'y'; k.push(s) }",
    "Map growth": "const m = new Map(); for (let i = 0; ; i++) m.set(i, {i})",
    "arrays of numbers": "const a = []; for (;;) a.push(new Array(1000).fill(0.5))",
    "closures": "const f = []; for (let i = 0; ; i++) f.push(() => i)",
    "object keys": "const o = {}; for (let i = 0; ; i++) o['k' + i] = i",
    "ArrayBuffers": "const b = []; for (;;) b.push(new ArrayBuffer(1 << 20))",
    "Wasm memory.grow": "const m = new WebAssembly.Memory({initial: 1}); for (;;) m.grow(16)",
}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timeouts(quick: bool) -> list[str]:
    rows = []
    rt = jsrun.Runtime()
    for limit, runs in [(0.01, 50), (0.1, 30), (1.0, 5 if quick else 10)]:
        overshoot, usable = [], 0
        for _ in range(runs if not quick else max(3, runs // 5)):
            start = time.perf_counter()
            try:
                rt.eval("for (;;) {}", timeout=limit)
            except jsrun.JsTimeoutError:
                pass
            overshoot.append((time.perf_counter() - start - limit) * 1000)
            usable += rt.eval("1 + 1") == 2
        n = len(overshoot)
        rows.append(
            f"| {limit * 1000:.0f} ms | {n} | {statistics_median(overshoot):.2f} | "
            f"{percentile(overshoot, 99):.2f} | {usable}/{n} |"
        )
    rt.close()
    return rows


def statistics_median(values: list[float]) -> float:
    return percentile(values, 50)


def heap_patterns() -> list[str]:
    rows = []
    for name, code in PATTERNS.items():
        script = textwrap.dedent(
            f"""
            import resource
            import jsrun
            sibling = jsrun.Runtime()
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            rt = jsrun.Runtime(jsrun.RuntimeConfig(max_heap_size=32 * 1024 * 1024))
            try:
                rt.eval({code!r})
                print("no error")
            except (jsrun.HeapLimitError, jsrun.JavaScriptError) as e:
                print(type(e).__name__)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            print("sibling", sibling.eval("6 * 7"))
            print("growth", (peak - before) / 1024)
            """
        )
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
        took = time.perf_counter() - start
        lines = result.stdout.split("\n")
        outcome = lines[0] if result.returncode == 0 else f"process died ({result.returncode})"
        sibling = "yes" if "sibling 42" in result.stdout else "no"
        growth = next((line.split()[1] for line in lines if line.startswith("growth")), "?")
        rows.append(f"| {name} | {outcome} | {sibling} | {float(growth):.0f} MiB | {took:.1f} s |")
    return rows


def rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def threads() -> int:
    return len(os.listdir("/proc/self/task"))


def churn(close: bool) -> list[str]:
    """1,000 runtimes, each given a bound function and used, then closed or only dropped."""
    label = "" if close else "dropped without close(): "
    base_threads = threads()
    rss_after_100 = 0
    for i in range(1000):
        rt = jsrun.Runtime()
        rt.bind_function("f", lambda x: x)
        assert rt.eval("f({a: [1, 2, 3]}).a.length") == 3
        if close:
            rt.close()
        del rt
        if i == 99:
            gc.collect()
            time.sleep(0.2)
            rss_after_100 = rss_kib()
    gc.collect()
    time.sleep(0.5)
    rss_end = rss_kib()
    return [
        f"| {label}RSS after 100 runtimes | {rss_after_100 / 1024:.1f} MiB |",
        f"| {label}RSS after 1,000 runtimes | {rss_end / 1024:.1f} MiB ({(rss_end / rss_after_100 - 1) * 100:+.1f}%) |",
        f"| {label}threads at start / after | {base_threads} / {threads()} |",
    ]


FORK_CHILD = """
import asyncio, os, sys, jsrun
rt = jsrun.Runtime()
f = rt.eval("(x) => x")
pid = os.fork()
if pid == 0:
    calls = {
        "eval": lambda: rt.eval("1"), "call": lambda: f(1), "eval_async": lambda: asyncio.run(rt.eval_async("1")),
        "eval_module": lambda: rt.eval_module("x"), "bind_function": lambda: rt.bind_function("g", print),
        "terminate": rt.terminate, "get_stats": rt.get_stats, "new Runtime": jsrun.Runtime,
        "SnapshotBuilder": jsrun.SnapshotBuilder, "close": rt.close,
    }
    for name, call in calls.items():
        try:
            call()
            print(name, "ran")
        except RuntimeError as e:
            print(name, "clear error" if "spawn" in str(e) else "other error: " + str(e)[:60])
    sys.stdout.flush()
    os._exit(0)
_, status = os.waitpid(pid, 0)
print("child exit", os.waitstatus_to_exitcode(status), "parent", f(42))
"""


def fork_cases() -> list[str]:
    result = subprocess.run([sys.executable, "-c", FORK_CHILD], capture_output=True, text=True, timeout=120)
    lines = result.stdout.splitlines()
    tried = [line for line in lines if not line.startswith("child exit")]
    errors = sum("clear error" in line for line in tried)
    ran = [line.split()[0] for line in tried if line.endswith(" ran")]
    last = lines[-1] if lines else f"process died ({result.returncode})"
    return [
        f"| fork: calls tried in the child / clear RuntimeError / ran | {len(tried)} / {errors} / "
        f"{len(ran)} ({', '.join(ran) or 'none'}) |",
        f"| fork: child and parent | {last} |",
    ]


def deadlock_cycles(rounds: int) -> list[str]:
    import threading

    detected = completed = hangs = 0
    for _ in range(rounds):
        a, b = jsrun.Runtime(), jsrun.Runtime()
        inside = threading.Barrier(2, timeout=30)

        def calls(other: jsrun.Runtime, code: str, inside: threading.Barrier = inside) -> object:
            def call() -> object:
                inside.wait()
                return other.eval(code)

            return call

        a.bind_function("callB", calls(b, "1"))
        b.bind_function("callA", calls(a, "2"))
        outcome: list[str] = []

        def run(rt: jsrun.Runtime, code: str, outcome: list[str] = outcome) -> None:
            try:
                rt.eval(code)
                outcome.append("done")
            except jsrun.JavaScriptError as e:
                outcome.append("deadlock" if isinstance(e.__cause__, jsrun.DeadlockError) else "error")

        pair = [threading.Thread(target=run, args=(a, "callB()")), threading.Thread(target=run, args=(b, "callA()"))]
        for t in pair:
            t.start()
        for t in pair:
            t.join(60)
        hangs += sum(t.is_alive() for t in pair)
        detected += outcome.count("deadlock")
        completed += outcome.count("done")
        a.close()
        b.close()
    figures = f"{rounds} / {detected} / {completed} / {hangs}"
    return [f"| deadlock: rounds / cycles detected / calls completed / hangs | {figures} |"]


def handles() -> list[str]:
    rt = jsrun.Runtime()
    make = rt.eval("() => ({ n: 1, f() { return this.n }, g: () => 2 })")
    base = rt._debug_tracked_function_count()
    kept = [make() for _ in range(10_000)]
    peak = rt._debug_tracked_function_count()
    del kept
    gc.collect()
    rt.eval("0")  # handles dropped by Python are freed on the next call
    after = rt._debug_tracked_function_count()
    rt.close()
    return [f"| live JS handles: before / holding 10,000 results / after GC | {base} / {peak} / {after} |"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    print("### Timeouts (`for (;;) {}`)\n")
    print("| timeout | runs | median overshoot (ms) | p99 overshoot (ms) | usable after |")
    print("| --- | --- | --- | --- | --- |")
    print("\n".join(timeouts(args.quick)))
    print("\n### Heap limit 32 MiB\n")
    print("| pattern | outcome | sibling runtime alive | peak RSS growth | time |")
    print("| --- | --- | --- | --- | --- |")
    print("\n".join(heap_patterns()))
    print("\n### Runtime churn and handles\n")
    print("| what | figure |")
    print("| --- | --- |")
    print("\n".join(churn(close=True) + churn(close=False) + handles()))
    print("\n### Faults\n")
    print("| what | figure |")
    print("| --- | --- |")
    print("\n".join(fork_cases() + deadlock_cycles(20 if args.quick else 100)))


if __name__ == "__main__":
    main()

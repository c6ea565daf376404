"""What the polyfills and the web platform cost a runtime: creation, the
`eval("1+1")` rate, memory, and the first use of each group of web globals.

    .venv/bin/python benchmarks/bench_web.py

Medians of 200 runtimes (creation) and of 30 runtimes (first uses); the
eval rate is the best of 3 runs of 100,000 evals. Run it on a build from
before a change (PYTHONPATH=<that build's pyjsrun/python>) for the "before"
column: options it does not know are skipped.
"""

from __future__ import annotations

import resource
import statistics
import time

import jsrun

RUNS = 200


def config(**options: bool) -> jsrun.RuntimeConfig | None:
    try:
        return jsrun.RuntimeConfig(**options)
    except TypeError:
        return None  # an older build


def creation_ms(cfg: jsrun.RuntimeConfig) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        rt = jsrun.Runtime(cfg)
        times.append((time.perf_counter() - start) * 1000)
        rt.close()
    return statistics.median(times)


def eval_rate() -> float:
    best = 0.0
    with jsrun.Runtime() as rt:
        for _ in range(3):
            n = 100_000
            start = time.perf_counter()
            for _ in range(n):
                rt.eval("1+1")
            best = max(best, n / (time.perf_counter() - start))
    return best


def rss_per_runtime_mib() -> float:
    keep = [jsrun.Runtime() for _ in range(5)]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    keep += [jsrun.Runtime() for _ in range(40)]
    for rt in keep:
        rt.eval("1")
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for rt in keep:
        rt.close()
    return (after - before) / 1024 / 40


FIRST_USES = {
    "URL": "new URL('http://a/b').href",
    "structuredClone": "structuredClone({a: 1}).a",
    "crypto.randomUUID": "crypto.randomUUID().length",
    "AbortController": "new AbortController().signal.aborted",
    "Blob": "new Blob(['x']).size",
    "DOMMatrix": "new DOMMatrix().a",
    "ReadableStream": "typeof new ReadableStream()",
    "Response": "new Response('x').status",
    "TextEncoder": "new TextEncoder().encode('x').length",
    # Polyfilled on V8 10.2 (native on newer engines: then only a lookup).
    "[].toSorted": "[2, 1].toSorted()[0]",
    "five polyfilled features": (
        "[[2, 1].toSorted(), Iterator.from([1]).toArray(), new Set([1]).union(new Set([2])).size,"
        " Object.groupBy([1], (x) => x), Uint8Array.fromHex('ff')].length"
    ),
}


# What making one platform object costs (they are V8 API objects since
# 2026-12-07, which structuredClone can copy), and a clone of plain data.
CONSTRUCTIONS = {
    "new EventTarget()": "new EventTarget()",
    "new DOMPoint(1, 2)": "new DOMPoint(1, 2)",
    "new Blob(['ab'])": "new Blob(['ab'])",
    "structuredClone({a: [1, 2]})": "structuredClone({a: [1, 2]})",
}


def construction_ns(source: str) -> float:
    """Best of 5 loops of 20,000, timed inside the runtime."""
    loop = (
        f"(() => {{ const t = performance.now(); for (let i = 0; i < 20000; i++) {source};"
        " return performance.now() - t; })()"
    )
    with jsrun.Runtime() as rt:
        return min(rt.eval(loop) for _ in range(5)) * 1e6 / 20000


def first_use_ms(source: str) -> float | None:
    times = []
    for _ in range(30):
        with jsrun.Runtime() as rt:
            start = time.perf_counter()
            try:
                rt.eval(source)
            except jsrun.JavaScriptError:
                return None  # not in this build
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    print(f"jsrun on V8 {jsrun.v8_version()}")
    jsrun.Runtime().close()  # V8's one-time set-up
    for name, options in [
        ("default", {}),
        ("polyfills=False", {"polyfills": False}),
        ("web_apis=False", {"web_apis": False}),
    ]:
        cfg = config(**options)
        if cfg is not None:
            print(f"Runtime() + close, {name}: {creation_ms(cfg):.2f} ms")
    print(f"eval('1+1'): {eval_rate():,.0f} per s")
    print(f"RSS per extra runtime: {rss_per_runtime_mib():.2f} MiB")
    for name, source in FIRST_USES.items():
        ms = first_use_ms(source)
        print(f"first use of {name}: {'n/a' if ms is None else f'{ms:.2f} ms'}")
    for name, source in CONSTRUCTIONS.items():
        print(f"{name}: {construction_ns(source):.0f} ns")


if __name__ == "__main__":
    main()

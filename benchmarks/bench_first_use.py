"""What a later runtime pays the first time it uses a lazily made part: the
node loader (first `require`), the Streams Standard, `performance`, node:vm,
process.stdout, node:readline, node:wasi; and loops of short-lived web
streams and vm contexts.

    .venv/bin/python benchmarks/bench_first_use.py

Each case runs in 40 fresh runtimes of one process (after one `eval`), one
at a time; the median of the last 35, in milliseconds. Needs tests/npm
(`make js-packages`) for the loader's case.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import jsrun

NPM = Path(__file__).resolve().parent.parent / "tests" / "npm"
STREAMS = (
    "(async () => { for (let i = 0; i < 100; i++) {"
    " const r = new ReadableStream({ start(c) { c.enqueue(1); c.close(); } }).getReader();"
    " await r.read(); await r.read(); } })(), 1"
)
VM_CONTEXTS = "const vm = require('vm'); for (let i = 0; i < 100; i++) vm.runInNewContext('x + 1', { x: i }); 1"
CASES = [
    ("first require('path') (loader and built-ins set up)", "require('path'), 1", "1", True),
    ("first require('crypto'), after require('path')", "require('crypto'), 1", "require('path'), 1", True),
    ("first use of ReadableStream", "ReadableStream, 1", "1", False),
    ("first use of performance", "performance.now(), 1", "1", False),
    ("100 web streams made and read to the end", STREAMS, "new ReadableStream(), 1", False),
    ("first vm context, after require('path')", "require('vm').runInNewContext('1')", "require('path'), 1", True),
    ("100 vm contexts made and run", VM_CONTEXTS, "require('vm').runInNewContext('1')", True),
    ("first process.stdout.write, after require('path')", "process.stdout.write('x\\n')", "require('path'), 1", True),
    ("first require('readline'), after require('path')", "require('readline'), 1", "require('path'), 1", True),
    ("first require('wasi'), after require('path')", "require('wasi'), 1", "require('path'), 1", True),
]


def median_ms(source: str, before: str, node: bool) -> float:
    times = []
    for _ in range(40):
        with jsrun.Runtime() as rt:
            if node:
                rt.use_node_modules(NPM)
            rt.eval(before)
            started = time.perf_counter()
            rt.eval(source)
            times.append(time.perf_counter() - started)
    return statistics.median(times[5:]) * 1e3


def main() -> None:
    print(f"jsrun {jsrun.__version__} on V8 {jsrun.v8_version()}")
    for name, source, before, node in CASES:
        print(f"{name:55} {median_ms(source, before, node):8.3f} ms")


if __name__ == "__main__":
    main()

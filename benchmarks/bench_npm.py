"""What loading npm packages from node_modules costs: the first `require` of
a built-in and of a few packages, in the first runtime of a process and in
later ones (which reuse V8's code cache of each CommonJS file), next to
Node.js loading the same packages.

    .venv/bin/python benchmarks/bench_npm.py

Needs tests/npm/node_modules (`make js-packages`). Medians of 15 fresh
runtimes in one process; "first" is the process's first runtime.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import time
from pathlib import Path

import jsrun

NPM = Path(__file__).resolve().parent.parent / "tests" / "npm"
STEPS = [
    ("require('path')", "require('path'), 1"),
    ("require('lodash')", "require('lodash'), 1"),
    ("require('semver')", "require('semver'), 1"),
    ("require('markdown-it')", "require('markdown-it'), 1"),
    ("require('ajv')", "require('ajv'), 1"),
]
ESM = ("import('date-fns') (ESM, 250 files)", "date-fns")


def one_runtime() -> dict[str, float]:
    times: dict[str, float] = {}
    with jsrun.Runtime() as rt:
        started = time.perf_counter()
        rt.use_node_modules(NPM)
        times["use_node_modules"] = time.perf_counter() - started
        for name, source in STEPS:
            started = time.perf_counter()
            rt.eval(source)
            times[name] = time.perf_counter() - started
        started = time.perf_counter()
        rt.eval_module(ESM[1])
        times[ESM[0]] = time.perf_counter() - started
    return times


def in_node() -> dict[str, float]:
    node = shutil.which("node")
    if node is None:
        return {}
    steps = [(name, source) for name, source in STEPS]
    script = (
        "const out = {}; const now = () => Number(process.hrtime.bigint()) / 1e9;"
        + "".join(f"{{ const t = now(); {source}; out[{json.dumps(name)}] = now() - t; }}" for name, source in steps)
        + f"const t = now(); import({json.dumps(ESM[1])}).then(() => {{ out[{json.dumps(ESM[0])}] = now() - t;"
        + " console.log(JSON.stringify(out)); });"
    )
    done = subprocess.run([node, "-e", script], cwd=NPM, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    first = one_runtime()
    later = [one_runtime() for _ in range(15)]
    node = in_node()
    print(f"jsrun {jsrun.__version__} on V8 {jsrun.v8_version()}; Node.js from the same node_modules")
    print(f"{'step':40} {'first runtime':>14} {'later (median)':>15} {'node':>8}")
    for name in first:
        median = statistics.median(t[name] for t in later)
        theirs = f"{node[name] * 1e3:.2f}" if name in node else "-"
        print(f"{name:40} {first[name] * 1e3:14.2f} {median * 1e3:15.2f} {theirs:>8}")


if __name__ == "__main__":
    main()

"""WebAssembly speed: a compute kernel in Wasm vs the same in plain JS vs C
(gcc -O2), compile time of a >5 MB module (sync and async, through JS and
through `rt.wasm`), and the cost of calling a Wasm export from Python.

    .venv/bin/python benchmarks/bench_wasm.py [--quick]

Needs wat2wasm and gcc (Debian: wabt, gcc), and tests/js/node_modules
(scripts/setup-test-tools.sh) for the big module (esbuild-wasm, ~12 MB).
Each compile is timed in a fresh process: V8 caches compiled modules by
their bytes for the life of the process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jsrun

HERE = Path(__file__).resolve().parent
KERNELS = HERE / "kernels"
BIG = HERE.parent / "tests" / "js" / "node_modules" / "esbuild-wasm" / "esbuild.wasm"
N = 10_000_000


def build(tmp: Path) -> tuple[bytes, Path]:
    subprocess.run(["wat2wasm", str(KERNELS / "sieve.wat"), "-o", str(tmp / "sieve.wasm")], check=True)
    subprocess.run(["gcc", "-O2", "-o", str(tmp / "sieve"), str(KERNELS / "sieve.c")], check=True)
    return (tmp / "sieve.wasm").read_bytes(), tmp / "sieve"


def kernel(runs: int) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        wasm, c_program = build(Path(folder))
        out = subprocess.run([str(c_program), str(N), str(runs)], capture_output=True, text=True, check=True)
        c_times = [float(line.split()[1]) for line in out.stdout.splitlines()]
        c_count = int(out.stdout.split()[0])
    rt = jsrun.Runtime()
    rt.bind_object("k", {"wasm": wasm})
    rt.eval("globalThis.wasmSieve = new WebAssembly.Instance(new WebAssembly.Module(k.wasm)).exports.sieve")
    rt.eval("globalThis.jsSieve = " + (KERNELS / "sieve.js").read_text())
    rows = []
    for name, fn in [("Wasm", "wasmSieve"), ("plain JS", "jsSieve")]:
        assert rt.eval(f"{fn}({N})") == c_count  # warm-up, and the same answer
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            rt.eval(f"{fn}({N})")
            times.append(time.perf_counter() - start)
        rows.append((name, statistics.median(times)))
    c = statistics.median(c_times)
    rt.close()
    lines = [f"| C (gcc -O2) | {c * 1000:.1f} | 1.00 |"]
    lines += [f"| {name} in jsrun | {t * 1000:.1f} | {t / c:.2f} |" for name, t in rows]
    return lines


COMPILE = """
import asyncio, sys, time, jsrun
data = open(sys.argv[1], "rb").read()
rt = jsrun.Runtime(jsrun.RuntimeConfig(max_serialization_bytes=64 << 20))
rt.bind_object("big", {"bytes": data})
rt.wasm.validate(b"")  # makes rt.wasm's glue outside the timing
start = time.perf_counter()
mode = sys.argv[2]
if mode == "sync":
    rt.eval("new WebAssembly.Module(big.bytes); 0")
elif mode == "async":
    asyncio.run(rt.eval_async("WebAssembly.compile(big.bytes).then(() => 0)"))
elif mode == "rt.wasm.compile":
    rt.wasm.compile(data)
else:
    asyncio.run(rt.wasm.compile_async(data))
print(time.perf_counter() - start)
"""


def big_module(runs: int) -> list[str]:
    if not BIG.exists():
        return ["| (tests/js/node_modules missing: run scripts/setup-test-tools.sh) | | |"]
    rows = []
    for mode in ["sync", "async", "rt.wasm.compile", "rt.wasm.compile_async"]:
        times = []
        for _ in range(runs):
            out = subprocess.run(
                [sys.executable, "-c", COMPILE, str(BIG), mode], capture_output=True, text=True, check=True
            )
            times.append(float(out.stdout))
        rows.append(f"| {mode} | {BIG.stat().st_size / 1e6:.1f} MB | {statistics.median(times) * 1000:.0f} |")
    return rows


CALLS = 200_000


def call_overhead(runs: int) -> list[str]:
    """Python → Wasm `add(1, 2)` through rt.wasm vs a JS function through JsFunction."""
    rows = []
    with jsrun.Runtime() as rt:
        add = rt.wasm.instantiate((HERE.parent / "examples" / "add.wasm").read_bytes()).exports.add
        js_add = rt.eval("(a, b) => a + b")
        rates = {}
        for name, fn in [("JsFunction: JS `(a, b) => a + b`", js_add), ("rt.wasm export: Wasm `add`", add)]:
            samples = []
            for _ in range(runs):
                start = time.perf_counter()
                for _ in range(CALLS):
                    fn(1, 2)
                samples.append(CALLS / (time.perf_counter() - start))
            rates[name] = statistics.median(samples)
        base = next(iter(rates.values()))
        for name, rate in rates.items():
            rows.append(f"| {name} | {rate:,.0f} | {1e6 / rate:.2f} | {base / rate:.2f} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs = 3 if args.quick else 7
    print(f"### Sieve of Eratosthenes up to {N:,} (median of {runs})\n")
    print("| implementation | ms | ÷ C |")
    print("| --- | --- | --- |")
    print("\n".join(kernel(runs)))
    print("\n### Compiling esbuild-wasm (median of 3, each in a fresh process)\n")
    print("| API | size | ms |")
    print("| --- | --- | --- |")
    print("\n".join(big_module(3)))
    print(f"\n### Calling from Python ({CALLS:,} calls, median of {runs})\n")
    print("| callee | calls per s | µs per call | time ÷ JsFunction |")
    print("| --- | --- | --- | --- |")
    print("\n".join(call_overhead(runs)))


if __name__ == "__main__":
    main()

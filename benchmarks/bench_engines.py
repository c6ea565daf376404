"""What the engine itself decides, on whichever V8 this jsrun was built
against: the modern-feature probes (tests/js/probes.js) and CPU-bound speed
(an integer loop, JSON parse/stringify of ~1 MB, the sieve kernel in Wasm
and in JS). Run it in each engine's root to compare them:

    .venv/bin/python benchmarks/bench_engines.py                    # this machine's V8
    scripts/engine-root.sh trixie run /venv/bin/python benchmarks/bench_engines.py
    scripts/engine-root.sh forky run /venv/bin/python benchmarks/bench_engines.py

Needs wat2wasm (Debian: wabt). Prints one line per figure, medians of 7 runs.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jsrun

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
from engines import run_probes  # noqa: E402

LOOP = "(() => { let h = 0; for (let i = 0; i < 1e7; i++) { h = Math.imul(h ^ i, 0x9e3779b1) + 1 | 0; } return h })()"
LOOP_TOP = "{ let h = 0; for (let i = 0; i < 1e7; i++) { h = Math.imul(h ^ i, 0x9e3779b1) + 1 | 0; } h }"
DOC = (
    "globalThis.doc = Array.from({length: 5000}, (_, i) => ({id: i, name: 'item ' + i, tags: ['a', 'b', 'c'],"
    " score: i / 7, nested: {ok: i % 2 === 0, list: [1, 2, 3, 4]}}));"
    " globalThis.text = JSON.stringify(doc); text.length"
)


def best_of(rt: jsrun.Runtime, code: str, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        rt.eval(code)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    with jsrun.Runtime() as rt:
        probes = run_probes(rt)
        print(f"V8 {jsrun.v8_version()}: {sum(probes.values())} of {len(probes)} probes")
        print(f"integer loop (1e7 Math.imul)    {best_of(rt, LOOP):8.1f} ms")
        print(f"the same loop at top level       {best_of(rt, LOOP_TOP):8.1f} ms")
        size = rt.eval(DOC)
        print(f"JSON.stringify ({size / 1e6:.1f} MB)        {best_of(rt, 'JSON.stringify(doc).length'):8.1f} ms")
        print(f"JSON.parse ({size / 1e6:.1f} MB)            {best_of(rt, 'JSON.parse(text).length'):8.1f} ms")
        with tempfile.TemporaryDirectory() as folder:
            wasm = Path(folder) / "sieve.wasm"
            subprocess.run(["wat2wasm", str(HERE / "kernels" / "sieve.wat"), "-o", str(wasm)], check=True)
            rt.bind_object("k", {"wasm": wasm.read_bytes()})
        rt.eval("globalThis.wasmSieve = new WebAssembly.Instance(new WebAssembly.Module(k.wasm)).exports.sieve")
        rt.eval("globalThis.jsSieve = " + (HERE / "kernels" / "sieve.js").read_text())
        print(f"sieve of 1e7, Wasm               {best_of(rt, 'wasmSieve(1e7)'):8.1f} ms")
        print(f"sieve of 1e7, JS                 {best_of(rt, 'jsSieve(1e7)'):8.1f} ms")


if __name__ == "__main__":
    main()

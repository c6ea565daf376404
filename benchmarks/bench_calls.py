"""The per-call paths alone, for profiling: Python → JS calls, JS → Python
callbacks and `eval`, each a median of 5 runs of 200k (ours only).

    .venv/bin/python benchmarks/bench_calls.py [call|callback|eval]
    perf record -g .venv/bin/python benchmarks/bench_calls.py call
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

import jsrun

N = 200_000


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    rt = jsrun.Runtime()
    add = rt.eval("(a, b) => a + b")
    rt.bind_function("add", lambda a, b: a + b)

    def calls(n: int) -> None:
        for _ in range(n):
            add(1, 2)

    def callbacks(n: int) -> None:
        assert rt.eval(f"(() => {{ let s = 0; for (let i = 0; i < {n}; i++) s = add(s, 1); return s }})()") == n

    def evals(n: int) -> None:
        for _ in range(n):
            rt.eval("1+1")

    paths: list[tuple[str, Callable[[int], None]]] = [("call", calls), ("callback", callbacks), ("eval", evals)]
    for name, run in paths:
        if which not in ("all", name):
            continue
        rates = []
        for _ in range(5):
            start = time.perf_counter()
            run(N)
            rates.append(N / (time.perf_counter() - start))
        print(f"{name}: {statistics.median(rates):,.0f}/s (best {max(rates):,.0f})")
    rt.close()


if __name__ == "__main__":
    main()

"""The benchmark suite: runs bench_core.py for jsrun (this repository) and each
alternative, every peer in its own virtual environment under .bench/ (made on
first use from PyPI; the published `jsrun` and ours both import as `jsrun`, so
they never share one) and in its own subprocess, then writes the results
table into docs/benchmarks.md (between its markers) and prints it.

    python benchmarks/compare.py [--quick] [--no-write]

Peers: the published jsrun (V8 via deno_core), STPyV8, mini-racer,
pythonmonkey (SpiderMonkey), quickjs (QuickJS) and Node.js itself (a `node`
process per runtime, code and values as JSON lines: what shelling out costs).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "bench_core.py"
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
PEERS = {
    "jsrun-published": "jsrun==0.3.0",
    "stpyv8": "stpyv8==13.1.201.22",
    "mini-racer": "mini-racer==0.14.1",
    "pythonmonkey": "pythonmonkey==1.4.1",
    "quickjs": "quickjs==1.19.4",
}
CALLS = [
    ("create_first_eval_ms", "Runtime() + first eval (ms)", "{:.2f}"),
    ("eval_per_s", 'eval("1+1") per s', "{:,.0f}"),
    ("call_per_s", "Python → JS call per s", "{:,.0f}"),
    ("callback_per_s", "JS → Python callback per s", "{:,.0f}"),
    ("list_100k_ms", "100k-int list round trip (ms)", "{:.1f}"),
    ("dict_10k_ms", "10k-key dict round trip (ms)", "{:.1f}"),
    ("bytes_1mib_ms", "1 MiB bytes round trip (ms)", "{:.2f}"),
]
STARTUP = [
    ("import_ms", "`import` (ms)", "{:.1f}"),
    ("cold_start_ms", "import + first runtime + first eval (ms)", "{:.1f}"),
    ("later_runtime_ms", "later runtime: create + eval + close (ms)", "{:.2f}"),
    ("eval_async_per_s", '`await eval_async("1+1")` per s', "{:,.0f}"),
    ("rss_after_import_mib", "RSS after import (MiB)", "{:.0f}"),
]
COMPUTE = [
    ("json_1mb_ms", "JSON.parse + stringify, 1 MB (ms)", "{:.1f}"),
    ("loop_10m_ms", "tight loop, 10M iterations (ms)", "{:.1f}"),
    ("wasm_compile_ms", "small Wasm compile + instantiate + call (ms)", "{:.3f}"),
    ("sieve_wasm_ms", "sieve to 2M in Wasm (ms)", "{:.1f}"),
    ("sieve_js_ms", "same sieve in JS (ms)", "{:.1f}"),
]
RESOURCES = [
    ("rss_per_runtime_mib", "RSS per extra runtime (MiB)", "{:.2f}"),
    ("rss_first_mib", "process RSS with 1 runtime (MiB)", "{:.0f}"),
    ("idle_10_cpu_pct", "10 idle runtimes, CPU (% of a core)", "{:.2f}"),
    ("threads_4_speedup", "4 threads × own runtime vs 1 (speedup; 2 cores)", "{:.2f}"),
]
# (key, bound, higher is better): the targets of the benchmark issue.
TARGETS = [
    ("eval_per_s", 650_000, True),
    ("call_per_s", 450_000, True),
    ("callback_per_s", 1_000_000, True),
    ("create_first_eval_ms", 1.9, False),
    ("rss_per_runtime_mib", 1.0, False),
    ("bytes_1mib_ms", 1.1, False),
    ("idle_10_cpu_pct", 1.0, False),
]


def peer_python(name: str, requirement: str) -> Path:
    venv = ROOT / ".bench" / name
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", requirement], check=True)
    return python


def measure(python: Path, engine: str, quick: bool, resources: bool) -> dict:
    cmd = [str(python), str(BENCH), "--engine", engine, "--json", *(["--quick"] if quick else [])]
    cmd += ["--resources"] if resources else []
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=1800)
    if out.returncode != 0:
        print(f"{engine}: failed\n{out.stderr[-2000:]}", file=sys.stderr)
        return {"engine": engine}
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(rows: list[dict], columns: list[tuple[str, str, str]]) -> list[str]:
    lines = ["| engine | " + " | ".join(title for _, title, _ in columns) + " |", "| --- " * (len(columns) + 1) + "|"]
    for row in rows:
        cells = [("n/a" if row.get(key) is None else fmt.format(row[key])) for key, _, fmt in columns]
        name = f"**{row['engine']}**" if row["engine"] == "ours" else row["engine"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def versions() -> str:
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    ours = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-c", "import jsrun; print(jsrun.v8_version())"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    peers = ", ".join(requirement for requirement in PEERS.values())
    return f"ours: jsrun 0.1.0 on V8 {ours}; peers: {peers}; Node.js {node}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer iterations, for development")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    if shutil.which("wat2wasm"):
        kernels = ROOT / "benchmarks" / "kernels"
        subprocess.run(["wat2wasm", kernels / "sieve.wat", "-o", kernels / "sieve.wasm"], check=True)
    ours = ROOT / ".venv" / "bin" / "python"
    engines = [("ours", ours)] + [(name, peer_python(name, req)) for name, req in PEERS.items()] + [("node", ours)]
    rows = []
    for name, python in engines:
        row = measure(python, name, args.quick, resources=False)
        row.update({k: v for k, v in measure(python, name, args.quick, resources=True).items() if k != "engine"})
        rows.append(row)
        print(f"measured {name}", file=sys.stderr)
    ours_row = rows[0]
    checks = []
    for key, bound, higher in TARGETS:
        value = ours_row.get(key)
        met = value is not None and (value >= bound if higher else value <= bound)
        checks.append(
            f"- `{key}`: {value if value is None else f'{value:,.2f}'} (target {'≥' if higher else '≤'} "
            f"{bound:,}): {'met' if met else '**missed**'}"
        )
    # Relative targets: against the fastest peer, and within 3x of QuickJS on calls.
    by_name = {row["engine"]: row for row in rows}
    for key in ("list_100k_ms", "dict_10k_ms"):
        peers = [(row[key], row["engine"]) for row in rows[1:] if row.get(key) is not None]
        if peers and ours_row.get(key) is not None:
            best, who = min(peers)
            met = ours_row[key] <= best
            checks.append(
                f"- `{key}`: {ours_row[key]:.1f} vs the fastest peer ({who}) {best:.1f}: "
                f"{'met' if met else '**missed**'}"
            )
    quickjs = by_name.get("quickjs", {})
    for key in ("call_per_s", "callback_per_s"):
        if quickjs.get(key) and ours_row.get(key):
            ratio = quickjs[key] / ours_row[key]
            checks.append(f"- `{key}` within 3x of quickjs: {ratio:.1f}x: {'met' if ratio <= 3 else '**missed**'}")
    # The performance issue's rows: first among the peers (lower or higher is better).
    for key, higher in [
        ("import_ms", False),
        ("cold_start_ms", False),
        ("later_runtime_ms", False),
        ("eval_per_s", True),
        ("eval_async_per_s", True),
        ("call_per_s", True),
        ("callback_per_s", True),
        ("dict_10k_ms", False),
        ("bytes_1mib_ms", False),
        ("rss_after_import_mib", False),
    ]:
        peers = [(row[key], row["engine"]) for row in rows[1:] if row.get(key) is not None]
        if not peers or ours_row.get(key) is None:
            continue
        best, who = max(peers) if higher else min(peers)
        first = ours_row[key] >= best if higher else ours_row[key] <= best
        checks.append(
            f"- `{key}` first among the peers: ours {ours_row[key]:,.2f} vs {who} {best:,.2f}: "
            f"{'met' if first else '**missed**'}"
        )
    command = "python benchmarks/compare.py" + (" --quick" if args.quick else "")
    lines = [
        f"Measured {datetime.date.today().isoformat()} with `{command}` on {platform.machine()}, "
        f"{os.cpu_count()} cores, Linux {platform.release()}, Python {platform.python_version()}.",
        f"Versions: {versions()}. Medians of repeated runs; `n/a`: the engine cannot do it (see below).",
        "",
        "### Calls and transfers",
        "",
        *table(rows, CALLS),
        "",
        "### Start-up and async",
        "",
        *table(rows, STARTUP),
        "",
        "### Compute (the same JS for every engine)",
        "",
        *table(rows, COMPUTE),
        "",
        "### Memory, idle cost and threads",
        "",
        *table(rows, RESOURCES),
        "",
        "### Targets (ours)",
        "",
        *checks,
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        doc = DOC.read_text()
        head, _, rest = doc.partition(START)
        _, _, tail = rest.partition(END)
        DOC.write_text(f"{head}{START}\n{text}\n{END}{tail}")


if __name__ == "__main__":
    main()

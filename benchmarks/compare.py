"""Runs bench_core.py for jsrun (this repository) and its peers, each in its own
virtual environment under .bench/ (made on first use from PyPI), and prints a
Markdown table of the medians.

    python benchmarks/compare.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "bench_core.py"
PEERS = {"jsrun-published": "jsrun==0.3.0", "stpyv8": "stpyv8==13.1.201.22", "mini-racer": "mini-racer==0.14.1"}
COLUMNS = [
    ("create_first_eval_ms", "Runtime() + first eval (ms)", "{:.2f}"),
    ("eval_per_s", 'eval("1+1") per s', "{:,.0f}"),
    ("call_per_s", "Python → JS call per s", "{:,.0f}"),
    ("callback_per_s", "JS → Python callback per s", "{:,.0f}"),
    ("list_100k_ms", "100k-int list round trip (ms)", "{:.1f}"),
    ("dict_100k_ms", "100k-key dict round trip (ms)", "{:.1f}"),
    ("bytes_1mib_ms", "1 MiB bytes round trip (ms)", "{:.2f}"),
]


def peer_python(name: str, requirement: str) -> Path:
    venv = ROOT / ".bench" / name
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", requirement], check=True)
    return python


def measure(python: Path, engine: str, quick: bool) -> dict:
    cmd = [str(python), str(BENCH), "--engine", engine, "--json", *(["--quick"] if quick else [])]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rows = [measure(ROOT / ".venv" / "bin" / "python", "ours", args.quick)]
    for engine, requirement in PEERS.items():
        rows.append(measure(peer_python(engine, requirement), engine, args.quick))
    print(f"Machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python {rows[0]['python']}\n")
    print("| engine | " + " | ".join(title for _, title, _ in COLUMNS) + " |")
    print("| --- " * (len(COLUMNS) + 1) + "|")
    for row in rows:
        cells = [("n/a" if row.get(key) is None else fmt.format(row[key])) for key, _, fmt in COLUMNS]
        print(f"| {row['engine']} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

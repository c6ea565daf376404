"""Buffer's text codecs (and atob/btoa) in jsrun and in Node.js: the same
script (benchmarks/kernels/buffer_codecs.js) in each, microseconds per call.

    .venv/bin/python benchmarks/bench_buffer.py

Run it on a build from before a change (PYTHONPATH=<that build's
pyjsrun/python>) for a "before" column.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import jsrun

SCRIPT = (Path(__file__).resolve().parent / "kernels" / "buffer_codecs.js").read_text()


def ours() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as empty, jsrun.Runtime() as rt:
        rt.use_node_modules(empty)  # the Buffer global
        result: dict[str, float] = json.loads(rt.eval(SCRIPT, timeout=120))
    return result


def node() -> dict[str, float] | None:
    exe = shutil.which("node") or shutil.which("nodejs")
    if exe is None:
        return None
    out = subprocess.run([exe, "-p", SCRIPT], capture_output=True, text=True, timeout=300, check=True)
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    a, b = ours(), node()
    print("| operation | jsrun (µs) | Node.js (µs) | jsrun / Node |")
    print("| --- | --- | --- | --- |")
    for name, value in a.items():
        theirs = b.get(name) if b else None
        ratio = f"{value / theirs:.1f}" if theirs else "n/a"
        print(f"| {name} | {value:,} | {theirs if theirs is not None else 'n/a'} | {ratio} |")


if __name__ == "__main__":
    main()

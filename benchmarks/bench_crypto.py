"""Web Crypto throughput in jsrun and in Node.js: the same script
(benchmarks/kernels/webcrypto.js) in each, operations per second.

    .venv/bin/python benchmarks/bench_crypto.py
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from pathlib import Path

import jsrun

SCRIPT = (Path(__file__).resolve().parent / "kernels" / "webcrypto.js").read_text()


async def ours() -> dict[str, int]:
    rt = jsrun.Runtime()
    try:
        result: dict[str, int] = json.loads(await rt.eval_async(SCRIPT, timeout=120))
    finally:
        rt.close()
    return result


def node() -> dict[str, int] | None:
    exe = shutil.which("node") or shutil.which("nodejs")
    if exe is None:
        return None
    out = subprocess.run(
        [exe, "-e", f"({SCRIPT}).then((r) => process.stdout.write(r))"], capture_output=True, text=True, timeout=300
    )
    result: dict[str, int] = json.loads(out.stdout)
    return result


def main() -> None:
    a, b = asyncio.run(ours()), node()
    print("| operation | jsrun (per s) | Node.js (per s) | jsrun / Node |")
    print("| --- | --- | --- | --- |")
    for name, value in a.items():
        theirs = b.get(name) if b else None
        ratio = f"{value / theirs:.2f}" if theirs else "n/a"
        print(f"| {name} | {value:,} | {theirs:,} | {ratio} |" if theirs else f"| {name} | {value:,} | n/a | n/a |")


if __name__ == "__main__":
    main()

"""WASI programs through node:wasi: a C program (wasi-libc) printing 200,000
lines, its output taken by a function, sent to the console (with no console
configured) and, for comparison, by Node.js's WASI to /dev/null; and what a
small program's run costs (new WASI + instance + start).

    .venv/bin/python benchmarks/bench_wasi.py

Needs clang and wasi-libc (scripts/setup-wasi-libc.sh) and Node.js.
"""

from __future__ import annotations

import statistics
import subprocess
import tempfile
from pathlib import Path

import jsrun

HERE = Path(__file__).resolve().parent
FLAGS = HERE.parent / ".deps" / "wasi" / "clang-flags"
LINES = 200_000
RUN = """
const { WASI } = require('wasi');
const program = new WebAssembly.Module(require('fs').readFileSync(require('path').resolve('lines.wasm')));
// ms to run the program with `lines` lines, its output to `stdout` (a function, or 1)
globalThis.timed = (lines, stdout) => {
  const wasi = new WASI({ version: 'preview1', args: ['lines', String(lines)], stdout });
  const started = performance.now();
  wasi.start(new WebAssembly.Instance(program, wasi.getImportObject()));
  return performance.now() - started;
};
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        flags = FLAGS.read_text().split("#")[0].split()
        subprocess.run(
            [
                "clang",
                "--target=wasm32-wasi",
                *flags,
                "-O2",
                str(HERE / "kernels" / "lines.c"),
                "-o",
                str(tmp / "lines.wasm"),
            ],
            check=True,
        )
        node = [
            float(
                subprocess.run(
                    ["node", "--no-warnings", "-e", RUN + f"process.stderr.write(String(timed({LINES}, 1)))"],
                    cwd=tmp,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stderr
            )
            for _ in range(5)
        ]
        with jsrun.Runtime() as rt:
            rt.use_node_modules(tmp, allow_read=True)
            rt.eval(RUN)
            to_function = [rt.eval(f"timed({LINES}, () => {{}})") for _ in range(5)]
            to_console = [rt.eval(f"timed({LINES}, 1)") for _ in range(5)]
            small = [rt.eval("timed(1, () => {})") for _ in range(200)]
    print(
        f"{LINES:,} lines, best of 5: to a function {min(to_function):.1f} ms, to the console {min(to_console):.1f} ms;"
    )
    print(f"  Node.js's WASI to /dev/null {min(node):.1f} ms")
    print(f"a one-line program (new WASI + instance + start), median of 200: {statistics.median(small) * 1000:.0f} µs")


if __name__ == "__main__":
    main()

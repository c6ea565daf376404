"""Runs one hazard in a fresh runtime and prints what came out: "ok" or the
exception's class name. Used by tests/test_adversarial.py in a subprocess, so
a crash is a failed test, not a dead test run.

A .js hazard's header lines set it up: `// expect: NAME`, and optionally
`// timeout: SECONDS`, `// max_heap_size: BYTES`. A .py hazard runs as is.
"""

from __future__ import annotations

import re
import runpy
import sys
from pathlib import Path

import jsrun


def main(path: Path) -> None:
    if path.suffix == ".py":
        runpy.run_path(str(path), run_name="__main__")
        return
    source = path.read_text()
    header = dict(re.findall(r"^// (\w+): (.*)$", source, re.MULTILINE))
    config = jsrun.RuntimeConfig()
    if "max_heap_size" in header:
        config.max_heap_size = int(header["max_heap_size"])
    if "timeout" in header:
        config.timeout = float(header["timeout"])
    with jsrun.Runtime(config) as rt:
        try:
            rt.eval(source)
            outcome = "ok"
        except Exception as e:  # noqa: BLE001 - reporting which one is the point
            outcome = type(e).__name__
        print(outcome)
        if not rt.is_closed():
            assert rt.eval("'alive'") == "alive", "the runtime did not survive"


if __name__ == "__main__":
    main(Path(sys.argv[1]))

"""Writes jsrun's built-in snapshot next to the package (``make build`` runs
``python -m jsrun._builtin``): V8's context with the polyfills for what this
V8 lacks. Without the file, each process makes it on its first runtime."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from jsrun import _jsrun


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m jsrun._builtin", description=__doc__)
    default = Path(_jsrun.__file__).with_name("_builtin.snap")
    parser.add_argument("--out", type=Path, default=default, help=f"where to write it (default: {default})")
    out = parser.parse_args().out
    blob = _jsrun._build_builtin_snapshot()
    partial = out.with_name(out.name + ".partial")
    partial.write_bytes(blob)
    os.replace(partial, out)  # a reader never sees half a file
    print(f"{out}: {len(blob)} bytes, V8 {_jsrun.v8_version()}")


if __name__ == "__main__":
    main()

"""Writes what jsrun's polyfills add on this V8 next to the package
(``make build`` runs ``python -m jsrun._polyfills``): for each group of
polyfills, the features a runtime gets a stub for. Without the file, each
process finds it out on its first runtime (running every group once)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from jsrun import _jsrun


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m jsrun._polyfills", description=__doc__)
    default = Path(_jsrun.__file__).with_name("_polyfills.json")
    parser.add_argument("--out", type=Path, default=default, help=f"where to write it (default: {default})")
    out = parser.parse_args().out
    manifest = _jsrun._build_polyfill_manifest()
    partial = out.with_name(out.name + ".partial")
    partial.write_bytes(manifest)
    os.replace(partial, out)  # a reader never sees half a file
    print(f"{out}: {len(manifest)} bytes, V8 {_jsrun.v8_version()}")


if __name__ == "__main__":
    main()

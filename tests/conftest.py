from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import jsrun


@pytest.fixture
def rt() -> Iterator[jsrun.Runtime]:
    with jsrun.Runtime() as runtime:
        yield runtime


def roundtrip(rt: jsrun.Runtime, value: Any) -> Any:
    """Python → JS → Python through a global."""
    rt.bind_object("__rt", {"v": value})
    return rt.eval("__rt.v")


def compile_wat(folder: Path, source: str, name: str = "m", *flags: str) -> bytes:
    """WebAssembly text → binary with wabt's wat2wasm (installed by `make test`)."""
    wat2wasm = shutil.which("wat2wasm")
    assert wat2wasm, "wat2wasm (Debian package wabt) is needed: `make test` installs it"
    (folder / f"{name}.wat").write_text(source)
    subprocess.run([wat2wasm, *flags, str(folder / f"{name}.wat"), "-o", str(folder / f"{name}.wasm")], check=True)
    return (folder / f"{name}.wasm").read_bytes()

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import jsrun

ROOT = Path(__file__).resolve().parent.parent


def isolated(test: Callable[..., None]) -> Callable[..., None]:
    """Runs the test in a fresh interpreter (a pytest process of its own), so
    that a crash or a hang in it, should one come back, fails this test alone."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        if os.environ.get("JSRUN_TEST_ISOLATED") == "1":
            return test(*args, **kwargs)
        node = os.environ["PYTEST_CURRENT_TEST"].rsplit(" ", 1)[0]
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", node],
            env={**os.environ, "JSRUN_TEST_ISOLATED": "1"},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
        return None

    return run


@pytest.fixture(autouse=True)
def _no_default_runtime_left() -> Iterator[None]:
    """Closes `jsrun.eval`'s default runtime after each test: a runtime left
    alive would keep the next test from starting from another snapshot."""
    yield
    jsrun.close_default_runtime()


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

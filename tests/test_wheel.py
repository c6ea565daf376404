"""The wheel carries its V8: built with `make wheel`'s command, installed into
a fresh venv in a Debian root that has no libnode (made with debootstrap), it
runs the WebAssembly example."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.wheel]

ROOT = Path(__file__).resolve().parent.parent


def build_wheel(out: Path) -> subprocess.CompletedProcess[str]:
    """`make wheel`, into `out`."""
    return subprocess.run(["make", "-s", "wheel", f"DIST={out}"], cwd=ROOT, capture_output=True, text=True)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    built = build_wheel(out)
    assert built.returncode == 0, built.stderr[-3000:]
    (found,) = out.glob("jsrun-*.whl")
    return found


def test_building_the_wheel_again_works(wheel: Path) -> None:
    # The second run used to fail: the repair found its own renamed libnode.
    again = build_wheel(wheel.parent)
    assert again.returncode == 0, again.stderr[-3000:]
    assert [p.name for p in wheel.parent.glob("jsrun-*.whl")] == [wheel.name]


def test_the_wheel_bundles_v8_and_its_libraries(wheel: Path) -> None:
    assert "-abi3-manylinux" in wheel.name and "cp310" in wheel.name
    names = zipfile.ZipFile(wheel).namelist()
    for library in ("libnode", "libuv", "libcares", "libicudata"):
        assert any(n.startswith("jsrun.libs/") and library in n for n in names), library
    assert "jsrun/py.typed" in names and "jsrun/_jsrun.pyi" in names
    assert "jsrun/js/console.js" in names and "jsrun/js/wasm.js" in names  # read at import
    assert "jsrun/_polyfills.json" in names  # made by `make build`: no process pays to make it
    assert wheel.stat().st_size < 45_000_000  # ~34 MB; the published package's is 21 MB


def test_the_wheels_libnode_binds_its_own_symbols_first(wheel: Path, tmp_path: Path) -> None:
    # The repair copies jsrun's own libnode, which scripts/setup-v8.sh made DF_SYMBOLIC and prebound.
    with zipfile.ZipFile(wheel) as z:
        (name,) = [n for n in z.namelist() if n.startswith("jsrun.libs/libnode")]
        lib = Path(z.extract(name, tmp_path))
    for script in ("elf-symbolic.py", "elf-prebind.py"):
        assert subprocess.run([sys.executable, str(ROOT / "scripts" / script), "--check", str(lib)]).returncode == 0


def test_the_wheel_runs_in_a_debian_root_without_libnode(wheel: Path, tmp_path: Path) -> None:
    debootstrap = shutil.which("debootstrap")
    assert debootstrap, "debootstrap is needed: `make test` installs it"
    assert os.geteuid() == 0, "this test makes a chroot: run it as root (CI does)"
    root = tmp_path / "debian"
    subprocess.run(
        [
            debootstrap,
            "--variant=minbase",
            "--include=python3,python3-venv",
            "bookworm",
            root,
            "http://deb.debian.org/debian",
        ],
        check=True,
        capture_output=True,
    )
    try:
        libs = root / "usr" / "lib" / "x86_64-linux-gnu"
        assert not list(libs.glob("libnode*")) and not list(libs.glob("libuv*")) and not list(libs.glob("libicu*"))
        shutil.copy(wheel, root / "tmp")
        for name in ("wasm_add.py", "add.wasm"):
            shutil.copy(ROOT / "examples" / name, root / "tmp")
        script = (
            "set -e; python3 -m venv /tmp/venv; /tmp/venv/bin/pip install -q --no-index /tmp/jsrun-*.whl; "
            "cd /tmp; /tmp/venv/bin/python wasm_add.py; "
            "/tmp/venv/bin/python -c 'import jsrun; print(jsrun.__version__, jsrun.v8_version())'"
        )
        out = subprocess.run(["chroot", root, "/bin/sh", "-c", script], capture_output=True, text=True, check=True)
        lines = out.stdout.split("\n")
        assert lines[0] == "30"
        assert lines[1].startswith("0.1.0 10.2.")
    finally:
        shutil.rmtree(root, ignore_errors=True)

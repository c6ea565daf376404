"""The shape of the code that ARCHITECTURE.md promises: only the safe layer
calls the bridge, JavaScript lives in .js files, and the inspector is optional."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAFE_LAYER = {"ffi.rs", "isolate.rs"}


def _rust_sources() -> list[Path]:
    return sorted((ROOT / "runtime" / "src").rglob("*.rs")) + sorted((ROOT / "pyjsrun" / "src").rglob("*.rs"))


def test_only_the_safe_layer_names_the_raw_bridge() -> None:
    src = ROOT / "runtime" / "src"
    offenders = []
    for path in sorted(src.rglob("*.rs")):
        rel = path.relative_to(src)
        if rel.parts[0] == "env" or str(rel) in SAFE_LAYER:
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"(?<![\w:])ffi::", line.replace("std::ffi::", "")):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


JS_HINT = re.compile(r"=>|\bfunction\s*\(|\bconst\s+\w+\s*=|globalThis\.")


def _js_lines(text: str) -> int:
    return sum(bool(JS_HINT.search(line)) for line in text.splitlines())


def test_no_multi_line_javascript_in_rust_or_python_sources() -> None:
    found = []
    for path in _rust_sources():
        text = path.read_text()
        for m in re.finditer(r'\br(#*)"(.*?)"\1', text, re.S):
            if _js_lines(m.group(2)) > 1:
                found.append(str(path.relative_to(ROOT)))
    for path in sorted((ROOT / "pyjsrun" / "python").rglob("*.py")):
        for m in re.finditer(r'("""|\'\'\')(.*?)\1', path.read_text(), re.S):
            if _js_lines(m.group(2)) > 1:
                found.append(str(path.relative_to(ROOT)))
    assert found == []


@pytest.mark.skipif(shutil.which("cargo") is None, reason="needs cargo")
def test_the_runtime_without_the_inspector_feature_links_no_server() -> None:
    def tree(*flags: str) -> str:
        out = subprocess.run(
            ["cargo", "tree", "-p", "jsrun-runtime", "-e", "normal", *flags],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        return out.stdout

    assert "tokio" in tree() and "hyper" in tree()
    bare = tree("--no-default-features")
    assert "tokio" not in bare and "hyper" not in bare and "jsrun-inspector" not in bare


def test_the_rust_declarations_mirror_the_bridge_header() -> None:
    header = re.sub(r"/\*.*?\*/", "", (ROOT / "runtime" / "bridge" / "jsr.h").read_text(), flags=re.S)
    declared_in_c = set(re.findall(r"^[\w ]*?\*?\s*\b(jsr_\w+)\s*\((?!\s*\*)", header, re.M))
    declared_in_rust = set(re.findall(r"pub fn (jsr_\w+)", (ROOT / "runtime" / "src" / "ffi.rs").read_text()))
    assert declared_in_c == declared_in_rust
    assert len(declared_in_rust) > 50


FORKY = ROOT / ".deps" / "roots" / "forky"


@pytest.mark.slow  # a cargo build of its own (~40 s)
@pytest.mark.skipif(not (FORKY / "usr" / "include" / "nodejs").is_dir(), reason="needs the forky root")
def test_a_libnode_this_machines_glibc_cannot_load_stops_the_build_with_a_clear_message(tmp_path: Path) -> None:
    glibc = subprocess.run(["getconf", "GNU_LIBC_VERSION"], capture_output=True, text=True).stdout.split()[-1]
    if tuple(int(p) for p in glibc.split(".")[:2]) >= (2, 43):
        pytest.skip("this machine can load V8 13.6")
    out = subprocess.run(
        ["cargo", "build", "--release", "-p", "jsrun-runtime", "--target-dir", str(tmp_path)],
        cwd=ROOT,
        env={**os.environ, "JSRUN_V8_PREFIX": str(FORKY)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode != 0
    assert f"needs glibc 2.43, and this machine has {glibc}: it cannot load that V8" in out.stderr


def _elf_symbolic(*args: str) -> subprocess.CompletedProcess[str]:
    script = ROOT / "scripts" / "elf-symbolic.py"
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, timeout=60)


def test_elf_symbolic_sets_one_flag_and_changes_nothing_else(tmp_path: Path) -> None:
    import jsrun._jsrun as ext  # any library with DT_FLAGS: the extension has BIND_NOW

    lib = tmp_path / "lib.so"
    shutil.copy(ext.__file__, lib)
    before = lib.read_bytes()
    assert _elf_symbolic("--check", str(lib)).returncode == 1
    assert _elf_symbolic(str(lib)).returncode == 0
    after = lib.read_bytes()
    assert _elf_symbolic("--check", str(lib)).returncode == 0
    assert len(after) == len(before)
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(changed) == 1  # DF_SYMBOLIC is bit 1 of one byte
    assert after[changed[0]] == before[changed[0]] | 0x2
    assert _elf_symbolic(str(lib)).returncode == 0 and lib.read_bytes() == after  # idempotent
    readelf = shutil.which("readelf")
    if readelf:
        flags = subprocess.run([readelf, "-d", str(lib)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"\(FLAGS\)\s+SYMBOLIC BIND_NOW", flags), flags


def test_jsruns_own_libnode_binds_its_own_symbols_first() -> None:
    # scripts/setup-v8.sh marks the copy it unpacks: a cold start ~2.4 ms faster.
    code = (
        "import jsrun; jsrun.Runtime().close()\n"
        "print(next(l.split()[-1] for l in open('/proc/self/maps') if 'libnode' in l))"
    )
    path = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    if not path.startswith(str(ROOT / ".deps" / "v8")):
        pytest.skip(f"this V8 is not jsrun's own copy: {path}")
    assert _elf_symbolic("--check", path).returncode == 0, path

"""scripts/elf-prebind.py: references a DF_SYMBOLIC library makes to its own
symbols bound ahead of time, to exactly the addresses the loader would pick."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
R_X86_64_64, R_X86_64_RELATIVE = 1, 8

# Each kind of reference a C++ library makes: own data and functions through the
# GOT, the PLT and data pointers, a weak definition, and the kinds that must stay
# symbolic: another library's function, TLS, an IFUNC and a unique symbol.
LIBRARY_SOURCE = r"""
#include <cstring>
extern "C" {
int counter = 41;
int *counter_ptr = &counter;
int bump(void) { return ++counter; }
int (*bump_ptr)(void) = bump;
__attribute__((weak)) int weak_fn(void) { return 7; }
int call_all(void) { return bump() + weak_fn() + *counter_ptr + bump_ptr(); }
size_t (*length_ptr)(const char *) = strlen;
__thread int tls_var = 3;
int get_tls(void) { return tls_var; }
static int impl(void) { return 5; }
static int (*resolve(void))(void) { return impl; }
int ifn(void) __attribute__((ifunc("resolve")));
int call_ifn(void) { return ifn(); }
}
template <class T> struct Shared { static int value; };
template <class T> int Shared<T>::value = 11;
extern "C" int get_unique(void) { return Shared<int>::value; }
"""

# Loads a library and prints what its functions return and, for each offset
# given, the value bound there minus the load address.
CHILD = r"""
import ctypes, json, sys
lib = ctypes.CDLL(sys.argv[1], mode=ctypes.RTLD_LOCAL)
link_map = ctypes.c_void_p()
assert ctypes.CDLL(None).dlinfo(ctypes.c_void_p(lib._handle), 2, ctypes.byref(link_map)) == 0
base = ctypes.c_uint64.from_address(link_map.value).value
calls = {}
for name in sys.argv[3:]:
    calls[name] = getattr(lib, name)()
slots = [ctypes.c_uint64.from_address(base + o).value - base for o in json.loads(open(sys.argv[2]).read())]
print(json.dumps({"calls": calls, "slots": slots}))
"""


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name.replace("-", "_"), SCRIPTS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(name: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, str(SCRIPTS / f"{name}.py"), *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def _relocations(path: Path) -> list[tuple[int, int, int, int]]:
    """(file offset of the entry, r_offset, type, symbol index) of every RELA entry."""
    elf = _script("elf-prebind").Elf(bytearray(path.read_bytes()))
    out = []
    for start, size in elf.tables():
        for at in range(start, start + size, 24):
            offset, info, _ = struct.unpack_from("<QQq", elf.data, at)
            out.append((at, offset, info & 0xFFFFFFFF, info >> 32))
    return out


def _types_by_symbol(path: Path) -> dict[str, set[str]]:
    readelf = shutil.which("readelf")
    assert readelf, "readelf (binutils) is needed"
    listing = subprocess.run([readelf, "-r", "-W", str(path)], capture_output=True, text=True, check=True).stdout
    types: dict[str, set[str]] = {}
    for line in listing.splitlines():
        fields = line.split()
        if len(fields) >= 5 and fields[2].startswith("R_X86_64_"):
            types.setdefault(fields[4].split("@")[0], set()).add(fields[2])
    return types


def _load(path: Path, offsets: list[int], tmp: Path, *calls: str) -> dict[str, object]:
    (tmp / "offsets.json").write_text(json.dumps(offsets))
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(tmp / "offsets.json"), *calls],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


@pytest.fixture
def library(tmp_path: Path) -> Path:
    compiler = shutil.which("g++")
    assert compiler, "g++ is needed (the bridge is built with it)"
    source = tmp_path / "lib.cc"
    source.write_text(LIBRARY_SOURCE)
    lib = tmp_path / "lib.so"
    subprocess.run([compiler, "-O0", "-fPIC", "-shared", "-Wl,-z,now", "-o", lib, source], check=True, timeout=120)
    return lib


def test_prebind_rewrites_only_references_to_the_librarys_own_symbols(library: Path, tmp_path: Path) -> None:
    assert _run("elf-symbolic", library).returncode == 0
    symbolic = tmp_path / "symbolic.so"
    shutil.copy(library, symbolic)
    assert _run("elf-prebind", "--check", library).returncode == 1
    done = _run("elf-prebind", library)
    assert done.returncode == 0 and "relocations bound ahead of time" in done.stderr, done.stderr
    assert _run("elf-prebind", "--check", library).returncode == 0
    after = library.read_bytes()
    assert _run("elf-prebind", library).returncode == 0 and library.read_bytes() == after  # idempotent

    before_types, after_types = _types_by_symbol(symbolic), _types_by_symbol(library)
    for own in ("counter", "bump", "weak_fn", "bump_ptr", "counter_ptr"):
        if own in before_types:
            assert after_types[own] == {"R_X86_64_RELATIVE"}, (own, after_types[own])
    assert {"bump", "counter", "weak_fn"} <= before_types.keys()  # the compiler did make them symbolic
    for kept in ("strlen", "tls_var", "ifn", "_ZN6SharedIiE5valueE"):
        assert after_types[kept] == before_types[kept] and "R_X86_64_RELATIVE" not in after_types[kept], kept

    # Only the relocation entries changed, each to RELATIVE with its symbol index kept.
    old, new = _relocations(symbolic), _relocations(library)
    changed = [(o, n) for o, n in zip(old, new, strict=True) if o != n]
    assert changed and all(n[2] == R_X86_64_RELATIVE and n[3] == o[3] and n[1] == o[1] for o, n in changed)
    entries = {o[0] for o, _ in changed}
    diff = [i for i, (a, b) in enumerate(zip(symbolic.read_bytes(), after, strict=True)) if a != b]
    assert all(any(e + 8 <= i < e + 24 for e in entries) for i in diff)

    # Loaded, both bind the same addresses and behave the same.
    offsets = [o[1] for o, _ in changed]
    calls = ("call_all", "get_tls", "call_ifn", "get_unique")
    a, b = _load(symbolic, offsets, tmp_path, *calls), _load(library, offsets, tmp_path, *calls)
    assert a == b
    assert a["calls"] == {"call_all": 42 + 7 + 42 + 43, "get_tls": 3, "call_ifn": 5, "get_unique": 11}


def test_prebind_leaves_a_library_that_is_not_symbolic_alone(library: Path) -> None:
    before = library.read_bytes()
    done = _run("elf-prebind", library)
    assert done.returncode == 0 and "not DF_SYMBOLIC" in done.stderr
    assert library.read_bytes() == before
    assert _run("elf-prebind", "--check", library).returncode == 1


def _loaded_libnode() -> Path:
    code = (
        "import jsrun; jsrun.Runtime().close()\n"
        "print(next(l.split()[-1] for l in open('/proc/self/maps') if 'libnode' in l))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    return Path(out.stdout.strip())


def test_jsruns_own_libnode_is_prebound_to_what_the_loader_would_bind(tmp_path: Path) -> None:
    # scripts/setup-v8.sh binds them: loading libnode 13 -> 5.5 ms.
    path = _loaded_libnode()
    # An engine root's libnode is jsrun's too (scripts/engine-root.sh binds it).
    if not (str(path).startswith(str(ROOT / ".deps" / "v8")) or os.environ.get("JSRUN_ENGINE_ROOT")):
        pytest.skip(f"this V8 is not jsrun's own copy: {path}")
    assert _run("elf-prebind", "--check", path).returncode == 0
    # Undo it in a copy (each slot back to a symbolic reference with the same
    # addend) and let the loader look every symbol up: the same addresses.
    elf = _script("elf-prebind").Elf(bytearray(path.read_bytes()))
    syment_at = elf.offset(elf.dynamic[6])
    bound = []
    for at, offset, rtype, sym in _relocations(path):
        if rtype == R_X86_64_RELATIVE and sym:
            (value,) = struct.unpack_from("<Q", elf.data, syment_at + sym * 24 + 8)
            (addend,) = struct.unpack_from("<q", elf.data, at + 16)
            struct.pack_into("<Qq", elf.data, at + 8, (sym << 32) | R_X86_64_64, addend - value)
            bound.append((offset, addend))
    assert len(bound) > 10_000  # V8 10.2: 55,777; 11.3: 60,950; 13.6: 14,478
    unbound = tmp_path / path.name
    unbound.write_bytes(elf.data)
    offsets = [o for o, _ in bound]
    ours, loaders = _load(path, offsets, tmp_path)["slots"], _load(unbound, offsets, tmp_path)["slots"]
    assert ours == loaders
    assert ours == [addend for _, addend in bound]

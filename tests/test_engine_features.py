"""The modern JavaScript and WebAssembly each engine has, as documented
(tests/engines.py, docs/engines.md)."""

from __future__ import annotations

import re
from pathlib import Path

import jsrun
from engines import ENGINES, FIRST_MAJOR, V8_MAJOR, has, run_probes

ROOT = Path(__file__).resolve().parent.parent


def test_the_engine_is_one_jsrun_builds_against() -> None:
    assert V8_MAJOR in ENGINES
    assert re.match(r"^(10\.2|11\.3|13\.6)\.\d+", jsrun.v8_version())


def test_each_probe_passes_exactly_on_the_engines_documented() -> None:
    with jsrun.Runtime() as rt:
        outcome = run_probes(rt)
    assert set(outcome) == set(FIRST_MAJOR)
    assert outcome == {name: has(name) for name in FIRST_MAJOR}


def test_the_newest_engine_has_at_least_twelve_more_features_than_the_oldest() -> None:
    newest = sum(1 for first in FIRST_MAJOR.values() if first is not None)
    oldest = sum(1 for first in FIRST_MAJOR.values() if first == 10)
    assert newest - oldest >= 12


def test_modern_code_runs_where_the_engine_has_it() -> None:
    with jsrun.Runtime() as rt:
        if has("Array.prototype.toSorted"):
            assert rt.eval("[3, 1, 2].toSorted()") == [1, 2, 3]
        if has("Object.groupBy"):
            assert rt.eval("Object.groupBy([1, 2, 3], (x) => (x % 2 ? 'odd' : 'even'))") == {"odd": [1, 3], "even": [2]}
        if has("Float16Array"):
            assert rt.eval("Array.from(new Float16Array([0.5, 1.5]))") == [0.5, 1.5]
        if has("Wasm GC (struct type)"):
            # f(x) makes a GC struct {i32} holding x and reads the field back.
            gc_module = [0, 97, 115, 109, 1, 0, 0, 0, 1, 10, 2, 0x5F, 1, 0x7F, 1, 0x60, 1, 0x7F, 1, 0x7F, 3, 2, 1, 1]
            gc_module += [7, 5, 1, 1, 0x66, 0, 0, 10, 13, 1, 11, 0, 0x20, 0, 0xFB, 0, 0, 0xFB, 2, 0, 0, 0x0B]
            f = rt.eval(f"new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array({gc_module}))).exports.f")
            assert f(41) == 41


def test_the_docs_table_matches_the_measurements() -> None:
    text = (ROOT / "docs" / "engines.md").read_text()
    for name, first in FIRST_MAJOR.items():
        row = next((line for line in text.splitlines() if line.startswith(f"| {name} |")), None)
        assert row is not None, name
        cells = [c.strip() for c in row.strip("|").split("|")][1:]
        assert cells == ["yes" if first is not None and engine >= first else "no" for engine in ENGINES], row

"""The modern JavaScript and WebAssembly each engine has, as documented
(tests/engines.py, docs/engines.md)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import jsrun
from engines import ENGINES, FILLED, FIRST_MAJOR, V8_MAJOR, WEB, has, native, run_probes

ROOT = Path(__file__).resolve().parent.parent


def test_the_engine_is_one_jsrun_builds_against() -> None:
    assert V8_MAJOR in ENGINES
    assert re.match(r"^(10\.2|11\.3|13\.6)\.\d+", jsrun.v8_version())


def test_each_probe_passes_exactly_on_the_engines_documented() -> None:
    with jsrun.Runtime(jsrun.RuntimeConfig(polyfills=False, web_apis=False)) as rt:
        outcome = run_probes(rt)
    assert set(outcome) == set(FIRST_MAJOR)
    assert outcome == {name: native(name) for name in FIRST_MAJOR}


def test_the_polyfills_fill_exactly_what_is_documented() -> None:
    with jsrun.Runtime() as rt:
        outcome = run_probes(rt)
    assert outcome == {name: has(name) for name in FIRST_MAJOR}
    filled = {name for name in FILLED if not native(name)}
    if V8_MAJOR == 10:
        assert len(filled) >= 14 and sum(outcome.values()) >= 44


def test_native_features_are_not_replaced() -> None:
    # core-js only fills what is missing: a native method stays native.
    with jsrun.Runtime() as rt:
        assert rt.eval("Array.prototype.at.toString()") == "function at() { [native code] }"
        assert rt.eval("JSON.stringify.toString()") == "function stringify() { [native code] }"
        assert rt.eval("Array.prototype.push.toString()") == "function push() { [native code] }"


def test_a_user_snapshot_has_the_polyfills() -> None:
    builder = jsrun.SnapshotBuilder()
    builder.execute_script("setup.js", "globalThis.grouped = Object.groupBy([1, 2, 3], (x) => x % 2);")
    with jsrun.Runtime(jsrun.RuntimeConfig(snapshot=builder.build())) as rt:
        assert rt.eval("[grouped[1], typeof [].toSorted]") == [[1, 3], "function"]


def test_polyfilled_features_behave_as_the_standard_says() -> None:
    with jsrun.Runtime() as rt:
        assert rt.eval("[3, 1, 2].toSorted()") == [1, 2, 3]
        assert rt.eval("[1, 2, 3].with(-1, 9)") == [1, 2, 9]
        assert rt.eval("Object.groupBy([1, 2, 3], (x) => (x % 2 ? 'odd' : 'even'))") == {"odd": [1, 3], "even": [2]}
        assert rt.eval("[...new Set([1, 2]).union(new Set([2, 3]))]") == [1, 2, 3]
        assert rt.eval("Iterator.from([1, 2, 3]).filter((x) => x > 1).map((x) => x * 10).toArray()") == [20, 30]
        assert rt.eval("Math.sumPrecise([1e20, 0.1, -1e20])") == 0.1
        assert rt.eval("Array.from(Uint8Array.fromBase64('AQID'))") == [1, 2, 3]
        assert rt.eval("new Uint8Array([255, 1]).toHex()") == "ff01"
        assert rt.eval("RegExp.escape('a.b*')") == "\\x61\\.b\\*"
        assert rt.eval("Error.isError(new TypeError('x')) && !Error.isError({})") is True
        assert rt.eval("'a\\uD800'.isWellFormed()") is False
        assert rt.eval("Promise.try(() => 7)") == 7
        assert rt.eval("Array.fromAsync([Promise.resolve(1), 2])") == [1, 2]
        with pytest.raises(jsrun.JavaScriptError, match="TypeError"):
            rt.eval("Object.groupBy(null, (x) => x)")


def test_array_buffer_transfer_and_atomics_pause_behave_as_the_standard_says() -> None:
    script = """(() => {
      const b = new Uint8Array([1, 2, 3]).buffer;
      const longer = b.transfer(5);
      const fixed = new Uint8Array([7]).buffer.transferToFixedLength();
      return [b.byteLength, b.detached, [...new Uint8Array(longer)], longer.detached, fixed.byteLength,
        new ArrayBuffer(4).transfer(2).byteLength, Atomics.pause(), Atomics.pause(5)];
    })()"""
    with jsrun.Runtime() as rt:
        assert rt.eval(script) == [0, True, [1, 2, 3, 0, 0], False, 1, 2, jsrun.undefined, jsrun.undefined]
        with pytest.raises(jsrun.JavaScriptError, match="TypeError"):
            rt.eval("const used = new ArrayBuffer(1); used.transfer(); used.transfer()")
        with pytest.raises(jsrun.JavaScriptError, match="TypeError"):
            rt.eval("Atomics.pause(1.5)")
        with pytest.raises(jsrun.JavaScriptError, match="RangeError"):
            rt.eval("new ArrayBuffer(1).transfer(-1)")


def test_bare_runtime_has_neither_polyfills_nor_web_globals() -> None:
    with jsrun.Runtime(jsrun.RuntimeConfig(polyfills=False, web_apis=False)) as rt:
        names = rt.eval("['setTimeout', 'TextEncoder', 'atob', 'ReadableStream'].filter((n) => n in globalThis)")
        assert names == []
        assert rt.eval("typeof [].toSorted") == ("function" if native("Array.prototype.toSorted") else "undefined")
        assert rt.eval("1 + 1") == 2


def test_the_polyfill_manifest_names_each_groups_features(tmp_path: Path) -> None:
    out = tmp_path / "polyfills.json"
    done = subprocess.run([sys.executable, "-m", "jsrun._polyfills", "--out", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert jsrun.v8_version() in done.stdout
    manifest = json.loads(out.read_text())
    assert manifest["v8"] == jsrun.v8_version()
    groups = dict(manifest["groups"])  # core-js module -> what it adds
    assert all(name.startswith("es.") for name in groups if name != "es-shims")
    stubbed = {f"{target}.{key}" for pairs in groups.values() for target, key, *_ in pairs}
    accessors = {f"{target}.{key}" for pairs in groups.values() for target, key, *kind in pairs if kind}
    assert ("ArrayBuffer.prototype.detached" in accessors) == (not native("ArrayBuffer.prototype.transfer"))
    assert not any(kind not in ([], ["getter"], ["accessor"]) for pairs in groups.values() for _, _, *kind in pairs)
    # What the engine has natively is never stubbed; what it lacks is.
    assert ("Array.prototype.toSorted" in stubbed) == (not native("Array.prototype.toSorted"))
    assert ("Math.sumPrecise" in stubbed) == (not native("Math.sumPrecise"))
    assert not any(key.startswith("__core-js") for key in stubbed)


def test_a_stub_looks_like_the_feature_it_stands_for() -> None:
    with jsrun.Runtime() as rt:
        # Each of these reads comes first in its runtime: the stub answers.
        desc = rt.eval(
            "const d = Object.getOwnPropertyDescriptor(Math, 'sumPrecise'); "
            "[typeof d.value, d.writable, d.enumerable, d.configurable, 'get' in d]"
        )
        assert desc == ["function", True, False, True, False]
        assert rt.eval("Math.sumPrecise.name") == "sumPrecise"
    with jsrun.Runtime() as rt:
        assert rt.eval(
            "['toSorted' in [], Object.keys(Array.prototype).length, "
            "Object.getOwnPropertyNames(Set.prototype).includes('union')]"
        ) == [True, 0, True]
        assert rt.eval("[3, 1, 2].toSorted()") == [1, 2, 3]


def test_an_accessor_stub_looks_like_the_accessor_it_stands_for() -> None:
    # `detached` is an accessor (a getter, no setter); reading its descriptor calls nothing.
    with jsrun.Runtime() as rt:
        assert rt.eval(
            "const d = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'detached'); "
            "[typeof d.get, d.set === undefined, 'value' in d, d.enumerable, d.configurable, d.get.name]"
        ) == ["function", True, False, False, True, "get detached"]
        assert rt.eval("const b = new ArrayBuffer(8); structuredClone(b, { transfer: [b] }); b.detached") is True
    with jsrun.Runtime() as rt:
        # Every descriptor of the prototype at once, before anything ran (it threw).
        assert "detached" in rt.eval("Object.keys(Object.getOwnPropertyDescriptors(ArrayBuffer.prototype))")
        # The stub's getter, kept from before the feature loaded, still gives the feature.
        assert rt.eval(
            "const g = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'detached').get; "
            "[g.call(new ArrayBuffer(1)), new ArrayBuffer(1).detached]"
        ) == [False, False]
    with jsrun.Runtime() as rt:
        with pytest.raises(jsrun.JavaScriptError, match="TypeError"):
            rt.eval("'use strict'; new ArrayBuffer(1).detached = true")
        with pytest.raises(jsrun.JavaScriptError, match="TypeError"):
            rt.eval("ArrayBuffer.prototype.detached")
    with jsrun.Runtime() as rt:
        # Replaced before its first read: the replacement stays.
        rt.eval("Object.defineProperty(ArrayBuffer.prototype, 'detached', { get() { return 'mine'; } })")
        assert rt.eval("[new ArrayBuffer(1).detached, typeof ArrayBuffer.prototype.transfer]") == ["mine", "function"]
        assert rt.eval("new ArrayBuffer(1).detached") == "mine"
    with jsrun.Runtime() as rt:
        assert rt.eval("[].values().constructor === Iterator && typeof Iterator.prototype.map === 'function'") is True


def test_global_and_polyfilled_functions_have_their_names() -> None:
    # What a minifier would rename (web-streams-polyfill's classes were `A`, `Oe`…).
    with jsrun.Runtime() as rt:
        misnamed = rt.eval(
            "Object.getOwnPropertyNames(globalThis).filter((k) => typeof globalThis[k] === 'function')"
            ".filter((k) => globalThis[k].name !== k)"
        )
        assert misnamed == []
        assert rt.eval(
            "[ArrayBuffer.prototype.transfer.name, ArrayBuffer.prototype.transferToFixedLength.name, "
            "Array.prototype.toSorted.name, Intl.DurationFormat.name, Temporal.PlainDate.name, "
            "new ReadableStream().getReader().constructor.name]"
        ) == [
            "transfer",
            "transferToFixedLength",
            "toSorted",
            "DurationFormat",
            "PlainDate",
            "ReadableStreamDefaultReader",
        ]


def test_writing_over_a_stub_keeps_what_was_written() -> None:
    with jsrun.Runtime() as rt:
        # On the prototype: the group runs later and leaves it.
        rt.eval("Array.prototype.toSorted = function mine() { return 'mine'; }")
        assert rt.eval("[[2, 1].toSorted(), [1, 2].toReversed(), Object.keys(Array.prototype)]") == ["mine", [2, 1], []]
    with jsrun.Runtime() as rt:
        # An accessor defined over a stub stays when another stub of its group runs the group.
        rt.eval(
            "Object.defineProperty(ArrayBuffer.prototype, 'transfer', { get() { return 'mine'; }, configurable: true })"
        )
        assert rt.eval("[typeof ArrayBuffer.prototype.transferToFixedLength, new ArrayBuffer(1).transfer]") == [
            "function",
            "mine",
        ]
    with jsrun.Runtime() as rt:
        # Through an instance: an own property of the instance, as for any data property.
        assert rt.eval("const a = [2, 1]; a.toSorted = 5; [a.toSorted, Object.keys(a), [2, 1].toSorted()]") == [
            5,
            ["0", "1", "toSorted"],
            [1, 2],
        ]


def test_a_stub_on_a_frozen_prototype_neither_hangs_nor_crashes() -> None:
    with jsrun.Runtime() as rt:
        rt.eval("Object.freeze(Array.prototype)")
        try:
            result = rt.eval("typeof [].toSorted")
        except jsrun.JavaScriptError as e:
            assert "TypeError" in str(e)
        else:
            assert result in ("function", "undefined")
        assert rt.eval("1 + 1") == 2
    # An accessor stub on a frozen object (reading and writing through it call nothing forever).
    with jsrun.Runtime() as rt:
        rt.eval(
            "Object.freeze(Object.getPrototypeOf(Object.getPrototypeOf([].values())));"
            "Object.freeze(ArrayBuffer.prototype)"
        )
        for source in ["[].values().constructor = 5", "[].values().constructor", "new ArrayBuffer(1).detached"]:
            try:
                rt.eval(source)
            except jsrun.JavaScriptError as e:
                assert "TypeError" in str(e) or "ReferenceError" in str(e)
        assert rt.eval("1 + 1") == 2


def test_a_bare_runtime_and_a_default_one_live_side_by_side() -> None:
    with jsrun.Runtime() as rt, jsrun.Runtime(jsrun.RuntimeConfig(polyfills=False, web_apis=False)) as bare:
        assert rt.eval("typeof globalThis.structuredClone") == "function"
        assert bare.eval("typeof globalThis.structuredClone") == "undefined"


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
    for name in FIRST_MAJOR:
        row = next((line for line in text.splitlines() if line.startswith(f"| {name} |")), None)
        assert row is not None, name
        cells = [c.strip() for c in row.strip("|").split("|")][1:]
        expected = [
            "yes" if native(name, e) else "filled" if name in FILLED else "jsrun" if name in WEB else "no"
            for e in ENGINES
        ]
        assert cells == expected, row
    counts = next(line for line in text.splitlines() if line.startswith("| **probes passed"))
    cells = [c.strip() for c in counts.strip("|").split("|")][1:]
    for engine, cell in zip(ENGINES, cells, strict=True):
        natives = sum(native(name, engine) for name in FIRST_MAJOR)
        filled = sum(not native(name, engine) and (name in FILLED or name in WEB) for name in FIRST_MAJOR)
        assert cell == f"{natives + filled} ({natives} native)", counts


def test_buffers_report_whether_they_can_grow_on_every_engine() -> None:
    # Engines without resizable buffers get the getters, which report what every buffer there is: fixed.
    with jsrun.Runtime() as rt:
        assert rt.eval(
            "const g = (p, k) => typeof Object.getOwnPropertyDescriptor(p, k).get;"
            "[g(ArrayBuffer.prototype, 'resizable'), g(ArrayBuffer.prototype, 'maxByteLength'),"
            " g(SharedArrayBuffer.prototype, 'growable'), g(SharedArrayBuffer.prototype, 'maxByteLength'),"
            " new ArrayBuffer(6).resizable, new ArrayBuffer(6).maxByteLength, new SharedArrayBuffer(3).growable,"
            " new SharedArrayBuffer(3).maxByteLength]"
        ) == ["function", "function", "function", "function", False, 6, False, 3]
        with pytest.raises(jsrun.JavaScriptError, match="TypeError"):
            rt.eval("Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'resizable').get.call({})")
        if native("resizable ArrayBuffer"):
            grows = "const r = new ArrayBuffer(2, { maxByteLength: 8 }); [r.resizable, r.maxByteLength]"
            assert rt.eval(grows) == [True, 8]

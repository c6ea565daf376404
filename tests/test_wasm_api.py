"""`rt.wasm`: WebAssembly from Python without JS glue."""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path

import pytest

import jsrun
from conftest import compile_wat

WAT = """\
(module
  (import "env" "report" (func $report (param i32 i32)))
  (memory (export "memory") 1 10)
  (global $counter (export "counter") (mut i32) (i32.const 7))
  (table (export "table") 2 funcref)
  (elem (i32.const 0) $sum)
  (func $sum (export "sum") (param $ptr i32) (param $len i32) (result i32)
    (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $len)))
        (local.set $acc (i32.add (local.get $acc) (i32.load8_u (local.get $ptr))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next)))
    (call $report (local.get $acc) (global.get $counter))
    (local.get $acc))
  (func (export "fill") (param $ptr i32) (param $len i32) (param $byte i32)
    (memory.fill (local.get $ptr) (local.get $byte) (local.get $len)))
  (func (export "grow") (param $pages i32) (result i32)
    (memory.grow (local.get $pages)))
  (func (export "trap") (unreachable))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))
"""

IMPORTED_MEMORY = """\
(module
  (import "env" "mem" (memory 1))
  (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))
"""


def wat(tmp_path: Path, source: str, name: str = "m") -> bytes:
    return compile_wat(tmp_path, source, name)


@pytest.fixture
def module_bytes(tmp_path: Path) -> bytes:
    return wat(tmp_path, WAT)


def test_compile_describe_instantiate_and_call(rt: jsrun.Runtime, module_bytes: bytes) -> None:
    assert rt.wasm.validate(module_bytes) and not rt.wasm.validate(b"\0asm\x02\0\0\0")
    module = rt.wasm.compile(module_bytes)
    assert {"module": "env", "name": "report", "kind": "function"} in module.imports
    assert [e["name"] for e in module.exports] == ["memory", "counter", "table", "sum", "fill", "grow", "trap", "div"]
    reports: list[tuple[int, int]] = []
    instance = module.instantiate({"env": {"report": lambda total, counter: reports.append((total, counter))}})
    exports = instance.exports
    assert isinstance(exports.sum, jsrun.JsFunction) and exports["sum"] is exports.sum
    assert set(exports) == {"memory", "counter", "table", "sum", "fill", "grow", "trap", "div"}
    memory = exports.memory
    assert isinstance(memory, jsrun.WasmMemory) and memory.pages == 1
    memory.write(100, bytes(range(1, 11)))
    assert exports.sum(100, 10) == 55
    assert reports == [(55, 7)]
    exports.counter.value = 9
    assert exports.counter.value == 9 and rt.eval("1") == 1
    exports.sum(0, 0)
    assert reports[-1] == (0, 9)
    assert len(exports.table) == 2 and isinstance(exports.table[0], jsrun.JsFunction) and exports.table[1] is None
    assert exports.table[0](100, 3) == 6
    with pytest.raises(AttributeError, match="no 'missing'"):
        exports.missing  # noqa: B018


def test_memory_is_a_zero_copy_view_both_ways(rt: jsrun.Runtime, module_bytes: bytes) -> None:
    exports = rt.wasm.instantiate(module_bytes, {"env": {"report": lambda *a: None}}).exports
    view = exports.memory.buffer
    assert isinstance(view, memoryview) and not view.readonly and view.format == "B" and len(view) == 65536
    view[0:4] = b"\x01\x02\x03\x04"  # Python writes, Wasm sees
    assert exports.sum(0, 4) == 10
    exports.fill(1000, 5, 0xAB)  # Wasm writes, the same view sees
    assert bytes(view[1000:1006]) == b"\xab" * 5 + b"\0"
    # A view is over the memory, not a copy of it: no size limit applies.
    assert exports.memory.read(1000, 5) == b"\xab" * 5


def test_the_view_rule_across_growth_and_close(module_bytes: bytes) -> None:
    rt = jsrun.Runtime()
    exports = rt.wasm.instantiate(module_bytes, {"env": {"report": lambda *a: None}}).exports
    old = exports.memory.buffer
    old[10] = 42
    assert exports.grow(2) == 1  # memory.grow inside Wasm
    assert exports.memory.pages == 3 and len(old) == 65536
    new = exports.memory.buffer
    assert len(new) == 3 * 65536 and new[10] == 42
    new[70000] = 7
    assert exports.sum(70000, 1) == 7
    old[11] = 43  # the old view still covers the first page of the live memory
    assert exports.sum(11, 1) == 43
    assert exports.memory.grow(1) == 3 and exports.memory.size == 4 * 65536
    with pytest.raises(jsrun.JavaScriptError, match="RangeError"):
        exports.memory.grow(100)  # past the declared maximum of 10 pages
    rt.close()
    # After close the views keep the memory alive: safe to read and write.
    new[0] = 1
    assert new[10] == 42 and new[70000] == 7
    del exports
    gc.collect()
    assert bytes(old[10:12]) == b"*+"


def test_bytes_like_inputs_and_custom_sections(rt: jsrun.Runtime, module_bytes: bytes) -> None:
    for data in (module_bytes, bytearray(module_bytes), memoryview(module_bytes)):
        assert rt.wasm.compile(data).exports[0]["name"] == "memory"
    # A custom section appended by hand: id 0, size, name, payload.
    name, payload = b"meta", b"\x00\x01hello"
    section = bytes([0, 1 + len(name) + len(payload), len(name)]) + name + payload
    module = rt.wasm.compile(module_bytes + section)
    assert module.custom_sections("meta") == [payload]
    assert module.custom_sections("other") == []


def test_imported_memory_made_in_python(rt: jsrun.Runtime, tmp_path: Path) -> None:
    memory = rt.wasm.memory(1, 4)
    memory.write(3, b"\x63")
    peek = rt.wasm.instantiate(wat(tmp_path, IMPORTED_MEMORY, "imp"), {"env": {"mem": memory}}).exports.peek
    assert peek(3) == 0x63
    memory.buffer[5] = 0x2A
    assert peek(5) == 42


def test_errors_are_v8s_and_the_runtime_keeps_working(rt: jsrun.Runtime, module_bytes: bytes) -> None:
    with pytest.raises(jsrun.JavaScriptError) as compile_error:
        rt.wasm.compile(b"\0asm\x01\0\0\0\x01")
    assert compile_error.value.name == "CompileError"
    with pytest.raises(jsrun.JavaScriptError) as link_error:
        rt.wasm.instantiate(module_bytes)  # the import is missing
    assert link_error.value.name == "TypeError" or link_error.value.name == "LinkError"
    assert "report" in str(link_error.value) or "env" in str(link_error.value)
    exports = rt.wasm.instantiate(module_bytes, {"env": {"report": lambda *a: None}}).exports
    with pytest.raises(jsrun.JavaScriptError, match="unreachable") as trap:
        exports.trap()
    assert trap.value.name == "RuntimeError"
    assert any(f.get("file_name", "").startswith("wasm://") for f in trap.value.frames), trap.value.frames
    with pytest.raises(jsrun.JavaScriptError, match="divide by zero"):
        exports.div(1, 0)
    with pytest.raises(IndexError):
        exports.memory.read(65530, 10)
    with pytest.raises(TypeError):
        rt.wasm.compile("not bytes")  # type: ignore[arg-type]
    assert exports.div(7, 2) == 3


def test_python_exceptions_in_imports_reach_python(rt: jsrun.Runtime, module_bytes: bytes) -> None:
    def report(total: int, counter: int) -> None:
        raise ValueError(f"bad total {total}")

    exports = rt.wasm.instantiate(module_bytes, {"env": {"report": report}}).exports
    with pytest.raises(jsrun.JavaScriptError, match="bad total 0") as info:
        exports.sum(0, 0)
    assert isinstance(info.value.__cause__, ValueError)


def test_async_compile_and_instantiate(rt: jsrun.Runtime, module_bytes: bytes) -> None:
    async def main() -> int:
        module = await rt.wasm.compile_async(module_bytes)
        instance = await rt.wasm.instantiate_async(module, {"env": {"report": lambda *a: None}})
        direct = await rt.wasm.instantiate_async(module_bytes, {"env": {"report": lambda *a: None}}, timeout=10)
        instance.exports.memory.write(0, b"\x05\x06")
        total: int = instance.exports.sum(0, 2)
        return total + direct.exports.div(9, 3)

    assert asyncio.run(main()) == 14


def test_wasm_objects_belong_to_their_runtime(module_bytes: bytes) -> None:
    with jsrun.Runtime() as a, jsrun.Runtime() as b:
        module = a.wasm.compile(module_bytes)
        assert a.wasm is a.wasm and a.wasm is not b.wasm
        with pytest.raises(jsrun.ConversionError, match="another runtime"):
            b.wasm.instantiate(module, {"env": {"report": lambda *a: None}})

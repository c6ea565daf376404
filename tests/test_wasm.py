"""WebAssembly through JavaScript's WebAssembly API: the guide's examples and more."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import pytest

import jsrun
from conftest import compile_wat
from engines import has

MODULE = """
(module
  (import "env" "log" (func $log (param i32)))
  (import "env" "scale" (global $scale i32))
  (memory (export "memory") 1 4)
  (table (export "table") 2 funcref)
  (global $counter (export "counter") (mut i32) (i32.const 0))
  (func $add (export "add") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.add)
  (func (export "scaled") (param i32) (result i32)
    local.get 0 global.get $scale i32.mul)
  (func (export "report") (param i32)
    local.get 0 call $log
    global.get $counter i32.const 1 i32.add global.set $counter)
  (func (export "boom") unreachable)
  (func (export "peek") (param i32) (result i32) local.get 0 i32.load)
  (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
  (func $recurse (export "recurse") (param i32) (result i32)
    local.get 0 i32.const 1 i32.add call $recurse)
  (elem (i32.const 0) $add)
  (data (i32.const 0) "hi"))
"""


@pytest.fixture(scope="module")
def wasm(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return compile_wat(tmp_path_factory.mktemp("wasm"), MODULE)


logged: list[int] = []


@pytest.fixture
def inst(rt: jsrun.Runtime, wasm: bytes) -> jsrun.Runtime:
    logged.clear()
    rt.bind_object("wasm", {"bytes": wasm})
    rt.bind_function("pyLog", logged.append)
    rt.eval(
        """
        globalThis.imports = { env: { log: x => pyLog(x), scale: new WebAssembly.Global({value: 'i32'}, 3) } };
        globalThis.ex = new WebAssembly.Instance(new WebAssembly.Module(wasm.bytes), imports).exports;
        """
    )
    return rt


def test_guide_sync_example(rt: jsrun.Runtime) -> None:
    rt.bind_object("wasm", {"bytes": (Path(__file__).parent.parent / "examples" / "add.wasm").read_bytes()})
    code = """
        const module = new WebAssembly.Module(wasm.bytes);
        const instance = new WebAssembly.Instance(module);
        instance.exports.add(10, 20)
    """
    assert rt.eval(code) == 30


def test_guide_async_example(rt: jsrun.Runtime) -> None:
    rt.bind_object("wasm", {"bytes": (Path(__file__).parent.parent / "examples" / "add.wasm").read_bytes()})
    code = """
        (async () => {
            const module = await WebAssembly.compile(wasm.bytes);
            const instance = await WebAssembly.instantiate(module);
            return instance.exports.add(10, 20);
        })()
    """
    assert asyncio.run(rt.eval_async(code)) == 30


def test_instantiate_bytes_gives_module_and_instance(rt: jsrun.Runtime, wasm: bytes) -> None:
    rt.bind_object("wasm", {"bytes": wasm})
    code = """
        WebAssembly.instantiate(wasm.bytes, {env: {log() {}, scale: 2}}).then(({module, instance}) =>
            [module instanceof WebAssembly.Module, instance instanceof WebAssembly.Instance,
             instance.exports.scaled(21)])
    """
    assert asyncio.run(rt.eval_async(code)) == [True, True, 42]


def test_imports_call_python(inst: jsrun.Runtime) -> None:
    inst.eval("ex.report(7); ex.report(8)")
    assert logged == [7, 8]
    assert inst.eval("ex.counter.value") == 2


def test_memory_table_global(inst: jsrun.Runtime) -> None:
    assert inst.eval("new Uint8Array(ex.memory.buffer, 0, 2)") == b"hi"
    assert inst.eval("ex.memory.buffer.byteLength") == 65536
    assert inst.eval("ex.memory.grow(1); ex.memory.buffer.byteLength") == 131072
    assert inst.eval("ex.table.length") == 2
    assert inst.eval("ex.table.get(0)(2, 3)") == 5
    assert inst.eval("const g = new WebAssembly.Global({value: 'i64', mutable: true}, 5n); g.value = 7n; g.value") == 7


def test_validate_and_module_reflection(rt: jsrun.Runtime, wasm: bytes) -> None:
    rt.bind_object("wasm", {"bytes": wasm})
    assert rt.eval("WebAssembly.validate(wasm.bytes)") is True
    assert rt.eval("WebAssembly.validate(new Uint8Array([0, 97, 115, 109]))") is False
    exports = rt.eval("WebAssembly.Module.exports(new WebAssembly.Module(wasm.bytes))")
    assert {"name": "add", "kind": "function"} in exports
    assert {"name": "memory", "kind": "memory"} in exports
    imports = rt.eval("WebAssembly.Module.imports(new WebAssembly.Module(wasm.bytes))")
    assert imports == [
        {"module": "env", "name": "log", "kind": "function"},
        {"module": "env", "name": "scale", "kind": "global"},
    ]
    assert rt.eval("WebAssembly.Module.customSections(new WebAssembly.Module(wasm.bytes), 'name').length") == 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ("ex.boom()", "unreachable"),
        ("ex.peek(1000000)", "memory access out of bounds"),
        ("ex.div(1, 0)", "divide by zero"),
        ("ex.recurse(0)", "Maximum call stack size exceeded"),
    ],
)
def test_traps_are_errors_with_a_wasm_frame(inst: jsrun.Runtime, call: str, message: str) -> None:
    with pytest.raises(jsrun.JavaScriptError) as info:
        inst.eval(call)
    assert message in info.value.message
    assert any(f.get("file_name", "").startswith("wasm://") for f in info.value.frames), info.value.frames
    assert inst.eval("ex.add(1, 2)") == 3  # still works


def test_compile_and_link_errors(rt: jsrun.Runtime, wasm: bytes) -> None:
    with pytest.raises(jsrun.JavaScriptError) as info:
        rt.eval("new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 2, 0, 0, 0]))")
    assert info.value.name == "CompileError"
    assert "version" in info.value.message
    rt.bind_object("wasm", {"bytes": wasm})
    with pytest.raises(jsrun.JavaScriptError) as info:
        rt.eval("new WebAssembly.Instance(new WebAssembly.Module(wasm.bytes), {env: {}})")
    assert info.value.name == "LinkError"
    assert rt.eval("1 + 1") == 2


def test_async_compile_error_rejects(rt: jsrun.Runtime) -> None:
    with pytest.raises(jsrun.JavaScriptError) as info:
        asyncio.run(rt.eval_async("WebAssembly.compile(new Uint8Array([1, 2, 3, 4]))"))
    assert info.value.name == "CompileError"


FEATURES = {
    # name: (WAT, supported by V8 10.2) — the table in docs/webassembly.md
    "SIMD": ('(module (func (export "f") (result i32) v128.const i32x4 1 2 3 4 i32x4.extract_lane 0))', True),
    "bulk memory": ('(module (memory 1) (func (export "f") i32.const 0 i32.const 0 i32.const 4 memory.fill))', True),
    "reference types": (
        '(module (table 1 externref) (func (export "f") (param externref) i32.const 0 local.get 0 table.set 0))',
        True,
    ),
    "multi-value": ('(module (func (export "f") (result i32 i32) i32.const 1 i32.const 2))', True),
    "threads and atomics": (
        '(module (memory 1 1 shared) (func (export "f") (result i32) i32.const 0 i32.const 1 i32.atomic.rmw.add))',
        True,
    ),
    "exception handling": ('(module (tag $e (param i32)) (func (export "f") i32.const 1 throw $e))', True),
    "tail calls": (
        '(module (func $g (result i32) i32.const 1) (func (export "f") (result i32) return_call $g))',
        has("Wasm tail calls"),  # from V8 11
    ),
}


@pytest.mark.parametrize("feature", sorted(FEATURES))
def test_feature_support_is_as_documented(rt: jsrun.Runtime, feature: str, tmp_path: Path) -> None:
    wat, supported = FEATURES[feature]
    (tmp_path / "f.wat").write_text(wat)
    subprocess.run(["wat2wasm", "--enable-all", str(tmp_path / "f.wat"), "-o", str(tmp_path / "f.wasm")], check=True)
    rt.bind_object("feature", {"bytes": (tmp_path / "f.wasm").read_bytes()})
    assert rt.eval("WebAssembly.validate(feature.bytes)") is supported


def _leb(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def module_with_data(size: int) -> bytes:
    """A module whose memory holds `size` bytes of data (byte i is i % 251),
    exporting ``peek(i)``: a module as large as real compiled libraries."""

    def section(kind: int, payload: bytes) -> bytes:
        return bytes([kind]) + _leb(len(payload)) + payload

    data = bytes(range(251)) * (size // 251) + bytes(range(size % 251))
    body = b"\x00\x20\x00\x2d\x00\x00\x0b"  # no locals; local.get 0; i32.load8_u; end
    return b"".join(
        [
            b"\0asm\x01\0\0\0",
            section(1, b"\x01\x60\x01\x7f\x01\x7f"),  # type (i32) -> i32
            section(3, b"\x01\x00"),
            section(5, b"\x01\x00" + _leb(size // 65536 + 1)),
            section(7, b"\x01\x04peek\x00\x00"),
            section(10, b"\x01" + _leb(len(body)) + body),
            section(11, b"\x01\x00\x41\x00\x0b" + _leb(len(data)) + data),
        ]
    )


def test_a_17_mb_module_passed_as_bytes_runs_with_default_config() -> None:
    module = module_with_data(17 * 1024 * 1024)
    assert len(module) > 17 * 1024 * 1024 > jsrun.RuntimeConfig().max_serialization_bytes
    with jsrun.Runtime() as rt:
        instantiate = rt.eval("(bytes) => new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports")
        peek = instantiate(module)["peek"]
        assert [peek(i) for i in (0, 250, 251, 17 * 1024 * 1024 - 1)] == [0, 250, 0, (17 * 1024 * 1024 - 1) % 251]


def test_binary_data_counts_against_the_heap_limit() -> None:
    with jsrun.Runtime(jsrun.RuntimeConfig(max_heap_size=8 << 20)) as rt:
        with pytest.raises(jsrun.ConversionError, match="max_heap_size"):
            rt.bind_object("big", {"v": bytes(16 << 20)})
        rt.bind_object("small", {"v": bytes(4 << 20)})  # fits, and the runtime is still usable
        assert rt.eval("small.v.length") == 4 << 20


def test_instantiate_streaming_from_fetch(wasm: bytes) -> None:
    """The usual loader of wasm-bindgen and Emscripten output: instantiateStreaming(fetch(url))."""
    requested: list[str] = []

    def handler(request: jsrun.FetchRequest) -> jsrun.FetchResponse:
        requested.append(request.url)
        if request.url.endswith(".wasm"):
            return jsrun.FetchResponse(200, {"content-type": "application/wasm"}, wasm)
        return jsrun.FetchResponse(200, {"content-type": "text/html"}, b"<html>")

    code = """
      const imports = { env: { log: () => {}, scale: 3 } };
      WebAssembly.instantiateStreaming(fetch('https://cdn.example/m.wasm'), imports)
        .then(({ module, instance }) => [module instanceof WebAssembly.Module, instance.exports.add(40, 2)])
    """
    with jsrun.Runtime(jsrun.RuntimeConfig(fetch=handler)) as rt:
        assert asyncio.run(rt.eval_async(code)) == [True, 42]
        with pytest.raises(jsrun.JavaScriptError, match='MIME type is "text/html", not "application/wasm"'):
            asyncio.run(rt.eval_async("WebAssembly.compileStreaming(fetch('https://cdn.example/index.html'))"))
    assert requested == ["https://cdn.example/m.wasm", "https://cdn.example/index.html"]

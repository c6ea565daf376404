"""Timeouts, terminate() and the heap limit: typed errors, never a dead process."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import threading
import time
import zlib
from pathlib import Path

import pytest

import jsrun


@pytest.mark.parametrize(
    "code",
    [
        "for (;;) {}",
        "(function f() { while (true) {} })()",
        "/(a+)+b/.test('a'.repeat(40) + 'c')",  # catastrophic backtracking
        "(function loop() { Promise.resolve().then(loop) })(); 0",  # a microtask flood
    ],
)
def test_sync_timeouts_stop_every_kind_of_loop(rt: jsrun.Runtime, code: str) -> None:
    start = time.perf_counter()
    with pytest.raises(jsrun.JsTimeoutError, match="timed out after 100 ms"):
        rt.eval(code, timeout=0.1)
    assert time.perf_counter() - start < 10.0  # a hang bound (100x), not a timing test
    assert rt.eval("'usable'") == "usable"


def test_config_timeout_is_the_default_everywhere() -> None:
    with jsrun.Runtime(jsrun.RuntimeConfig(timeout=0.1)) as rt:
        with pytest.raises(jsrun.JsTimeoutError):
            rt.eval("for (;;) {}")
        spin = rt.eval("() => { for (;;) {} }")
        with pytest.raises(jsrun.JsTimeoutError):
            spin()
        with pytest.raises(jsrun.JsTimeoutError):
            asyncio.run(rt.eval_async("for (;;) {}"))
        assert rt.eval("1") == 1


def test_a_timeout_never_hits_a_later_call(rt: jsrun.Runtime) -> None:
    for _ in range(300):
        assert rt.eval("1 + 1", timeout=0.05) == 2
    with pytest.raises(jsrun.JsTimeoutError):
        rt.eval("for (;;) {}", timeout=0.02)
    for _ in range(300):
        assert rt.eval("2 + 2") == 4
    time.sleep(0.1)  # any deadline still queued has passed by now
    assert rt.eval("3 + 3") == 6


def test_a_js_catch_cannot_swallow_a_timeout(rt: jsrun.Runtime) -> None:
    with pytest.raises(jsrun.JsTimeoutError):
        rt.eval("try { for (;;) {} } catch (e) { 'caught' }", timeout=0.05)


def test_function_call_timeout(rt: jsrun.Runtime) -> None:
    spin = rt.eval("(n) => { while (true) n++ }")
    with pytest.raises(jsrun.JsTimeoutError):
        spin(0, timeout=0.05)
    assert rt.eval("'ok'") == "ok"


def test_terminate_from_another_thread(rt: jsrun.Runtime) -> None:
    timer = threading.Timer(0.1, rt.terminate)
    timer.start()
    with pytest.raises(jsrun.RuntimeTerminated, match="Terminated by host request"):
        rt.eval("for (;;) {}")
    assert rt.is_closed()
    with pytest.raises(jsrun.RuntimeTerminated):
        rt.eval("1")
    rt.terminate()  # idempotent


def run_isolated(code: str) -> subprocess.CompletedProcess[str]:
    """Runs `code` in a fresh interpreter, so a crash shows as a failed test, not a dead run."""
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)


HEAP_PATTERNS = {
    "array push": "const a = []; for (;;) a.push({x: [1, 2, 3]})",
    "string concat": "let s = 'x'; const keep = []; for (;;) { s = s + s.slice(0, 1000) + 'y'; keep.push(s) }",
    "map growth": "const m = new Map(); for (let i = 0; ; i++) m.set(i, {i})",
    "array of arrays": "const a = []; for (;;) a.push(new Array(1000).fill(0.5))",
    "closures": "const fs = []; for (let i = 0; ; i++) fs.push(() => i)",
    # A dictionary doubling near the limit used to reach V8's fatal OOM path.
    "object keys": "const o = {}; for (let i = 0; ; i++) o['k' + i] = i",
}


@pytest.mark.parametrize("pattern", sorted(HEAP_PATTERNS))
def test_heap_limit_is_a_typed_error_and_siblings_live(pattern: str) -> None:
    result = run_isolated(
        f"""
        import jsrun
        sibling = jsrun.Runtime()
        rt = jsrun.Runtime(jsrun.RuntimeConfig(max_heap_size=32 * 1024 * 1024))
        try:
            rt.eval({HEAP_PATTERNS[pattern]!r})
        except jsrun.HeapLimitError as e:
            assert "Heap limit" in str(e), e
            assert rt.is_closed()
            try:
                rt.eval("1")
            except jsrun.RuntimeTerminated as later:
                assert "Heap limit" in str(later)
                print("typed error")
        assert sibling.eval("6 * 7") == 42
        print("sibling alive")
        """
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["typed", "error", "sibling", "alive"]


def test_array_buffers_count_against_the_limit() -> None:
    result = run_isolated(
        """
        import jsrun
        rt = jsrun.Runtime(jsrun.RuntimeConfig(max_heap_size=16 * 1024 * 1024))
        # Garbage buffers are collected and their bytes return to the budget.
        print(rt.eval("let n = 0; for (let i = 0; i < 256; i++) n += new ArrayBuffer(1 << 20).byteLength; n"))
        # One buffer larger than the whole budget can never fit: a RangeError JS may catch.
        print(rt.eval("try { new ArrayBuffer(64 << 20); 'allocated' } catch (e) { e.message }"))
        # Buffers kept past the budget end the call and close the runtime, like the heap limit.
        try:
            rt.eval("const keep = []; for (;;) keep.push(new ArrayBuffer(1 << 20))")
        except jsrun.HeapLimitError as e:
            print(type(e).__name__, isinstance(e, jsrun.RuntimeTerminated), rt.is_closed())
        """
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == [
        str(256 << 20),
        "Array buffer allocation failed",
        "HeapLimitError True True",
    ]


def test_binary_data_from_python_counts_and_is_given_back() -> None:
    rt = jsrun.Runtime(jsrun.RuntimeConfig(max_heap_size=16 * 1024 * 1024))
    touch = rt.eval("(b) => { b[0] ^= 1; return [b.length, b[0], b[b.length - 1]] }")
    # Below, at and above the size from which host buffers are mapped pre-faulted.
    for size in (256 * 1024 - 1, 256 * 1024, 3 * 1024 * 1024 + 5):
        data = bytes(range(251)) * (size // 251) + bytes([7]) * (size % 251)
        assert touch(data) == [size, 1, data[-1]]
        assert data[0] == 0  # JS wrote to its own copy
    # 300 MiB through a 16 MiB runtime: buffers JS dropped are collected
    # before a conversion is refused.
    one = bytes(1 << 20)
    length = rt.eval("(b) => b.length")
    assert sum(length(one) for _ in range(300)) == 300 << 20
    # Buffers JS keeps are refused once the budget is full, and the runtime goes on.
    keep = rt.eval("globalThis.kept = []; (b) => kept.push(b)")
    with pytest.raises(jsrun.ConversionError, match="over the runtime's max_heap_size"):
        for _ in range(64):
            keep(one)
    assert 8 <= rt.eval("kept.length") <= 16
    assert rt.eval("kept = []; 1 + 1") == 2
    assert length(one) == 1 << 20
    rt.close()


def test_wasm_memory_counts_against_the_limit() -> None:
    result = run_isolated(
        """
        import jsrun
        small = jsrun.Runtime(jsrun.RuntimeConfig(max_heap_size=16 * 1024 * 1024))
        print(small.eval("new WebAssembly.Memory({initial: 10}).buffer.byteLength"))
        try:
            small.eval("globalThis.big = new WebAssembly.Memory({initial: 4000})")  # 250 MiB
        except jsrun.HeapLimitError:
            print("refused")
        """
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == [str(10 * 65536), "refused"]


def test_initial_heap_size_needs_a_max() -> None:
    with pytest.raises(jsrun.RuntimeConfigError, match="needs max_heap_size") as info:
        jsrun.Runtime(jsrun.RuntimeConfig(initial_heap_size=1 << 20))
    assert isinstance(info.value, ValueError) and isinstance(info.value, RuntimeError)
    with pytest.raises(ValueError, match="cannot exceed"):
        jsrun.Runtime(jsrun.RuntimeConfig(initial_heap_size=64 << 20, max_heap_size=32 << 20))
    with jsrun.Runtime(jsrun.RuntimeConfig(initial_heap_size=8 << 20, max_heap_size=64 << 20)) as rt:
        assert rt.eval("1") == 1


def test_decompression_bombs_stop_at_the_memory_limit(tmp_path: Path) -> None:
    # 128 MiB of zeros in 130 KB (gzip) and 25 KB (Brotli): without a bound, the natives would
    # grow their output outside the heap's budget before any ArrayBuffer was made.
    deflate = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = deflate.compress(bytes(128 << 20)) + deflate.flush()
    with jsrun.Runtime() as maker:
        maker.use_node_modules(tmp_path)
        brotli_bomb = bytes(
            maker.eval("require('zlib').brotliCompressSync(Buffer.alloc(128 << 20), { params: { 1: 1 } })")
        )
    with jsrun.Runtime(jsrun.RuntimeConfig(max_heap_size=32 << 20)) as rt:
        rt.use_node_modules(tmp_path)
        rt.bind_object("bombs", {"gzip": bomb, "brotli": brotli_bomb})
        refused = "(() => {{ try {{ return {}.length; }} catch (e) {{ return [e.name, e.code, e.message]; }} }})()"
        too_large = ["RangeError", "ERR_BUFFER_TOO_LARGE", f"Cannot create a Buffer larger than {32 << 20} bytes"]
        assert rt.eval(refused.format("require('zlib').gunzipSync(bombs.gzip)")) == too_large
        assert rt.eval(refused.format("require('zlib').brotliDecompressSync(bombs.brotli)")) == too_large
        web = "new Response(new Blob([bombs.gzip]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer()"
        assert asyncio.run(rt.eval_async(f"{web}.then(() => 'read', (e) => e.name)")) == "RangeError"
        # The runtime goes on, and smaller output still comes through.
        assert rt.eval("require('zlib').gunzipSync(require('zlib').gzipSync('still here')).toString()") == "still here"

"""Runtime lifecycle, eval basics and RuntimeConfig."""

from __future__ import annotations

import gc
import re
from datetime import timedelta

import pytest

import jsrun
from conftest import isolated


def test_eval_returns_completion_value(rt: jsrun.Runtime) -> None:
    assert rt.eval("1 + 1") == 2
    assert rt.eval("let a = 5; a * 2") == 10
    assert rt.eval("if (true) { 'yes' } else { 'no' }") == "yes"
    assert rt.eval("var nothing") is jsrun.undefined


def test_state_persists_between_evals(rt: jsrun.Runtime) -> None:
    rt.eval("globalThis.counter = 0; function bump() { return ++counter }")
    assert [rt.eval("bump()") for _ in range(3)] == [1, 2, 3]


def test_microtasks_run_before_eval_returns(rt: jsrun.Runtime) -> None:
    rt.eval("globalThis.seen = []; Promise.resolve().then(() => seen.push('micro')); seen.push('sync')")
    assert rt.eval("seen") == ["sync", "micro"]


def test_settled_promise_result_is_unwrapped(rt: jsrun.Runtime) -> None:
    assert rt.eval("Promise.resolve(42)") == 42
    assert rt.eval("(async () => 'done')()") == "done"
    with pytest.raises(jsrun.JavaScriptError, match="nope"):
        rt.eval("Promise.reject(new Error('nope'))")


def test_pending_promise_is_a_clear_error(rt: jsrun.Runtime) -> None:
    with pytest.raises(jsrun.ConversionError, match="still pending.*eval_async"):
        rt.eval("new Promise(() => {})")
    assert rt.eval("1") == 1


def test_context_manager_closes(rt: jsrun.Runtime) -> None:
    with jsrun.Runtime() as inner:
        assert inner.eval("3") == 3
        assert not inner.is_closed()
    assert inner.is_closed()


def test_context_manager_does_not_swallow_exceptions() -> None:
    with pytest.raises(KeyError):
        with jsrun.Runtime() as inner:
            raise KeyError("x")
    assert inner.is_closed()


def test_close_is_idempotent_and_closed_runtime_refuses_calls() -> None:
    runtime = jsrun.Runtime()
    runtime.close()
    runtime.close()
    assert runtime.is_closed()
    with pytest.raises(jsrun.RuntimeClosedError, match="Runtime has been shut down"):
        runtime.eval("1")
    with pytest.raises(RuntimeError):  # RuntimeClosedError is a RuntimeError
        runtime.bind_object("x", {})
    assert re.fullmatch(r"<Runtime #\d+ closed>", repr(runtime))


def test_runtimes_are_isolated() -> None:
    with jsrun.Runtime() as a, jsrun.Runtime() as b:
        a.eval("globalThis.x = 'a'")
        assert b.eval("typeof x") == "undefined"


def test_many_runtimes_can_be_created_and_dropped() -> None:
    for i in range(50):
        runtime = jsrun.Runtime()
        assert runtime.eval(f"{i} * 2") == i * 2
        if i % 2:
            runtime.close()
        del runtime


def _malloc_in_use() -> int:
    """Bytes malloc has handed out and not had back, all arenas (glibc's
    mallinfo2): unlike RSS, not moved by fragmentation or freed pages."""
    import ctypes

    class MallInfo2(ctypes.Structure):
        _fields_ = [
            (name, ctypes.c_size_t)
            for name in (
                "arena",
                "ordblks",
                "smblks",
                "hblks",
                "hblkhd",
                "usmblks",
                "fsmblks",
                "uordblks",
                "fordblks",
                "keepcost",
            )
        ]

    libc = ctypes.CDLL(None)
    libc.mallinfo2.restype = MallInfo2
    info = libc.mallinfo2()
    return int(info.uordblks + info.hblkhd)


@isolated  # a fresh process: the figure is this test's alone
def test_runtimes_made_and_closed_leave_no_memory_behind() -> None:
    # Each runtime's persistent handles (its helpers, the polyfill stubs, values
    # Python still holds at close) used to leak ~2.6 KiB once it was disposed.
    def one() -> object:
        runtime = jsrun.Runtime()
        runtime.bind_function("add", lambda a, b: a + b)
        plus_one = runtime.eval("(x) => add(x, 1)")
        assert plus_one(1) == 2
        assert runtime.eval("new TextEncoder().encode('hé').length + [3, 1, 2].toSorted()[0]") == 4
        runtime.eval("setTimeout(() => {}, 0); structuredClone({a: [1, 2]})")
        held = runtime.eval("[() => 1, new Map([[1, 2]])]")
        runtime.close()
        return plus_one, held  # handles that outlive their runtime

    for _ in range(200):  # warm: allocator pools, code caches, the keeper isolate
        one()
    gc.collect()
    before = _malloc_in_use()
    for _ in range(1000):
        one()
    gc.collect()
    per_runtime = (_malloc_in_use() - before) / 1000
    assert per_runtime < 256, f"{per_runtime:.0f} bytes of malloc memory kept per runtime"


def test_bootstrap_runs_first() -> None:
    config = jsrun.RuntimeConfig(bootstrap="globalThis.greet = n => `hi ${n}`")
    with jsrun.Runtime(config) as runtime:
        assert runtime.eval("greet('py')") == "hi py"


def test_bootstrap_error_is_raised_at_creation() -> None:
    with pytest.raises(jsrun.JavaScriptError) as info:
        jsrun.Runtime(jsrun.RuntimeConfig(bootstrap="throw new Error('bad boot')"))
    assert info.value.frames[0]["file_name"] == "<bootstrap>"


def test_bind_object_sets_data_and_merges(rt: jsrun.Runtime) -> None:
    rt.bind_object("cfg", {"a": 1, "nested": {"b": [1, 2]}})
    assert rt.eval("cfg.a + cfg.nested.b[1]") == 3
    rt.bind_object("cfg", {"c": 3})
    assert rt.eval("[cfg.a, cfg.c]") == [1, 3]


def test_bind_object_name_is_data_not_code(rt: jsrun.Runtime) -> None:
    name = "a'b\"c; throw 1 // ü 😀"
    rt.bind_object(name, {"ok": True})
    assert rt.eval(f"globalThis[{name!r}].ok") is True


def test_bind_object_needs_a_dict(rt: jsrun.Runtime) -> None:
    with pytest.raises(TypeError, match="dict"):
        rt.bind_object("x", [1, 2])  # type: ignore[arg-type]


def test_v8_version_and_package_version() -> None:
    assert re.match(r"^(10\.2|11\.3|13\.6)\.\d+", jsrun.v8_version())
    assert re.match(r"^\d+\.\d+\.\d+", jsrun.__version__)


def test_undefined_singleton() -> None:
    assert not jsrun.undefined
    assert repr(jsrun.undefined) == "JsUndefined"
    assert str(jsrun.undefined) == "undefined"
    assert isinstance(jsrun.undefined, jsrun.JsUndefined)
    with pytest.raises(RuntimeError):
        jsrun.JsUndefined()


class TestRuntimeConfig:
    def test_defaults(self) -> None:
        config = jsrun.RuntimeConfig()
        assert config.max_serialization_depth == 100
        assert config.max_serialization_bytes == 10 * 1024 * 1024
        assert config.timeout is None and config.max_heap_size is None
        assert config.enable_console is False
        assert "RuntimeConfig(" in repr(config)

    def test_timeout_forms(self) -> None:
        assert jsrun.RuntimeConfig(timeout=2).timeout == 2.0
        assert jsrun.RuntimeConfig(timeout=timedelta(milliseconds=250)).timeout == 0.25
        for bad, error, message in [
            (-1, ValueError, "negative"),
            (0, ValueError, "zero"),
            (float("inf"), ValueError, "finite"),
            ("1", TypeError, "number"),
        ]:
            with pytest.raises(error, match=message):
                jsrun.RuntimeConfig(timeout=bad)

    def test_a_timeout_that_is_not_a_number_is_both_type_and_value_error(self) -> None:
        # TypeError is ours; ValueError is what the published jsrun raised.
        with pytest.raises(jsrun.InvalidTimeoutError, match="Timeout must be a number") as info:
            jsrun.RuntimeConfig(timeout=[1])
        assert isinstance(info.value, TypeError) and isinstance(info.value, ValueError)
        with jsrun.Runtime() as rt:
            f = rt.eval("(x) => x")
            for call in (lambda: rt.eval("1", timeout="1"), lambda: f(1, timeout={})):
                with pytest.raises(ValueError, match="Timeout must be a number"):
                    call()

    def test_bootstrap_and_snapshot_are_refused_together_at_once(self) -> None:
        blob = jsrun.SnapshotBuilder(bootstrap="globalThis.a = 1").build()
        with pytest.raises(jsrun.RuntimeConfigError, match="bootstrap cannot be combined"):
            jsrun.RuntimeConfig(snapshot=blob, bootstrap="1")
        config = jsrun.RuntimeConfig(snapshot=blob)
        with pytest.raises(ValueError, match="bootstrap cannot be combined"):
            config.bootstrap = "1"
        assert config.bootstrap is None  # unchanged by the refused assignment

    def test_limits_are_validated(self) -> None:
        with pytest.raises(ValueError):
            jsrun.RuntimeConfig(max_serialization_depth=0)
        with pytest.raises(ValueError, match="at most"):
            jsrun.RuntimeConfig(max_serialization_depth=10**6)
        config = jsrun.RuntimeConfig()
        config.max_serialization_bytes = 10
        assert config.max_serialization_bytes == 10
        with pytest.raises(ValueError):
            config.max_serialization_bytes = 0

    def test_a_snapshot_that_is_not_one_is_refused(self) -> None:
        with pytest.raises(jsrun.SnapshotError, match="not a jsrun snapshot"):
            jsrun.Runtime(jsrun.RuntimeConfig(snapshot=b"x" * 64))

    def test_empty_snapshot_is_rejected(self) -> None:
        with pytest.raises(ValueError):
            jsrun.RuntimeConfig(snapshot=b"")


def test_builtin_globals_are_there_and_not_enumerable(rt: jsrun.Runtime) -> None:
    names = ["setTimeout", "setInterval", "clearTimeout", "clearInterval", "queueMicrotask",
             "TextEncoder", "TextDecoder", "atob", "btoa"]  # fmt: skip
    assert rt.eval(f"{names}.map(n => typeof globalThis[n])") == ["function"] * len(names)
    assert rt.eval("Object.keys(globalThis)") == []
    assert rt.eval("Object.defineProperty(globalThis, 'btoa', {value: 'mine'}); btoa") == "mine"
    assert rt.eval("atob('aGk=')") == "hi"


def test_repeated_sources_run_afresh_each_time(rt: jsrun.Runtime) -> None:
    # Small sources are kept compiled between calls: each call still runs anew.
    rt.eval("globalThis.n = 0")
    assert [rt.eval("++n") for _ in range(5)] == [1, 2, 3, 4, 5]
    # More distinct sources than kept slots, each twice, interleaved.
    for _round in range(2):
        for i in range(40):
            assert rt.eval(f"{i} * 2 + n") == i * 2 + 5
    for _ in range(3):
        with pytest.raises(jsrun.JavaScriptError, match="boom") as info:
            rt.eval("throw new Error('boom')")
        assert info.value.frames[0]["file_name"] == "<eval>"
        with pytest.raises(jsrun.JavaScriptError, match="SyntaxError|Unexpected"):
            rt.eval("1 +")
    with pytest.raises(jsrun.JavaScriptError, match="already been declared"):
        for _ in range(2):
            rt.eval("let once = 1")
    long = "n + " + " + ".join(["1"] * 200)  # past the kept-source length
    assert rt.eval(long) == 205 and rt.eval(long) == 205


@isolated
def test_terminate_from_a_bound_function_ends_the_script() -> None:
    rt = jsrun.Runtime()
    rt.bind_function("stop", rt.terminate)
    with pytest.raises(jsrun.RuntimeTerminated, match="host request"):
        rt.eval("stop(); 5")  # JS reaches no check after the call, yet it ends
    assert rt.is_closed()


@isolated
def test_terminate_after_close_still_stops_a_running_call() -> None:
    import threading

    rt = jsrun.Runtime()
    started = threading.Event()
    rt.bind_function("started", started.set)
    outcome: list[str] = []

    def spin() -> None:
        try:
            rt.eval("started(); for (;;) {}")
        except jsrun.RuntimeTerminated as e:
            outcome.append(str(e))

    t = threading.Thread(target=spin)
    t.start()
    assert started.wait(60)
    rt.close()  # does not wait for the running call
    rt.terminate()
    t.join(60)
    assert outcome == ["Terminated by host request"]

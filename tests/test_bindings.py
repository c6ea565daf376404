"""bind_function, callables in bind_object, JsFunction, re-entrancy."""

from __future__ import annotations

import gc
import threading
import traceback

import pytest

import jsrun
from conftest import isolated
from jsrun import undefined


def test_bind_function_round_trips_arguments_losslessly(rt: jsrun.Runtime) -> None:
    seen: list[tuple] = []

    def record(*args: object) -> object:
        seen.append(args)
        return args[0] if args else None

    rt.bind_function("record", record)
    assert rt.eval("record(null, undefined, 1, 2.5, 'x', [null], {a: null}, 10n)") is None
    assert seen[-1] == (None, undefined, 1, 2.5, "x", [None], {"a": None}, 10)
    assert rt.eval("record({k: [1, 2]})") == {"k": [1, 2]}
    assert rt.eval("record()") is None


@pytest.mark.parametrize("name", ["with space", "quote'\"", "ünïcödé_名前", "a.b", "}); throw 1; ({", ""])
def test_any_string_is_a_valid_name(rt: jsrun.Runtime, name: str) -> None:
    rt.bind_function(name, lambda: "ok")
    assert rt.eval(f"globalThis[{name!r}]()") == "ok"


def test_python_exception_becomes_a_catchable_js_error(rt: jsrun.Runtime) -> None:
    def fail(message: str) -> None:
        raise ValueError(message)

    rt.bind_function("fail", fail)
    caught = rt.eval("try { fail('bad input') } catch (e) { [e instanceof Error, e.name, e.message] }")
    assert caught == [True, "ValueError", "bad input"]


def test_uncaught_python_exception_chains_the_original(rt: jsrun.Runtime) -> None:
    def fail() -> None:
        raise KeyError("missing")

    rt.bind_function("fail", fail)
    with pytest.raises(jsrun.JavaScriptError) as info:
        rt.eval("function caller() { fail() }\ncaller()")
    e = info.value
    assert e.name == "KeyError"
    assert isinstance(e.__cause__, KeyError)
    assert "raise KeyError" in "".join(traceback.format_exception(e.__cause__))
    assert [f.get("function_name") for f in e.frames][:1] == ["caller"]


def test_bind_object_with_methods_and_nesting(rt: jsrun.Runtime) -> None:
    rt.bind_object("api", {"version": 2, "math": {"add": lambda a, b: a + b}, "hello": lambda n: f"hi {n}"})
    assert rt.eval("[api.version, api.math.add(1, 2), api.hello('js')]") == [2, 3, "hi js"]
    rt.bind_object("api", {"extra": lambda: "merged"})
    assert rt.eval("[api.version, api.extra()]") == [2, "merged"]


def test_bind_decorator(rt: jsrun.Runtime) -> None:
    @rt.bind
    def triple(x: int) -> int:
        return x * 3

    @rt.bind(name="py_negate")
    def negate(x: int) -> int:
        return -x

    assert triple(2) == 6  # returns the original callable
    assert rt.eval("[triple(3), py_negate(4)]") == [9, -4]
    with pytest.raises(ValueError, match="name"):
        rt.bind(lambda: 1)
    with pytest.raises(TypeError):
        rt.bind_function("x", 42)  # type: ignore[arg-type]


def test_js_function_calls(rt: jsrun.Runtime) -> None:
    add = rt.eval("(a, b) => a + b")
    assert isinstance(add, jsrun.JsFunction)
    assert add(2, 3) == 5
    assert add("a", "b") == "ab"
    assert repr(add).startswith("<JsFunction id=")
    with pytest.raises(jsrun.JavaScriptError, match="boom"):
        rt.eval("() => { throw new Error('boom') }")()


def test_methods_keep_this(rt: jsrun.Runtime) -> None:
    counter = rt.eval("({count: 10, next() { return ++this.count }})")
    assert counter["next"]() == 11
    assert counter["next"]() == 12
    assert rt.eval("typeof this") == "object"


def test_function_passed_back_is_the_same_function(rt: jsrun.Runtime) -> None:
    f = rt.eval("globalThis.original = function original() {}; original")
    rt.bind_object("holder", {"f": f})
    assert rt.eval("holder.f === original") is True
    assert rt.eval("(g => g === original)")(f) is True


def test_python_callables_as_arguments(rt: jsrun.Runtime) -> None:
    apply_all = rt.eval("(xs, fn) => xs.map(x => fn(x))")
    assert apply_all([1, 2, 3], lambda x: x * 10) == [10, 20, 30]


def test_closed_function_and_closed_runtime() -> None:
    runtime = jsrun.Runtime()
    f = runtime.eval("() => 1")
    f.close()
    with pytest.raises(RuntimeError, match="closed"):
        f()
    g = runtime.eval("() => 2")
    runtime.close()
    with pytest.raises(jsrun.RuntimeClosedError):
        g()


def test_function_of_another_runtime_is_refused() -> None:
    with jsrun.Runtime() as a, jsrun.Runtime() as b:
        f = a.eval("() => 1")
        with pytest.raises(jsrun.ConversionError, match="another runtime"):
            b.bind_object("x", {"f": f})


def test_js_function_handles_are_released(rt: jsrun.Runtime) -> None:
    make = rt.eval("() => () => 1")
    base = rt._debug_tracked_function_count()
    for _ in range(100_000):
        assert make()() == 1
    gc.collect()
    rt.eval("0")  # handles dropped by Python are freed on the next call
    assert rt._debug_tracked_function_count() <= base + 5


def test_tracked_handles_count_what_python_still_holds() -> None:
    rt = jsrun.Runtime()
    f, g = rt.eval("(x) => x"), rt.eval("(x) => x * 2")
    assert rt._debug_tracked_function_count() == 2
    del f
    gc.collect()
    assert rt._debug_tracked_function_count() == 1  # dropped, freed on the next entry
    rt.close()
    assert rt._debug_tracked_function_count() == 0  # the isolate freed them all
    with pytest.raises(jsrun.RuntimeClosedError):
        g(1)


def test_python_callbacks_passed_to_js_are_released(rt: jsrun.Runtime) -> None:
    call = rt.eval("fn => fn()")
    base = rt._debug_host_function_count()
    for i in range(20_000):
        assert call(lambda i=i: i) == i
    rt._collect_garbage()
    assert rt._debug_host_function_count() <= base + 10


def test_reentrancy_three_levels_deep(rt: jsrun.Runtime) -> None:
    inner = rt.eval("x => x + 1")

    def level2(x: int) -> int:
        # Python → JS (rt.eval) and Python → JsFunction, from inside a JS → Python call.
        return rt.eval(f"level3({x})") + inner(x)

    rt.bind_function("level2", level2)
    rt.bind_function("level3", lambda x: rt.eval(f"{x} * 100"))
    outer = rt.eval("x => level2(x) + 1")
    assert outer(2) == 200 + 3 + 1


def test_reentrancy_depth_is_bounded(rt: jsrun.Runtime) -> None:
    rt.bind_function("recurse", lambda n: rt.eval(f"recurse({n + 1})"))
    with pytest.raises((jsrun.JavaScriptError, jsrun.ConversionError, RecursionError)) as info:
        rt.eval("recurse(0)")
    assert "nested deeper than 64" in str(info.value) or isinstance(info.value, RecursionError)
    assert rt.eval("'recovered'") == "recovered"


def test_callbacks_from_other_threads_while_js_runs(rt: jsrun.Runtime) -> None:
    rt.bind_function("where", lambda: threading.current_thread().name)
    names: list[str] = []
    t = threading.Thread(target=lambda: names.append(rt.eval("where()")), name="worker-7")
    t.start()
    t.join()
    assert names == ["worker-7"]  # the handler runs on the thread that called into JS


def test_keyboard_interrupt_in_a_handler_stops_js_and_is_reraised(rt: jsrun.Runtime) -> None:
    def interrupt() -> None:
        raise KeyboardInterrupt

    rt.bind_function("interrupt", interrupt)
    with pytest.raises(KeyboardInterrupt):
        # JS must not swallow it: the catch never runs.
        rt.eval("try { interrupt() } catch (e) { 'swallowed' }")
    assert rt.eval("1 + 1") == 2


def test_module_level_functions_use_a_default_runtime() -> None:
    jsrun.bind_object("cfg", {"n": 5})
    jsrun.bind_function("double", lambda x: x * 2)
    assert jsrun.eval("double(cfg.n)") == 10
    rt = jsrun.get_default_runtime()
    assert rt is jsrun.get_default_runtime()
    other: list[jsrun.Runtime] = []
    t = threading.Thread(target=lambda: other.append(jsrun.get_default_runtime()))
    t.start()
    t.join()
    assert other[0] is not rt  # one per thread
    jsrun.close_default_runtime()
    assert rt.is_closed()
    assert jsrun.eval("typeof cfg") == "undefined"  # a fresh runtime
    jsrun.close_default_runtime()


def test_register_op_sync_and_async(rt: jsrun.Runtime) -> None:
    import asyncio

    add_id = rt.register_op("add", lambda a, b: a + b)
    assert isinstance(add_id, int) and 0 <= add_id < 2**53
    assert rt.eval(f"__host_op_sync__({add_id}, 2, 3)") == 5

    async def later(x: int) -> int:
        await asyncio.sleep(0)
        return x * 2

    later_id = rt.register_op("later", later, mode="async")
    assert asyncio.run(rt.eval_async(f"__host_op_async__({later_id}, 21)")) == 42
    with pytest.raises(jsrun.JavaScriptError, match="called with __host_op_async__"):
        rt.eval(f"__host_op_sync__({later_id}, 1)")


def test_register_op_validates_mode(rt: jsrun.Runtime) -> None:
    async def coro() -> None:
        return None

    with pytest.raises(ValueError, match="Invalid mode 'fast'"):
        rt.register_op("x", lambda: 1, mode="fast")
    with pytest.raises(RuntimeError, match="is async but mode is 'sync'"):
        rt.register_op("x", coro)
    with pytest.raises(RuntimeError, match="is sync but mode is 'async'"):
        rt.register_op("x", lambda: 1, mode="async")


def test_ops_are_numbered_in_order_and_cannot_be_hijacked() -> None:
    with jsrun.Runtime() as rt:
        # The globals exist before any op is registered, as in the published jsrun.
        assert rt.eval("[typeof __host_op_sync__, typeof __host_op_async__]") == ["function", "function"]
        assert [rt.register_op(f"op{i}", lambda i=i: i * 10) for i in range(3)] == [0, 1, 2]
        assert rt.eval("[0, 1, 2].map((id) => __host_op_sync__(id))") == [0, 10, 20]
        with pytest.raises(jsrun.JavaScriptError, match="unknown op id"):
            rt.eval("__host_op_sync__(3)")
        # A script cannot replace or delete the dispatchers for the scripts after it.
        assert (
            rt.eval("'use strict'; try { __host_op_sync__ = () => 'evil'; 'replaced' } catch (e) { e.name }")
            == "TypeError"
        )
        assert rt.eval("delete globalThis.__host_op_async__") is False
        assert rt.eval("__host_op_sync__(1)") == 10
        rt.close()
        with pytest.raises(jsrun.RuntimeClosedError, match="closed"):
            rt.register_op("late", lambda: 0)


@isolated
def test_binding_into_a_frozen_global_is_an_error(rt: jsrun.Runtime) -> None:
    rt.eval("Object.freeze(globalThis)")
    with pytest.raises(jsrun.JavaScriptError, match="cannot bind f: .*frozen"):
        rt.bind_function("f", lambda: 1)
    with pytest.raises(jsrun.JavaScriptError, match="cannot bind data: .*frozen"):
        rt.bind_object("data", {"a": 1})
    assert rt.eval("[typeof f, typeof data]") == ["undefined", "undefined"]


@isolated
def test_eval_async_from_a_bound_function_on_its_own_runtime_is_a_clear_error() -> None:
    import asyncio

    rt = jsrun.Runtime()
    rt.bind_function("inner", lambda: asyncio.run(rt.eval_async("1")))
    with pytest.raises(jsrun.JavaScriptError) as info:
        rt.eval("inner()", timeout=60)  # waited forever before
    assert isinstance(info.value.__cause__, jsrun.DeadlockError)
    assert "from inside a call into it" in str(info.value.__cause__)
    assert rt.eval("'alive'") == "alive"
    rt.close()


@isolated
def test_closing_releases_bound_callables_even_in_a_cycle_through_the_runtime() -> None:
    import weakref

    class Handler:
        def __call__(self) -> int:
            return self.double(21)

    rt = jsrun.Runtime()
    handler = Handler()
    handler.double = rt.eval("(x) => x * 2")  # the callable holds a JsFunction of its own runtime
    rt.bind_function("answer", handler)
    assert rt.eval("answer()") == 42
    gone = weakref.ref(handler)
    del handler
    rt.close()  # the isolate is gone: nothing can call the handler again
    gc.collect()
    assert gone() is None


def test_a_callback_argument_python_cannot_hold_is_an_error_in_js(rt: jsrun.Runtime) -> None:
    # The third argument fails after two were converted: the call throws in
    # JS, the function is not called, and later calls work.
    seen: list[tuple[object, ...]] = []
    rt.bind_function("f", lambda *args: seen.append(args) or len(args))
    message = rt.eval("try { f(1, 'two', new Date(8.64e15), 4) } catch (e) { `${e.name}: ${e.message}` }")
    assert message == "ConversionError: Date 8640000000000000 ms is outside Python's datetime range"
    assert seen == []
    assert rt.eval("f(1, 'two', null, [4])") == 4
    assert seen == [(1, "two", None, [4])]

"""The published jsrun 0.3.0 API surface (shared/reference/jsrun-api.md) exists
here with the same names, arguments and defaults: code written for it runs."""

from __future__ import annotations

import asyncio
import inspect

import jsrun

PUBLISHED_ALL = """InspectorConfig InspectorEndpoints JavaScriptError JsFunction JsStream JsUndefined
Runtime RuntimeConfig RuntimeStats RuntimeTerminated SnapshotBuilder bind_function
bind_object close_default_runtime eval eval_async get_default_runtime undefined""".split()

RUNTIME_METHODS = {
    "eval": ["code", "timeout"],
    "eval_async": ["code", "timeout"],
    "eval_module": ["specifier", "timeout"],
    "eval_module_async": ["specifier", "timeout"],
    "add_static_module": ["name", "source"],
    "set_module_resolver": ["resolver"],
    "set_module_loader": ["loader"],
    "bind_function": ["name", "handler"],
    "bind_object": ["name", "obj"],
    "register_op": ["name", "handler", "mode"],
    "stream_from_async_iterable": ["iterable"],
    "get_stats": [],
    "inspector_endpoints": [],
    "terminate": [],
    "close": [],
    "is_closed": [],
    "bind": None,
    "_debug_tracked_function_count": [],
}

STATS_FIELDS = """heap_total_bytes heap_used_bytes external_memory_bytes physical_total_bytes
total_execution_time_ms last_execution_time_ms last_execution_kind eval_sync_count eval_async_count
eval_module_sync_count eval_module_async_count call_function_sync_count call_function_async_count
active_async_ops open_resources active_timers active_intervals active_js_streams active_py_streams
total_js_streams total_py_streams bytes_streamed_js_to_py bytes_streamed_py_to_js""".split()


def params(fn: object) -> list[str]:
    return [p for p in inspect.signature(fn).parameters if p not in ("self", "cls")]  # type: ignore[arg-type]


def test_every_published_name_is_exported() -> None:
    missing = [name for name in PUBLISHED_ALL if name not in jsrun.__all__ or not hasattr(jsrun, name)]
    assert missing == []


def test_runtime_methods_take_the_published_arguments() -> None:
    for name, expected in RUNTIME_METHODS.items():
        method = getattr(jsrun.Runtime, name)
        if expected is not None:
            assert params(method) == expected, name
    assert hasattr(jsrun.Runtime, "__enter__") and hasattr(jsrun.Runtime, "__exit__")


def test_config_classes_take_the_published_arguments_and_defaults() -> None:
    config = jsrun.RuntimeConfig()
    assert (config.max_heap_size, config.initial_heap_size, config.bootstrap, config.timeout) == (None,) * 4
    assert (config.enable_console, config.inspector, config.snapshot) == (False, None, None)
    assert (config.max_serialization_depth, config.max_serialization_bytes) == (100, 10 * 1024 * 1024)
    inspector = jsrun.InspectorConfig()
    assert (inspector.host, inspector.port, inspector.wait_for_connection, inspector.break_on_next_statement) == (
        "127.0.0.1",
        9229,
        False,
        False,
    )
    assert (inspector.target_url, inspector.display_name) == (None, None)
    assert params(jsrun.SnapshotBuilder) == ["bootstrap", "enable_console"]
    assert [n for n in ("execute_script", "build") if hasattr(jsrun.SnapshotBuilder, n)] == ["execute_script", "build"]


def test_value_and_stats_types() -> None:
    with jsrun.Runtime() as rt:
        stats = rt.get_stats()
        assert [f for f in STATS_FIELDS if not hasattr(stats, f)] == []
        f = rt.eval("() => 1")
        assert callable(f) and hasattr(f, "call_async") and hasattr(f, "close")
    assert not jsrun.undefined and str(jsrun.undefined) == "undefined"
    assert all(hasattr(jsrun.JsStream, n) for n in ("__aiter__", "__anext__", "close"))
    assert issubclass(jsrun.RuntimeTerminated, RuntimeError)


def test_public_methods_are_defined_on_their_class_not_patched_in() -> None:
    # jsrun.Runtime subclasses the native class; the native classes hold only
    # native methods, so each method is found where it is written.
    import jsrun._jsrun as native

    assert jsrun.Runtime.__mro__[1] is native.Runtime
    for cls in (native.Runtime, native.JsFunction):
        patched = [name for name, attr in vars(cls).items() if inspect.isfunction(attr) or isinstance(attr, property)]
        assert patched == [], f"{cls.__name__}: {patched}"
    python_side = {"eval_async", "eval_module_async", "bind", "stream_from_async_iterable", "wasm"}
    assert python_side <= set(vars(jsrun.Runtime))
    assert inspect.iscoroutinefunction(jsrun.Runtime.eval_async)
    assert inspect.iscoroutinefunction(jsrun.Runtime.eval_module_async)


def test_native_call_async_and_close_return_awaitables() -> None:
    async def main() -> None:
        with jsrun.Runtime() as rt:
            f = rt.eval("(async (a, b) => a * b)")
            assert await f.call_async(6, 7) == 42
            await f.close()
            assert f.closed

    asyncio.run(main())


def test_a_first_runtime_loads_no_heavy_module() -> None:
    # What a CLI or a serverless cold start pays: import, a runtime, an eval.
    printed = _in_a_fresh_interpreter(
        "import sys\n"
        "before = set(sys.modules)\n"
        "import jsrun\n"
        "rt = jsrun.Runtime()\n"
        "assert rt.eval('[1, 2.5, \"x\", null, {a: true}]') == [1, 2.5, 'x', None, {'a': True}]\n"
        "rt.close()\n"
        "heavy = ('asyncio', 'typing', 'logging', 'datetime', 'collections.abc', 're', 'inspect')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
        # importlib brings warnings: more than the rest of `import jsrun` (0.85 of 1.35 ms)
        "print(','.join(m for m in ('importlib', 'warnings') if m in set(sys.modules) - before))\n"
    )
    assert printed == ""


def test_import_loads_nothing_heavy_until_used() -> None:
    printed = _in_a_fresh_interpreter(
        "import sys, jsrun\n"
        "heavy = [m for m in ('jsrun._jsrun', 'asyncio', 'typing', 'logging') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
        "assert jsrun.eval('6 * 7') == 42 and 'jsrun._jsrun' in sys.modules\n"
        "assert all(getattr(jsrun, name) is not None for name in jsrun.__all__)\n"
        "assert sorted(dir(jsrun)) == sorted(jsrun.__all__)\n"
    )
    assert printed == ""


def _in_a_fresh_interpreter(code: str) -> str:
    """What `code` prints, run by a new Python process (which must succeed)."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()

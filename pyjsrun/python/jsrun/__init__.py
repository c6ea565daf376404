"""jsrun: JavaScript and WebAssembly on V8, embedded in Python.

>>> import jsrun
>>> with jsrun.Runtime() as rt:
...     rt.eval("1 + 1")
2
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing costs more than the rest of `import jsrun`
if TYPE_CHECKING:
    from typing import Any

    from ._default import (
        bind_function,
        bind_object,
        close_default_runtime,
        eval,
        eval_async,
        get_default_runtime,
    )
    from ._fetch import FetchRequest, FetchResponse
    from ._frames import JsFrame
    from ._jsrun import (
        InspectorConfig,
        InspectorEndpoints,
        JsFunction,
        RuntimeConfig,
        RuntimeStats,
        SnapshotBuilder,
        __version__,
        v8_version,
    )
    from ._pending import PendingPromise
    from ._pool import PoolFullError, PoolRecipe, PoolStats, RuntimePool
    from ._runtime import Runtime
    from ._streams import JsStream, PyStreamSource, stream_from_async_iterable
    from ._values import JsBigInt, JsMap, JsUndefined, undefined
    from ._wasi import WasiResult, run_wasi
    from ._wasm import Wasm, WasmExports, WasmGlobal, WasmInstance, WasmMemory, WasmModule, WasmTable
    from .errors import (
        ConversionError,
        DeadlockError,
        HeapLimitError,
        InvalidTimeoutError,
        JavaScriptError,
        JsTimeoutError,
        RuntimeClosedError,
        RuntimeConfigError,
        RuntimeTerminated,
        SnapshotError,
    )

# Everything is loaded on first use: the native module (and with it V8),
# asyncio and the rest, so that `import jsrun` costs about a millisecond.
_LAZY = {
    **dict.fromkeys(["JsBigInt", "JsMap", "JsUndefined", "undefined"], "._values"),
    **dict.fromkeys(["FetchRequest", "FetchResponse"], "._fetch"),
    **dict.fromkeys(
        [
            "ConversionError",
            "DeadlockError",
            "HeapLimitError",
            "InvalidTimeoutError",
            "JavaScriptError",
            "JsTimeoutError",
            "RuntimeClosedError",
            "RuntimeConfigError",
            "RuntimeTerminated",
            "SnapshotError",
        ],
        ".errors",
    ),
    **dict.fromkeys(
        ["bind_function", "bind_object", "close_default_runtime", "eval", "eval_async", "get_default_runtime"],
        "._default",
    ),
    **dict.fromkeys(
        [
            "InspectorConfig",
            "InspectorEndpoints",
            "JsFunction",
            "RuntimeConfig",
            "RuntimeStats",
            "SnapshotBuilder",
            "__version__",
            "v8_version",
        ],
        "._jsrun",
    ),
    "JsFrame": "._frames",
    "PendingPromise": "._pending",
    **dict.fromkeys(["PoolFullError", "PoolRecipe", "PoolStats", "RuntimePool"], "._pool"),
    "Runtime": "._runtime",
    **dict.fromkeys(["JsStream", "PyStreamSource", "stream_from_async_iterable"], "._streams"),
    **dict.fromkeys(
        ["Wasm", "WasmExports", "WasmGlobal", "WasmInstance", "WasmMemory", "WasmModule", "WasmTable"], "._wasm"
    ),
    **dict.fromkeys(["WasiResult", "run_wasi"], "._wasi"),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'jsrun' has no attribute {name!r}")
    # __import__, not importlib: importing importlib (and warnings) would cost
    # more than the rest of `import jsrun`.
    value = getattr(__import__(__name__ + module, fromlist=["_"]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "ConversionError",
    "DeadlockError",
    "FetchRequest",
    "FetchResponse",
    "HeapLimitError",
    "InspectorConfig",
    "InspectorEndpoints",
    "InvalidTimeoutError",
    "JavaScriptError",
    "JsBigInt",
    "JsFrame",
    "JsFunction",
    "JsMap",
    "JsStream",
    "JsTimeoutError",
    "JsUndefined",
    "PendingPromise",
    "PoolFullError",
    "PoolRecipe",
    "PoolStats",
    "PyStreamSource",
    "Runtime",
    "RuntimeClosedError",
    "RuntimeConfig",
    "RuntimeConfigError",
    "RuntimePool",
    "RuntimeStats",
    "SnapshotBuilder",
    "SnapshotError",
    "RuntimeTerminated",
    "WasiResult",
    "Wasm",
    "WasmExports",
    "WasmGlobal",
    "WasmInstance",
    "WasmMemory",
    "WasmModule",
    "WasmTable",
    "__version__",
    "bind_function",
    "bind_object",
    "close_default_runtime",
    "eval",
    "eval_async",
    "get_default_runtime",
    "run_wasi",
    "stream_from_async_iterable",
    "undefined",
    "v8_version",
]

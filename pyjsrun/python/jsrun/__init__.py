"""jsrun: JavaScript and WebAssembly on V8, embedded in Python.

>>> import jsrun
>>> with jsrun.Runtime() as rt:
...     rt.eval("1 + 1")
2
"""

from __future__ import annotations

from ._default import (
    bind_function,
    bind_object,
    close_default_runtime,
    eval,
    eval_async,
    get_default_runtime,
)
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
from ._wasm import Wasm, WasmExports, WasmGlobal, WasmInstance, WasmMemory, WasmModule, WasmTable
from .errors import (
    ConversionError,
    DeadlockError,
    HeapLimitError,
    InvalidTimeoutError,
    JavaScriptError,
    JsFrame,
    JsTimeoutError,
    RuntimeClosedError,
    RuntimeConfigError,
    RuntimeTerminated,
    SnapshotError,
)

__all__ = [
    "ConversionError",
    "DeadlockError",
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
    "stream_from_async_iterable",
    "undefined",
    "v8_version",
]

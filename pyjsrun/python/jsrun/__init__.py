"""jsrun: JavaScript and WebAssembly on V8, embedded in Python.

>>> import jsrun
>>> with jsrun.Runtime() as rt:
...     rt.eval("1 + 1")
2
"""

from __future__ import annotations

from ._jsrun import Runtime, RuntimeConfig, __version__, v8_version
from ._values import JsBigInt, JsMap, JsUndefined, undefined
from .errors import (
    ConversionError,
    JavaScriptError,
    JsFrame,
    RuntimeClosedError,
    RuntimeTerminated,
)

__all__ = [
    "ConversionError",
    "JavaScriptError",
    "JsBigInt",
    "JsFrame",
    "JsMap",
    "JsUndefined",
    "Runtime",
    "RuntimeClosedError",
    "RuntimeConfig",
    "RuntimeTerminated",
    "__version__",
    "undefined",
    "v8_version",
]

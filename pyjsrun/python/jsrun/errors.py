"""Every exception jsrun raises; all are importable from ``jsrun``."""

from __future__ import annotations

from ._values import undefined

TYPE_CHECKING = False  # not typing's: a first runtime should not import typing
if TYPE_CHECKING:
    from typing import Any

    from ._frames import JsFrame

__all__ = [
    "JsFrame",
    "JavaScriptError",
    "ConversionError",
    "RuntimeClosedError",
    "RuntimeTerminated",
    "JsTimeoutError",
    "HeapLimitError",
    "InvalidTimeoutError",
    "DeadlockError",
    "RuntimeConfigError",
]


class JavaScriptError(Exception):
    """An error thrown by JavaScript (or a rejected promise).

    Attributes:
        name: the error's ``name`` (``"TypeError"``…), or ``None`` when a
            non-Error value was thrown.
        message: the error's ``message``; for a thrown non-Error value, V8's
            ``"Uncaught <value>"``.
        stack: the JS ``stack`` string, when there is one.
        frames: structured frames, innermost first (see :class:`JsFrame`). A
            syntax error has one frame: where the parser stopped.
        value: the thrown value converted to Python when it was not an Error
            (``throw {code: 7}`` gives ``{"code": 7}``), else ``undefined``.

    ``str()`` reads like a JS error: ``"TypeError: bad"`` followed by the
    ``at …`` lines. Instances also stand for JS ``Error`` objects returned as
    values (then nothing was raised).
    """

    def __init__(
        self,
        message: str = "",
        *,
        name: str | None = "Error",
        stack: str | None = None,
        frames: list[JsFrame] | None = None,
        value: Any = undefined,
    ) -> None:
        super().__init__(message)
        self.name = name
        self.message = message
        self.stack = stack
        self.frames: list[JsFrame] = list(frames or [])
        self.value = value

    def __str__(self) -> str:
        head = f"{self.name}: {self.message}" if self.name else self.message
        lines = [line for line in (self.stack or "").splitlines() if line.startswith("    at ")]
        if not lines:
            for frame in self.frames:
                where = frame.get("file_name", "<unknown>")
                if "line_number" in frame:
                    where += f":{frame['line_number']}"
                    if "column_number" in frame:
                        where += f":{frame['column_number']}"
                fn = frame.get("function_name")
                lines.append(f"    at {fn} ({where})" if fn else f"    at {where}")
        return "\n".join([head, *lines])

    def __repr__(self) -> str:
        return f"JavaScriptError(name={self.name!r}, message={self.message!r})"


class ConversionError(TypeError, RuntimeError):
    """A value could not cross between Python and JS: an unsupported type (a
    Symbol, a function, a ``complex``…), a nesting or size limit
    (``max_serialization_depth`` / ``max_serialization_bytes``), or a dict key
    that is not a ``str``. The runtime stays usable."""


class RuntimeClosedError(RuntimeError):
    """The runtime was closed (by :meth:`Runtime.close` or its context manager)."""


class RuntimeTerminated(RuntimeError):
    """Execution was terminated (the reason is in the message)."""


class JsTimeoutError(TimeoutError, RuntimeError):
    """JavaScript ran past its timeout and was terminated; the runtime stays usable.

    A ``TimeoutError`` (what ``asyncio`` users catch) and a ``RuntimeError``
    (what the published jsrun raised)."""


class HeapLimitError(RuntimeTerminated):
    """The runtime's memory passed ``max_heap_size`` (its heap, its ArrayBuffers,
    or its WebAssembly memories): JavaScript was terminated and the runtime
    closed; later calls raise ``RuntimeTerminated``."""


class SnapshotError(ValueError, RuntimeError):
    """Snapshot bytes that cannot be used: truncated, damaged, not made by
    ``SnapshotBuilder``, or made by another version of jsrun or V8. Checked
    before V8 sees them, so a bad snapshot never crashes the process. Also
    raised when a ``SnapshotBuilder`` is used after ``build()``."""


class InvalidTimeoutError(TypeError, ValueError):
    """A ``timeout=`` that is not a number (nor a ``timedelta``).

    A ``TypeError`` and a ``ValueError`` (what the published jsrun raised).
    Negative, zero and non-finite timeouts raise a plain ``ValueError``."""


class RuntimeConfigError(ValueError, RuntimeError):
    """:class:`RuntimeConfig` options that contradict each other
    (``initial_heap_size`` without or above ``max_heap_size``, ``bootstrap``
    together with ``snapshot``).

    A ``ValueError`` and a ``RuntimeError`` (what the published jsrun raised)."""


class DeadlockError(RuntimeError):
    """Entering a runtime would have waited forever: threads each inside one
    runtime were waiting for one another in a cycle (runtime A's bound
    function calls B on one thread while B's calls A on another). The call
    that found the cycle raises this, naming the runtimes (``#N``, as their
    ``repr`` shows); the other threads then go on. Nothing was run."""


def __getattr__(name: str) -> object:
    # JsFrame is a TypedDict: typing is imported when it is first asked for.
    if name == "JsFrame":
        from ._frames import JsFrame

        return JsFrame
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""``jsrun.Runtime``: the native runtime plus the methods written in Python
(the asyncio side, the ``bind`` decorator, streams and WebAssembly helpers)."""

from __future__ import annotations

import atexit
import sys

from . import _jsrun

# Not typing's TYPE_CHECKING: typing, datetime and collections.abc cost more
# than the rest of a process's first `Runtime()` (annotations are strings here).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import AsyncIterable, Callable
    from datetime import timedelta
    from typing import Any, TypeAlias, TypeVar, overload

    from ._streams import PyStreamSource
    from ._wasm import Wasm

    _F = TypeVar("_F", bound=Callable[..., Any])
    _Timeout: TypeAlias = float | int | timedelta | None


@atexit.register
def _close_all() -> None:
    # Before the interpreter finalises, stop every runtime's threads: one that
    # took the GIL during finalisation would crash the process. Registered
    # when the native module is first loaded (jsrun imports it lazily).
    default = sys.modules.get("jsrun._default")
    if default is not None:
        default.close_defaults()
    _jsrun._shutdown_all()


class Runtime(_jsrun.Runtime):
    """A JavaScript runtime: one V8 isolate with one global context.

    Usable from any thread; calls on one runtime run one at a time, and each
    releases the GIL while JavaScript runs. Use it as a context manager or call
    :meth:`close` to free the isolate promptly.
    """

    __slots__ = ()

    async def eval_async(self, code: str, /, *, timeout: _Timeout = None) -> Any:
        """Evaluate ``code`` on the runtime's loop thread and await its result.

        A returned promise is awaited while timers, microtasks and V8's tasks run.
        Never blocks the asyncio loop, even while JavaScript computes. On timeout
        the JavaScript still running is terminated and ``JsTimeoutError`` raised;
        on cancellation likewise; the runtime stays usable either way.
        """
        from ._async import run

        if timeout is None:
            timeout = self._default_timeout
        return await run(
            lambda loop, done: self._eval_async_start(code, loop, done), self._cancel_async, timeout, "evaluation"
        )

    async def eval_module_async(self, specifier: str, /, *, timeout: _Timeout = None) -> Any:
        """Import the ES module ``specifier`` on the runtime's loop thread and await
        its namespace: top-level await, timers and ``async def`` loaders work."""
        from ._async import run

        if timeout is None:
            timeout = self._default_timeout
        return await run(
            lambda loop, done: self._eval_module_async_start(specifier, loop, done),
            self._cancel_async,
            timeout,
            "module evaluation",
        )

    if TYPE_CHECKING:

        @overload
        def bind(self, handler: _F, /, *, name: str | None = None) -> _F: ...
        @overload
        def bind(self, handler: None = None, /, *, name: str | None = None) -> Callable[[_F], _F]: ...

    def bind(self, handler: Callable[..., Any] | None = None, /, *, name: str | None = None) -> Any:
        """Decorator form of :meth:`bind_function`::

        @rt.bind
        def add(a, b): return a + b

        @rt.bind(name="py_sub")
        def sub(a, b): return a - b
        """

        def register(fn: _F) -> _F:
            if not callable(fn):
                raise TypeError("bind() needs a callable")
            bound_name = name if name is not None else getattr(fn, "__name__", None)
            if not bound_name or bound_name == "<lambda>":
                raise ValueError("bind() needs a name: pass name=... for this callable")
            self.bind_function(bound_name, fn)
            return fn

        if handler is None:
            return register
        return register(handler)

    def stream_from_async_iterable(self, iterable: AsyncIterable[Any]) -> PyStreamSource:
        """A source that becomes a JS ``ReadableStream`` pulling from ``iterable``
        when passed into JS (as :func:`jsrun.stream_from_async_iterable`)."""
        from ._streams import PyStreamSource

        return PyStreamSource(iterable)

    @property
    def wasm(self) -> Wasm:
        """WebAssembly from Python: ``rt.wasm.compile``, ``instantiate``, memory
        views (see :class:`jsrun.Wasm`). One per runtime."""
        from ._wasm import wasm_of

        return wasm_of(self)

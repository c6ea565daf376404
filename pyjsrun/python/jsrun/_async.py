"""The asyncio side of the native runtime: `Runtime.eval_async`,
`JsFunction.call_async`, `JsFunction.close`, and the `Runtime.bind` decorator.

The native code runs the JavaScript on the runtime's own loop thread and calls
``done(ok, value)`` there when the result settles; these coroutines only wait
for that, so the asyncio loop never blocks on JavaScript.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, TypeVar

from ._jsrun import JsFunction, Runtime, _parse_timeout
from ._pending import Ready
from .errors import JsTimeoutError

F = TypeVar("F", bound=Callable[..., Any])


def _seconds(timeout: float | int | timedelta | None) -> float | None:
    return None if timeout is None else _parse_timeout(timeout)


def _deliver(future: asyncio.Future[Any], ok: bool, value: Any) -> None:
    if future.done():
        return  # cancelled or timed out meanwhile
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)


async def _run(
    start: Callable[[asyncio.AbstractEventLoop, Callable[[bool, Any], None]], int],
    cancel: Callable[[int], None],
    timeout: float | int | timedelta | None,
    what: str,
) -> Any:
    seconds = _seconds(timeout)
    loop = asyncio.get_running_loop()
    future: asyncio.Future[Any] = loop.create_future()

    def done(ok: bool, value: Any) -> None:  # on the runtime's loop thread
        try:
            loop.call_soon_threadsafe(_deliver, future, ok, value)
        except RuntimeError:
            pass  # the asyncio loop is closed: nobody is waiting

    token = start(loop, done)
    try:
        if seconds is None:
            return await future
        try:
            return await asyncio.wait_for(future, seconds)
        except asyncio.TimeoutError:
            # "Evaluation failed … pending": the published jsrun's wording, which code may test for.
            raise JsTimeoutError(
                f"Evaluation failed: {what} timed out after {seconds * 1000:.0f} ms (the result was still pending)"
            ) from None
    finally:
        if not future.done() or future.cancelled():
            cancel(token)


async def eval_async(self: Runtime, code: str, /, *, timeout: float | int | timedelta | None = None) -> Any:
    """Evaluate ``code`` on the runtime's loop thread and await its result.

    A returned promise is awaited while timers, microtasks and V8's tasks run.
    Never blocks the asyncio loop, even while JavaScript computes. On timeout
    the JavaScript still running is terminated and ``JsTimeoutError`` raised;
    on cancellation likewise; the runtime stays usable either way.
    """
    if timeout is None:
        timeout = self._default_timeout
    return await _run(
        lambda loop, done: self._eval_async_start(code, loop, done), self._cancel_async, timeout, "evaluation"
    )


async def eval_module_async(self: Runtime, specifier: str, /, *, timeout: float | int | timedelta | None = None) -> Any:
    """Import the ES module ``specifier`` on the runtime's loop thread and await
    its namespace: top-level await, timers and ``async def`` loaders work."""
    if timeout is None:
        timeout = self._default_timeout
    return await _run(
        lambda loop, done: self._eval_module_async_start(specifier, loop, done),
        self._cancel_async,
        timeout,
        "module evaluation",
    )


async def call_async(self: JsFunction, *args: Any, timeout: float | int | timedelta | None = None) -> Any:
    """Call the function on the runtime's loop thread and await its (promise) result."""
    if timeout is None:
        timeout = self._default_timeout
    return await _run(
        lambda loop, done: self._call_async_start(args, loop, done), self._cancel_async, timeout, "function call"
    )


def close(self: JsFunction) -> Awaitable[None]:
    """Release the function's handle now (``await`` it or not); later calls raise ``RuntimeError``."""
    self._close()
    return Ready()


def bind(self: Runtime, handler: Callable[..., Any] | None = None, /, *, name: str | None = None) -> Any:
    """Decorator form of :meth:`Runtime.bind_function`::

    @rt.bind
    def add(a, b): return a + b

    @rt.bind(name="py_sub")
    def sub(a, b): return a - b
    """

    def register(fn: F) -> F:
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


Runtime.eval_async = eval_async  # type: ignore[method-assign]
Runtime.eval_module_async = eval_module_async  # type: ignore[method-assign]
Runtime.bind = bind  # type: ignore[method-assign]
JsFunction.call_async = call_async  # type: ignore[method-assign]
JsFunction.close = close  # type: ignore[method-assign]

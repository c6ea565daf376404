"""Streams across the boundary: a JS ``ReadableStream`` reaches Python as a
:class:`JsStream` (an async iterator), and :func:`stream_from_async_iterable`
turns a Python async iterable into a ``ReadableStream`` for JS.

Reading happens through ``call_async``, so iterate inside a running asyncio
loop; a Python source is pulled by JS while an ``eval_async`` or
``call_async`` is running (JS reading it from a plain ``eval`` gets an error).
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable
from typing import Any

from ._jsrun import JsFunction, _StreamMeter
from ._pending import PendingPromise, Ready


def _size(chunk: Any) -> int:
    """Bytes in a bytes-like chunk (what the stream byte counters count)."""
    return len(memoryview(chunk).cast("B")) if isinstance(chunk, (bytes, bytearray, memoryview)) else 0


class JsStream(AsyncIterator[Any]):
    """A JS ``ReadableStream``, read from Python: ``async for chunk in stream``.

    Each chunk is converted like any value. ``stream.close()`` cancels the
    stream on the JS side (``await`` it or not); an error in the stream raises ``JavaScriptError``.
    Passed back into JS it is the original stream (locked to this reader)."""

    def __init__(self, handle: JsFunction, meter: _StreamMeter | None = None) -> None:
        self._handle = handle
        self._done = False
        self._meter = meter

    def _end(self) -> None:
        self._done = True
        if self._meter is not None:
            self._meter.end()

    def __aiter__(self) -> JsStream:
        return self

    async def __anext__(self) -> Any:
        if self._done:
            raise StopAsyncIteration
        try:
            result = await self._handle.call_async("read")
        except BaseException:
            self._end()
            raise
        if result["done"]:
            self._end()
            raise StopAsyncIteration
        value = result.get("value")
        if self._meter is not None:
            self._meter.add(_size(value))
        return value

    def close(self) -> Awaitable[None]:
        """Cancels the stream now (its source's ``cancel`` runs before this
        returns, unless it is async); ``await`` the result to wait for an
        async ``cancel`` too."""
        if self._done:
            return Ready()
        self._end()
        outcome = self._handle("cancel")
        return outcome if isinstance(outcome, PendingPromise) else Ready()

    def __jsrun_value__(self) -> JsFunction:
        return self._handle

    def __repr__(self) -> str:
        return f"<JsStream {'done' if self._done else 'open'}>"


class PyStreamSource:
    """What :func:`stream_from_async_iterable` returns: passed into JS (as an
    argument, a bound value, a return value) it becomes a ``ReadableStream``
    that pulls from the iterable. ``close()`` stops it."""

    def __init__(self, iterable: AsyncIterable[Any]) -> None:
        self._iterator = aiter(iterable)
        self._closed = False

        async def handle(op: str) -> dict[str, Any]:
            if op == "cancel":
                await self.aclose()
                return {"done": True}
            if self._closed:
                return {"done": True}
            try:
                value = await anext(self._iterator)
            except StopAsyncIteration:
                self._closed = True
                return {"done": True}
            return {"done": False, "value": value}

        self._handle = handle

    def _metered_handle(self, meter: _StreamMeter) -> Callable[[str], Awaitable[dict[str, Any]]]:
        """The pull function a new JS stream reads through, counting into ``meter``."""
        handle = self._handle

        async def metered(op: str) -> dict[str, Any]:
            try:
                result = await handle(op)
            except BaseException:
                meter.end()
                raise
            if result["done"]:
                meter.end()
            else:
                meter.add(_size(result["value"]))
            return result

        return metered

    async def aclose(self) -> None:
        if not self._closed:
            self._closed = True
            close = getattr(self._iterator, "aclose", None)
            if close is not None:
                await close()

    def close(self) -> None:
        """Ends the stream: JS reads ``done`` from now on."""
        self._closed = True

    def __repr__(self) -> str:
        return f"<PyStreamSource {'closed' if self._closed else 'open'}>"


def stream_from_async_iterable(iterable: AsyncIterable[Any]) -> PyStreamSource:
    """A source that becomes a JS ``ReadableStream`` pulling from ``iterable``
    (each ``read()`` in JS awaits the next item; cancelling calls ``aclose()``)."""
    return PyStreamSource(iterable)

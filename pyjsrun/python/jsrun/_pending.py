"""What calling a ``JsFunction`` gives when the function returns a promise that
is still pending: an awaitable of the promise's outcome (the published jsrun's
behaviour). Awaiting it waits on the runtime's loop thread, like ``call_async``.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from ._jsrun import JsFunction


class PendingPromise:
    """A JS promise that had not settled when the call returned.

    ``await`` it (once or more: each await waits for the same promise) inside
    a running asyncio loop to get its value or its error as
    ``JavaScriptError``. Passed back into JS, it is the promise itself.
    """

    __slots__ = ("_handle",)

    def __init__(self, handle: JsFunction) -> None:
        self._handle = handle

    def __await__(self) -> Generator[Any, None, Any]:
        return self._wait().__await__()

    async def _wait(self) -> Any:
        from ._async import run

        handle = self._handle
        return await run(handle._await_start, handle._cancel_async, handle._default_timeout, "promise")

    def __jsrun_value__(self) -> JsFunction:
        return self._handle

    def __repr__(self) -> str:
        return "<PendingPromise>"


class Ready:
    """An awaitable with nothing left to wait for (``await`` it or not)."""

    __slots__ = ()

    def __await__(self) -> Generator[Any, None, None]:
        return
        yield  # makes this a generator

"""A pool of identical runtimes, used from any number of threads and from
asyncio, and its recipe, which rebuilds the same pool in another process.

Each runtime starts from one snapshot and/or set-up script, so every worker
has the same globals. A call checks a runtime out, runs, and returns it; a
runtime whose call timed out, was terminated or hit its heap limit is
replaced by a fresh one, never reused. Waiting for a runtime is
back-pressure; the number of callers that may wait is bounded.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from ._jsrun import JsFunction, RuntimeConfig
from ._runtime import Runtime
from .errors import JsTimeoutError, RuntimeClosedError, RuntimeTerminated

Timeout = float | int | timedelta | None

#: Callers that may wait for a runtime at once, unless ``max_waiting`` says otherwise.
DEFAULT_MAX_WAITING = 1024

# RuntimeConfig options a recipe carries to another process (the inspector
# and console callbacks stay in the process that made them).
_CONFIG_FIELDS = (
    "max_heap_size",
    "initial_heap_size",
    "timeout",
    "enable_console",
    "max_serialization_depth",
    "max_serialization_bytes",
)


class PoolFullError(RuntimeError):
    """More callers would wait for a runtime than the pool's ``max_waiting``."""


@dataclass(frozen=True)
class PoolStats:
    """A pool's figures at one moment."""

    size: int
    idle: int
    busy: int
    waiting: int
    #: Runtimes replaced after a timeout, a termination or the heap limit.
    replaced: int
    #: Calls completed (successfully or not) since the pool was made.
    calls: int


@dataclass(frozen=True)
class PoolRecipe:
    """Everything needed to build an identical pool elsewhere: picklable, so
    ``ProcessPoolExecutor`` (spawn or forkserver) workers, ``multiprocessing``
    workers and cluster workers can each build their own with :meth:`build`."""

    size: int
    setup: str | None = None
    snapshot: bytes | None = None
    config: dict[str, Any] = field(default_factory=dict)
    max_waiting: int | None = None
    node_modules: str | None = None
    node_env: dict[str, str] | None = None
    node_allow_read: bool = False

    def build(self) -> RuntimePool:
        """A new pool made from this recipe (in this process)."""
        return RuntimePool(
            size=self.size,
            setup=self.setup,
            snapshot=self.snapshot,
            config=RuntimeConfig(**self.config),
            max_waiting=self.max_waiting,
            node_modules=self.node_modules,
            node_env=self.node_env,
            node_allow_read=self.node_allow_read,
        )


class RuntimePool:
    """``size`` runtimes, each started from ``snapshot`` (bytes from
    :class:`SnapshotBuilder`) and/or ``setup`` (JS source run once in each),
    with the options of ``config``. With ``node_modules`` (a directory, see
    :meth:`Runtime.use_node_modules`; ``node_env`` is ``process.env``, and
    ``node_allow_read`` its ``allow_read``) each runtime loads npm packages
    from there, and ``setup`` can ``require`` them.

    Use it from any thread or from asyncio::

        with jsrun.RuntimePool(size=2, setup="globalThis.double = (x) => x * 2") as pool:
            pool.call("double", 21)            # 42, on whichever runtime is free
            pool.eval("double(2)", timeout=5)  # 4
            with pool.runtime() as rt:         # one runtime for several calls
                rt.eval("double(3)")

    A call waits while every runtime is busy (at most ``max_waiting``
    callers, default 1,024, may wait; one more raises
    :class:`PoolFullError`). A runtime whose call timed out, was terminated
    or hit the heap limit is closed and replaced. :meth:`close` waits for
    the calls under way, then closes every runtime.
    """

    def __init__(
        self,
        size: int = 2,
        *,
        setup: str | None = None,
        snapshot: bytes | None = None,
        config: RuntimeConfig | None = None,
        max_waiting: int | None = None,
        node_modules: str | os.PathLike[str] | None = None,
        node_env: Mapping[str, str] | None = None,
        node_allow_read: bool = False,
    ) -> None:
        if size < 1:
            raise ValueError("size must be at least 1")
        self._size = size
        self._setup = setup
        self._node_modules = None if node_modules is None else os.fspath(node_modules)
        self._node_env = None if node_env is None else dict(node_env)
        self._node_allow_read = node_allow_read
        self._snapshot = snapshot
        self._config = {name: getattr(config, name) for name in _CONFIG_FIELDS} if config is not None else {}
        self._inspector = config.inspector if config is not None else None
        self._console = config.console if config is not None else None
        self._max_waiting = DEFAULT_MAX_WAITING if max_waiting is None else max_waiting
        self._lock = threading.Condition()
        self._idle: list[Runtime] = []
        self._busy = 0
        self._waiting = 0
        self._replaced = 0
        self._calls = 0
        self._closed = False
        self._functions: dict[tuple[int, str], JsFunction] = {}
        self._async_waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
        self._idle = [self._make() for _ in range(size)]

    # ---- runtimes ----

    def _make(self) -> Runtime:
        options = dict(self._config)
        if self._snapshot is not None:
            options["snapshot"] = self._snapshot
        if self._console is not None:
            options["console"] = self._console
        if self._inspector is not None:
            options["inspector"] = self._inspector
        rt = Runtime(RuntimeConfig(**options))
        try:
            if self._node_modules is not None:
                rt.use_node_modules(self._node_modules, env=self._node_env, allow_read=self._node_allow_read)
            if self._setup is not None:
                # Run for its effects: whatever its last statement gives is not converted.
                rt.eval(f"{self._setup}\n;undefined")
        except BaseException:
            rt.close()
            raise
        return rt

    def _checkout(self, timeout: float | None) -> Runtime:
        with self._lock:
            if self._closed:
                raise RuntimeClosedError("the pool is closed")
            if not self._idle and self._waiting >= self._max_waiting:
                raise PoolFullError(f"{self._waiting} callers already wait for this pool's {self._size} runtimes")
            self._waiting += 1
            try:
                if not self._lock.wait_for(lambda: self._idle or self._closed, timeout):
                    raise JsTimeoutError(f"no runtime of the pool was free within {(timeout or 0) * 1000:.0f} ms")
            finally:
                self._waiting -= 1
            if self._closed:
                raise RuntimeClosedError("the pool is closed")
            self._busy += 1
            return self._idle.pop()

    def _checkin(self, rt: Runtime, spent: bool) -> None:
        if spent or rt.is_closed():
            rt.close()
            self._forget(rt)
            try:
                fresh: Runtime | None = None if self._closed else self._make()
            except BaseException:
                fresh = None
            with self._lock:
                self._replaced += 1
                self._finish(fresh)
            return
        with self._lock:
            self._finish(rt)

    def _finish(self, rt: Runtime | None) -> None:
        """With the lock: a call ended; `rt` goes back to the idle list."""
        self._busy -= 1
        self._calls += 1
        if rt is not None:
            if self._closed:
                rt.close()
            else:
                self._idle.append(rt)
        self._wake()

    def _wake(self) -> None:
        """With the lock: every waiter looks again (threads and event loops)."""
        self._lock.notify_all()
        for loop, woken in self._async_waiters:
            try:
                loop.call_soon_threadsafe(_set_done, woken)
            except RuntimeError:
                pass  # that event loop is closed
        self._async_waiters.clear()

    def _forget(self, rt: Runtime) -> None:
        with self._lock:
            for key in [k for k in self._functions if k[0] == id(rt)]:
                del self._functions[key]

    @contextmanager
    def runtime(self, *, timeout: Timeout = None) -> Iterator[Runtime]:
        """One runtime of the pool for the ``with`` block (waiting at most
        ``timeout`` for one to be free). If a call in the block times out, is
        terminated or hits the heap limit, the runtime is replaced."""
        rt = self._checkout(_seconds(timeout))
        spent = False
        try:
            yield rt
        except (JsTimeoutError, RuntimeTerminated):
            spent = True
            raise
        finally:
            self._checkin(rt, spent)

    # ---- calls ----

    def eval(self, code: str, *, timeout: Timeout = None) -> Any:
        """``rt.eval(code, timeout=...)`` on a free runtime."""
        with self.runtime(timeout=timeout) as rt:
            return rt.eval(code, timeout=timeout)

    def call(self, name: str, *args: Any, timeout: Timeout = None) -> Any:
        """Calls the global function ``name`` (defined by the set-up or
        snapshot) with ``args`` on a free runtime."""
        with self.runtime(timeout=timeout) as rt:
            return self._function(rt, name)(*args, timeout=timeout)

    def _function(self, rt: Runtime, name: str) -> JsFunction:
        key = (id(rt), name)
        with self._lock:
            found = self._functions.get(key)
        if found is None:
            found = rt.eval(f"(...args) => globalThis[{_js_string(name)}](...args)")
            with self._lock:
                self._functions[key] = found
        return found

    async def _checkout_async(self, seconds: float | None) -> Runtime:
        """As `_checkout`, waiting on the event loop (a future that the next
        check-in wakes), never on a thread."""
        loop = asyncio.get_running_loop()
        deadline = None if seconds is None else loop.time() + seconds
        while True:
            with self._lock:
                if self._closed:
                    raise RuntimeClosedError("the pool is closed")
                if self._idle:
                    self._busy += 1
                    return self._idle.pop()
                if self._waiting >= self._max_waiting:
                    raise PoolFullError(f"{self._waiting} callers already wait for this pool's {self._size} runtimes")
                woken: asyncio.Future[None] = loop.create_future()
                self._async_waiters.append((loop, woken))
                self._waiting += 1
            try:
                left = None if deadline is None else deadline - loop.time()
                if left is not None and left <= 0:
                    raise asyncio.TimeoutError
                await asyncio.wait_for(woken, left)
            except asyncio.TimeoutError:
                raise JsTimeoutError(f"no runtime of the pool was free within {(seconds or 0) * 1000:.0f} ms") from None
            finally:
                with self._lock:
                    self._waiting -= 1
                    if (loop, woken) in self._async_waiters:
                        self._async_waiters.remove((loop, woken))

    async def eval_async(self, code: str, *, timeout: Timeout = None) -> Any:
        """``await rt.eval_async(code, timeout=...)`` on a free runtime,
        without blocking the event loop while waiting for one."""
        seconds = _seconds(timeout)
        rt = await self._checkout_async(seconds)
        spent = False
        try:
            return await rt.eval_async(code, timeout=timeout)
        except (JsTimeoutError, RuntimeTerminated, asyncio.CancelledError):
            spent = True
            raise
        finally:
            self._checkin(rt, spent)

    async def call_async(self, name: str, *args: Any, timeout: Timeout = None) -> Any:
        """As :meth:`call`, awaiting a returned promise on a free runtime."""
        seconds = _seconds(timeout)
        rt = await self._checkout_async(seconds)
        spent = False
        try:
            return await self._function(rt, name).call_async(*args, timeout=timeout)
        except (JsTimeoutError, RuntimeTerminated, asyncio.CancelledError):
            spent = True
            raise
        finally:
            self._checkin(rt, spent)

    # ---- the pool ----

    def stats(self) -> PoolStats:
        """Runtimes idle and busy, callers waiting, runtimes replaced, calls done."""
        with self._lock:
            return PoolStats(
                size=self._size,
                idle=len(self._idle),
                busy=self._busy,
                waiting=self._waiting,
                replaced=self._replaced,
                calls=self._calls,
            )

    def recipe(self) -> PoolRecipe:
        """The pool's recipe: size, set-up source, snapshot bytes and the
        picklable part of its config (not an inspector or console callback)."""
        return PoolRecipe(
            size=self._size,
            setup=self._setup,
            snapshot=self._snapshot,
            config=dict(self._config),
            max_waiting=self._max_waiting,
            node_modules=self._node_modules,
            node_env=self._node_env,
            node_allow_read=self._node_allow_read,
        )

    def close(self, *, timeout: Timeout = None) -> None:
        """Stops new calls, waits (at most ``timeout``) for the calls under
        way, then closes every runtime. Idempotent."""
        with self._lock:
            self._closed = True
            self._wake()
            self._lock.wait_for(lambda: self._busy == 0, _seconds(timeout))
            idle, self._idle = self._idle, []
            self._functions.clear()
        for rt in idle:
            rt.close()

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> RuntimePool:
        return self

    def __exit__(self, *args: object) -> None:
        self.close()

    def __repr__(self) -> str:
        s = self.stats()
        return f"<RuntimePool size={s.size} idle={s.idle} busy={s.busy} {'closed' if self._closed else 'open'}>"


def _set_done(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _seconds(timeout: Timeout) -> float | None:
    if timeout is None:
        return None
    from ._jsrun import _parse_timeout

    return _parse_timeout(timeout)


def _js_string(text: str) -> str:
    import json

    return json.dumps(text)

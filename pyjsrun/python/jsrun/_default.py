"""Module-level ``jsrun.eval`` & co., on a default runtime per context.

The owner of a default runtime is the current asyncio task, or the current
thread outside of one. A runtime made inside a task is closed when the task
finishes; the main thread's is closed at interpreter exit.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from ._runtime import Runtime

_default: ContextVar[tuple[object, Runtime] | None] = ContextVar("jsrun_default_runtime", default=None)
_all_defaults: weakref.WeakSet[Runtime] = weakref.WeakSet()


def _owner() -> object:
    try:
        task = asyncio.current_task()
    except RuntimeError:
        task = None
    return task if task is not None else threading.current_thread()


def get_default_runtime() -> Runtime:
    """The runtime ``jsrun.eval`` and friends use in this context, created on first use."""
    owner = _owner()
    current = _default.get()
    if current is not None and current[0] is owner and not current[1].is_closed():
        return current[1]
    runtime = Runtime()
    _default.set((owner, runtime))
    _all_defaults.add(runtime)
    if isinstance(owner, asyncio.Task):
        owner.add_done_callback(lambda _task: runtime.close())
    return runtime


def close_default_runtime() -> None:
    """Close this context's default runtime (a no-op if there is none)."""
    current = _default.get()
    if current is None:
        return
    owner, runtime = current
    if owner is not _owner():
        raise RuntimeError("the default runtime belongs to another task or thread")
    runtime.close()
    _default.set(None)


def eval(code: str) -> Any:  # noqa: A001 - the published API's name
    """``get_default_runtime().eval(code)``."""
    return get_default_runtime().eval(code)


async def eval_async(code: str, **kwargs: Any) -> Any:
    """``await get_default_runtime().eval_async(code, timeout=...)``."""
    return await get_default_runtime().eval_async(code, **kwargs)  # type: ignore[attr-defined]


def bind_function(name: str, handler: Callable[..., Any]) -> None:
    """``get_default_runtime().bind_function(name, handler)``."""
    get_default_runtime().bind_function(name, handler)


def bind_object(name: str, obj: dict[str, Any]) -> None:
    """``get_default_runtime().bind_object(name, obj)``."""
    get_default_runtime().bind_object(name, obj)


def close_defaults() -> None:
    """Closes every default runtime (at exit, from ``jsrun._runtime``)."""
    for runtime in list(_all_defaults):
        runtime.close()

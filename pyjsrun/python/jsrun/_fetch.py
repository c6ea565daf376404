"""``fetch()`` inside a runtime, answered by Python (``RuntimeConfig(fetch=...)``).

A runtime never reaches the network by itself: its ``fetch`` hands every
request to the handler the user gave, as a :class:`FetchRequest`, and turns
the :class:`FetchResponse` it returns (or, during ``eval_async``, the one an
``async def`` handler returns) into a JavaScript ``Response``.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["FetchHandler", "FetchRequest", "FetchResponse"]


@dataclass(frozen=True)
class FetchRequest:
    """A request made by JavaScript's ``fetch()``."""

    method: str
    url: str
    headers: list[tuple[str, str]] = field(default_factory=list)
    """Names lowercased, in the order JavaScript's ``Headers`` iterates them."""
    body: bytes | None = None


@dataclass(frozen=True)
class FetchResponse:
    """What a fetch handler answers; ``body`` may be ``bytes`` or ``str`` (UTF-8)."""

    status: int = 200
    headers: list[tuple[str, str]] | dict[str, str] = field(default_factory=list)
    body: bytes | str = b""
    status_text: str = ""


FetchHandler = Callable[[FetchRequest], FetchResponse | Awaitable[FetchResponse]]


def _reply(response: object) -> list[Any]:
    if not isinstance(response, FetchResponse):
        raise TypeError(f"a fetch handler must return a jsrun.FetchResponse, not {type(response).__name__}")
    headers = list(response.headers.items()) if isinstance(response.headers, dict) else list(response.headers)
    body = response.body.encode() if isinstance(response.body, str) else bytes(response.body)
    return [response.status, response.status_text, [list(pair) for pair in headers], body]


def _request(method: str, url: str, headers: list[list[str]], body: bytes | None) -> FetchRequest:
    return FetchRequest(method, url, [(name, value) for name, value in headers], body)


def adapt(handler: FetchHandler) -> Callable[..., Any]:
    """The host function behind JavaScript's ``fetch`` for ``handler``."""
    call = type(handler).__call__ if not inspect.isfunction(handler) else None
    if inspect.iscoroutinefunction(handler) or (call is not None and inspect.iscoroutinefunction(call)):

        async def fetch_async(method: str, url: str, headers: list[list[str]], body: bytes | None) -> list[Any]:
            return _reply(await handler(_request(method, url, headers, body)))  # type: ignore[misc]

        return fetch_async

    def fetch(method: str, url: str, headers: list[list[str]], body: bytes | None) -> list[Any]:
        return _reply(handler(_request(method, url, headers, body)))

    return fetch

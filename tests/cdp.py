"""A small synchronous CDP client for the inspector tests."""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from websockets.sync.client import ClientConnection, connect


class CdpError(Exception):
    pass


class Cdp:
    def __init__(self, url: str, timeout: float = 20.0) -> None:
        self.ws: ClientConnection = connect(url, max_size=None, open_timeout=timeout, ping_interval=None)
        self.timeout = timeout
        self.next_id = 1
        self.events: deque[dict[str, Any]] = deque()

    def close(self) -> None:
        self.ws.close()

    def __enter__(self) -> Cdp:
        return self

    def __exit__(self, *args: object) -> None:
        self.close()

    def send(self, method: str, **params: Any) -> int:
        call_id = self.next_id
        self.next_id += 1
        self.ws.send(json.dumps({"id": call_id, "method": method, "params": params}))
        return call_id

    def read(self) -> dict[str, Any]:
        message = self.ws.recv(timeout=self.timeout)
        result: dict[str, Any] = json.loads(message)
        return result

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        call_id = self.send(method, **params)
        while True:
            message = self.read()
            if message.get("id") == call_id:
                if "error" in message:
                    raise CdpError(f"{method}: {message['error']}")
                result: dict[str, Any] = message["result"]
                return result
            self.events.append(message)

    def event(self, method: str, where: Callable[[dict[str, Any]], bool] = lambda p: True) -> dict[str, Any]:
        for message in list(self.events):
            if message.get("method") == method and where(message["params"]):
                self.events.remove(message)
                params: dict[str, Any] = message["params"]
                return params
        while True:
            message = self.read()
            if message.get("method") == method and where(message["params"]):
                params = message["params"]
                return params
            self.events.append(message)


class Background:
    """Runs a blocking call (an eval that will pause) on a thread."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        self.result: Any = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(fn,), daemon=True)
        self.thread.start()

    def _run(self, fn: Callable[[], Any]) -> None:
        try:
            self.result = fn()
        except BaseException as e:  # noqa: BLE001 - handed to the test
            self.error = e

    def join(self, timeout: float = 20.0) -> Any:
        self.thread.join(timeout)
        assert not self.thread.is_alive(), "the call did not finish"
        if self.error is not None:
            raise self.error
        return self.result

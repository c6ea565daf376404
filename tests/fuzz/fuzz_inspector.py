"""Fuzz target: messages on the DevTools inspector's wire.

A runtime with an inspector is served on a loopback port; each input becomes
one or more WebSocket messages on a session: arbitrary text, malformed or
mistyped JSON, known and unknown methods with random params, binary frames,
fragmented messages, messages over the size limit, and calls after the
session closed. After each input the server must still answer: a fresh
``Runtime.evaluate`` returns 2 (a paused debugger is resumed first). A crash,
a hang or a wrong answer is a finding.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import atheris
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

with atheris.instrument_imports(include=["jsrun"]):
    import jsrun

RT = jsrun.Runtime(jsrun.RuntimeConfig(inspector=jsrun.InspectorConfig(port=0)))
ENDPOINTS = RT.inspector_endpoints()
assert ENDPOINTS is not None
METHODS = [
    "Runtime.evaluate", "Runtime.enable", "Runtime.getProperties", "Runtime.callFunctionOn",
    "Runtime.compileScript", "Runtime.releaseObjectGroup", "Debugger.enable", "Debugger.disable",
    "Debugger.setBreakpointByUrl", "Debugger.removeBreakpoint", "Debugger.pause", "Debugger.resume",
    "Debugger.stepOver", "Debugger.getScriptSource", "Debugger.setPauseOnExceptions",
    "Debugger.evaluateOnCallFrame", "Profiler.enable", "Profiler.start", "Profiler.stop",
    "HeapProfiler.enable", "HeapProfiler.collectGarbage", "Console.enable", "Schema.getDomains",
    "NodeRuntime.notifyWhenWaitingForDisconnect", "Network.enable", "Nope.nothing", "", "Runtime.",
]  # fmt: skip
socket: ClientConnection | None = None


def session() -> ClientConnection:
    global socket
    if socket is None:
        socket = connect(ENDPOINTS.websocket_url, max_size=None, open_timeout=20, ping_interval=None)
    return socket


def drop() -> None:
    global socket
    if socket is not None:
        socket.close()
        socket = None


@atheris.instrument_func
def junk(fdp: atheris.FuzzedDataProvider, depth: int = 0) -> Any:
    kind = fdp.ConsumeIntInRange(0, 7 if depth < 3 else 4)
    if kind == 0:
        return None
    if kind == 1:
        return fdp.ConsumeInt(8)
    if kind == 2:
        return fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 20))
    if kind == 3:
        return fdp.ConsumeBool()
    if kind == 4:
        return fdp.ConsumeRegularFloat()
    if kind == 5:
        return [junk(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 3))]
    keys = ["expression", "objectId", "url", "lineNumber", "scriptId", "state", "functionDeclaration", "x"]
    return {keys[fdp.ConsumeIntInRange(0, len(keys) - 1)]: junk(fdp, depth + 1) for _ in range(3)}


@atheris.instrument_func
def message(fdp: atheris.FuzzedDataProvider) -> str | bytes | list[str]:
    kind = fdp.ConsumeIntInRange(0, 5)
    if kind == 0:
        return fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 200))
    if kind == 1:
        return fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 200))
    call: dict[str, Any] = {
        "id": junk(fdp) if fdp.ConsumeBool() else fdp.ConsumeIntInRange(1000, 10**6),
        "method": METHODS[fdp.ConsumeIntInRange(0, len(METHODS) - 1)],
        "params": junk(fdp),
    }
    text = json.dumps(call)
    if kind == 2:
        return text[: fdp.ConsumeIntInRange(0, len(text))]  # cut short
    if kind == 3:
        cut = fdp.ConsumeIntInRange(0, len(text))
        return [text[:cut], text[cut:]]  # fragmented
    if kind == 4 and fdp.ConsumeIntInRange(0, 50) == 0:
        return json.dumps({"id": 1, "method": "Runtime.evaluate", "params": {"expression": "x" * (17 << 20)}})
    return text


# Each check's call has an id of its own, above the inputs' (small junk or
# 1000..10**6): V8 10.2 answers a call whose id is not an integer with an
# error carrying whatever id it read last — often the previous check's.
checks = iter(range(2_000_000_000, 2_147_483_647, 2))


def alive() -> None:
    """The server answers a real call (resuming a debugger the input paused)."""
    ws = session()
    call = next(checks)
    ws.send(json.dumps({"id": call, "method": "Runtime.evaluate", "params": {"expression": "1 + 1"}}))
    while True:
        reply = json.loads(ws.recv(timeout=30))
        if reply.get("method") == "Debugger.paused":
            ws.send(json.dumps({"id": call + 1, "method": "Debugger.resume"}))
        elif reply.get("id") == call:
            if reply.get("result", {}).get("result", {}).get("value") != 2:
                raise AssertionError(f"wrong answer: {reply}")
            return


@atheris.instrument_func
def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    for _ in range(fdp.ConsumeIntInRange(1, 4)):
        if fdp.ConsumeIntInRange(0, 20) == 0:
            drop()  # the next message goes to a new session; the old one is gone
        try:
            session().send(message(fdp))
        except ConnectionClosed:
            drop()  # the server may end a session that broke the protocol
    try:
        alive()
    except ConnectionClosed:
        drop()
        alive()


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()

"""Workers in DevTools: each worker of a runtime with an inspector is a target
of its own on the same port, paused and inspected over its own WebSocket."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request
from typing import Any

import pytest
from cdp import Cdp

import jsrun

WORKER = """
globalThis.worker = new Worker(URL.createObjectURL(new Blob([`
  self.secret = 41;
  onmessage = (event) => {
    const local = event.data;
    debugger;
    postMessage(local + secret);
  };
  postMessage('ready');
`])), { name: 'probe' });
globalThis.answers = [];
worker.onmessage = (event) => answers.push(event.data);
"""

# The worker's next answer, taken from `answers`.
NEXT_ANSWER = "new Promise((r) => { const t = () => (answers.length ? r(answers.shift()) : setTimeout(t, 5)); t(); })"


def targets(port: int) -> list[dict[str, Any]]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=10) as response:
        listed: list[dict[str, Any]] = json.loads(response.read())
        return listed


def targets_until(port: int, count: int) -> list[dict[str, Any]]:
    """`/json` once it lists `count` targets (a worker starts, or ends, on threads of its own: 10 s at most)."""
    for _ in range(1000):
        listed = targets(port)
        if len(listed) == count:
            return listed
        time.sleep(0.01)
    raise AssertionError(f"/json never listed {count} targets: {listed}")


def test_a_worker_is_a_target_of_its_own_and_pauses_there() -> None:
    config = jsrun.RuntimeConfig(inspector=jsrun.InspectorConfig(port=0, display_name="main"))
    with jsrun.Runtime(config) as rt:
        endpoints = rt.inspector_endpoints()
        assert endpoints is not None
        rt.eval(WORKER)
        # Listed from its start (before its script runs); here it has run.
        assert asyncio.run(rt.eval_async(NEXT_ANSWER, timeout=10)) == "ready"
        listed = targets_until(endpoints.port, 2)
        [theirs] = [t for t in listed if t["title"] != "main"]
        assert theirs["title"].startswith("main - worker ") and theirs["title"].endswith(" (probe)")
        assert theirs["url"].startswith("blob:null/") and theirs["type"] == "node"
        with Cdp(theirs["webSocketDebuggerUrl"]) as cdp:
            # The worker's own globals: this session is its isolate's.
            assert cdp.call("Runtime.evaluate", expression="secret + 1")["result"]["value"] == 42
            assert cdp.call("Runtime.evaluate", expression="name")["result"]["value"] == "probe"
            cdp.call("Debugger.enable")
            rt.eval("worker.postMessage(1)")  # the parent goes on while the worker is paused
            paused = cdp.event("Debugger.paused")
            frame = paused["callFrames"][0]["callFrameId"]
            found = cdp.call("Debugger.evaluateOnCallFrame", callFrameId=frame, expression="local * 100")
            assert found["result"]["value"] == 100
            assert rt.eval("answers.length") == 0  # (none while it is paused)
            cdp.call("Debugger.resume")
            assert asyncio.run(rt.eval_async(NEXT_ANSWER, timeout=10)) == 42
            rt.eval("worker.terminate()")
            # Its runtime closed: the session ends as a closed runtime's does, and /json forgets it.
            with pytest.raises(Exception, match="1001"):
                while True:
                    cdp.read()
        assert [t["title"] for t in targets_until(endpoints.port, 1)] == ["main"]


def test_node_workers_and_nested_workers_are_targets_too(tmp_path: Any) -> None:
    config = jsrun.RuntimeConfig(inspector=jsrun.InspectorConfig(port=0, display_name="main"))
    with jsrun.Runtime(config) as rt:
        rt.use_node_modules(tmp_path)
        endpoints = rt.inspector_endpoints()
        assert endpoints is not None
        rt.eval(
            """const { Worker } = require('worker_threads');
            globalThis.outer = new Worker(`
              const { Worker } = require('worker_threads');
              globalThis.inner = new Worker('setInterval(() => {}, 1000)', { eval: true, name: 'inner' });
              setInterval(() => {}, 1000);`, { eval: true, name: 'outer' });"""
        )
        titles = sorted(t["title"] for t in targets_until(endpoints.port, 3))
        assert titles[0] == "main"
        assert titles[1].startswith("main - worker ") and titles[1].endswith(" (outer)")
        # A worker's worker is named after its parent.
        assert titles[2].startswith(titles[1] + " - worker ") and titles[2].endswith(" (inner)")
        rt.eval("void outer.terminate()")
        assert [t["title"] for t in targets_until(endpoints.port, 1)] == ["main"]


def test_workers_of_a_runtime_without_inspector_are_not_served() -> None:
    with jsrun.Runtime() as rt:
        rt.eval(WORKER)
        assert rt.inspector_endpoints() is None
        assert asyncio.run(rt.eval_async(NEXT_ANSWER, timeout=10)) == "ready"
        rt.eval("worker.postMessage(1)")
        assert asyncio.run(rt.eval_async(NEXT_ANSWER, timeout=10)) == 42

"""Debug JavaScript and WebAssembly running in jsrun with Chrome DevTools.

    .venv/bin/python examples/inspector.py

prints a ``devtools://`` URL and waits. Open it in Chrome (or open
``chrome://inspect`` and click "inspect" under Remote Target): the script
then runs and stops at the ``debugger;`` statement. Step into ``mul_add`` to
land in the WebAssembly function, with its locals in the Scope pane.

``--self-test`` plays the part of DevTools itself over the same WebSocket
protocol (the tests run it that way).
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

import jsrun

WASM = (Path(__file__).parent / "mul_add.wasm").read_bytes()  # compiled from mul_add.wat

PROGRAM = """\
const module = new WebAssembly.Module(wasm.bytes);
const instance = new WebAssembly.Instance(module, { env: { log: (v) => pyLog(v) } });
debugger; // DevTools stops here: press F11 (step into) to enter the Wasm function
const result = instance.exports.mul_add(6, 7);
`mul_add(6, 7) = ${result}`
//# sourceURL=examples/inspector-program.js
"""


def run(self_test: bool) -> None:
    config = jsrun.InspectorConfig(port=0 if self_test else 9229, wait_for_connection=True)
    with jsrun.Runtime(jsrun.RuntimeConfig(inspector=config)) as rt:
        rt.bind_function("pyLog", lambda v: print(f"Wasm logged {v}"))
        rt.bind_object("wasm", {"bytes": WASM})
        endpoints = rt.inspector_endpoints()
        assert endpoints is not None
        if self_test:
            client = threading.Thread(target=act_as_devtools, args=(endpoints.websocket_url,))
            client.start()
        print(rt.eval(PROGRAM))  # waits for the debugger, then pauses at `debugger;`
        if self_test:
            client.join()


def act_as_devtools(url: str) -> None:
    sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
    from cdp import Cdp

    with Cdp(url) as cdp:
        cdp.call("Runtime.enable")
        cdp.call("Debugger.enable")
        cdp.call("Runtime.runIfWaitingForDebugger")
        paused = cdp.event("Debugger.paused")
        print("paused at line", paused["callFrames"][0]["location"]["lineNumber"] + 1)
        for _ in range(2):  # to the call, then into the Wasm function
            cdp.call("Debugger.stepInto")
            paused = cdp.event("Debugger.paused")
        frame = paused["callFrames"][0]
        value = cdp.call("Debugger.evaluateOnCallFrame", callFrameId=frame["callFrameId"], expression="$a")
        print("in", frame["functionName"], "with $a of type", value["result"]["description"])
        cdp.call("Debugger.resume")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")  # shows "Debugger listening on ..."
    run(self_test="--self-test" in sys.argv)

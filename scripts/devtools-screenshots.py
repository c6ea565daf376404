"""Takes the DevTools screenshots in docs/images with headless Chromium.

    .venv/bin/python scripts/devtools-screenshots.py [--out DIR]

Runs examples/inspector.py's program in a jsrun runtime with the inspector
on, opens Chromium's own DevTools frontend on it (the devtools:// URL that
jsrun logs), and captures it paused on a JS statement and then inside the
Wasm function. A second CDP session of ours does the stepping, which the
frontend follows like any other pause.

Then the same for C: examples/wasm_c/sum.c built with a source map
(scripts/build-wasm-c.sh), served through the inspector's source roots. The
frontend itself sets a breakpoint on a C line and steps over it (through its
own modules, as its UI would); the captures show the C source paused on that
line and then on the next. Needs Debian's `chromium`, clang and lld.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from cdp import Cdp  # noqa: E402

import jsrun  # noqa: E402

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
]


class Browser:
    """Chromium's own CDP, with one flattened session on a page."""

    def __init__(self, ws_url: str) -> None:
        self.ws = connect(ws_url, max_size=None)
        self.next_id = 1
        self.session: str | None = None

    def call(self, method: str, session: bool = True, **params: Any) -> dict[str, Any]:
        call_id = self.next_id
        self.next_id += 1
        message: dict[str, Any] = {"id": call_id, "method": method, "params": params}
        if session and self.session:
            message["sessionId"] = self.session
        self.ws.send(json.dumps(message))
        while True:
            reply = json.loads(self.ws.recv(timeout=30))
            if reply.get("id") == call_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply["result"]
                return result

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))
        print("wrote", path)


def launch(profile: str) -> tuple[subprocess.Popen[bytes], str]:
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("needs Debian's chromium (apt-get install chromium)")
    proc = subprocess.Popen(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its helper processes too can be stopped as a group
    )
    active = Path(profile) / "DevToolsActivePort"
    for _ in range(300):
        if active.exists() and len(active.read_text().split()) == 2:
            port, path = active.read_text().split()
            return proc, f"ws://127.0.0.1:{port}{path}"
        time.sleep(0.1)
    proc.kill()
    sys.exit("chromium did not start")


def frontend(browser: Browser, expression: str) -> Any:
    """The value of `expression` (awaited) in the DevTools frontend's page."""
    reply = browser.call("Runtime.evaluate", expression=expression, awaitPromise=True)
    if "exceptionDetails" in reply:
        raise RuntimeError(f"in the frontend: {reply['exceptionDetails']}")
    return reply["result"].get("value")


C_PROGRAM = (
    "const sum = new WebAssembly.Instance(new WebAssembly.Module(wasm.bytes)).exports;\ndebugger;\nsum.square(7);\n"
)
# Where the frontend is paused (a Wasm byte offset), from its own model.
PAUSED_AT = """(async () => {
  const SDK = await import('./core/sdk/sdk.js');
  for (const target of SDK.TargetManager.TargetManager.instance().targets()) {
    const details = target.model(SDK.DebuggerModel.DebuggerModel)?.debuggerPausedDetails();
    if (details) return details.callFrames[0].location().columnNumber;
  }
  return null;
})()"""


def c_source(browser: Browser, out: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_inspector_sourcemaps import mappings

    built = Path(tempfile.mkdtemp())
    subprocess.run([ROOT / "scripts" / "build-wasm-c.sh", ROOT / "examples" / "wasm_c" / "sum.c", built], check=True)
    source_map = json.loads((built / "sum.wasm.map").read_text())
    lines = (built / "sum.c").read_text().splitlines()
    line_of = {offset: line for offset, line, _ in mappings(source_map)}
    body = next(i for i, text in enumerate(lines) if "int y = x * x;" in text)

    config = jsrun.InspectorConfig(
        port=0, wait_for_connection=True, source_roots=[built], display_name="examples/wasm_c/sum.c"
    )
    rt = jsrun.Runtime(jsrun.RuntimeConfig(inspector=config))
    rt.bind_object("wasm", {"bytes": (built / "sum.wasm").read_bytes()})
    endpoints = rt.inspector_endpoints()
    assert endpoints is not None
    helper = Cdp(endpoints.websocket_url)  # sees the pauses
    helper.call("Debugger.enable")
    done = threading.Thread(target=lambda: rt.eval(C_PROGRAM), daemon=True)
    done.start()
    try:
        browser.call("Page.navigate", url=endpoints.devtools_frontend_url)
        helper.event("Debugger.paused")  # at `debugger;`
        c_url = (built / "sum.c").as_uri()
        has_c = (
            "(async () => { const W = await import('./models/workspace/workspace.js');"
            f" return !!W.Workspace.WorkspaceImpl.instance().uiSourceCodeForURL({json.dumps(c_url)}); }})()"
        )
        for _ in range(100):  # the frontend loads the map, then lists sum.c
            if frontend(browser, has_c):
                break
            time.sleep(0.1)
        else:
            raise RuntimeError("the frontend never listed sum.c: the source map did not load")
        # Open sum.c and set a breakpoint on `int y = x * x;`, as a click in its gutter does.
        frontend(
            browser,
            "(async () => { const W = await import('./models/workspace/workspace.js');"
            " const C = await import('./core/common/common.js');"
            " const B = await import('./models/breakpoints/breakpoints.js');"
            f" const source = W.Workspace.WorkspaceImpl.instance().uiSourceCodeForURL({json.dumps(c_url)});"
            " await C.Revealer.reveal(source);"
            f" await B.BreakpointManager.BreakpointManager.instance().setBreakpoint(source, {body}, undefined, '',"
            " true, false, B.BreakpointManager.BreakpointOrigin.USER_ACTION); })()",
        )
        time.sleep(1)
        helper.call("Debugger.resume")
        paused = helper.event("Debugger.paused")["callFrames"][0]["location"]["columnNumber"]
        assert line_of.get(paused) == body, (paused, line_of)
        time.sleep(3)
        browser.screenshot(out / "devtools-paused-c.png")
        # V8 steps over a range only if every session asks to: ours leaves.
        helper.call("Debugger.disable")
        frontend(
            browser,
            "(async () => { const UI = await import('./ui/legacy/legacy.js');"
            " UI.ActionRegistry.ActionRegistry.instance().getAction('debugger.step-over').execute(); })()",
        )
        for _ in range(100):
            stepped = frontend(browser, PAUSED_AT)
            if stepped is not None and stepped != paused:
                break
            time.sleep(0.1)
        assert "return y;" in lines[line_of[stepped]], (stepped, line_of)  # the next C line
        time.sleep(3)
        browser.screenshot(out / "devtools-stepped-c.png")
        helper.close()
    finally:
        rt.close()
        shutil.rmtree(built, ignore_errors=True)


def main(out: Path) -> None:
    spec = importlib.util.spec_from_file_location("example", ROOT / "examples" / "inspector.py")
    assert spec and spec.loader
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)

    config = jsrun.InspectorConfig(port=0, wait_for_connection=True, display_name="examples/inspector.py")
    rt = jsrun.Runtime(jsrun.RuntimeConfig(inspector=config))
    rt.bind_function("pyLog", lambda v: None)
    rt.bind_object("wasm", {"bytes": example.WASM})
    endpoints = rt.inspector_endpoints()
    assert endpoints is not None
    helper = Cdp(endpoints.websocket_url)  # does the stepping
    helper.call("Debugger.enable")
    done = threading.Thread(target=lambda: rt.eval(example.PROGRAM), daemon=True)
    done.start()

    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        proc, browser_url = launch(profile)
        try:
            browser = Browser(browser_url)
            target = browser.call("Target.createTarget", session=False, url="about:blank")["targetId"]
            browser.session = browser.call("Target.attachToTarget", session=False, targetId=target, flatten=True)[
                "sessionId"
            ]
            browser.call(
                "Emulation.setDeviceMetricsOverride", width=1400, height=860, deviceScaleFactor=1, mobile=False
            )
            browser.call("Page.enable")
            browser.call("Page.navigate", url=endpoints.devtools_frontend_url)
            paused = helper.event("Debugger.paused")  # DevTools attached and ran the program
            assert paused["callFrames"][0]["location"]["lineNumber"] == 2
            time.sleep(4)  # let the frontend load the source and lay out
            assert rt._inspector_session_count() == 2  # the frontend's and ours
            out.mkdir(parents=True, exist_ok=True)
            browser.screenshot(out / "devtools-paused-js.png")
            for _ in range(2):
                helper.call("Debugger.stepInto")
                paused = helper.event("Debugger.paused")
            assert paused["callFrames"][0]["functionName"] == "$mul_add"
            time.sleep(4)
            browser.screenshot(out / "devtools-paused-wasm.png")
            helper.call("Debugger.resume")
            done.join(10)
            c_source(browser, out)
        finally:
            # The whole group: a helper left running keeps writing to the profile.
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            rt.close()


if __name__ == "__main__":
    target = Path(sys.argv[sys.argv.index("--out") + 1]) if "--out" in sys.argv else ROOT / "docs" / "images"
    main(target)

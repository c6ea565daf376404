"""Takes the DevTools screenshots in docs/images with headless Chromium.

    .venv/bin/python scripts/devtools-screenshots.py [--out DIR]

Runs examples/inspector.py's program in a jsrun runtime with the inspector
on, opens Chromium's own DevTools frontend on it (the devtools:// URL that
jsrun logs), and captures it paused on a JS statement and then inside the
Wasm function. A second CDP session of ours does the stepping, which the
frontend follows like any other pause. Needs Debian's `chromium`.
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
        finally:
            # The whole group: a helper left running keeps writing to the profile.
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            rt.close()


if __name__ == "__main__":
    target = Path(sys.argv[sys.argv.index("--out") + 1]) if "--out" in sys.argv else ROOT / "docs" / "images"
    main(target)

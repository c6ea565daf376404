"""Source-level debugging of C compiled to Wasm, at the protocol level: a
module built from examples/wasm_c/sum.c with a source map made from its DWARF
(scripts/build-wasm-c.sh) is reported with its map's URL; the map and the C
source load through the inspector; a breakpoint at the offset the map gives
for a C line pauses there with the Wasm locals; stepping over that line's
range (as DevTools does for a mapped line) stops at the next C line."""

from __future__ import annotations

import base64
import json
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from cdp import Cdp

import jsrun

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "examples" / "wasm_c" / "sum.c"
VLQ = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wasm_c")
    subprocess.run([ROOT / "scripts" / "build-wasm-c.sh", SOURCE, out], check=True, timeout=600)
    return out


def mappings(source_map: dict[str, Any]) -> list[tuple[int, int, int]]:
    """(module offset, source line, source column), 0-based, from a Wasm source map (one line)."""
    rows, column, line, source_column = [], 0, 0, 0
    for segment in source_map["mappings"].split(";")[0].split(","):
        values, shift, value = [], 0, 0
        for ch in segment:
            digit = VLQ[ch]
            value += (digit & 31) << shift
            if digit & 32:
                shift += 5
            else:
                values.append(-(value >> 1) if value & 1 else value >> 1)
                shift = value = 0
        column += values[0]
        if len(values) >= 4:
            line += values[2]
            source_column += values[3]
            rows.append((column, line, source_column))
    return rows


def load(cdp: Cdp, url: str) -> bytes:
    handle = cdp.call("Network.loadNetworkResource", url=url, options={})["resource"]["stream"]
    data = b""
    while True:
        chunk = cdp.call("IO.read", handle=handle)
        data += base64.b64decode(chunk["data"]) if chunk["base64Encoded"] else chunk["data"].encode()
        if chunk["eof"]:
            return data


def local_values(cdp: Cdp, frame: dict[str, Any]) -> dict[str, Any]:
    scope = next(s for s in frame["scopeChain"] if s["type"] == "local")
    values = {}
    for prop in cdp.call("Runtime.getProperties", objectId=scope["object"]["objectId"], ownProperties=True)["result"]:
        inner = cdp.call("Runtime.getProperties", objectId=prop["value"]["objectId"], ownProperties=True)["result"]
        values[prop["name"]] = next(p["value"]["value"] for p in inner if p["name"] == "value")
    return values


def test_a_c_line_breakpoint_pauses_there_and_stepping_follows_c_lines(built: Path) -> None:
    config = jsrun.InspectorConfig(port=0, source_roots=[built])
    with jsrun.Runtime(jsrun.RuntimeConfig(inspector=config)) as rt:
        with Cdp(rt.inspector_endpoints().websocket_url) as cdp:
            cdp.call("Debugger.enable")
            make = rt.eval(
                "(bytes) => { globalThis.sum = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports; }"
            )
            make((built / "sum.wasm").read_bytes())
            script = cdp.event("Debugger.scriptParsed", lambda p: p.get("scriptLanguage") == "WebAssembly")
            map_url = (built / "sum.wasm.map").as_uri()
            assert script["sourceMapURL"] == map_url

            source_map = json.loads(load(cdp, map_url))
            assert source_map["sources"] == ["sum.c"]
            c_text = load(cdp, f"{map_url.rsplit('/', 1)[0]}/{source_map['sources'][0]}").decode()
            assert c_text == SOURCE.read_text()
            c_lines = c_text.splitlines()

            rows = mappings(source_map)
            line_of = {offset: line for offset, line, _ in rows}
            body = next(i for i, text in enumerate(c_lines) if "int y = x * x;" in text)
            first = min(offset for offset, line, _ in rows if line == body)
            after = min(offset for offset, line, _ in rows if offset > first and line != body)
            placed = cdp.call(
                "Debugger.setBreakpoint",
                location={"scriptId": script["scriptId"], "lineNumber": 0, "columnNumber": first},
            )
            assert placed["actualLocation"]["columnNumber"] == first

            result: dict[str, Any] = {}
            caller = threading.Thread(target=lambda: result.setdefault("value", rt.eval("sum.square(7)")))
            caller.start()
            paused = cdp.event("Debugger.paused")
            frame = paused["callFrames"][0]
            assert frame["location"]["columnNumber"] == first
            assert line_of[first] == body  # the map puts the pause on `int y = x * x;`
            assert local_values(cdp, frame)["$var0"] == 7  # the parameter x

            skip = {"scriptId": script["scriptId"], "start": {"lineNumber": 0, "columnNumber": first},
                    "end": {"lineNumber": 0, "columnNumber": after}}  # fmt: skip
            cdp.call("Debugger.stepOver", skipList=[skip])
            stepped = cdp.event("Debugger.paused")["callFrames"][0]["location"]["columnNumber"]
            assert "return y;" in c_lines[line_of[stepped]]  # the next C line
            cdp.call("Debugger.resume")
            caller.join(timeout=30)
            assert result["value"] == 49


def test_a_scripts_source_map_loads_the_same_way(tmp_path: Path) -> None:
    # `//# sourceMappingURL=` in a script: the same path as a Wasm module's map.
    (tmp_path / "app.ts").write_text("const answer: number = 42;\n")
    (tmp_path / "app.js.map").write_text('{"version":3,"sources":["app.ts"],"names":[],"mappings":"AAAA"}')
    config = jsrun.InspectorConfig(port=0, source_roots=[tmp_path])
    with jsrun.Runtime(jsrun.RuntimeConfig(inspector=config)) as rt:
        with Cdp(rt.inspector_endpoints().websocket_url) as cdp:
            cdp.call("Debugger.enable")
            map_url = (tmp_path / "app.js.map").as_uri()
            rt.eval(f"const answer = 42;\n//# sourceMappingURL={map_url}")
            script = cdp.event("Debugger.scriptParsed", lambda p: p.get("sourceMapURL") == map_url)
            assert script["url"].startswith("jsrun://eval/")
            assert json.loads(load(cdp, map_url))["sources"] == ["app.ts"]
            assert load(cdp, (tmp_path / "app.ts").as_uri()) == b"const answer: number = 42;\n"

"""The DevTools inspector from Python: configuration, discovery, and JS and
Wasm frames paused and inspected over a real WebSocket."""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cdp import Background, Cdp, CdpError

import jsrun
from conftest import compile_wat
from engines import V8_MAJOR


def inspected(**kwargs: Any) -> jsrun.Runtime:
    return jsrun.Runtime(jsrun.RuntimeConfig(inspector=jsrun.InspectorConfig(port=0, **kwargs)))


@pytest.fixture
def irt() -> Iterator[jsrun.Runtime]:
    with inspected() as runtime:
        yield runtime


def endpoints(rt: jsrun.Runtime) -> jsrun.InspectorEndpoints:
    e = rt.inspector_endpoints()
    assert e is not None
    return e


def http_get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


# ---- configuration ----


def test_config_defaults_and_validation() -> None:
    c = jsrun.InspectorConfig()
    assert (c.host, c.port, c.wait_for_connection, c.break_on_next_statement) == ("127.0.0.1", 9229, False, False)
    assert c.target_url is None and c.display_name is None
    assert c.endpoint() == "127.0.0.1:9229"
    assert jsrun.InspectorConfig("::1", 9300).endpoint() == "[::1]:9300"
    with pytest.raises(ValueError, match="Invalid inspector address"):
        jsrun.InspectorConfig("localhost")
    with pytest.raises(OverflowError):
        jsrun.InspectorConfig(port=70000)
    with pytest.raises(OverflowError):
        jsrun.InspectorConfig(port=-1)
    c.wait_for_connection = True
    c.display_name = "mine"
    assert "wait_for_connection=True" in repr(c) and "'mine'" not in repr(c) and '"mine"' in repr(c)
    with pytest.raises(TypeError):
        jsrun.RuntimeConfig(inspector="127.0.0.1:9229")  # type: ignore[arg-type]


def test_no_inspector_means_no_endpoints(rt: jsrun.Runtime) -> None:
    assert rt.inspector_endpoints() is None


def test_endpoints_and_discovery(irt: jsrun.Runtime) -> None:
    e = endpoints(irt)
    assert e.port > 0 and e.host == f"127.0.0.1:{e.port}"
    assert e.websocket_url == f"ws://127.0.0.1:{e.port}/{e.id}"
    assert (
        e.devtools_frontend_url == f"devtools://devtools/bundled/js_app.html?v8only=true&ws=127.0.0.1:{e.port}/{e.id}"
    )
    assert e.description == "jsrun" and e.target_url == "jsrun://runtime"
    assert e.title == f"jsrun - {threading.current_thread().name} [pid: {__import__('os').getpid()}]"
    assert e.id in repr(e)
    targets = http_get(f"http://127.0.0.1:{e.port}/json/list")
    assert [t["id"] for t in targets] == [e.id]
    assert targets[0]["webSocketDebuggerUrl"] == e.websocket_url
    version = http_get(f"http://127.0.0.1:{e.port}/json/version")
    assert version["V8-Version"] == jsrun.v8_version() and version["Protocol-Version"] == "1.3"


def test_names_and_urls_are_configurable() -> None:
    with inspected(display_name="worker 1", target_url="file:///app/main.js") as rt:
        e = endpoints(rt)
        assert (e.title, e.target_url) == ("worker 1", "file:///app/main.js")
        (target,) = http_get(f"http://127.0.0.1:{e.port}/json")
        assert (target["title"], target["url"]) == ("worker 1", "file:///app/main.js")


def test_start_is_logged_like_node(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="jsrun.inspector")
    with inspected(wait_for_connection=True) as rt:
        e = endpoints(rt)
    messages = [r.getMessage() for r in caplog.records if r.name == "jsrun.inspector"]
    assert f"Debugger listening on {e.websocket_url}" in messages
    assert f"Open in Chrome: {e.devtools_frontend_url}" in messages
    assert any("Runtime.runIfWaitingForDebugger" in m for m in messages)


def test_binding_beyond_loopback_warns(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="jsrun.inspector")
    with jsrun.Runtime(jsrun.RuntimeConfig(inspector=jsrun.InspectorConfig("0.0.0.0", 0))):
        pass
    warnings = [r for r in caplog.records if r.name == "jsrun.inspector" and r.levelno == logging.WARNING]
    assert warnings and "anyone who can reach it" in warnings[0].getMessage()


def test_a_busy_port_is_a_clear_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(RuntimeError, match=f"cannot start the inspector on 127.0.0.1:{port}"):
            jsrun.Runtime(jsrun.RuntimeConfig(inspector=jsrun.InspectorConfig(port=port)))


def test_one_port_many_runtimes_and_close_ends_sessions() -> None:
    first = inspected()
    port = endpoints(first).port
    second = jsrun.Runtime(jsrun.RuntimeConfig(inspector=jsrun.InspectorConfig(port=port)))
    ids = {t["id"] for t in http_get(f"http://127.0.0.1:{port}/json")}
    assert ids == {endpoints(first).id, endpoints(second).id}
    with Cdp(endpoints(second).websocket_url) as cdp:
        assert cdp.call("Runtime.evaluate", expression="'second'")["result"]["value"] == "second"
        second.close()
        with pytest.raises(Exception, match="1001 .*the runtime was closed"):
            cdp.read()
    assert [t["id"] for t in http_get(f"http://127.0.0.1:{port}/json")] == [endpoints(first).id]
    first.close()
    # The server is gone: the connection is refused, or reset if it raced the shutdown.
    with pytest.raises((urllib.error.URLError, ConnectionError)):
        http_get(f"http://127.0.0.1:{port}/json")


def test_rebinding_hosts_and_web_origins_are_refused(irt: jsrun.Runtime) -> None:
    e = endpoints(irt)
    request = urllib.request.Request(f"http://127.0.0.1:{e.port}/json", headers={"Host": "evil.example"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=10)
    assert info.value.code == 400
    from websockets.sync.client import connect

    with pytest.raises(Exception, match="403"):
        connect(e.websocket_url, origin="http://evil.example")  # type: ignore[arg-type]
    connect(e.websocket_url, origin="devtools://devtools").close()  # type: ignore[arg-type]


# ---- debugging JS ----


def test_idle_runtime_answers_runtime_evaluate(irt: jsrun.Runtime) -> None:
    irt.eval("globalThis.answer = 41")
    with Cdp(endpoints(irt).websocket_url) as cdp:
        assert cdp.call("Runtime.evaluate", expression="answer + 1")["result"]["value"] == 42


def test_paused_js_frame_scopes_and_stepping(irt: jsrun.Runtime) -> None:
    code = textwrap.dedent(
        """\
        function area(w, h) {
          const scale = 2;
          debugger;
          return w * h * scale;
        }
        area(3, 4)
        """
    )
    with Cdp(endpoints(irt).websocket_url) as cdp:
        cdp.call("Debugger.enable")
        call = Background(lambda: irt.eval(code))
        paused = cdp.event("Debugger.paused")
        frame = paused["callFrames"][0]
        assert frame["functionName"] == "area" and frame["location"]["lineNumber"] == 2
        script = cdp.event("Debugger.scriptParsed", lambda p: p["scriptId"] == frame["location"]["scriptId"])
        assert script["url"].startswith("jsrun://eval/")  # call frames' own url is always empty in V8 10.2
        local = next(s for s in frame["scopeChain"] if s["type"] == "local")
        props = cdp.call("Runtime.getProperties", objectId=local["object"]["objectId"], ownProperties=True)
        values = {p["name"]: p["value"].get("value") for p in props["result"]}
        assert values == {"w": 3, "h": 4, "scale": 2}
        result = cdp.call("Debugger.evaluateOnCallFrame", callFrameId=frame["callFrameId"], expression="w * 10")
        assert result["result"]["value"] == 30
        # While paused the calling thread waits with the GIL released: Python keeps running.
        assert sum(range(1000)) == 499500
        cdp.call("Debugger.stepOver")
        assert cdp.event("Debugger.paused")["callFrames"][0]["location"]["lineNumber"] == 3
        cdp.call("Debugger.stepOut")
        frames = cdp.event("Debugger.paused")["callFrames"]
        assert len(frames) == 1 and frames[0]["location"]["lineNumber"] >= 5  # back in the script's top level
        cdp.call("Debugger.resume")
        assert call.join() == 24


def test_breakpoint_by_url_survives_re_evaluation(irt: jsrun.Runtime) -> None:
    code = "function f(x) {\n  return x + 1;\n}\n//# sourceURL=app/f.js\n"
    with Cdp(endpoints(irt).websocket_url) as cdp:
        cdp.call("Debugger.enable")
        bp = cdp.call("Debugger.setBreakpointByUrl", url="app/f.js", lineNumber=1)
        irt.eval(code)
        f = irt.eval("f")
        call = Background(lambda: f(41))
        paused = cdp.event("Debugger.paused")
        assert paused["hitBreakpoints"] == [bp["breakpointId"]]
        cdp.call("Debugger.resume")
        assert call.join() == 42


def test_pause_on_exceptions_then_python_gets_the_error(irt: jsrun.Runtime) -> None:
    with Cdp(endpoints(irt).websocket_url) as cdp:
        cdp.call("Debugger.enable")
        # V8 10.2 knows "none", "uncaught" and "all" only; 11 adds "caught".
        if V8_MAJOR >= 11:
            cdp.call("Debugger.setPauseOnExceptions", state="caught")
        else:
            with pytest.raises(CdpError):
                cdp.call("Debugger.setPauseOnExceptions", state="caught")
        cdp.call("Debugger.setPauseOnExceptions", state="all")
        call = Background(lambda: irt.eval("throw new RangeError('bad range')"))
        paused = cdp.event("Debugger.paused")
        assert paused["reason"] == "exception" and paused["data"]["className"] == "RangeError"
        cdp.call("Debugger.resume")
        with pytest.raises(jsrun.JavaScriptError, match="bad range"):
            call.join()
    assert irt.eval("1 + 1") == 2


def test_console_and_uncaught_errors_show_in_devtools(irt: jsrun.Runtime) -> None:
    with Cdp(endpoints(irt).websocket_url) as cdp:
        cdp.call("Runtime.enable")
        irt.eval("console.warn('careful', {n: 1})")
        called = cdp.event("Runtime.consoleAPICalled")
        assert called["type"] == "warning" and called["args"][0]["value"] == "careful"
        with pytest.raises(jsrun.JavaScriptError):
            irt.eval("undefinedFunction()")
        thrown = cdp.event("Runtime.exceptionThrown")
        assert "ReferenceError" in thrown["exceptionDetails"]["exception"]["description"]
        # Errors that end no call: a timer's, an unhandled rejection in a synchronous eval.
        irt.eval("setTimeout(() => { throw new TypeError('from a timer') }, 0)")
        thrown = cdp.event("Runtime.exceptionThrown")
        assert "TypeError: from a timer" in thrown["exceptionDetails"]["exception"]["description"]
        assert irt.eval("Promise.reject(new RangeError('not handled')); 1") == 1
        thrown = cdp.event("Runtime.exceptionThrown")
        assert "RangeError: not handled" in thrown["exceptionDetails"]["exception"]["description"]
        assert thrown["exceptionDetails"]["text"] == "Uncaught (in promise)"
        # A handler added later takes the report back, as in Chrome.
        assert irt.eval("globalThis.late = Promise.reject(new Error('handled later')); 1") == 1
        thrown = cdp.event("Runtime.exceptionThrown")
        assert "Error: handled later" in thrown["exceptionDetails"]["exception"]["description"]
        assert irt.eval("late.catch(() => {}); 2") == 2
        revoked = cdp.event("Runtime.exceptionRevoked")
        assert revoked == {
            "reason": "Handler added to rejected promise",
            "exceptionId": thrown["exceptionDetails"]["exceptionId"],
        }


def test_debugger_pause_interrupts_a_busy_loop_and_other_runtimes_keep_going(irt: jsrun.Runtime) -> None:
    with Cdp(endpoints(irt).websocket_url) as cdp, jsrun.Runtime() as other:
        cdp.call("Debugger.enable")
        call = Background(lambda: irt.eval("globalThis.go = true; let n = 0; while (go) n++; 'stopped'"))
        time.sleep(0.1)
        cdp.call("Debugger.pause")
        frame = cdp.event("Debugger.paused")["callFrames"][0]
        # Another runtime on another thread runs while this one is paused.
        assert Background(lambda: other.eval("6 * 7")).join() == 42
        cdp.call("Debugger.evaluateOnCallFrame", callFrameId=frame["callFrameId"], expression="go = false")
        cdp.call("Debugger.resume")
        assert call.join() == "stopped"


def test_profiler_and_heap_profiler(irt: jsrun.Runtime) -> None:
    fib = "function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) }"
    with Cdp(endpoints(irt).websocket_url) as cdp:
        cdp.call("Profiler.enable")
        cdp.call("Profiler.setSamplingInterval", interval=100)
        # console.profile samples the thread running the code (V8 samples the
        # thread that starts a profile; see docs/inspector.md).
        irt.eval(f"{fib}; console.profile('fib'); fib(30); console.profileEnd('fib')")
        profile = cdp.event("Profiler.consoleProfileFinished")["profile"]
        assert any(n["callFrame"]["functionName"] == "fib" for n in profile["nodes"])
        # Profiler.start while idle samples the runtime's loop thread, where eval_async runs.
        cdp.call("Profiler.start")
        assert asyncio.run(irt.eval_async("fib(30)")) == 832040
        profile = cdp.call("Profiler.stop")["profile"]
        assert any(n["callFrame"]["functionName"] == "fib" for n in profile["nodes"])
        assert profile["endTime"] > profile["startTime"] > 0
        cdp.call("HeapProfiler.enable")
        usage = cdp.call("Runtime.getHeapUsage")
        assert usage["usedSize"] > 0
        cdp.send("HeapProfiler.takeHeapSnapshot", reportProgress=False)
        chunk = cdp.event("HeapProfiler.addHeapSnapshotChunk")
        assert chunk["chunk"].startswith('{"snapshot"')


# ---- waiting for a debugger ----


def test_wait_for_connection_blocks_the_first_execution_until_run() -> None:
    with inspected(wait_for_connection=True) as rt:
        call = Background(lambda: rt.eval("'ran'"))
        time.sleep(0.3)
        assert call.thread.is_alive()
        with Cdp(endpoints(rt).websocket_url) as cdp:
            cdp.call("Runtime.enable")
            time.sleep(0.1)
            assert call.thread.is_alive()
            cdp.call("Runtime.runIfWaitingForDebugger")
            assert call.join() == "ran"
        assert rt.eval("'again'") == "again"  # only the first execution waits


def test_a_timeout_interrupts_the_wait() -> None:
    with inspected(wait_for_connection=True) as rt:
        with pytest.raises(jsrun.JsTimeoutError):
            rt.eval("1", timeout=0.2)


def test_break_on_next_statement() -> None:
    with inspected(break_on_next_statement=True) as rt:
        call = Background(lambda: rt.eval("const first = 1;\nfirst + 1"))
        with Cdp(endpoints(rt).websocket_url) as cdp:
            cdp.call("Debugger.enable")
            cdp.call("Runtime.runIfWaitingForDebugger")
            paused = cdp.event("Debugger.paused")
            assert paused["callFrames"][0]["location"]["lineNumber"] == 0
            cdp.call("Debugger.resume")
            assert call.join() == 2


def interrupted(code: str) -> list[str]:
    """Runs `code` in a subprocess, sends it SIGINT once it prints "ready"."""
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parent,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    return out.split()


def test_ctrl_c_interrupts_the_wait_for_a_debugger() -> None:
    out = interrupted(
        """
        import jsrun
        rt = jsrun.Runtime(jsrun.RuntimeConfig(inspector=jsrun.InspectorConfig(port=0, wait_for_connection=True)))
        print("ready", flush=True)
        try:
            rt.eval("1")
        except KeyboardInterrupt:
            print("KeyboardInterrupt", flush=True)
        try:  # still no debugger: the next execution waits again
            rt.eval("2", timeout=0.2)
        except jsrun.JsTimeoutError:
            print("waits-again")
        """
    )
    assert out == ["KeyboardInterrupt", "waits-again"]


def test_ctrl_c_interrupts_a_paused_call() -> None:
    out = interrupted(
        """
        import threading, jsrun
        from cdp import Cdp
        rt = jsrun.Runtime(jsrun.RuntimeConfig(inspector=jsrun.InspectorConfig(port=0)))
        cdp = Cdp(rt.inspector_endpoints().websocket_url)
        cdp.call("Debugger.enable")
        def watch():
            cdp.event("Debugger.paused")
            print("ready", flush=True)
        threading.Thread(target=watch, daemon=True).start()
        try:
            rt.eval("debugger; 1")
        except KeyboardInterrupt:
            print("KeyboardInterrupt", flush=True)
        print(rt.eval("'usable'"))
        """
    )
    assert out == ["KeyboardInterrupt", "usable"]


# ---- WebAssembly ----

WAT = """\
(module
  (import "env" "log" (func $log (param i32)))
  (func $mul_add (export "mul_add") (param $a i32) (param $b i32) (result i32)
    (local $product i32)
    local.get $a
    local.get $b
    i32.mul
    local.set $product
    local.get $product
    call $log
    local.get $product
    i32.const 1
    i32.add))
"""


@pytest.fixture(scope="module")
def wasm_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return compile_wat(tmp_path_factory.mktemp("inspector-wasm"), WAT, "m", "--debug-names")


def test_paused_wasm_frame(irt: jsrun.Runtime, wasm_bytes: bytes) -> None:
    logged: list[int] = []
    irt.bind_function("pyLog", logged.append)
    irt.bind_object("wasm", {"bytes": wasm_bytes})
    with Cdp(endpoints(irt).websocket_url) as cdp:
        cdp.call("Debugger.enable")
        irt.eval(
            "globalThis.inst = new WebAssembly.Instance(new WebAssembly.Module(wasm.bytes),"
            " {env: {log: (v) => pyLog(v)}})"
        )
        script = cdp.event("Debugger.scriptParsed", lambda p: p.get("scriptLanguage") == "WebAssembly")
        assert script["url"].startswith("wasm://wasm/")
        source = cdp.call("Debugger.getScriptSource", scriptId=script["scriptId"])
        assert __import__("base64").b64decode(source["bytecode"]) == wasm_bytes
        # Break at the first instruction of the function body (a byte offset).
        possible = cdp.call(
            "Debugger.getPossibleBreakpoints",
            start={"scriptId": script["scriptId"], "lineNumber": 0, "columnNumber": 0},
        )["locations"]
        first = possible[0]["columnNumber"]
        cdp.call(
            "Debugger.setBreakpoint", location={"scriptId": script["scriptId"], "lineNumber": 0, "columnNumber": first}
        )
        call = Background(lambda: irt.eval("inst.exports.mul_add(6, 7)"))
        paused = cdp.event("Debugger.paused")
        top = paused["callFrames"][0]
        assert top["functionName"] == "$mul_add"
        assert top["location"] == {"scriptId": script["scriptId"], "lineNumber": 0, "columnNumber": first}
        caller = paused["callFrames"][1]["location"]["scriptId"]
        assert cdp.event("Debugger.scriptParsed", lambda p: p["scriptId"] == caller)["url"].startswith("jsrun://eval/")
        scopes = [s["type"] for s in top["scopeChain"]]
        assert scopes[:3] == ["wasm-expression-stack", "local", "module"]
        local = top["scopeChain"][1]["object"]["objectId"]
        names = {p["name"] for p in cdp.call("Runtime.getProperties", objectId=local)["result"]}
        assert {"$a", "$b", "$product"} <= names
        a = cdp.call("Debugger.evaluateOnCallFrame", callFrameId=top["callFrameId"], expression="$a")
        assert a["result"]["subtype"] == "wasmvalue"
        # Step through the body: the offset moves forward, then out to JS.
        cdp.call("Debugger.stepInto")
        stepped = cdp.event("Debugger.paused")["callFrames"][0]["location"]["columnNumber"]
        assert stepped > first
        cdp.call("Debugger.stepOut")
        out = cdp.event("Debugger.paused")["callFrames"][0]
        assert out["location"]["scriptId"] == caller
        cdp.call("Debugger.resume")
        assert call.join() == 43
    assert logged == [42]


def test_no_inspector_thread_without_an_inspector() -> None:
    code = textwrap.dedent(
        """
        import os, time, jsrun
        def names():
            return {open(f"/proc/self/task/{t}/comm").read().strip() for t in os.listdir("/proc/self/task")}
        rt = jsrun.Runtime()
        rt.eval("1")
        print("jsrun-inspector" in names())
        rt2 = jsrun.Runtime(jsrun.RuntimeConfig(inspector=jsrun.InspectorConfig(port=0)))
        # A new thread names itself once it runs: on a busy machine, a moment later.
        for _ in range(3000):
            if "jsrun-inspector" in names():
                break
            time.sleep(0.01)
        print("jsrun-inspector" in names())
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True).stdout
    assert out.split() == ["False", "True"]


def test_example_script_runs() -> None:
    example = Path(__file__).parent.parent / "examples" / "inspector.py"
    result = subprocess.run([sys.executable, str(example), "--self-test"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "mul_add(6, 7) = 43" in result.stdout


# ---- clients we did not write ----


class Lines:
    """Reads a process's output on a thread, so tests can wait for a line."""

    def __init__(self, stream: Any) -> None:
        self.text = ""
        self.cond = threading.Condition()
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream: Any) -> None:
        for chunk in iter(lambda: stream.read1(4096) if hasattr(stream, "read1") else stream.read(1), b""):
            with self.cond:
                self.text += chunk.decode(errors="replace") if isinstance(chunk, bytes) else chunk
                self.cond.notify_all()

    def wait_for(self, needle: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        with self.cond:
            while needle not in self.text:
                left = deadline - time.monotonic()
                assert left > 0, f"{needle!r} not seen in:\n{self.text}"
                self.cond.wait(left)
            return self.text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.mark.browser
def test_node_inspect_debugs_a_script_run_by_the_cli(tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed for this test (it is on the machines)"
    script = tmp_path / "app.js"
    script.write_text(
        'const greeting = "hello";\nlet total = 0;\nfor (let i = 1; i <= 4; i++) total += i;\n`${greeting} ${total}`\n'
    )
    port = free_port()
    app = subprocess.Popen(
        [sys.executable, "-m", "jsrun", f"--inspect-brk=127.0.0.1:{port}", str(script)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        log = Lines(app.stderr)
        log.wait_for("Debugger listening on ws://127.0.0.1:")
        client = subprocess.Popen(
            [node, "inspect", f"127.0.0.1:{port}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        assert client.stdin is not None
        out = Lines(client.stdout)
        out.wait_for(f"Break on start in {script}:1")

        def command(line: str, expect: str) -> None:
            assert client.stdin is not None
            client.stdin.write(line.encode() + b"\n")
            client.stdin.flush()
            out.wait_for(expect)

        command("n", f"break in {script}:2")
        command("n", f"break in {script}:3")
        command("exec greeting", "'hello'")
        command("cont", "debug>")
        assert app.wait(timeout=20) == 0
        assert app.stdout is not None and app.stdout.read().decode().strip() == "hello 10"
        client.stdin.close()
        client.kill()
        client.wait(timeout=10)
    finally:
        app.kill()


@pytest.mark.browser
def test_chromium_devtools_frontend_pauses_in_js_wasm_and_c(tmp_path: Path) -> None:
    # The script asserts what it captures: the pause on `debugger;`, in the
    # Wasm function, on the C line the frontend set a breakpoint on, and on
    # the next C line after the frontend's own step over.
    assert shutil.which("chromium"), "Debian's chromium is needed: `make test` installs it"
    script = Path(__file__).parent.parent / "scripts" / "devtools-screenshots.py"
    result = subprocess.run(
        [sys.executable, str(script), "--out", str(tmp_path)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    for name in (
        "devtools-paused-js.png",
        "devtools-paused-wasm.png",
        "devtools-paused-c.png",
        "devtools-stepped-c.png",
    ):
        png = (tmp_path / name).read_bytes()
        assert png.startswith(b"\x89PNG") and len(png) > 20_000  # a rendered DevTools, not a blank page


def test_eval_async_pauses_on_the_runtime_thread(irt: jsrun.Runtime) -> None:
    async def main() -> Any:
        # The pause comes in a timer's promise reaction, on the runtime's own thread.
        return await irt.eval_async("new Promise(r => setTimeout(r, 1)).then(() => { debugger; return 'after' })")

    with Cdp(endpoints(irt).websocket_url) as cdp:
        cdp.call("Debugger.enable")
        call = Background(lambda: asyncio.run(main()))
        paused = cdp.event("Debugger.paused")
        assert paused["reason"] == "other"
        cdp.call("Debugger.resume")
        assert call.join() == "after"


def test_devtools_can_call_bound_python_functions(irt: jsrun.Runtime) -> None:
    seen: list[str] = []
    irt.bind_function("record", lambda s: seen.append(s) or len(seen))
    with Cdp(endpoints(irt).websocket_url) as cdp:
        # While idle (dispatched by the runtime's thread) ...
        assert cdp.call("Runtime.evaluate", expression="record('idle')")["result"]["value"] == 1
        # ... and while paused (dispatched by the paused thread).
        cdp.call("Debugger.enable")
        call = Background(lambda: irt.eval("debugger; 'done'"))
        frame = cdp.event("Debugger.paused")["callFrames"][0]
        r = cdp.call("Debugger.evaluateOnCallFrame", callFrameId=frame["callFrameId"], expression="record('paused')")
        assert r["result"]["value"] == 2
        cdp.call("Debugger.resume")
        assert call.join() == "done"
    assert seen == ["idle", "paused"]


def test_a_session_going_away_resumes_a_paused_call(irt: jsrun.Runtime) -> None:
    cdp = Cdp(endpoints(irt).websocket_url)
    cdp.call("Debugger.enable")
    call = Background(lambda: irt.eval("debugger; 'resumed'"))
    cdp.event("Debugger.paused")
    cdp.close()
    assert call.join() == "resumed"


def test_a_repeated_eval_keeps_its_url(irt: jsrun.Runtime) -> None:
    # Small sources are kept compiled, under the URL made from their text.
    with Cdp(endpoints(irt).websocket_url) as cdp:
        cdp.call("Debugger.enable")
        assert [irt.eval("6 * 7") for _ in range(3)] == [42, 42, 42]
        cdp.call("Runtime.evaluate", expression="0")  # notifications before it have arrived
        urls = [
            m["params"]["url"]
            for m in cdp.events
            if m.get("method") == "Debugger.scriptParsed" and m["params"]["url"].startswith("jsrun://eval/")
        ]
        assert len(urls) == 3 and len(set(urls)) == 1, urls  # announced per run, under one URL

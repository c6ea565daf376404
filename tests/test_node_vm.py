"""node:vm's new contexts: against Node.js (tests/node/vm_probe.js), and what
only jsrun has to get right — Python bindings in a context, vm timeouts next
to the runtime's own, the runtime staying the sandbox, contexts collected,
and DevTools seeing a context's scripts."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from cdp import Background, Cdp
from test_node_builtins import differences, in_jsrun, in_node, probe_source

import jsrun

NPM = Path(__file__).parent / "npm"


@pytest.fixture
def rt(tmp_path: Path):
    with jsrun.Runtime() as runtime:
        runtime.use_node_modules(tmp_path)
        runtime.eval("globalThis.vm = require('vm')")
        yield runtime


def test_contexts_give_what_node_gives(tmp_path: Path) -> None:
    probe = probe_source("vm_probe.js")
    theirs = in_node(probe, tmp_path)
    ours = json.loads(str(in_jsrun(probe, tmp_path)))
    assert not differences(theirs, ours), differences(theirs, ours)
    assert isinstance(theirs, dict) and len(theirs) >= 44
    assert theirs["timeout"] == "error ERR_SCRIPT_EXECUTION_TIMEOUT: Script execution timed out after 30ms"


def test_the_objects_symbols_are_the_globals_as_in_node_22(rt: jsrun.Runtime) -> None:
    # Node 20 leaves them out of the global's own keys; Node 22 and 24 (and jsrun) list them.
    found = "const k = Symbol('k'); const s = vm.createContext({ [k]: 1, n: 2 });"
    found += "vm.runInContext('[Object.getOwnPropertySymbols(globalThis).length,"
    found += ' Reflect.ownKeys(globalThis).includes("n")]\', s)'
    assert rt.eval(found) == [1, True]


def test_hostile_objects_give_errors_and_the_runtime_goes_on(rt: jsrun.Runtime) -> None:
    # Where Node 20 and 24 differ, jsrun gives the object's own error (as Node 20 does).
    traps = "new Proxy({}, { get() { throw new Error('get trap'); }, has() { throw new Error('has trap'); } })"
    with pytest.raises(jsrun.JavaScriptError, match="trap"):
        rt.eval(f"vm.runInContext('typeof x', vm.createContext({traps}))")
    recursion = (
        "const s = { get g() { return vm.runInContext('g', s); } }; vm.createContext(s); vm.runInContext('g', s)"
    )
    with pytest.raises(jsrun.JavaScriptError, match="Maximum call stack size exceeded"):
        rt.eval(recursion)
    assert rt.eval("vm.runInNewContext('40 + 2')") == 42


def test_python_functions_and_errors_cross_a_context(rt: jsrun.Runtime) -> None:
    rt.bind_function("py_add", lambda a, b: a + b)
    assert rt.eval("vm.runInNewContext('add(2, 40)', { add: py_add })") == 42
    assert rt.eval("vm.runInNewContext('({ list: [1, 2], nested: { s: \"x\" } })')") == {
        "list": [1, 2],
        "nested": {"s": "x"},
    }
    with pytest.raises(jsrun.JavaScriptError, match="Cannot read properties of null") as caught:
        rt.eval("vm.runInNewContext('\\n  null.x', {}, 'plugin.js')")
    assert "plugin.js:2" in str(caught.value)
    assert rt.eval("1 + 1") == 2


def test_the_runtimes_timeout_wins_over_a_longer_vm_timeout(rt: jsrun.Runtime) -> None:
    with pytest.raises(jsrun.JsTimeoutError):
        rt.eval("vm.runInNewContext('for (;;);', {}, { timeout: 600000 })", timeout=0.3)
    # Neither termination lingers: the next calls run, with and without a vm timeout.
    assert rt.eval("vm.runInNewContext('6 * 7', {}, { timeout: 1000 })") == 42
    assert rt.eval("vm.runInThisContext('1 + 1')") == 2


def test_terminate_stops_a_script_in_a_context(rt: jsrun.Runtime) -> None:
    timer = threading.Timer(0.3, rt.terminate)
    timer.start()
    with pytest.raises(jsrun.RuntimeTerminated):
        rt.eval("vm.runInNewContext('for (;;);', {}, { timeout: 600000 })")
    timer.join()


def test_a_context_reaches_only_what_the_runtime_has(rt: jsrun.Runtime) -> None:
    # vm is not a boundary (as in Node): the object's constructor leads back to the runtime's globals,
    # and no further — the runtime is the sandbox.
    escape = "this.constructor.constructor('return [typeof require, typeof process]')()"
    assert rt.eval(f"vm.runInNewContext({json.dumps(escape)})") == ["function", "object"]
    reach = 'this.constructor.constructor(\'return require("fs").readFileSync("/etc/passwd")\')()'
    with pytest.raises(jsrun.JavaScriptError, match="not available in jsrun's sandbox"):
        rt.eval(f"vm.runInNewContext({json.dumps(reach)})")
    # Without the runtime's objects, a context has the engine's built-ins only.
    assert (
        rt.eval("vm.runInNewContext('[typeof fetch, typeof require, typeof setTimeout, typeof URL]')")
        == ["undefined"] * 4
    )


def test_contexts_are_collected(tmp_path: Path) -> None:
    # 3000 contexts kept alive would need several times the 64 MiB heap.
    with jsrun.Runtime(jsrun.RuntimeConfig(max_heap_size=64 * 1024 * 1024)) as small:
        small.use_node_modules(tmp_path)
        small.eval("const vm = require('vm'); for (let i = 0; i < 3000; i++) vm.runInNewContext('x + 1', { x: i })")
        assert small.get_stats().heap_used_bytes < 64 * 1024 * 1024
        assert small.eval("1 + 1") == 2


def test_a_heap_limit_reached_in_a_context_closes_the_runtime(tmp_path: Path) -> None:
    with jsrun.Runtime(jsrun.RuntimeConfig(max_heap_size=64 * 1024 * 1024)) as small:
        small.use_node_modules(tmp_path)
        with pytest.raises(jsrun.HeapLimitError):
            small.eval("require('vm').runInNewContext('const a = []; for (;;) a.push(new Array(1e5).fill(1))')")


def test_devtools_sees_a_contexts_scripts(tmp_path: Path) -> None:
    with jsrun.Runtime(jsrun.RuntimeConfig(inspector=jsrun.InspectorConfig(port=0))) as irt:
        irt.use_node_modules(tmp_path)
        endpoints = irt.inspector_endpoints()
        assert endpoints is not None
        with Cdp(endpoints.websocket_url) as cdp:
            cdp.call("Runtime.enable")
            cdp.call("Debugger.enable")
            code = "require('vm').runInNewContext('const k = 5;\\ndebugger;\\nk * 2', {},"
            code += " { filename: 'plug.js', contextName: 'plugin' })"
            call = Background(lambda: irt.eval(code))
            created = cdp.event("Runtime.executionContextCreated", lambda p: p["context"]["name"] == "plugin")
            paused = cdp.event("Debugger.paused")
            frame = paused["callFrames"][0]
            assert frame["location"]["lineNumber"] == 1
            script = cdp.event("Debugger.scriptParsed", lambda p: p["scriptId"] == frame["location"]["scriptId"])
            assert script["url"] == "plug.js"
            assert script["executionContextId"] == created["context"]["id"]
            result = cdp.call("Debugger.evaluateOnCallFrame", callFrameId=frame["callFrameId"], expression="k + 1")
            assert result["result"]["value"] == 6
            cdp.call("Debugger.resume")
            assert call.join() == 10


def test_a_context_has_the_es_globals_the_runtime_has(rt: jsrun.Runtime) -> None:
    # Where the engine lacks them (V8 10.2, 11.3), jsrun's polyfills give the runtime Iterator,
    # DisposableStack…; a context makes its own on first read, leaving the object as it was.
    got = rt.eval(
        "const s = { a: 1 };"
        "const inside = require('vm').runInNewContext('[typeof Iterator, typeof DisposableStack,"
        " typeof AsyncDisposableStack, typeof SuppressedError, Iterator === globalThis.Iterator,"
        " Object.getPrototypeOf(Object.getPrototypeOf([].values())) === Iterator.prototype]', s);"
        "[inside, Object.getOwnPropertyNames(s), require('vm').runInNewContext('Iterator', s) === Iterator]"
    )
    assert got == [["function"] * 4 + [True, True], ["a"], False]
    # The object's own value of such a name wins, as for any global.
    assert rt.eval("require('vm').runInNewContext('Iterator', { Iterator: 5 })") == 5
    # A timeout that stops the first read leaves the context its object.
    stopped = (
        "const c = require('vm').createContext({ a: 7 }); let code;"
        "try { require('vm').runInContext('for (;;) typeof Iterator', c, { timeout: 20 }); }"
        " catch (e) { code = e.code; }"
        "[code, require('vm').runInContext('a', c)]"
    )
    assert rt.eval(stopped) == ["ERR_SCRIPT_EXECUTION_TIMEOUT", 7]


@pytest.mark.skipif(not (NPM / "node_modules" / "jsdom").is_dir(), reason="run `make js-packages` first")
def test_jsdom_runs_a_pages_scripts_in_a_context() -> None:
    # Its window is a vm context, from which it reads every ES global the runtime has.
    page = "<p id=p>a</p><script>document.getElementById('p').textContent = [1, 2].map((x) => x * 2).join('-')</script>"
    run = (
        "const { JSDOM } = require('jsdom');"
        f"const dom = new JSDOM({json.dumps(page)}, {{ runScripts: 'dangerously' }});"
        "const text = dom.window.document.getElementById('p').textContent; dom.window.close(); text"
    )
    with jsrun.Runtime() as rt:
        rt.use_node_modules(NPM, allow_read=True)
        assert rt.eval(run) == "2-4"

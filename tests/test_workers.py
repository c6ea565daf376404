"""Workers: the web's `Worker` and `node:worker_threads`, each a runtime of its own on threads of its own.

The probes run the same cases in Chromium (tests/web/worker_probe.js) and in
Node.js (tests/node/worker_probe.js) and compare; the rest are jsrun's limits
and its sandbox around workers.
"""

from __future__ import annotations

import asyncio
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from test_node_builtins import differences, same_as_node

import jsrun

WEB_PROBE = (Path(__file__).parent / "web" / "worker_probe.js").read_text()

# (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
ADD_WASM = bytes.fromhex("0061736d0100000001070160027f7f017f030201000707010361646400000a09010700200020016a0b")


def web_probe_in_jsrun() -> dict[str, Any]:
    with jsrun.Runtime() as rt:
        return json.loads(
            str(asyncio.run(rt.eval_async(f"{WEB_PROBE}\nprobe().then((o) => JSON.stringify(o))", timeout=60)))
        )


def in_chromium(probe: str) -> dict[str, Any]:
    """What `probe()` gives in headless Chromium, on a cross-origin isolated page from a local server."""
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is needed: `make test` installs it"
    post = "fetch('/result', { method: 'POST', body: JSON.stringify(o) })"
    page = f"<script>{probe}\nprobe().then((o) => {post});</script>"
    result: dict[str, Any] = {}
    posted = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            body = page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:  # noqa: N802
            result.update(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()
            posted.set()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    profile = tempfile.mkdtemp()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    command = [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}", url]
    browser = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert posted.wait(120), "Chromium posted no result"
    finally:
        browser.kill()
        browser.wait()
        server.shutdown()
        shutil.rmtree(profile, ignore_errors=True)
    return result


@pytest.mark.browser
def test_web_workers_give_what_chromium_gives() -> None:
    theirs = in_chromium(WEB_PROBE)
    ours = web_probe_in_jsrun()
    assert not differences(theirs, ours), differences(theirs, ours)
    assert len(theirs) == 31


def test_web_workers() -> None:
    # The same probe, its results as Chromium gave them (the browser test compares all of them).
    out = web_probe_in_jsrun()
    assert out["echo"] == [["a", "object"], [1, "object"], [{"b": [2]}, "object"]]
    assert out["the global scope"] == [
        [True, "probe", *["function"] * 2, "object", *["function"] * 5, "undefined", "undefined"]
    ]
    assert out["a module worker"] == [[7, "object", "undefined"]]
    assert out["clones"] == [[True, "v", 5, "a+", True, "text", True, 2, True, "range", True, True]]
    assert out["a transfer"] == [0, [[3, 5]]]
    assert out["a transfer back"] == [["buffer", 4], 0]
    assert out["a WebAssembly module"] == [[True, 5]]
    assert out["an error at the start"] == [["error", "Uncaught TypeError: at the start", 2, 3, "string", None]]
    assert out["close()"] == ["before", "after close"]
    assert out["terminate()"] == [1]
    assert out["a MessagePort sent to the worker"] == [
        [True, 1, "with a port", "[object MessagePort]"],
        ["echo", "waited for the move", 0],
        ["echo", "after", 0],
    ]
    assert out["a MessagePort from the worker"] == ["take it", 1, 42, True]
    assert out["two workers over a channel"] == [["ping got", ["ping", "pong"]]]
    assert out["a MessagePort moved away"] == ["DataCloneError", True]
    assert out["a BroadcastChannel reaches a worker"] == ["worker heard", {"from": "page"}]
    assert out["nested"] == [["from", "inner"]]
    # Scripts run in order as each loads (one that cannot load stops the rest); URLs are parsed first.
    errors = [["NetworkError", True], ["RangeError", False], ["SyntaxError", True]]
    assert out["importScripts"] == [[42, 2, [1, 2], "number", "undefined", errors, None]]
    assert out["importScripts in a module worker"] == [["TypeError", "function"]]
    assert out["a worker's location"] == [
        [True, True, "blob:", True, True, "[object WorkerLocation]", "function", True, False, "", ""]
    ]


def test_blob_urls_stay_in_their_tree_and_go_with_their_runtime() -> None:
    with jsrun.Runtime() as rt, jsrun.Runtime() as other:
        mine = rt.eval_async(
            """new Promise((resolve) => {
              const worker = new Worker(URL.createObjectURL(new Blob([
                'postMessage(URL.createObjectURL(new Blob(["made in the worker"])))'])));
              worker.onmessage = async (event) => {
                const url = event.data;
                const before = await (await fetch(url)).text();
                worker.terminate();
                // Its runtime closes on its own threads: wait (5 s at most) until the URL is gone.
                let after = 'still there';
                for (let i = 0; i < 500 && after === 'still there'; i++) {
                  await new Promise((r) => setTimeout(r, 10));
                  after = await fetch(url).then(() => 'still there', (error) => error.name);
                }
                resolve([url, before, after]);
              };
            })""",
            timeout=30,
        )
        url, before, after = asyncio.run(mine)
        assert (before, after) == ("made in the worker", "TypeError")
        # Another Runtime() is another origin: it never sees the tree's URLs.
        rt.eval("globalThis.kept = URL.createObjectURL(new Blob(['kept']))")
        kept = rt.eval("kept")
        with pytest.raises(jsrun.JavaScriptError, match="not a blob URL"):
            asyncio.run(other.eval_async(f"new Promise((resolve) => new Worker('{kept}'))", timeout=10))
        failed = other.eval_async(f"fetch('{kept}').then(() => 'fetched', (error) => error.name)", timeout=10)
        assert asyncio.run(failed) == "TypeError"
        assert asyncio.run(rt.eval_async("fetch(kept).then((r) => r.text())", timeout=10)) == "kept"
        assert url.startswith("blob:null/")


def test_blob_urls_shared_with_workers_are_bounded_by_max_heap_size() -> None:
    # Each shared URL is a copy outside the heap: its bytes count against max_heap_size (here 64 MiB).
    with jsrun.Runtime(jsrun.RuntimeConfig(max_heap_size=64 * 1024 * 1024)) as rt:
        made = rt.eval(
            """globalThis.worker = new Worker('data:,');
            const blob = new Blob([new Uint8Array(8 * 1024 * 1024)]);
            globalThis.urls = [];
            let error = null;
            try {
              for (let i = 0; i < 20; i++) urls.push(URL.createObjectURL(blob));
            } catch (e) {
              error = e.message;
            }
            [urls.length, error]"""
        )
        count, error = made
        assert 4 <= count < 8
        assert "blob URLs are already shared with its workers (jsrun bounds them by max_heap_size" in error
        # Revoked ones give their room back.
        rt.eval("URL.revokeObjectURL(urls.pop()); URL.revokeObjectURL(urls.pop())")
        assert rt.eval("urls.push(URL.createObjectURL(blob)); urls.length") == count - 1


def test_a_web_worker_from_a_path_has_its_file_url_as_location(tmp_path: Path) -> None:
    (tmp_path / "where.js").write_text("postMessage(location.href);\n")
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        for given in ["./where.js", str(tmp_path / "where.js"), (tmp_path / "where.js").as_uri()]:
            worker = f"new Worker({json.dumps(given)}, {{ type: 'module' }})"
            started = f"new Promise((resolve) => {{ {worker}.onmessage = (e) => resolve(e.data); }})"
            assert asyncio.run(rt.eval_async(started, timeout=30)) == (tmp_path / "where.js").as_uri()


def test_imported_scripts_name_their_url_and_say_why_they_failed() -> None:
    with jsrun.Runtime() as rt:
        got = rt.eval_async(
            """new Promise((resolve) => {
              const source = `
                const lib = URL.createObjectURL(new Blob(['function fail() { throw new Error("in lib"); }']));
                importScripts(lib);
                let stack;
                try { fail(); } catch (error) { stack = error.stack; }
                let why;
                try { importScripts('https://example.com/x.js'); } catch (error) { why = error.message; }
                postMessage([stack.includes(lib), why]);`;
              const worker = new Worker(URL.createObjectURL(new Blob([source])));
              worker.onmessage = (event) => { worker.terminate(); resolve(event.data); };
            })""",
            timeout=30,
        )
        in_stack, why = asyncio.run(got)
    assert in_stack is True
    assert why == (
        "Failed to execute 'importScripts' on 'WorkerGlobalScope': The script at 'https://example.com/x.js' failed to "
        "load (https://example.com/x.js: jsrun has no network; importScripts loads data: and blob: URLs)."
    )


def test_worker_threads_give_what_node_gives(tmp_path: Path) -> None:
    (tmp_path / "echo.js").write_text(
        "const { parentPort, workerData } = require('worker_threads');\n"
        "parentPort.postMessage(workerData);\n"
        "parentPort.on('message', (m) => (m === 'bye' ? parentPort.close() : parentPort.postMessage(m)));\n"
    )
    (tmp_path / "square.mjs").write_text(
        "import { parentPort, workerData } from 'node:worker_threads';\n"
        "parentPort.postMessage(workerData.map((x) => x * x));\n"
    )
    ours = same_as_node("worker_probe.js", tmp_path)
    assert len(ours) == 26
    out_of_memory = "Worker terminated due to reaching memory limit: JS heap out of memory"
    assert ours["a worker past its maxOldGenerationSizeMb"] == [["Error", "ERR_WORKER_OUT_OF_MEMORY", out_of_memory], 1]
    assert ours["shared memory and Atomics"] == [[[["message", "counted"], ["message", 1]], 0, True], 20000]
    assert ours["process.exit"] == [[["message", "before"]], 7, True]
    assert ours["a shared WebAssembly.Memory grown by the worker"] == [[["message", 131072]], 0, 131072, 3]


def wait_for_message(rt: jsrun.Runtime, source: str, timeout: float = 30) -> Any:
    """Starts a worker of `source` (a classic script) and gives its first message or its error event."""
    script = f"""new Promise((resolve) => {{
      const worker = new Worker(URL.createObjectURL(new Blob([{json.dumps(source)}])));
      worker.onmessage = (event) => {{ resolve(event.data); worker.terminate(); }};
      worker.onerror = (event) => {{ event.preventDefault(); resolve(['error', event.message]); }};
      globalThis.worker = worker;
    }})"""
    return asyncio.run(rt.eval_async(script, timeout=timeout))


def test_threads_share_a_webassembly_memory_and_wait_on_it() -> None:
    with jsrun.Runtime() as rt:
        rt.eval(f"globalThis.bytes = new Uint8Array({list(ADD_WASM)})")
        result = asyncio.run(
            rt.eval_async(
                """new Promise((resolve) => {
                  const memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
                  const cells = new Int32Array(memory.buffer);
                  const worker = new Worker('data:,' + encodeURIComponent(`onmessage = ({ data }) => {
                    const cells = new Int32Array(data.memory.buffer);
                    const add = new WebAssembly.Instance(data.module).exports.add;
                    postMessage('waiting');
                    while (Atomics.load(cells, 0) === 0) Atomics.wait(cells, 0, 0, 10000);
                    postMessage([add(cells[0], cells[1]), data.memory.buffer.byteLength]);
                  }`));
                  worker.onmessage = ({ data }) => {
                    if (data === 'waiting') {
                      cells[1] = 2;
                      Atomics.store(cells, 0, 40);
                      Atomics.notify(cells, 0);
                    } else {
                      resolve(data);
                      worker.terminate();
                    }
                  };
                  worker.postMessage({ memory, module: new WebAssembly.Module(bytes) });
                })""",
                timeout=30,
            )
        )
    assert result == [42, 65536]


def test_structured_clone_shares_memory_within_a_runtime() -> None:
    with jsrun.Runtime() as rt:
        out = rt.eval("""
          const buffer = new SharedArrayBuffer(4);
          const copy = structuredClone(buffer);
          new Uint8Array(copy)[0] = 9;
          const module = structuredClone(new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])));
          [copy instanceof SharedArrayBuffer, copy !== buffer, new Uint8Array(buffer)[0],
           module instanceof WebAssembly.Module]
        """)
    assert out == [True, True, 9, True]


def test_a_worker_error_nobody_handles_reaches_the_caller() -> None:
    with jsrun.Runtime() as rt:
        with pytest.raises(jsrun.JavaScriptError, match="worker trouble") as caught:
            asyncio.run(
                rt.eval_async(
                    "new Promise(() => { new Worker('data:,throw new SyntaxError(\"worker trouble\")'); })", timeout=30
                )
            )
        assert "SyntaxError" in str(caught.value)
        assert rt.eval("1 + 1") == 2


def test_max_workers() -> None:
    with jsrun.Runtime(jsrun.RuntimeConfig(max_workers=2)) as rt:
        out = rt.eval("""
          const made = [];
          let error;
          try {
            for (let i = 0; i < 3; i++) made.push(new Worker('data:,onmessage = () => {}'));
          } catch (e) {
            error = e.message;
          }
          made.forEach((worker) => worker.terminate());
          [made.length, error]
        """)
        assert out == [2, "jsrun allows 2 workers at once in this runtime (RuntimeConfig.max_workers)"]
        # Nested workers count too; a worker that ended frees its place.
        nested = """const inner = [0, 1].map(() => {
            try { new Worker('data:,1'); return 'made'; } catch (e) { return e.message; }
          });
          postMessage(inner);"""
        assert wait_for_message(rt, nested) == [
            "made",
            "jsrun allows 2 workers at once in this runtime (RuntimeConfig.max_workers)",
        ]
    with jsrun.Runtime(jsrun.RuntimeConfig(max_workers=0)) as rt:
        with pytest.raises(jsrun.JavaScriptError, match="allows 0 workers"):
            rt.eval("new Worker('data:,1')")
    with pytest.raises(ValueError, match="max_workers is at most 256"):
        jsrun.RuntimeConfig(max_workers=257)
    assert jsrun.RuntimeConfig().max_workers == 8
    assert "max_workers=8" in repr(jsrun.RuntimeConfig())


def test_the_timeout_bounds_each_turn_of_a_worker() -> None:
    with jsrun.Runtime(jsrun.RuntimeConfig(timeout=0.3)) as rt:
        started = time.monotonic()
        out = wait_for_message(rt, "postMessage('ready'); setTimeout(() => { for (;;) {} });")
        assert out == "ready"
        spin = asyncio.run(
            rt.eval_async(
                """new Promise((resolve) => {
                  const worker = new Worker('data:,onmessage = () => { for (;;) {} }');
                  worker.onerror = (event) => { event.preventDefault(); resolve(event.message); };
                  worker.postMessage(0);
                })""",
                timeout=30,
            )
        )
        assert spin == "Uncaught Error: the worker ran for more than 0.3 s in one turn"
        assert time.monotonic() - started < 20  # generous: it must not hang
        assert rt.eval("'still here'") == "still here"


def test_a_worker_that_fills_its_heap_ends_and_the_parent_goes_on() -> None:
    with jsrun.Runtime(jsrun.RuntimeConfig(max_heap_size=64 * 1024 * 1024)) as rt:
        out = wait_for_message(
            rt, "const kept = []; for (;;) kept.push({ filler: new Array(1000).fill(1) });", timeout=60
        )
        assert out == ["error", "Uncaught RangeError: the worker ran out of memory (max_heap_size)"]
        assert rt.eval("[1, 2].map((x) => x * 2)") == [2, 4]


def test_resource_limits_cannot_lift_the_parents_heap_limit(tmp_path: Path) -> None:
    # A Node worker asking for 4 GiB gets at most its parent's max_heap_size (64 MiB): it fails there.
    with jsrun.Runtime(jsrun.RuntimeConfig(max_heap_size=64 * 1024 * 1024)) as rt:
        rt.use_node_modules(tmp_path)
        failed = """new Promise((resolve) => {
          const { Worker } = require('worker_threads');
          const worker = new Worker('const kept = []; for (;;) kept.push(new Array(1e5).fill(1));',
            { eval: true, resourceLimits: { maxOldGenerationSizeMb: 4096 } });
          worker.on('error', (error) => worker.on('exit', (code) => resolve([error.code, code])));
        })"""
        assert asyncio.run(rt.eval_async(failed, timeout=60)) == ["ERR_WORKER_OUT_OF_MEMORY", 1]


def os_threads() -> int:
    return len(os.listdir("/proc/self/task"))


def test_closing_a_runtime_ends_its_workers() -> None:
    with jsrun.Runtime() as warm:
        warm.eval("new Worker('data:,1').terminate()")
    time.sleep(0.2)
    before = os_threads()
    for _ in range(10):
        with jsrun.Runtime() as rt:
            rt.eval("""
              new Worker('data:,for (;;) {}');
              new Worker('data:,onmessage = (e) => postMessage(e.data)').postMessage(1);
              new Worker('data:,' + encodeURIComponent("new Worker('data:,for (;;) {}')"));
            """)
    deadline = time.monotonic() + 30
    while os_threads() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert os_threads() <= before


def test_many_threads_with_workers() -> None:
    failures: list[BaseException] = []

    def work() -> None:
        try:
            with jsrun.Runtime() as rt:
                for i in range(3):
                    assert wait_for_message(rt, f"postMessage({i} * 2)") == i * 2
        except BaseException as error:  # noqa: BLE001 (reported below)
            failures.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures


def test_console_in_a_worker_reaches_the_runtimes_console() -> None:
    seen: list[tuple[str, str]] = []
    config = jsrun.RuntimeConfig(console=lambda method, text, args: seen.append((method, text)))
    with jsrun.Runtime(config) as rt:
        source = "console.log('hello', { from: 'worker' }, () => 1); console.error('bad'); postMessage('done')"
        assert wait_for_message(rt, source) == "done"
        rt.eval("1")  # the parent's loop has shown what came before the message
    assert ("log", "hello { from: 'worker' } () => 1") in seen
    assert ("error", "bad") in seen


def test_workers_stay_in_the_sandbox(tmp_path: Path) -> None:
    (tmp_path / "inside.js").write_text("require('worker_threads').parentPort.postMessage('inside');")
    (tmp_path.parent / "outside.js").write_text("require('worker_threads').parentPort.postMessage('escaped');")
    with jsrun.Runtime() as rt:
        assert wait_for_message(rt, "postMessage([typeof require, typeof process, typeof fetch])") == [
            "undefined",
            "undefined",
            "function",
        ]
        with pytest.raises(jsrun.JavaScriptError, match="a worker loads files only after use_node_modules"):
            rt.eval("new Worker('./inside.js')")
        with pytest.raises(jsrun.JavaScriptError, match="jsrun has no network"):
            rt.eval("new Worker('https://example.com/worker.js')")
        # fetch in a worker: no handler there, as in a runtime without one.
        assert wait_for_message(rt, "fetch('https://example.com/').catch((e) => postMessage(e.name))") == "TypeError"
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        out = asyncio.run(
            rt.eval_async(
                """(async () => {
                  const { Worker } = require('worker_threads');
                  const run = (file) => new Promise((resolve) => {
                    const worker = new Worker(file);
                    worker.on('message', (m) => resolve(m));
                    worker.on('error', (e) => resolve(e.message));
                  });
                  const reads = await new Promise((resolve) => {
                    const worker = new Worker(`try { require('fs').readFileSync('/etc/passwd'); } catch (e) {
                      require('worker_threads').parentPort.postMessage(e.code); }`, { eval: true });
                    worker.on('message', resolve);
                  });
                  return [await run('./inside.js'), await run('../outside.js'), await run('/etc/passwd'), reads];
                })()""",
                timeout=60,
            )
        )
    assert out[0] == "inside"
    for refused in out[1:3]:
        assert "is outside the directory given to use_node_modules" in refused
    assert out[3] == "ERR_ACCESS_DENIED"


def test_a_runtime_from_a_snapshot_starts_its_workers_from_it() -> None:
    # This V8 shares one read-only heap among a process's runtimes: all live ones start from one snapshot.
    builder = jsrun.SnapshotBuilder()
    builder.execute_script("setup", "globalThis.fromSnapshot = 41")
    with jsrun.Runtime(jsrun.RuntimeConfig(snapshot=builder.build())) as rt:
        assert wait_for_message(rt, "postMessage(fromSnapshot + 1)") == 42


def test_a_forked_child_leaves_the_parents_workers_alone() -> None:
    with jsrun.Runtime() as rt:
        rt.eval(
            "globalThis.echo = new Worker('data:,onmessage = (e) => postMessage(e.data)');"
            "new Worker('data:,for (;;) {}')"
        )
        pid = os.fork()
        if pid == 0:  # the child: the runtime is unusable there; closing it must not touch the workers' threads
            code = 0
            try:
                rt.eval("1")
                code = 3
            except RuntimeError:
                pass
            rt.close()
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        echoed = (
            "new Promise((resolve) => { echo.onmessage = (e) => resolve(e.data); echo.postMessage('after the fork'); })"
        )
        assert asyncio.run(rt.eval_async(echoed, timeout=30)) == "after the fork"


def test_the_interpreter_exits_while_workers_run_or_wait() -> None:
    # At exit jsrun shuts every runtime down and joins its threads, workers' (and theirs) included.
    script = """
import sys, time, jsrun
rt = jsrun.Runtime()
rt.eval('''
  new Worker('data:,Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)');
  new Worker('data:,for (;;) {}');
  new Worker('data:,' + encodeURIComponent("new Worker('data:,for (;;) {}')"));
''')
time.sleep(float(sys.argv[1]))
"""
    for delay in ["0", "0.005", "0.2"]:
        done = subprocess.run([sys.executable, "-c", script, delay], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr[-2000:]


def test_a_workers_fetch_is_answered_by_the_runtimes_handler(tmp_path: Path) -> None:
    asked: list[tuple[str, str, bytes | None]] = []

    def handler(request: jsrun.FetchRequest) -> jsrun.FetchResponse:
        asked.append((request.method, request.url, request.body))
        if request.url == "https://api.example/echo":
            return jsrun.FetchResponse(201, {"x-from": "python"}, request.body)
        return jsrun.FetchResponse(204)

    web = """(async () => {
      const echo = await fetch('https://api.example/echo', { method: 'POST', body: new Uint8Array([1, 2, 3]) });
      const empty = await fetch('https://api.example/empty');
      const local = await fetch('data:text/plain,here');
      postMessage([echo.status, echo.headers.get('x-from'), echo.url, [...new Uint8Array(await echo.arrayBuffer())],
        empty.status, await local.text()]);
    })()"""
    with jsrun.Runtime(jsrun.RuntimeConfig(fetch=handler)) as rt:
        assert wait_for_message(rt, web) == [201, "python", "https://api.example/echo", [1, 2, 3], 204, "here"]
        rt.use_node_modules(tmp_path)
        node = """new Promise((resolve) => {
          const { Worker } = require('worker_threads');
          const worker = new Worker(`fetch('https://api.example/echo', { method: 'PUT', body: 'text' })
            .then((r) => r.text())
            .then((text) => require('worker_threads').parentPort.postMessage(text));`, { eval: true });
          const seen = [];
          worker.on('message', (m) => seen.push(m));
          worker.on('exit', (code) => resolve([seen, code]));
        })"""
        assert asyncio.run(rt.eval_async(node, timeout=30)) == [["text"], 0]
    assert asked == [
        ("POST", "https://api.example/echo", b"\x01\x02\x03"),
        ("GET", "https://api.example/empty", None),
        ("PUT", "https://api.example/echo", b"text"),
    ]


def test_stats_count_the_workers_alive(tmp_path: Path) -> None:
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        assert rt.get_stats().active_workers == 0
        rt.eval("""
          globalThis.web = new Worker('data:,onmessage = () => {}');
          const threads = require('worker_threads');
          globalThis.node = new threads.Worker('setInterval(() => {}, 1000)', { eval: true });
          globalThis.quiet = new threads.Worker('setInterval(() => {}, 1000)', { eval: true });
          quiet.unref();
        """)
        assert rt.get_stats().active_workers == 2
        quiet_exit = "new Promise((resolve) => quiet.terminate().then(resolve))"
        assert asyncio.run(rt.eval_async(quiet_exit, timeout=30)) == 1
        rt.eval("web.terminate()")
        assert asyncio.run(rt.eval_async("node.terminate()", timeout=30)) == 1
        assert rt.get_stats().active_workers == 0


def test_a_thread_that_posts_faster_than_the_other_reads_gets_an_error() -> None:
    # What waits to be read is bounded (by max_heap_size): the poster gets an error, not the process's memory.
    flood = (
        "let i = 0;"
        "try { for (; i < 100000; i++) postMessage(new Uint8Array(1 << 20)); }"
        "catch (e) { postMessage([i, e.message]); }"
    )
    limit = jsrun.RuntimeConfig(max_heap_size=64 << 20)
    with jsrun.Runtime(limit) as rt:
        rt.bind_object("task", {"source": flood})
        sent, said = asyncio.run(
            rt.eval_async(
                """new Promise((resolve) => {
                  const worker = new Worker(URL.createObjectURL(new Blob([task.source])));
                  worker.onmessage = (event) => {
                    if (Array.isArray(event.data)) { resolve(event.data); worker.terminate(); }
                  };
                })""",
                timeout=60,
            )
        )
        assert 63 <= sent < 100000
        bounded = "(jsrun bounds them by max_heap_size, or 256 MiB)"
        assert said.endswith(f"MiB of messages are already waiting to be read on the other side {bounded}")
    with jsrun.Runtime(limit) as rt:
        sent, said = rt.eval("""(() => {
          const busy = new Worker('data:,for (;;) {}');
          let i = 0;
          try {
            for (; i < 100000; i++) busy.postMessage(new Uint8Array(1 << 20));
          } catch (e) {
            return [i, e.message];
          } finally {
            busy.terminate();
          }
        })()""")
        assert sent == 63 and said.startswith("63 MiB of messages are already waiting")
        assert rt.eval("1 + 1") == 2

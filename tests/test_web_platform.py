"""The web platform's globals (docs/web.md), each case compared with what
Node.js prints for the same script (tests/js/web/cases.js)."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import jsrun

CASES = Path(__file__).parent / "js" / "web" / "cases.js"


def node_results() -> dict[str, Any]:
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "Node.js is needed: the web platform tests compare with it"
    script = f"({CASES.read_text()}).then((out) => process.stdout.write(out))"
    done = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def results() -> tuple[dict[str, Any], dict[str, Any]]:
    async def run() -> Any:
        with jsrun.Runtime() as rt:  # eval_async: some cases wait for timers and messages
            return await rt.eval_async(CASES.read_text())

    ours = json.loads(asyncio.run(run()))
    return ours, node_results()


CASE_NAMES = [
    line.strip().split("'")[1]
    for line in CASES.read_text().splitlines()
    if line.strip().startswith("'") and "':" in line and not line.strip().startswith("'use")
]


def test_every_case_ran() -> None:
    assert len(CASE_NAMES) >= 60


# Where Node departs from the standard, jsrun gives the standard's answer
# (which browsers give too).
STANDARD: dict[str, Any] = {
    # DOM: preventDefault() does nothing in a passive listener.
    "passive listeners cannot cancel": [True, False],
    # Web IDL [EnforceRange]: a TypeError (Node throws a RangeError).
    "AbortSignal.timeout rejects bad delays": "THROW TypeError: "
    'The "milliseconds" argument must be a non-negative finite number',
    # HTML: a value in the transfer list that cannot be transferred is a
    # DataCloneError (Node throws a TypeError).
    "transferring a non-buffer": "THROW DataCloneError: Value at index 0 does not have a transferable type.",
    # Web IDL: a method called on something that is not a Crypto throws.
    "getRandomValues detached from crypto": "THROW TypeError: Illegal invocation",
    # File API: a lone CR is a line ending too (Node converts CRLF only).
    "Blob endings and odd types": ["a\nb\nc", "", "123null"],
    # Compression: invalid compressed data is a TypeError (Node: a zlib Error).
    "decompressing garbage": "TypeError",
    # HTML: only start() or onmessage starts a port (Node starts it for addEventListener too).
    "MessagePort needs start with addEventListener": [0, [1]],
    # Web IDL: each interface has its own class string (Node: EventTarget, Object).
    "MessagePort transfer, clone errors and close": [
        0,
        8,
        "DataCloneError",
        [],
        "[object MessagePort]",
        "[object MessageChannel]",
    ],
    # WebAssembly Web API: the MIME type is a byte-case-insensitive match (Node compares it exactly).
    "WebAssembly streaming MIME type in any case": 3,
}
# Errors whose name the standard fixes and whose message it leaves free.
SAME_ERROR = {
    "subtle.digest of a string",
    "a locked stream cannot get a second reader",
    "Blob from a string",
    "an unknown compression format",
    "Headers reject bad names",
    "Headers reject bad values",
    "MessagePort is not constructible",
    "a detached MessagePort cannot be transferred again",
    "a MessagePort cannot transfer itself",
}


@pytest.mark.parametrize("name", CASE_NAMES)
def test_the_same_as_node(results: tuple[dict[str, Any], dict[str, Any]], name: str) -> None:
    ours, node = results
    assert name in node, f"Node did not run {name!r}"
    if name in STANDARD:
        assert ours[name] == STANDARD[name]
    elif name in SAME_ERROR:
        assert ours[name].split(":")[0] == node[name].split(":")[0]
    else:
        assert ours[name] == node[name]


WEB_GLOBALS = [
    "setTimeout",
    "TextEncoder",
    "atob",
    "ReadableStream",
    "ReadableStreamDefaultReader",
    "ReadableStreamBYOBReader",
    "ReadableStreamBYOBRequest",
    "ReadableStreamDefaultController",
    "ReadableByteStreamController",
    "WritableStream",
    "WritableStreamDefaultWriter",
    "WritableStreamDefaultController",
    "TransformStream",
    "TransformStreamDefaultController",
    "ByteLengthQueuingStrategy",
    "CountQueuingStrategy",
    "TextEncoderStream",
    "TextDecoderStream",
    "Blob",
    "File",
    "CompressionStream",
    "DecompressionStream",
    "Headers",
    "Request",
    "Response",
    "FormData",
    "Event",
    "EventTarget",
    "CustomEvent",
    "DOMException",
    "AbortController",
    "AbortSignal",
    "reportError",
    "ErrorEvent",
    "PromiseRejectionEvent",
    "addEventListener",
    "removeEventListener",
    "dispatchEvent",
    "onerror",
    "onunhandledrejection",
    "onrejectionhandled",
    "structuredClone",
    "crypto",
    "Crypto",
    "SubtleCrypto",
    "CryptoKey",
    "performance",
    "URL",
    "URLSearchParams",
    "URLPattern",
    "MessageChannel",
    "MessagePort",
    "MessageEvent",
    "BroadcastChannel",
    "navigator",
    "self",
]


def test_each_web_global_is_there_and_none_without_web_apis() -> None:
    present = f"{WEB_GLOBALS}.filter((name) => name in globalThis)"
    with jsrun.Runtime() as rt:
        assert rt.eval(present) == WEB_GLOBALS
    with jsrun.Runtime(jsrun.RuntimeConfig(web_apis=False)) as rt:
        assert rt.eval(present) == []
        assert rt.eval("[typeof [].toSorted, 1 + 1]") == ["function", 2]  # the polyfills stay


def test_performance_observers_see_marks_and_measures_in_a_later_task() -> None:
    script = """(async () => {
      const seen = [];
      performance.mark('before');
      const observer = new PerformanceObserver((list, o) => seen.push([o === observer,
        list.getEntries().map((e) => `${e.entryType}:${e.name}`), list.getEntriesByName('m').length]));
      observer.observe({ type: 'mark', buffered: true });
      const both = new PerformanceObserver((list) => seen.push(list.getEntries().map((e) => e.name)));
      both.observe({ entryTypes: ['mark', 'measure'] });
      performance.mark('a');
      performance.measure('m', 'before', 'a');
      const sync = seen.length;
      await new Promise((r) => setTimeout(r, 0));
      performance.mark('taken');
      const taken = both.takeRecords().map((e) => e.name);
      both.disconnect();
      observer.disconnect();
      performance.mark('unseen');
      await new Promise((r) => setTimeout(r, 0));
      return [sync, seen, taken, PerformanceObserver.supportedEntryTypes, String(new PerformanceObserver(() => {}))];
    })()"""
    with jsrun.Runtime() as rt:
        assert asyncio.run(rt.eval_async(script)) == [
            0,
            # (each list in start time order: the measure starts at "before")
            [[True, ["mark:before", "mark:a"], 0], ["m", "a"]],
            ["taken"],
            ["function", "mark", "measure", "resource"],
            "[object PerformanceObserver]",
        ]


def test_navigator_and_self() -> None:
    with jsrun.Runtime() as rt:
        assert rt.eval("[navigator.userAgent, self === globalThis, String(navigator)]") == [
            "jsrun",
            True,
            "[object Navigator]",
        ]
        with pytest.raises(jsrun.JavaScriptError, match="Illegal constructor"):
            rt.eval("new Navigator()")


def test_abort_signal_timeout_aborts_with_a_timeout_error() -> None:
    script = """new Promise((resolve) => {
      const signal = AbortSignal.timeout(10);
      signal.onabort = () => resolve([signal.aborted, signal.reason.name, signal.reason.code]);
    })"""
    with jsrun.Runtime() as rt:
        assert asyncio.run(rt.eval_async(script)) == [True, "TimeoutError", 23]


def test_report_error_goes_to_the_console() -> None:
    seen: list[tuple[str, str]] = []
    config = jsrun.RuntimeConfig(console=lambda method, text, args: seen.append((method, text)))
    with jsrun.Runtime(config) as rt:
        rt.eval("reportError(new TypeError('lost'))")
        rt.eval("const t = new EventTarget(); t.addEventListener('x', () => { throw new Error('in listener'); });")
        assert rt.eval("t.dispatchEvent(new Event('x'))") is True  # the throw does not stop the dispatch
    assert [m for m, _ in seen] == ["error", "error"]
    assert "TypeError: lost" in seen[0][1] and "in listener" in seen[1][1]


def test_a_dom_exception_reaches_python_with_its_name() -> None:
    with jsrun.Runtime() as rt, pytest.raises(jsrun.JavaScriptError) as info:
        rt.eval("structuredClone(() => 1)")
    assert "DataCloneError" in str(info.value) and "could not be cloned" in str(info.value)


def test_web_globals_are_made_on_first_use_only() -> None:
    with jsrun.Runtime() as rt:
        # A runtime that never touches URL never runs its script.
        assert rt.eval("Object.getOwnPropertyDescriptor(globalThis, 'URL').value === undefined") is False
        assert rt.eval("typeof URL") == "function"
        assert rt.eval("Object.getOwnPropertyDescriptor(globalThis, 'URL').writable") is True


def test_fetch_without_a_handler_reaches_no_network() -> None:
    with jsrun.Runtime() as rt:
        assert rt.eval("typeof fetch") == "function"
        with pytest.raises(jsrun.JavaScriptError, match="TypeError: fetch failed: this runtime has no network"):
            rt.eval("fetch('https://example.com/')")
        with pytest.raises(jsrun.JavaScriptError, match="no network"):
            rt.eval("fetch('file:///etc/passwd')")
    with jsrun.Runtime(jsrun.RuntimeConfig(fetch=lambda request: jsrun.FetchResponse(), web_apis=False)) as rt:
        assert rt.eval("typeof fetch") == "undefined"


def test_fetch_answers_data_urls_itself() -> None:
    seen: list[str] = []

    def handler(request: jsrun.FetchRequest) -> jsrun.FetchResponse:
        seen.append(request.url)
        return jsrun.FetchResponse(500)

    for config in (jsrun.RuntimeConfig(), jsrun.RuntimeConfig(fetch=handler)):
        with jsrun.Runtime(config) as rt:
            got = rt.eval(
                "fetch('data:,Hello%2C%20World!').then(async (r) =>"
                " [r.status, r.statusText, r.ok, r.headers.get('content-type'), r.url, await r.text()])"
            )
            assert got == [200, "OK", True, "text/plain;charset=US-ASCII", "data:,Hello%2C%20World!", "Hello, World!"]
            assert rt.eval("fetch('data:application/json;base64,eyJhIjpbMSwyXX0=').then((r) => r.json())") == {
                "a": [1, 2]
            }
            assert rt.eval("fetch('DATA:image/png;base64,iVBORw==').then((r) => r.bytes())") == b"\x89PNG"
            with pytest.raises(jsrun.JavaScriptError, match="TypeError: fetch failed: .*bad base64"):
                rt.eval("fetch('data:;base64,%%%')")
    assert seen == []


def test_blob_urls_are_fetched_and_revoked() -> None:
    with jsrun.Runtime() as rt:
        rt.eval("globalThis.u = URL.createObjectURL(new Blob(['hi ', 'there'], { type: 'Text/Plain' }))")
        assert re.fullmatch(
            r"blob:null/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", rt.eval("u")
        )
        got = rt.eval(
            "fetch(u + '#fragment').then(async (r) => [r.status, r.statusText, r.headers.get('content-type'),"
            " r.headers.get('content-length'), await r.text()])"
        )
        assert got == [200, "OK", "text/plain", "8", "hi there"]
        with pytest.raises(jsrun.JavaScriptError, match="TypeError: fetch failed: .*method is not GET"):
            rt.eval("fetch(u, { method: 'POST' })")
        assert rt.eval("URL.createObjectURL(new File(['x'], 'f.txt')) !== u") is True
        rt.eval("URL.revokeObjectURL(u); URL.revokeObjectURL('not a blob URL')")
        with pytest.raises(jsrun.JavaScriptError, match="TypeError: fetch failed: .*revoked"):
            rt.eval("fetch(u)")
        with pytest.raises(jsrun.JavaScriptError, match="TypeError: .*not a Blob"):
            rt.eval("URL.createObjectURL({ size: 1 })")
        with pytest.raises(jsrun.JavaScriptError, match="TypeError: .*1 argument required"):
            rt.eval("URL.createObjectURL()")
    with jsrun.Runtime() as other:
        # Another runtime's store is another one.
        with pytest.raises(jsrun.JavaScriptError, match="revoked"):
            other.eval("fetch('blob:null/00000000-0000-4000-8000-000000000000')")


def test_modules_from_data_and_blob_urls() -> None:
    with jsrun.Runtime() as rt:
        assert rt.eval("import('data:text/javascript,export default 6 * 7').then((m) => m.default)") == 42
        assert (
            rt.eval("import('data:application/javascript;base64,' + btoa('export const x = 1')).then((m) => m.x)") == 1
        )
        made = rt.eval(
            "(async () => {"
            "  const lib = URL.createObjectURL(new Blob(['export const x = 7'], { type: 'text/javascript' }));"
            "  const main = URL.createObjectURL(new Blob([`import { x } from '${lib}'; export default (a) => a * x`],"
            "    { type: 'text/javascript; charset=utf-8' }));"
            "  return (await import(main)).default(6);"
            "})()"
        )
        assert made == 42
        # As in browsers: a module must have a JavaScript MIME type.
        with pytest.raises(jsrun.JavaScriptError, match='TypeError: .*JavaScript MIME type, not "text/plain'):
            rt.eval("import('data:text/plain,export default 1')")
        with pytest.raises(jsrun.JavaScriptError, match='JavaScript MIME type, not ""'):
            rt.eval("import(URL.createObjectURL(new Blob(['export default 1'])))")
        with pytest.raises(jsrun.JavaScriptError, match="TypeError: .*not a blob URL"):
            rt.eval("import('blob:null/nope')")
        assert rt.eval_module("data:text/javascript,export const y = 'from eval_module'")["y"] == "from eval_module"


def test_fetch_hands_the_request_to_python_and_the_response_back() -> None:
    seen: list[jsrun.FetchRequest] = []

    def handler(request: jsrun.FetchRequest) -> jsrun.FetchResponse:
        seen.append(request)
        return jsrun.FetchResponse(201, {"content-type": "application/json"}, '{"ok": true}', "Made")

    script = """fetch('https://api.example/x?q=1', {method: 'POST', body: new Uint8Array([1, 2]), headers: {A: '1'}})
      .then(async (r) => [r.status, r.statusText, r.ok, r.url, r.headers.get('content-type'), await r.json()])"""
    with jsrun.Runtime(jsrun.RuntimeConfig(fetch=handler)) as rt:
        assert rt.eval(script) == [201, "Made", True, "https://api.example/x?q=1", "application/json", {"ok": True}]
        assert rt.eval("fetch('http://h/', {method: 'HEAD'}).then((r) => r.body)") is None
    assert seen[0] == jsrun.FetchRequest("POST", "https://api.example/x?q=1", [("a", "1")], b"\x01\x02")


def test_an_async_fetch_handler_during_eval_async() -> None:
    async def handler(request: jsrun.FetchRequest) -> jsrun.FetchResponse:
        await asyncio.sleep(0.01)
        return jsrun.FetchResponse(body=f"{request.method} {request.url}")

    with jsrun.Runtime(jsrun.RuntimeConfig(fetch=handler)) as rt:
        assert asyncio.run(rt.eval_async("fetch('http://h/p').then((r) => r.text())")) == "GET http://h/p"


def test_fetch_errors_are_javascript_errors() -> None:
    def handler(request: jsrun.FetchRequest) -> jsrun.FetchResponse:
        if request.url.endswith("/boom"):
            raise ConnectionError("no route to host")
        return 5  # type: ignore[return-value]

    with jsrun.Runtime(jsrun.RuntimeConfig(fetch=handler)) as rt:
        with pytest.raises(jsrun.JavaScriptError, match="must return a jsrun.FetchResponse, not int"):
            rt.eval("fetch('http://h/')")
        assert rt.eval("fetch('http://h/boom').catch((e) => String(e.message))") == "no route to host"
        assert rt.eval("fetch('/relative').catch((e) => e.name)") == "TypeError"
        aborted = "fetch('http://h/', {signal: AbortSignal.abort('stop')}).catch((e) => e)"
        assert rt.eval(aborted) == "stop"
    with pytest.raises(TypeError, match="fetch must be a callable"):
        jsrun.RuntimeConfig(fetch=42)


def test_url_pattern_matches_as_the_standard_examples_say() -> None:
    # Node 20 has no URLPattern to compare with: the URL Pattern Standard's own examples.
    script = """(() => {
      const books = new URLPattern({ pathname: '/books/:id' });
      const match = books.exec('https://example.com/books/123');
      const wild = new URLPattern('https://*.example.com/*');
      const based = new URLPattern('/books/:id([0-9]+)', 'https://example.com');
      return [books.test('https://example.com/books/123'), books.test('https://example.com/authors/1'),
        match.pathname.groups, match.hostname.input, wild.test('https://api.example.com/a/b'),
        wild.test('https://example.org/'), based.test('https://example.com/books/7'),
        based.test('https://example.com/books/x'), books.pathname, String(Object.prototype.toString.call(books))];
    })()"""
    with jsrun.Runtime() as rt:
        assert rt.eval(script) == [
            True,
            False,
            {"id": "123"},
            "example.com",
            True,
            False,
            True,
            False,
            "/books/:id",
            "[object URLPattern]",
        ]
        with pytest.raises(jsrun.JavaScriptError, match="TypeError"):
            rt.eval("new URLPattern({ pathname: '/books/(' })")


# WinterTC's Minimum Common Web Platform API, as listed by
# wintercg/proposal-minimum-common-api (index.bs, commit bc3adbe).
WINTERTC_INTERFACES = (
    "AbortController AbortSignal Blob ByteLengthQueuingStrategy CompressionStream CountQueuingStrategy Crypto "
    "CryptoKey DecompressionStream DOMException ErrorEvent Event EventTarget File FormData Headers "
    "PromiseRejectionEvent ReadableByteStreamController ReadableStream ReadableStreamBYOBReader "
    "ReadableStreamBYOBRequest ReadableStreamDefaultController ReadableStreamDefaultReader Request Response "
    "SubtleCrypto TextDecoder TextDecoderStream TextEncoder TextEncoderStream TransformStream "
    "TransformStreamDefaultController URL URLPattern URLSearchParams WritableStream WritableStreamDefaultController "
    "WritableStreamDefaultWriter"
).split()
WINTERTC_FUNCTIONS = (
    "atob btoa fetch queueMicrotask setTimeout clearTimeout setInterval clearInterval structuredClone "
    "WebAssembly.compile WebAssembly.compileStreaming WebAssembly.instantiate WebAssembly.instantiateStreaming "
    "WebAssembly.validate WebAssembly.Global WebAssembly.Instance WebAssembly.Memory WebAssembly.Module "
    "WebAssembly.Table performance.now console.log crypto.getRandomValues"
).split()


def test_all_of_wintertc_minimum_common_api() -> None:
    config = jsrun.RuntimeConfig(enable_console=True)  # fetch too: it needs no handler
    with jsrun.Runtime(config) as rt:
        missing = rt.eval(f"{WINTERTC_INTERFACES}.filter((name) => typeof globalThis[name] !== 'function')")
        assert missing == []
        lookup = "(path) => path.split('.').reduce((o, key) => o?.[key], globalThis)"
        assert rt.eval(f"{WINTERTC_FUNCTIONS}.filter((path) => typeof ({lookup})(path) !== 'function')") == []
        assert rt.eval(
            "[globalThis instanceof EventTarget, typeof navigator.userAgent, typeof performance.timeOrigin,"
            " 'onerror' in globalThis, 'onunhandledrejection' in globalThis, 'onrejectionhandled' in globalThis,"
            " crypto instanceof Crypto, crypto.subtle instanceof SubtleCrypto]"
        ) == [True, "string", "number", True, True, True, True, True]


# WebIDL: an interface object's `length` is its constructor's count of
# required arguments, 0 for one that has no constructor (it throws).
WEBIDL_LENGTHS = {
    "AbortController": 0,
    "AbortSignal": 0,
    "Blob": 0,
    "BroadcastChannel": 1,
    "ByteLengthQueuingStrategy": 1,
    "CompressionStream": 1,
    "CountQueuingStrategy": 1,
    "Crypto": 0,
    "CryptoKey": 0,
    "CustomEvent": 1,
    "DOMException": 0,
    "DecompressionStream": 1,
    "ErrorEvent": 1,
    "Event": 1,
    "EventTarget": 0,
    "File": 2,
    "FormData": 0,
    "Headers": 0,
    "MessageChannel": 0,
    "MessageEvent": 1,
    "MessagePort": 0,
    "Navigator": 0,
    "Performance": 0,
    "PerformanceEntry": 0,
    "PerformanceMark": 1,
    "PerformanceMeasure": 0,
    "PerformanceObserver": 1,
    "PerformanceObserverEntryList": 0,
    "PerformanceResourceTiming": 0,
    "PromiseRejectionEvent": 2,
    "ReadableStream": 0,
    "Request": 1,
    "Response": 0,
    "SubtleCrypto": 0,
    "TextDecoder": 0,
    "TextDecoderStream": 0,
    "TextEncoder": 0,
    "TextEncoderStream": 0,
    "TransformStream": 0,
    "URL": 1,
    "URLPattern": 0,
    "URLSearchParams": 0,
    "WritableStream": 0,
}


def test_interface_objects_are_shaped_as_webidl_says() -> None:
    with jsrun.Runtime() as rt:
        lengths = rt.eval(f"Object.fromEntries({list(WEBIDL_LENGTHS)}.map((n) => [n, globalThis[n].length]))")
        assert lengths == WEBIDL_LENGTHS
        # Each prototype's class string is the interface's name.
        assert (
            rt.eval(
                f"{list(WEBIDL_LENGTHS)}.filter((n) =>"
                " Object.prototype.toString.call(globalThis[n].prototype) !== `[object ${n}]`)"
            )
            == []
        )
        assert rt.eval(
            "[Object.prototype.toString.call(new TextEncoder()), Object.prototype.toString.call(new TextDecoder())]"
        ) == ["[object TextEncoder]", "[object TextDecoder]"]
        # Body is a mixin: its members are Request's and Response's own.
        assert (
            rt.eval(
                "['json', 'text', 'arrayBuffer', 'blob', 'bytes', 'formData', 'body', 'bodyUsed'].every((k) =>"
                " Object.hasOwn(Request.prototype, k) && Object.hasOwn(Response.prototype, k))"
                " && Object.getPrototypeOf(Response.prototype) === Object.prototype"
            )
            is True
        )
        # Their constructors' parent is Function.prototype: code that walks up from a subclass of
        # Response to the native one (srvx, under h3 2) finds Response itself.
        assert rt.eval(
            "[Request, Response, Headers, URL, URLSearchParams, ReadableStream]"
            ".every((C) => Object.getPrototypeOf(C) === Function.prototype)"
        )
        walked = (
            "class Mine extends Response { constructor(b) { super(b, { status: 201 }); } }\n"
            "let C = Mine; while (Object.getPrototypeOf(C).prototype) C = Object.getPrototypeOf(C);\n"
            "const made = new C('made'); const mine = new Mine('mine');\n"
            "Promise.all([C === Response, made.text(), mine.status, mine.text(), mine instanceof Response])"
        )
        assert rt.eval(walked) == [True, "made", 201, "mine", True]
        # A body is read once.
        assert (
            rt.eval("const r = new Response('x'); r.text().then(() => r.text()).catch((e) => e.constructor.name)")
            == "TypeError"
        )


def test_platform_objects_deep_in_a_large_clone_keep_what_they_were() -> None:
    # V8 reads an object's properties in a handle scope of its own: what stands for a platform object read
    # inside it must outlive it (it did not: with enough objects after, the clone read other values, or V8 died).
    with jsrun.Runtime() as rt:
        got = rt.eval(
            """const deeper = (i) => ({ blob: new Blob([String(i)]), point: new DOMPoint(i) });
            const nested = Array.from({ length: 64 }, (_, i) => ({ deeper: deeper(i) }));
            const filler = Array.from({ length: 4000 }, (_, i) => ({ i, text: `filler ${i}` }));
            const copy = structuredClone({ nested, filler, last: [{ rect: new DOMRect(1, 2, 3, 4) }] });
            [copy.nested.every(({ deeper }, i) => deeper.blob instanceof Blob && deeper.blob.size === String(i).length
              && deeper.point instanceof DOMPoint && deeper.point.x === i),
             copy.filler.every(({ i, text }, at) => i === at && text === `filler ${at}`),
             copy.last[0].rect instanceof DOMRect && copy.last[0].rect.right === 4]"""
        )
        assert got == [True, True, True]


def test_platform_objects_clone_as_browsers_clone_them() -> None:
    # HTML's serializable objects, where Node has none (geometry) or does otherwise (File -> Blob, EventTarget -> {}).
    with jsrun.Runtime() as rt:
        rt.eval(
            "class MyBlob extends Blob { extra = 1; }\n"
            "globalThis.copies = structuredClone({\n"
            "  file: new File(['ab'], 'a.txt', { type: 'text/plain', lastModified: 42 }),\n"
            "  mine: new MyBlob(['xyz']),\n"
            "  point: new DOMPoint(1, 2, 3, 4), fixed: new DOMPointReadOnly(5),\n"
            "  rect: new DOMRectReadOnly(1, 2, 3, 4), quad: new DOMQuad({ x: 1 }, { y: 2 }),\n"
            "  matrix: new DOMMatrix([1, 2, 3, 4, 5, 6]).rotate(0, 30, 0),\n"
            "})"
        )
        assert rt.eval(
            "const { file, mine, point, fixed, rect, quad, matrix } = copies;\n"
            "[file instanceof File, file.name, file.lastModified, file.type, file.size,\n"
            " Object.getPrototypeOf(mine) === Blob.prototype, 'extra' in mine, mine.size,\n"
            " point instanceof DOMPoint, point.toJSON(),\n"
            " fixed instanceof DOMPoint, fixed instanceof DOMPointReadOnly,\n"
            " rect instanceof DOMRect, rect.right, quad.p2.y, quad.p3.w, quad.p1 instanceof DOMPoint,\n"
            " matrix instanceof DOMMatrix, matrix.is2D,\n"
            " matrix.toString() === new DOMMatrix([1, 2, 3, 4, 5, 6]).rotate(0, 30, 0).toString()]"
        ) == [
            True, "a.txt", 42, "text/plain", 2,
            True, False, 3,
            True, {"x": 1, "y": 2, "z": 3, "w": 4}, False, True,
            False, 4, 2, 1, True,
            True, False,
            True,
        ]  # fmt: skip
        assert asyncio.run(rt.eval_async("copies.file.text()")) == "ab"
        # Platform objects that are not serializable refuse, as in browsers.
        for value in ["new EventTarget()", "AbortSignal.abort()", "new MessageChannel().port1"]:
            with pytest.raises(jsrun.JavaScriptError, match="DataCloneError: .* object could not be cloned"):
                rt.eval(f"structuredClone({value})")
        assert rt.eval(
            "class Emitter extends EventTarget { count = 0; }\n"
            "const e = new Emitter(); e.addEventListener('x', () => e.count++); e.dispatchEvent(new Event('x'));\n"
            "[e.count, Object.getPrototypeOf(EventTarget.prototype) === Object.prototype,\n"
            " globalThis instanceof EventTarget]"
        ) == [1, True, True]
        # Not yet (docs/web.md): DOMException clones as an Error, streams are not transferable.
        assert rt.eval(
            "const d = structuredClone(new DOMException('m', 'AbortError')); [d instanceof Error, d.name]"
        ) == [
            True,
            "Error",
        ]
        with pytest.raises(jsrun.JavaScriptError, match="DataCloneError"):
            rt.eval("const r = new ReadableStream(); structuredClone(r, { transfer: [r] })")


def test_a_transferred_port_keeps_its_undelivered_messages() -> None:
    with jsrun.Runtime() as rt:
        script = """(async () => {
              const { port1, port2 } = new MessageChannel();
              port1.postMessage('queued 1');
              port1.postMessage('queued 2');
              const { moved } = structuredClone({ moved: port2 }, { transfer: [port2] });
              const got = [];
              await new Promise((resolve) => {
                moved.onmessage = (e) => { got.push(e.data); if (got.length === 3) resolve(); };
                port1.postMessage('after');
              });
              port1.close();
              return [got, moved !== port2];
            })()"""
        assert asyncio.run(rt.eval_async(script)) == [["queued 1", "queued 2", "after"], True]

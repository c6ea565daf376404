"""The node: built-ins jsrun provides, against Node.js: one probe script
(tests/node/builtins_probe.js) runs in both and must give the same results,
and the built-ins jsrun refuses say so."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import jsrun

NODE_DIR = Path(__file__).parent / "node"


def probe_source(name: str) -> str:
    """A probe of tests/node, after the prelude the probes share."""
    return f"{(NODE_DIR / 'prelude.js').read_text()}\n{(NODE_DIR / name).read_text()}"


PROBE = probe_source("builtins_probe.js")
NODE = shutil.which("node")


def in_node(source: str, cwd: Path) -> object:
    assert NODE, "Node.js is needed to compare with it"
    script = f"{source}\nrun().then((o) => console.log(JSON.stringify(o)));"
    done = subprocess.run([NODE, "-e", script], cwd=cwd, capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def in_jsrun(source: str, cwd: Path) -> object:
    with jsrun.Runtime() as rt:
        rt.use_node_modules(cwd)
        return asyncio.run(rt.eval_async(f"{source}\nrun().then((o) => JSON.stringify(o))", timeout=30))


def same_as_node(name: str, cwd: Path) -> dict[str, Any]:
    """The probe `name` of tests/node run in Node and in jsrun (from `cwd`): jsrun's results, once equal to Node's."""
    probe = probe_source(name)
    theirs = in_node(probe, cwd)
    with jsrun.Runtime() as rt:
        rt.use_node_modules(cwd)
        ours = json.loads(str(asyncio.run(rt.eval_async(f"{probe}\nrun().then((o) => JSON.stringify(o))", timeout=60))))
    assert not differences(theirs, ours), differences(theirs, ours)
    assert isinstance(ours, dict)
    return ours


def differences(theirs: object, ours: object) -> str:
    """Each key whose result differs, with both results (empty: none)."""
    assert isinstance(theirs, dict) and isinstance(ours, dict)
    return "\n".join(
        f"{key}:\n  node  {json.dumps(theirs.get(key))}\n  jsrun {json.dumps(ours.get(key))}"
        for key in theirs
        if theirs.get(key) != ours.get(key)
    )


def test_builtins_give_what_node_gives(tmp_path: Path) -> None:
    theirs = in_node(PROBE, tmp_path)
    ours = json.loads(str(in_jsrun(PROBE, tmp_path)))
    assert not differences(theirs, ours), differences(theirs, ours)
    assert isinstance(theirs, dict) and len(theirs) >= 35


def test_buffer_text_codecs_give_what_node_gives(tmp_path: Path) -> None:
    # Short and long input (jsrun decodes long input natively), broken input, write()'s overloads.
    probe = probe_source("buffer_probe.js")
    theirs = in_node(probe, tmp_path)
    ours = json.loads(str(in_jsrun(probe, tmp_path)))
    assert not differences(theirs, ours), differences(theirs, ours)
    assert isinstance(theirs, dict) and len(theirs) >= 50


@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("fs", "readFileSync('/etc/passwd')"),
        ("node:fs", "writeFileSync('/tmp/x', 'y')"),
        ("fs", "createReadStream('/etc/passwd')"),
        ("net", "connect(80, 'example.com')"),
        ("child_process", "execSync('id')"),
        ("http", "get('http://example.com/')"),
        ("https", "request('https://example.com/')"),
        ("cluster", "fork()"),
        ("vm", "measureMemory()"),
        ("dgram", "createSocket('udp4')"),
        ("repl", "start()"),
        ("dns", "lookup('example.com', () => {})"),
    ],
)
def test_builtins_that_reach_the_host_load_and_refuse_every_call(tmp_path: Path, name: str, call: str) -> None:
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        # Loading works (packages import these at the top and use them on some paths only).
        assert rt.eval(f"typeof require({json.dumps(name)})") == "object"
        with pytest.raises(jsrun.JavaScriptError, match="is not available in jsrun's sandbox"):
            rt.eval(f"require({json.dumps(name)}).{call}")
        module = f"require({json.dumps(name)})"
        export = call.split("(")[0]
        refused = "(() => {{ try {{ {} }} catch (e) {{ return e.code; }} }})()"
        assert rt.eval(refused.format(f"{module}.{call};")) == "ERR_ACCESS_DENIED"
        # Constructed, as a class: refused too.
        assert rt.eval(refused.format(f"new ({module}.{export})();")) == "ERR_ACCESS_DENIED"
        # An ES module imports it by name.
        rt.add_static_module(
            "imports-it", f"import {{ {export} }} from {json.dumps(name)}; export default typeof {export};"
        )
        assert rt.eval_module("imports-it")["default"] == "function"


def test_promise_apis_of_those_reject_and_their_data_is_nodes(tmp_path: Path) -> None:
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        assert rt.eval("require('fs/promises').readFile('/etc/passwd').catch((e) => e.code)") == "ERR_ACCESS_DENIED"
        rejected = "require('fs').promises.writeFile('/tmp/x', 'y').catch((e) => e.code)"
        assert rt.eval(rejected) == "ERR_ACCESS_DENIED"
        data = "[require('fs').constants.O_RDONLY, require('http').STATUS_CODES[404], require('http').METHODS[0]]"
        assert rt.eval(data) == [0, "Not Found", "ACL"]


def test_a_refused_network_call_points_to_fetch(tmp_path: Path) -> None:
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        said = rt.eval("(() => { try { require('https').get('https://x/'); } catch (e) { return e.message; } })()")
        assert said.endswith("; fetch() reaches a handler the host may give")


def test_other_builtins_are_refused_when_required(tmp_path: Path) -> None:
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        for name in ["trace_events", "node:domain", "node:test"]:
            assert rt.eval(f"(() => {{ try {{ require('{name}'); }} catch (e) {{ return e.code; }} }})()") == (
                "ERR_ACCESS_DENIED"
            )
        rt.add_static_module("imports-it", "import x from 'trace_events'; export default x;")
        with pytest.raises(jsrun.JavaScriptError, match="not available in jsrun's sandbox"):
            rt.eval_module("imports-it")


def test_a_diagnostics_channel_subscriber_that_throws_is_reported_not_thrown_at_the_publisher(tmp_path: Path) -> None:
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        rt.eval(
            "globalThis.seen = []; const dc = require('diagnostics_channel');"
            "addEventListener('error', (e) => { seen.push(`reported ${e.error.message}`); e.preventDefault(); });"
            "dc.subscribe('x', () => { throw new RangeError('in subscriber'); });"
            "dc.subscribe('x', (m) => seen.push(m));"
            "dc.channel('x').publish(1); seen.push('published');"
        )
        assert asyncio.run(rt.eval_async("new Promise((r) => setTimeout(() => r(seen), 0))")) == [
            1,
            "published",
            "reported in subscriber",
        ]


def test_a_subscribed_channel_outlives_its_last_reference(tmp_path: Path) -> None:
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        # Channels are held weakly by name (idle ones go), except while someone listens.
        rt.eval(
            "const dc = require('diagnostics_channel'); globalThis.got = [];"
            "dc.subscribe('kept', (m) => got.push(m));"
            "for (let i = 0; i < 1000; i++) dc.channel(`idle${i}`);"
        )
        rt._collect_garbage()
        assert rt.eval("dc.channel('kept').publish('still here'); got") == ["still here"]
        assert rt.eval("dc.hasSubscribers('kept')") is True


def test_os_and_tty_tell_nothing_about_the_host(tmp_path: Path) -> None:
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        assert rt.eval(
            "const os = require('os'); [os.hostname(), os.homedir(), os.tmpdir(), os.cpus(), os.totalmem(),"
            " os.freemem(), os.networkInterfaces(), os.userInfo().username, os.release(), os.availableParallelism()]"
        ) == ["localhost", "/", "/tmp", [], 0, 0, {}, "", "", 1]
        for call in ["require('os').setPriority(0)", "new (require('tty').WriteStream)(1)"]:
            assert rt.eval(f"(() => {{ try {{ {call}; }} catch (e) {{ return e.code; }} }})()") == "ERR_ACCESS_DENIED"


@pytest.mark.parametrize(
    "script",
    [
        "const crypto = require('crypto'); crypto.createHash('md5').update('x').digest('hex').length",
        "const { URL } = require('url'); new URL('http://a/b').pathname.length",
        "const { Blob } = require('buffer'); new Blob(['ab']).size",
        "const { setTimeout } = require('timers'); typeof setTimeout === 'function' ? 2 : 0",
        "const { performance } = require('perf_hooks'); typeof performance.now() === 'number' ? 2 : 0",
        "const { TextDecoder } = require('util'); new TextDecoder().decode(new Uint8Array([65, 66])).length",
        "const Map = 1, Symbol = 2, Error = 3; require('util').inspect(new globalThis.Map([[1, 2]])).length",
        "const Promise = 1; const Object = 2; require('events').once ? 2 : 0",
        "const { Buffer, atob } = require('buffer'); Buffer.from('aGk=', 'base64').length",
    ],
)
def test_a_scripts_top_level_names_do_not_reach_jsruns_own_code(tmp_path: Path, script: str) -> None:
    # `const crypto = require('crypto')` declares `crypto` in the scope every
    # script finds free names in; jsrun's built-ins must not find it there.
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        assert rt.eval(script) >= 2


def test_web_apis_do_not_see_a_scripts_top_level_names() -> None:
    with jsrun.Runtime() as rt:
        got = asyncio.run(
            rt.eval_async(
                "const Response = 1, Headers = 2, Promise = 3, TextEncoder = 4, Uint8Array = 5, URL = 6;"
                "Promise;"
                "(async () => [await (await fetch('data:,hi')).text(), await new Blob(['é']).text(),"
                " new globalThis.URL('http://a/b?c=d').searchParams.get('c'),"
                " structuredClone(new Map([[1, 2]])).size])()"
            )
        )
        assert got == ["hi", "é", "d", 1]


def test_style_text_is_plain_unless_the_stream_is_a_terminal(tmp_path: Path) -> None:
    # Node 22's util.styleText: process.stdout is not a terminal here, so the text stays plain
    # (Node 20 colours it whatever the stream).
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        assert rt.eval(
            "const { styleText } = require('util');"
            "[styleText('red', 'plain'), styleText(['bold', 'red'], 'x', { validateStream: false }),"
            " styleText('green', 'y', { stream: { isTTY: true } }),"
            " (() => { try { styleText('nope', 'z'); } catch (e) { return e.code; } })()]"
        ) == ["plain", "\x1b[1m\x1b[31mx\x1b[39m\x1b[22m", "\x1b[32my\x1b[39m", "ERR_INVALID_ARG_VALUE"]


def test_vm_compile_function_takes_only_identifiers_as_parameters(tmp_path: Path) -> None:
    # V8 takes the parameter list as given (Node 20 crashes on these); jsrun refuses them first.
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        for params in (["a) { return 2 }; (function (b"], ["1abc"], ["class"], ["a b"], [1]):
            assert rt.eval(
                "(() => { try { require('vm').compileFunction('return 1', "
                + json.dumps(params)
                + "); } catch (e) { return [e.name, e.code]; } })()"
            ) == ["TypeError", "ERR_INVALID_ARG_VALUE"]
        assert rt.eval("require('vm').compileFunction('return ñ + $_', ['ñ', '$_'])(1, 2)") == 3


# (node:stream is loaded at the start, or later: writes go straight to the console until then.)
STDIO = r"""
LOAD_STREAM
process.stdout.write('a');
process.stdout.write('b\n');
process.stdout.write(Buffer.from('c\nd'));
process.stdout.write('\n');
process.stdout.write('6869', 'hex');
process.stdout.write(new Uint8Array([10, 0xc3])); // "é" split across two writes
process.stdout.write(new Uint8Array([0xa9, 10]));
process.stderr.write('to stderr\nand on');
process.stderr.write('\n');
for (const bad of [123, undefined, {}]) {
  try { process.stdout.write(bad); } catch (e) { process.stderr.write(`${e.code}: ${e.message}\n`); }
}
process.stdout.write('with a callback\n', (e) => process.stdout.write(`callback ${e}\n`));
new (require('console').Console)(process.stdout, process.stderr).log('console %d %j', 5, { k: [1] });
process.stderr.write(`${process.stdout.fd} ${process.stderr.fd} ${process.stdout.isTTY} ${process.stdout._isStdio}\n`);
LOAD_STREAM_LATER
Readable.from(['one\n', 'two', '\nthree\n']).pipe(process.stdout).on('unpipe', () => process.stderr.write('unpiped\n'));
const input = [];
process.stdin.on('data', (chunk) => input.push(chunk)).on('end', () => {
  process.stderr.write(`stdin: ${input.length} chunks, fd ${process.stdin.fd}, isTTY ${process.stdin.isTTY}\n`);
});
setTimeout(() => {
  process.stderr.write(`${process.stdout instanceof require('stream').Writable} ${process.stdout.writableEnded}\n`);
  process.stdout.write('the end, no newline');
}, 20);
"""


@pytest.mark.parametrize("stream_first", [True, False])
def test_process_stdout_and_stderr_print_what_node_prints(tmp_path: Path, stream_first: bool) -> None:
    assert NODE, "Node.js is needed to compare with it"
    load = "const { Readable } = require('stream');"
    script = STDIO.replace("LOAD_STREAM_LATER", "" if stream_first else load).replace(
        "LOAD_STREAM", load if stream_first else ""
    )
    node = subprocess.run([NODE, "-e", script], input="", capture_output=True, text=True, timeout=60, check=True)
    lines: list[tuple[str, str]] = []
    with jsrun.Runtime(jsrun.RuntimeConfig(console=lambda method, text, _args: lines.append((method, text)))) as rt:
        rt.use_node_modules(tmp_path)
        asyncio.run(rt.eval_async(f"{script}; new Promise((resolve) => setTimeout(resolve, 50))", timeout=30))
    # The console gets lines: Node's output, split at its newlines.
    assert [text for method, text in lines if method == "log"] == node.stdout.split("\n")
    assert [text for method, text in lines if method == "error"] == node.stderr.rstrip("\n").split("\n")
    assert "é" in node.stdout and "callback null" in node.stdout and "true false" in node.stderr
    assert "stdin: 0 chunks, fd 0, isTTY undefined" in node.stderr


def test_readline_gives_what_node_gives(tmp_path: Path) -> None:
    (tmp_path / "lines.txt").write_text("first\r\nsecond\nthird")
    probe = probe_source("readline_probe.js")
    theirs = in_node(probe, tmp_path)
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path, allow_read=True)
        ours = json.loads(str(asyncio.run(rt.eval_async(f"{probe}\nrun().then((o) => JSON.stringify(o))", timeout=30))))
    assert not differences(theirs, ours), differences(theirs, ours)
    assert isinstance(theirs, dict) and len(theirs) == 18
    assert theirs["a file, line by line"] == ["first", "second", "third"]


def test_next_tick_runs_before_promises_and_survives_what_a_tick_does(tmp_path: Path) -> None:
    with jsrun.Runtime(jsrun.RuntimeConfig(timeout=0.5)) as rt:
        rt.use_node_modules(tmp_path)
        # Queued by a synchronous eval: the ticks run first at its checkpoint, as in Node.
        rt.eval("globalThis.log = []; Promise.resolve().then(() => log.push('promise'));")
        rt.eval("Promise.resolve().then(() => log.push('promise 2')); process.nextTick(() => log.push('tick'))")
        assert rt.eval("log") == ["promise", "tick", "promise 2"]
        # A tick that queues itself forever is stopped by the timeout; the queue works after.
        with pytest.raises(jsrun.JsTimeoutError):
            rt.eval("function again() { process.nextTick(again); } again()")
        assert rt.eval("globalThis.log = []; process.nextTick((a) => log.push(a), 'next'); 1") == 1
        assert rt.eval("log") == ["next"]
        # What a tick throws is the runtime's uncaught error (eval_async fails with it); the next tick runs.
        with pytest.raises(jsrun.JavaScriptError, match="RangeError: in a tick"):
            thrown = "process.nextTick(() => { throw new RangeError('in a tick'); });"
            asyncio.run(rt.eval_async(f"{thrown} new Promise((r) => setTimeout(r, 10))"))
        assert rt.eval("globalThis.log = []; process.nextTick(() => log.push('still')); 1") == 1
        assert rt.eval("log") == ["still"]


def test_process_error_listeners_handle_what_nobody_caught(tmp_path: Path) -> None:
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        later = "new Promise((resolve) => setTimeout(resolve, 10))"
        # Without a listener, the call fails with the error, as before.
        with pytest.raises(jsrun.JavaScriptError, match="from a timer"):
            asyncio.run(rt.eval_async(f"setTimeout(() => {{ throw new Error('from a timer'); }}); {later}"))
        # With one, the error is the listener's to handle: the call succeeds.
        rt.eval("globalThis.seen = []; process.on('uncaughtException', (error) => seen.push(error.message))")
        asyncio.run(rt.eval_async(f"setTimeout(() => {{ throw new Error('handled'); }}); {later}"))
        assert rt.eval("seen") == ["handled"]
        # What a listener throws is the caller's error (Node would exit with it).
        rt.eval("process.on('uncaughtException', () => { throw new TypeError('from the listener'); })")
        with pytest.raises(jsrun.JavaScriptError, match="TypeError: from the listener"):
            asyncio.run(rt.eval_async(f"setTimeout(() => {{ throw new Error('again'); }}); {later}"))
        assert rt.eval("seen") == ["handled", "again"]
        rt.eval("process.removeAllListeners('uncaughtException')")
        with pytest.raises(jsrun.JavaScriptError, match="rejected"):
            asyncio.run(rt.eval_async(f"Promise.reject(new Error('rejected')); {later}"))

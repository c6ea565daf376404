"""node:wasi: WASI's calls against Node.js (tests/node/wasi_probe.js), C
programs built with wasi-libc run by both (tests/wasi), and what only jsrun
has to get right — the preopened directories read-only and confined to what
allow_read grants, standard output to the console, the runtime's timeout
over a sleeping program, and hostile arguments answered with errnos."""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_node_builtins import NODE, differences, in_node, probe_source

import jsrun
from conftest import compile_wat

ROOT = Path(__file__).parent.parent
WASI_C = Path(__file__).parent / "wasi"
CLANG_FLAGS = ROOT / ".deps" / "wasi" / "clang-flags"
ERRNO = {"BADF": 8, "EXIST": 20, "INVAL": 28, "MFILE": 33, "NOENT": 44, "ROFS": 69, "NOTCAPABLE": 76}
# Rights (wasi/api.h): fd_read, fd_seek, fd_write, path_open, fd_readdir, fd_filestat_get.
READ, SEEK, WRITE, PATH_OPEN, READDIR, FILESTAT = 1 << 1, 1 << 2, 1 << 6, 1 << 13, 1 << 14, 1 << 21
# A module with only a memory: the tests call WASI's functions themselves.
MEMORY_ONLY = "new Uint8Array([0,97,115,109,1,0,0,0,5,3,1,0,1,7,10,1,6,109,101,109,111,114,121,2,0])"


def make_data(folder: Path) -> Path:
    """The directory the programs get as /data: files, a subdirectory, symlinks in and out."""
    data = folder / "data"
    (data / "sub").mkdir(parents=True)
    (data / "a.txt").write_text("line one\nline two\n")
    (data / "sub" / "b.txt").write_text("nested\n")
    (data / "sub" / "link").symlink_to("../a.txt")
    (data / "sub" / "up").symlink_to("..")
    (data / "out").symlink_to("/etc/passwd")
    return data


def runtime(folder: Path, **config: object) -> jsrun.Runtime:
    rt = jsrun.Runtime(jsrun.RuntimeConfig(**config)) if config else jsrun.Runtime()
    rt.use_node_modules(folder, allow_read=True)
    return rt


def reactor(rt: jsrun.Runtime, options: str = "{}") -> None:
    """`w` (a WASI), `call` (its functions) and `mem` (bytes) in the runtime, started with a bare memory."""
    rt.eval(
        f"globalThis.w = new (require('wasi').WASI)({{ version: 'preview1', ...{options} }});"
        f"globalThis.inst = new WebAssembly.Instance(new WebAssembly.Module({MEMORY_ONLY}), w.getImportObject());"
        "w.initialize(inst); globalThis.call = w.wasiImport;"
        "globalThis.view = () => new DataView(inst.exports.memory.buffer);"
        "globalThis.put = (at, text) => { const b = new TextEncoder().encode(text);"
        " new Uint8Array(inst.exports.memory.buffer).set(b, at); return b.length; };"
        "globalThis.open = (name, oflags = 0, rights = 2n, fdflags = 0, dir = 3) =>"
        " call.path_open(dir, 1, 4096, put(4096, name), oflags, rights, 0n, fdflags, 200);"
        "undefined"
    )


def compile_c(folder: Path, name: str) -> Path:
    """tests/wasi/NAME.c → a WASI module, with wasi-libc from scripts/setup-wasi-libc.sh."""
    if not CLANG_FLAGS.exists():
        if os.environ.get("JSRUN_ENGINE_ROOT"):
            pytest.skip("wasi-libc is set up on the host only (the engine roots run the probe and the .wat programs)")
        raise AssertionError("wasi-libc is needed: `make test-tools` (scripts/setup-wasi-libc.sh) sets it up")
    flags = CLANG_FLAGS.read_text().split("#")[0].split()
    out = folder / f"{name}.wasm"
    subprocess.run(
        ["clang", "--target=wasm32-wasi", *flags, "-O1", str(WASI_C / f"{name}.c"), "-o", str(out)], check=True
    )
    return out


RUN_PROGRAM = """
const { WASI } = require('wasi');
const data = require('path').resolve('data');
const wasi = new WASI({ version: 'preview1', args: ARGS, env: { X: 'yes' }, preopens: { '/data': data }, STDIN });
const bytes = require('fs').readFileSync(require('path').resolve('PROGRAM'));
WebAssembly.instantiate(bytes, wasi.getImportObject()).then(({ instance }) => wasi.start(instance))
"""


def node_runs(folder: Path, program: Path, args: list[str]) -> subprocess.CompletedProcess[bytes]:
    """The program under Node.js's WASI, given "four" as input: its output, and its exit code after its errors."""
    source = RUN_PROGRAM.replace("ARGS", json.dumps(args)).replace("PROGRAM", program.name).replace(", STDIN", "")
    source += ".then((code) => process.stderr.write(`exit ${code}\\n`))"
    assert NODE, "Node.js is needed to compare with it"
    command = [NODE, "--no-warnings", "-e", source]
    return subprocess.run(command, cwd=folder, input=b"four", capture_output=True, timeout=60, check=True)


def run_program(folder: Path, program: Path, args: list[str], stdin: str) -> tuple[list[tuple[str, str]], object]:
    """The program under jsrun: its console lines and what start() returned."""
    lines: list[tuple[str, str]] = []
    source = RUN_PROGRAM.replace("ARGS", json.dumps(args)).replace("PROGRAM", program.name)
    source = source.replace("STDIN", f"stdin: {json.dumps(stdin)}")
    with runtime(folder, console=lambda method, text, _args: lines.append((method, text))) as rt:
        code = asyncio.run(rt.eval_async(source, timeout=60))
    return lines, code


@pytest.mark.skipif(NODE is None, reason="compares with Node.js")
def test_the_calls_give_what_node_gives(tmp_path: Path) -> None:
    make_data(tmp_path)
    probe = probe_source("wasi_probe.js")
    theirs = in_node(probe, tmp_path)
    with runtime(tmp_path) as rt:
        ours = json.loads(str(asyncio.run(rt.eval_async(f"{probe}\nrun().then((o) => JSON.stringify(o))", timeout=30))))
    assert not differences(theirs, ours), differences(theirs, ours)
    assert isinstance(theirs, dict) and len(theirs) == 13
    assert theirs["paths"][5] == ["sub/../../data/a.txt", 0, [4, 18], 0, 4, 0]


@pytest.mark.skipif(NODE is None, reason="compares with Node.js")
def test_a_c_program_runs_as_in_node(tmp_path: Path) -> None:
    make_data(tmp_path)
    program = compile_c(tmp_path, "files")
    args = ["files", "ä b", "3"]
    node = node_runs(tmp_path, program, args)
    lines, code = run_program(tmp_path, program, args, "four")
    assert [text for method, text in lines if method == "log"] == node.stdout.decode().split("\n")
    errors = [text for method, text in lines if method == "error"]
    assert [*errors, f"exit {code}"] == node.stderr.decode().strip().split("\n")
    ours = [text for _, text in lines]
    assert "open /data/out: Capabilities insufficient" in ours and "stdin 4 bytes" in ours and code == 3
    assert ours[-1] == "no newline at the end"


def test_writes_are_refused_and_the_files_stay(tmp_path: Path) -> None:
    data = make_data(tmp_path)
    before = sorted(str(p.relative_to(data)) for p in data.rglob("*"))
    lines, code = run_program(tmp_path, compile_c(tmp_path, "create"), ["create"], "")
    assert [text for _, text in lines] == [
        "create: Read-only file system",
        "truncate: Read-only file system",
        "append: Read-only file system",
        "read-write: Read-only file system",
        "mkdir: Read-only file system",
        "unlink: Read-only file system",
        "rename: Read-only file system",
        "rmdir: Read-only file system",
        "symlink: Read-only file system",
        "fputs to a file opened for reading: 0",
    ]
    assert code == 0
    assert sorted(str(p.relative_to(data)) for p in data.rglob("*")) == before
    assert (data / "a.txt").read_text() == "line one\nline two\n"


def test_each_write_call_answers_read_only(tmp_path: Path) -> None:
    make_data(tmp_path)
    with runtime(tmp_path) as rt:
        reactor(rt, "{ preopens: { '/data': 'data' } }")
        assert rt.eval("[open('new.txt', 1), open('a.txt', 1 | 4), open('a.txt', 8), open('a.txt', 0, 2n | 64n)]") == [
            ERRNO["ROFS"],
            ERRNO["EXIST"],
            ERRNO["ROFS"],
            ERRNO["ROFS"],
        ]
        assert rt.eval("open('a.txt', 0, 2n, 1)") == ERRNO["ROFS"]  # append
        changes = (
            "const n = put(4096, 'a.txt'); ["
            "call.path_create_directory(3, 4096, n), call.path_unlink_file(3, 4096, n),"
            "call.path_remove_directory(3, 4096, n), call.path_rename(3, 4096, n, 3, 4096, n),"
            "call.path_symlink(4096, n, 3, 4096, n), call.path_link(3, 0, 4096, n, 3, 4096, n),"
            "call.path_filestat_set_times(3, 0, 4096, n, 0n, 0n, 0)]"
        )
        assert rt.eval(changes) == [ERRNO["ROFS"]] * 7
        # A file opened for reading holds no right to write, allocate or resize.
        assert rt.eval("open('a.txt', 0, 2n | 4n)") == 0
        fd = rt.eval("view().getUint32(200, true)")
        writes = f"[call.fd_write({fd}, 0, 0, 16), call.fd_pwrite({fd}, 0, 0, 0n, 16), call.fd_allocate({fd}, 0n, 1n),"
        writes += f" call.fd_filestat_set_size({fd}, 0n), call.fd_datasync({fd})]"
        assert rt.eval(writes) == [ERRNO["NOTCAPABLE"]] * 5
    assert (tmp_path / "data" / "a.txt").read_text() == "line one\nline two\n"


def test_standard_output_reaches_the_console_a_line_at_a_time(tmp_path: Path) -> None:
    # "h" and the first byte of "é" in one write, the rest of it and an open line in the next.
    wasm = compile_wat(
        tmp_path,
        """(module
          (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory (export "memory") 1)
          (data (i32.const 100) "h\\c3")
          (data (i32.const 200) "\\a9llo\\npartial")
          (data (i32.const 300) "oops\\n")
          (func $put (param $fd i32) (param $at i32) (param $len i32)
            (i32.store (i32.const 0) (local.get $at))
            (i32.store (i32.const 4) (local.get $len))
            (drop (call $w (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 16))))
          (func (export "_start")
            (call $put (i32.const 1) (i32.const 100) (i32.const 2))
            (call $put (i32.const 1) (i32.const 200) (i32.const 12))
            (call $put (i32.const 2) (i32.const 300) (i32.const 5))
            (call $exit (i32.const 3))))""",
    )
    lines: list[tuple[str, str]] = []
    with jsrun.Runtime(jsrun.RuntimeConfig(console=lambda method, text, _args: lines.append((method, text)))) as rt:
        rt.use_node_modules(tmp_path)
        rt.bind_object("module_bytes", {"wasm": wasm})
        start = (
            "const { WASI } = require('wasi'); const w = new WASI({ version: 'preview1' });"
            "const i = new WebAssembly.Instance(new WebAssembly.Module(module_bytes.wasm), w.getImportObject());"
        )
        assert rt.eval(
            f"{{ {start} [w.start(i), (() => {{ try {{ w.start(i); }} catch (e) {{ return e.code; }} }})()] }}"
        ) == [
            3,
            "ERR_WASI_ALREADY_STARTED",
        ]
        assert lines == [("log", "héllo"), ("error", "oops"), ("log", "partial")]
        # returnOnExit: false would end the host process: it is refused as process.exit() is.
        with pytest.raises(jsrun.JavaScriptError, match=r"process\.exit\(\) is not available"):
            rt.eval("{" + start.replace("'preview1'", "'preview1', returnOnExit: false") + "w.start(i) }")


ECHO = """(module
  (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (local $n i32)
    (loop $more
      (i32.store (i32.const 0) (i32.const 1024))
      (i32.store (i32.const 4) (i32.const 7))
      (drop (call $read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)))
      (local.set $n (i32.load (i32.const 16)))
      (if (local.get $n) (then
        (i32.store (i32.const 4) (local.get $n))
        (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 20)))
        (br $more))))))"""


def test_standard_input_and_output_can_be_given_as_bytes_and_functions(tmp_path: Path) -> None:
    wasm = compile_wat(tmp_path, ECHO)
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        rt.bind_object("module_bytes", {"wasm": wasm})
        echo = (
            "(input) => { const chunks = []; const w = new (require('wasi').WASI)({ version: 'preview1', stdin: input,"
            " stdout: (bytes) => chunks.push(bytes) });"
            " w.start(new WebAssembly.Instance(new WebAssembly.Module(module_bytes.wasm), w.getImportObject()));"
            " return [chunks.length, Buffer.concat(chunks).toString()]; }"
        )
        rt.eval(f"globalThis.echo = {echo}")
        assert rt.eval("echo('a longer text, read seven bytes at a time ✓')") == [
            7,
            "a longer text, read seven bytes at a time ✓",
        ]
        assert rt.eval("echo(new Uint8Array([104, 105]))") == [1, "hi"]
        assert rt.eval("echo(0)") == [0, ""]
        assert rt.eval("echo(new TextEncoder().encode('x').buffer)") == [1, "x"]
        # An error the function throws reaches the caller as it was (not as an errno for the program).
        failing = echo.replace("(bytes) => chunks.push(bytes)", "() => { throw new RangeError('sink full'); }")
        with pytest.raises(jsrun.JavaScriptError, match="RangeError: sink full"):
            rt.eval(f"({failing})('x')")
        for bad, code in [("5", "ERR_ACCESS_DENIED"), ("-1", "ERR_OUT_OF_RANGE"), ("{}", "ERR_INVALID_ARG_TYPE")]:
            assert rt.eval(f"(() => {{ try {{ echo({bad}); }} catch (e) {{ return e.code; }} }})()") == code


SLEEPER = """(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (i32.store (i32.const 16) (i32.const 1))
    (i64.store (i32.const 24) (i64.const NANOSECONDS))
    (drop (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128)))))"""


def test_a_sleeping_program_stops_at_the_runtimes_timeout_and_does_not_spin(tmp_path: Path) -> None:
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        rt.bind_object(
            "programs",
            {
                "long": compile_wat(tmp_path, SLEEPER.replace("NANOSECONDS", "600000000000"), "long"),
                "second": compile_wat(tmp_path, SLEEPER.replace("NANOSECONDS", "1000000000"), "second"),
            },
        )
        rt.eval(
            "globalThis.run = (wasm) => { const w = new (require('wasi').WASI)({ version: 'preview1' });"
            " return w.start(new WebAssembly.Instance(new WebAssembly.Module(wasm), w.getImportObject())); }"
        )
        with pytest.raises(jsrun.JsTimeoutError):
            rt.eval("run(programs.long)", timeout=0.3)
        assert rt.eval("1 + 1") == 2
        # It waits rather than spins: a second of sleep takes a small part of a second of CPU.
        before = time.process_time()
        assert rt.eval("run(programs.second)") == 0
        assert time.process_time() - before < 0.5


def test_preopens_need_the_read_grant_and_stay_inside_it(tmp_path: Path) -> None:
    granted = tmp_path / "granted"
    make_data(granted)
    (tmp_path / "secret.txt").write_text("secret")
    (granted / "data" / "escape").symlink_to(tmp_path)
    (granted / "box").mkdir()
    (granted / "box" / "sibling").symlink_to("../data/a.txt")
    preopen = (
        "(dir) => { try { new (require('wasi').WASI)({ version: 'preview1', preopens: { '/d': dir } }); return 'ok'; }"
    )
    preopen += " catch (e) { return e.code; } }"
    with jsrun.Runtime() as rt:
        rt.use_node_modules(granted)
        assert rt.eval(f"({preopen})('data')") == "ERR_ACCESS_DENIED"  # no allow_read
    with runtime(granted) as rt:
        rt.eval(f"globalThis.preopen = {preopen}")
        assert rt.eval("preopen('data')") == "ok"
        assert rt.eval(f"preopen({json.dumps(str(tmp_path))})") == "ERR_ACCESS_DENIED"
        assert rt.eval("preopen('data/escape')") == "ERR_ACCESS_DENIED"
        assert rt.eval("preopen('nothing')") == "UVWASI_ENOENT"
        # A symlink that leaves the preopen, even for a place inside the grant, is not followed.
        reactor(rt, "{ preopens: { '/box': 'box' } }")
        assert rt.eval("[open('sibling'), open('../data/a.txt'), open('/etc/passwd')]") == [ERRNO["NOTCAPABLE"]] * 3
        reactor(rt, "{ preopens: { '/data': 'data' } }")
        assert rt.eval(
            "[open('/etc/passwd'), open(''), call.path_filestat_get(3, 1, 4096, put(4096, '/data/a.txt'), 0)]"
        ) == [
            ERRNO["NOTCAPABLE"],
            ERRNO["INVAL"],
            ERRNO["NOTCAPABLE"],
        ]
        # A listing asked from past its end is empty.
        assert rt.eval("[call.fd_readdir(3, 1024, 4096, 1000n, 16), view().getUint32(16, true)]") == [0, 0]
        assert rt.eval("[open('escape/secret.txt'), open('escape'), open('sub/up/a.txt')]") == [
            ERRNO["NOTCAPABLE"],
            ERRNO["NOTCAPABLE"],
            0,
        ]
        # A directory opened under the preopen reaches no higher than itself.
        assert rt.eval("open('sub', 2, 1n << 13n | 1n << 14n)") == 0
        sub = rt.eval("view().getUint32(200, true)")
        assert rt.eval(f"[open('b.txt', 0, 2n, 0, {sub}), open('../a.txt', 0, 2n, 0, {sub})]") == [
            0,
            ERRNO["NOTCAPABLE"],
        ]


def test_descriptors_are_bounded_and_reused(tmp_path: Path) -> None:
    make_data(tmp_path)
    with runtime(tmp_path) as rt:
        reactor(rt, "{ preopens: { '/data': 'data' } }")
        opened = rt.eval("let n = 0; while (open('a.txt') === 0) n++; [n, open('a.txt')]")
        assert opened == [1020, ERRNO["MFILE"]]  # 0, 1, 2 and the preopen take four of 1024
        assert rt.eval("[call.fd_close(500), open('a.txt'), view().getUint32(200, true)]") == [0, 0, 500]


def test_hostile_arguments_get_errnos_and_the_runtime_goes_on(tmp_path: Path) -> None:
    make_data(tmp_path)
    seed = random.randrange(1 << 30)
    with runtime(tmp_path) as rt:
        reactor(rt, "{ preopens: { '/data': 'data' }, args: ['x'], env: { A: 'b' } }")
        calls = (
            f"let seed = {seed}; const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);"
            "const pick = () => [0, 1, 3, 7, 4096, 65535, 65536, 2147483647, 4294967295, -1, next()][next() % 11];"
            "const wide = () => [0n, 1n, -1n, 1n << 63n, (1n << 64n) - 1n, BigInt(next())][next() % 6];"
            "const i64 = { clock_time_get: [1], fd_advise: [1, 2], fd_allocate: [1, 2], fd_fdstat_set_rights: [1, 2],"
            " fd_filestat_set_size: [1], fd_filestat_set_times: [1, 2], fd_pread: [3], fd_pwrite: [3], fd_readdir: [3],"
            " fd_seek: [1], path_filestat_set_times: [4, 5], path_open: [5, 6] };"
            "const results = new Set();"
            "for (let round = 0; round < 300; round++) for (const name of Object.keys(call)) {"
            " if (name === 'proc_exit') continue;"
            " new Uint8Array(inst.exports.memory.buffer).fill(0);"
            " const args = Array.from({ length: 9 }, (_, i) => ((i64[name] ?? []).includes(i) ? wide() : pick()));"
            " const errno = call[name](...args);"
            " if (!Number.isInteger(errno) || errno < 0 || errno > 76) throw new Error(`${name}(${args}): ${errno}`);"
            " results.add(errno); }"
            "[...results].sort((a, b) => a - b)"
        )
        errnos = rt.eval(calls, timeout=60)
        assert 0 in errnos and ERRNO["BADF"] in errnos and 61 in errnos, (seed, errnos)  # 61: outside the memory
        reactor(rt, "{ preopens: { '/data': 'data' } }")
        assert rt.eval("[open('a.txt'), call.fd_close(4), call.fd_close(4)]") == [0, 0, ERRNO["BADF"]]
    assert (tmp_path / "data" / "a.txt").read_text() == "line one\nline two\n"


def test_an_es_module_imports_it(tmp_path: Path) -> None:
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        rt.add_static_module(
            "uses-wasi",
            "import { WASI } from 'node:wasi'; import wasi from 'wasi';"
            "export const ok = WASI === wasi.WASI && typeof new WASI({ version: 'unstable' }).wasiImport.fd_write;",
        )
        assert rt.eval_module("uses-wasi")["ok"] == "function"


@pytest.mark.skipif(NODE is None, reason="compares with Node.js")
def test_run_wasi_gives_what_the_program_wrote_as_node_runs_it(tmp_path: Path) -> None:
    make_data(tmp_path)
    program = compile_c(tmp_path, "files")
    args = ["files", "ä b", "3"]
    node = node_runs(tmp_path, program, args)
    result = jsrun.run_wasi(program, args, env={"X": "yes"}, stdin="four", preopens={"/data": tmp_path / "data"})
    assert isinstance(result, jsrun.WasiResult)
    assert result.stdout == node.stdout and result.stderr + b"exit 3\n" == node.stderr
    assert result.returncode == 3 and result.stdout.endswith(b"no newline at the end")
    # The module may be bytes too, and the same call gives the same result.
    again = jsrun.run_wasi(
        program.read_bytes(), args, env={"X": "yes"}, stdin=b"four", preopens={"/data": tmp_path / "data"}
    )
    assert again == result


def test_run_wasi_takes_input_stops_at_its_timeout_and_reports_traps(tmp_path: Path) -> None:
    echo = compile_wat(tmp_path, ECHO, "echo")
    assert jsrun.run_wasi(echo, stdin="ça va\n") == jsrun.WasiResult(0, "ça va\n".encode(), b"")
    assert jsrun.run_wasi(echo) == jsrun.WasiResult(0, b"", b"")
    upper = ROOT / "examples" / "wasi_upper.wasm"
    assert jsrun.run_wasi(str(upper), stdin=b"abc") == jsrun.WasiResult(3, b"ABC", b"")
    sleeper = compile_wat(tmp_path, SLEEPER.replace("NANOSECONDS", "600000000000"), "sleeper")
    with pytest.raises(jsrun.JsTimeoutError):
        jsrun.run_wasi(sleeper, timeout=0.3)
    trap = compile_wat(tmp_path, '(module (memory (export "memory") 1) (func (export "_start") unreachable))', "trap")
    with pytest.raises(jsrun.JavaScriptError, match="RuntimeError: unreachable"):
        jsrun.run_wasi(trap)
    with pytest.raises(jsrun.JavaScriptError, match="CompileError"):
        jsrun.run_wasi(b"\0asm\1\0\0\0junk")
    with pytest.raises(FileNotFoundError, match="nothing-here is not a directory"):
        jsrun.run_wasi(echo, preopens={"/data": tmp_path / "nothing-here"})
    with pytest.raises(NotADirectoryError, match=r"preopens\['/data'\]"):
        jsrun.run_wasi(echo, preopens={"/data": tmp_path / "echo.wasm"})
    # The runtime's own limits apply: a heap limit in config, its timeout unless one is given.
    with pytest.raises(jsrun.JsTimeoutError):
        jsrun.run_wasi(sleeper, config=jsrun.RuntimeConfig(timeout=0.3))


def test_the_command_line_runs_a_wasi_program_with_its_directories_and_environment(tmp_path: Path) -> None:
    make_data(tmp_path)
    program = compile_c(tmp_path, "files")
    expected = jsrun.run_wasi(
        program, [str(program), "ä b", "3"], env={"X": "yes"}, stdin="four", preopens={"/data": tmp_path / "data"}
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "jsrun",
            str(program),
            "--dir",
            f"{tmp_path / 'data'}:/data",
            "--env",
            "X=yes",
            "--",
            "ä b",
            "3",
        ],
        input=b"four",
        capture_output=True,
        timeout=60,
    )
    assert (done.stdout, done.stderr, done.returncode) == (expected.stdout, expected.stderr, 3)
    assert b"read: line one" in done.stdout and b"stdin 4 bytes" in done.stdout

"""python -m jsrun."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import compile_wat


def jsrun(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jsrun", *args], input=stdin, capture_output=True, text=True, timeout=60
    )


def test_code_argument_prints_the_result() -> None:
    assert jsrun("-c", "1 + 1").stdout == "2\n"
    assert jsrun("-c", "({a: [1, null], s: 'é'})").stdout == '{"a": [1, null], "s": "é"}\n'
    assert jsrun("-c", "'text'").stdout == "text\n"


def test_undefined_prints_nothing() -> None:
    result = jsrun("-c", "let x = 1")
    assert (result.returncode, result.stdout) == (0, "")


def test_file_and_stdin(tmp_path: Path) -> None:
    script = tmp_path / "s.js"
    script.write_text("const xs = [1, 2, 3];\nxs.map(x => x * 2)")
    assert jsrun(str(script)).stdout == "[2, 4, 6]\n"
    assert jsrun("-", stdin="6 * 7").stdout == "42\n"


def test_promises_and_timers_are_awaited() -> None:
    assert jsrun("-c", "new Promise(r => setTimeout(() => r('late'), 10))").stdout == "late\n"


def test_the_script_runs_on_while_timers_are_pending_as_in_node() -> None:
    result = jsrun("-c", "setTimeout(() => console.log('later'), 30); 'now'")
    assert (result.returncode, result.stdout) == (0, "now\nlater\n")
    code = "let n = 0; const i = setInterval(() => { if (++n === 3) { clearInterval(i); console.log('ticks', n) } }, 5)"
    assert jsrun("-c", code).stdout == "ticks 3\n"


def test_the_script_runs_on_while_workers_are_alive_as_in_node(tmp_path: Path) -> None:
    (tmp_path / "main.js").write_text(
        "const { Worker } = require('worker_threads');\n"
        "const worker = new Worker('./square.js', { workerData: 7 });\n"
        "worker.on('message', (n) => console.log('squared', n));\n"
        "worker.on('exit', (code) => console.log('exit', code));\n"
        "new Worker('setInterval(() => {}, 1000)', { eval: true }).unref();\n"
    )
    (tmp_path / "square.js").write_text(
        "const { parentPort, workerData } = require('worker_threads');\n"
        "setTimeout(() => parentPort.postMessage(workerData ** 2), 50);\n"
    )
    result = jsrun("--node-modules", str(tmp_path), str(tmp_path / "main.js"))
    assert (result.returncode, result.stdout, result.stderr) == (0, "squared 49\nexit 0\n", "")


def test_an_error_no_one_caught_exits_1_as_in_node(tmp_path: Path) -> None:
    # Thrown by a timer that fires after the script returned, at once or later.
    for delay in (0, 20):
        script = tmp_path / f"timer{delay}.js"
        script.write_text(f"setTimeout(() => {{ throw new RangeError('from timer') }}, {delay});\nundefined")
        result = jsrun(str(script))
        assert result.returncode == 1, result
        assert "RangeError: from timer" in result.stderr
    # Without the console, the exit code and a line say it.
    result = jsrun("--no-console", "-c", "setTimeout(() => { throw new Error('quiet') }, 0); 1")
    assert result.returncode == 1 and "an error no one caught" in result.stderr
    module = tmp_path / "m.mjs"
    module.write_text("setTimeout(() => { throw new Error('from a module timer') }, 0);\n")
    assert "Error: from a module timer" in jsrun(str(module)).stderr
    result = jsrun("-c", "Promise.reject(new Error('nobody handles')); 1")
    assert result.returncode == 1 and "Error: nobody handles" in result.stderr
    # Cancelled by a listener: not an error.
    code = "addEventListener('error', (e) => e.preventDefault()); setTimeout(() => { throw new Error('x') }, 0); 2"
    result = jsrun("-c", code)
    assert (result.returncode, result.stdout) == (0, "2\n")


def test_errors_exit_1_with_the_js_stack() -> None:
    result = jsrun("-c", "function f() { throw new TypeError('bad') }\nf()")
    assert result.returncode == 1
    assert result.stderr.startswith("<command line>: TypeError: bad\n    at f (<eval>:1:")


def test_timeout_and_missing_file() -> None:
    result = jsrun("--timeout", "0.1", "-c", "for (;;) {}")
    assert (result.returncode, result.stderr.strip()) == (
        1,
        "<command line>: JsTimeoutError: Evaluation failed: evaluation timed out after 100 ms"
        " (the result was still pending)",
    )
    assert jsrun("/nonexistent.js").returncode == 1
    # The timeout bounds the timers the script leaves too.
    result = jsrun("--timeout", "0.2", "-c", "setTimeout(() => console.log('never'), 30000); 5")
    assert (result.returncode, result.stdout) == (1, "5\n") and "JsTimeoutError" in result.stderr


def test_inspect_flags() -> None:
    # --inspect does not wait: the script runs and the URL is logged to stderr.
    result = jsrun("--inspect=127.0.0.1:0", "-c", "6 * 7")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "42\n"
    assert "Debugger listening on ws://127.0.0.1:" in result.stderr
    assert "Open in Chrome: devtools://devtools/bundled/js_app.html?v8only=true&ws=127.0.0.1:" in result.stderr
    # A bare port and an IPv6 host are accepted, a name is not.
    assert jsrun("--inspect=0", "-c", "1").returncode == 0
    assert jsrun("--inspect=[::1]:0", "-c", "1").stdout == "1\n"
    bad = jsrun("--inspect=localhost:9229", "-c", "1")
    assert bad.returncode == 2 and "Invalid inspector address" in bad.stderr
    assert jsrun("--inspect=127.0.0.1:http", "-c", "1").returncode == 2
    # --inspect-wait honours --timeout while nobody attaches.
    waited = jsrun("--inspect-wait=0", "--timeout", "0.3", "-c", "1")
    assert waited.returncode == 1 and "JsTimeoutError" in waited.stderr


def test_mjs_files_run_as_modules_with_imports_from_disk(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "name.mjs").write_text("export const name = import.meta.url.split('/').pop();")
    (tmp_path / "main.mjs").write_text(
        "import { name } from './lib/name.mjs';\n"
        "const n = await Promise.resolve(name);\n"
        "if (n !== 'name.mjs') throw new Error('got ' + n);\n"
    )
    assert jsrun(str(tmp_path / "main.mjs")).returncode == 0
    (tmp_path / "bad.mjs").write_text("import './missing.mjs';")
    bad = jsrun(str(tmp_path / "bad.mjs"))
    assert bad.returncode == 1 and "missing.mjs" in bad.stderr


def test_console_output_goes_to_stdout_and_stderr() -> None:
    result = jsrun("-c", "console.log('out', {a: 1}); console.error('err'); 5")
    assert result.stdout == "out { a: 1 }\n5\n" and result.stderr == "err\n"
    assert jsrun("--no-console", "-c", "console.log('hidden'); 6").stdout == "6\n"


def test_max_heap_and_exit_codes() -> None:
    heavy = jsrun("--max-heap", "16", "-c", "const a = []; for (;;) a.push(new Array(1e5).fill(1))")
    assert heavy.returncode == 1 and "HeapLimitError" in heavy.stderr
    assert jsrun("-c", "throw new Error('x')").returncode == 1
    assert jsrun("-c", "syntax error here").returncode == 1
    assert jsrun("--timeout", "0.2", "-c", "for (;;) {}").returncode == 1


def test_piped_input_without_arguments() -> None:
    assert jsrun(stdin="6 * 7").stdout == "42\n"


def test_repl_on_a_terminal() -> None:
    import os
    import pty
    import time

    pid, fd = pty.fork()
    if pid == 0:  # the child: the REPL on a terminal
        os.execv(sys.executable, [sys.executable, "-m", "jsrun"])
    out = b""

    def until(token: bytes, since: int = 0) -> None:
        nonlocal out
        deadline = time.monotonic() + 20
        while token not in out[since:]:
            assert time.monotonic() < deadline, out.decode(errors="replace")
            out += os.read(fd, 1024)

    until(b"> ")
    for line, expect in [
        (b"let x = 20", b"undefined"),
        (b"x * 2 + 2", b"42"),
        (b"null.y", b"Uncaught TypeError"),
        (b"console.log('from console')", b"from console"),
        (b"Promise.resolve('awaited')", b"awaited"),
        (b"function twice(x) {", b"... "),  # an unfinished statement reads on
        (b"  return 2 * x }", b"undefined"),
        (b"twice(21)", b"42"),
    ]:
        mark = len(out)
        os.write(fd, line + b"\n")
        until(expect, mark + len(line))  # in the reply, not in the echoed input
    os.write(fd, b".exit\n")
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0


def test_node_modules_runs_files_as_node_does(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "node_modules" / "greet").mkdir(parents=True)
    (project / "node_modules" / "greet" / "index.js").write_text("module.exports = (who) => `hello, ${who}`;\n")
    (project / "lib").mkdir()
    (project / "lib" / "name.js").write_text("module.exports = 'cli';\n")
    (project / "app.js").write_text("const greet = require('greet');\nconsole.log(greet(require('./lib/name')));\n")
    (project / "app.mjs").write_text("import greet from 'greet';\nconsole.log(greet(await Promise.resolve('esm')));\n")
    (project / "env.js").write_text("console.log(JSON.stringify(process.env.JSRUN_CLI_TEST ?? null));\n")
    assert jsrun("--node-modules", str(project), str(project / "app.js")).stdout == "hello, cli\n"
    assert jsrun("--node-modules", str(project), str(project / "app.mjs")).stdout == "hello, esm\n"
    assert jsrun("--node-modules", str(project), "-c", "require('greet')('code')").stdout == "hello, code\n"
    # the environment only when asked for
    os.environ["JSRUN_CLI_TEST"] = "yes"
    try:
        assert jsrun("--node-modules", str(project), str(project / "env.js")).stdout == "null\n"
        assert jsrun("--node-modules", str(project), "--node-env", str(project / "env.js")).stdout == '"yes"\n'
    finally:
        del os.environ["JSRUN_CLI_TEST"]
    # a file outside the directory is refused; without the flag there is no require
    outside = tmp_path / "outside.js"
    outside.write_text("console.log('ran');\n")
    refused = jsrun("--node-modules", str(project), str(outside))
    assert refused.returncode == 1 and "outside the directory given to use_node_modules" in refused.stderr
    assert "ran" not in refused.stdout
    plain = jsrun(str(project / "app.js"))
    assert plain.returncode == 1 and "require is not defined" in plain.stderr


ROOT = Path(__file__).resolve().parent.parent
# A WASI program whose exit code is its number of arguments.
ARGC = """(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start") (drop (call $sizes (i32.const 0) (i32.const 4))) (call $exit (i32.load (i32.const 0)))))"""


def test_a_wasm_file_runs_as_a_wasi_program(tmp_path: Path) -> None:
    upper = jsrun(str(ROOT / "examples" / "wasi_upper.wasm"), stdin="hello, wasi")
    assert (upper.stdout, upper.stderr, upper.returncode) == ("HELLO, WASI", "", 9)
    compile_wat(tmp_path, ARGC, "argc")
    # argv[0] is the file; what follows -- is the program's own.
    assert jsrun(str(tmp_path / "argc.wasm")).returncode == 1
    assert jsrun(str(tmp_path / "argc.wasm"), "--", "a", "--b").returncode == 3
    missing = jsrun(str(tmp_path / "nothing.wasm"))
    assert missing.returncode == 1 and "No such file" in missing.stderr
    misplaced = jsrun("-c", "1", "--", "a")
    assert misplaced.returncode == 2 and "arguments after -- are for a .wasm program" in misplaced.stderr
    bad = jsrun(str(tmp_path / "argc.wasm"), "--env", "NOVALUE")
    assert bad.returncode == 2 and "use NAME=VALUE" in bad.stderr

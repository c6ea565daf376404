"""``python -m jsrun``: evaluate JavaScript from the command line.

    python -m jsrun -c "1 + 1"          # prints 2
    python -m jsrun script.js           # runs a file; prints its completion value
    echo "6 * 7" | python -m jsrun -    # reads standard input
    python -m jsrun --inspect-brk app.js   # debug it in Chrome DevTools
    python -m jsrun app.mjs             # an ES module; imports load from disk next to it
    python -m jsrun prog.wasm -- ARG…   # a WASI program (jsrun.run_wasi); --dir gives it a directory

``--inspect[=[HOST:]PORT]`` serves the runtime to DevTools (default
127.0.0.1:9229) and logs the URL to open; ``--inspect-wait`` also waits for a
debugger before running; ``--inspect-brk`` waits and then pauses on the first
statement, like Node.

The result is printed unless it is ``undefined``; a promise is awaited (with
timers and async WebAssembly running), and then, as Node does, the script runs
on until no timer is pending and no worker alive. Errors — thrown, or uncaught in a timer or a
promise — go to standard error with the JavaScript stack, and the exit code is 1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

from . import (
    InspectorConfig,
    JavaScriptError,
    JsTimeoutError,
    Runtime,
    RuntimeConfig,
    __version__,
    run_wasi,
    undefined,
    v8_version,
)

_INSPECT_FLAGS = ("--inspect", "--inspect-wait", "--inspect-brk")


class _Uncaught(Exception):
    """An error no one caught came while nothing was awaited; the console printed it."""


def _show(value: Any) -> str:
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, default=repr)
    except ValueError:  # a cycle
        return repr(value)


def _repl(args: argparse.Namespace, inspector: InspectorConfig | None) -> int:
    """A read-eval-print loop: each line is evaluated (promises awaited) in one runtime."""
    config = RuntimeConfig(timeout=args.timeout, inspector=inspector, console=_print_console)
    print(f"jsrun {__version__} on V8 {v8_version()}. `.exit` or Ctrl-D to leave.")
    with Runtime(config) as rt:
        pending = ""  # lines of an unfinished statement
        while True:
            try:
                line = input("... " if pending else "> ")
            except EOFError:
                print()
                return 0
            except KeyboardInterrupt:
                print()
                pending = ""
                continue
            if not pending and line.strip() in (".exit", ".quit"):
                return 0
            source = pending + line
            if not source.strip():
                continue
            try:
                result = asyncio.run(rt.eval_async(source))
            except KeyboardInterrupt:
                print("Interrupted")
                pending = ""
                continue
            except JavaScriptError as e:
                if e.name == "SyntaxError" and _incomplete(e.message):
                    pending = source + "\n"  # as Node does: read on
                    continue
                pending = ""
                print(f"Uncaught {e}")
                continue
            except Exception as e:  # noqa: BLE001 - shown, then the loop goes on
                pending = ""
                print(f"{type(e).__name__}: {e}")
                continue
            pending = ""
            print("undefined" if result is undefined else _show(result))
    return 0  # for type checkers: Runtime.__exit__ could in principle swallow an exception


def _incomplete(message: str) -> bool:
    """V8's messages for input that stops mid-statement."""
    return any(
        text in message
        for text in ("Unexpected end of input", "Unterminated template literal", "missing ) after argument list")
    )


def _print_console(method: str, text: str, args: Any) -> None:
    """Like Node: log/info/debug/… to stdout; warn/error/trace/assert to stderr."""
    stream = sys.stderr if method in ("warn", "error", "trace", "assert", "countReset") else sys.stdout
    print(text, file=stream, flush=True)


def _serve_files(rt: Runtime) -> None:
    """Resolves imports like a browser (relative to the importing file's URL)
    and loads ``file://`` URLs from disk: the CLI's choice, not the library's."""

    def resolve(specifier: str, referrer: str | None) -> str | None:
        if specifier.startswith(("./", "../", "/", "file:")):
            return urllib.parse.urljoin(referrer or Path.cwd().as_uri() + "/", specifier)
        return None  # bare names: static modules only

    def load(url: str) -> str:
        parsed = urllib.parse.urlparse(url)
        if parsed.scheme != "file":
            raise ValueError(f"only file:// modules can be loaded here, not {url}")
        return Path(urllib.parse.unquote(parsed.path)).read_text(encoding="utf-8")

    rt.set_module_resolver(resolve)
    rt.set_module_loader(load)


def _inspector(address: str, mode: str) -> InspectorConfig:
    host, _, port = address.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    try:
        number = int(port)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid inspector address {address!r}: use [HOST:]PORT") from None
    try:
        return InspectorConfig(
            host,
            number,
            wait_for_connection=mode != "--inspect",
            break_on_next_statement=mode == "--inspect-brk",
        )
    except (ValueError, OverflowError) as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def main(argv: list[str] | None = None) -> int:
    # Node's spelling: a bare --inspect means the default address.
    argv = [f"{a}=9229" if a in _INSPECT_FLAGS else a for a in (sys.argv[1:] if argv is None else argv)]
    parser = argparse.ArgumentParser(prog="python -m jsrun", description="Evaluate JavaScript with jsrun.")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("-c", dest="code", help="JavaScript source to evaluate")
    source.add_argument(
        "file", nargs="?", help="a .js or .mjs file to run, a WASI .wasm program, or - for standard input"
    )
    parser.add_argument(
        "--dir",
        action="append",
        default=[],
        metavar="HOST[:GUEST]",
        help="a .wasm program may read (never write) directory HOST, as GUEST (default: HOST as given)",
    )
    parser.add_argument(
        "--env", action="append", default=[], metavar="NAME=VALUE", help="a .wasm program's environment variable"
    )
    parser.add_argument("--timeout", type=float, default=None, help="seconds before the script is stopped")
    parser.add_argument("--max-heap", type=int, default=None, metavar="MB", help="heap limit in MiB")
    parser.add_argument(
        "--node-modules",
        metavar="DIR",
        default=None,
        help="resolve packages as Node does from DIR (which holds node_modules); FILE then runs as a module "
        "(CommonJS or ES) and must be inside DIR",
    )
    parser.add_argument(
        "--node-env",
        action="store_true",
        help="with --node-modules: give JS this process's environment as process.env (default: empty)",
    )
    parser.add_argument(
        "--allow-read",
        action="store_true",
        help="with --node-modules: let fs read (never write) the files under DIR (default: fs reads nothing)",
    )
    parser.add_argument(
        "--console",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="print console.* output (log and info to stdout, warnings and errors to stderr; default: on)",
    )
    for flag, text in zip(
        _INSPECT_FLAGS,
        [
            "serve DevTools on [HOST:]PORT",
            "as --inspect, and wait for a debugger",
            "as --inspect-wait, and pause at once",
        ],
        strict=True,
    ):
        parser.add_argument(flag, metavar="[HOST:]PORT", dest=flag.lstrip("-").replace("-", "_"), help=text)
    # What follows `--` is a .wasm program's own arguments.
    program_args = argv[argv.index("--") + 1 :] if "--" in argv else []
    args = parser.parse_args(argv[: len(argv) - len(program_args) - (1 if "--" in argv else 0)])
    args.program_args = program_args
    inspector = None
    for flag in _INSPECT_FLAGS:
        address = getattr(args, flag.lstrip("-").replace("-", "_"))
        if address is not None:
            try:
                inspector = _inspector(address, flag)
            except argparse.ArgumentTypeError as e:
                parser.error(str(e))
    if "--" in argv and not (args.file or "").endswith(".wasm"):
        parser.error("arguments after -- are for a .wasm program")
    if args.file is not None and args.file.endswith(".wasm"):
        return _wasi(args, parser)
    if args.code is None and args.file is None:
        if sys.stdin.isatty():
            return _repl(args, inspector)
        args.file = "-"  # piped input, as with `-`
    if args.code is not None:
        code, name = args.code, "<command line>"
    elif args.file == "-":
        code, name = sys.stdin.read(), "<stdin>"
    else:
        try:
            with open(args.file, encoding="utf-8") as f:
                code, name = f.read(), args.file
        except OSError as e:
            print(f"jsrun: {e}", file=sys.stderr)
            return 1
    if inspector is not None:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger = logging.getLogger("jsrun.inspector")
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        if args.file not in (None, "-"):
            # DevTools shows the script under its own path.
            code += f"\n//# sourceURL=file://{os.path.abspath(args.file)}\n"
    as_module = args.file is not None and args.file.endswith(".mjs")
    try:
        config = RuntimeConfig(
            timeout=args.timeout,
            inspector=inspector,
            max_heap_size=None if args.max_heap is None else args.max_heap << 20,
            console=_print_console if args.console else None,
        )
        with Runtime(config) as rt:
            if args.node_modules is not None:
                rt.use_node_modules(
                    args.node_modules, env=dict(os.environ) if args.node_env else None, allow_read=args.allow_read
                )
            asyncio.run(_run(rt, args, code, as_module))
    except JavaScriptError as e:
        print(f"{name}: {e}", file=sys.stderr)
        return 1
    except _Uncaught:
        if not args.console:
            print(f"{name}: an error no one caught (--console shows it)", file=sys.stderr)
        return 1
    except Exception as e:  # noqa: BLE001 - any failure is reported, not a traceback
        print(f"{name}: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    return 0


def _wasi(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Runs a WASI program (jsrun.run_wasi): its output, then its exit code."""
    preopens = {}
    for given in args.dir:
        host, _, guest = given.partition(":")
        preopens[guest or host] = host
    env = {}
    for pair in args.env:
        name, sep, value = pair.partition("=")
        if not sep:
            parser.error(f"--env {pair!r}: use NAME=VALUE")
        env[name] = value
    stdin = b"" if sys.stdin is None or sys.stdin.isatty() else sys.stdin.buffer.read()
    config = RuntimeConfig(max_heap_size=None if args.max_heap is None else args.max_heap << 20)
    try:
        result = run_wasi(
            args.file,
            [args.file, *args.program_args],
            env=env,
            stdin=stdin,
            preopens=preopens,
            timeout=args.timeout,
            config=config,
        )
    except (JavaScriptError, OSError) as e:
        print(f"{args.file}: {e}", file=sys.stderr)
        return 1
    sys.stdout.buffer.write(result.stdout)
    sys.stdout.flush()
    sys.stderr.buffer.write(result.stderr)
    sys.stderr.flush()
    return result.returncode & 0xFF


async def _run(rt: Runtime, args: argparse.Namespace, code: str, as_module: bool) -> None:
    """Runs the script, prints its value, then runs on while timers are pending or workers alive (as Node does).

    An error no one caught fails the call awaited when it came; one that came
    between them (printed by the runtime) is counted in the runtime's stats.
    """
    deadline = None if args.timeout is None else time.monotonic() + args.timeout
    if args.node_modules is not None and args.file not in (None, "-"):
        # As Node runs a file: a module (CommonJS or ES, by Node's rules), no completion value.
        await rt.eval_module_async(Path(args.file).resolve().as_uri())
        result = undefined
    elif as_module:
        _serve_files(rt)
        await rt.eval_module_async(Path(args.file).resolve().as_uri())
        result = undefined  # a module has no completion value
    else:
        result = await rt.eval_async(code)
    if result is not undefined:
        print(_show(result), flush=True)
    delay_ms = 1
    while ((stats := rt.get_stats()).active_timers or stats.active_workers) and not stats.uncaught_errors:
        if deadline is not None and time.monotonic() > deadline:
            raise JsTimeoutError(f"timers or workers still pending after the {args.timeout:g} s timeout")
        await rt.eval_async(f"new Promise((resolve) => setTimeout(resolve, {delay_ms}))")
        delay_ms = min(delay_ms * 2, 50)
    # A timer that threw as the last one ran was counted in that loop turn; this runs after it.
    await rt.eval_async("undefined")
    if rt.get_stats().uncaught_errors:
        raise _Uncaught


if __name__ == "__main__":
    sys.exit(main())

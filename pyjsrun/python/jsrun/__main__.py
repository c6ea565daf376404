"""``python -m jsrun``: evaluate JavaScript from the command line.

    python -m jsrun -c "1 + 1"          # prints 2
    python -m jsrun script.js           # runs a file; prints its completion value
    echo "6 * 7" | python -m jsrun -    # reads standard input

The result is printed unless it is ``undefined``; a promise is awaited (with
timers and async WebAssembly running). Errors go to standard error with the
JavaScript stack, and the exit code is 1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from . import JavaScriptError, Runtime, RuntimeConfig, undefined


def _show(value: Any) -> str:
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, default=repr)
    except ValueError:  # a cycle
        return repr(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jsrun", description="Evaluate JavaScript with jsrun.")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("-c", dest="code", help="JavaScript source to evaluate")
    source.add_argument("file", nargs="?", help="a .js file to run, or - for standard input")
    parser.add_argument("--timeout", type=float, default=None, help="seconds before the script is stopped")
    args = parser.parse_args(argv)
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
    try:
        with Runtime(RuntimeConfig(timeout=args.timeout)) as rt:
            result = asyncio.run(rt.eval_async(code))
    except JavaScriptError as e:
        print(f"{name}: {e}", file=sys.stderr)
        return 1
    except Exception as e:  # noqa: BLE001 - any failure is reported, not a traceback
        print(f"{name}: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    if result is not undefined:
        print(_show(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

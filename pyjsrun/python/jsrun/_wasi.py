"""``jsrun.run_wasi``: a WASI program run to its end, as ``subprocess.run``
runs a process, in a runtime of its own (node:wasi, docs/webassembly.md)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from ._jsrun import RuntimeConfig
from ._runtime import Runtime
from ._source import _js_source


@dataclass(frozen=True)
class WasiResult:
    """What a WASI program left when it ended.

    Attributes:
        returncode: its exit code (``proc_exit``'s, or 0 when ``_start`` returned).
        stdout: what it wrote to standard output.
        stderr: what it wrote to standard error.
    """

    returncode: int
    stdout: bytes
    stderr: bytes


def run_wasi(
    module: bytes | bytearray | memoryview | str | os.PathLike[str],
    args: Sequence[str] = (),
    *,
    env: Mapping[str, str] | None = None,
    stdin: bytes | str = b"",
    preopens: Mapping[str, str | os.PathLike[str]] | None = None,
    timeout: float | timedelta | None = None,
    config: RuntimeConfig | None = None,
) -> WasiResult:
    """Run a WASI preview 1 program (a module that imports
    ``wasi_snapshot_preview1``, such as C built with wasi-libc) to its end.

    The program runs in a new runtime, closed when it ends, through node:wasi:
    it sees only what is passed here.

    Args:
        module: the module's bytes, or the path of a ``.wasm`` file.
        args: its arguments as it sees them, ``argv[0]`` included.
        env: its environment (empty unless given).
        stdin: its standard input (it reads end of file after it).
        preopens: directories it may read, ``{"/data": "host/dir"}``: read-only,
            and nothing outside them (a path or symlink that leaves one fails
            with ``ENOTCAPABLE``, a write with ``EROFS``).
        timeout: seconds (or a ``timedelta``) before it is stopped with
            ``JsTimeoutError``.
        config: the runtime's settings (heap limit…); its timeout applies
            unless ``timeout`` is given.

    Returns:
        A ``WasiResult``: the exit code, and the bytes of standard output and
        error.

    Raises:
        JsTimeoutError: the program ran past ``timeout``.
        JavaScriptError: the module did not compile or link (``CompileError``,
            ``LinkError``), or it trapped (``RuntimeError``).
        FileNotFoundError, NotADirectoryError: a preopened directory is missing,
            or is not one.
    """
    wasm = Path(module).read_bytes() if isinstance(module, (str, os.PathLike)) else bytes(module)
    hosts = {str(guest): os.path.realpath(path) for guest, path in (preopens or {}).items()}
    for guest, host in hosts.items():
        if not os.path.isdir(host):
            error = NotADirectoryError if os.path.exists(host) else FileNotFoundError
            raise error(f"preopens[{guest!r}]: {host} is not a directory")
    with Runtime(config) as rt:
        # The glue reads only what node:wasi confines to each preopened directory; the grant spans them all.
        if hosts:
            rt.use_node_modules(os.path.commonpath([*hosts.values()]), allow_read=True)
        else:
            rt.use_node_modules(os.path.dirname(__file__))  # (for node:wasi only: nothing is read there)
        run = rt.eval(_js_source("run_wasi.js"))
        text = stdin.encode() if isinstance(stdin, str) else bytes(stdin)
        code, out, err = run(wasm, list(args), dict(env or {}), text, hosts, timeout=timeout)
    return WasiResult(int(code), bytes(out), bytes(err))

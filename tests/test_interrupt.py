"""Ctrl-C (SIGINT) stops a long synchronous call on the main thread."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time


def run_and_interrupt(code: str, after: float = 1.0) -> subprocess.CompletedProcess[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(after)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_ctrl_c_interrupts_a_js_loop_and_the_runtime_survives() -> None:
    result = run_and_interrupt(
        """
        import jsrun
        rt = jsrun.Runtime()
        print("ready", flush=True)
        try:
            rt.eval("for (;;) {}")
        except KeyboardInterrupt:
            print("KeyboardInterrupt")
        print(rt.eval("'usable'"))
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["KeyboardInterrupt", "usable"]


def test_ctrl_c_interrupts_a_js_function_call_after_asyncio_run() -> None:
    # asyncio.run installs and restores its own SIGINT handler; a new runtime re-chains ours.
    result = run_and_interrupt(
        """
        import asyncio
        import jsrun
        asyncio.run(asyncio.sleep(0))
        rt = jsrun.Runtime()
        spin = rt.eval("() => { for (;;) {} }")
        print("ready", flush=True)
        try:
            spin()
        except KeyboardInterrupt:
            print("KeyboardInterrupt")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["KeyboardInterrupt"]


def test_custom_sigint_handlers_still_run() -> None:
    result = run_and_interrupt(
        """
        import signal
        import jsrun
        seen = []
        def handler(signum, frame):
            seen.append(signum)
            raise RuntimeError("custom")
        signal.signal(signal.SIGINT, handler)
        rt = jsrun.Runtime()
        print("ready", flush=True)
        try:
            rt.eval("for (;;) {}")
        except RuntimeError as e:
            print(e, seen == [signal.SIGINT])
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["custom", "True"]

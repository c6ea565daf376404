"""Processes that fork: V8's threads do not survive fork, so a child of a
process that started V8 gets clear errors (never a signal), and a process
that forks before its first runtime is unaffected. Each case runs in its own
interpreter, so a crash fails one test and not the run."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def run_isolated(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)


def test_a_child_forked_after_v8_started_gets_clear_errors() -> None:
    result = run_isolated(
        """
        import asyncio, os, sys, jsrun
        rt = jsrun.Runtime()
        f = rt.eval("(x) => x + 1")
        assert f(1) == 2
        pid = os.fork()
        if pid == 0:
            for name, call in [
                ("eval", lambda: rt.eval("1")),
                ("function", lambda: f(1)),
                ("eval_async", lambda: asyncio.run(rt.eval_async("1"))),
                ("new runtime", jsrun.Runtime),
                ("snapshot", lambda: jsrun.SnapshotBuilder().build()),
            ]:
                try:
                    call()
                    print(name, "ran")
                except RuntimeError as e:
                    print(name, "spawn" in str(e) and "forkserver" in str(e) and str(os.getpid()) in str(e))
            del f
            rt.close()  # leaks in the child; never touches V8
            sys.stdout.flush()
            sys.exit(0)  # atexit (which shuts every runtime down) runs too
        _, status = os.waitpid(pid, 0)
        print("child exit", os.waitstatus_to_exitcode(status))
        print("parent", f(41), rt.eval("'still fine'"))
        """
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.splitlines() == [
        "eval True",
        "function True",
        "eval_async True",
        "new runtime True",
        "snapshot True",
        "child exit 0",
        "parent 42 still fine",
    ]


def test_a_child_forked_before_the_first_runtime_can_use_jsrun() -> None:
    result = run_isolated(
        """
        import os, jsrun
        pid = os.fork()
        if pid == 0:
            with jsrun.Runtime() as rt:
                os._exit(0 if rt.eval("6 * 7") == 42 else 1)
        _, status = os.waitpid(pid, 0)
        print(os.waitstatus_to_exitcode(status), jsrun.Runtime().eval("'parent'"))
        """
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["0", "parent"]


def test_multiprocessing_fork_workers_raise_and_spawn_workers_work(tmp_path: Path) -> None:
    script = tmp_path / "workers.py"  # spawned workers import the main module from a file
    script.write_text(
        textwrap.dedent(
            """
        import multiprocessing, jsrun

        def work(x):
            with jsrun.Runtime() as rt:
                return rt.eval(f"{x} * 2")

        if __name__ == "__main__":
            jsrun.Runtime().eval("1")  # V8 is running in the parent
            with multiprocessing.get_context("fork").Pool(1) as pool:
                try:
                    pool.map(work, [1])
                    print("fork ran")
                except RuntimeError as e:
                    print("fork refused:", "'spawn'" in str(e))
            with multiprocessing.get_context("spawn").Pool(2) as pool:
                print("spawn", pool.map(work, [1, 2, 3]))
        """
        )
    )
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.splitlines() == ["fork refused: True", "spawn [2, 4, 6]"]

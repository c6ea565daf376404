"""The main thread, calling runtimes it made, keeps its V8 thread state in
them between calls (`runtime/src/resident.rs`). These cases check what that
must not change: other threads still get in, each thread keeps its own stack
limit, a close from anywhere works, threads may end without closing, many
runtimes per thread, nested calls, fork, and no memory left behind. Each runs
in a fresh interpreter: a crash fails one test and not the run."""

from __future__ import annotations

import subprocess
import sys
import textwrap

CALLS = 12  # past the streak after which the making thread settles in (4)


def run_isolated(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=180)


def test_other_threads_still_get_in_and_see_the_same_state() -> None:
    result = run_isolated(
        f"""
        import threading, jsrun
        rt = jsrun.Runtime()
        rt.eval("globalThis.n = 0")
        for _ in range({CALLS}):
            rt.eval("n += 1")
        def others():
            for _ in range(200):
                rt.eval("n += 1")
        threads = [threading.Thread(target=others) for _ in range(3)]
        for t in threads: t.start()
        for _ in range(200):
            rt.eval("n += 1")
        for t in threads: t.join()
        print(rt.eval("n"))
        rt.close()
        """
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == [str(12 + 4 * 200)]


def test_each_thread_keeps_its_own_stack_limit() -> None:
    # The main thread settles in; a thread with a small stack uses the runtime
    # in between; deep recursion is a RangeError on both, never a crash.
    result = run_isolated(
        f"""
        import threading, jsrun
        deep = "(function f() {{ return f() + 1 }})()"
        out = []
        def outcome(rt):
            try:
                rt.eval(deep)
            except jsrun.JavaScriptError as e:
                return e.name
        rt = jsrun.Runtime()
        for _ in range({CALLS}):
            rt.eval("1")
        threading.stack_size(256 * 1024)
        for _ in range(2):
            small = threading.Thread(target=lambda: out.append(outcome(rt)))
            small.start(); small.join()
            out.append(outcome(rt))
        out.append(rt.eval("'alive'"))
        rt.close()
        print(out)
        """
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "['RangeError', 'RangeError', 'RangeError', 'RangeError', 'alive']"


def test_a_close_from_another_thread_and_the_making_thread_goes_on() -> None:
    result = run_isolated(
        f"""
        import threading, jsrun
        rt = jsrun.Runtime()
        for _ in range({CALLS}):
            rt.eval("1")
        t = threading.Thread(target=rt.close)
        t.start(); t.join()
        try:
            rt.eval("1")
        except jsrun.RuntimeClosedError:
            print("closed")
        again = jsrun.Runtime()
        print(sum(again.eval(f"{{i}} * 2") for i in range({CALLS})))
        again.close()
        """
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["closed", str(sum(i * 2 for i in range(CALLS)))]


def test_one_thread_in_many_runtimes_with_nested_calls() -> None:
    # More runtimes than a thread stays in at once (4), used in bursts, each
    # calling the next one from a bound function; closed in a shuffled order.
    result = run_isolated(
        """
        import random, jsrun
        random.seed(7)
        total = 0
        for round in range(20):
            rts = [jsrun.Runtime() for _ in range(7)]
            for i, rt in enumerate(rts):
                rt.eval(f"globalThis.me = {i}")
                nxt = rts[(i + 1) % len(rts)]
                rt.bind_function("next_me", lambda nxt=nxt: nxt.eval("me"))
            for burst in range(3):
                for rt in rts:
                    for _ in range(6):
                        total += rt.eval("me * 10 + next_me()")
            random.shuffle(rts)
            for rt in rts:
                rt.close()
        print(total)
        """
    )
    assert result.returncode == 0, result.stderr[-3000:]
    per_burst = sum(i * 10 + (i + 1) % 7 for i in range(7)) * 6
    assert result.stdout.split() == [str(20 * 3 * per_burst)]


def test_a_thread_that_ends_without_closing_leaves_nothing_behind() -> None:
    result = run_isolated(
        f"""
        import threading, jsrun
        def rss():
            with open("/proc/self/status") as f:
                return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:")) / 1024
        def round_trip():
            made = []
            def work():
                rt = jsrun.Runtime()
                for _ in range({CALLS}):
                    rt.eval("1")
                made.append(rt)  # the thread ends; its runtime lives on
            t = threading.Thread(target=work)
            t.start(); t.join()
            rt = made.pop()
            assert rt.eval("6 * 7") == 42
            rt.close()
        for _ in range(100):
            round_trip()
        before = rss()
        for _ in range(600):
            round_trip()
        print(round(rss() - before, 1))
        """
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert float(result.stdout) < 1.0, result.stdout  # MiB after 600: ~9 KiB each would be 5.4


def test_a_child_forked_after_settling_in_gets_clear_errors() -> None:
    result = run_isolated(
        f"""
        import os, sys, jsrun
        rt = jsrun.Runtime()
        for _ in range({CALLS}):
            rt.eval("1")
        pid = os.fork()
        if pid == 0:
            try:
                rt.eval("1")
                print("ran")
            except RuntimeError as e:
                print("child", "spawn" in str(e))
            rt.close()
            sys.stdout.flush()
            os._exit(0)
        _, status = os.waitpid(pid, 0)
        print("exit", os.waitstatus_to_exitcode(status))
        print("parent", rt.eval("'fine'"))
        rt.close()
        """
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.splitlines() == ["child True", "exit 0", "parent fine"]


def test_closing_from_inside_a_callback_leaves_nothing_behind() -> None:
    result = run_isolated(
        f"""
        import jsrun
        def rss():
            with open("/proc/self/status") as f:
                return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:")) / 1024
        def once():
            rt = jsrun.Runtime()
            rt.bind_function("close_me", rt.close)
            for _ in range({CALLS}):
                rt.eval("1")
            rt.eval("close_me(); 'finished'")  # the call finishes; the runtime closes as it leaves
            assert rt.is_closed()
        for _ in range(100):
            once()
        before = rss()
        for _ in range(600):
            once()
        print(round(rss() - before, 1))
        """
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert float(result.stdout) < 1.0, result.stdout  # MiB after 600: ~9 KiB each would be 5.4

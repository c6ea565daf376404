"""Use from several threads, the GIL while JS runs, and idle cost."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time

import pytest

import jsrun
from conftest import isolated


def test_one_runtime_from_many_threads(rt: jsrun.Runtime) -> None:
    rt.eval("globalThis.n = 0")
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(2000):
                rt.eval("n += 1")
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert rt.eval("n") == 8000  # calls are serialised: no lost update


def test_runtime_created_in_one_thread_used_in_another() -> None:
    box: dict[str, jsrun.Runtime] = {}
    t = threading.Thread(target=lambda: box.setdefault("rt", jsrun.Runtime()))
    t.start()
    t.join()
    runtime = box["rt"]
    assert runtime.eval("'from main'") == "from main"
    runtime.close()


def test_gil_is_released_while_js_runs(rt: jsrun.Runtime) -> None:
    # Once the JS has started, it spins until Python on this thread has run,
    # which it can only if the JS thread does not hold the GIL meanwhile.
    # (The 60 s bound only catches a hang; no time is asserted.)
    started, seen = threading.Event(), threading.Event()
    rt.bind_function("started", started.set)
    rt.bind_function("pythonRan", seen.is_set)
    result: list[object] = []
    code = "started(); const end = Date.now() + 60000; while (!pythonRan() && Date.now() < end) {}; pythonRan()"
    t = threading.Thread(target=lambda: result.append(rt.eval(code)))
    t.start()
    assert started.wait(60)
    seen.set()
    t.join(120)
    assert result == [True]


def _python_stops_js_that_called_back(rt: jsrun.Runtime, code: str, marking: jsrun.Runtime | None = None) -> bool:
    """Runs `code` in `rt` on a thread: it makes `mark()` of `marking` run,
    then runs (or waits) for a minute. Woken by the mark, this thread needs
    the GIL, which the JS thread took for the callback, to terminate that JS.
    True if the call ended by the termination, i.e. this thread got the GIL
    while the JS still ran (the minute only bounds a hang)."""
    marking = marking or rt
    marked = threading.Event()
    marking.bind_function("mark", marked.set)
    outcome: list[object] = []

    def call() -> None:
        try:
            outcome.append(rt.eval(code))
        except Exception as e:
            outcome.append(e)

    t = threading.Thread(target=call)
    t.start()
    assert marked.wait(60)
    marking.terminate()
    t.join(120)
    (ended,) = outcome
    return isinstance(ended, jsrun.RuntimeTerminated) or isinstance(
        getattr(ended, "__cause__", None), jsrun.RuntimeTerminated
    )


SPIN = "const end = Date.now() + 60000; while (Date.now() < end) {}; return 'ran to the end'"
WAIT = "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000); return 'waited to the end'"


@pytest.mark.parametrize("then", [SPIN, WAIT], ids=["spinning", "in Atomics.wait"])
def test_gil_is_given_back_while_js_runs_on_after_a_callback(then: str) -> None:
    # Callbacks keep the GIL for the next ones; JS that then runs on without
    # calling back (or blocks) gives it up within a tick or two, not when the
    # call ends.
    rt = jsrun.Runtime()
    rt.bind_function("noop", lambda: None)
    assert _python_stops_js_that_called_back(rt, f"(() => {{ noop(); mark(); noop(); {then} }})()")


def test_gil_is_given_back_in_a_nested_call() -> None:
    # A callback calls into another runtime whose JS calls back and runs on.
    outer, inner = jsrun.Runtime(), jsrun.Runtime()
    inner.bind_function("noop", lambda: None)
    spin = inner.eval(f"() => {{ noop(); mark(); {SPIN} }}")
    outer.bind_function("nested", lambda: spin())
    assert _python_stops_js_that_called_back(outer, "nested()", marking=inner)
    assert outer.eval("1 + 1") == 2  # only the inner runtime was terminated
    outer.close()


def test_callbacks_from_many_threads_and_nested_calls_add_up() -> None:
    # Threads each make runtimes whose JS calls Python many times, and some
    # of those callbacks call into another runtime: every sum is right.
    errors: list[BaseException] = []
    sums: list[int] = []

    def work(k: int) -> None:
        try:
            helper = jsrun.Runtime()
            double = helper.eval("(x) => twice(x)")
            helper.bind_function("twice", lambda x: 2 * x)
            rt = jsrun.Runtime()
            rt.bind_function("add", lambda a, b: a + b)
            rt.bind_function("double", double)
            code = (
                "(() => { let s = 0; for (let i = 0; i < 20000; i++) s = add(s, i % 7 ? 1 : double(1)); return s })()"
            )
            for _ in range(3):
                sums.append(rt.eval(code))
            rt.close()
            helper.close()
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert errors == []
    expected = sum(1 if i % 7 else 2 for i in range(20000))
    assert sums == [expected] * 12


def test_separate_runtimes_run_at_the_same_time() -> None:
    # Each JS calls into Python and waits there until the other thread's JS
    # has done the same: possible only if calls into two runtimes overlap.
    # (Speed-up is measured in benchmarks/, not asserted here.)
    both_inside = threading.Barrier(2, timeout=60)
    runtimes = [jsrun.Runtime() for _ in range(2)]
    results: list[object] = []
    for r in runtimes:
        r.bind_function("meet", lambda: both_inside.wait() >= 0)
    code = "(() => { let s = 0; for (let i = 0; i < 1e6; i++) s += i % 3; return meet() && s })()"
    threads = [threading.Thread(target=lambda r=r: results.append(r.eval(code))) for r in runtimes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    for r in runtimes:
        r.close()
    assert results == [999999, 999999]


def test_close_from_another_thread_lets_the_running_call_finish(rt: jsrun.Runtime) -> None:
    result: list[object] = []
    started = threading.Event()

    def long_call() -> None:
        started.set()
        result.append(rt.eval("const end = Date.now() + 200; while (Date.now() < end) {}; 'finished'"))

    t = threading.Thread(target=long_call)
    t.start()
    started.wait()
    time.sleep(0.05)
    rt.close()
    t.join()
    assert result == ["finished"]
    assert rt.is_closed()
    with pytest.raises(jsrun.RuntimeClosedError):
        rt.eval("1")


def test_tiny_thread_stacks_get_range_error_not_a_crash() -> None:
    outcome: list[object] = []

    def deep() -> None:
        with jsrun.Runtime() as runtime:
            try:
                runtime.eval("(function f() { return f() + 1 })()")
            except jsrun.JavaScriptError as e:
                outcome.append(e.name)
            outcome.append(runtime.eval("'alive'"))

    old = threading.stack_size(256 * 1024)
    try:
        t = threading.Thread(target=deep)
        t.start()
        t.join()
    finally:
        threading.stack_size(old)
    assert outcome == ["RangeError", "alive"]


def test_idle_runtime_uses_no_cpu() -> None:
    runtimes = [jsrun.Runtime() for _ in range(5)]
    for r in runtimes:
        r.eval("globalThis.data = Array.from({length: 1000}, (_, i) => ({i}))")
    time.sleep(0.2)  # let start-up work (GC tasks) settle
    cpu_before = time.process_time()
    time.sleep(1.0)
    used = time.process_time() - cpu_before
    for r in runtimes:
        r.close()
    assert used < 0.05, f"5 idle runtimes used {used:.3f} s of CPU in 1 s"


def run_isolated(code: str) -> subprocess.CompletedProcess[str]:
    """`code` in a fresh interpreter: a crash or a hang fails this test only."""
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)


def test_runtimes_calling_each_other_from_two_threads_do_not_deadlock() -> None:
    result = run_isolated(
        """
        import threading, jsrun
        a, b = jsrun.Runtime(), jsrun.Runtime()
        inside = threading.Barrier(2, timeout=30)

        def calls(other, code):
            def f():
                inside.wait()  # both threads are now inside their own runtime
                return other.eval(code)
            return f

        a.bind_function("callB", calls(b, "'b'"))
        b.bind_function("callA", calls(a, "'a'"))
        out = {}

        def run(rt, code, key):
            try:
                out[key] = rt.eval(code)
            except jsrun.JavaScriptError as e:
                out[key] = e.__cause__

        threads = [threading.Thread(target=run, args=args) for args in [(a, "callB()", "A"), (b, "callA()", "B")]]
        for t in threads: t.start()
        for t in threads: t.join(60)
        errors = [v for v in out.values() if isinstance(v, jsrun.DeadlockError)]
        print(len(errors), sorted(v for v in out.values() if isinstance(v, str)))
        names = [repr(rt).split()[1] for rt in (a, b)]  # "#N", as the error names them
        print(all(name in str(errors[0]) for name in names) if errors else "no error")
        print(a.eval("1"), b.eval("2"))  # both still usable
        """
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert lines[0] in ("1 ['a']", "1 ['b']"), result.stdout  # one fails, the other completes
    assert lines[1:] == ["True", "1 2"], result.stdout


@isolated
def test_a_timeout_counts_the_wait_for_a_busy_runtime() -> None:
    rt = jsrun.Runtime()
    started = threading.Event()
    rt.bind_function("started", started.set)
    spin = "started(); const end = Date.now() + 3000; while (Date.now() < end) {}"
    busy = threading.Thread(target=lambda: rt.eval(spin))
    busy.start()
    assert started.wait(60)
    with pytest.raises(jsrun.JsTimeoutError, match="timed out after 200 ms"):
        rt.eval("1", timeout=0.2)  # never got in: the other thread held the runtime
    busy.join(120)
    assert rt.eval("1", timeout=5) == 1
    rt.close()


def test_a_new_thread_reusing_a_dead_threads_slot_gets_its_own_stack_limit() -> None:
    result = run_isolated(
        """
        import threading, jsrun
        rt = jsrun.Runtime()
        for _ in range(20):  # short-lived threads, each entering the runtime
            t = threading.Thread(target=lambda: rt.eval("1"))
            t.start(); t.join()
        outcome = []
        def deep():
            try:
                rt.eval("(function f() { return f() + 1 })()")
            except jsrun.JavaScriptError as e:
                outcome.append(e.name)
        threading.stack_size(256 * 1024)
        t = threading.Thread(target=deep)
        t.start(); t.join()
        print(outcome, rt.eval("'alive'"))
        """
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["['RangeError']", "alive"]

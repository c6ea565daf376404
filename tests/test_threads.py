"""Use from several threads, the GIL while JS runs, and idle cost."""

from __future__ import annotations

import threading
import time

import pytest

import jsrun


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
    ticks = 0
    done = threading.Event()

    def busy_js() -> None:
        rt.eval("const end = Date.now() + 300; while (Date.now() < end) {}")
        done.set()

    t = threading.Thread(target=busy_js)
    t.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    t.join()
    assert ticks > 50  # the main thread kept running Python meanwhile


def test_separate_runtimes_run_in_parallel() -> None:
    runtimes = [jsrun.Runtime() for _ in range(2)]
    code = "(() => { let s = 0; for (let i = 0; i < 2e8; i++) s += i % 3; return s })()"
    results: list[object] = []

    start = time.perf_counter()
    expected = runtimes[0].eval(code)
    serial = time.perf_counter() - start

    start = time.perf_counter()
    threads = [threading.Thread(target=lambda r=r: results.append(r.eval(code))) for r in runtimes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    both = time.perf_counter() - start
    for r in runtimes:
        r.close()
    assert results == [expected, expected]
    # Two jobs on two cores take well under twice one job when nothing is shared.
    assert both < serial * 1.7, (serial, both)


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

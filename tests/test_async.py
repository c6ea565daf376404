"""eval_async, call_async, async handlers, timers and cancellation."""

from __future__ import annotations

import asyncio
import threading
import warnings

import pytest

import jsrun
from conftest import isolated


def test_eval_async_with_asyncio_run(rt: jsrun.Runtime) -> None:
    assert asyncio.run(rt.eval_async("1 + 1")) == 2
    assert asyncio.run(rt.eval_async("Promise.resolve('p')")) == "p"


def test_eval_async_awaits_timers_and_microtasks(rt: jsrun.Runtime) -> None:
    code = """
      (async () => {
        const order = [];
        queueMicrotask(() => order.push('micro'));
        await new Promise(r => setTimeout(r, 20));
        order.push('timer');
        return order;
      })()
    """
    assert asyncio.run(rt.eval_async(code)) == ["micro", "timer"]


def test_set_interval_and_clear(rt: jsrun.Runtime) -> None:
    code = """
      new Promise(resolve => {
        let n = 0;
        const id = setInterval((step) => { n += step; if (n >= 3) { clearInterval(id); resolve(n) } }, 5, 1);
      })
    """
    assert asyncio.run(rt.eval_async(code)) == 3


def test_eval_async_runs_as_a_task(rt: jsrun.Runtime) -> None:
    async def main() -> object:
        task = asyncio.create_task(rt.eval_async("new Promise(r => setTimeout(() => r('task'), 10))"))
        return await task

    assert asyncio.run(main()) == "task"


def test_rejections_raise(rt: jsrun.Runtime) -> None:
    with pytest.raises(jsrun.JavaScriptError, match="async nope") as info:
        asyncio.run(rt.eval_async("(async () => { throw new TypeError('async nope') })()"))
    assert info.value.name == "TypeError"
    with pytest.raises(jsrun.JavaScriptError) as info:
        asyncio.run(rt.eval_async("Promise.reject(42)"))
    assert info.value.name is None and info.value.value == 42


def test_the_asyncio_loop_keeps_running_during_a_long_js_job(rt: jsrun.Runtime) -> None:
    # The JS spins until a task on the asyncio loop has run: it can only if
    # the loop is not blocked while the JS runs. (60 s bounds a hang.)
    loop_ran = threading.Event()
    rt.bind_function("loopRan", loop_ran.is_set)

    async def main() -> object:
        job = asyncio.create_task(
            rt.eval_async("const end = Date.now() + 60000; while (!loopRan() && Date.now() < end) {}; loopRan()")
        )
        await asyncio.sleep(0.01)
        loop_ran.set()
        return await asyncio.wait_for(job, 120)

    assert asyncio.run(main()) is True


def test_concurrent_eval_async_calls_are_all_correct(rt: jsrun.Runtime) -> None:
    # Each promise settles only once all eight have started: they are pending
    # together, not run one after another (which would never settle).
    rt.eval("globalThis.started = 0")
    rt.eval(
        """globalThis.whenAllStarted = (i) => {
             started++;
             const check = (resolve) => (started >= 8 ? resolve(i) : setTimeout(() => check(resolve), 1));
             return new Promise(check);
           }"""
    )

    async def main() -> list[object]:
        jobs = [rt.eval_async(f"whenAllStarted({i})", timeout=60) for i in range(8)]
        return await asyncio.gather(*jobs)

    assert asyncio.run(main()) == list(range(8))


def test_timeout_terminates_and_the_runtime_stays_usable(rt: jsrun.Runtime) -> None:
    with pytest.raises(jsrun.JsTimeoutError, match="timed out after 100 ms") as info:
        asyncio.run(rt.eval_async("for (;;) {}", timeout=0.1))
    assert isinstance(info.value, TimeoutError)
    assert rt.eval("2 + 2") == 4
    assert asyncio.run(rt.eval_async("'after'")) == "after"
    with pytest.raises(jsrun.JsTimeoutError):
        asyncio.run(rt.eval_async("new Promise(() => {})", timeout=0.05))
    assert asyncio.run(rt.eval_async("'still fine'")) == "still fine"


def test_timeout_validation(rt: jsrun.Runtime) -> None:
    for bad, error in [(0, ValueError), (-1, ValueError), ("1", TypeError), (float("nan"), ValueError)]:
        with pytest.raises(error):
            asyncio.run(rt.eval_async("1", timeout=bad))


def test_cancellation_leaves_the_runtime_usable(rt: jsrun.Runtime) -> None:
    async def main() -> object:
        job = asyncio.create_task(rt.eval_async("for (;;) {}"))
        await asyncio.sleep(0.05)
        job.cancel()
        with pytest.raises(asyncio.CancelledError):
            await job
        return await rt.eval_async("'usable'")

    assert asyncio.run(main()) == "usable"


def test_async_python_handler(rt: jsrun.Runtime) -> None:
    async def fetch(key: str) -> dict:
        await asyncio.sleep(0.01)
        return {"key": key, "value": len(key)}

    rt.bind_function("fetch", fetch)
    assert asyncio.run(rt.eval_async("fetch('abc').then(r => r.value * 2)")) == 6
    assert asyncio.run(rt.eval_async("Promise.all([fetch('a'), fetch('bb')]).then(rs => rs.map(r => r.value))")) == [
        1,
        2,
    ]


def test_async_handler_exceptions_reject_and_chain(rt: jsrun.Runtime) -> None:
    async def broken() -> None:
        await asyncio.sleep(0)
        raise LookupError("not there")

    rt.bind_function("broken", broken)
    assert asyncio.run(rt.eval_async("broken().catch(e => e.name + ': ' + e.message)")) == "LookupError: not there"
    with pytest.raises(jsrun.JavaScriptError) as info:
        asyncio.run(rt.eval_async("broken()"))
    assert isinstance(info.value.__cause__, LookupError)


def test_async_handler_from_sync_eval_is_a_clear_error(rt: jsrun.Runtime) -> None:
    async def later() -> int:
        return 1

    rt.bind_function("later", later)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "coroutine was never awaited"
        with pytest.raises(jsrun.JavaScriptError, match="only be called while eval_async"):
            rt.eval("later()")


def test_async_callable_object(rt: jsrun.Runtime) -> None:
    class Service:
        async def __call__(self, x: int) -> int:
            await asyncio.sleep(0)
            return x + 1

    rt.bind_function("service", Service())
    assert asyncio.run(rt.eval_async("service(41)")) == 42


def test_call_async_and_awaitable_close(rt: jsrun.Runtime) -> None:
    slow = rt.eval("(x) => new Promise(r => setTimeout(() => r(x * 2), 10))")

    async def main() -> object:
        result = await slow.call_async(21)
        await slow.close()
        return result

    assert asyncio.run(main()) == 42
    with pytest.raises(RuntimeError, match="closed"):
        slow(1)


def test_call_async_timeout_terminates_the_call(rt: jsrun.Runtime) -> None:
    spin = rt.eval("() => { for (;;) {} }")
    with pytest.raises(jsrun.JsTimeoutError, match="function call timed out"):
        asyncio.run(spin.call_async(timeout=0.05))
    assert rt.eval("'alive'") == "alive"


def test_sync_call_of_pending_promise_gives_an_awaitable(rt: jsrun.Runtime) -> None:
    slow = rt.eval("(x) => new Promise(r => setTimeout(() => r(x * 2), 10))")
    pending = slow(21)
    assert isinstance(pending, jsrun.PendingPromise)
    assert asyncio.run(asyncio.wait_for(pending, 5)) == 42
    # Passed back into JS it is the promise itself; a rejection raises when awaited.
    assert rt.eval("(p) => p instanceof Promise")(slow(1)) is True
    failing = rt.eval("() => new Promise((_, no) => setTimeout(() => no(new RangeError('late')), 10))")()
    with pytest.raises(jsrun.JavaScriptError, match="RangeError: late"):
        asyncio.run(asyncio.wait_for(failing, 5))
    # eval keeps its rule: a pending result is an error there.
    with pytest.raises(jsrun.ConversionError, match="pending"):
        rt.eval("new Promise(() => {})")


def test_module_level_eval_async() -> None:
    async def main() -> object:
        return await jsrun.eval_async("Promise.resolve(7)", timeout=5)

    assert asyncio.run(main()) == 7


@pytest.mark.parametrize("end", ["close", "terminate"])
@isolated
def test_a_pending_eval_async_settles_when_the_runtime_ends(end: str) -> None:
    rt = jsrun.Runtime()
    loader_called = threading.Event()

    async def loader(url: str) -> str:
        loader_called.set()
        await asyncio.sleep(3600)  # never answers
        return ""

    rt.set_module_resolver(lambda specifier, referrer: f"slow:{specifier}")
    rt.set_module_loader(loader)

    async def main() -> list[str]:
        pending = [
            asyncio.ensure_future(rt.eval_async("new Promise(() => {})")),
            asyncio.ensure_future(rt.eval_async("import('never')")),
        ]
        while not loader_called.is_set():
            await asyncio.sleep(0.01)
        getattr(rt, end)()
        outcomes = await asyncio.wait_for(asyncio.gather(*pending, return_exceptions=True), 60)
        return [type(o).__name__ for o in outcomes]

    expected = "RuntimeClosedError" if end == "close" else "RuntimeTerminated"
    assert asyncio.run(main()) == [expected, expected]


def test_a_result_ready_at_once_needs_no_turn_of_the_asyncio_loop(rt: jsrun.Runtime) -> None:
    # A callback scheduled before the await runs only if the await suspends:
    # a result that was ready within microseconds comes back without suspending.
    async def suspended() -> bool:
        ran: list[int] = []
        asyncio.get_running_loop().call_soon(ran.append, 1)
        assert await rt.eval_async("6 * 7") == 42
        return bool(ran)

    async def main() -> list[bool]:
        return [await suspended() for _ in range(200)]

    outcomes = asyncio.run(main())
    assert not all(outcomes), "no result ever came back without a turn of the asyncio loop"
    # a pending result still goes through the loop, and errors come back either way
    assert asyncio.run(rt.eval_async("new Promise((r) => setTimeout(() => r('later'), 20))")) == "later"
    with pytest.raises(jsrun.JavaScriptError, match="at once"):
        asyncio.run(rt.eval_async("throw new Error('at once')"))

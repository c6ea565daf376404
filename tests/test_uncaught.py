"""Errors nobody caught: exceptions thrown by timers, queued microtasks and
event listeners, and promises rejected with no handler. Each is an event on
globalThis first (HTML's `error`, `unhandledrejection`, `rejectionhandled`);
one no listener cancels fails the eval_async/call_async it happened under, as
in the published jsrun, and is only printed to the console otherwise."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import pytest

import jsrun


def run(coro: Any) -> Any:
    return asyncio.run(coro)


@pytest.fixture
def rt() -> Any:
    with jsrun.Runtime() as runtime:
        yield runtime


def test_an_exception_thrown_by_a_timer_fails_the_awaiting_eval_async(rt: jsrun.Runtime) -> None:
    code = "setTimeout(() => { throw new RangeError('in timer') }, 0); new Promise((r) => setTimeout(() => r(7), 30))"
    with pytest.raises(jsrun.JavaScriptError) as caught:
        run(rt.eval_async(code))
    assert caught.value.name == "RangeError" and caught.value.message == "in timer"
    assert "<eval>" in (caught.value.stack or "")
    assert run(rt.eval_async("new Promise((r) => setTimeout(() => r(8), 1))")) == 8


def test_an_unhandled_rejection_fails_the_task_that_made_it_even_with_a_result(rt: jsrun.Runtime) -> None:
    with pytest.raises(jsrun.JavaScriptError, match="lost"):
        run(rt.eval_async("Promise.reject(new Error('lost')); 5"))
    # A promise handled later, but not within the task, was still unhandled at its end (HTML, Deno).
    code = (
        "globalThis.q = Promise.reject(new Error('late')); new Promise((r) => setTimeout(() => r(q.catch(() => 1)), 5))"
    )
    with pytest.raises(jsrun.JavaScriptError, match="late"):
        run(rt.eval_async(code))
    assert run(rt.eval_async("6")) == 6


def test_rejections_handled_within_the_task_and_the_result_itself_are_not_uncaught(rt: jsrun.Runtime) -> None:
    assert run(rt.eval_async("Promise.reject(new Error('x')).catch(() => 'handled')")) == "handled"
    assert run(rt.eval_async("const p = Promise.reject(new Error('y')); p.then(null, () => {}); 1")) == 1
    assert (
        run(rt.eval_async("(async () => { try { await Promise.reject(new Error('z')) } catch { return 2 } })()")) == 2
    )
    # The result's own rejection is the result, reported once, not again as uncaught.
    with pytest.raises(jsrun.JavaScriptError, match="own"):
        run(rt.eval_async("Promise.reject(new Error('own'))"))
    with pytest.raises(jsrun.JavaScriptError, match="Uncaught 42"):
        run(rt.eval_async("Promise.reject(42)"))
    assert run(rt.eval_async("new Promise((r) => setTimeout(() => r(3), 1))")) == 3


def test_a_non_error_rejection_says_in_promise(rt: jsrun.Runtime) -> None:
    with pytest.raises(jsrun.JavaScriptError) as caught:
        run(rt.eval_async("Promise.reject(42); 1"))
    assert caught.value.name is None and caught.value.message == "Uncaught (in promise) 42"


def test_queued_microtasks_and_listeners_report_their_exceptions(rt: jsrun.Runtime) -> None:
    with pytest.raises(jsrun.JavaScriptError, match="in microtask"):
        run(rt.eval_async("queueMicrotask(() => { throw new Error('in microtask') }); 1"))
    code = (
        "const t = new EventTarget(); t.addEventListener('x', () => { throw new TypeError('in listener') });"
        "t.dispatchEvent(new Event('x'))"
    )
    with pytest.raises(jsrun.JavaScriptError, match="in listener"):
        run(rt.eval_async(code))
    with pytest.raises(jsrun.JavaScriptError, match="reported"):
        run(rt.eval_async("reportError(new Error('reported')); 1"))


def test_call_async_fails_too(rt: jsrun.Runtime) -> None:
    f = rt.eval("async () => { Promise.reject(new Error('in call')); return 4 }")
    with pytest.raises(jsrun.JavaScriptError, match="in call"):
        run(f.call_async())
    g = rt.eval("async () => 5")
    assert run(g.call_async()) == 5


def test_a_python_exception_raised_in_a_timer_callback_keeps_its_class(rt: jsrun.Runtime) -> None:
    def boom() -> None:
        raise ValueError("from python")

    rt.bind_function("boom", boom)
    with pytest.raises(jsrun.JavaScriptError) as caught:
        run(rt.eval_async("setTimeout(() => boom(), 0); new Promise((r) => setTimeout(r, 30))"))
    assert "from python" in str(caught.value)


def test_a_result_that_comes_in_the_same_turn_as_the_error_fails_too(rt: jsrun.Runtime) -> None:
    # Both timers are due together: the second resolves the awaited promise after the first threw.
    code = "setTimeout(() => { throw new Error('same turn') }, 0); new Promise((r) => setTimeout(() => r(1), 0))"
    with pytest.raises(jsrun.JavaScriptError, match="same turn"):
        run(rt.eval_async(code))
    assert rt.get_stats().uncaught_errors == 0


def test_errors_that_reach_no_caller_are_counted(rt: jsrun.Runtime) -> None:
    assert rt.get_stats().uncaught_errors == 0
    assert rt.eval("Promise.reject(new Error('sync')); 1") == 1
    assert rt.get_stats().uncaught_errors == 1
    with pytest.raises(jsrun.JavaScriptError):
        run(rt.eval_async("Promise.reject(new Error('awaited')); 1"))
    assert rt.get_stats().uncaught_errors == 1  # that one failed its caller
    rt.eval("addEventListener('unhandledrejection', (e) => e.preventDefault()); Promise.reject(1); 0")
    assert rt.get_stats().uncaught_errors == 1  # cancelled: not an uncaught error


def test_every_eval_async_waiting_when_a_timer_throws_fails(rt: jsrun.Runtime) -> None:
    async def both() -> list[Any]:
        first = rt.eval_async("new Promise((r) => setTimeout(() => r(1), 200))")
        second = rt.eval_async(
            "setTimeout(() => { throw new Error('shared') }, 20); new Promise((r) => setTimeout(() => r(2), 200))"
        )
        return await asyncio.gather(first, second, return_exceptions=True)

    results = run(both())
    assert all(isinstance(r, jsrun.JavaScriptError) and "shared" in str(r) for r in results), results


def test_an_error_while_nothing_is_awaited_goes_to_the_console_only(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="jsrun.console")
    with jsrun.Runtime(jsrun.RuntimeConfig(enable_console=True)) as rt:
        assert run(rt.eval_async("setTimeout(() => { throw new TypeError('nobody waits') }, 10); 1")) == 1
        deadline = time.monotonic() + 10
        while not any("nobody waits" in r.getMessage() for r in caplog.records) and time.monotonic() < deadline:
            time.sleep(0.01)
        # The next eval_async is not failed by an error from before it (as in the published jsrun).
        assert run(rt.eval_async("new Promise((r) => setTimeout(() => r(2), 1))")) == 2
    errors = [r.getMessage() for r in caplog.records if r.name == "jsrun.console" and r.levelno == logging.ERROR]
    assert any(m.startswith("Uncaught TypeError: nobody waits") for m in errors), errors


def test_a_synchronous_eval_returns_its_value_and_prints_the_rejection(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="jsrun.console")
    with jsrun.Runtime(jsrun.RuntimeConfig(enable_console=True)) as rt:
        assert rt.eval("Promise.reject(new Error('sync one')); 5") == 5
        assert rt.eval("queueMicrotask(() => { throw new Error('sync two') }); 6") == 6
        assert rt.eval("7") == 7
    errors = [r.getMessage() for r in caplog.records if r.name == "jsrun.console" and r.levelno == logging.ERROR]
    assert any(m.startswith("Uncaught (in promise) Error: sync one") for m in errors), errors
    assert any(m.startswith("Uncaught Error: sync two") for m in errors), errors


def test_listeners_see_the_events_and_can_cancel_them(rt: jsrun.Runtime) -> None:
    rt.eval("""
      globalThis.seen = [];
      addEventListener('unhandledrejection', (e) => {
        const kind = e instanceof PromiseRejectionEvent;
        seen.push([e.type, e.reason.message, e.promise instanceof Promise, e.cancelable, kind]);
        e.preventDefault();
      });
      addEventListener('error', (e) => {
        seen.push([e.type, e.message, e.error.message, e instanceof ErrorEvent, e.target === globalThis]);
        e.preventDefault();
      });
    """)
    assert run(rt.eval_async("Promise.reject(new Error('quiet')); 1")) == 1
    assert (
        run(
            rt.eval_async(
                "setTimeout(() => { throw new Error('calm') }, 0); new Promise((r) => setTimeout(() => r(0), 20))"
            )
        )
        == 0
    )
    assert rt.eval("seen") == [
        ["unhandledrejection", "quiet", True, True, True],
        ["error", "Uncaught Error: calm", "calm", True, True],
    ]


def test_global_event_handler_properties(rt: jsrun.Runtime) -> None:
    assert rt.eval("[onerror, onunhandledrejection, onrejectionhandled]") == [None, None, None]
    rt.eval("""
      globalThis.got = [];
      onerror = (message, filename, lineno, colno, error) => {
        got.push([message, filename, lineno, colno > 0, error.message]);
        return true;  // cancels, as HTML says for onerror
      };
      onunhandledrejection = (e) => { got.push(['u', e.reason]); e.preventDefault() };
    """)
    run(
        rt.eval_async(
            "setTimeout(function tick() {\n  throw new Error('handled by onerror')\n}, 0);"
            "new Promise((r) => setTimeout(r, 20))"
        )
    )
    run(rt.eval_async("Promise.reject('r'); 0"))
    assert rt.eval("got") == [
        ["Uncaught Error: handled by onerror", "<eval>", 2, True, "handled by onerror"],
        ["u", "r"],
    ]
    # A handler that does not cancel: the error is uncaught.
    rt.eval("onerror = () => {}")
    with pytest.raises(jsrun.JavaScriptError, match="not cancelled"):
        run(
            rt.eval_async(
                "setTimeout(() => { throw new Error('not cancelled') }, 0); new Promise((r) => setTimeout(r, 20))"
            )
        )


def test_rejectionhandled_fires_for_a_reported_rejection_handled_later(rt: jsrun.Runtime) -> None:
    rt.eval("""
      globalThis.log = [];
      addEventListener('unhandledrejection', (e) => { log.push('unhandled ' + e.reason); e.preventDefault() });
      addEventListener('rejectionhandled', (e) => log.push('handled ' + e.reason + ' ' + (e.promise === late)));
      globalThis.late = Promise.reject('L');
      0
    """)
    assert rt.eval("log") == ["unhandled L"]
    assert run(rt.eval_async("late.catch(() => 'caught')")) == "caught"
    assert rt.eval("log") == ["unhandled L", "handled L true"]


def test_the_global_object_is_an_event_target(rt: jsrun.Runtime) -> None:
    assert rt.eval("globalThis instanceof EventTarget") is True
    code = """
      'use strict';
      const got = [];
      addEventListener('ping', function (e) { got.push(e.type, e.target === globalThis, this === globalThis) });
      dispatchEvent(new Event('ping'));
      globalThis.dispatchEvent(new CustomEvent('ping'));
      removeEventListener('ping', () => {});
      got
    """
    assert rt.eval(code) == ["ping", True, True, "ping", True, True]
    assert rt.eval("[typeof ErrorEvent, typeof PromiseRejectionEvent, new ErrorEvent('error').message]") == [
        "function",
        "function",
        "",
    ]
    with pytest.raises(jsrun.JavaScriptError, match="promise"):
        rt.eval("new PromiseRejectionEvent('unhandledrejection', {})")
    assert rt.eval("setTimeout(function () { globalThis.self_is = this === globalThis }, 0); 1") == 1
    assert run(rt.eval_async("new Promise((r) => setTimeout(() => r(self_is), 5))")) is True


def test_a_listener_that_throws_or_rejects_forever_cannot_hang_or_recurse() -> None:
    with jsrun.Runtime() as rt:
        rt.eval("addEventListener('error', () => { throw new Error('from the listener') })")
        with pytest.raises(jsrun.JavaScriptError):
            run(
                rt.eval_async(
                    "setTimeout(() => { throw new Error('first') }, 0); new Promise((r) => setTimeout(r, 20))"
                )
            )
        rt.eval("onunhandledrejection = () => Promise.reject(new Error('again'))")
        assert rt.eval("Promise.reject(1); 'returned'") == "returned"
        assert rt.eval("8") == 8


def test_many_rejections_handled_later_stay_linear(rt: jsrun.Runtime) -> None:
    code = "Promise.allSettled(Array.from({length: 200000}, (_, i) => Promise.reject(i))).then((r) => r.length)"
    assert run(rt.eval_async(code, timeout=60)) == 200000
    assert rt.eval("Array.from({length: 200000}, (_, i) => Promise.reject(i).catch(() => i)).length") == 200000


def test_without_the_web_platform_an_unhandled_rejection_still_fails_eval_async() -> None:
    with jsrun.Runtime(jsrun.RuntimeConfig(web_apis=False)) as rt:
        assert rt.eval("typeof addEventListener") == "undefined"
        with pytest.raises(jsrun.JavaScriptError, match="no web"):
            run(rt.eval_async("Promise.reject(new Error('no web')); 4"))
        assert rt.eval("Promise.reject(new Error('sync')); 5") == 5
        assert run(rt.eval_async("6")) == 6


def test_rejections_caught_at_once_are_not_kept_until_the_end_of_the_task() -> None:
    # 2M rejected promises, each caught at once, in one task: a heap limit they would exceed if kept.
    code = """(async () => {
      const f = async () => { throw 1 };
      let caught = 0;
      for (let i = 0; i < 2e6; i++) { try { await f() } catch { caught++ } }
      return caught
    })()"""
    with jsrun.Runtime(jsrun.RuntimeConfig(max_heap_size=64 << 20)) as rt:
        assert run(rt.eval_async(code, timeout=120)) == 2_000_000


def test_modules_report_as_scripts_do(rt: jsrun.Runtime) -> None:
    rt.add_static_module("rejects", "Promise.reject(new Error('in a module')); export const x = 1;")
    with pytest.raises(jsrun.JavaScriptError, match="in a module"):
        run(rt.eval_module_async("rejects"))
    rt.add_static_module("fine", "Promise.reject(new Error('caught')).catch(() => {}); export const y = 2;")
    assert run(rt.eval_module_async("fine"))["y"] == 2
    # A synchronous import returns its namespace and only prints (as eval does).
    rt.add_static_module("sync", "Promise.reject(new Error('printed')); export const z = 3;")
    assert rt.eval_module("sync")["z"] == 3

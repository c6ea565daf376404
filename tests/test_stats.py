"""Runtime.get_stats(): memory figures and execution counters."""

from __future__ import annotations

import asyncio
import time

import jsrun


def test_counts_kinds_and_times() -> None:
    with jsrun.Runtime() as rt:
        first = rt.get_stats()
        assert first.last_execution_kind is None and first.total_execution_time_ms == 0
        rt.eval("1")
        f = rt.eval("() => { const end = Date.now() + 30; while (Date.now() < end); return 1 }")
        f()
        rt.add_static_module("m", "export const x = 1;")
        rt.eval_module("m")

        async def work() -> None:
            await rt.eval_async("2")
            await f.call_async()
            await rt.eval_module_async("m")

        asyncio.run(work())
        s = rt.get_stats()
        assert (s.eval_sync_count, s.eval_async_count) == (2, 1)
        assert (s.call_function_sync_count, s.call_function_async_count) == (1, 1)
        assert (s.eval_module_sync_count, s.eval_module_async_count) == (1, 1)
        assert s.last_execution_kind == "eval_module_async"
        assert s.total_execution_time_ms >= 55  # two calls of ~30 ms (Date.now() has 1 ms steps)
        assert s.total_execution_time_ms >= s.last_execution_time_ms >= 0
        later = rt.get_stats()
        assert later.total_execution_time_ms == s.total_execution_time_ms  # get_stats itself is not counted


def test_memory_figures_are_what_they_say() -> None:
    with jsrun.Runtime() as rt:
        s = rt.get_stats()
        assert 0 < s.heap_used_bytes <= s.heap_total_bytes <= s.heap_limit_bytes
        assert 0 < s.physical_total_bytes <= s.heap_total_bytes * 2
        assert s.process_rss_bytes > s.heap_total_bytes  # the whole process, not the heap
        rt.eval("globalThis.mem = new WebAssembly.Memory({initial: 100})")  # 6.25 MiB outside the heap
        assert rt.get_stats().external_memory_bytes - s.external_memory_bytes >= 100 * 65536
        rt.eval("globalThis.big = new Array(1e6).fill(0).map((_, i) => ({i})); 0")
        assert rt.get_stats().heap_used_bytes > s.heap_used_bytes + 10_000_000


def test_timers_and_pending_async_work() -> None:
    with jsrun.Runtime() as rt:
        rt.eval("globalThis.t = setTimeout(() => {}, 10000); globalThis.i = setInterval(() => {}, 10000)")
        s = rt.get_stats()
        assert (s.active_timers, s.active_intervals) == (2, 1)
        rt.eval("clearInterval(i)")
        assert (rt.get_stats().active_timers, rt.get_stats().active_intervals) == (1, 0)

        async def main() -> None:
            task = asyncio.ensure_future(rt.eval_async("new Promise((r) => setTimeout(r, 100))"))
            await asyncio.sleep(0.03)
            assert rt.get_stats().active_async_ops == 1
            await task
            assert rt.get_stats().active_async_ops == 0

        asyncio.run(main())
        assert "RuntimeStats(" in repr(rt.get_stats())
        time.sleep(0)


def test_stream_counters_follow_both_directions() -> None:
    import asyncio

    async def main() -> None:
        with jsrun.Runtime() as rt:
            stream = rt.eval(
                "new ReadableStream({start(c) {"
                " c.enqueue(new Uint8Array(3)); c.enqueue(new Uint8Array(5)); c.close(); }})"
            )
            stats = rt.get_stats()
            assert (stats.total_js_streams, stats.active_js_streams, stats.open_resources) == (1, 1, 1)
            chunks = [chunk async for chunk in stream]
            assert [len(c) for c in chunks] == [3, 5]
            stats = rt.get_stats()
            assert (stats.active_js_streams, stats.bytes_streamed_js_to_py) == (0, 8)

            async def source():
                yield b"abcd"
                yield b"ef"

            read_all = rt.eval(
                "async (s) => { const r = s.getReader(); let n = 0; "
                "for (;;) { const { done, value } = await r.read(); if (done) return n; n += value.length; } }"
            )
            assert await read_all.call_async(jsrun.stream_from_async_iterable(source())) == 6
            stats = rt.get_stats()
            assert (stats.total_py_streams, stats.active_py_streams, stats.bytes_streamed_py_to_js) == (1, 0, 6)
            assert stats.open_resources == 0

    asyncio.run(main())

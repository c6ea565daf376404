"""Streams: JS ReadableStream → Python JsStream, Python async iterable → JS ReadableStream."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

import jsrun


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_a_js_stream_is_an_async_iterator(rt: jsrun.Runtime) -> None:
    async def main() -> list[Any]:
        stream = await rt.eval_async(
            """
            let n = 0;
            new ReadableStream({
              async pull(c) {
                await new Promise((r) => setTimeout(r, 1));
                if (n < 5) c.enqueue({ n: n++, bytes: new Uint8Array([n]) }); else c.close();
              },
            })
            """
        )
        assert isinstance(stream, jsrun.JsStream)
        return [chunk async for chunk in stream]

    assert run(main()) == [{"n": i, "bytes": bytes([i + 1])} for i in range(5)]


def test_errors_and_cancellation(rt: jsrun.Runtime) -> None:
    async def main() -> None:
        failing = await rt.eval_async(
            "new ReadableStream({ start(c) { c.enqueue(1); }, pull(c) { c.error(new RangeError('broken')); } })"
        )
        assert await failing.__anext__() == 1
        with pytest.raises(jsrun.JavaScriptError, match="broken"):
            await failing.__anext__()
        endless = await rt.eval_async(
            "globalThis.cancelled = null;"
            "new ReadableStream({ pull(c) { c.enqueue('x') }, cancel(r) { cancelled = 'yes' } })"
        )
        assert await endless.__anext__() == "x"
        await endless.close()
        assert rt.eval("cancelled") == "yes"
        with pytest.raises(StopAsyncIteration):
            await endless.__anext__()

    run(main())


def test_a_python_async_iterable_becomes_a_js_stream(rt: jsrun.Runtime) -> None:
    finished: list[str] = []

    async def numbers() -> AsyncIterator[Any]:
        try:
            for i in range(1000):
                if i % 100 == 0:
                    await asyncio.sleep(0)
                yield i
        finally:
            finished.append("closed")

    async def main() -> Any:
        total = await rt.eval_async(
            "(async (stream) => { let sum = 0; for await (const x of stream) sum += x; return sum; })"
        )
        return await total.call_async(rt.stream_from_async_iterable(numbers()))

    assert run(main()) == sum(range(1000))
    assert finished == ["closed"]


def test_js_cancelling_a_python_stream_closes_the_iterator(rt: jsrun.Runtime) -> None:
    state: list[str] = []

    async def forever() -> AsyncIterator[bytes]:
        try:
            while True:
                await asyncio.sleep(0)
                yield b"chunk"
        finally:
            state.append("aclose")

    async def main() -> Any:
        take = await rt.eval_async(
            """
            (async (stream) => {
              const reader = stream.getReader();
              const first = await reader.read();
              const second = await reader.read();
              await reader.cancel();
              return [first.value, second.value, stream.locked];
            })
            """
        )
        return await take.call_async(jsrun.stream_from_async_iterable(forever()))

    assert run(main()) == [b"chunk", b"chunk", True]
    assert state == ["aclose"]


def test_a_python_stream_needs_an_async_call(rt: jsrun.Runtime) -> None:
    async def one() -> AsyncIterator[int]:
        yield 1

    read = rt.eval("(s) => s.getReader().read()")
    with pytest.raises(jsrun.JavaScriptError, match="eval_module_async or call_async"):
        read(jsrun.stream_from_async_iterable(one()))


def test_round_trip_and_the_polyfill(rt: jsrun.Runtime) -> None:
    async def main() -> Any:
        stream = await rt.eval_async("ReadableStream.from(['a', 'b', 'c'])")
        same = await rt.eval_async("(s) => s instanceof ReadableStream && s.locked")
        assert await same.call_async(stream) is True  # the original stream, locked to the JsStream's reader
        return [x async for x in stream]

    assert run(main()) == ["a", "b", "c"]
    assert rt.eval("typeof ReadableStream.prototype.getReader") == "function"
    assert rt.eval("Object.keys(globalThis).includes('ReadableStream')") is False

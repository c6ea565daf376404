"""Compile and instantiate WebAssembly asynchronously, awaiting from Python.

Run with `.venv/bin/python examples/wasm_async.py`; prints 30.
"""

import asyncio
from pathlib import Path

from jsrun import Runtime


async def main() -> None:
    wasm_bytes = (Path(__file__).parent / "add.wasm").read_bytes()
    with Runtime() as runtime:
        runtime.bind_object("wasm", {"bytes": wasm_bytes})
        result = await runtime.eval_async(
            """
            (async () => {
                const module = await WebAssembly.compile(wasm.bytes);
                const instance = await WebAssembly.instantiate(module);
                return instance.exports.add(10, 20);
            })()
            """
        )
        print(result)  # 30


asyncio.run(main())

"""Load a WebAssembly module from Python and call it through JavaScript.

Run with `make demo` (or `.venv/bin/python examples/wasm_add.py`); prints 30.
`add.wasm` is the 41-byte module compiled from `add.wat`.
"""

from pathlib import Path

from jsrun import Runtime

wasm_bytes = (Path(__file__).parent / "add.wasm").read_bytes()

with Runtime() as runtime:
    runtime.bind_object("wasm", {"bytes": wasm_bytes})
    result = runtime.eval(
        """
        const module = new WebAssembly.Module(wasm.bytes);
        const instance = new WebAssembly.Instance(module);
        instance.exports.add(10, 20)
        """
    )
    print(result)  # 30

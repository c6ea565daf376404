"""Fuzz target: module sources and WebAssembly bytes fed to the loaders.

Each input is split into a module graph (static modules importing each other,
a resolver and a sync loader answering from the input) and a byte string
compiled as Wasm three ways (``rt.wasm.compile``, ``WebAssembly.validate``,
``new WebAssembly.Module``). Allowed outcomes: a value, or
JavaScriptError / ConversionError. Anything else is a finding.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["jsrun"]):
    import jsrun

CONFIG = jsrun.RuntimeConfig(max_heap_size=64 << 20, timeout=5)
RT = jsrun.Runtime(CONFIG)
WASM_HEADER = b"\0asm\x01\0\0\0"
SNIPPETS = [
    "export const x = 1;", "export default 2;", "import {x} from './a';", "import d from 'b';",
    "export * from './c';", "await 0;", "import('./a');", "export let y = x;", "throw new Error('m');",
    "import.meta.url;", "export {x as z};", "import * as ns from './self';", "while (false) {}",
]  # fmt: skip
RANGE_ERRORS = (jsrun.JavaScriptError, jsrun.ConversionError, jsrun.HeapLimitError)
counter = 0


@atheris.instrument_func
def test_one_input(data: bytes) -> None:
    global counter, RT
    counter += 1
    if RT.is_closed() or counter % 500 == 0:  # a runtime keeps every module it loaded
        RT.close()
        RT = jsrun.Runtime(CONFIG)
    fdp = atheris.FuzzedDataProvider(data)
    # Module graph: names are fresh per input, so every input compiles anew.
    sources: dict[str, str] = {}
    for name in ("a", "b", "c", "self"):
        parts = [SNIPPETS[fdp.ConsumeIntInRange(0, len(SNIPPETS) - 1)] for _ in range(fdp.ConsumeIntInRange(0, 3))]
        if fdp.ConsumeBool():
            parts.append(fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 30)))
        source = "\n".join(parts).replace("'./", f"'./{counter}/")
        sources[f"{name}{counter}"] = source.replace("'b'", f"'./{counter}/b'")
    RT.set_module_resolver(lambda specifier, referrer: f"fuzz:{specifier.rsplit('/', 1)[-1]}{counter}")
    RT.set_module_loader(lambda url: sources.get(url.removeprefix("fuzz:"), "export {};"))
    try:
        RT.eval_module(f"./{counter}/a")
    except RANGE_ERRORS:
        pass
    wasm = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 256))
    if fdp.ConsumeBool():
        wasm = WASM_HEADER + wasm
    try:
        RT.wasm.compile(wasm)
    except RANGE_ERRORS:
        pass
    try:
        RT.eval("(b) => [WebAssembly.validate(b), new WebAssembly.Module(b)]")(wasm)
    except RANGE_ERRORS:
        pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()

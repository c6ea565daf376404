"""Fuzz target: Python → JS → Python conversion, and JS values → Python.

Each input builds a Python value (nested lists, dicts, tuples, sets, str with
lone surrogates, ints of any size, floats, bytes, None, bools) and a JS
expression; both cross the boundary. Allowed outcomes: the value comes back
equal, or ConversionError / JavaScriptError. Anything else (another
exception, a crash, a hang) is a finding.
"""

from __future__ import annotations

import math
import sys
from typing import Any

import atheris

with atheris.instrument_imports(include=["jsrun"]):
    import jsrun

RT = jsrun.Runtime(jsrun.RuntimeConfig(max_serialization_depth=64, max_serialization_bytes=1 << 20))
IDENTITY = RT.eval("(x) => x")
JS_PIECES = [
    "1", "-0", "NaN", "Infinity", "2n ** 70n", "'\\ud800'", "''", "[]", "{}", "new Map([[1, 2]])",
    "new Set([1])", "new Date(0)", "new Date(NaN)", "new Uint8Array(3)", "new Float64Array([1.5])",
    "new DataView(new ArrayBuffer(4))", "Symbol()", "() => 1", "new Error('x')", "null", "undefined",
    "Promise.resolve(1)", "new Proxy({}, {})", "/x/", "new WeakMap()", "Object.create(null)",
    "[,1]", "{get a() { throw 1 }}", "{toJSON() { return 1 }}", "new (class extends Error {})('y')",
]  # fmt: skip


@atheris.instrument_func
def value(fdp: atheris.FuzzedDataProvider, depth: int = 0) -> Any:
    kind = fdp.ConsumeIntInRange(0, 12 if depth < 6 else 7)
    if kind == 0:
        return None
    if kind == 1:
        return fdp.ConsumeBool()
    if kind == 2:
        return fdp.ConsumeInt(fdp.ConsumeIntInRange(1, 80))
    if kind == 3:
        return fdp.ConsumeRegularFloat() if fdp.ConsumeBool() else fdp.ConsumeFloat()
    if kind == 4:
        return fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 40))
    if kind == 5:
        return fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 64))
    if kind == 6:
        return "".join(chr(fdp.ConsumeIntInRange(0xD800, 0xDFFF)) for _ in range(fdp.ConsumeIntInRange(0, 3)))
    if kind == 7:
        return bytearray(fdp.ConsumeBytes(8))
    n = fdp.ConsumeIntInRange(0, 4)
    if kind == 8:
        return [value(fdp, depth + 1) for _ in range(n)]
    if kind == 9:
        return tuple(value(fdp, depth + 1) for _ in range(n))
    if kind == 10:
        return {fdp.ConsumeUnicode(6): value(fdp, depth + 1) for _ in range(n)}
    if kind == 11:
        items: list[Any] = [value(fdp, depth + 1) for _ in range(n)]
        items.append(items)  # a cycle
        return items
    return {fdp.ConsumeInt(2) for _ in range(n)}


def utf16(s: str) -> bytes:
    return s.encode("utf-16-le", "surrogatepass")


@atheris.instrument_func
def same(a: Any, b: Any, seen: set[int] | None = None) -> bool:
    """Equal as JS sees them: a str is compared as UTF-16, since a Python str
    holding a high then a low surrogate is, in JS, one astral character."""
    seen = set() if seen is None else seen
    if id(a) in seen:
        return True
    if isinstance(a, str):
        return isinstance(b, str) and utf16(a) == utf16(b)
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    if isinstance(a, (list, tuple)):
        seen.add(id(a))
        return isinstance(b, list) and len(a) == len(b) and all(same(x, y, seen) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        seen.add(id(a))
        if not isinstance(b, dict) or len(a) != len(b):
            return False
        keys = {utf16(k): k for k in b}
        return all(utf16(k) in keys and same(v, b[keys[utf16(k)]], seen) for k, v in a.items())
    if isinstance(a, (bytes, bytearray)):
        return bytes(a) == bytes(b)
    return bool(a == b)


@atheris.instrument_func
def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    original = value(fdp)
    try:
        back = IDENTITY(original)
    except (jsrun.ConversionError, jsrun.JavaScriptError):
        back = original
    if not same(original, back):
        raise AssertionError(f"round trip changed {original!r} into {back!r}")
    pieces = [JS_PIECES[fdp.ConsumeIntInRange(0, len(JS_PIECES) - 1)] for _ in range(fdp.ConsumeIntInRange(1, 4))]
    try:
        RT.eval(f"[{', '.join(pieces)}]")
    except (jsrun.ConversionError, jsrun.JavaScriptError):
        pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()

"""Which V8 the tests run on, and which modern features each engine has.

jsrun builds against Debian's V8 10.2, 11.3 and 13.6 (see docs/engines.md);
`FIRST_MAJOR` says for each probe in tests/js/probes.js the first of those
majors that passes it natively (None: none of them), and `FILLED` the
probes that jsrun's polyfills (core-js) pass where the engine lacks them.
Measured on each engine; tests/test_engine_features.py checks the engine
under test against both, and docs/engines.md shows them.
"""

from __future__ import annotations

from pathlib import Path

import jsrun

V8_MAJOR = int(jsrun.v8_version().split(".")[0])
ENGINES = (10, 11, 13)

# The web platform globals jsrun provides on every engine (web_apis=True).
WEB = [
    "structuredClone",
    "URL",
    "URLSearchParams",
    "crypto.getRandomValues",
    "crypto.randomUUID",
    "crypto.subtle.digest",
    "performance.now",
    "AbortController",
    "AbortSignal.any",
    "EventTarget",
    "DOMException",
    "Blob",
    "TextDecoderStream",
    "CompressionStream",
    "TransformStream",
    "Response",
    "FormData",
    "navigator.userAgent",
]

FIRST_MAJOR: dict[str, int | None] = {
    "Array.prototype.at": 10,
    "Object.hasOwn": 10,
    "Error cause": 10,
    "RegExp match indices (d)": 10,
    "class static blocks": 10,
    "Array.prototype.findLast": 10,
    "Array.prototype.toSorted": 11,
    "Array.prototype.with": 11,
    "Symbols as WeakMap keys": 10,
    "Object.groupBy": 13,
    "Map.groupBy": 13,
    "Promise.withResolvers": 13,
    "resizable ArrayBuffer": 11,
    "ArrayBuffer.prototype.transfer": 13,
    "String.prototype.isWellFormed": 11,
    "Atomics.waitAsync": 10,
    "RegExp v flag": 11,
    "Set.prototype.union": 13,
    "iterator helpers": 13,
    "Promise.try": 13,
    "RegExp.escape": 13,
    "Float16Array": 13,
    "RegExp modifiers": 13,
    "duplicate named groups": 13,
    "JSON.rawJSON": 13,
    "Array.fromAsync": 13,
    "Error.isError": 13,
    "Math.sumPrecise": None,
    "Uint8Array.fromBase64": None,
    "explicit resource management (using)": 13,
    "Atomics.pause": 13,
    "Temporal": None,
    "Intl.DurationFormat": 13,
    "Wasm SIMD": 10,
    "Wasm exception handling (legacy try)": 10,
    "Wasm tail calls": 11,
    "Wasm extended const": 13,
    "Wasm relaxed SIMD": 13,
    "Wasm multi-memory": 13,
    "Wasm memory64": 13,
    "Wasm GC (struct type)": 13,
    "Wasm exnref (try_table)": 13,
    "Wasm JSPI": None,
    # The web platform: jsrun's own (see WEB), not the engine's.
    **dict.fromkeys(WEB),
}

# Library features jsrun's polyfills fill in where the engine lacks them
# (core-js; runtime/js/es_shims.js for ArrayBuffer.prototype.transfer,
# runtime/js/atomics_pause.js for Atomics.pause, temporal-polyfill for Temporal,
# @formatjs/intl-durationformat for Intl.DurationFormat). Not filled: syntax and Wasm
# (they cannot be), resizable ArrayBuffer and Float16Array (they need the
# engine), JSON.rawJSON (left out: its polyfill wraps JSON.stringify, slowing
# every call).
FILLED = {
    "ArrayBuffer.prototype.transfer",
    "Atomics.pause",
    "Array.prototype.toSorted",
    "Array.prototype.with",
    "Object.groupBy",
    "Map.groupBy",
    "Promise.withResolvers",
    "String.prototype.isWellFormed",
    "Set.prototype.union",
    "iterator helpers",
    "Promise.try",
    "RegExp.escape",
    "Array.fromAsync",
    "Error.isError",
    "Math.sumPrecise",
    "Uint8Array.fromBase64",
    "Temporal",
    "Intl.DurationFormat",
}

PROBES = Path(__file__).parent / "js" / "probes.js"


def run_probes(rt: jsrun.Runtime) -> dict[str, bool]:
    """Each probe's outcome on `rt`'s engine (an exception counts as absent)."""
    probes = rt.eval(PROBES.read_text())()
    outcome: dict[str, bool] = {}
    for name, probe in probes.items():
        try:
            outcome[name] = probe() is True
        except jsrun.JavaScriptError:
            outcome[name] = False
    return outcome


def native(feature: str, major: int = V8_MAJOR) -> bool:
    """V8 `major` has `feature` (a key of FIRST_MAJOR) itself."""
    first = FIRST_MAJOR[feature]
    return first is not None and major >= first


def has(feature: str) -> bool:
    """A default runtime on the engine under test has `feature`: natively,
    filled by the polyfills, or from jsrun's web platform."""
    return native(feature) or feature in FILLED or feature in WEB

"""Every row of docs/conversions.md, in both directions and nested."""

from __future__ import annotations

import math
import subprocess
import sys
from array import array
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jsrun
from conftest import isolated, roundtrip
from jsrun import JsBigInt, JsMap, undefined

# ---- JS → Python ----


def test_undefined_and_null(rt: jsrun.Runtime) -> None:
    assert rt.eval("undefined") is undefined
    assert rt.eval("null") is None
    assert rt.eval("[null, undefined, {a: null, b: undefined}]") == [None, undefined, {"a": None, "b": undefined}]
    assert rt.eval("[1, , 3]") == [1, undefined, 3]  # holes read as undefined


def test_booleans(rt: jsrun.Runtime) -> None:
    assert rt.eval("true") is True
    assert rt.eval("false") is False


@pytest.mark.parametrize(
    ("code", "expected", "kind"),
    [
        ("42", 42, int),
        ("-7", -7, int),
        ("4.0", 4, int),
        ("Math.sqrt(16)", 4, int),
        ("0.5", 0.5, float),
        ("2**53 - 1", 2**53 - 1, int),
        ("-(2**53 - 1)", -(2**53 - 1), int),
        ("2**53", 2.0**53, float),
        ("2**63", 2.0**63, float),
        ("1e300", 1e300, float),
        ("Infinity", math.inf, float),
        ("-Infinity", -math.inf, float),
    ],
)
def test_numbers(rt: jsrun.Runtime, code: str, expected: object, kind: type) -> None:
    value = rt.eval(code)
    assert value == expected
    assert type(value) is kind


def test_negative_zero_and_nan(rt: jsrun.Runtime) -> None:
    z = rt.eval("-0")
    assert type(z) is float and z == 0 and math.copysign(1, z) == -1
    assert math.isnan(rt.eval("NaN"))


def test_bigint(rt: jsrun.Runtime) -> None:
    small = rt.eval("5n")
    assert small == 5 and isinstance(small, int) and type(small) is JsBigInt
    assert rt.eval("2n ** 100n") == 2**100
    assert rt.eval("-(2n ** 70n) - 3n") == -(2**70) - 3
    assert rt.eval("0n") == 0


@pytest.mark.parametrize(
    "text",
    ["", "ascii", "héllo wörld", "中文", "emoji 😀 pair", "\ud800 lone high", "lone low \udc00", "\udc00\ud800"],
)
def test_strings_are_lossless(rt: jsrun.Runtime, text: str) -> None:
    units = list(text.encode("utf-16-le", "surrogatepass"))
    codes = [units[i] | units[i + 1] << 8 for i in range(0, len(units), 2)]
    assert rt.eval(f"String.fromCharCode(...{codes})") == text
    assert roundtrip(rt, text) == text
    rt.bind_object("s", {"v": text})
    assert rt.eval("s.v.length") == len(codes)


def test_binary_data(rt: jsrun.Runtime) -> None:
    assert rt.eval("new Uint8Array([1, 2, 255])") == b"\x01\x02\xff"
    assert rt.eval("new Uint8Array(new Uint8Array([0,1,2,3,4,5]).buffer, 2, 3)") == b"\x02\x03\x04"
    assert rt.eval("new Uint8Array([7, 8]).buffer") == b"\x07\x08"
    assert rt.eval("new DataView(new Uint8Array([1,2,3]).buffer, 1)") == b"\x02\x03"


@pytest.mark.parametrize(
    ("ctor", "code", "values"),
    [
        ("Int8Array", "b", [-1, 2]),
        ("Uint8ClampedArray", "B", [0, 255]),
        ("Int16Array", "h", [-300, 300]),
        ("Uint16Array", "H", [65535, 1]),
        ("Int32Array", "i", [-(2**31), 2**31 - 1]),
        ("Uint32Array", "I", [2**32 - 1, 0]),
        ("Float32Array", "f", [1.5, -2.25]),
        ("Float64Array", "d", [0.1, 1e300]),
    ],
)
def test_typed_arrays_become_array_array(rt: jsrun.Runtime, ctor: str, code: str, values: list) -> None:
    got = rt.eval(f"new {ctor}({values})")
    assert got == array(code, values)


def test_bigint_typed_arrays(rt: jsrun.Runtime) -> None:
    assert rt.eval("new BigInt64Array([-1n, 2n])") == array("q", [-1, 2])
    assert rt.eval("new BigUint64Array([2n**64n - 1n])") == array("Q", [2**64 - 1])


def test_arrays_objects_and_nesting(rt: jsrun.Runtime) -> None:
    assert rt.eval("[1, 'a', [true, [null]]]") == [1, "a", [True, [None]]]
    assert rt.eval("({b: 1, a: {c: [1, {d: 'x'}]}, 2: 'two'})") == {"2": "two", "b": 1, "a": {"c": [1, {"d": "x"}]}}
    assert list(rt.eval("({z: 1, a: 2, m: 3})")) == ["z", "a", "m"]  # insertion order kept


def test_objects_take_own_enumerable_string_keys(rt: jsrun.Runtime) -> None:
    code = """
      class P { constructor() { this.x = 1 } get y() { return 2 } }
      const o = new P();
      Object.defineProperty(o, 'hidden', {value: 3, enumerable: false});
      o[Symbol('s')] = 4;
      Object.defineProperty(o, 'computed', {get() { return 5 }, enumerable: true});
      o
    """
    assert rt.eval(code) == {"x": 1, "computed": 5}


def test_getter_that_throws_raises_javascript_error(rt: jsrun.Runtime) -> None:
    with pytest.raises(jsrun.JavaScriptError, match="from getter"):
        rt.eval("({get bad() { throw new Error('from getter') }})")


def test_map_keeps_key_types(rt: jsrun.Runtime) -> None:
    m = rt.eval("new Map([[1, 'one'], ['1', 'string one'], [false, [1]], [null, 0]])")
    assert type(m) is JsMap
    assert m == {1: "one", "1": "string one", False: [1], None: 0}
    assert [type(k) for k in m] == [int, str, bool, type(None)]


def test_map_keys_that_python_merges_are_an_error_not_a_loss(rt: jsrun.Runtime) -> None:
    # 1 and true are distinct Map keys in JS but one dict key in Python.
    with pytest.raises(jsrun.ConversionError, match="same Python key"):
        rt.eval("new Map([[1, 'a'], [true, 'b']])")
    with pytest.raises(jsrun.ConversionError, match="same Python value"):
        rt.eval("new Set([0, false])")


def test_map_with_unhashable_keys_is_a_clear_error(rt: jsrun.Runtime) -> None:
    with pytest.raises(jsrun.ConversionError, match="not hashable"):
        rt.eval("new Map([[{}, 1]])")


def test_set(rt: jsrun.Runtime) -> None:
    assert rt.eval("new Set([1, 'a', 1, null])") == {1, "a", None}
    with pytest.raises(jsrun.ConversionError, match="not hashable"):
        rt.eval("new Set([[1]])")


def test_dates(rt: jsrun.Runtime) -> None:
    d = rt.eval("new Date(Date.UTC(2024, 1, 29, 12, 30, 15, 123))")
    assert d == datetime(2024, 2, 29, 12, 30, 15, 123000, tzinfo=timezone.utc)
    assert d.tzinfo is not None
    assert rt.eval("new Date(-1)") == datetime(1969, 12, 31, 23, 59, 59, 999000, tzinfo=timezone.utc)
    with pytest.raises(jsrun.ConversionError, match="invalid Date"):
        rt.eval("new Date(NaN)")
    with pytest.raises(jsrun.ConversionError, match="datetime range"):
        rt.eval("new Date(8.64e15)")


def test_error_objects_as_values(rt: jsrun.Runtime) -> None:
    e = rt.eval("new TypeError('as a value')")
    assert isinstance(e, jsrun.JavaScriptError)
    assert (e.name, e.message) == ("TypeError", "as a value")
    assert e.stack.startswith("TypeError: as a value")


def test_boxed_primitives_unwrap(rt: jsrun.Runtime) -> None:
    assert rt.eval("[new Number(5), new String('s'), new Boolean(false), Object(7n)]") == [5, "s", False, 7]


def test_shared_references_stay_shared(rt: jsrun.Runtime) -> None:
    a, b = rt.eval("const o = {n: 1}; [o, o]")
    assert a is b
    trio = rt.eval("const l = [1]; ({x: l, y: [l, l]})")
    assert trio["x"] is trio["y"][0] is trio["y"][1]


def test_cycles_are_preserved(rt: jsrun.Runtime) -> None:
    o = rt.eval("const c = {name: 'c'}; c.self = c; c.list = [c]; c")
    assert o["self"] is o and o["list"][0] is o
    m = rt.eval("const m = new Map(); m.set('me', m); m")
    assert m["me"] is m


@pytest.mark.parametrize(
    ("code", "what"),
    [
        ("Symbol('s')", "Symbol"),
        ("/re/g", "RegExp"),
        ("new WeakMap()", "WeakMap"),
        ("new Proxy({}, {})", "Proxy"),
        ("({p: Promise.resolve(1)})", "Promise"),
    ],
)
def test_unconvertible_values_are_clear_errors(rt: jsrun.Runtime, code: str, what: str) -> None:
    with pytest.raises(jsrun.ConversionError, match=what):
        rt.eval(code)
    assert rt.eval("'still fine'") == "still fine"


def test_depth_limit_js_to_python(rt: jsrun.Runtime) -> None:
    assert len(rt.eval("let a = []; for (let i = 0; i < 98; i++) a = [a]; [a]")) == 1
    with pytest.raises(jsrun.ConversionError, match="Depth exceeded maximum limit of 100"):
        rt.eval("let b = []; for (let i = 0; i < 100; i++) b = [b]; b")
    # A million levels built in a loop: a clear error, not a crash.
    with pytest.raises(jsrun.ConversionError, match="Depth exceeded"):
        rt.eval("let c = []; for (let i = 0; i < 1e6; i++) c = [c]; c")


def test_size_limit_is_configurable() -> None:
    with jsrun.Runtime(jsrun.RuntimeConfig(max_serialization_bytes=1000, max_serialization_depth=3)) as small:
        assert small.eval("'x'.repeat(500)") == "x" * 500
        with pytest.raises(jsrun.ConversionError, match=r"Size \(2000 bytes\) exceeded maximum limit of 1000 bytes"):
            small.eval("'x'.repeat(2000)")
        with pytest.raises(jsrun.ConversionError, match=r"String size limit exceeded: 2000 > 1000 bytes"):
            small.bind_object("big", {"v": "x" * 2000})
        # Binary data is bounded by the heap limit, not by this budget.
        small.bind_object("big", {"v": b"\0" * 2000})
        assert small.eval("big.v.length") == 2000
        with pytest.raises(jsrun.ConversionError, match="Depth exceeded maximum limit of 3"):
            small.eval("[[[[1]]]]")
        with pytest.raises(jsrun.ConversionError, match="Depth exceeded maximum limit of 3"):
            small.bind_object("deep", {"v": [[[1]]]})


# ---- Python → JS ----


def js_type(rt: jsrun.Runtime, value: object) -> str:
    rt.bind_object("__t", {"v": value})
    return rt.eval("Object.prototype.toString.call(__t.v) + ':' + typeof __t.v")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "[object Null]:object"),
        (undefined, "[object Undefined]:undefined"),
        (True, "[object Boolean]:boolean"),
        (1, "[object Number]:number"),
        (2**53 - 1, "[object Number]:number"),
        (2**53, "[object BigInt]:bigint"),
        (-(2**80), "[object BigInt]:bigint"),
        (JsBigInt(3), "[object BigInt]:bigint"),
        (1.5, "[object Number]:number"),
        ("s", "[object String]:string"),
        (b"b", "[object Uint8Array]:object"),
        (bytearray(b"b"), "[object Uint8Array]:object"),
        (memoryview(b"b"), "[object Uint8Array]:object"),
        (array("i", [1]), "[object Int32Array]:object"),
        (array("d", [1.0]), "[object Float64Array]:object"),
        (array("q", [1]), "[object BigInt64Array]:object"),
        ([1], "[object Array]:object"),
        ((1, 2), "[object Array]:object"),
        ({"a": 1}, "[object Object]:object"),
        (JsMap({1: 2}), "[object Map]:object"),
        ({1, 2}, "[object Set]:object"),
        (frozenset({1}), "[object Set]:object"),
        (datetime(2020, 1, 1, tzinfo=timezone.utc), "[object Date]:object"),
        (jsrun.JavaScriptError("m", name="TypeError"), "[object Error]:object"),
        (len, "[object Function]:function"),
    ],
)
def test_python_values_become(rt: jsrun.Runtime, value: object, expected: str) -> None:
    assert js_type(rt, value) == expected


def test_big_ints_are_never_rounded(rt: jsrun.Runtime) -> None:
    for n in [2**53, 2**53 + 1, 2**64 + 7, -(2**200) + 1]:
        rt.bind_object("n", {"v": n})
        assert rt.eval("n.v.toString()") == str(n)
        assert roundtrip(rt, n) == n


def test_small_bigint_round_trips_as_bigint(rt: jsrun.Runtime) -> None:
    assert type(rt.eval("5n")) is JsBigInt
    assert type(roundtrip(rt, rt.eval("5n"))) is JsBigInt


def test_special_floats(rt: jsrun.Runtime) -> None:
    rt.bind_object("f", {"nan": math.nan, "inf": math.inf, "ninf": -math.inf, "nz": -0.0})
    assert rt.eval("[Number.isNaN(f.nan), f.inf === Infinity, f.ninf === -Infinity, Object.is(f.nz, -0)]") == [True] * 4


def test_dict_keys_must_be_strings(rt: jsrun.Runtime) -> None:
    with pytest.raises(jsrun.ConversionError, match="dict key 1 of type int is not a str"):
        rt.bind_object("d", {"v": {1: "x"}})


def test_proto_key_stays_data(rt: jsrun.Runtime) -> None:
    rt.bind_object("d", {"v": {"__proto__": {"polluted": True}}})
    assert rt.eval("Object.getPrototypeOf(d.v) === Object.prototype && d.v.polluted === undefined") is True
    assert rt.eval("Object.keys(d.v)") == ["__proto__"]


def test_datetimes(rt: jsrun.Runtime) -> None:
    aware = datetime(2024, 5, 6, 7, 8, 9, 10000, tzinfo=timezone(timedelta(hours=2)))
    rt.bind_object("d", {"aware": aware, "naive": datetime(1970, 1, 1, 0, 0, 1)})
    assert rt.eval("d.aware.toISOString()") == "2024-05-06T05:08:09.010Z"
    assert rt.eval("d.naive.getTime()") == 1000  # naive means UTC
    assert roundtrip(rt, aware) == aware


def test_python_error_objects_become_js_errors(rt: jsrun.Runtime) -> None:
    rt.bind_object("e", {"v": jsrun.JavaScriptError("broken", name="RangeError")})
    assert rt.eval("[e.v instanceof Error, e.v.name, e.v.message]") == [True, "RangeError", "broken"]


def test_python_cycles_and_shared_references(rt: jsrun.Runtime) -> None:
    shared = {"k": 1}
    cyclic: list = [shared, shared]
    cyclic.append(cyclic)
    rt.bind_object("c", {"v": cyclic})
    assert rt.eval("c.v[0] === c.v[1] && c.v[2] === c.v") is True
    back = rt.eval("c.v")
    assert back[2] is back and back[0] is back[1]


@pytest.mark.parametrize("value", [1j, object(), range(3), ..., b"x".decode])
def test_unsupported_python_values(rt: jsrun.Runtime, value: object) -> None:
    if callable(value):
        rt.bind_object("x", {"v": value})  # callables become JS functions
        assert rt.eval("typeof x.v") == "function"
        return
    with pytest.raises(jsrun.ConversionError, match="cannot convert Python"):
        rt.bind_object("x", {"v": value})


def test_depth_limit_python_to_js(rt: jsrun.Runtime) -> None:
    deep: list = []
    for _ in range(150):
        deep = [deep]
    with pytest.raises(jsrun.ConversionError, match="Depth exceeded maximum limit of 100"):
        rt.bind_object("x", {"v": deep})


def test_large_values_round_trip(rt: jsrun.Runtime) -> None:
    ints = list(range(100_000))
    assert roundtrip(rt, ints) == ints
    blob = bytes(range(256)) * 4096
    assert roundtrip(rt, blob) == blob
    mapping = {f"k{i}": i for i in range(10_000)}
    assert roundtrip(rt, mapping) == mapping


# ---- property: anything JSON-like plus our extras survives the round trip ----

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False)
    | st.text(alphabet=st.characters(codec=None, blacklist_categories=()))
    | st.binary(max_size=64)
    | st.just(undefined)
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(values)
def test_round_trip_property(value: object) -> None:
    with jsrun.Runtime() as runtime:
        got = roundtrip(runtime, value)
    assert got == value
    assert same_types(got, value)


def same_types(got: object, value: object) -> bool:
    """Types survive too, with the documented exceptions: a big int comes back
    as JsBigInt, an integral float as int (JS has one Number type)."""
    if isinstance(value, float):
        return isinstance(got, (int, float))
    if type(value) is int and abs(value) > 2**53 - 1:
        return type(got) is JsBigInt
    if type(got) is not type(value):
        return False
    if isinstance(value, list):
        return all(same_types(g, v) for g, v in zip(got, value, strict=True))  # type: ignore[call-overload]
    if isinstance(value, dict):
        return all(same_types(got[k], v) for k, v in value.items())  # type: ignore[index]
    return True


def test_wide_flat_dicts_keep_every_key_as_an_own_property(rt: jsrun.Runtime) -> None:
    # Objects of 8+ leaf values are made in one step: same result as key by key.
    d = {"__proto__": 1, "1": "one", "0": "zero", "constructor": None, "x": 2.5, "y": True, "z": "s", "big": 2**70}
    rt.bind_object("t", {"v": d})
    assert rt.eval("Object.getPrototypeOf(t.v) === Object.prototype && Object.keys(t.v).length") == 8
    assert rt.eval("Object.getOwnPropertyDescriptor(t.v, '__proto__').value") == 1
    assert rt.eval("t.v[0] + t.v[1]") == "zeroone"
    assert rt.eval("t.v") == d
    shared = [1, 2]
    nested = {f"k{i}": shared for i in range(10)}  # containers inside: the key-by-key path
    rt.bind_object("t2", {"v": nested})
    assert rt.eval("t2.v.k0 === t2.v.k9") is True


@pytest.mark.parametrize("stack_kib", [128, 256])
def test_small_thread_stacks_get_a_conversion_error_not_a_crash(stack_kib: int) -> None:
    # Each in a fresh interpreter: a crash fails this test, not the run.
    code = f"""
import threading, jsrun
out = []
keep = []
def run():
    rt = jsrun.Runtime(jsrun.RuntimeConfig(max_serialization_depth=2000))
    depth = rt.eval("(x) => {{ let d = 0; while (Array.isArray(x) && x.length) {{ x = x[0]; d++ }} return d }}")
    for n in (90, 1990):
        value = []
        for _ in range(n):
            value = [value]
        # Freed on the main thread: Python 3.13 frees a deep list recursively,
        # which would overflow this thread's stack by itself.
        keep.append(value)
        make = f"(() => {{{{ let v = []; for (let i = 0; i < {{n}}; i++) v = [v]; return v }}}})()"
        for call in (lambda: depth(value), lambda: rt.eval(make)):
            try:
                call()
                out.append("ok")
            except jsrun.ConversionError as e:
                out.append("stack" if "stack is too small" in str(e) else str(e))
    out.append(rt.eval("'alive'"))
threading.stack_size({stack_kib} * 1024)
t = threading.Thread(target=run)
t.start()
t.join()
print(" ".join(out))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    words = result.stdout.split()
    assert words[-1] == "alive" and set(words[:-1]) <= {"ok", "stack"}, result.stdout
    assert "stack" in words  # 1990 levels do not fit in such a stack


@isolated
def test_bigints_past_pythons_digit_limit(rt: jsrun.Runtime) -> None:
    value = rt.eval("10n ** 5000n")
    assert value == 10**5000 and isinstance(value, jsrun.JsBigInt)
    assert repr(value).startswith("JsBigInt(0x")  # decimal would pass Python's 4,300-digit limit
    assert rt.eval("(x) => x === 10n ** 5000n")(10**5000) is True


def test_bytes_are_lent_to_js_and_given_back(rt: jsrun.Runtime) -> None:
    data = bytes(range(256)) * 4096  # 1 MiB, copied once into the JS buffer
    before = sys.getrefcount(data)
    at = rt.eval("(b) => b[1000] + b.length")
    for _ in range(100):
        assert at(data) == 1000 % 256 + len(data)
    rt.bind_object("held", {"v": data})
    assert rt.eval("held.v[257]") == 1
    rt.eval("0")  # references dropped without the GIL are released by the next call
    assert sys.getrefcount(data) == before  # nothing kept once converted


def test_aware_datetimes_in_any_zone_become_the_same_instant(rt: jsrun.Runtime) -> None:
    from zoneinfo import ZoneInfo

    summer = datetime(2024, 7, 1, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))  # UTC+2 then
    winter = datetime(2024, 1, 1, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))  # UTC+1 then
    to_iso = rt.eval("(d) => d.toISOString()")
    assert to_iso(summer) == "2024-07-01T10:00:00.000Z"
    assert to_iso(winter) == "2024-01-01T11:00:00.000Z"
    assert to_iso(datetime(2024, 1, 1, 12, 0, 0, 999999)) == "2024-01-01T12:00:00.999Z"  # naive: UTC
    assert rt.eval("(d) => d")(summer) == summer

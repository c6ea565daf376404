"""TextEncoder, TextDecoder, atob, btoa: checked against Python's codecs."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jsrun


@pytest.fixture(scope="module")
def shared_rt():
    with jsrun.Runtime() as runtime:
        yield runtime


def usv(text: str) -> str:
    """The string with lone surrogates replaced, as WebIDL's USVString does."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec=None)))
def test_encode_matches_python(shared_rt: jsrun.Runtime, text: str) -> None:
    shared_rt.bind_object("enc", {"s": text})
    assert shared_rt.eval("new TextEncoder().encode(enc.s)") == usv(text).encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64))
def test_decode_replaces_like_python(shared_rt: jsrun.Runtime, data: bytes) -> None:
    shared_rt.bind_object("dec", {"b": data})
    expected = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    assert shared_rt.eval("new TextDecoder().decode(dec.b)") == expected.decode("utf-8", "replace")


def test_decoder_options_and_inputs(rt: jsrun.Runtime) -> None:
    assert rt.eval("new TextDecoder().decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))") == "A"
    assert rt.eval("new TextDecoder('utf-8', {ignoreBOM: true}).decode(new Uint8Array([0xef, 0xbb, 0xbf]))") == "\ufeff"
    assert rt.eval("new TextDecoder().decode(new Uint16Array([0x6968]))") == "hi"  # any view, its bytes
    assert rt.eval("new TextDecoder().decode(new Uint8Array([104, 105]).buffer)") == "hi"
    assert rt.eval("new TextDecoder().decode()") == ""
    assert rt.eval("const d = new TextDecoder('UTF8', {fatal: true}); [d.encoding, d.fatal, d.ignoreBOM]") == [
        "utf-8",
        True,
        False,
    ]
    with pytest.raises(jsrun.JavaScriptError, match="not valid for encoding utf-8"):
        rt.eval("new TextDecoder('utf-8', {fatal: true}).decode(new Uint8Array([0xc3]))")
    with pytest.raises(jsrun.JavaScriptError, match="not supported"):
        rt.eval("new TextDecoder('latin1')")


def test_encode_into(rt: jsrun.Runtime) -> None:
    result = rt.eval("const buf = new Uint8Array(5); const r = new TextEncoder().encodeInto('aé😀', buf); [r, buf]")
    assert result == [{"read": 2, "written": 3}, b"a\xc3\xa9\x00\x00"]  # the emoji does not fit
    # A surrogate pair is 2 units read for 4 bytes; a lone surrogate becomes U+FFFD.
    into = rt.eval("(n) => { const b = new Uint8Array(n); return [new TextEncoder().encodeInto('😀x\\uD800', b), b] }")
    assert into(8) == [{"read": 4, "written": 8}, b"\xf0\x9f\x98\x80x\xef\xbf\xbd"]
    assert into(4) == [{"read": 2, "written": 4}, b"\xf0\x9f\x98\x80"]
    assert into(3) == [{"read": 0, "written": 0}, b"\x00\x00\x00"]


def test_big_inputs_are_not_bound_by_the_value_budget(rt: jsrun.Runtime) -> None:
    assert rt.eval("new TextDecoder().decode(new TextEncoder().encode('é'.repeat(8e6))).length") == 8_000_000


@pytest.mark.parametrize("data", [b"", b"f", b"fo", b"foo", b"foob", bytes(range(256))])
def test_btoa_atob_match_base64(rt: jsrun.Runtime, data: bytes) -> None:
    latin1 = data.decode("latin-1")
    rt.bind_object("b64", {"s": latin1})
    encoded = rt.eval("btoa(b64.s)")
    assert encoded == base64.b64encode(data).decode()
    assert rt.eval(f"atob({encoded!r})") == latin1


def test_atob_is_forgiving_and_strict_where_the_spec_says(rt: jsrun.Runtime) -> None:
    assert rt.eval("atob(' aGVs\\nbG8 ')") == "hello"
    assert rt.eval("atob('aGVsbG8')") == "hello"  # padding may be left out
    for bad in ["'a'", "'aGVsbG8*'", "'aGVsbG8==='"]:
        assert rt.eval(f"try {{ atob({bad}); 'no error' }} catch (e) {{ e.name }}") == "InvalidCharacterError"
    assert rt.eval("try { btoa('€') } catch (e) { e.name }") == "InvalidCharacterError"

"""TextEncoder, TextDecoder, atob, btoa: checked against Python's codecs."""

from __future__ import annotations

import asyncio
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
    for label in ["replacement", "utf-7", "iso-2022-kr", "nope"]:
        with pytest.raises(jsrun.JavaScriptError, match="RangeError: The .* encoding is not supported"):
            rt.eval(f"new TextDecoder({label!r})")


# Every encoding of the WHATWG Encoding Standard (encoding_rs): label → name, bytes → text.
LEGACY = [
    ("latin1", "windows-1252", [0x80, 0x9F, 0xE9, 0x81], "€Ÿé\x81"),
    ("ascii", "windows-1252", [0x41, 0x93, 0x94], "A“”"),
    ("ISO-8859-2", "iso-8859-2", [0xA1, 0xB1], "Ąą"),
    ("koi8-r", "koi8-r", [0xC1, 0xC2], "аб"),
    ("cp1251", "windows-1251", [0xCF, 0xF0], "Пр"),
    ("sjis", "shift_jis", [0x82, 0xA0, 0x93, 0xFA, 0x80], "あ日\x80"),
    ("euc-jp", "euc-jp", [0xA4, 0xA2], "あ"),
    ("iso-2022-jp", "iso-2022-jp", [0x1B, 0x24, 0x42, 0x30, 0x21, 0x1B, 0x28, 0x42, 0x41], "亜A"),
    ("euc-kr", "euc-kr", [0xB0, 0xA1], "가"),
    ("gb2312", "gbk", [0xC4, 0xE3, 0xBA, 0xC3], "你好"),
    ("gb18030", "gb18030", [0x81, 0x30, 0x81, 0x30], "\x80"),
    ("big5", "big5", [0xA4, 0xA4], "中"),
    ("utf-16", "utf-16le", [0x41, 0, 0x3D, 0xD8, 0x00, 0xDE], "A😀"),
    ("utf-16be", "utf-16be", [0xFE, 0xFF, 0, 0x41], "A"),
    ("x-user-defined", "x-user-defined", [0x41, 0x80], "A\uf780"),
]


@pytest.mark.parametrize(("label", "name", "data", "text"), LEGACY)
def test_every_encoding_of_the_standard_decodes(
    rt: jsrun.Runtime, label: str, name: str, data: list[int], text: str
) -> None:
    assert rt.eval(f"new TextDecoder({label!r}).encoding") == name
    assert rt.eval(f"new TextDecoder({label!r}).decode(new Uint8Array({data}))") == text
    # Streamed in pieces of one and two bytes: the same text (a split character waits for its end).
    for size in (1, 2):
        streamed = rt.eval(
            f"(() => {{ const d = new TextDecoder({label!r}); const b = new Uint8Array({data}); let t = '';"
            f" for (let i = 0; i < b.length; i += {size}) t += d.decode(b.subarray(i, i + {size}), {{ stream: true }});"
            " return t + d.decode(); })()"
        )
        assert streamed == text


def test_legacy_decoders_handle_boms_errors_and_unfinished_streams(rt: jsrun.Runtime) -> None:
    assert rt.eval("new TextDecoder('utf-16le').decode(new Uint8Array([0xff, 0xfe, 0x41, 0]))") == "A"
    assert rt.eval(
        "new TextDecoder('utf-16le', { ignoreBOM: true }).decode(new Uint8Array([0xff, 0xfe, 0x41, 0]))"
    ) == ("\ufeffA")
    # Another encoding's BOM is no BOM (the Standard does not sniff).
    assert rt.eval("new TextDecoder('utf-16le').decode(new Uint8Array([0xfe, 0xff, 0x41, 0]))") == "\ufffeA"
    with pytest.raises(jsrun.JavaScriptError, match="TypeError: The encoded data was not valid for encoding shift_jis"):
        rt.eval("new TextDecoder('shift_jis', { fatal: true }).decode(new Uint8Array([0x41, 0x82]))")
    assert rt.eval("new TextDecoder('shift_jis').decode(new Uint8Array([0x41, 0x82]))") == "A\ufffd"
    # A stream left with half a character: the end says so, and the decoder starts afresh.
    assert rt.eval(
        "(() => { const d = new TextDecoder('utf-16le'); return [d.decode(new Uint8Array([0x41]), { stream: true }),"
        " d.decode(), d.decode(new Uint8Array([0x41, 0]))]; })()"
    ) == ["", "\ufffd", "A"]
    # A fatal error ends the stream; the decoder goes on with the next.
    assert rt.eval(
        "const f = new TextDecoder('euc-kr', { fatal: true }); f.decode(new Uint8Array([0xb0]), { stream: true });"
        " let said; try { f.decode(new Uint8Array([0x20])); } catch (e) { said = e.name; }"
        " [said, f.decode(new Uint8Array([0xb0, 0xa1]))]"
    ) == ["TypeError", "가"]


def test_text_decoder_stream_takes_any_encoding(rt: jsrun.Runtime) -> None:
    code = """
    (async () => {
      const chunks = [[0x82], [0xa0, 0x93], [0xfa]];
      const source = new ReadableStream({
        start(c) { for (const b of chunks) c.enqueue(new Uint8Array(b)); c.close(); },
      });
      let text = '';
      for await (const chunk of source.pipeThrough(new TextDecoderStream('shift_jis'))) text += chunk;
      return text;
    })()
    """
    assert asyncio.run(rt.eval_async(code)) == "あ日"


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

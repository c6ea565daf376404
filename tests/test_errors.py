"""JavaScriptError: shape, str(), frames, and the runtime staying usable."""

from __future__ import annotations

import pytest

import jsrun


def test_error_attributes(rt: jsrun.Runtime) -> None:
    with pytest.raises(jsrun.JavaScriptError) as info:
        rt.eval("function inner() { throw new TypeError('bad thing') }\nfunction outer() { inner() }\nouter()")
    e = info.value
    assert e.name == "TypeError"
    assert e.message == "bad thing"
    assert e.stack is not None and e.stack.startswith("TypeError: bad thing\n    at inner (<eval>:1:")
    assert [f.get("function_name") for f in e.frames] == ["inner", "outer", None]
    assert e.frames[0] == {"function_name": "inner", "file_name": "<eval>", "line_number": 1, "column_number": 26}
    assert e.frames[2]["line_number"] == 3
    assert e.value is jsrun.undefined


def test_str_reads_like_a_js_error(rt: jsrun.Runtime) -> None:
    with pytest.raises(jsrun.JavaScriptError) as info:
        rt.eval("(function f() { throw new RangeError('out of range') })()")
    text = str(info.value)
    assert text.splitlines()[0] == "RangeError: out of range"
    assert text.splitlines()[1].startswith("    at f (<eval>:1:")


def test_syntax_error_has_line_and_column(rt: jsrun.Runtime) -> None:
    with pytest.raises(jsrun.JavaScriptError) as info:
        rt.eval("let ok = 1;\nlet broken = ;")
    e = info.value
    assert e.name == "SyntaxError"
    assert e.message == "Unexpected token ';'"
    assert e.frames == [{"file_name": "<eval>", "line_number": 2, "column_number": 14}]
    assert str(e) == "SyntaxError: Unexpected token ';'\n    at <eval>:2:14"


def test_custom_error_class_keeps_its_name(rt: jsrun.Runtime) -> None:
    with pytest.raises(jsrun.JavaScriptError) as info:
        rt.eval(
            "class MyError extends Error { constructor(m) { super(m); this.name = 'MyError' } }; throw new MyError('x')"
        )
    assert (info.value.name, info.value.message) == ("MyError", "x")


@pytest.mark.parametrize(
    ("code", "message", "value"),
    [
        ("throw 'plain string'", "Uncaught plain string", "plain string"),
        ("throw 42", "Uncaught 42", 42),
        ("throw null", "Uncaught null", None),
        ("throw {code: 7}", "Uncaught #<Object>", {"code": 7}),
    ],
)
def test_thrown_non_errors(rt: jsrun.Runtime, code: str, message: str, value: object) -> None:
    with pytest.raises(jsrun.JavaScriptError) as info:
        rt.eval(code)
    assert info.value.name is None
    assert info.value.message == message
    assert info.value.value == value
    assert info.value.frames[0]["line_number"] == 1


def test_error_whose_getters_throw(rt: jsrun.Runtime) -> None:
    with pytest.raises(jsrun.JavaScriptError) as info:
        rt.eval("const e = new Error('m'); Object.defineProperty(e, 'name', {get() { throw 1 }}); throw e")
    assert info.value.message == "m"
    assert info.value.name == "Error"


def test_runtime_stays_usable_after_each_error(rt: jsrun.Runtime) -> None:
    for code in ["throw 1", "nope(", "undefinedVariable", "null.x", "Symbol()", "(function f() { f() })()"]:
        with pytest.raises((jsrun.JavaScriptError, jsrun.ConversionError)):
            rt.eval(code)
        assert rt.eval("1 + 2") == 3


def test_deep_recursion_is_a_range_error(rt: jsrun.Runtime) -> None:
    with pytest.raises(jsrun.JavaScriptError) as info:
        rt.eval("(function f(n) { return f(n + 1) + 1 })(0)")
    assert info.value.name == "RangeError"
    assert "call stack" in info.value.message


def test_errors_are_importable_and_ordered() -> None:
    assert issubclass(jsrun.ConversionError, TypeError)
    assert issubclass(jsrun.ConversionError, RuntimeError)
    assert issubclass(jsrun.RuntimeClosedError, RuntimeError)
    assert issubclass(jsrun.RuntimeTerminated, RuntimeError)
    assert issubclass(jsrun.JavaScriptError, Exception)

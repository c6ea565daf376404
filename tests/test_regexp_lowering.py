"""RegExp literals an engine refuses — the `v` flag before V8 11, modifiers
before V8 12.5 — in ES modules, CommonJS files and scripts given to eval are
rewritten to ones it takes (runtime/src/regexp_lowering.rs); on engines that
have them nothing changes. Each test passes on every engine with the same
results."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

import jsrun
from engines import V8_MAJOR

SETS = r"""
export const letters = /^[\p{L}--[a-z]]+$/v;
export const emoji = /^\p{RGI_Emoji}$/v;
export const both = /[\p{L}&&\p{Script=Greek}]/v;
export const nested = /^[[a-z]--[aeiou]]+$/v;
export const caseless = /(?i:ab)c/;
"""


def module_results(rt: jsrun.Runtime, source: str) -> object:
    rt.add_static_module("sets", source)
    rt.add_static_module(
        "uses",
        "import { letters, emoji, both, nested, caseless } from 'sets';"
        "export default [letters.test('ÉÀZ'), letters.test('abc'), emoji.test('👩‍👩‍👧'), emoji.test('x'),"
        " both.test('λ'), both.test('a'), nested.test('bcd'), nested.test('bad'), caseless.test('ABc'),"
        " caseless.test('abC'), 'xAbcy'.replace(caseless, '-')];",
    )
    return rt.eval_module("uses")["default"]


def test_set_notation_strings_and_modifiers_work_in_es_modules() -> None:
    with jsrun.Runtime() as rt:
        assert module_results(rt, SETS) == [True, False, True, False, True, False, True, False, True, False, "x-y"]


def test_commonjs_files_are_lowered_too(tmp_path: Path) -> None:
    (tmp_path / "node_modules" / "sets").mkdir(parents=True)
    (tmp_path / "node_modules" / "sets" / "index.js").write_text(
        "exports.letters = /^[\\p{L}--[a-z]]+$/v;\nexports.words = (s) => s.split(/(?i:AND)/);\n"
    )
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        assert rt.eval(
            "const s = require('sets'); [s.letters.test('ÉZ'), s.letters.test('éz'), s.words('xandyANDz')]"
        ) == [
            True,
            False,
            ["x", "y", "z"],
        ]


def test_lines_stay_where_they_were() -> None:
    with jsrun.Runtime() as rt:
        rt.add_static_module("late", "const re = /[\\p{L}--[a-z]]/v;\n\nthrow new Error(`line three ${re.test('Q')}`);")
        with pytest.raises(jsrun.JavaScriptError) as caught:
            rt.eval_module("late")
        assert caught.value.message == "line three true"
        assert "late:3:" in (caught.value.stack or "")


def test_what_cannot_be_lowered_stays_a_syntax_error() -> None:
    with jsrun.Runtime() as rt:
        rt.add_static_module("bad", "export const re = /[a-z/v;")
        with pytest.raises(jsrun.JavaScriptError) as caught:
            rt.eval_module("bad")
        assert caught.value.name == "SyntaxError"
        if V8_MAJOR < 13:
            # Duplicate named groups need a runtime helper for `groups`: not rewritten.
            rt.add_static_module("dup", "export const re = /(?<y>a)|(?<y>b)/;")
            with pytest.raises(jsrun.JavaScriptError, match="(?i)duplicate capture group name"):
                rt.eval_module("dup")
        # The runtime goes on.
        assert module_results(rt, SETS)[0] is True


@pytest.mark.skipif(V8_MAJOR >= 11, reason="the engine has the v flag: nothing is rewritten")
def test_a_rewritten_literal_is_a_u_literal() -> None:
    with jsrun.Runtime() as rt:
        rt.add_static_module("one", "export const re = /[\\p{L}--[a-z]]/v;")
        rt.add_static_module("flags", "import { re } from 'one'; export default [re.flags, re.unicode];")
        assert rt.eval_module("flags")["default"] == ["u", True]
        assert rt.eval("/[\\p{L}--[a-z]]/v.flags") == "u"


def test_scripts_given_to_eval_are_lowered_too() -> None:
    with jsrun.Runtime() as rt:
        assert rt.eval("/^[\\p{L}--[a-z]]+$/v.test('ÉZ') && !/(?i:ab)c/.test('abC')") is True
        # Long scripts too (the script cache keeps short ones), and eval_async.
        long = "const pad = '" + "x" * 400 + "';\n/^\\p{RGI_Emoji}$/v.test('👍🏽')"
        assert rt.eval(long) is True
        assert asyncio.run(rt.eval_async("Promise.resolve(/[\\w--\\d]/v.test('7'))")) is False


def test_a_script_that_ran_is_never_run_again() -> None:
    with jsrun.Runtime() as rt:
        # This SyntaxError comes from running (a RegExp made at run time), after a side effect, in a script
        # that 10.2 compiles only lowered: it runs once, and the error stays.
        code = "globalThis.runs = (globalThis.runs || 0) + 1; /[\\p{L}--[a-z]]/v.test('A'); new RegExp('[a-z', 'u')"
        with pytest.raises(jsrun.JavaScriptError, match="SyntaxError"):
            rt.eval(code)
        with pytest.raises(jsrun.JavaScriptError, match="SyntaxError"):
            rt.eval(code + " // " + "y" * 300)
        assert rt.eval("runs") == 2
        with pytest.raises(jsrun.JavaScriptError, match="SyntaxError"):
            asyncio.run(rt.eval_async(code))
        assert rt.eval("runs") == 3


def test_import_attributes_load_on_every_engine(tmp_path: Path) -> None:
    # `with { type: 'json' }` (V8 before 12 refuses it) and `assert { … }` (V8 12.6 dropped it) are
    # blanked where the engine refuses them; jsrun loads a module by what its file is.
    (tmp_path / "data.json").write_text('{"n": 41}')
    (tmp_path / "side.mjs").write_text("globalThis.sideRan = 'with { not touched }';\n")
    (tmp_path / "names.mjs").write_text("export const name = 'x';\n")
    (tmp_path / "main.mjs").write_text(
        "import data from './data.json' with { type: 'json' };\n"
        "import './side.mjs' with {\n  type: 'javascript',\n};\n"
        "export { name } from './names.mjs' with {};\n"
        "const text = \"import x from 'y' with { type: 'json' }\";\n"
        "export const n = data.n + 1;\n"
        "export const kept = [text, globalThis.sideRan, /with {/.test('with {')];\n"
        "export const where = () => new Error('here').stack.split('\\n')[1];\n"
    )
    (tmp_path / "older.mjs").write_text(
        "import data from './data.json' assert { type: 'json' };\nexport const n = data.n;\n"
    )
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        got = asyncio.run(
            rt.eval_async(
                "Promise.all([import('./main.mjs'), import('./older.mjs')]).then(([m, o]) =>"
                " [m.n, m.name, m.kept, /main\\.mjs:9:/.test(m.where()), o.n])"
            )
        )
    assert got == [42, "x", ["import x from 'y' with { type: 'json' }", "with { not touched }", True], True, 41]

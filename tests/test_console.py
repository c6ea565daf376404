"""RuntimeConfig(enable_console=True): console.* to logging, formatted like Node."""

from __future__ import annotations

import logging
import shutil
import subprocess
from typing import Any

import pytest

import jsrun


def logged(caplog: pytest.LogCaptureFixture, code: str) -> list[tuple[int, str]]:
    caplog.set_level(logging.DEBUG, logger="jsrun.console")
    with jsrun.Runtime(jsrun.RuntimeConfig(enable_console=True)) as rt:
        rt.eval(code)
    return [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "jsrun.console"]


def test_levels_map_to_logging(caplog: pytest.LogCaptureFixture) -> None:
    records = logged(
        caplog, "console.log('l'); console.info('i'); console.debug('d'); console.warn('w'); console.error('e')"
    )
    assert records == [
        (logging.INFO, "l"),
        (logging.INFO, "i"),
        (logging.DEBUG, "d"),
        (logging.WARNING, "w"),
        (logging.ERROR, "e"),
    ]


def test_values_are_formatted_like_node(caplog: pytest.LogCaptureFixture) -> None:
    code = """
    console.log('text', 42, -0, 10n, undefined, null, true);
    console.log({a: 1, 'b-c': [1, 'two', null]}, [], {});
    console.log(new Map([[1, 'x']]), new Set(['y']), new Uint8Array([1, 2]));
    console.log(function named() {}, () => {}, class K {}, Symbol('s'));
    const o = {}; o.self = o; console.log(o);
    console.log({deep: {er: {est: {x: 1}}}});
    console.log('%s has %d items costing %f, %j %o %%', 'cart', 3, 1.5, {a: 1}, [1], 'extra');
    console.log(new Date(0), /x+/g);
    """
    assert [m for _, m in logged(caplog, code)] == [
        "text 42 -0 10n undefined null true",
        "{ a: 1, 'b-c': [ 1, 'two', null ] } [] {}",
        "Map(1) { 1 => 'x' } Set(1) { 'y' } Uint8Array(2) [ 1, 2 ]",
        "[Function: named] [Function (anonymous)] [class K] Symbol(s)",
        "{ self: [Circular *1] }",
        "{ deep: { er: { est: [Object] } } }",
        'cart has 3 items costing 1.5, {"a":1} [ 1 ] % extra',
        "1970-01-01T00:00:00.000Z /x+/g",
    ]


def test_errors_groups_counts_timers_and_asserts(caplog: pytest.LogCaptureFixture) -> None:
    code = """
    console.error(new RangeError('boom'));
    console.group('outer'); console.log('inner'); console.groupEnd(); console.log('after');
    console.count(); console.count(); console.count('x'); console.countReset(); console.count();
    console.assert(1 === 1, 'fine'); console.assert(false, 'broken', 7);
    console.time('t'); console.timeEnd('t'); console.timeEnd('missing');
    console.trace('here');
    """
    records = logged(caplog, code)
    messages = [m for _, m in records]
    assert messages[0].startswith("RangeError: boom\n    at <eval>:")
    assert messages[1:4] == ["outer", "  inner", "after"]
    assert messages[4:8] == ["default: 1", "default: 2", "x: 1", "default: 1"]
    assert messages[8] == "Assertion failed: broken 7" and records[8][0] == logging.ERROR
    assert messages[9].startswith("t: ") and messages[9].endswith("ms")
    assert messages[10] == "Warning: No such label 'missing' for console.timeEnd()"
    assert messages[11].startswith("Trace: here\n") and records[11][0] == logging.DEBUG


def test_a_callback_gets_the_raw_calls() -> None:
    calls: list[tuple[str, str, list[Any]]] = []
    config = jsrun.RuntimeConfig(console=lambda method, text, args: calls.append((method, text, args)))
    assert config.enable_console
    with jsrun.Runtime(config) as rt:
        rt.eval("console.warn('n =', 5, {k: [1]}); console.log(Symbol('cannot cross'))")
    assert calls == [("warn", "n = 5 { k: [ 1 ] }", ["n =", 5, {"k": [1]}]), ("log", "Symbol(cannot cross)", [])]


def test_console_is_silent_by_default(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with jsrun.Runtime() as rt:
        assert rt.eval("console.log('quiet'); typeof console.log") == "function"
    assert not [r for r in caplog.records if r.name == "jsrun.console"]


NODE_LIKE = """
console.table([{ a: 1, b: 2 }, { a: 3, b: 'x' }]);
console.table([[1, 2], [3]]);
console.table({ r1: { c: 1 }, r2: { c: 2 } });
console.table([{ a: 1, b: 2 }], ['a']);
console.table([1, 'two', { a: 1 }]);
console.table(new Map([['k', 1]]));
console.table(5);
console.log(Object.create(null), Object.assign(Object.create(null), { a: 1 }), [1, , 3], [, ,], new Array(5));
console.log(new URLSearchParams('a=1&b=2'), new Headers({ 'content-type': 'text/plain' }));
console.log({ [Symbol.for('nodejs.util.inspect.custom')]() { return 'custom!'; } });
"""


def test_tables_holes_and_custom_inspection_print_as_node_prints_them(caplog: pytest.LogCaptureFixture) -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed to compare with it"
    theirs = subprocess.run([node, "-e", NODE_LIKE], capture_output=True, text=True, check=True, timeout=60).stdout
    ours = "\n".join(m for _, m in logged(caplog, NODE_LIKE)) + "\n"
    assert ours == theirs


def test_platform_objects_show_their_attributes(caplog: pytest.LogCaptureFixture) -> None:
    code = """
    console.log(new Blob(['x'], { type: 'text/plain' }));
    console.log(new Response('x', { status: 201 }).status, new ReadableStream());
    console.log(Temporal.PlainDate.from('2024-01-01'));
    """
    assert [m for _, m in logged(caplog, code)] == [
        "Blob { size: 1, type: 'text/plain' }",
        "201 ReadableStream { locked: false }",
        "Temporal.PlainDate <2024-01-01>",
    ]

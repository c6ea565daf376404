"""Hardened JavaScript: SES's `lockdown()` (npm's `ses`, from
tests/npm/node_modules) in a jsrun runtime, and what still works after it:
the polyfilled features (their stubs), the web platform's globals, timers,
calls from Python. Compartments run plugin code with only what they are given."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

import jsrun

NPM = Path(__file__).parent / "npm"

pytestmark = pytest.mark.skipif(not (NPM / "node_modules" / "ses").is_dir(), reason="run `make js-packages` first")


def locked_down() -> jsrun.Runtime:
    rt = jsrun.Runtime()
    rt.use_node_modules(NPM)
    rt.eval("require('ses'); lockdown(); undefined")
    return rt


def test_lockdown_freezes_every_intrinsic_and_the_runtime_keeps_working() -> None:
    with locked_down() as rt:
        assert rt.eval(
            "[Object.prototype, Array.prototype, Function.prototype, Promise, ArrayBuffer.prototype, Math, JSON]"
            ".every(Object.isFrozen)"
        )
        # Features no one used before lockdown(), behind stubs on now frozen objects.
        assert rt.eval("[3, 1, 2].toSorted()") == [1, 2, 3]
        assert rt.eval("Object.groupBy([1, 2, 3], (n) => (n % 2 ? 'odd' : 'even')).odd") == [1, 3]
        assert rt.eval("[new ArrayBuffer(1).detached, Iterator.from([1, 2]).map((n) => n * 2).toArray()]") == [
            False,
            [2, 4],
        ]
        assert rt.eval("Temporal.PlainDate.from('2024-02-28').add({ days: 1 }).toString()") == "2024-02-29"
        # The web platform's globals, and the event loop.
        assert rt.eval("new URL('../b?x=1', 'https://a.test/p/q').href") == "https://a.test/b?x=1"
        assert rt.eval("structuredClone(new Map([[1, {a: 2}]])).get(1).a") == 2
        assert asyncio.run(rt.eval_async("new Promise((r) => setTimeout(() => r('later'), 1))")) == "later"
        add = rt.eval("(a, b) => a + b")
        assert add(2, 3) == 5


def test_a_compartment_runs_plugin_code_with_only_what_it_is_given() -> None:
    with locked_down() as rt:
        rt.bind_function("host_log", lambda text: f"logged {text}")
        rt.eval(
            "globalThis.runPlugin = (source) => {"
            "  const c = new Compartment({ __options__: true, globals: harden({ log: (t) => host_log(String(t)) }) });"
            "  return c.evaluate(source);"
            "}"
        )
        assert rt.eval("runPlugin('log(6 * 7)')") == "logged 42"
        # Nothing of the host realm's globals but the standard ones: no bindings, no fetch, no timers.
        assert rt.eval("runPlugin('[typeof host_log, typeof fetch, typeof setTimeout, typeof require].join()')") == (
            "undefined,undefined,undefined,undefined"
        )
        # Poisoning shared intrinsics fails.
        with pytest.raises(jsrun.JavaScriptError, match="TypeError"):
            rt.eval("runPlugin('Array.prototype.map = () => \"pwned\"')")
        assert rt.eval("[1, 2].map((n) => n + 1)") == [2, 3]
        # Plugin code cannot reach the host realm's global through constructors or indirect eval.
        assert rt.eval("runPlugin('Function(\"return typeof runPlugin\")()')") == "undefined"
        assert rt.eval("runPlugin('(0, eval)(\"typeof runPlugin\")')") == "undefined"
        with pytest.raises(jsrun.JavaScriptError, match="not a valid constructor"):
            rt.eval("runPlugin('[].constructor.constructor(\"return globalThis\")()')")


def test_lockdown_in_a_bare_runtime_from_a_script() -> None:
    script = (NPM / "node_modules" / "ses" / "dist" / "ses.umd.js").read_text()
    with jsrun.Runtime(jsrun.RuntimeConfig(polyfills=False, web_apis=False)) as rt:
        rt.eval(script)
        rt.eval("lockdown()")
        assert rt.eval("Object.isFrozen(Array.prototype) && typeof harden") == "function"

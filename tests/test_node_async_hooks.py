"""node:async_hooks against Node.js: AsyncLocalStorage's store follows
awaits, promise callbacks, timers, ticks and bound functions, and stays apart
between interleaved tasks (tests/node/async_hooks_probe.js in both)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from test_node_builtins import differences, in_jsrun, in_node, probe_source

import jsrun
from engines import V8_MAJOR

PROBE = probe_source("async_hooks_probe.js")


def test_async_hooks_give_what_node_gives(tmp_path: Path) -> None:
    theirs = in_node(PROBE, tmp_path)
    ours = json.loads(str(in_jsrun(PROBE, tmp_path)))
    assert isinstance(theirs, dict) and isinstance(ours, dict)
    # V8 before 12 runs the `then` of a thenable that `await` adopts outside
    # the async context (docs/npm.md); newer ones carry it there too.
    if V8_MAJOR < 12:
        assert ours.pop("thenable") == "none"
        theirs.pop("thenable")
    assert not differences(theirs, ours), differences(theirs, ours)
    assert len(theirs["places"]) == 24 and all(place.endswith(place[0]) for place in theirs["places"])


def run_node(rt: jsrun.Runtime, source: str) -> object:
    return asyncio.run(rt.eval_async(source, timeout=30))


def test_stores_stay_apart_across_many_concurrent_tasks(tmp_path: Path) -> None:
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        got = run_node(
            rt,
            """(async () => {
              const { AsyncLocalStorage } = require('node:async_hooks');
              const als = new AsyncLocalStorage();
              const step = async (i) => {
                const seen = [];
                for (let n = 0; n < 5; n++) {
                  await new Promise((resolve) => setTimeout(resolve, (i * 7 + n * 3) % 5));
                  seen.push(als.getStore().id === i);
                }
                return seen.every(Boolean);
              };
              const all = await Promise.all(Array.from({ length: 200 }, (_, i) => als.run({ id: i }, step, i)));
              return [all.filter(Boolean).length, als.getStore() ?? null];
            })()""",
        )
        assert got == [200, None]


def test_an_eval_after_enter_with_still_sees_it_and_a_fresh_runtime_does_not(tmp_path: Path) -> None:
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        rt.eval("globalThis.als = new (require('async_hooks').AsyncLocalStorage)(); als.enterWith('top'); 0")
        assert rt.eval("als.getStore()") == "top"
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        assert rt.eval("new (require('async_hooks').AsyncLocalStorage)().getStore() ?? null") is None


def test_name_and_default_value(tmp_path: Path) -> None:
    # Node 24's options (the Node here may be older).
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        got = rt.eval(
            """const { AsyncLocalStorage } = require('async_hooks');
            const als = new AsyncLocalStorage({ name: 'request', defaultValue: 'none' });
            [als.name, als.getStore(), als.run('set', () => als.getStore()), als.getStore(),
             new AsyncLocalStorage().name]"""
        )
        assert got == ["request", "none", "set", "none", ""]
        with pytest.raises(jsrun.JavaScriptError, match='The "options" argument must be of type object'):
            rt.eval("new AsyncLocalStorage(5)")


def test_an_es_module_imports_it_and_a_throwing_callback_restores_the_store(tmp_path: Path) -> None:
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        rt.add_static_module(
            "app",
            "import { AsyncLocalStorage } from 'node:async_hooks';\n"
            "const als = new AsyncLocalStorage();\n"
            "let thrown;\n"
            "try { als.run('in', () => { throw new Error('boom'); }); } catch (e) { thrown = e.message; }\n"
            "export const after = [thrown, als.getStore() ?? null];",
        )
        assert rt.eval_module("app")["after"] == ["boom", None]

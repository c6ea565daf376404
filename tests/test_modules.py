"""ES modules: static modules, resolvers and loaders (sync and async), dynamic
import(), top-level await, cycles, import.meta, errors."""

from __future__ import annotations

import asyncio
import base64
import urllib.parse
from pathlib import Path

import pytest

import jsrun
from conftest import isolated


def files_loader(files: dict[str, str]) -> tuple[object, object]:
    def resolve(specifier: str, referrer: str | None) -> str:
        return urllib.parse.urljoin(referrer or "https://app/", specifier)

    def load(url: str) -> str:
        return files[url]

    return resolve, load


def test_static_modules_and_namespaces(rt: jsrun.Runtime) -> None:
    rt.add_static_module("util", "export const twice = (x) => 2 * x; export default 'util';")
    rt.add_static_module(
        "main", "import { twice } from 'util'; export const x = twice(21); export const u = import.meta.url;"
    )
    ns = rt.eval_module("main")
    assert ns == {"u": "jsrun://static/main", "x": 42}
    util = rt.eval_module("static:util")
    assert util["default"] == "util" and util["twice"](5) == 10
    assert rt.eval_module("jsrun://static/util")["twice"] is not None
    # A module runs once; importing it again gives the same instance.
    rt.add_static_module("counter", "globalThis.runs = (globalThis.runs ?? 0) + 1; export const n = runs;")
    assert rt.eval_module("counter")["n"] == 1 and rt.eval_module("counter")["n"] == 1


def test_import_meta_resolve_names_what_an_import_would_load(rt: jsrun.Runtime) -> None:
    rt.add_static_module("util", "export default 1")
    rt.add_static_module(
        "main",
        "export const found = [import.meta.resolve('util'), import.meta.resolve('data:text/javascript,1')];"
        "export const failed = (() => { try { import.meta.resolve('nowhere'); } catch (e) { return e.name; } })();",
    )
    assert rt.eval_module("main") == {"found": ["jsrun://static/util", "data:text/javascript,1"], "failed": "TypeError"}
    # Through the resolver, from the module's own URL.
    with jsrun.Runtime() as other:
        resolve, load = files_loader({"https://app/lib/x.js": "export const y = import.meta.resolve('../y.js');"})
        other.set_module_resolver(resolve)
        other.set_module_loader(load)
        assert other.eval_module("https://app/lib/x.js") == {"y": "https://app/y.js"}


def test_resolver_loader_and_many_modules(rt: jsrun.Runtime) -> None:
    files = {
        f"https://app/m{i}.js": f"import {{ v as prev }} from './m{i - 1}.js'; export const v = prev + {i};"
        for i in range(1, 30)
    }
    files["https://app/m0.js"] = "export const v = 0;"
    resolve, load = files_loader(files)
    seen: list[tuple[str, str | None]] = []
    rt.set_module_resolver(lambda s, r: seen.append((s, r)) or resolve(s, r))  # type: ignore[func-returns-value]
    rt.set_module_loader(load)
    assert rt.eval_module("./m29.js")["v"] == sum(range(30))
    assert ("./m29.js", None) in seen and ("./m0.js", "https://app/m1.js") in seen
    # Any number of modules in one runtime, in any order.
    assert rt.eval_module("https://app/m3.js")["v"] == 6
    assert rt.eval_module("./m10.js")["v"] == 55


def test_cycles_between_modules(rt: jsrun.Runtime) -> None:
    files = {
        "https://app/a.js": "import { b } from './b.js'; export const a = 'a'; export const both = () => a + b;",
        "https://app/b.js": "import { a } from './a.js'; export const b = 'b'; export const seen = () => a;",
    }
    rt.set_module_resolver(files_loader(files)[0])
    rt.set_module_loader(files_loader(files)[1])
    ns = rt.eval_module("./a.js")
    assert ns["both"]() == "ab"
    assert rt.eval_module("./b.js")["seen"]() == "a"


def test_dynamic_import_and_top_level_await(rt: jsrun.Runtime) -> None:
    files = {
        "https://app/main.js": "export const load = (name) => import(`./${name}.js`);",
        "https://app/slow.js": "export const value = await new Promise((r) => setTimeout(() => r('waited'), 20));",
    }
    resolve, load = files_loader(files)
    rt.set_module_resolver(resolve)
    rt.set_module_loader(load)

    async def main() -> object:
        ns = await rt.eval_module_async("./main.js")
        slow = await ns["load"].call_async("slow")
        return slow["value"]

    assert asyncio.run(main()) == "waited"
    # From a classic script too (the referrer is the script's name).
    assert asyncio.run(rt.eval_async("import('https://app/slow.js').then((m) => m.value)")) == "waited"
    # A sync eval_module cannot wait for a timer: it says what to use.
    rt.add_static_module("tla", "await new Promise((r) => setTimeout(r, 5)); export const done = true;")
    # (`static:` skips the resolver, which would map a bare name to a URL here.)
    with pytest.raises(jsrun.ConversionError, match="eval_module_async"):
        rt.eval_module("static:tla")
    assert asyncio.run(rt.eval_module_async("static:tla")) == {"done": True}


def test_async_loader(rt: jsrun.Runtime) -> None:
    async def load(url: str) -> str:
        await asyncio.sleep(0.01)
        return {
            "https://app/x.js": "import { y } from './y.js'; export const x = y * 2;",
            "https://app/y.js": "export const y = 21;",
        }[url]

    rt.set_module_resolver(files_loader({})[0])
    rt.set_module_loader(load)
    with pytest.raises(jsrun.JavaScriptError, match="eval_module_async or call_async"):
        rt.eval_module("./x.js")  # an async loader needs the async entry point
    assert asyncio.run(rt.eval_module_async("./x.js", timeout=5)) == {"x": 42}


def test_errors_name_the_module(rt: jsrun.Runtime) -> None:
    unresolved = 'Module resolution failed: cannot resolve "nowhere".*add_static_module'
    with pytest.raises(jsrun.JavaScriptError, match=unresolved) as info:
        rt.eval_module("nowhere")
    assert info.value.name == "TypeError"
    rt.add_static_module("broken", "export const x = ;")
    with pytest.raises(jsrun.JavaScriptError, match="SyntaxError|Unexpected token") as syntax:
        rt.eval_module("broken")
    assert "jsrun://static/broken" in str(syntax.value)
    rt.add_static_module("imports-missing", "import { nope } from 'util2'; export default nope;")
    rt.add_static_module("util2", "export const yes = 1;")
    with pytest.raises(jsrun.JavaScriptError, match="nope"):
        rt.eval_module("imports-missing")
    rt.add_static_module("throws", "throw new RangeError('at load time');")
    with pytest.raises(jsrun.JavaScriptError, match="at load time") as thrown:
        rt.eval_module("throws")
    assert thrown.value.name == "RangeError"

    def resolver(specifier: str, referrer: str | None) -> str:
        raise PermissionError(f"{specifier} is not allowed")

    rt.set_module_resolver(resolver)
    with pytest.raises(jsrun.JavaScriptError, match="not allowed") as denied:
        rt.eval_module("secret")
    assert isinstance(denied.value.__cause__, PermissionError)
    rt.set_module_resolver(lambda s, r: f"https://app/{s}")
    with pytest.raises(jsrun.JavaScriptError, match='Module loading denied: no loader.*"https://app/x"'):
        rt.eval_module("x")
    rt.set_module_loader(lambda url: 42)
    with pytest.raises(jsrun.JavaScriptError, match="returned number, not source text"):
        rt.eval_module("y")
    with pytest.raises(TypeError, match="must be a plain"):

        async def async_resolver(s: str, r: str | None) -> str:
            return s

        rt.set_module_resolver(async_resolver)
    assert rt.eval("1 + 1") == 2  # the runtime keeps working


def test_wasm_through_a_loader(rt: jsrun.Runtime) -> None:
    """A loader that serves .wasm files as ES modules exporting their exports."""
    wasm_files = {"https://app/add.wasm": (Path(__file__).parent.parent / "examples" / "add.wasm").read_bytes()}
    js_files = {"https://app/main.js": "import { add } from './add.wasm'; export const sum = add(10, 20);"}

    def load(url: str) -> str:
        if url.endswith(".wasm"):
            data = wasm_files[url]
            names = [e["name"] for e in rt.wasm.compile(data).exports if e["kind"] == "function"]
            encoded = base64.b64encode(data).decode()
            return (
                f"const bytes = Uint8Array.from(atob('{encoded}'), (c) => c.charCodeAt(0));\n"
                "const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes));\n"
                f"export const {{ {', '.join(names)} }} = exports;\n"
            )
        return js_files[url]

    rt.set_module_resolver(files_loader({})[0])
    rt.set_module_loader(load)
    assert rt.eval_module("./main.js") == {"sum": 30}


@isolated
def test_resolver_and_loader_failures_through_import_reject_with_their_cause() -> None:
    rt = jsrun.Runtime()

    def resolver(specifier: str, referrer: str | None) -> object:
        if specifier == "bad-resolve":
            raise LookupError("no such package")
        if specifier == "not-a-url":
            return 42
        return f"mem:{specifier}"

    def loader(url: str) -> str:
        if url == "mem:bad-load":
            raise OSError("disk on fire")
        return "export const ok = 1;"

    rt.set_module_resolver(resolver)
    rt.set_module_loader(loader)
    probe = "(s) => import(s).then((m) => 'loaded ' + m.ok, (e) => e.name + ': ' + e.message)"
    load = rt.eval(probe)

    async def outcomes() -> list[object]:
        return [await load.call_async(s, timeout=30) for s in ("fine", "bad-resolve", "bad-load", "not-a-url")]

    fine, bad_resolve, bad_load, not_a_url = asyncio.run(outcomes())
    assert fine == "loaded 1"
    assert "no such package" in bad_resolve
    assert "disk on fire" in bad_load and 'loading module "mem:bad-load"' in bad_load
    assert "returned 42" in not_a_url
    # Uncaught there, the Python exception is the error's cause.
    with pytest.raises(jsrun.JavaScriptError) as info:
        asyncio.run(rt.eval_async("import('bad-resolve')", timeout=30))
    assert isinstance(info.value.__cause__, LookupError)
    assert rt.eval("'alive'") == "alive"
    rt.close()

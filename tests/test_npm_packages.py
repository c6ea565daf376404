"""Real npm packages (pinned in tests/npm/package-lock.json, installed by
`make js-packages`) loaded from node_modules with require and with import,
each call compared with what Node.js gives for the same calls
(tests/npm/calls.js)."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from pathlib import Path

import pytest

import jsrun

NPM = Path(__file__).parent / "npm"
CALLS = (NPM / "calls.js").read_text()
PACKAGES = sorted(json.loads((NPM / "package.json").read_text())["dependencies"])
LOADERS = {"require": "(name) => require(name)", "import": "(name) => import(name)"}

pytestmark = pytest.mark.skipif(not (NPM / "node_modules").is_dir(), reason="run `make js-packages` first")


# Packages that change the realm for the ones after (lockdown() freezes its
# intrinsics): each runs in a process and a runtime of its own.
ALONE = ["ses"]
# ES module graphs with top-level await (ink's yoga-layout): require() refuses
# them, in Node as in jsrun, with ERR_REQUIRE_ASYNC_MODULE.
IMPORT_ONLY = ["ink"]


def in_node(how: str, names: list[str]) -> dict[str, object]:
    node = shutil.which("node")
    assert node, "Node.js is needed to compare with it"
    script = f"{CALLS}\nrun({LOADERS[how]}, {json.dumps(names)}).then((o) => console.log(JSON.stringify(o)));"
    done = subprocess.run([node, "-e", script], cwd=NPM, capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def in_jsrun(how: str, names: list[str]) -> dict[str, object]:
    with jsrun.Runtime() as rt:
        # jsdom reads its default style sheet from node_modules.
        rt.use_node_modules(NPM, allow_read=True)
        script = f"{CALLS}\nrun({LOADERS[how]}, {json.dumps(names)}).then((o) => JSON.stringify(o))"
        return json.loads(asyncio.run(rt.eval_async(script, timeout=120)))


@pytest.fixture(scope="module", params=sorted(LOADERS))
def outcomes(request: pytest.FixtureRequest) -> tuple[str, dict[str, object], dict[str, object]]:
    how = request.param
    groups = [[name for name in PACKAGES if name not in ALONE], *([name] for name in ALONE)]
    theirs = {k: v for names in groups for k, v in in_node(how, names).items()}
    ours = {k: v for names in groups for k, v in in_jsrun(how, names).items()}
    return how, theirs, ours


def test_the_set_is_large_and_varied() -> None:
    assert len(PACKAGES) >= 15
    lock = json.loads((NPM / "package-lock.json").read_text())["packages"]
    manifests = {name: lock[f"node_modules/{name}"] for name in PACKAGES}
    for name in PACKAGES:
        manifest = json.loads((NPM / "node_modules" / name / "package.json").read_text())
        manifests[name] = manifest
    esm_only = [
        n for n, m in manifests.items() if m.get("type") == "module" and "require" not in json.dumps(m.get("exports"))
    ]
    cjs_only = [
        n for n, m in manifests.items() if m.get("type") != "module" and "exports" not in m and "module" not in m
    ]
    with_exports = [n for n, m in manifests.items() if "exports" in m]
    scoped = [n for n in PACKAGES if n.startswith("@")]
    assert len(esm_only) >= 3 and len(cjs_only) >= 3 and len(with_exports) >= 8 and len(scoped) >= 2, manifests.keys()


@pytest.mark.parametrize("package", PACKAGES)
def test_package_gives_what_node_gives(
    outcomes: tuple[str, dict[str, object], dict[str, object]], package: str
) -> None:
    how, theirs, ours = outcomes
    if how == "require" and package in IMPORT_ONLY:
        refused = "error ERR_REQUIRE_ASYNC_MODULE:"
        assert str(theirs[package]).startswith(refused) and str(ours[package]).startswith(refused), (theirs, ours)
        return
    assert not str(theirs[package]).startswith("error"), f"Node failed: {theirs[package]}"
    assert ours[package] == theirs[package], f"{how} {package}"


@pytest.mark.parametrize("package", PACKAGES)
def test_rt_require_loads_each_package(package: str) -> None:
    with jsrun.Runtime() as rt:
        rt.use_node_modules(NPM, allow_read=True)
        if package in IMPORT_ONLY:
            with pytest.raises(jsrun.JavaScriptError, match="would wait for its top-level await: use import"):
                rt.require(package)
            return
        exports = rt.require(package)
        assert exports is not None
        assert isinstance(exports, (dict, jsrun.JsFunction)), type(exports)

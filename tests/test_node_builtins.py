"""The node: built-ins jsrun provides, against Node.js: one probe script
(tests/node/builtins_probe.js) runs in both and must give the same results,
and the built-ins jsrun refuses say so."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from pathlib import Path

import pytest

import jsrun

PROBE = (Path(__file__).parent / "node" / "builtins_probe.js").read_text()
NODE = shutil.which("node")


def in_node(source: str, cwd: Path) -> object:
    assert NODE, "Node.js is needed to compare with it"
    script = f"{source}\nrun().then((o) => console.log(JSON.stringify(o)));"
    done = subprocess.run([NODE, "-e", script], cwd=cwd, capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def in_jsrun(source: str, cwd: Path) -> object:
    with jsrun.Runtime() as rt:
        rt.use_node_modules(cwd)
        return asyncio.run(rt.eval_async(f"{source}\nrun().then((o) => JSON.stringify(o))", timeout=30))


def test_builtins_give_what_node_gives(tmp_path: Path) -> None:
    theirs = in_node(PROBE, tmp_path)
    ours = json.loads(str(in_jsrun(PROBE, tmp_path)))
    assert isinstance(theirs, dict) and isinstance(ours, dict)
    differences = [
        f"{key}:\n  node  {json.dumps(theirs.get(key))}\n  jsrun {json.dumps(ours.get(key))}"
        for key in theirs
        if theirs.get(key) != ours.get(key)
    ]
    assert not differences, "\n".join(differences)
    assert len(theirs) >= 35


@pytest.mark.parametrize(
    "name",
    ["fs", "node:fs", "fs/promises", "net", "child_process", "http", "https", "worker_threads", "os", "vm", "tty"],
)
def test_builtins_outside_the_sandbox_are_refused(tmp_path: Path, name: str) -> None:
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        with pytest.raises(jsrun.JavaScriptError, match="not available in jsrun's sandbox") as caught:
            rt.eval(f"require({json.dumps(name)})")
        assert "ERR_ACCESS_DENIED" == rt.eval(
            f"(() => {{ try {{ require({json.dumps(name)}) }} catch (e) {{ return e.code }} }})()"
        )
        assert caught.value is not None
        # an ES module import is refused the same way
        rt.add_static_module("imports-it", f"import x from {json.dumps(name)}; export default x;")
        with pytest.raises(jsrun.JavaScriptError, match="not available in jsrun's sandbox"):
            rt.eval_module("imports-it")

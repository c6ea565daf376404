"""Node's module resolution, rule by rule, checked against Node.js itself:
the same cases (tests/node_fixture.py) run in `node` and in jsrun after
`use_node_modules`, and must give the same module or the same error code."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from node_fixture import CASES, PROBE, write

import jsrun

NODE = shutil.which("node")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write(tmp_path_factory.mktemp("node-resolution"))


def run_in_jsrun(root: Path, cases: list[tuple[str, str, str]]) -> list[str]:
    with jsrun.Runtime() as rt:
        rt.use_node_modules(root)
        source = f"{PROBE}\nrun({json.dumps(str(root))}, {json.dumps(cases)})"
        return asyncio.run(rt.eval_async(source, timeout=30))


def run_in_node(root: Path, cases: list[tuple[str, str, str]]) -> list[str]:
    assert NODE, "Node.js is needed to check resolution against it"
    source = f"{PROBE}\nrun({json.dumps(str(root))}, {json.dumps(cases)}).then((o) => console.log(JSON.stringify(o)));"
    done = subprocess.run([NODE, "-e", source], cwd=root, capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


# Where Node.js changed between versions, jsrun follows the newer one.
NEWER_NODE = {
    # Node 20 reports a broken package.json to require() as a bare SyntaxError.
    ("require", "x.js", "bad-json"): (22, "error ERR_INVALID_PACKAGE_CONFIG"),
}


def node_major() -> int:
    assert NODE
    version = subprocess.run([NODE, "--version"], capture_output=True, text=True, check=True).stdout
    return int(version.strip().lstrip("v").split(".")[0])


def test_every_rule_resolves_as_in_node(project: tuple[Path, Path]) -> None:
    root, _ = project
    ours = run_in_jsrun(root, CASES)
    theirs = run_in_node(root, CASES)
    major = node_major()
    for i, case in enumerate(CASES):
        if case in NEWER_NODE and major < NEWER_NODE[case][0]:
            theirs[i] = NEWER_NODE[case][1]
    differences = [
        f"{mode} {specifier!r} from {origin}: node {want!r}, jsrun {got!r}"
        for (mode, origin, specifier), want, got in zip(CASES, theirs, ours, strict=True)
        if want != got
    ]
    assert not differences, "\n".join(differences)
    # the cases cover successes and each of Node's error codes
    codes = {outcome for outcome in theirs if outcome.startswith("error ")}
    assert {
        "error MODULE_NOT_FOUND",
        "error ERR_MODULE_NOT_FOUND",
        "error ERR_PACKAGE_PATH_NOT_EXPORTED",
        "error ERR_PACKAGE_IMPORT_NOT_DEFINED",
        "error ERR_UNSUPPORTED_DIR_IMPORT",
        "error ERR_REQUIRE_ASYNC_MODULE",
        "error ERR_UNKNOWN_BUILTIN_MODULE",
        "error ERR_INVALID_PACKAGE_TARGET",
    } <= codes

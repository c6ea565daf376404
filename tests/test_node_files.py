"""use_node_modules(allow_read=True): fs reads the files under the
directory — the same results as Node.js for the same tree
(tests/node/files_probe.js) — and nothing outside it, and writes nothing."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_node_builtins import differences, in_node, probe_source

import jsrun

PROBE = probe_source("files_probe.js")
TESTS_JS = Path(__file__).parent / "js"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    (root / "data" / "sub").mkdir(parents=True)
    (root / "data" / "a.txt").write_text("héllo, files\n")
    (root / "data" / "link.txt").symlink_to(root / "data" / "a.txt")
    (tmp_path / "outside.txt").write_text("secret")
    (root / "data" / "out.txt").symlink_to(tmp_path / "outside.txt")
    (root / "data" / "up").symlink_to(tmp_path)
    return root


def reading(root: Path) -> jsrun.Runtime:
    rt = jsrun.Runtime()
    rt.use_node_modules(root, allow_read=True)
    return rt


def test_reading_functions_give_what_node_gives(tree: Path) -> None:
    # Node sees the links that lead out too; the probe does not touch them.
    theirs = in_node(PROBE, tree)
    with reading(tree) as rt:
        ours = json.loads(asyncio.run(rt.eval_async(f"{PROBE}\nrun().then((o) => JSON.stringify(o))", timeout=30)))
    assert not differences(theirs, ours), differences(theirs, ours)
    assert isinstance(theirs, dict) and len(theirs) >= 12


@pytest.mark.parametrize(
    "call",
    [
        "fs.readFileSync('../outside.txt')",
        "fs.readFileSync('/etc/passwd')",
        "fs.readFileSync('data/out.txt')",  # a link inside that leads out
        "fs.readFileSync('data/up/outside.txt')",  # a directory link that leads out
        "fs.readFileSync(new URL('file:///etc/hostname'))",
        "fs.readdirSync('..')",
        "fs.readdirSync('data/up')",
        "fs.statSync('/etc')",
        "fs.realpathSync('data/out.txt')",
        "fs.createReadStream('../outside.txt')",
    ],
)
def test_nothing_outside_the_directory_is_read(tree: Path, call: str) -> None:
    with reading(tree) as rt:
        said = rt.eval(
            f"(() => {{ const fs = require('fs'); try {{ {call}; return 'read'; }} catch (e) {{ return e.code; }} }})()"
        )
        assert said == "ERR_ACCESS_DENIED"
        assert rt.eval("require('fs').existsSync('../outside.txt') || require('fs').existsSync('/etc/passwd')") is False
        assert rt.eval("require('fs').readFileSync('data/a.txt', 'utf8')") == "héllo, files\n"


@pytest.mark.parametrize(
    "call",
    [
        "fs.writeFileSync('data/new.txt', 'x')",
        "fs.appendFileSync('data/a.txt', 'x')",
        "fs.mkdirSync('data/new')",
        "fs.unlinkSync('data/a.txt')",
        "fs.rmSync('data', { recursive: true })",
        "fs.openSync('data/a.txt', 'r')",
        "fs.readFileSync('data/a.txt', { flag: 'a+' })",
        "fs.renameSync('data/a.txt', 'data/b.txt')",
    ],
)
def test_writing_stays_refused(tree: Path, call: str) -> None:
    before = sorted(os.listdir(tree / "data"))
    with reading(tree) as rt:
        said = rt.eval(
            f"(() => {{ const fs = require('fs'); try {{ {call}; return 'done'; }} catch (e) {{ return e.code; }} }})()"
        )
        assert said == "ERR_ACCESS_DENIED"
        assert asyncio.run(rt.eval_async("require('fs/promises').writeFile('data/z', 'z').catch((e) => e.code)")) == (
            "ERR_ACCESS_DENIED"
        )
    assert sorted(os.listdir(tree / "data")) == before
    assert (tree / "data" / "a.txt").read_text() == "héllo, files\n"


def test_without_allow_read_fs_reads_nothing(tree: Path) -> None:
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tree)
        said = rt.eval("(() => { try { require('fs').readFileSync('data/a.txt'); } catch (e) { return e.code; } })()")
        assert said == "ERR_ACCESS_DENIED"
        assert rt.eval(
            "(() => { try { return require('fs').existsSync('data/a.txt'); } catch (e) { return e.code; } })()"
        ) == ("ERR_ACCESS_DENIED")
        with pytest.raises(RuntimeError, match="allow_read=False"):
            rt.use_node_modules(tree, allow_read=True)


@pytest.mark.skipif(not (TESTS_JS / "node_modules" / "sql.js").is_dir(), reason="run `make test-tools` first")
def test_a_package_reads_its_own_wasm_file() -> None:
    # sql.js, in Node, reads sql-wasm.wasm next to its code with fs.
    with reading(TESTS_JS) as rt:
        code = (
            "require('sql.js')().then((SQL) => { const db = new SQL.Database();"
            " db.run('create table t(a); insert into t values (1), (2)');"
            " return db.exec('select sum(a) from t')[0].values; })"
        )
        assert asyncio.run(rt.eval_async(code, timeout=60)) == [[3]]


def test_pools_and_the_command_line_pass_allow_read_on(tree: Path) -> None:
    with jsrun.RuntimePool(size=1, node_modules=tree, node_allow_read=True) as pool:
        assert pool.eval("require('fs').readFileSync('data/a.txt', 'utf8')") == "héllo, files\n"
        assert pool.recipe().build().eval("require('fs').existsSync('data/a.txt')") is True
    (tree / "app.js").write_text("console.log(require('fs').readdirSync('data').join(' '))")
    command = [sys.executable, "-m", "jsrun", "--node-modules", str(tree)]
    done = subprocess.run([*command, "--allow-read", str(tree / "app.js")], capture_output=True, text=True, timeout=60)
    assert done.stdout == "a.txt link.txt out.txt sub up\n", done.stderr
    refused = subprocess.run([*command, str(tree / "app.js")], capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0 and "fs.readdirSync() is not available" in refused.stderr

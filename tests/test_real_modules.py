"""Real compiled WebAssembly packages from the npm registry (pinned in tests/js),
run through jsrun's raw WebAssembly API, checked against Python's own libraries."""

from __future__ import annotations

import asyncio
import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

import jsrun

MODULES = Path(__file__).resolve().parent / "js" / "node_modules"


def package_file(relative: str) -> Path:
    path = MODULES / relative
    assert path.exists(), f"{path} is missing: run scripts/setup-test-tools.sh (make test does)"
    return path


def test_hash_wasm_sha256_of_1_mib_matches_hashlib(rt: jsrun.Runtime) -> None:
    rt.eval(package_file("hash-wasm/dist/index.umd.min.js").read_text() + "\n;0")
    data = os.urandom(1 << 20)
    rt.bind_object("input", {"data": data})
    assert asyncio.run(rt.eval_async("hashwasm.sha256(input.data)")) == hashlib.sha256(data).hexdigest()
    assert asyncio.run(rt.eval_async("hashwasm.blake2b(input.data)")) == hashlib.blake2b(data).hexdigest()


def test_sql_js_matches_sqlite3(rt: jsrun.Runtime) -> None:
    rt.eval(package_file("sql.js/dist/sql-wasm.js").read_text() + "\n;0")
    rt.bind_object("sqlwasm", {"bytes": package_file("sql.js/dist/sql-wasm.wasm").read_bytes()})
    schema = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, v REAL)"
    query = "SELECT count(*), sum(v), max(name), min(length(name)) FROM t WHERE id % 3 = 0"
    code = f"""(async () => {{
        const SQL = await initSqlJs({{ wasmBinary: sqlwasm.bytes }});
        const db = new SQL.Database();
        db.run({schema!r});
        const insert = db.prepare("INSERT INTO t (name, v) VALUES (?, ?)");
        db.run("BEGIN");
        for (let i = 0; i < 10000; i++) insert.run(["n" + i, i * 0.5]);
        db.run("COMMIT");
        insert.free();
        const rows = db.exec({query!r})[0].values[0];
        db.close();
        return rows;
    }})()"""
    got = asyncio.run(rt.eval_async(code))
    with sqlite3.connect(":memory:") as db:
        db.execute(schema)
        db.executemany("INSERT INTO t (name, v) VALUES (?, ?)", ((f"n{i}", i * 0.5) for i in range(10000)))
        expected = list(db.execute(query).fetchone())
    assert got == expected


@pytest.mark.parametrize("package", ["hash-wasm", "sql.js"])
def test_packages_are_pinned(package: str) -> None:
    assert (MODULES / package / "package.json").exists()


def test_a_module_over_5_mb_compiles_sync_and_async() -> None:
    big = package_file("esbuild-wasm/esbuild.wasm")
    assert big.stat().st_size > 5_000_000
    # Raise the per-value budget (10 MiB by default) for the 12 MB module's bytes.
    with jsrun.Runtime(jsrun.RuntimeConfig(max_serialization_bytes=64 << 20)) as rt:
        rt.bind_object("big", {"bytes": big.read_bytes()})
        assert rt.eval("WebAssembly.Module.exports(new WebAssembly.Module(big.bytes)).length") > 0
        imports = asyncio.run(rt.eval_async("WebAssembly.compile(big.bytes).then(m => WebAssembly.Module.imports(m))"))
        assert {"module": "gojs", "name": "runtime.wasmExit", "kind": "function"} in imports

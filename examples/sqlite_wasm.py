"""SQLite compiled to WebAssembly (sql.js, from the npm registry), run by jsrun.

    make demo     # runs it after examples/wasm_add.py

Needs tests/js/node_modules (`scripts/setup-test-tools.sh` or `make demo`
installs the pinned packages). Prints the rows of a query.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import jsrun

PACKAGE = Path(__file__).resolve().parent.parent / "tests" / "js" / "node_modules" / "sql.js" / "dist"


async def main() -> None:
    with jsrun.Runtime() as rt:
        rt.eval((PACKAGE / "sql-wasm.js").read_text() + "\n;0")  # defines initSqlJs
        rt.bind_object("sqlite", {"wasm": (PACKAGE / "sql-wasm.wasm").read_bytes()})
        rows = await rt.eval_async(
            """
            (async () => {
              const SQL = await initSqlJs({ wasmBinary: sqlite.wasm });
              const db = new SQL.Database();
              db.run("CREATE TABLE langs (name TEXT, year INTEGER)");
              db.run("INSERT INTO langs VALUES ('C', 1972), ('Python', 1991), ('JavaScript', 1995), ('Rust', 2015)");
              const result = db.exec("SELECT name, year FROM langs WHERE year > 1990 ORDER BY year")[0].values;
              db.close();
              return result;
            })()
            """
        )
        for name, year in rows:
            print(f"{name} {year}")


if __name__ == "__main__":
    asyncio.run(main())

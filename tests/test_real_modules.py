"""Real compiled WebAssembly packages from the npm registry (pinned in tests/js),
run through jsrun's raw WebAssembly API, checked against Python's own libraries."""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import sqlite3
import struct
import zlib
from pathlib import Path

import pytest
import zstandard

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


# A minimal CommonJS `require` over the package folder: our glue, so packages
# built for Node run without Node's module system.
REQUIRE = r"""
globalThis.requireFrom = (dir) => {
  const cache = {};
  const load = (path) => {
    if (cache[path]) return cache[path].exports;
    const module = { exports: {} };
    cache[path] = module;
    const wrapper = `(function (exports, require, module, __filename, __dirname) {${readPackageFile(path)}\n})`;
    const here = path.slice(0, path.lastIndexOf("/"));
    (0, eval)(wrapper).call(module.exports, module.exports, (spec) => load(resolve(here, spec)), module, path, here);
    return module.exports;
  };
  const resolve = (base, spec) => {
    const parts = base.split("/");
    for (const p of spec.split("/")) {
      if (p === "..") parts.pop();
      else if (p !== ".") parts.push(p);
    }
    return findPackageFile(parts.join("/"));
  };
  return (spec) => load(resolve(dir, spec));
};
"""


def with_require(rt: jsrun.Runtime) -> None:
    def find(path: str) -> str:
        for candidate in (path, path + ".js", path + "/index.js"):
            if (MODULES / candidate).is_file():
                return candidate
        raise FileNotFoundError(path)

    rt.bind_function("findPackageFile", find)
    rt.bind_function("readPackageFile", lambda path: (MODULES / path).read_text())
    rt.eval(REQUIRE)


def test_zstd_wasm_round_trips_with_python_zstandard(rt: jsrun.Runtime) -> None:
    with_require(rt)
    rt.bind_object("zstdWasm", {"bytes": package_file("@bokuweb/zstd-wasm/dist/common/zstd.wasm").read_bytes()})
    rt.eval(
        """
        const req = requireFrom("@bokuweb/zstd-wasm/dist/common");
        globalThis.zstd = { ...req("./module"), ...req("./simple/compress"), ...req("./simple/decompress") };
        zstd.Module.init(zstdWasm.bytes);
        """
    )
    asyncio.run(rt.eval_async("zstd.waitInitialized()"))
    data = b"".join(os.urandom(64) * (i % 50 + 1) for i in range(400))  # compressible, ~1 MB
    rt.bind_object("input", {"data": data})
    packed = rt.eval("zstd.compress(input.data, 10)")
    assert len(packed) < len(data) // 3
    assert zstandard.ZstdDecompressor().decompress(packed) == data
    rt.bind_object("input", {"packed": zstandard.ZstdCompressor(level=19).compress(data)})
    assert rt.eval("zstd.decompress(input.packed)") == data


def esm_as_script(source: str, names: list[str]) -> str:
    """wasm-bindgen's `--target web` output (an ES module) as a script
    returning `names`: our glue until the runtime loads modules itself."""
    body = re.sub(r"^export (function|class|const|let) ", r"\1 ", source, flags=re.M)
    body = re.sub(r"^export (default .*|\{.*\});?$", "", body, flags=re.M)
    body = body.replace("import.meta.url", "globalThis.__importMetaUrl")
    return f"(() => {{\n{body}\nreturn {{ {', '.join(names)} }};\n}})()"


def png_rows(png: bytes) -> tuple[int, int, bytes]:
    """Decodes an 8-bit RGBA, non-interlaced PNG with zlib: width, height, pixels."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        assert zlib.crc32(kind + body) == struct.unpack(">I", png[pos + 8 + length : pos + 12 + length])[0]
        header = body if kind == b"IHDR" else header
        idat += body if kind == b"IDAT" else b""
        pos += 12 + length
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, color, interlace) == (8, 6, 0)
    raw, stride, out = zlib.decompress(idat), width * 4, bytearray()
    prev = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - 4] if i >= 4 else 0
            b, c = prev[i], prev[i - 4] if i >= 4 else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line
        prev = line
    return width, height, bytes(out)


def python_png(width: int, height: int, pixels: bytes) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\0" + pixels[y * width * 4 : (y + 1) * width * 4] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def test_jsquash_png_encodes_what_python_decodes_and_back(rt: jsrun.Runtime) -> None:
    pkg = "@jsquash/png/codec/pkg/squoosh_png"
    rt.eval(
        "globalThis.png = " + esm_as_script(package_file(pkg + ".js").read_text(), ["initSync", "encode", "decode"])
    )
    rt.bind_object("pngWasm", {"bytes": package_file(pkg + "_bg.wasm").read_bytes()})
    # The browser's ImageData, as the package itself polyfills it under Node.
    rt.eval(
        "globalThis.ImageData = class {constructor(data, width, height) {Object.assign(this, {data, width, height})}}"
    )
    rt.eval("png.initSync(pngWasm.bytes); 0")
    width, height = 96, 64
    # A gradient with noise: every PNG filter gets used.
    pixels = bytes(
        ((x * 5 + y * 3) ^ (x * y)) & 255 if c < 3 else 255 - (x + y) % 7
        for y in range(height)
        for x in range(width)
        for c in range(4)
    )
    rt.bind_object("image", {"pixels": pixels, "width": width, "height": height})
    encoded = rt.eval("png.encode(image.pixels, image.width, image.height, 8)")
    assert png_rows(encoded) == (width, height, pixels)
    rt.bind_object("image", {"png": python_png(width, height, pixels)})
    decoded = rt.eval(
        "const d = png.decode(image.png); ({w: d.width, h: d.height, data: new Uint8Array(d.data.buffer)})"
    )
    assert (decoded["w"], decoded["h"], decoded["data"]) == (width, height, pixels)


@pytest.mark.parametrize("package", ["hash-wasm", "sql.js", "@bokuweb/zstd-wasm", "@jsquash/png"])
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

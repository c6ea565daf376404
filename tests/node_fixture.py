"""A small project with node_modules that exercises each of Node's resolution
rules, written into a temporary directory, and a probe script that both
Node.js and jsrun run over the same cases (tests/test_node_resolution.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path


def cjs(name: str) -> str:
    return f"module.exports = {{ id: {json.dumps(name)} }};\n"


def esm(name: str) -> str:
    return f"export const id = {json.dumps(name)};\nexport default {{ id: {json.dumps(name)} }};\n"


def pkg(**fields: object) -> str:
    return json.dumps(fields, indent=1)


FILES: dict[str, str] = {
    "package.json": pkg(
        name="proj",
        imports={
            "#internal": "./src/internal.js",
            "#dep": "dep-cjs",
            "#cond": {"import": "./src/cond-import.mjs", "require": "./src/cond-require.js"},
            "#missing": "./src/missing.js",
            "#star/*": "./src/star/*.js",
        },
    ),
    "main.js": cjs("main"),
    "noext.js": cjs("noext"),
    "data.json": json.dumps({"id": "data"}),
    "dir/index.js": cjs("dir/index"),
    "esm.mjs": esm("esm.mjs"),
    "tla.mjs": "export const id = await Promise.resolve('tla');\n",
    # an ES module that names what require() gives (Node 20.19, 22.12)
    "esm-exports.mjs": "const value = { id: 'esm-exports: module.exports' };\n"
    "export default { id: 'esm-exports: default' };\nexport { value as 'module.exports' };\n",
    "common.cjs": cjs("common.cjs"),
    "src/internal.js": cjs("src/internal"),
    "src/cond-import.mjs": esm("src/cond-import"),
    "src/cond-require.js": cjs("src/cond-require"),
    "src/star/one.js": cjs("src/star/one"),
    "sub/deep/file.js": "module.exports = { id: 'sub/deep/file', dep: require('dep-cjs').id };\n",
    "cycle/a.js": (
        "exports.done = false;\nconst b = require('./b.js');\n"
        "exports.done = true;\nexports.id = 'cycle/a, b saw a.done=' + b.sawA;\n"
    ),
    "cycle/b.js": "const a = require('./a.js');\nexports.sawA = a.done;\nexports.id = 'cycle/b';\n",
    "typed/package.json": pkg(type="module"),
    "typed/mod.js": esm("typed/mod.js"),
    "typed/legacy.cjs": cjs("typed/legacy.cjs"),
    # main without an extension, found by Node's extension search
    "node_modules/dep-cjs/package.json": pkg(name="dep-cjs", main="lib/main"),
    "node_modules/dep-cjs/lib/main.js": "exports.id = 'dep-cjs';\nexports.hello = () => 'hi';\n",
    "node_modules/dep-cjs/lib/other.js": cjs("dep-cjs/lib/other"),
    # exports: conditions, subpaths, patterns, null targets, nested conditions
    "node_modules/dep-exports/package.json": pkg(
        name="dep-exports",
        exports={
            ".": {"import": "./esm/index.mjs", "require": "./cjs/index.cjs"},
            "./feature": "./lib/feature.js",
            "./utils/*": "./lib/utils/*.js",
            "./utils/private/*": None,
            "./nested": {
                "node": {"import": "./lib/nested.mjs", "require": "./lib/nested.js"},
                "default": "./lib/never.js",
            },
            "./browser-only": {"browser": "./lib/never.js"},
            "./escape": "./../../outside/secret.js",
            "./package.json": "./package.json",
        },
    ),
    "node_modules/dep-exports/esm/index.mjs": esm("dep-exports/esm"),
    "node_modules/dep-exports/cjs/index.cjs": cjs("dep-exports/cjs"),
    "node_modules/dep-exports/lib/feature.js": cjs("dep-exports/feature"),
    "node_modules/dep-exports/lib/utils/a.js": cjs("dep-exports/utils/a"),
    "node_modules/dep-exports/lib/utils/private/b.js": cjs("dep-exports/utils/private/b"),
    "node_modules/dep-exports/lib/nested.mjs": esm("dep-exports/nested-import"),
    "node_modules/dep-exports/lib/nested.js": cjs("dep-exports/nested-require"),
    "node_modules/dep-exports/lib/never.js": cjs("never"),
    "node_modules/dep-exports/lib/hidden.js": cjs("dep-exports/hidden"),
    # exports as a single string (sugar for ".")
    "node_modules/dep-sugar/package.json": pkg(name="dep-sugar", exports="./main.js"),
    "node_modules/dep-sugar/main.js": cjs("dep-sugar"),
    "node_modules/dep-sugar/other.js": cjs("dep-sugar/other"),
    # ES module only (type: module)
    "node_modules/esm-only/package.json": pkg(name="esm-only", type="module", exports="./index.js"),
    "node_modules/esm-only/index.js": esm("esm-only"),
    # scoped
    "node_modules/@scope/pkg/package.json": pkg(name="@scope/pkg", main="index.js"),
    "node_modules/@scope/pkg/index.js": cjs("@scope/pkg"),
    "node_modules/@scope/pkg/extra.js": cjs("@scope/pkg/extra"),
    # no package.json: index.js
    "node_modules/no-manifest/index.js": cjs("no-manifest"),
    # nested node_modules: outer gets its own inner
    "node_modules/inner/package.json": pkg(name="inner", version="1.0.0"),
    "node_modules/inner/index.js": cjs("inner@1"),
    "node_modules/outer/package.json": pkg(name="outer"),
    "node_modules/outer/index.js": "module.exports = { id: 'outer', inner: require('inner').id };\n",
    "node_modules/outer/node_modules/inner/package.json": pkg(name="inner", version="2.0.0"),
    "node_modules/outer/node_modules/inner/index.js": cjs("inner@2"),
    # package self-reference through its own exports
    "node_modules/selfref/package.json": pkg(name="selfref", exports={".": "./index.js", "./x": "./x.js"}),
    "node_modules/selfref/index.js": "module.exports = { id: 'selfref', x: require('selfref/x').id };\n",
    "node_modules/selfref/x.js": cjs("selfref/x"),
    # JSON main and a broken package.json
    "node_modules/json-main/package.json": pkg(name="json-main", main="data.json"),
    "node_modules/json-main/data.json": json.dumps({"id": "json-main"}),
    "node_modules/bad-json/package.json": "{ not json",
    "node_modules/bad-json/index.js": cjs("bad-json"),
    # named exports found by static analysis, and reexports
    "node_modules/cjs-named/package.json": pkg(name="cjs-named"),
    "node_modules/cjs-named/index.js": (
        "exports.alpha = 1;\nexports.beta = function beta() { return 2; };\n"
        "Object.defineProperty(exports, 'gamma', { enumerable: true, get() { return 3; } });\n"
        "module.exports.id = 'cjs-named';\n"
    ),
    "node_modules/cjs-reexport/package.json": pkg(name="cjs-reexport"),
    "node_modules/cjs-reexport/index.js": "module.exports = require('cjs-named');\n",
    # no "type": ES module syntax makes a .js file a module (Node 20.19's and 22's detection)
    "node_modules/esm-untyped/package.json": pkg(name="esm-untyped", main="index.js"),
    "node_modules/esm-untyped/index.js": esm("esm-untyped"),
    "detect/import-stmt.js": "import main from '../main.js';\nexport const id = 'detect/import-stmt:' + main.id;\n",
    "detect/meta.js": "export const id = 'detect/meta:' + typeof import.meta.url;\n",
    "detect/tla.js": "globalThis.detectedTla = await Promise.resolve(1);\n",
    "detect/await-ident.js": "const await = 1;\nmodule.exports = { id: 'detect/await-ident:' + await };\n",
    "cjs-typed/package.json": pkg(type="commonjs"),
    "cjs-typed/esm.js": esm("cjs-typed/esm.js"),
    "probe.mjs": "export const probe = (specifier) => import(specifier);\n",
    "sub/deep/probe.mjs": "export const probe = (specifier) => import(specifier);\n",
    "node_modules/dep-exports/probe.mjs": "export const probe = (specifier) => import(specifier);\n",
}

OUTSIDE: dict[str, str] = {
    "secret.js": "module.exports = { id: 'SECRET' };\n",
    "secret.mjs": "export const id = 'SECRET';\n",
    "pkg/package.json": pkg(name="evil"),
    "pkg/index.js": "module.exports = { id: 'SECRET-PKG' };\n",
}


def write(base: Path) -> tuple[Path, Path]:
    """Writes the project into ``base/proj`` and a directory beside it that
    must stay unreachable, with symlinks from the project into it."""
    root = base / "proj"
    outside = base / "outside"
    for tree, files in ((root, FILES), (outside, OUTSIDE)):
        for name, text in files.items():
            path = tree / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    os.symlink(outside / "secret.js", root / "link-out.js")
    os.symlink(outside, root / "link-dir")
    os.symlink(outside / "pkg", root / "node_modules" / "evil-link")
    # a symlink that stays inside resolves to its real path (as in Node)
    os.symlink(root / "node_modules" / "dep-cjs", root / "node_modules" / "dep-alias")
    return root, outside


PROBE = (Path(__file__).parent / "node" / "resolution_probe.js").read_text()

CASES: list[tuple[str, str, str]] = [
    # relative files, extension search (require only), directories, JSON
    ("require", "x.js", "./main.js"),
    ("require", "x.js", "./main"),
    ("require", "x.js", "./noext"),
    ("require", "x.js", "./dir"),
    ("require", "x.js", "./data.json"),
    ("require", "x.js", "./data"),
    ("require", "x.js", "./missing"),
    ("require", "x.js", "./esm.mjs"),
    ("require", "x.js", "./common.cjs"),
    ("require", "x.js", "./typed/legacy.cjs"),
    ("require", "x.js", "./tla.mjs"),
    ("require", "x.js", "./esm-exports.mjs"),
    ("import", "probe.mjs", "./esm-exports.mjs"),
    ("import", "probe.mjs", "./tla.mjs"),
    ("import", "probe.mjs", "./main.js"),
    ("import", "probe.mjs", "./main"),
    ("import", "probe.mjs", "./dir"),
    ("import", "probe.mjs", "./dir/index.js"),
    ("import", "probe.mjs", "./esm.mjs"),
    ("import", "probe.mjs", "./common.cjs"),
    ("import", "probe.mjs", "./typed/mod.js"),
    ("import", "probe.mjs", "./typed/legacy.cjs"),
    ("import", "probe.mjs", "./missing.js"),
    # bare packages: main, extension search on main, index, scoped, nested, walk up
    ("require", "x.js", "dep-cjs"),
    ("require", "x.js", "dep-cjs/lib/other"),
    ("require", "x.js", "dep-cjs/lib/other.js"),
    ("import", "probe.mjs", "dep-cjs"),
    ("import", "probe.mjs", "dep-cjs/lib/other.js"),
    ("import", "probe.mjs", "dep-cjs/lib/other"),
    ("require", "x.js", "@scope/pkg"),
    ("require", "x.js", "@scope/pkg/extra"),
    ("import", "probe.mjs", "@scope/pkg"),
    ("require", "x.js", "no-manifest"),
    ("import", "probe.mjs", "no-manifest"),
    ("require", "x.js", "outer"),
    ("require", "x.js", "inner"),
    ("require", "sub/deep/x.js", "dep-cjs"),
    ("require", "sub/deep/x.js", "./file"),
    ("import", "sub/deep/probe.mjs", "dep-cjs"),
    ("require", "x.js", "not-installed"),
    ("import", "probe.mjs", "not-installed"),
    ("require", "x.js", "json-main"),
    ("require", "x.js", "bad-json"),
    ("require", "x.js", "dep-alias"),
    # exports: conditions, subpaths, patterns, null targets, nested conditions
    ("require", "x.js", "dep-exports"),
    ("import", "probe.mjs", "dep-exports"),
    ("require", "x.js", "dep-exports/feature"),
    ("import", "probe.mjs", "dep-exports/feature"),
    ("require", "x.js", "dep-exports/utils/a"),
    ("require", "x.js", "dep-exports/utils/private/b"),
    ("import", "probe.mjs", "dep-exports/utils/private/b"),
    ("require", "x.js", "dep-exports/nested"),
    ("import", "probe.mjs", "dep-exports/nested"),
    ("require", "x.js", "dep-exports/browser-only"),
    ("require", "x.js", "dep-exports/lib/hidden.js"),
    ("import", "probe.mjs", "dep-exports/lib/hidden.js"),
    ("require", "x.js", "dep-exports/package.json"),
    ("require", "x.js", "dep-exports/escape"),
    ("require", "x.js", "dep-sugar"),
    ("require", "x.js", "dep-sugar/other"),
    ("import", "probe.mjs", "esm-only"),
    ("require", "x.js", "esm-only"),
    ("require", "x.js", "selfref"),
    ("import", "node_modules/dep-exports/probe.mjs", "dep-exports/feature"),
    # imports (#internal): strings, packages, conditions, patterns, missing
    ("require", "x.js", "#internal"),
    ("import", "probe.mjs", "#internal"),
    ("require", "x.js", "#dep"),
    ("require", "x.js", "#cond"),
    ("import", "probe.mjs", "#cond"),
    ("require", "x.js", "#star/one"),
    ("require", "x.js", "#nope"),
    ("import", "probe.mjs", "#nope"),
    ("require", "x.js", "#missing"),
    # CommonJS semantics: cycles, named exports and reexports through import
    ("require", "x.js", "./cycle/a.js"),
    ("import", "probe.mjs", "cjs-named"),
    ("import", "probe.mjs", "cjs-reexport"),
    # module syntax detection in files whose package names no type
    ("require", "x.js", "esm-untyped"),
    ("import", "probe.mjs", "esm-untyped"),
    ("require", "x.js", "./detect/import-stmt.js"),
    ("import", "probe.mjs", "./detect/import-stmt.js"),
    ("require", "x.js", "./detect/meta.js"),
    ("import", "probe.mjs", "./detect/meta.js"),
    ("require", "x.js", "./detect/tla.js"),
    ("import", "probe.mjs", "./detect/tla.js"),
    ("require", "x.js", "./detect/await-ident.js"),
    ("import", "probe.mjs", "./detect/await-ident.js"),
    ("require", "x.js", "./cjs-typed/esm.js"),
    ("import", "probe.mjs", "./cjs-typed/esm.js"),
    # built-ins
    ("require", "x.js", "node:path"),
    ("require", "x.js", "events"),
    ("import", "probe.mjs", "node:events"),
    ("require", "x.js", "node:not-a-builtin"),
]

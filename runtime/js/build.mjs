// Builds what runtime/build.rs embeds:
// - dist/polyfills-v8-<major>.<minor>.js for each V8 jsrun builds against:
//   the core-js modules for the ECMAScript library features that V8 lacks
//   (core-js-compat knows which, by the matching Chrome), bundled by esbuild
//   into one script (with es_shims.js) that runs each module on demand;
// - dist/web-streams.js: the WHATWG Streams Standard (web-streams-polyfill,
//   which passes the standard's test suite), a script whose value is its
//   exports, run when a runtime first uses a stream;
// - dist/urlpattern.js: URLPattern (urlpattern-polyfill), a web group
//   script (see runtime/src/web/mod.rs) run when a runtime first uses it;
// - dist/temporal.js: Temporal (temporal-polyfill), the same way;
// - dist/durationformat.js: Intl.DurationFormat (@formatjs/intl-durationformat), too.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import compat from "core-js-compat";
import { build, buildSync } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const coreJs = JSON.parse(readFileSync(join(here, "node_modules/core-js/package.json"), "utf8")).version;
// V8 version -> the Chrome that shipped it.
const ENGINES = { "10.2": "102", "11.3": "113", "12.4": "124", "13.6": "136" };
// Left out on purpose: these replace JSON.parse, JSON.stringify and
// Array.prototype.push with JavaScript wrappers, slowing every call for an
// edge case (JSON source text access, raw JSON, push past 2^53 - 1).
const SKIP = new Set(["es.json.parse", "es.json.stringify", "es.json.raw-json", "es.json.is-raw-json", "es.array.push"]);

// Each engine's modules in one script whose value maps each module's name
// to a function that runs it (and what it needs, once): a runtime runs a
// module when one of its features is first used (see
// runtime/src/polyfills.rs). esbuild wraps each CommonJS module of core-js
// in a function run on its first require, so one runtime shares core-js's
// internals among the modules it runs.
mkdirSync(join(here, "dist"), { recursive: true });
for (const [v8, chrome] of Object.entries(ENGINES)) {
  const { list } = compat({ targets: { chrome }, modules: ["core-js/es"] });
  const modules = list.filter((name) => !SKIP.has(name));
  // es_shims.js: ArrayBuffer's transfer methods where core-js leaves them to the engine.
  const runs = [...modules.map((name) => [name, `core-js/modules/${name}.js`]), ["es-shims", "./es_shims.js"]];
  const entry = `module.exports = {\n${runs.map(([name, path]) => `  ${JSON.stringify(name)}: () => { require(${JSON.stringify(path)}); },`).join("\n")}\n};\n`;
  const built = buildSync({
    stdin: { contents: entry, resolveDir: here },
    bundle: true,
    minify: true,
    keepNames: true, // es_shims.js's `transfer.name`, not "" (the minifier drops unused names)
    format: "cjs",
    target: `chrome${chrome}`,
    write: false,
    logLevel: "warning",
  });
  writeFileSync(
    join(here, "dist", `polyfills-v8-${v8}.js`),
    `// core-js ${coreJs} for V8 ${v8}: ${modules.length} modules (runtime/js/build.mjs)\n` +
      `//# jsrun-polyfill-modules ${runs.map(([name]) => name).join(" ")}\n` +
      `(() => { const module = { exports: {} }; const exports = module.exports;\n${built.outputFiles[0].text}\nreturn module.exports; })()\n`,
  );
  writeFileSync(join(here, "dist", `polyfills-v8-${v8}.txt`), modules.join("\n") + "\n");
}

// The web platform's globals the bundled packages name, read off the global
// object that jsrun's wrapper gives its scripts as `platform`
// (runtime/src/intrinsics.rs): user code may declare these names.
const PLATFORM = Object.fromEntries(["AbortController", "Blob", "TextDecoder", "TextEncoder", "URL", "URLSearchParams",
  "queueMicrotask", "setTimeout", "clearTimeout", "structuredClone", "self"]
  .map((name) => [name, name === "self" ? "platform" : `platform.${name}`]));

// `entry` bundled as CommonJS, in a function `open` that returns `value`;
// `call`: called at once (a script whose value is the exports) or not (a
// web group's script, whose value is the function). `keepNames`: classes and
// functions keep their names through the minifier (`ReadableStream.name`);
// off for a package that names its own (temporal-polyfill: 20 % larger).
const library = (name, entry, out, open, value, call, keepNames = true, plugins = undefined) => {
  // Plugins need esbuild's asynchronous build (a promise, awaited by the caller).
  if (plugins) return build(options(entry, keepNames, plugins)).then((built) => write(name, built, out, open, value, call));
  return write(name, buildSync(options(entry, keepNames)), out, open, value, call);
};
const options = (entry, keepNames, plugins) => ({
  stdin: { contents: entry, resolveDir: here },
  bundle: true,
  minify: true,
  keepNames,
  format: "cjs",
  target: "chrome102",
  define: PLATFORM,
  write: false,
  logLevel: "warning",
  plugins,
});
const write = (name, built, out, open, value, call) => {
  const version = JSON.parse(readFileSync(join(here, "node_modules", name, "package.json"), "utf8")).version;
  writeFileSync(
    join(here, "dist", out),
    `// ${name} ${version} (runtime/js/build.mjs)\n${open} const module = { exports: {} }; const exports = module.exports;\n` +
      `${built.outputFiles[0].text}\nreturn ${value}; })${call ? "()" : ""}\n`,
  );
};
library("web-streams-polyfill", 'export * from "web-streams-polyfill";', "web-streams.js", "(() => {", "module.exports", true);
library("urlpattern-polyfill", 'export { URLPattern } from "urlpattern-polyfill/urlpattern";', "urlpattern.js",
  "(function () { 'use strict';", "{ URLPattern: module.exports.URLPattern }", false);
// Temporal with every calendar, for engines without it: a group script whose
// function gives the global and Date.prototype.toTemporalInstant, and makes
// Intl.DateTimeFormat the one that formats Temporal values, as the polyfill's
// own global install does (runtime/src/temporal.rs).
library("temporal-polyfill", 'export { Temporal, Intl, toTemporalInstant } from "temporal-polyfill/full/implementation";',
  "temporal.js", "(function () { 'use strict';",
  "(Object.defineProperty(Intl, 'DateTimeFormat', { value: module.exports.Intl.DateTimeFormat, writable: true, " +
    "configurable: true }), { Temporal: module.exports.Temporal, toTemporalInstant: module.exports.toTemporalInstant })",
  false, false);

// Intl.DurationFormat for engines without it (V8 before 12.9): formatjs's
// polyfill, which formats with the engine's Intl.NumberFormat and
// Intl.ListFormat (runtime/src/late_fills.rs).
library("@formatjs/intl-durationformat", 'export { DurationFormat } from "@formatjs/intl-durationformat";',
  "durationformat.js", "(function () { 'use strict';", "{ DurationFormat: module.exports.DurationFormat }", false);

// RegExp literals older engines refuse, rewritten (acorn and regexpu-core,
// runtime/src/regexp_lowering.rs): a script whose value is the function.
// regexpu-core requires its Unicode data by a computed path, which esbuild
// cannot follow: a plugin gives it a table of every file instead.
{
  const data = join(here, "node_modules", "regenerate-unicode-properties");
  const files = readdirSync(data, { recursive: true }).filter((f) => f.endsWith(".js") && f.includes("/")).sort();
  const table = `module.exports = {\n${files.map((f) => `  ${JSON.stringify(f.slice(0, -3))}: () => require(${JSON.stringify(`regenerate-unicode-properties/${f}`)}),`).join("\n")}\n};\n`;
  const unicodeData = {
    name: "unicode-data",
    setup(build) {
      build.onResolve({ filter: /^jsrun:unicode-data$/ }, () => ({ path: "unicode-data", namespace: "jsrun" }));
      build.onLoad({ filter: /.*/, namespace: "jsrun" }, () => ({ contents: table, resolveDir: here }));
      build.onLoad({ filter: /regexpu-core[\\/]rewrite-pattern\.js$/ }, (args) => {
        const text = readFileSync(args.path, "utf8");
        const computed = "require(`regenerate-unicode-properties/${ path }.js`)";
        if (!text.includes(computed)) throw new Error("regexpu-core no longer requires its data as build.mjs expects");
        return { contents: text.replace(computed, 'require("jsrun:unicode-data")[path]()'), loader: "js" };
      });
    },
  };
  await library("regexpu-core", 'module.exports = require("./regexp_lowering.js");', "regexp-lowering.js", "(() => {",
    "module.exports", true, true, [unicodeData]);
}

// dist/node-libs.js: the npm packages behind jsrun's `node:` built-ins
// (runtime/js/node/builtins.js), for runtimes given a node_modules
// directory. A function of the runtime's `process` whose value maps each
// name to a function that loads that package on first use.
{
  const names = {
    assert: "assert/",
    buffer: "buffer/",
    events: "events/",
    util: "util/",
    // Node's own lib/path.js (21.5), POSIX and win32, as an ES module.
    path: "path-unified",
    url: "url/",
    querystring: "querystring-es3",
    string_decoder: "string_decoder/",
    stream: "readable-stream",
    lexer: "cjs-module-lexer",
    // Node's own util.inspect and util.format, extracted (npm's util has an old inspect).
    inspect: "node-inspect-extracted",
    // util.parseArgs: the Node team's polyfill of it.
    parseArgs: "@pkgjs/parseargs",
    // node:punycode is this package's code (Node's own, deprecated).
    punycode: "punycode/",
  };
  const entry = `module.exports = {\n${Object.entries(names).map(([name, path]) => `  ${name}: () => require(${JSON.stringify(path)}),`).join("\n")}\n};\n`;
  // Where readable-stream 4's Writable differs from Node 20's: Node's way.
  const writableAsNode = [
    // A write's callback gets null for "no error" (readable-stream calls it with nothing).
    ["    state.pendingcb--\n    cb()\n", "    state.pendingcb--\n    cb(null)\n"],
    // Any TypedArray or DataView is written as its bytes (readable-stream takes only a Uint8Array).
    ["} else if (Stream._isUint8Array(chunk)) {", "} else if (ArrayBuffer.isView(chunk)) {"],
    ["['string', 'Buffer', 'Uint8Array'], chunk)", "['string', 'Buffer', 'TypedArray', 'DataView'], chunk)"],
  ];
  // path-unified checks its arguments with a simplified error of its own: Node's (node/errors.js) instead;
  // and readable-stream's Writable is made to behave as Node's (writableAsNode).
  const nodeParity = {
    name: "node-parity",
    setup(build) {
      build.onResolve({ filter: /^\.\/validators\.js$/ }, (args) =>
        args.importer.includes(`${join("node_modules", "path-unified")}`) ? { path: join(here, "node", "path_validators.js") } : undefined);
      build.onResolve({ filter: /^jsrun:errors$/ }, () => ({ path: "errors", namespace: "jsrun" }));
      build.onLoad({ filter: /.*/, namespace: "jsrun" }, () => ({
        contents: `module.exports = ${readFileSync(join(here, "node", "errors.js"), "utf8")}();`,
        resolveDir: here,
      }));
      build.onLoad({ filter: /readable-stream[\\/]lib[\\/]internal[\\/]streams[\\/]writable\.js$/ }, (args) => {
        let text = readFileSync(args.path, "utf8");
        for (const [from, to] of writableAsNode) {
          if (!text.includes(from)) throw new Error(`readable-stream's writable.js no longer has ${JSON.stringify(from)}`);
          text = text.replace(from, to);
        }
        return { contents: text, loader: "js" };
      });
    },
  };
  const built = await build({
    stdin: { contents: entry, resolveDir: here },
    bundle: true,
    minifySyntax: true,
    format: "cjs",
    platform: "browser",
    target: "chrome102",
    define: { ...PLATFORM, global: "globalThis" },
    alias: { process: "./node/process_param.js" },
    write: false,
    logLevel: "warning",
    plugins: [nodeParity],
  });
  const versions = Object.values(names).map((path) => {
    const name = path.replace(/\/$/, "");
    return `${name}@${JSON.parse(readFileSync(join(here, "node_modules", name, "package.json"), "utf8")).version}`;
  });
  writeFileSync(
    join(here, "dist", "node-libs.js"),
    `// ${versions.join(", ")} (runtime/js/build.mjs)\n(function (process) { 'use strict'; const module = { exports: {} }; const exports = module.exports;\n` +
      `${built.outputFiles[0].text}\nreturn module.exports; })\n`,
  );
}

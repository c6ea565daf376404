// Lints jsrun's built-in JavaScript (`make lint`). Each file is a classic
// script that the runtime evaluates for its value (a function it then calls),
// so a top-level expression is the point, not a mistake.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["**/*.js"],
    ignores: ["eslint.config.mjs", "build.mjs"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: {
        ...globals.es2021,
        // What V8 and jsrun give every context.
        ReadableStream: "readonly",
        queueMicrotask: "readonly",
        WebAssembly: "readonly",
        console: "readonly",
      },
    },
    rules: {
      "no-unused-expressions": "off",
      "no-unused-vars": ["error", { args: "after-used", argsIgnorePattern: "^_" }],
    },
  },
  {
    // The node: built-ins run in runtimes, which have the web platform's globals.
    files: ["**/js/node/*.js"],
    languageOptions: {
      globals: {
        setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly",
        URL: "readonly", URLSearchParams: "readonly", TextEncoder: "readonly", TextDecoder: "readonly",
        crypto: "readonly", performance: "readonly", atob: "readonly", btoa: "readonly", Blob: "readonly", File: "readonly",
        Performance: "readonly", PerformanceEntry: "readonly", PerformanceMark: "readonly",
        PerformanceMeasure: "readonly",
      },
    },
  },
  {
    // Bundled by esbuild as CommonJS, inside the wrapper that defines `process`.
    files: ["**/js/node/process_param.js"],
    languageOptions: { sourceType: "commonjs", globals: { process: "readonly" } },
  },
  {
    // Bundled by esbuild as CommonJS (build.mjs).
    files: ["**/js/regexp_lowering.js"],
    languageOptions: { sourceType: "commonjs" },
  },
  {
    // The tests' probes, run by Node.js and by jsrun after use_node_modules.
    files: ["**/tests/node/*.js", "**/tests/npm/*.js"],
    languageOptions: { sourceType: "script", globals: globals.node },
  },
  {
    files: ["eslint.config.mjs", "build.mjs"],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
  { ignores: ["**/dist/**"] },
];

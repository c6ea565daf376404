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
        WebAssembly: "readonly",
        console: "readonly",
        // The global object: jsrun's scripts read the web platform's globals
        // off it (runtime/src/intrinsics.rs), never by a name user code can declare.
        platform: "readonly",
      },
    },
    rules: {
      "no-unused-expressions": "off",
      "no-unused-vars": ["error", { args: "after-used", argsIgnorePattern: "^_" }],
    },
  },
  {
    // Bundled by esbuild as CommonJS, inside the wrapper that defines `process`.
    files: ["**/js/node/process_param.js"],
    languageOptions: { sourceType: "commonjs", globals: { process: "readonly" } },
  },
  {
    // Bundled by build.mjs in place of path-unified's own checks.
    files: ["**/js/node/path_validators.js"],
    languageOptions: { sourceType: "module" },
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
    // Probes run by Chromium and by jsrun.
    files: ["**/tests/web/*.js"],
    languageOptions: { sourceType: "script", globals: globals.browser },
  },
  {
    files: ["eslint.config.mjs", "build.mjs"],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
  { ignores: ["**/dist/**"] },
];

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
    files: ["eslint.config.mjs", "build.mjs"],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
  { ignores: ["**/dist/**"] },
];

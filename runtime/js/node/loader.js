// Node's CommonJS module system for runtimes given a node_modules directory
// (runtime/src/node/mod.rs), and the ES module facades that let `import`
// load CommonJS files and built-ins. Rust finds files (Node's resolution,
// confined to that directory) and reads them; this script runs them.
// natives: resolve(specifier, fromFile, mode), read(path), compile(source, path),
// compilesAsModule(source, path), cacheCode(wrapper, path), requireModule(path), isBuiltin(name), hash, hmac.
(function (natives, builtins, libs, root) {
  'use strict';
  const cache = Object.create(null); // resolved path -> Module

  const dirname = (path) => path.slice(0, Math.max(path.lastIndexOf('/'), 1));
  const nodeError = (failure, stack) => {
    const Kind = { TypeError, SyntaxError }[failure.name] || Error;
    let message = failure.message;
    if (stack.length > 0) message += `\nRequire stack:\n- ${stack.join('\n- ')}`;
    const error = new Kind(message);
    if (failure.code) error.code = failure.code;
    if (stack.length > 0) error.requireStack = stack;
    return error;
  };
  const requireStack = (module) => {
    const stack = [];
    for (let m = module; m; m = m.parent) stack.push(m.filename);
    return stack;
  };
  const builtin = (name) => {
    if (name === 'module') return moduleBuiltin;
    if (!builtins.names.includes(name)) {
      const error = new Error(`node:${name} is not available in jsrun's sandbox (no file system, network, ` +
        'processes or threads); jsrun provides: ' + builtins.names.filter((n) => !n.includes('/')).join(', '));
      error.code = 'ERR_ACCESS_DENIED';
      throw error;
    }
    return builtins.get(name);
  };

  // Finds `request` for `parent` (a Module, or null for code run from Python);
  // `resolving` (require.resolve): a file jsrun does not load is found too.
  const find = (request, parent, mode, resolving = false) => {
    if (typeof request !== 'string') {
      throw Object.assign(new TypeError(`The "id" argument must be of type string. Received ${typeof request}`),
        { code: 'ERR_INVALID_ARG_TYPE' });
    }
    if (request === '') {
      throw Object.assign(new TypeError("The argument 'id' must be a non-empty string. Received ''"),
        { code: 'ERR_INVALID_ARG_VALUE' });
    }
    const found = natives.resolve(request, parent ? parent.filename : null, mode);
    if (found.unloadable !== undefined && resolving) return { path: found.unloadable };
    if (found.code !== undefined) throw nodeError(found, requireStack(parent));
    return found;
  };

  class Module {
    constructor(id, parent) {
      this.id = id;
      this.filename = id;
      this.path = dirname(id);
      this.exports = {};
      this.parent = parent;
      this.loaded = false;
      this.children = [];
      if (parent) parent.children.push(this);
    }

    require(request) {
      const found = find(request, this, 'require');
      if (found.builtin !== undefined) return builtin(found.builtin);
      return load(found.path, found.format, this);
    }
  }

  const makeRequire = (module) => {
    const require = (request) => module.require(request);
    require.resolve = (request) => {
      const found = find(request, module, 'require', true);
      return found.builtin !== undefined ? (request.startsWith('node:') ? request : found.builtin) : found.path;
    };
    require.resolve.paths = () => null;
    require.cache = cache;
    require.main = undefined;
    require.extensions = Object.create(null);
    return require;
  };

  // Runs the file at `path` (once: later requires get the same exports,
  // and a cycle gets the exports as they are so far, as in Node).
  const load = (path, format, parent) => {
    const cached = cache[path];
    if (cached !== undefined) {
      if (parent && !parent.children.includes(cached)) parent.children.push(cached);
      return cached.exports;
    }
    // An ambiguous file is compiled first: it may be an ES module after all (then null).
    const wrapper = format === 'ambiguous' && !esmFiles.has(path) ? compileOrDetect(natives.read(path), path) : undefined;
    if (format === 'module' || esmFiles.has(path)) {
      // An ES module may say what require gives with an export named "module.exports" (Node 20.19, 22.12).
      const namespace = natives.requireModule(path);
      return 'module.exports' in namespace ? namespace['module.exports'] : namespace;
    }
    const module = new Module(path, parent);
    cache[path] = module;
    let loaded = false;
    try {
      if (format === 'json') {
        const source = natives.read(path);
        try {
          module.exports = JSON.parse(source.charCodeAt(0) === 0xfeff ? source.slice(1) : source);
        } catch (error) {
          error.message = `${path}: ${error.message}`;
          throw error;
        }
      } else {
        const compiled = wrapper ?? natives.compile(natives.read(path), path);
        Reflect.apply(compiled, module.exports, [module.exports, makeRequire(module), module, path, module.path]);
        natives.cacheCode(compiled, path);
      }
      loaded = true;
    } finally {
      if (loaded) module.loaded = true;
      else delete cache[path];
    }
    return module.exports;
  };

  // Node's detection of ES module syntax in a file whose package names no
  // type: the syntax errors that only CommonJS has, and those that a module
  // might not (then the file is a module if it compiles as one).
  const ESM_SYNTAX = new Set(['Cannot use import statement outside a module', "Unexpected token 'export'",
    "Cannot use 'import.meta' outside a module"]);
  const CJS_ONLY = new Set(['await is only valid in async functions and the top level bodies of modules',
    ...['module', 'exports', 'require', '__filename', '__dirname'].map((n) => `Identifier '${n}' has already been declared`)]);
  const esmFiles = new Set();
  // The CommonJS wrapper of an ambiguous file, or null when it is an ES module.
  const compileOrDetect = (source, path) => {
    try {
      return natives.compile(source, path);
    } catch (error) {
      if (!(error instanceof SyntaxError) || !(ESM_SYNTAX.has(error.message) || CJS_ONLY.has(error.message))) throw error;
      if (CJS_ONLY.has(error.message) && !natives.compilesAsModule(source, path)) throw error;
      esmFiles.add(path);
      return null;
    }
  };
  // What cjs-module-lexer finds in a CommonJS file, by path; null for an ES module's syntax.
  const lexed = new Map();
  const lex = (path) => {
    if (!lexed.has(path)) {
      let found = null;
      try {
        found = libs.lexer().parse(natives.read(path));
      } catch (error) {
        if (error.code !== 'ERR_LEXER_ESM_SYNTAX') throw error;
      }
      lexed.set(path, found);
    }
    return lexed.get(path);
  };
  // "module" or "commonjs": what an ambiguous file imported is.
  const formatOf = (path) => {
    if (esmFiles.has(path) || lex(path) === null) {
      esmFiles.add(path);
      return 'module';
    }
    return 'commonjs';
  };

  const rootModule = new Module(`${root}/[eval]`, null);
  const moduleBuiltin = {
    createRequire: (from) => {
      const href = typeof from === 'string' ? from : String(from);
      const path = href.startsWith('file:') ? decodeURIComponent(new platform.URL(href).pathname) : href;
      return makeRequire(new Module(path, null));
    },
    builtinModules: builtins.names.slice(),
    isBuiltin: (name) => natives.isBuiltin(String(name)),
    Module,
  };

  // The names Node's static analysis (cjs-module-lexer) finds in the
  // CommonJS file at `path`, following its re-exports.
  const exportNames = (path, names, seen) => {
    if (seen.has(path)) return;
    seen.add(path);
    const found = lex(path);
    if (found === null) return;
    const { exports, reexports } = found;
    for (const name of exports) names.add(name);
    for (const request of reexports) {
      let found;
      try {
        found = natives.resolve(request, path, 'require');
      } catch {
        continue;
      }
      if (found.format === 'commonjs' || found.format === 'ambiguous') exportNames(found.path, names, seen);
      else if (found.builtin !== undefined) {
        for (const name of Object.keys(builtin(found.builtin) || {})) names.add(name);
      }
    }
  };
  const IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;

  // The source of the ES module standing for a CommonJS file, a JSON file
  // or a built-in (`key`: its path or name): `default` is module.exports,
  // named exports are what Node would find.
  const facade = (key, format) => {
    const names = new Set();
    if (format === 'builtin') {
      const exports = builtin(key);
      if (exports !== null && (typeof exports === 'object' || typeof exports === 'function')) {
        for (const name of Object.keys(exports)) names.add(name);
      }
    } else if (format === 'commonjs' || format === 'ambiguous') {
      exportNames(key, names, new Set());
    }
    names.delete('default');
    const exported = [...names].filter((name) => IDENTIFIER.test(name));
    const lines = [`const m = import.meta.jsrunNode(${JSON.stringify(key)}, ${JSON.stringify(format)});`,
      'export default m;'];
    exported.forEach((name, i) => lines.push(`const e${i} = m == null ? undefined : m[${JSON.stringify(name)}];`,
      `export { e${i} as ${name} };`));
    return lines.join('\n');
  };
  // What a facade stands for (import.meta.jsrunNode).
  const facadeValue = (key, format) => (format === 'builtin' ? builtin(key) : load(key, format, null));

  // Node 20.16's process.getBuiltinModule: a built-in by name, or undefined.
  const process = builtins.get('process');
  process.getBuiltinModule = (id) => {
    if (typeof id !== 'string') {
      throw Object.assign(new TypeError(`The "id" argument must be of type string. Received ${typeof id}`),
        { code: 'ERR_INVALID_ARG_TYPE' });
    }
    if (!natives.isBuiltin(id)) return undefined;
    return builtin(id.startsWith('node:') ? id.slice(5) : id);
  };

  const rootRequire = makeRequire(rootModule);
  return {
    require: rootRequire,
    facade,
    facadeValue,
    formatOf,
    globals: {
      require: rootRequire,
      process: builtins.get('process'),
      Buffer: builtins.get('buffer').Buffer,
      global: globalThis,
      setImmediate: builtins.globals.setImmediate,
      clearImmediate: builtins.globals.clearImmediate,
    },
  };
})

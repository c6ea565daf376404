// node:vm: scripts run in the runtime's own context (runInThisContext, as
// eval does, with a file name for stack traces) or in a new context of the
// same isolate whose global forwards to a "contextified" object, as Node's
// contexts do: the script's globals are that object's properties, both ways.
// A new context has the engine's built-ins (its own Object, Array…) and the
// ES globals jsrun's polyfills give the runtime where the engine lacks them
// (made on first read), no jsrun or Node globals unless the object gives them.
(function (natives, errors, Buffer, refused) {
  'use strict';
  const contexts = new WeakMap(); // contextified object -> its context's global proxy
  let made = 0;
  let polyfilled, fill; // { name: true } of the globals a context makes on first read, and how
  const filenameOf = (options) => {
    const name = typeof options === 'string' ? options : options?.filename;
    return name === undefined ? 'evalmachine.<anonymous>' : String(name);
  };
  // options.timeout, checked as Node checks it (a positive uint32 of milliseconds).
  const timeoutOf = (options) => {
    const timeout = typeof options === 'object' && options !== null ? options.timeout : undefined;
    if (timeout === undefined) return undefined;
    if (typeof timeout !== 'number') throw errors.invalidArgType('"options.timeout" property', 'of type number', timeout);
    if (!Number.isInteger(timeout)) {
      throw Object.assign(new RangeError(`The value of "options.timeout" is out of range. It must be an integer. Received ${timeout}`),
        { code: 'ERR_OUT_OF_RANGE' });
    }
    if (timeout < 1 || timeout > 4294967295) {
      throw Object.assign(new RangeError(
        `The value of "options.timeout" is out of range. It must be >= 1 && <= 4294967295. Received ${timeout}`),
      { code: 'ERR_OUT_OF_RANGE' });
    }
    return timeout;
  };
  // What a native run returns when its timeout stopped the script.
  const TIMED_OUT = Object.freeze({});
  const finish = (result, timeout) => {
    if (result !== TIMED_OUT) return result;
    throw Object.assign(new Error(`Script execution timed out after ${timeout}ms`), { code: 'ERR_SCRIPT_EXECUTION_TIMEOUT' });
  };
  const runHere = (code, options) => {
    const timeout = timeoutOf(options);
    return finish(natives.runScript(code, filenameOf(options), timeout, TIMED_OUT), timeout);
  };
  const isObject = (value) => value !== null && typeof value === 'object';
  // Each parameter a plain name (V8 takes the list as given; Node 20 crashes on "1abc"). The Function
  // constructor only parses `name`, and refuses reserved words.
  const isIdentifier = (name) => {
    if (typeof name !== 'string' || !/^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u.test(name)) return false;
    try {
      new Function(name, '');
      return true;
    } catch {
      return false;
    }
  };
  const compileFunction = (code, params = [], options = {}) => {
    if (typeof code !== 'string') throw errors.invalidArgType('"code" argument', 'of type string', code);
    if (!Array.isArray(params)) throw errors.invalidArgType('"params" argument', 'an instance of Array', params);
    const bad = params.findIndex((name) => !isIdentifier(name));
    if (bad >= 0) {
      throw Object.assign(new TypeError(`The argument 'params' must be an array of identifiers. Received ${String(params[bad])}`),
        { code: 'ERR_INVALID_ARG_VALUE' });
    }
    return natives.compileFunction(code, filenameOf(options), params);
  };

  const createContext = (contextObject = {}, options = {}) => {
    if (!isObject(contextObject)) throw errors.invalidArgType('"object" argument', 'of type object', contextObject);
    if (contexts.has(contextObject)) return contextObject;
    if (!isObject(options)) throw errors.invalidArgType('"options" argument', 'of type object', options);
    const generation = options.codeGeneration;
    if (generation !== undefined && !isObject(generation)) {
      throw errors.invalidArgType('"options.codeGeneration" property', 'of type object', generation);
    }
    for (const key of ['strings', 'wasm']) {
      const value = generation?.[key];
      if (value !== undefined && typeof value !== 'boolean') {
        throw errors.invalidArgType(`"options.codeGeneration.${key}" property`, 'of type boolean', value);
      }
    }
    if (options.name !== undefined && typeof options.name !== 'string') {
      throw errors.invalidArgType('"options.name" property', 'of type string', options.name);
    }
    const name = options.name ?? `VM Context ${++made}`;
    // The ES globals the runtime's realm has from jsrun's polyfills (Iterator, DisposableStack… where
    // the engine lacks them) are made in the context too, when one is first read there: code compares
    // the two realms' (jsdom does).
    if (polyfilled === undefined) {
      const names = natives.vmGlobals().filter((global) => global in globalThis);
      polyfilled = names.length === 0 ? null : Object.fromEntries(names.map((global) => [global, true]));
      fill = (global) => natives.vmFill(global, names);
    }
    contexts.set(contextObject, natives.vmContext(contextObject, generation?.strings !== false, name, polyfilled, fill));
    return contextObject;
  };
  const globalOf = (contextifiedObject) => {
    const global = isObject(contextifiedObject) ? contexts.get(contextifiedObject) : undefined;
    if (global === undefined) {
      throw errors.invalidArgType('"contextifiedObject" argument', 'an vm.Context', contextifiedObject);
    }
    return global;
  };
  const runIn = (code, contextifiedObject, options) => {
    const global = globalOf(contextifiedObject);
    const timeout = timeoutOf(options);
    return finish(natives.vmRun(global, code, filenameOf(options), timeout, TIMED_OUT), timeout);
  };
  // runInNewContext's options name the new context's as contextName, contextCodeGeneration….
  const newContext = (contextObject, options) => createContext(contextObject ?? {}, {
    name: typeof options === 'object' ? options?.contextName : undefined,
    codeGeneration: typeof options === 'object' ? options?.contextCodeGeneration : undefined,
  });

  class Script {
    #code;
    #filename;
    constructor(code, options = {}) {
      this.#code = String(code);
      this.#filename = filenameOf(options);
      natives.compileFunction(this.#code, this.#filename, []); // its SyntaxError now, as Node's
    }
    runInThisContext(options) { return runHere(this.#code, { ...options, filename: this.#filename }); }
    runInContext(contextifiedObject, options) { return runIn(this.#code, contextifiedObject, { ...options, filename: this.#filename }); }
    runInNewContext(contextObject, options) { return this.runInContext(newContext(contextObject, options), options); }
    createCachedData() { return Buffer().alloc(0); }
  }
  return {
    Script,
    compileFunction,
    constants: {},
    createContext,
    createScript: (source, options) => new Script(source, options),
    isContext: (object) => {
      if (!isObject(object)) throw errors.invalidArgType('"object" argument', 'of type object', object);
      return contexts.has(object);
    },
    measureMemory: refused.measureMemory,
    runInContext: (source, contextifiedObject, options) => runIn(`${source}`, contextifiedObject, options),
    runInNewContext: (source, contextObject, options) => runIn(`${source}`, newContext(contextObject, options), options),
    runInThisContext: (source, options) => runHere(`${source}`, options),
  };
})

// `node:util`: npm's util completed with what Node has: Node's own inspect
// and format (node-inspect-extracted), promisify, inherits and types as
// Node's, and Node's newer functions. `env`: { get (a built-in), loaded
// (whether one was made), customArgs (promisify's symbol for callbacks of
// several values), setImmediate, parseArgs (the polyfill, loaded on use),
// process }.
(function (util, node, errors, natives, env) {
  'use strict';
  const { get, loaded, customArgs, setImmediate, parseArgs, process } = env;

  // util.promisify as Node's: it honours Symbol.for('nodejs.util.promisify.custom') (npm's util has a symbol
  // of its own), gives several callback values as an object where Node does (crypto.generateKeyPair), and
  // promisifies setTimeout and setImmediate into timers/promises'.
  const custom = Symbol.for('nodejs.util.promisify.custom');
  function promisify(original) {
    if (typeof original !== 'function') throw errors.invalidArgType('"original" argument', 'of type function', original);
    if (original === platform.setTimeout || original === setImmediate) {
      return get('timers/promises')[original === setImmediate ? 'setImmediate' : 'setTimeout'];
    }
    if (original[custom] !== undefined) {
      const fn = original[custom];
      if (typeof fn !== 'function') throw errors.invalidArgType('"util.promisify.custom" argument', 'of type function', fn);
      return Object.defineProperty(fn, custom, { value: fn, configurable: true });
    }
    const names = original[customArgs];
    function fn(...args) {
      return new Promise((resolve, reject) => {
        Reflect.apply(original, this, [...args, (error, ...values) => {
          if (error) reject(error);
          else if (names !== undefined && values.length > 1) resolve(Object.fromEntries(names.map((name, i) => [name, values[i]])));
          else resolve(values[0]);
        }]);
      });
    }
    Object.setPrototypeOf(fn, Object.getPrototypeOf(original));
    Object.defineProperty(fn, custom, { value: fn, configurable: true });
    return Object.defineProperties(fn, Object.getOwnPropertyDescriptors(original));
  }
  promisify.custom = custom;

  // What Node's util has beyond npm's.
  const utilExtras = () => {
    // Node's pattern for ANSI escape sequences (CSI and OSC).
    const ansi = new RegExp('[\\u001B\\u009B][[\\]()#;?]*(?:(?:(?:(?:;[-a-zA-Z\\d\\/\\#&.:=?%@~_]+)*'
      + '|[a-zA-Z\\d]+(?:;[-a-zA-Z\\d\\/\\#&.:=?%@~_]*)*)?(?:\\u0007|\\u001B\\u005C|\\u009C))'
      + '|(?:(?:\\d{1,4}(?:;\\d{0,4})*)?[\\dA-PR-TZcf-ntqry=><~]))', 'g');
    const errnoNames = () => new Map(Object.entries(get('os').constants.errno).map(([name, code]) => [-code, name]));
    return {
      // The polyfill's errors are Errors; Node's, TypeErrors.
      parseArgs: (config) => {
        try {
          return parseArgs()(config);
        } catch (error) {
          if (!String(error?.code).startsWith('ERR_PARSE_ARGS') && error?.code !== 'ERR_INVALID_ARG_TYPE') throw error;
          throw Object.assign(new TypeError(error.message), { code: error.code });
        }
      },
      stripVTControlCharacters: (text) => {
        if (typeof text !== 'string') throw errors.invalidArgType('"str" argument', 'of type string', text);
        return text.replace(ansi, '');
      },
      toUSVString: (text) => String(text).replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
      getSystemErrorName: (code) => {
        if (typeof code !== 'number') throw errors.invalidArgType('"err" argument', 'of type number', code);
        if (code >= 0 || !Number.isSafeInteger(code)) {
          throw Object.assign(new RangeError(`The value of "err" is out of range. It must be a negative integer. Received ${code}`),
            { code: 'ERR_OUT_OF_RANGE' });
        }
        return errnoNames().get(code) ?? `Unknown system error ${code}`;
      },
      getSystemErrorMap: () => new Map([...errnoNames()].map(([code, name]) => [code, [name, name]])),
      // Node 22's: text stays plain unless the stream (process.stdout by default) is a terminal.
      styleText: (format, text, { validateStream = true, stream = process.stdout } = {}) => {
        if (typeof text !== 'string') throw errors.invalidArgType('"text" argument', 'of type string', text);
        const { colors } = util.inspect;
        const formats = Array.isArray(format) ? format : [format];
        for (const name of formats) {
          if (!Object.hasOwn(colors, name)) {
            throw Object.assign(new TypeError(`The argument 'format' must be one of: ${Object.keys(colors).join(', ')}. Received ${format}`),
              { code: 'ERR_INVALID_ARG_VALUE' });
          }
        }
        if (validateStream && !stream?.isTTY) return text;
        const open = formats.map((name) => `\u001b[${colors[name][0]}m`).join('');
        const close = formats.map((name) => `\u001b[${colors[name][1]}m`).reverse().join('');
        return `${open}${text}${close}`;
      },
      // A promise that settles when `signal` aborts.
      aborted: (signal, resource) => {
        if (signal === null || typeof signal !== 'object' || !('aborted' in signal)) {
          throw errors.invalidArgType('"signal" argument', 'an instance of AbortSignal', signal);
        }
        if (resource === null || (typeof resource !== 'object' && typeof resource !== 'function')) {
          throw errors.invalidArgType('"resource" argument', 'of type object', resource);
        }
        if (signal.aborted) return Promise.resolve();
        return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      },
      // One runtime: nothing to transfer to, so the signal is the one given.
      transferableAbortSignal: (signal) => signal,
      transferableAbortController: () => new platform.AbortController(),
    };
  };

  util.inspect = node.inspect;
  util.format = node.format;
  util.formatWithOptions = node.formatWithOptions;
  util.TextEncoder = platform.TextEncoder;
  util.TextDecoder = platform.TextDecoder;
  // Node's checks that npm's util lacks: the engine's, and crypto's classes (loaded only if it was).
  const types = {
    ...util.types,
    isProxy: (value) => natives.engineKind(value) === 'proxy',
    isModuleNamespaceObject: (value) => natives.engineKind(value) === 'namespace',
    isExternal: () => false,
    isKeyObject: (value) => loaded('crypto') && value instanceof get('crypto').KeyObject,
    isCryptoKey: (value) => value instanceof platform.CryptoKey,
  };
  delete types.isWebAssemblyCompiledModule; // gone from Node
  Object.defineProperty(util, 'types', { value: types, writable: true, enumerable: true, configurable: true });
  util.promisify = promisify;
  Object.assign(util, utilExtras());
  // Node's: the prototype keeps what was defined on it before (npm's util replaces it).
  util.inherits = function inherits(ctor, superCtor) {
    if (typeof ctor !== 'function') throw errors.invalidArgType('"ctor" argument', 'of type function', ctor);
    if (typeof superCtor !== 'function') throw errors.invalidArgType('"superCtor" argument', 'of type function', superCtor);
    if (superCtor.prototype === undefined) {
      throw errors.invalidArgType('"superCtor.prototype" property', 'of type object', superCtor.prototype);
    }
    Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
    Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
  };
  util.isDeepStrictEqual = (a, b) => {
    try {
      get('assert').deepStrictEqual(a, b);
      return true;
    } catch {
      return false;
    }
  };
  return util;
})

// The `node:` built-ins jsrun provides (runtime/src/node/mod.rs): npm's
// browser ports of Node's pure-JS modules (dist/node-libs.js) completed
// with what Node adds, and jsrun's own process, crypto, os, tty,
// perf_hooks, zlib, console, diagnostics_channel and async_hooks. Each is made on first require.
// The built-ins that reach the host (files, network, processes, threads:
// denied.json, Node 20's exports) load, with Node's names and data, and
// every function of theirs throws ERR_ACCESS_DENIED when called, as in Deno
// without permissions; the rest are refused when required.
(function (libs, process, makeCrypto, natives, makeSystem, deniedJSON, makeZlib, makeDiagnosticsChannel,
  makeConsole, makeCryptoKeys, makeCryptoCiphers, makeCryptoExchange, makeCryptoRsa, makeEvents, makeFsRead, makeAsyncHooks, errors,
  makeBuffer) {
  'use strict';
  // A function of a built-in that would reach the host: a named function
  // that throws whether called or constructed (or, from a promise API,
  // returns a rejected promise).
  const denied = (name, shown = name.slice(name.lastIndexOf('.') + 1), promises = false) => ({
    [shown]: function () {
      // The network's one door: fetch(), answered by the host's handler.
      const hint = /^(https?|http2|net|tls|dns)\./.test(name) ? '; fetch() reaches a handler the host may give' : '';
      const error = new Error(`${name}() is not available in jsrun's sandbox (no file system, network, processes or threads)${hint}`);
      error.code = 'ERR_ACCESS_DENIED';
      if (promises && new.target === undefined) return Promise.reject(error);
      throw error;
    },
  })[shown];
  const deniedExports = JSON.parse(deniedJSON);
  const system = makeSystem(process, denied, deniedExports.constants);
  // A module of denied.json: {"$fn": name} becomes a denied function, data stays.
  const deniedModule = (module) => {
    const decode = (value, path) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      if (typeof value.$fn === 'string') {
        return denied(path, value.$fn || path.slice(path.lastIndexOf('.') + 1), /\bpromises\b/.test(path));
      }
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v, `${path}.${k}`)]));
    };
    return decode(deniedExports[module], module.replace(/\//g, '.'));
  };
  // process is an EventEmitter, as in Node.
  Object.setPrototypeOf(process, libs.events().prototype);
  const made = new Map();
  const get = (name) => {
    if (!made.has(name)) made.set(name, MAKERS[name]());
    return made.get(name);
  };

  const timers = () => ({ setTimeout: platform.setTimeout, clearTimeout: platform.clearTimeout, setInterval: platform.setInterval,
    clearInterval: platform.clearInterval, setImmediate, clearImmediate, get promises() { return get('timers/promises'); } });
  const setImmediate = (callback, ...args) => platform.setTimeout(callback, 0, ...args);
  const clearImmediate = (id) => platform.clearTimeout(id);

  // util.promisify as Node's: it honours Symbol.for('nodejs.util.promisify.custom') (npm's util has a symbol
  // of its own), gives several callback values as an object where Node does (crypto.generateKeyPair), and
  // promisifies setTimeout and setImmediate into timers/promises'.
  const custom = Symbol.for('nodejs.util.promisify.custom');
  const customArgs = Symbol('customPromisifyArgs');
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
          return libs.parseArgs().parseArgs(config);
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
        const { colors } = get('util').inspect;
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

  const MAKERS = {
    assert: () => libs.assert(),
    'assert/strict': () => get('assert').strict,
    buffer: makeBuffer(() => libs.buffer(), natives, errors),
    console: () => makeConsole(get('util'), process),
    crypto: () => {
      const { Buffer } = get('buffer');
      const keys = makeCryptoKeys(natives, Buffer);
      const crypto = makeCrypto(natives, Buffer, keys, errors);
      Object.assign(crypto, makeCryptoExchange(natives, Buffer, errors, keys), makeCryptoRsa(natives, Buffer, errors, keys));
      Object.defineProperty(crypto.generateKeyPair, customArgs, { value: ['publicKey', 'privateKey'] });
      // The ciphers are Transform streams: node:stream loads when one is first asked for (uuid, nanoid never do).
      let ciphers;
      const cipher = () => (ciphers ??= makeCryptoCiphers(natives, Buffer, get('stream').Transform,
        get('string_decoder').StringDecoder, keys.secretKeyBytes));
      for (const name of ['createCipheriv', 'createDecipheriv', 'Cipheriv', 'Decipheriv', 'getCiphers', 'getCipherInfo']) {
        Object.defineProperty(crypto, name, { get: () => cipher()[name], enumerable: true, configurable: true });
      }
      return crypto;
    },
    diagnostics_channel: makeDiagnosticsChannel,
    events: () => {
      const events = makeEvents(libs.events(), errors, (target, type) => natives.webGroup('events').listenersOfTarget(target, type));
      let withResource; // made on first use, as Node does
      Object.defineProperty(events, 'EventEmitterAsyncResource', {
        get: () => (withResource ??= asyncHooks().withAsyncResource(events)), enumerable: true, configurable: true,
      });
      return events;
    },
    module: () => null, // made by the loader (createRequire)
    os: system.os,
    path: () => Object.assign(libs.path(), { toNamespacedPath: (path) => path }), // (POSIX's: the path itself)
    punycode: () => libs.punycode(),
    'path/posix': () => get('path'),
    perf_hooks: system.perf_hooks,
    process: () => process,
    querystring: () => {
      const querystring = libs.querystring();
      return Object.assign({}, querystring, {
        escape: (text) => encodeURIComponent(text),
        unescape: (text) => decodeURIComponent(text),
      });
    },
    // Node's module is the legacy Stream constructor carrying the classes; npm
    // readable-stream exports Readable itself, so `Stream.call(this)` from an
    // older readable-stream copy would make a new ReadableState (exceljs).
    stream: () => {
      const ours = libs.stream();
      const { Stream } = ours;
      for (const name of ['Readable', 'Writable', 'Duplex', 'Transform', 'PassThrough', 'pipeline', 'finished', 'destroy',
        'compose', 'addAbortSignal', 'isDisturbed', 'isErrored', 'isReadable', '_isUint8Array', '_uint8ArrayToBuffer',
        'promises']) {
        if (name in ours && !(name in Stream)) Stream[name] = ours[name];
      }
      Stream.Stream = Stream;
      return Stream;
    },
    'stream/promises': () => get('stream').promises,
    // The web's streams, which the runtime has as globals.
    'stream/web': () => Object.fromEntries(['ReadableStream', 'ReadableStreamDefaultReader', 'ReadableStreamBYOBReader',
      'ReadableStreamBYOBRequest', 'ReadableByteStreamController', 'ReadableStreamDefaultController', 'TransformStream',
      'TransformStreamDefaultController', 'WritableStream', 'WritableStreamDefaultWriter', 'WritableStreamDefaultController',
      'ByteLengthQueuingStrategy', 'CountQueuingStrategy', 'TextEncoderStream', 'TextDecoderStream', 'CompressionStream',
      'DecompressionStream'].map((name) => [name, globalThis[name]])),
    string_decoder: () => libs.string_decoder(),
    timers,
    tty: system.tty,
    'timers/promises': () => {
      // A promise of `value` after `delay` ms, which `options.signal` rejects with an AbortError.
      const after = (delay, value, options) => new Promise((resolve, reject) => {
        const signal = options?.signal;
        const aborted = () => reject(Object.assign(new Error('The operation was aborted', { cause: signal.reason }),
          { name: 'AbortError', code: 'ABORT_ERR' }));
        if (signal?.aborted) return aborted();
        const onAbort = () => {
          platform.clearTimeout(id);
          aborted();
        };
        const id = platform.setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value);
        }, delay);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      return {
        setTimeout: (delay, value, options) => after(delay, value, options),
        setImmediate: (value, options) => after(0, value, options),
        scheduler: { wait: (delay, options) => after(delay, undefined, options), yield: () => after(0) },
      };
    },
    url: () => {
      const url = libs.url();
      const toASCII = (domain) => {
        try {
          return new platform.URL(`ws://${domain}`).hostname;
        } catch {
          return '';
        }
      };
      const format = (value, options) => {
        if (!(value instanceof platform.URL)) return url.format(value, options);
        const { auth = true, fragment = true, search = true, unicode = false } = options ?? {};
        const host = unicode ? get('punycode').toUnicode(value.host) : value.host;
        const credentials = auth && (value.username || value.password)
          ? `${value.username}${value.password ? `:${value.password}` : ''}@` : '';
        const slashes = value.host || value.protocol === 'file:' ? '//' : '';
        return `${value.protocol}${slashes}${credentials}${host}${value.pathname}${search ? value.search : ''}${fragment ? value.hash : ''}`;
      };
      return Object.assign({}, url, {
        URL: platform.URL,
        URLSearchParams: platform.URLSearchParams,
        format,
        domainToASCII: toASCII,
        domainToUnicode: (domain) => {
          const ascii = toASCII(domain);
          return ascii === '' ? '' : get('punycode').toUnicode(ascii);
        },
        // What http.request takes for a URL.
        urlToHttpOptions: (value) => {
          const options = {
            protocol: value.protocol,
            hostname: value.hostname.startsWith('[') ? value.hostname.slice(1, -1) : value.hostname,
            hash: value.hash, search: value.search, pathname: value.pathname,
            path: `${value.pathname || ''}${value.search || ''}`, href: value.href,
          };
          if (value.port !== '') options.port = Number(value.port);
          if (value.username || value.password) {
            options.auth = `${decodeURIComponent(value.username)}:${decodeURIComponent(value.password)}`;
          }
          return options;
        },
        fileURLToPath: (href) => {
          const parsed = href instanceof platform.URL ? href : new platform.URL(href);
          if (parsed.protocol !== 'file:') {
            throw Object.assign(new TypeError('The URL must be of scheme file'), { code: 'ERR_INVALID_URL_SCHEME' });
          }
          return decodeURIComponent(parsed.pathname);
        },
        pathToFileURL: (path) => new platform.URL(`file://${encodeURI(get('path').resolve(path)).replace(/[?#]/g, encodeURIComponent)}`),
      });
    },
    util: () => {
      const util = libs.util();
      // Node's own inspect and format (node-inspect-extracted), not npm util's old ones.
      const node = libs.inspect();
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
        isKeyObject: (value) => made.has('crypto') && value instanceof get('crypto').KeyObject,
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
    },
    'util/types': () => get('util').types,
    sys: () => get('util'), // Node's deprecated alias
  };

  for (const name of Object.keys(deniedExports)) {
    if (name !== 'node') MAKERS[name] = () => deniedModule(name);
  }
  // use_node_modules(allow_read=True): fs reads the files under the directory.
  if (natives.allowRead) {
    let reading;
    const fs = () => (reading ??= makeFsRead(natives.files, get('buffer').Buffer, get('stream').Readable, deniedModule('fs'),
      deniedModule('fs/promises'), process.cwd()));
    MAKERS.fs = () => fs().fs;
    MAKERS['fs/promises'] = () => fs().promises;
  }
  let hooks;
  const asyncHooks = () => (hooks ??= makeAsyncHooks(natives.context, natives.setContext, errors, deniedExports.async_hooks));
  MAKERS.async_hooks = () => asyncHooks().module();
  MAKERS.zlib = () => makeZlib(natives.zlibCodec, get('buffer').Buffer, get('stream'), deniedModule('zlib'), errors);

  return { names: Object.keys(MAKERS).sort(), get, globals: { setImmediate, clearImmediate }, timers };
})

// The `node:` built-ins jsrun provides (runtime/src/node/mod.rs): npm's
// browser ports of Node's pure-JS modules (dist/node-libs.js) completed
// with what Node adds, and jsrun's own process, crypto, os, tty,
// perf_hooks, zlib, console, diagnostics_channel and async_hooks. Each is made on first require.
// The built-ins that reach the host (files, network, processes, threads:
// denied.json, Node 20's exports) load, with Node's names and data, and
// every function of theirs throws ERR_ACCESS_DENIED when called, as in Deno
// without permissions; the rest are refused when required.
(function (libs, process, natives, makeSystem, deniedJSON, errors, makeBuffer, script) {
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
  // Each built-in's script (runtime/js/node/NAME.js), run on first use: a function that makes the module.
  const scripts = new Map();
  const maker = (name) => {
    if (!scripts.has(name)) scripts.set(name, script(name));
    return scripts.get(name);
  };
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
  // Node's process events for what nobody caught, over the web's (the
  // global object's `error` and `unhandledrejection`): 'uncaughtExceptionMonitor',
  // then 'uncaughtException' (error, origin) — a rejection without an
  // 'unhandledRejection' listener is one, of origin 'unhandledRejection', as
  // in Node — and 'rejectionHandled'. With a listener the error is handled
  // (the caller does not get it); without, it fails the call as before. What
  // a listener throws is the caller's uncaught error (Node would exit with it).
  const uncaught = (event, error, origin) => {
    process.emit('uncaughtExceptionMonitor', error, origin);
    if (process.listenerCount('uncaughtException') === 0) return;
    event.preventDefault();
    process.emit('uncaughtException', error, origin);
  };
  platform.addEventListener('error', (event) => uncaught(event, event.error, 'uncaughtException'));
  platform.addEventListener('unhandledrejection', (event) => {
    if (process.listenerCount('unhandledRejection') === 0) return uncaught(event, event.reason, 'unhandledRejection');
    event.preventDefault();
    process.emit('unhandledRejection', event.reason, event.promise);
  });
  platform.addEventListener('rejectionhandled', (event) => process.emit('rejectionHandled', event.promise));
  const made = new Map();
  // What waits for node:stream to load (crypto's lazy stream bases).
  const onStream = [];
  const get = (name) => {
    if (!made.has(name)) made.set(name, MAKERS[name]());
    return made.get(name);
  };

  const timers = () => ({ setTimeout: platform.setTimeout, clearTimeout: platform.clearTimeout, setInterval: platform.setInterval,
    clearInterval: platform.clearInterval, setImmediate, clearImmediate, get promises() { return get('timers/promises'); } });
  const { setImmediate, clearImmediate } = natives.timers; // Node's Immediate objects (timers.js)

  // What promisify gives as an object, for the functions whose callbacks have several values (Node's own list).
  const customArgs = Symbol('customPromisifyArgs');

  // A prototype whose node:stream half (`kind`: Writable, Transform) loads when first used (lazy_stream.js).
  let lazy;
  const lazyStream = () => (lazy ??= maker('lazy_stream')());
  const lazyStreamBase = (kind) => {
    const base = lazyStream()(() => get('stream')[kind]);
    if (made.has('stream')) lazyStream().become(base);
    else onStream.push((Stream) => lazyStream().become(base, Stream[kind]));
    return base;
  };
  // process.stdin, process.stdout and process.stderr, made when first read (code may replace them, as in Node).
  let stdio;
  const stdioBases = {
    get Writable() { return lazyStreamBase('Writable'); },
    get Readable() { return lazyStreamBase('Readable'); },
  };
  for (const [name, fd] of [['stdin', 0], ['stdout', 1], ['stderr', 2]]) {
    let stream;
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: true,
      get: () => (stream ??= (stdio ??= maker('stdio')(stdioBases, get('buffer').Buffer, errors, process.nextTick))(fd)),
      set: (value) => {
        stream = value;
      },
    });
  }

  let bridges;
  const streamWeb = () => (bridges ??= maker('stream_web')(libs.stream(), natives.webGroup('streams'), get('buffer').Buffer, errors, process));

  const MAKERS = {
    assert: () => libs.assert(),
    'assert/strict': () => get('assert').strict,
    buffer: makeBuffer(() => libs.buffer(), natives, errors),
    console: () => maker('console')(get('util'), process),
    crypto: () => {
      const { Buffer } = get('buffer');
      // Hash, Hmac, Sign and Verify are streams whose node:stream half loads when first used.
      const streams = { base: lazyStreamBase, options: lazyStream().options };
      const keys = maker('crypto_keys')(natives, Buffer, streams);
      const crypto = maker('crypto')(natives, Buffer, keys, errors, streams);
      Object.assign(crypto, maker('crypto_exchange')(natives, Buffer, errors, keys), maker('crypto_rsa')(natives, Buffer, errors, keys),
        maker('crypto_x509')(natives, Buffer, errors, keys));
      Object.defineProperty(crypto.generateKeyPair, customArgs, { value: ['publicKey', 'privateKey'] });
      // The ciphers are Transform streams: node:stream loads when one is first asked for (uuid, nanoid never do).
      let ciphers;
      const cipher = () => (ciphers ??= maker('crypto_ciphers')(natives, Buffer, get('stream').Transform,
        get('string_decoder').StringDecoder, keys.secretKeyBytes));
      for (const name of ['createCipheriv', 'createDecipheriv', 'Cipheriv', 'Decipheriv', 'getCiphers', 'getCipherInfo']) {
        Object.defineProperty(crypto, name, { get: () => cipher()[name], enumerable: true, configurable: true });
      }
      return crypto;
    },
    diagnostics_channel: () => maker('diagnostics_channel')(process, errors)(),
    events: () => {
      const events = maker('events')(libs.events(), errors, (target, type) => natives.webGroup('events').listenersOfTarget(target, type));
      let withResource; // made on first use, as Node does
      Object.defineProperty(events, 'EventEmitterAsyncResource', {
        get: () => (withResource ??= asyncHooks().withAsyncResource(events)), enumerable: true, configurable: true,
      });
      return events;
    },
    module: () => null, // made by the loader (createRequire)
    os: system.os,
    // POSIX's, with win32's beside it as in Node: path === path.posix === path.win32.posix.
    path: () => {
      const { posix, win32 } = libs.path();
      const path = { ...posix, _makeLong: posix.toNamespacedPath };
      const windows = { ...win32, _makeLong: win32.toNamespacedPath };
      path.posix = windows.posix = path;
      path.win32 = windows.win32 = windows;
      return path;
    },
    punycode: () => libs.punycode(),
    'path/posix': () => get('path'),
    'path/win32': () => get('path').win32,
    perf_hooks: () => maker('perf_hooks')(natives.webGroup('performance'), errors),
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
      Object.assign(Stream, streamWeb().withStatics(Stream));
      onStream.splice(0).forEach((become) => become(Stream));
      return Stream;
    },
    'stream/promises': () => get('stream').promises,
    'stream/consumers': () => streamWeb().consumers,
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
        pathToFileURL: (path) => {
          // As Node's: a trailing separator stays (path.resolve drops it).
          const resolved = get('path').resolve(path) + (String(path).endsWith('/') && path !== '/' ? '/' : '');
          return new platform.URL(`file://${encodeURI(resolved).replace(/[?#]/g, encodeURIComponent)}`);
        },
      });
    },
    util: () => maker('util')(libs.util(), libs.inspect(), errors, natives, {
      get, loaded: (name) => made.has(name), customArgs, setImmediate, parseArgs: () => libs.parseArgs().parseArgs, process,
    }),
    'util/types': () => get('util').types,
    sys: () => get('util'), // Node's deprecated alias
  };

  for (const name of Object.keys(deniedExports)) {
    if (name !== 'node') MAKERS[name] = () => deniedModule(name);
  }
  // use_node_modules(allow_read=True): fs reads the files under the directory.
  if (natives.allowRead) {
    let reading;
    const fs = () => (reading ??= maker('fs_read')(natives.files, get('buffer').Buffer, get('stream').Readable, deniedModule('fs'),
      deniedModule('fs/promises'), process.cwd()));
    MAKERS.fs = () => fs().fs;
    MAKERS['fs/promises'] = () => fs().promises;
  }
  // vm: scripts in the runtime's own context (as eval, with a file name for stack traces) and in
  // new contexts whose globals are a "contextified" object's properties (natives.vmContext).
  MAKERS.vm = () => maker('vm')(natives, errors, () => get('buffer').Buffer, deniedModule('vm'));
  // readline: lines from any readable stream (no terminal: no line editing).
  let readline;
  MAKERS.readline = () => (readline ??= maker('readline')(get('events'), get('string_decoder').StringDecoder, errors, process.nextTick));
  MAKERS['readline/promises'] = () => get('readline').promises;
  // wasi: WASI preview1 for WebAssembly modules; their preopened directories are read-only views of what
  // allow_read grants (natives.files), and there are none without it.
  MAKERS.wasi = () => maker('wasi')(natives.allowRead ? natives.files : null, errors, process);
  // worker_threads: Workers that are runtimes of their own (runtime/js/web/workers.js).
  MAKERS.worker_threads = () => maker('worker_threads')(natives.webGroup('workers'), get('events'), errors, process, platform,
    get('path').resolve);
  // In a Node worker, process.exit ends the worker (Node's), not the host.
  if (natives.nodeWorker) process.exit = (code) => get('worker_threads') && process.exit(code);
  let hooks;
  const asyncHooks = () => (hooks ??= maker('async_hooks')(natives.context, natives.setContext, errors, deniedExports.async_hooks));
  MAKERS.async_hooks = () => asyncHooks().module();
  MAKERS.zlib = () => maker('zlib')(natives.zlibCodec, get('buffer').Buffer, get('stream'), deniedModule('zlib'), errors);

  // Node's methods on the global performance object (undici's fetch calls markResourceTiming):
  // added now if it was made already, else as it is made.
  natives.webGroup('performance', true)?.withNode();
  // Node's emitter methods on MessagePort, likewise.
  natives.webGroup('messaging', true)?.withNode();
  return { names: Object.keys(MAKERS).sort(), get, globals: { setImmediate, clearImmediate }, timers };
})

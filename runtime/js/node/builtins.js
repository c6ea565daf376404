// The `node:` built-ins jsrun provides (runtime/src/node/mod.rs): npm's
// browser ports of Node's pure-JS modules (dist/node-libs.js) completed
// with what Node adds, and jsrun's own process and crypto. Each is made on
// first require. Every other Node built-in is refused: the sandbox has no
// file system, network, processes or threads.
(function (libs, process, makeCrypto, natives) {
  'use strict';
  // process is an EventEmitter, as in Node.
  Object.setPrototypeOf(process, libs.events().prototype);
  const made = new Map();
  const get = (name) => {
    if (!made.has(name)) made.set(name, MAKERS[name]());
    return made.get(name);
  };

  const timers = () => ({ setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate });
  const setImmediate = (callback, ...args) => setTimeout(callback, 0, ...args);
  const clearImmediate = (id) => clearTimeout(id);

  const MAKERS = {
    assert: () => libs.assert(),
    'assert/strict': () => get('assert').strict,
    buffer: () => {
      const buffer = libs.buffer();
      return Object.assign(Object.create(null), buffer, {
        constants: { MAX_LENGTH: buffer.kMaxLength, MAX_STRING_LENGTH: (1 << 29) - 24 },
        atob,
        btoa,
        Blob,
      });
    },
    crypto: () => makeCrypto(natives, get('buffer').Buffer),
    events: () => libs.events(),
    module: () => null, // made by the loader (createRequire)
    path: () => libs.path(),
    'path/posix': () => get('path'),
    process: () => process,
    querystring: () => {
      const querystring = libs.querystring();
      return Object.assign(Object.create(null), querystring, {
        escape: (text) => encodeURIComponent(text),
        unescape: (text) => decodeURIComponent(text),
      });
    },
    stream: () => libs.stream(),
    'stream/promises': () => get('stream').promises,
    string_decoder: () => libs.string_decoder(),
    timers,
    'timers/promises': () => ({
      setTimeout: (delay, value) => new Promise((resolve) => setTimeout(resolve, delay, value)),
      setImmediate: (value) => new Promise((resolve) => setTimeout(resolve, 0, value)),
    }),
    url: () => {
      const url = libs.url();
      return Object.assign(Object.create(null), url, {
        URL,
        URLSearchParams,
        fileURLToPath: (href) => {
          const parsed = href instanceof URL ? href : new URL(href);
          if (parsed.protocol !== 'file:') {
            throw Object.assign(new TypeError('The URL must be of scheme file'), { code: 'ERR_INVALID_URL_SCHEME' });
          }
          return decodeURIComponent(parsed.pathname);
        },
        pathToFileURL: (path) => new URL(`file://${encodeURI(get('path').resolve(path)).replace(/[?#]/g, encodeURIComponent)}`),
      });
    },
    util: () => {
      const util = libs.util();
      util.TextEncoder = TextEncoder;
      util.TextDecoder = TextDecoder;
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
  };

  return { names: Object.keys(MAKERS), get, globals: { setImmediate, clearImmediate }, timers };
})

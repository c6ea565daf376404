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

  // buffer@6 predates the base64url encoding; its base64 decoder already
  // takes the URL alphabet.
  const withBase64Url = (Buffer) => {
    const isUrl = (encoding) => typeof encoding === 'string' && encoding.toLowerCase() === 'base64url';
    const { toString, write } = Buffer.prototype;
    const { from, byteLength, isEncoding } = Buffer;
    Buffer.prototype.toString = function (encoding, ...rest) {
      if (!isUrl(encoding)) return Reflect.apply(toString, this, [encoding, ...rest]);
      return Reflect.apply(toString, this, ['base64', ...rest]).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    };
    Buffer.prototype.write = function (string, ...rest) {
      return Reflect.apply(write, this, [string, ...rest.map((a) => (isUrl(a) ? 'base64' : a))]);
    };
    Buffer.from = function (value, encoding, ...rest) {
      return Reflect.apply(from, this, [value, isUrl(encoding) ? 'base64' : encoding, ...rest]);
    };
    Buffer.byteLength = (string, encoding) => byteLength(string, isUrl(encoding) ? 'base64' : encoding);
    Buffer.isEncoding = (encoding) => isUrl(encoding) || isEncoding(encoding);
  };

  // Node's util.format: %s %d %i %f %j %o %O %c %%, the rest inspected.
  const format = (inspect, ...args) => {
    const [first] = args;
    if (typeof first !== 'string') return args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
    let next = 1;
    const text = first.replace(/%([sdifjoOc%])/g, (match, type) => {
      if (type === '%') return '%';
      if (next >= args.length) return match;
      const value = args[next++];
      switch (type) {
        case 's':
          if (typeof value === 'bigint') return `${value}n`;
          if (typeof value === 'object' && value !== null) return inspect(value, { depth: 0 });
          return Object.is(value, -0) ? '-0' : String(value);
        case 'd':
          if (typeof value === 'bigint') return `${value}n`;
          return typeof value === 'object' && value !== null ? 'NaN' : formatNumber(Number(value));
        case 'i':
          if (typeof value === 'bigint') return `${value}n`;
          return typeof value === 'object' && value !== null ? 'NaN' : formatNumber(parseInt(value, 10));
        case 'f':
          return typeof value === 'symbol' ? 'NaN' : formatNumber(parseFloat(value));
        case 'j':
          try {
            return JSON.stringify(value);
          } catch {
            return '[Circular]';
          }
        case 'o':
          return inspect(value, { showHidden: true, depth: 4 });
        case 'O':
          return inspect(value);
        default: // %c: CSS, ignored outside browsers
          return '';
      }
    });
    return [text, ...args.slice(next).map((a) => (typeof a === 'string' ? a : inspect(a)))].join(' ');
  };
  const formatNumber = (n) => (Object.is(n, -0) ? '-0' : String(n));

  const MAKERS = {
    assert: () => libs.assert(),
    'assert/strict': () => get('assert').strict,
    buffer: () => {
      const buffer = libs.buffer();
      withBase64Url(buffer.Buffer);
      return Object.assign({}, buffer, {
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
      return Object.assign({}, querystring, {
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
      return Object.assign({}, url, {
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
      util.format = (...args) => format(util.inspect, ...args);
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

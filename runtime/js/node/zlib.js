// `node:zlib` over the codecs of CompressionStream (Rust's flate2 and
// brotli crates): the one-shot functions (sync, callback and
// util.promisify'd), the stream classes and create* functions, for gzip,
// deflate (zlib), raw deflate and Brotli. Node's constants and names come
// from `base` (denied.json's zlib, whose other functions refuse every call).
(function (codec, Buffer, stream, base, errors) {
  'use strict';
  const FORMATS = {
    Deflate: ['deflate', true], Inflate: ['deflate', false], Gzip: ['gzip', true], Gunzip: ['gzip-members', false],
    DeflateRaw: ['deflate-raw', true], InflateRaw: ['deflate-raw', false], Unzip: [null, false],
    BrotliCompress: ['brotli', true], BrotliDecompress: ['brotli', false],
  };
  // Brotli's encoder parameters (zlib.constants.BROTLI_PARAM_*) the codec takes.
  const { BROTLI_PARAM_MODE, BROTLI_PARAM_QUALITY, BROTLI_PARAM_LGWIN, BROTLI_PARAM_SIZE_HINT } = base.constants;
  // Checked as Node checks them; out-of-range values are clamped (as Brotli's C library does).
  const brotliParams = (options) => {
    const params = options?.params ?? {};
    for (const [key, v] of Object.entries(params)) {
      if (!/^\d+$/.test(key) || Number(key) > 8) {
        throw Object.assign(new RangeError(`${key} is not a valid Brotli parameter`), { code: 'ERR_BROTLI_INVALID_PARAM' });
      }
      if (typeof v !== 'number' && typeof v !== 'boolean') throw errors.invalidArgType('"options.params[key]" property', 'of type number', v);
    }
    const value = (key, low, high) => (params[key] === undefined ? -1 : Math.min(Math.max(Math.trunc(Number(params[key])), low), high));
    return [value(BROTLI_PARAM_QUALITY, 0, 11), value(BROTLI_PARAM_LGWIN, 10, 24), value(BROTLI_PARAM_MODE, 0, 2),
      value(BROTLI_PARAM_SIZE_HINT, 0, 2 ** 32 - 1)];
  };
  const bytesOf = (input) => {
    if (typeof input === 'string') return Buffer.from(input);
    if (input instanceof ArrayBuffer) return new Uint8Array(input);
    if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    throw Object.assign(new TypeError('The "buffer" argument must be of type string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer.'),
      { code: 'ERR_INVALID_ARG_TYPE' });
  };
  // options.maxOutputLength (the natives also keep within the runtime's max_heap_size).
  const maxOutput = (options) => {
    const max = options?.maxOutputLength;
    if (max === undefined) return -1;
    if (!Number.isSafeInteger(max) || max < 1 || max > 2 ** 32) {
      throw Object.assign(new RangeError(
        `The value of "options.maxOutputLength" is out of range. It must be >= 1 and <= ${2 ** 32}. Received ${max}`),
      { code: 'ERR_OUT_OF_RANGE' });
    }
    return max;
  };
  // zlib's and Brotli's errors as Node reports them (an Error with code and errno).
  const zlibError = (error) => {
    if (error?.code === 'ERR_BUFFER_TOO_LARGE') return error;
    const message = String(error?.message ?? error).replace(/^The data could not be \w+: /, '');
    const brotli = /^(-\d+) (_ERROR_\w+)$/.exec(message);
    if (brotli) return Object.assign(new Error('Decompression failed'), { errno: Number(brotli[1]), code: `ERR_${brotli[2]}` });
    if (message === 'unexpected end of file') return Object.assign(new Error(message), { errno: -5, code: 'Z_BUF_ERROR' });
    return Object.assign(new Error(message || 'invalid input'), { errno: -3, code: 'Z_DATA_ERROR' });
  };
  // A codec for `kind`; Unzip's format is the input's (gzip's magic, else zlib's).
  const open = (kind, options, first) => {
    let [format, compress] = FORMATS[kind];
    if (format === null) format = first && first[0] === 0x1f && first[1] === 0x8b ? 'gzip-members' : 'deflate';
    if (format === 'brotli') {
      const [quality, lgwin, mode, sizeHint] = compress ? brotliParams(options) : [-1, -1, -1, -1];
      return codec(format, compress, quality, false, lgwin, mode, sizeHint, maxOutput(options));
    }
    const level = options?.level;
    return codec(format, compress, Number.isInteger(level) && level >= 0 && level <= 9 ? level : -1, false, -1, -1, -1,
      maxOutput(options));
  };
  const run = (kind, input, options) => {
    const bytes = bytesOf(input);
    // Their errors are Node's, not zlib's.
    if (kind === 'BrotliCompress') brotliParams(options);
    maxOutput(options);
    try {
      const c = open(kind, options, bytes);
      return Buffer.concat([Buffer.from(c(bytes)), Buffer.from(c(null))]);
    } catch (error) {
      throw zlibError(error);
    }
  };

  // Node's streams: a Transform per codec, made as Node makes them (function
  // constructors: pngjs's sync reader calls `zlib.Inflate.call(this)` and
  // drives `_handle.writeSync` itself, as Node's own sync functions do).
  const codecs = new WeakMap(); // stream -> { codec, pending: [bytes], finished }
  const Z_FINISH = 4;
  const codecOf = (self, first) => {
    const state = codecs.get(self);
    state.codec ??= open(self._kind, self._options, first);
    return state;
  };
  // Node's zlib handle, for code that reaches it: writeSync(flush, in, inOff,
  // inLen, out, outOff, outLen) consumes the input and fills `out` with what
  // it has, leaving [output room left, input left] in _writeState.
  const handleOf = (self) => ({
    writeSync(flush, input, inOff, inLen, out, outOff, outLen) {
      const bytes = input ? bytesOf(input).subarray(inOff, inOff + inLen) : new Uint8Array(0);
      try {
        const state = codecOf(self, bytes);
        if (bytes.length > 0) state.pending.push(state.codec(bytes));
        if (flush === Z_FINISH && !state.finished) {
          state.finished = true;
          state.pending.push(state.codec(null));
        }
        let written = 0;
        while (written < outLen && state.pending.length > 0) {
          const next = state.pending[0];
          const n = Math.min(next.length, outLen - written);
          out.set(next.subarray(0, n), outOff + written);
          written += n;
          if (n === next.length) state.pending.shift();
          else state.pending[0] = next.subarray(n);
        }
        self._writeState[0] = outLen - written;
        self._writeState[1] = 0;
      } catch (error) {
        self._hadError = true;
        self.emit('error', zlibError(error));
      }
    },
    write(...args) {
      this.writeSync(...args);
    },
    close() {},
  });
  function Zlib(kind, options) {
    stream.Transform.call(this, options);
    if (kind === 'BrotliCompress') brotliParams(options);
    maxOutput(options);
    codecs.set(this, { codec: null, pending: [], finished: false });
    this._kind = kind;
    this._options = options;
    this.bytesWritten = 0;
    this._chunkSize = options?.chunkSize ?? 16 * 1024;
    this._outBuffer = Buffer.allocUnsafe(this._chunkSize);
    this._outOffset = 0;
    this._writeState = new Uint32Array(2);
    this._finishFlushFlag = Z_FINISH;
    this._defaultFlushFlag = 0;
    this._hadError = false;
    this._handle = handleOf(this);
  }
  Object.setPrototypeOf(Zlib.prototype, stream.Transform.prototype);
  Object.setPrototypeOf(Zlib, stream.Transform);
  Zlib.prototype._transform = function _transform(chunk, encoding, done) {
    try {
      const bytes = bytesOf(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
      this.bytesWritten += bytes.length;
      done(null, Buffer.from(codecOf(this, bytes).codec(bytes)));
    } catch (error) {
      done(zlibError(error));
    }
  };
  Zlib.prototype._flush = function _flush(done) {
    try {
      done(null, Buffer.from(codecOf(this, null).codec(null)));
    } catch (error) {
      done(zlibError(error));
    }
  };
  Zlib.prototype.close = function close(callback) {
    if (callback) platform.queueMicrotask(callback);
    this._handle = null;
    this.destroy();
  };
  const classes = {};
  for (const kind of Object.keys(FORMATS)) {
    const made = {
      [kind]: function (options) {
        if (!(this instanceof made)) return new made(options);
        Zlib.call(this, kind, options);
      },
    }[kind];
    Object.setPrototypeOf(made.prototype, Zlib.prototype);
    Object.setPrototypeOf(made, Zlib);
    classes[kind] = made;
  }

  const zlib = { ...base, ...classes };
  // zlib's old top-level constants (Z_FINISH, Z_MIN_CHUNK…), not enumerable, as in Node.
  for (const [name, value] of Object.entries(base.constants)) {
    if (name.startsWith('Z_')) Object.defineProperty(zlib, name, { value, enumerable: false });
  }
  const lower = (kind) => kind[0].toLowerCase() + kind.slice(1);
  for (const kind of Object.keys(FORMATS)) {
    const name = lower(kind);
    zlib[`${name}Sync`] = { [`${name}Sync`]: (input, options) => run(kind, input, options) }[`${name}Sync`];
    zlib[name] = {
      [name](input, options, callback) {
        if (typeof options === 'function') [options, callback] = [undefined, options];
        if (typeof callback !== 'function') {
          throw Object.assign(new TypeError('The "callback" argument must be of type function'), { code: 'ERR_INVALID_ARG_TYPE' });
        }
        let result;
        let failure = null;
        try {
          result = run(kind, input, options);
        } catch (error) {
          failure = error;
        }
        platform.queueMicrotask(() => (failure ? callback(failure) : callback(null, result)));
      },
    }[name];
    zlib[`create${kind}`] = { [`create${kind}`]: (options) => new classes[kind](options) }[`create${kind}`];
  }
  return zlib;
})

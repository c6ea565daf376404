// `node:crypto` for runtimes given a node_modules directory: hashes and
// HMACs over Rust's RustCrypto (natives.hash, natives.hmac), random bytes
// and UUIDs over the Web Crypto global, keys and signatures from
// crypto_keys.js (`keys`). `Buffer`: node:buffer's. Hashes are Transform
// streams, on first use as one (lazy_stream.js, `streams`).
(function (natives, Buffer, keys, errors, streams) {
  'use strict';
  const HASHES = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha512-224', 'sha512-256', 'sha3-224', 'sha3-256',
    'sha3-384', 'sha3-512', 'shake128', 'shake256', 'ripemd160', 'blake2b512', 'blake2s256'];
  // OpenSSL's other names for them (lowercased).
  const ALIASES = {
    'rsa-md5': 'md5', md5withrsaencryption: 'md5', 'rsa-sha1': 'sha1', 'sha-1': 'sha1', sha1withrsaencryption: 'sha1',
    'sha-224': 'sha224', 'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512', 'sha-512/224': 'sha512-224',
    'sha-512/256': 'sha512-256', 'rsa-sha512/224': 'sha512-224', 'rsa-sha512/256': 'sha512-256', ripemd: 'ripemd160',
    rmd160: 'ripemd160', 'rsa-ripemd160': 'ripemd160', ripemd160withrsa: 'ripemd160',
    ...Object.fromEntries(['224', '256', '384', '512'].flatMap((n) => [[`rsa-sha${n}`, `sha${n}`],
      [`sha${n}withrsaencryption`, `sha${n}`], [`rsa-sha3-${n}`, `sha3-${n}`], [`id-rsassa-pkcs1-v1_5-with-sha3-${n}`, `sha3-${n}`]])),
  };
  const XOF_LENGTH = { shake128: 16, shake256: 32 };
  const DIGEST_LENGTH = { md5: 16, sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64, 'sha512-224': 28,
    'sha512-256': 32, 'sha3-224': 28, 'sha3-256': 32, 'sha3-384': 48, 'sha3-512': 64, ripemd160: 20, blake2b512: 64,
    blake2s256: 32 };

  const error = (Kind, code, message) => Object.assign(new Kind(message), { code });
  const algorithmOf = (algorithm) => {
    if (typeof algorithm !== 'string') {
      throw error(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "algorithm" argument must be of type string');
    }
    const name = algorithm.toLowerCase();
    const known = ALIASES[name] || name;
    if (!HASHES.includes(known)) throw new Error('Digest method not supported');
    return known;
  };
  const bytesOf = (data, encoding) => {
    if (typeof data === 'string') return Buffer.from(data, encoding || 'utf8');
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    throw error(TypeError, 'ERR_INVALID_ARG_TYPE',
      'The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView');
  };
  const output = (bytes, encoding) => {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return encoding === undefined || encoding === 'buffer' ? buffer : buffer.toString(encoding);
  };
  const concat = (chunks) => {
    const all = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
    let at = 0;
    for (const chunk of chunks) {
      all.set(chunk, at);
      at += chunk.byteLength;
    }
    return all;
  };

  // Chunks are kept and hashed at digest(): one call into Rust per digest.
  class Hash {
    #algorithm; #key; #chunks = []; #done = false; #length;
    constructor(algorithm, key, options) {
      this.#algorithm = algorithmOf(algorithm);
      this.#key = key;
      const asked = options?.outputLength;
      if (asked !== undefined && (!Number.isInteger(asked) || asked < 0 || asked > 2 ** 32 - 1)) {
        throw error(RangeError, 'ERR_OUT_OF_RANGE', `The value of "options.outputLength" is out of range. Received ${asked}`);
      }
      const xof = XOF_LENGTH[this.#algorithm];
      if (key === undefined && asked !== undefined && xof === undefined && asked !== DIGEST_LENGTH[this.#algorithm]) {
        throw error(Error, 'ERR_OSSL_EVP_NOT_XOF_OR_INVALID_LENGTH', 'error:030000B2:digital envelope routines::not XOF or invalid length');
      }
      this.#length = asked ?? xof ?? 0;
      this[streams.options] = options;
    }
    _transform(chunk, encoding, callback) {
      this.update(chunk, encoding);
      callback();
    }
    _flush(callback) {
      this.push(this.digest());
      callback();
    }
    update(data, encoding) {
      if (this.#done) throw error(Error, 'ERR_CRYPTO_HASH_FINALIZED', 'Digest already called');
      this.#chunks.push(Uint8Array.from(bytesOf(data, encoding)));
      return this;
    }
    digest(encoding) {
      if (this.#done) throw error(Error, 'ERR_CRYPTO_HASH_FINALIZED', 'Digest already called');
      this.#done = true;
      const data = concat(this.#chunks);
      const bytes = this.#key === undefined ? natives.hash(this.#algorithm, data, this.#length)
        : natives.hmac(this.#algorithm, this.#key, data);
      return output(bytes, encoding);
    }
    // (As in Node, a copy's XOF length is its own options', not this hash's.)
    copy(options) {
      if (this.#done) throw error(Error, 'ERR_CRYPTO_HASH_FINALIZED', 'Digest already called');
      const copy = new Hash(this.#algorithm, this.#key, options);
      for (const chunk of this.#chunks) copy.update(chunk);
      return copy;
    }
  }
  Object.setPrototypeOf(Hash.prototype, streams.base('Transform'));
  class Hmac extends Hash {
    copy() { throw error(Error, 'ERR_METHOD_NOT_IMPLEMENTED', 'Hmac has no copy()'); }
  }

  // Node's checks; a typed array's offset and size count its elements.
  const fillRange = (buffer, offset, size) => {
    if (!(buffer instanceof ArrayBuffer) && !ArrayBuffer.isView(buffer)) {
      throw errors.invalidArgType('"buf" argument', 'an instance of ArrayBuffer or ArrayBufferView', buffer);
    }
    const unit = buffer.BYTES_PER_ELEMENT ?? 1;
    const length = buffer.byteLength / unit;
    const number = (value, name) => {
      if (typeof value !== 'number') throw errors.invalidArgType(`"${name}" argument`, 'of type number', value);
      return value;
    };
    const from = number(offset ?? 0, 'offset');
    if (!(from >= 0 && from <= length)) {
      throw error(RangeError, 'ERR_OUT_OF_RANGE', `The value of "offset" is out of range. It must be >= 0 && <= ${length}. Received ${from}`);
    }
    const count = size === undefined ? length - from : number(size, 'size');
    if (!(count >= 0 && count + from <= length)) {
      throw error(RangeError, 'ERR_OUT_OF_RANGE', `The value of "size + offset" is out of range. It must be <= ${length}. Received ${count + from}`);
    }
    return new Uint8Array(buffer.buffer ?? buffer, (buffer.byteOffset ?? 0) + from * unit, count * unit);
  };
  const randomFillSync = (buffer, offset = 0, size = undefined) => {
    const view = fillRange(buffer, offset, size);
    for (let at = 0; at < view.length; at += 65536) platform.crypto.getRandomValues(view.subarray(at, at + 65536));
    return buffer;
  };
  // randomFill(buf[, offset[, size]], callback)
  const randomFill = (buffer, ...rest) => {
    const callback = rest.pop();
    if (typeof callback !== 'function') throw errors.invalidArgType('"callback" argument', 'of type function', callback);
    randomFillSync(buffer, ...rest);
    platform.queueMicrotask(() => callback(null, buffer));
  };
  const randomBytes = (size, callback) => {
    if (!Number.isInteger(size) || size < 0 || size > 2 ** 31 - 1) {
      throw error(RangeError, 'ERR_OUT_OF_RANGE', `The value of "size" is out of range. Received ${size}`);
    }
    const bytes = randomFillSync(Buffer.alloc(size));
    if (typeof callback === 'function') {
      platform.queueMicrotask(() => callback(null, bytes));
      return undefined;
    }
    return bytes;
  };
  const randomInt = (min, max, callback) => {
    if (max === undefined || typeof max === 'function') {
      callback = max;
      max = min;
      min = 0;
    }
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max <= min || max - min > 2 ** 48) {
      throw error(RangeError, 'ERR_OUT_OF_RANGE', `The value of "max" is out of range. Received ${max}`);
    }
    const range = max - min;
    const limit = 2 ** 48 - (2 ** 48 % range);
    let value;
    do {
      const bytes = randomBytes(6);
      value = bytes.readUIntBE(0, 6);
    } while (value >= limit);
    const result = min + (value % range);
    if (typeof callback === 'function') {
      platform.queueMicrotask(() => callback(null, result));
      return undefined;
    }
    return result;
  };
  const timingSafeEqual = (a, b) => {
    const x = bytesOf(a);
    const y = bytesOf(b);
    if (x.byteLength !== y.byteLength) {
      throw error(RangeError, 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH', 'Input buffers must have the same byte length');
    }
    let diff = 0;
    for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
    return diff === 0;
  };

  return {
    createHash: (algorithm, options) => new Hash(algorithm, undefined, options),
    createHmac: (algorithm, key) => new Hmac(algorithm, Uint8Array.from(keys.secretKeyBytes(key, 'key'))),
    hash: (algorithm, data, encoding = 'hex') => new Hash(algorithm).update(data).digest(encoding),
    getHashes: () => HASHES.slice().sort(),
    randomBytes,
    randomFillSync,
    randomFill,
    randomInt,
    getFips: () => 0,
    setFips: (on) => {
      if (on) throw error(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', 'jsrun has no FIPS mode');
    },
    secureHeapUsed: () => ({ total: 0, used: 0, utilization: 0, min: 0 }),
    randomUUID: () => platform.crypto.randomUUID(),
    getRandomValues: (array) => platform.crypto.getRandomValues(array),
    timingSafeEqual,
    webcrypto: platform.crypto,
    subtle: platform.crypto.subtle,
    Hash,
    Hmac,
    ...keys.api,
  };
})

// crypto (Web Crypto): getRandomValues, randomUUID and crypto.subtle with
// SHA digests, HMAC, AES-GCM, PBKDF2 and HKDF, over Rust's getrandom and
// RustCrypto (runtime/src/web/subtle.rs). Other algorithms (RSA, EC, Ed25519,
// other AES modes) reject with NotSupportedError.
(function (uses, natives) {
  'use strict';
  const { DOMException } = uses.events;
  const creating = Symbol('creating');
  const INTEGER_ARRAYS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array,
    Uint32Array, BigInt64Array, BigUint64Array];
  const QUOTA = 65536;
  const MAX_DERIVED = 1 << 20;
  const MAX_PBKDF2_BLOCKS = 1 << 22;
  const HASH_BYTES = { 'SHA-1': 20, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };
  const DIGESTS = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];
  // Block sizes in bits: an HMAC key's default length.
  const BLOCK_BITS = { 'SHA-1': 512, 'SHA-256': 512, 'SHA-384': 1024, 'SHA-512': 1024 };
  const JWK_HMAC = { 'SHA-1': 'HS1', 'SHA-256': 'HS256', 'SHA-384': 'HS384', 'SHA-512': 'HS512' };
  const ALGORITHMS = {
    HMAC: { usages: ['sign', 'verify'] },
    'AES-GCM': { usages: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'] },
    PBKDF2: { usages: ['deriveBits', 'deriveKey'] },
    HKDF: { usages: ['deriveBits', 'deriveKey'] },
  };
  const SUPPORTED = 'jsrun supports SHA digests, HMAC, AES-GCM, PBKDF2 and HKDF';

  const error = (message, name) => new DOMException(message, name);
  const bytesOf = (data, what = 'data') => {
    if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    throw new TypeError(`The "${what}" argument must be an ArrayBuffer or an ArrayBufferView`);
  };
  const algorithmName = (algorithm) => {
    const name = typeof algorithm === 'string' ? algorithm : algorithm?.name;
    if (name === undefined) throw new TypeError('The "algorithm" argument must have a name');
    return String(name);
  };
  // Names match case-insensitively and come back in their standard spelling.
  const known = (name, list) => list.find((n) => n.toUpperCase() === String(name).toUpperCase());
  const normalize = (algorithm) => {
    const name = known(algorithmName(algorithm), Object.keys(ALGORITHMS));
    if (name === undefined) throw error(`Unrecognized algorithm name (${SUPPORTED})`, 'NotSupportedError');
    return name;
  };
  const hashOf = (algorithm) => {
    if (algorithm.hash === undefined) throw new TypeError('The "hash" member is required');
    const name = known(algorithmName(algorithm.hash), DIGESTS);
    if (name === undefined) throw error('Unrecognized hash name', 'NotSupportedError');
    return name;
  };
  const base64url = {
    encode(bytes) {
      const table = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      let out = '';
      for (let i = 0; i < bytes.length; i += 3) {
        const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
        const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
        for (let j = 0; j < chars; j++) out += table[(n >> (18 - 6 * j)) & 63];
      }
      return out;
    },
    decode(text) {
      if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
        throw error('The JWK member "k" is not base64url', 'DataError');
      }
      const out = new Uint8Array(Math.floor((text.length * 6) / 8));
      let bits = 0;
      let value = 0;
      let at = 0;
      for (const c of text) {
        const code = c.charCodeAt(0);
        const v = code >= 97 ? code - 71 : code >= 65 ? code - 65 : code >= 48 ? code + 4 : c === '-' ? 62 : 63;
        value = (value << 6) | v;
        bits += 6;
        if (bits >= 8) {
          bits -= 8;
          out[at++] = (value >> bits) & 255;
        }
      }
      return out;
    },
  };
  const ascii = {
    encode: (text) => Uint8Array.from(text, (c) => c.charCodeAt(0) & 255),
    decode: (bytes) => String.fromCharCode(...bytes),
  };

  // A key's secret and properties live here, out of reach of the key's users.
  const slots = new WeakMap();
  class CryptoKey {
    constructor(key, slot) {
      if (key !== creating) throw new TypeError('Illegal constructor');
      slots.set(this, slot);
    }
    get type() { return slotOf(this).type; }
    get extractable() { return slotOf(this).extractable; }
    get algorithm() { return slotOf(this).algorithm; }
    get usages() { return slotOf(this).usages; }
  }
  const slotOf = (key) => {
    const slot = slots.get(key);
    if (slot === undefined) throw new TypeError('Illegal invocation');
    return slot;
  };
  const checkUsages = (name, usages) => {
    if (!Array.isArray(usages) && typeof usages?.[Symbol.iterator] !== 'function') {
      throw new TypeError('The "keyUsages" argument must be a sequence');
    }
    const list = [...usages].map(String);
    for (const u of list) {
      if (!ALGORITHMS[name].usages.includes(u)) throw error(`Unsupported key usage for a ${name} key: ${u}`, 'SyntaxError');
    }
    if (list.length === 0) throw error('Usages cannot be empty when creating a key.', 'SyntaxError');
    return [...new Set(list)];
  };
  const makeKey = (algorithm, raw, extractable, usages) => new CryptoKey(creating, {
    type: 'secret', extractable: Boolean(extractable), algorithm: Object.freeze(algorithm), usages: Object.freeze(usages), raw,
  });
  // The key, checked for the operation: its algorithm and one of its usages.
  const keyFor = (key, name, usage) => {
    const slot = slots.get(key);
    if (slot === undefined) throw new TypeError('The "key" argument must be a CryptoKey');
    if (slot.algorithm.name !== name) throw error(`The key is a ${slot.algorithm.name} key, not a ${name} key`, 'InvalidAccessError');
    if (!slot.usages.includes(usage)) throw error(`The key's usages do not include "${usage}"`, 'InvalidAccessError');
    return slot;
  };
  const aesLength = (length, name = 'DataError') => {
    if (![128, 192, 256].includes(length)) throw error('AES key length must be 128, 192 or 256 bits', name);
    return length;
  };
  // The algorithm a key of `name` made from `raw` reports; the bytes checked.
  const secretAlgorithm = (name, algorithm, raw) => {
    if (name === 'HMAC') {
      const hash = hashOf(algorithm);
      if (raw.length === 0) throw error('An HMAC key cannot be empty', 'DataError');
      if (algorithm.length !== undefined && Number(algorithm.length) !== raw.length * 8) {
        throw error('The HMAC key length does not match its data', 'DataError');
      }
      return { name, hash: { name: hash }, length: raw.length * 8 };
    }
    if (name === 'AES-GCM') return { name, length: aesLength(raw.length * 8) };
    return { name };
  };
  const gcmParams = (algorithm) => {
    if (algorithm.iv === undefined) throw new TypeError('The "iv" member is required');
    const tagLength = algorithm.tagLength === undefined ? 128 : Number(algorithm.tagLength);
    if (tagLength !== 128) throw error('jsrun supports AES-GCM with 128-bit tags only', 'NotSupportedError');
    const aad = algorithm.additionalData === undefined ? new Uint8Array(0) : bytesOf(algorithm.additionalData, 'additionalData');
    return [bytesOf(algorithm.iv, 'iv'), aad];
  };
  const derivedLength = (derivedKeyType) => {
    const name = normalize(derivedKeyType);
    if (name === 'AES-GCM') return aesLength(Number(derivedKeyType.length), 'OperationError');
    if (name === 'HMAC') return derivedKeyType.length === undefined ? BLOCK_BITS[hashOf(derivedKeyType)] : Number(derivedKeyType.length);
    throw error(`${name} keys cannot be derived`, 'NotSupportedError');
  };

  class SubtleCrypto {
    constructor(key) { if (key !== creating) throw new TypeError('Illegal constructor'); }

    async digest(algorithm, data) {
      const name = known(algorithmName(algorithm), DIGESTS);
      if (name === undefined) throw error('Unrecognized algorithm name', 'NotSupportedError');
      return natives.digest(name, bytesOf(data)).buffer;
    }

    async importKey(format, keyData, algorithm, extractable, usages) {
      const name = normalize(algorithm);
      const allowed = checkUsages(name, usages);
      let raw;
      if (format === 'raw') {
        raw = bytesOf(keyData, 'keyData');
      } else if (format === 'jwk' && (name === 'HMAC' || name === 'AES-GCM')) {
        if (keyData === null || typeof keyData !== 'object') throw new TypeError('The "keyData" argument must be a JWK object');
        if (keyData.kty !== 'oct') throw error('The JWK "kty" member must be "oct"', 'DataError');
        raw = base64url.decode(keyData.k);
        const alg = name === 'HMAC' ? JWK_HMAC[hashOf(algorithm)] : `A${raw.length * 8}GCM`;
        if (keyData.alg !== undefined && keyData.alg !== alg) throw error(`The JWK "alg" member must be "${alg}"`, 'DataError');
        if (keyData.ext === false && extractable) throw error('The JWK is not extractable', 'DataError');
        if (keyData.key_ops !== undefined && !allowed.every((u) => keyData.key_ops.includes(u))) {
          throw error('The JWK "key_ops" member does not include the usages', 'DataError');
        }
      } else {
        throw error(`Unsupported key format for ${name}: ${format}`, 'NotSupportedError');
      }
      if ((name === 'PBKDF2' || name === 'HKDF') && extractable) throw error(`${name} keys are not extractable`, 'SyntaxError');
      return makeKey(secretAlgorithm(name, algorithm, raw), raw, extractable, allowed);
    }

    async exportKey(format, key) {
      const slot = slots.get(key);
      if (slot === undefined) throw new TypeError('The "key" argument must be a CryptoKey');
      if (!slot.extractable) throw error('The key is not extractable', 'InvalidAccessError');
      if (format === 'raw') return slot.raw.slice().buffer;
      if (format === 'jwk') {
        const { name } = slot.algorithm;
        const alg = name === 'HMAC' ? JWK_HMAC[slot.algorithm.hash.name] : `A${slot.algorithm.length}GCM`;
        return { key_ops: [...slot.usages], ext: true, kty: 'oct', k: base64url.encode(slot.raw), alg };
      }
      throw error(`Unsupported key format: ${format}`, 'NotSupportedError');
    }

    async generateKey(algorithm, extractable, usages) {
      const name = normalize(algorithm);
      const allowed = checkUsages(name, usages);
      let bits;
      if (name === 'HMAC') {
        bits = algorithm.length === undefined ? BLOCK_BITS[hashOf(algorithm)] : Number(algorithm.length);
        if (!(bits > 0) || bits % 8 !== 0) throw error('jsrun makes HMAC keys of a whole number of bytes', 'OperationError');
      } else if (name === 'AES-GCM') {
        bits = aesLength(Number(algorithm.length), 'OperationError');
      } else {
        throw error(`${name} keys cannot be generated`, 'NotSupportedError');
      }
      const raw = new Uint8Array(bits / 8);
      for (let at = 0; at < raw.length; at += QUOTA) raw.set(natives.random(Math.min(QUOTA, raw.length - at)), at);
      return makeKey(secretAlgorithm(name, algorithm, raw), raw, extractable, allowed);
    }

    async sign(algorithm, key, data) {
      const slot = keyFor(key, normalize(algorithm), 'sign');
      if (slot.algorithm.name !== 'HMAC') throw error(`${slot.algorithm.name} cannot sign`, 'InvalidAccessError');
      return natives.hmac(slot.algorithm.hash.name, slot.raw, bytesOf(data)).buffer;
    }

    async verify(algorithm, key, signature, data) {
      const slot = keyFor(key, normalize(algorithm), 'verify');
      if (slot.algorithm.name !== 'HMAC') throw error(`${slot.algorithm.name} cannot verify`, 'InvalidAccessError');
      return natives.hmac(slot.algorithm.hash.name, slot.raw, bytesOf(data), bytesOf(signature, 'signature'));
    }

    async encrypt(algorithm, key, data) {
      const slot = keyFor(key, normalize(algorithm), 'encrypt');
      return natives.aesGcm(true, slot.raw, ...gcmParams(algorithm), bytesOf(data)).buffer;
    }

    async decrypt(algorithm, key, data) {
      const slot = keyFor(key, normalize(algorithm), 'decrypt');
      const bytes = bytesOf(data);
      if (bytes.length < 16) throw error('The data is shorter than its tag', 'OperationError');
      return natives.aesGcm(false, slot.raw, ...gcmParams(algorithm), bytes).buffer;
    }

    async deriveBits(algorithm, baseKey, length) {
      const name = normalize(algorithm);
      const slot = keyFor(baseKey, name, 'deriveBits');
      return derive(name, algorithm, slot, length);
    }

    async deriveKey(algorithm, baseKey, derivedKeyType, extractable, usages) {
      const name = normalize(algorithm);
      const slot = keyFor(baseKey, name, 'deriveKey');
      const bits = derive(name, algorithm, slot, derivedLength(derivedKeyType));
      return this.importKey('raw', bits, derivedKeyType, extractable, usages);
    }

    async wrapKey(format, key, wrappingKey, wrapAlgorithm) {
      const slot = keyFor(wrappingKey, normalize(wrapAlgorithm), 'wrapKey');
      const exported = await this.exportKey(format, key);
      const bytes = format === 'jwk' ? ascii.encode(JSON.stringify(exported)) : new Uint8Array(exported);
      return natives.aesGcm(true, slot.raw, ...gcmParams(wrapAlgorithm), bytes).buffer;
    }

    async unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm, extractable, usages) {
      const slot = keyFor(unwrappingKey, normalize(unwrapAlgorithm), 'unwrapKey');
      const bytes = natives.aesGcm(false, slot.raw, ...gcmParams(unwrapAlgorithm), bytesOf(wrappedKey, 'wrappedKey'));
      let keyData = bytes;
      if (format === 'jwk') {
        try {
          keyData = JSON.parse(ascii.decode(bytes));
        } catch {
          throw error('The unwrapped key is not a JWK', 'DataError');
        }
      }
      return this.importKey(format, keyData, unwrappedKeyAlgorithm, extractable, usages);
    }
  }
  const derive = (name, algorithm, slot, length) => {
    if (length === null || length === undefined || Number(length) % 8 !== 0) {
      throw error('The length must be a multiple of 8 bits', 'OperationError');
    }
    const bytes = Number(length) / 8;
    if (bytes > MAX_DERIVED) throw error('jsrun derives at most 1 MiB at a time', 'OperationError');
    const hash = hashOf(algorithm);
    if (algorithm.salt === undefined) throw new TypeError('The "salt" member is required');
    const salt = bytesOf(algorithm.salt, 'salt');
    if (name === 'PBKDF2') {
      const iterations = Number(algorithm.iterations);
      if (!(iterations >= 1)) throw error('PBKDF2 needs at least one iteration', 'OperationError');
      // The work runs in one native call that a timeout cannot stop: bounded (~0.5 s with SHA-256).
      if (Math.floor(iterations) * Math.ceil(bytes / HASH_BYTES[hash]) > MAX_PBKDF2_BLOCKS) {
        throw error('jsrun caps PBKDF2 at 4,194,304 HMAC blocks (iterations × output blocks)', 'OperationError');
      }
      return natives.pbkdf2(hash, slot.raw, salt, Math.floor(iterations), bytes).buffer;
    }
    if (algorithm.info === undefined) throw new TypeError('The "info" member is required');
    return natives.hkdf(hash, slot.raw, salt, bytesOf(algorithm.info, 'info'), bytes).buffer;
  };

  const subtle = new SubtleCrypto(creating);
  class Crypto {
    constructor(key) { if (key !== creating) throw new TypeError('Illegal constructor'); }
    get subtle() { return subtle; }
    getRandomValues(array) {
      if (!(this instanceof Crypto)) throw new TypeError('Illegal invocation');
      if (!INTEGER_ARRAYS.some((type) => array instanceof type)) {
        throw new DOMException('The data argument must be an integer-type TypedArray', 'TypeMismatchError');
      }
      if (array.byteLength > QUOTA) {
        throw new DOMException('The requested length exceeds 65,536 bytes', 'QuotaExceededError');
      }
      new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(natives.random(array.byteLength));
      return array;
    }
    randomUUID() {
      if (!(this instanceof Crypto)) throw new TypeError('Illegal invocation');
      const b = natives.random(16);
      b[6] = (b[6] & 0x0f) | 0x40;
      b[8] = (b[8] & 0x3f) | 0x80;
      const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }
  }
  for (const [cls, tag] of [[Crypto, 'Crypto'], [SubtleCrypto, 'SubtleCrypto'], [CryptoKey, 'CryptoKey']]) {
    Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: tag, configurable: true });
  }
  return { crypto: new Crypto(creating), Crypto, SubtleCrypto, CryptoKey };
})

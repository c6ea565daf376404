// crypto (Web Crypto): getRandomValues, randomUUID and subtle.digest
// (SHA-1, SHA-256, SHA-384, SHA-512), over Rust's getrandom and RustCrypto.
// The rest of SubtleCrypto rejects with NotSupportedError.
(function (uses, natives) {
  'use strict';
  const { DOMException } = uses.events;
  const creating = Symbol('creating');
  const INTEGER_ARRAYS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array,
    Uint32Array, BigInt64Array, BigUint64Array];
  const QUOTA = 65536;
  const DIGESTS = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];

  const bytesOf = (data) => {
    if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    throw new TypeError('The "data" argument must be an ArrayBuffer or an ArrayBufferView');
  };
  const algorithmName = (algorithm) => {
    const name = typeof algorithm === 'string' ? algorithm : algorithm?.name;
    if (name === undefined) throw new TypeError('The "algorithm" argument must have a name');
    return String(name);
  };

  class SubtleCrypto {
    constructor(key) { if (key !== creating) throw new TypeError('Illegal constructor'); }
    async digest(algorithm, data) {
      const name = algorithmName(algorithm).toUpperCase();
      const known = DIGESTS.find((d) => d === name);
      if (known === undefined) throw new DOMException('Unrecognized algorithm name', 'NotSupportedError');
      return natives.digest(known, bytesOf(data)).buffer;
    }
  }
  for (const method of ['encrypt', 'decrypt', 'sign', 'verify', 'generateKey', 'deriveKey', 'deriveBits',
    'importKey', 'exportKey', 'wrapKey', 'unwrapKey']) {
    Object.defineProperty(SubtleCrypto.prototype, method, {
      async value() { throw new DOMException(`SubtleCrypto.${method} is not supported by jsrun`, 'NotSupportedError'); },
      writable: true,
      configurable: true,
    });
  }

  class CryptoKey {
    constructor() { throw new TypeError('Illegal constructor'); }
  }

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

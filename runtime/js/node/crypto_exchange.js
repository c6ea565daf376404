// `node:crypto`'s key agreement: ECDH objects (createECDH on prime256v1,
// secp384r1, secp521r1 and secp256k1; ECDH.convertKey) and diffieHellman()
// on EC and X25519 KeyObjects. The curve work is the Web Crypto natives'
// (natives.ec, natives.x25519: RustCrypto); `keys` is crypto_keys.js's.
(function (natives, Buffer, errors, keys) {
  'use strict';
  const { slotOf, createPrivateKey, createPublicKey, KeyObject, CURVES, FIELD_BYTES } = keys.internals;
  const error = (Kind, code, message) => Object.assign(new Kind(message), { code });
  const FORMATS = ['uncompressed', 'compressed', 'hybrid'];

  const bytesOf = (value, encoding, name) => {
    if (typeof value === 'string') return new Uint8Array(Buffer.from(value, encoding || 'utf8'));
    if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    throw errors.invalidArgType(`"${name}" argument`, 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView', value);
  };
  const output = (bytes, encoding) => {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return encoding && encoding !== 'buffer' ? buffer.toString(encoding) : buffer;
  };
  // The natives' name for a curve Node names (createECDH takes OpenSSL's short names only).
  const curveOf = (name) => {
    if (typeof name !== 'string') throw errors.invalidArgType('"curve" argument', 'of type string', name);
    const web = Object.hasOwn(CURVES, name) ? CURVES[name] : undefined;
    if (web === undefined) throw error(TypeError, 'ERR_CRYPTO_INVALID_CURVE', 'Invalid EC curve name');
    return web;
  };
  const formatOf = (format) => {
    if (format === undefined || format === null) return 'uncompressed';
    if (!FORMATS.includes(format)) throw error(TypeError, 'ERR_CRYPTO_ECDH_INVALID_FORMAT', `Invalid ECDH format: ${format}`);
    return format;
  };
  const invalidPublic = () => error(Error, 'ERR_CRYPTO_ECDH_INVALID_PUBLIC_KEY', 'Public key is not valid for specified curve');
  // An uncompressed SEC1 point, from any of the three forms (a hybrid one's parity checked).
  const pointOf = (web, bytes) => {
    let point = bytes;
    if ((bytes[0] === 6 || bytes[0] === 7) && bytes.length % 2 === 1) {
      if ((bytes[bytes.length - 1] & 1) !== (bytes[0] & 1)) throw invalidPublic();
      point = Uint8Array.from(bytes);
      point[0] = 4;
    }
    try {
      return natives.ec('point', web, point);
    } catch {
      throw invalidPublic();
    }
  };
  // The point in `format`, from its uncompressed form.
  const formatted = (web, point, format) => {
    if (format === 'compressed') return natives.ec('compressed', web, point);
    if (format === 'hybrid') {
      const hybrid = Uint8Array.from(point);
      hybrid[0] = 6 | (point[point.length - 1] & 1);
      return hybrid;
    }
    return point;
  };
  // Node gives a scalar without its leading zero bytes.
  const trimmed = (scalar) => {
    let at = 0;
    while (at < scalar.length - 1 && scalar[at] === 0) at++;
    return scalar.subarray(at);
  };

  class ECDH {
    #web;
    #scalar = null;
    #point = null;
    constructor(curve) {
      this.#web = curveOf(curve);
    }
    static convertKey(key, curve, inputEncoding, outputEncoding, format) {
      const web = curveOf(curve);
      const bytes = bytesOf(key, inputEncoding, 'key');
      const shape = formatOf(format);
      // The point at infinity has one form.
      if (bytes.length === 1 && bytes[0] === 0) return output(Uint8Array.of(0), outputEncoding);
      return output(formatted(web, pointOf(web, bytes), shape), outputEncoding);
    }
    generateKeys(encoding, format) {
      [this.#scalar, this.#point] = natives.ec('generate', this.#web);
      return this.getPublicKey(encoding, format);
    }
    // (The public key is checked first, as Node 22 does; Node 20 first asks for the private one.)
    computeSecret(key, inputEncoding, outputEncoding) {
      const point = pointOf(this.#web, bytesOf(key, inputEncoding, 'key'));
      if (this.#scalar === null) throw error(RangeError, 'ERR_CRYPTO_INVALID_KEYPAIR', 'Invalid key pair');
      return output(natives.ec('ecdh', this.#web, this.#scalar, point), outputEncoding);
    }
    getPublicKey(encoding, format) {
      const shape = formatOf(format);
      if (this.#point === null) throw error(Error, 'ERR_CRYPTO_OPERATION_FAILED', 'Failed to get ECDH public key');
      return output(formatted(this.#web, this.#point, shape), encoding);
    }
    getPrivateKey(encoding) {
      if (this.#scalar === null) throw error(Error, 'ERR_CRYPTO_OPERATION_FAILED', 'Failed to get ECDH private key');
      return output(trimmed(this.#scalar), encoding);
    }
    setPrivateKey(key, encoding) {
      const bytes = bytesOf(key, encoding, 'key');
      // Node takes the scalar as a number: leading zero bytes may be left out.
      const scalar = new Uint8Array(Math.max(FIELD_BYTES[this.#web], bytes.length));
      scalar.set(bytes, scalar.length - bytes.length);
      try {
        [this.#scalar, this.#point] = natives.ec('private', this.#web, scalar);
      } catch {
        throw error(RangeError, 'ERR_CRYPTO_INVALID_KEYTYPE', 'Private key is not valid for specified curve.');
      }
      return this;
    }
    // Deprecated in Node: it sets a public key that need not match the private one.
    setPublicKey(key, encoding) {
      this.#point = pointOf(this.#web, bytesOf(key, encoding, 'key'));
      return this;
    }
  }

  const option = (options, name) => {
    const value = options?.[name];
    if (!(value instanceof KeyObject)) {
      throw error(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'options.${name}' is invalid. Received ${value}`);
    }
    return value;
  };
  // diffieHellman({ privateKey, publicKey }): the shared secret of two KeyObjects.
  const diffieHellman = (options) => {
    if (options === null || typeof options !== 'object') throw errors.invalidArgType('"options" argument', 'of type object', options);
    const mine = slotOf(createPrivateKey(option(options, 'privateKey')));
    const theirs = slotOf(createPublicKey(option(options, 'publicKey')));
    if (mine.kind !== theirs.kind) {
      throw error(Error, 'ERR_CRYPTO_INCOMPATIBLE_KEY', `Incompatible key types for Diffie-Hellman: ${mine.kind} and ${theirs.kind}`);
    }
    if (mine.kind === 'x25519') {
      const secret = natives.x25519('fromPkcs8', mine.pkcs8)[0];
      return output(natives.x25519('ecdh', secret, natives.x25519('fromSpki', theirs.spki)));
    }
    if (mine.kind !== 'ec') {
      throw error(Error, 'ERR_CRYPTO_INCOMPATIBLE_KEY', `Incompatible key types for Diffie-Hellman: ${mine.kind} and ${theirs.kind}`);
    }
    if (mine.curve !== theirs.curve) {
      throw error(Error, 'ERR_OSSL_MISMATCHING_DOMAIN_PARAMETERS', 'error:1C8000CB:Provider routines::mismatching domain parameters');
    }
    const web = CURVES[mine.curve];
    const [scalar] = natives.ec('fromPkcs8', web, mine.pkcs8);
    return output(natives.ec('ecdh', web, scalar, natives.ec('fromSpki', web, theirs.spki)));
  };

  return { ECDH, createECDH: (curve) => new ECDH(curve), diffieHellman };
})

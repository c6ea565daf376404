// `node:crypto`'s keys and what uses them: KeyObject (secret, public,
// private; PEM, DER and JWK), Sign and Verify, sign()/verify(), key pair
// generation, PBKDF2 and HKDF. The computing is the Web Crypto natives'
// (RustCrypto, runtime/src/web) and the encodings runtime/src/node/keys.rs's;
// a private key is kept as PKCS#8 and a public key as SPKI.
(function (natives, Buffer, streams) {
  'use strict';
  const error = (Kind, code, message) => Object.assign(new Kind(message), { code });
  const invalidArg = (name, expected, value) => error(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "${name}" argument must be ${expected}. Received ${value === null ? 'null' : typeof value}`);
  const isBytes = (v) => ArrayBuffer.isView(v) || v instanceof ArrayBuffer;
  const bytesOf = (v, encoding) => {
    if (typeof v === 'string') return new Uint8Array(Buffer.from(v, encoding || 'utf8'));
    if (v instanceof ArrayBuffer) return new Uint8Array(v.slice(0));
    if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
    throw invalidArg('data', 'of type string or an instance of Buffer, TypedArray, or DataView', v);
  };
  const toBuffer = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const output = (bytes, encoding) => (encoding && encoding !== 'buffer' ? toBuffer(bytes).toString(encoding) : toBuffer(bytes));
  const b64url = (bytes) => toBuffer(bytes).toString('base64url');
  const fromB64url = (text) => new Uint8Array(Buffer.from(String(text ?? ''), 'base64url'));

  // Node's digest names to Web Crypto's (the RSA and PBKDF2 natives take those).
  const HASHES = { sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };
  const HASH_BYTES = { 'SHA-1': 20, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };
  const hashOf = (name) => {
    const plain = String(name).toLowerCase().replace(/^(rsa-|ecdsa-with-)/, '').replace(/withrsaencryption$/, '')
      .replace(/^sha-/, 'sha');
    const hash = HASHES[plain];
    if (hash === undefined) throw error(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${name}`);
    return hash;
  };
  const digest = (hash, data) => natives.hash(hash.replace('-', '').toLowerCase(), data);

  // Node's curve names to the natives' (and JWK's `crv`).
  const CURVES = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521', secp256k1: 'secp256k1' };
  const CURVE_ALIASES = {
    'P-256': 'prime256v1', secp256r1: 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1', secp256k1: 'secp256k1',
  };
  const FIELD_BYTES = { 'P-256': 32, 'P-384': 48, 'P-521': 66, secp256k1: 32 };
  const OKP = { ed25519: 'Ed25519', x25519: 'X25519' };

  const slots = new WeakMap();
  const creating = Symbol('creating');
  const slotOf = (key) => {
    const slot = slots.get(key);
    if (slot === undefined) throw new TypeError('Illegal invocation');
    return slot;
  };

  class KeyObject {
    constructor(type, slot) {
      if (slot?.[creating] !== true) {
        throw error(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'type' is invalid. Received ${type}`);
      }
      slots.set(this, { ...slot, type });
    }
    get type() { return slotOf(this).type; }
    get symmetricKeySize() {
      const slot = slotOf(this);
      return slot.type === 'secret' ? slot.secret.length : undefined;
    }
    get asymmetricKeyType() {
      const slot = slotOf(this);
      return slot.type === 'secret' ? undefined : slot.kind;
    }
    get asymmetricKeyDetails() {
      const slot = slotOf(this);
      if (slot.type === 'secret') return undefined;
      if (slot.kind === 'ec') return { namedCurve: slot.curve };
      if (slot.kind.startsWith('rsa')) {
        const [modulusLength, exponent] = natives.rsa('info', slot.spki);
        return { modulusLength, publicExponent: BigInt(`0x${toBuffer(exponent).toString('hex') || '0'}`) };
      }
      return {};
    }
    export(options) {
      const slot = slotOf(this);
      const format = options?.format;
      if (slot.type === 'secret') {
        if (format === 'jwk') return { kty: 'oct', k: b64url(slot.secret) };
        return toBuffer(slot.secret.slice());
      }
      if (format === 'jwk') return toJwk(slot);
      if (format !== 'pem' && format !== 'der') {
        throw error(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'options.format' is invalid. Received ${format}`);
      }
      const isPrivate = slot.type === 'private';
      const type = options.type ?? (isPrivate ? 'pkcs8' : 'spki');
      // An encrypted private key: PKCS#8 (PBES2) in PEM or DER, PKCS#1 and SEC1 in legacy PEM only.
      const { cipher, passphrase } = options;
      if (cipher !== undefined || passphrase !== undefined) {
        if (typeof cipher !== 'string') {
          throw error(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'options.cipher' is invalid. Received ${cipher}`);
        }
        if (passphrase === undefined) {
          throw error(TypeError, 'ERR_INVALID_ARG_VALUE', "The property 'options.passphrase' is invalid. Received undefined");
        }
        // (OpenSSL's other ciphers are known, and refused by keys.rs: jsrun encrypts keys with AES-CBC.)
        if (!/^(aes|id-aes|des|camellia|aria|chacha20|bf|cast|sm4|seed|rc2|rc4|idea)/i.test(cipher)) {
          throw error(Error, 'ERR_CRYPTO_UNKNOWN_CIPHER', 'Unknown cipher');
        }
        if (type !== 'pkcs8' && format === 'der') {
          throw error(Error, 'ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS', `The selected key encoding ${type} does not support encryption.`);
        }
      }
      const secret = passphrase === undefined ? undefined : bytesOf(passphrase, options.encoding);
      const out = natives.keys('encode', isPrivate ? slot.pkcs8 : slot.spki, isPrivate, slot.kind, type, format === 'pem',
        cipher, secret);
      return typeof out === 'string' ? out : toBuffer(out);
    }
    equals(other) {
      if (!(other instanceof KeyObject)) throw invalidArg('otherKeyObject', 'an instance of KeyObject', other);
      const [a, b] = [slotOf(this), slotOf(other)];
      if (a.type !== b.type) return false;
      const x = a.type === 'secret' ? a.secret : a.type === 'private' ? a.pkcs8 : a.spki;
      const y = b.type === 'secret' ? b.secret : b.type === 'private' ? b.pkcs8 : b.spki;
      return x.length === y.length && x.every((byte, i) => byte === y[i]);
    }
  }
  // KeyObject.from(cryptoKey): the same key, from Web Crypto's slot.
  const CURVE_NAMES = Object.fromEntries(Object.entries(CURVES).map(([node, web]) => [web, node]));
  KeyObject.from = function from(key) {
    if (!(key instanceof platform.CryptoKey)) throw invalidArg('key', 'an instance of CryptoKey', key);
    const slot = natives.webGroup('crypto').keySlot(key);
    if (slot.type === 'secret') return secretKey(slot.raw.slice());
    const isPrivate = slot.type === 'private';
    const { name, namedCurve } = slot.algorithm;
    if (namedCurve !== undefined) {
      const der = isPrivate ? natives.ec('toPkcs8', namedCurve, slot.raw) : natives.ec('toSpki', namedCurve, slot.raw);
      return asymmetricKey([slot.type, 'ec', CURVE_NAMES[namedCurve], der]);
    }
    if (name === 'Ed25519' || name === 'X25519') {
      const kind = name.toLowerCase();
      return asymmetricKey([slot.type, kind, '', natives[kind](isPrivate ? 'toPkcs8' : 'toSpki', slot.raw)]);
    }
    // RSA: the slot holds PKCS#8 or SPKI already.
    return asymmetricKey([slot.type, 'rsa', '', slot.raw.slice()]);
  };
  Object.defineProperty(KeyObject.prototype, Symbol.toStringTag, { value: 'KeyObject', configurable: true });
  class SecretKeyObject extends KeyObject {}
  class PublicKeyObject extends KeyObject {}
  class PrivateKeyObject extends KeyObject {}

  const secretKey = (secret) => new SecretKeyObject('secret', { [creating]: true, secret });
  // From [type, kind, curve, der] as natives.keys('decode') gives it.
  const asymmetricKey = ([type, kind, curve, der]) => {
    if (type === 'private') {
      const spki = natives.keys('public', kind, der);
      return new PrivateKeyObject('private', { [creating]: true, kind, curve, pkcs8: der, spki });
    }
    return new PublicKeyObject('public', { [creating]: true, kind, curve, spki: der });
  };
  const publicOf = (key) => {
    const slot = slotOf(key);
    return new PublicKeyObject('public', { [creating]: true, kind: slot.kind, curve: slot.curve, spki: slot.spki });
  };

  // A JWK's parts, through the natives that read them.
  const fromJwk = (jwk) => {
    if (jwk === null || typeof jwk !== 'object') throw invalidArg('key.key', 'of type object', jwk);
    const isPrivate = jwk.d !== undefined;
    if (jwk.kty === 'RSA') {
      const parts = (isPrivate ? ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] : ['n', 'e']).map((k) => fromB64url(jwk[k]));
      const made = natives.rsa('fromJwk', ...parts);
      return isPrivate ? ['private', 'rsa', '', made[0]] : ['public', 'rsa', '', made];
    }
    if (jwk.kty === 'EC') {
      const curve = CURVE_ALIASES[jwk.crv];
      const web = CURVES[curve];
      if (web === undefined) throw error(TypeError, 'ERR_CRYPTO_INVALID_CURVE', 'Invalid EC curve name');
      if (isPrivate) {
        const [scalar] = natives.ec('private', web, fromB64url(jwk.d));
        return ['private', 'ec', curve, natives.ec('toPkcs8', web, scalar)];
      }
      const point = new Uint8Array([4, ...fromB64url(jwk.x), ...fromB64url(jwk.y)]);
      return ['public', 'ec', curve, natives.ec('toSpki', web, natives.ec('point', web, point))];
    }
    if (jwk.kty === 'OKP' && (jwk.crv === 'Ed25519' || jwk.crv === 'X25519')) {
      const kind = jwk.crv.toLowerCase();
      const native = natives[kind];
      if (isPrivate) return ['private', kind, '', native('toPkcs8', native('private', fromB64url(jwk.d))[0])];
      return ['public', kind, '', native('toSpki', native('point', fromB64url(jwk.x)))];
    }
    throw error(TypeError, 'ERR_CRYPTO_INVALID_JWK', 'Invalid JWK data');
  };
  const toJwk = (slot) => {
    const isPrivate = slot.type === 'private';
    if (slot.kind === 'rsa') {
      const names = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'];
      const parts = natives.rsa('jwk', isPrivate ? slot.pkcs8 : slot.spki, isPrivate);
      return Object.fromEntries([['kty', 'RSA'], ...parts.map((part, i) => [names[i], b64url(part)])]);
    }
    if (slot.kind === 'ec') {
      const web = CURVES[slot.curve];
      const n = FIELD_BYTES[web];
      const point = natives.ec('fromSpki', web, slot.spki);
      const jwk = { kty: 'EC', x: b64url(point.subarray(1, 1 + n)), y: b64url(point.subarray(1 + n)), crv: web };
      if (isPrivate) jwk.d = b64url(natives.ec('fromPkcs8', web, slot.pkcs8)[0]);
      return jwk;
    }
    if (OKP[slot.kind]) {
      const native = natives[slot.kind];
      const jwk = { crv: OKP[slot.kind] };
      if (isPrivate) jwk.d = b64url(native('fromPkcs8', slot.pkcs8)[0]);
      jwk.x = b64url(native('fromSpki', slot.spki));
      jwk.kty = 'OKP';
      return jwk;
    }
    throw error(Error, 'ERR_CRYPTO_JWK_UNSUPPORTED_KEY_TYPE', 'Unsupported JWK Key Type.');
  };

  // What createPublicKey/createPrivateKey/sign/verify take: a KeyObject, PEM
  // (a string or bytes), or { key, format, type, encoding }.
  const decodeKey = (input, wantPrivate) => {
    if (input instanceof KeyObject) return input;
    let key = input;
    let format = 'pem';
    let type;
    let encoding;
    let passphrase;
    if (key !== null && typeof key === 'object' && !isBytes(key)) {
      ({ key, format = 'pem', type, encoding, passphrase } = input);
      if (key instanceof KeyObject) return key;
    }
    if (format === 'jwk') return asymmetricKey(fromJwk(key));
    if (typeof key !== 'string' && !isBytes(key)) {
      throw invalidArg('key', 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey', key);
    }
    if (format !== 'pem' && format !== 'der') {
      throw error(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'key.format' is invalid. Received ${format}`);
    }
    const data = bytesOf(key, encoding);
    const secret = passphrase == null ? undefined : bytesOf(passphrase, encoding);
    return asymmetricKey(natives.keys('decode', data, format === 'pem', type ?? '', !wantPrivate, secret));
  };
  const createPrivateKey = (key) => {
    const made = decodeKey(key, true);
    if (made.type === 'public' && !(key instanceof KeyObject)) {
      throw error(Error, 'ERR_OSSL_UNSUPPORTED', 'A public key was given where a private key is needed');
    }
    if (made.type !== 'private') {
      throw error(TypeError, 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE', `Invalid key object type ${made.type}, expected private.`);
    }
    return made;
  };
  const createPublicKey = (key) => {
    const made = decodeKey(key, false);
    if (made.type === 'secret') {
      throw error(TypeError, 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE', 'Invalid key object type secret, expected private.');
    }
    return made.type === 'private' ? publicOf(made) : made;
  };
  const createSecretKey = (key, encoding) => {
    if (typeof key === 'string') return secretKey(bytesOf(key, encoding));
    if (!isBytes(key)) throw invalidArg('key', 'an instance of ArrayBuffer, Buffer, TypedArray, or DataView', key);
    return secretKey(bytesOf(key));
  };

  // ECDSA signatures: r ‖ s (IEEE P1363, what the natives use) and DER.
  const derInteger = (bytes) => {
    let at = 0;
    while (at < bytes.length - 1 && bytes[at] === 0) at++;
    const body = bytes[at] & 0x80 ? [0, ...bytes.subarray(at)] : [...bytes.subarray(at)];
    return [2, body.length, ...body];
  };
  const toDer = (signature) => {
    const half = signature.length / 2;
    const body = [...derInteger(signature.subarray(0, half)), ...derInteger(signature.subarray(half))];
    const length = body.length < 128 ? [body.length] : [0x81, body.length];
    return new Uint8Array([0x30, ...length, ...body]);
  };
  const fromDer = (der, n) => {
    const out = new Uint8Array(2 * n);
    let at = der[1] & 0x80 ? 2 + (der[1] & 0x7f) : 2;
    if (der[0] !== 0x30) return undefined;
    for (let i = 0; i < 2; i++) {
      if (der[at] !== 2) return undefined;
      const length = der[at + 1];
      let value = der.subarray(at + 2, at + 2 + length);
      while (value.length > n && value[0] === 0) value = value.subarray(1);
      if (value.length > n) return undefined;
      out.set(value, i * n + n - value.length);
      at += 2 + length;
    }
    return out;
  };

  const RSA_PKCS1_PSS_PADDING = 6;
  const RSA_PSS_SALTLEN_DIGEST = -1;
  const RSA_PSS_SALTLEN_MAX_SIGN = -2;
  const saltLength = (slot, hash, asked) => {
    const [bits] = natives.rsa('info', slot.spki);
    const most = Math.ceil((bits - 1) / 8) - HASH_BYTES[hash] - 2;
    if (asked === undefined || asked === RSA_PSS_SALTLEN_MAX_SIGN) return most;
    if (asked === RSA_PSS_SALTLEN_DIGEST) return HASH_BYTES[hash];
    return asked;
  };
  const options = (key) => (key !== null && typeof key === 'object' && !isBytes(key) && !(key instanceof KeyObject) ? key : {});
  const ecOf = (slot) => CURVES[slot.curve];

  const signWith = (algorithm, data, input) => {
    const key = createPrivateKey(input);
    const slot = slotOf(key);
    const { padding, saltLength: salt, dsaEncoding = 'der' } = options(input);
    if (OKP[slot.kind] === 'Ed25519') return natives.ed25519('sign', natives.ed25519('fromPkcs8', slot.pkcs8)[0], data);
    if (algorithm == null) throw invalidArg('algorithm', 'of type string', algorithm);
    const hash = hashOf(algorithm);
    if (slot.kind === 'rsa' || slot.kind === 'rsa-pss') {
      const pss = slot.kind === 'rsa-pss' || padding === RSA_PKCS1_PSS_PADDING;
      return natives.rsa('sign', pss ? 'pss' : 'pkcs1', hash, slot.pkcs8, data, pss ? saltLength(slot, hash, salt) : 0);
    }
    if (slot.kind === 'ec') {
      const curve = ecOf(slot);
      const signature = natives.ec('sign', curve, natives.ec('fromPkcs8', curve, slot.pkcs8)[0], digest(hash, data));
      return dsaEncoding === 'ieee-p1363' ? signature : toDer(signature);
    }
    throw error(TypeError, 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE', `jsrun cannot sign with a ${slot.kind} key`);
  };
  const verifyWith = (algorithm, data, input, signature) => {
    const key = createPublicKey(input);
    const slot = slotOf(key);
    const { padding, saltLength: salt, dsaEncoding = 'der' } = options(input);
    if (OKP[slot.kind] === 'Ed25519') return natives.ed25519('verify', natives.ed25519('fromSpki', slot.spki), data, signature);
    if (algorithm == null) throw invalidArg('algorithm', 'of type string', algorithm);
    const hash = hashOf(algorithm);
    if (slot.kind === 'rsa' || slot.kind === 'rsa-pss') {
      if (!(slot.kind === 'rsa-pss' || padding === RSA_PKCS1_PSS_PADDING)) {
        return natives.rsa('verify', 'pkcs1', hash, slot.spki, data, signature, 0);
      }
      // Without a length given, Node finds it in the signature: the usual two are tried.
      const lengths = salt === undefined || salt === RSA_PSS_SALTLEN_MAX_SIGN
        ? [saltLength(slot, hash), HASH_BYTES[hash]] : [saltLength(slot, hash, salt)];
      return lengths.some((n) => natives.rsa('verify', 'pss', hash, slot.spki, data, signature, n));
    }
    if (slot.kind === 'ec') {
      const curve = ecOf(slot);
      const plain = dsaEncoding === 'ieee-p1363' ? signature : fromDer(signature, FIELD_BYTES[curve]);
      if (plain === undefined || plain.length !== 2 * FIELD_BYTES[curve]) return false;
      return natives.ec('verify', curve, natives.ec('fromSpki', curve, slot.spki), digest(hash, data), plain);
    }
    throw error(TypeError, 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE', `jsrun cannot verify with a ${slot.kind} key`);
  };

  // Sign and Verify gather what update() gets; the algorithm is checked at once, as in Node.
  const gathered = Symbol('gathered');
  class Gathering {
    #algorithm; #chunks = [];
    constructor(algorithm) {
      hashOf(algorithm);
      this.#algorithm = algorithm;
    }
    update(data, encoding) {
      this.#chunks.push(bytesOf(data, encoding));
      return this;
    }
    // As a Writable stream (Node's Sign and Verify are): what is written is update()'s.
    _write(chunk, encoding, callback) {
      this.update(chunk, encoding);
      callback();
    }
    // f(algorithm, what update() got)
    [gathered](f) {
      return f(this.#algorithm, Buffer.concat(this.#chunks));
    }
  }
  Object.setPrototypeOf(Gathering.prototype, streams.base('Writable'));
  class Sign extends Gathering {
    sign(key, encoding) {
      return output(this[gathered]((algorithm, data) => signWith(algorithm, data, key)), encoding);
    }
  }
  class Verify extends Gathering {
    verify(key, signature, encoding) {
      return this[gathered]((algorithm, data) => verifyWith(algorithm, data, key, bytesOf(signature, encoding)));
    }
  }
  // Node's callback forms run the work now and call back later.
  const later = (callback, work) => {
    let result;
    try {
      result = work();
    } catch (failure) {
      platform.queueMicrotask(() => callback(failure));
      return;
    }
    platform.queueMicrotask(() => callback(null, ...result));
  };
  const sign = (algorithm, data, key, callback) => {
    const run = () => toBuffer(signWith(algorithm, bytesOf(data), key));
    if (typeof callback === 'function') return later(callback, () => [run()]);
    return run();
  };
  const verify = (algorithm, data, key, signature, callback) => {
    const run = () => verifyWith(algorithm, bytesOf(data), key, bytesOf(signature));
    if (typeof callback === 'function') return later(callback, () => [run()]);
    return run();
  };

  const generatePair = (type, settings = {}) => {
    let made;
    if (type === 'rsa') {
      const exponent = settings.publicExponent ?? 0x10001;
      const bytes = toBuffer(new Uint8Array(4));
      bytes.writeUInt32BE(exponent);
      const [pkcs8] = natives.rsa('generate', settings.modulusLength, new Uint8Array(bytes));
      made = ['private', 'rsa', '', pkcs8];
    } else if (type === 'ec') {
      const curve = CURVE_ALIASES[settings.namedCurve] ?? settings.namedCurve;
      const web = CURVES[curve];
      if (web === undefined) throw error(TypeError, 'ERR_CRYPTO_INVALID_CURVE', 'Invalid EC curve name');
      made = ['private', 'ec', curve, natives.ec('toPkcs8', web, natives.ec('generate', web)[0])];
    } else if (OKP[type]) {
      made = ['private', type, '', natives[type]('toPkcs8', natives[type]('generate')[0])];
    } else {
      throw error(TypeError, 'ERR_INVALID_ARG_VALUE',
        `The argument 'type' must be a supported key type (jsrun: rsa, ec, ed25519, x25519). Received '${type}'`);
    }
    const privateKey = asymmetricKey(made);
    const publicKey = publicOf(privateKey);
    const encoded = (key, encoding) => (encoding === undefined ? key : key.export(encoding));
    return {
      publicKey: encoded(publicKey, settings.publicKeyEncoding),
      privateKey: encoded(privateKey, settings.privateKeyEncoding),
    };
  };
  const generateKeyPair = (type, settings, callback) => {
    if (typeof settings === 'function') [settings, callback] = [undefined, settings];
    if (typeof callback !== 'function') throw invalidArg('callback', 'of type function', callback);
    later(callback, () => {
      const { publicKey, privateKey } = generatePair(type, settings);
      return [publicKey, privateKey];
    });
  };
  const generateKeySync = (type, { length } = {}) => {
    if (type !== 'hmac' && type !== 'aes') throw error(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'type' must be 'hmac' or 'aes'. Received '${type}'`);
    const secret = new Uint8Array(length / 8);
    platform.crypto.getRandomValues(secret);
    return secretKey(secret);
  };

  const keyBytes = (value, name) => {
    if (value instanceof KeyObject) return slotOf(value).secret;
    if (typeof value === 'string' || isBytes(value)) return bytesOf(value);
    throw invalidArg(name, 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView', value);
  };
  const pbkdf2Sync = (password, salt, iterations, keylen, digestName) => toBuffer(
    natives.pbkdf2(hashOf(digestName), keyBytes(password, 'password'), keyBytes(salt, 'salt'), iterations, keylen));
  const pbkdf2 = (password, salt, iterations, keylen, digestName, callback) => {
    if (typeof callback !== 'function') throw invalidArg('callback', 'of type function', callback);
    later(callback, () => [pbkdf2Sync(password, salt, iterations, keylen, digestName)]);
  };
  // Node gives HKDF's bytes as an ArrayBuffer.
  const hkdfSync = (digestName, ikm, salt, info, keylen) => natives.hkdf(hashOf(digestName), keyBytes(ikm, 'ikm'),
    keyBytes(salt, 'salt'), keyBytes(info, 'info'), keylen).buffer;
  const hkdf = (digestName, ikm, salt, info, keylen, callback) => {
    if (typeof callback !== 'function') throw invalidArg('callback', 'of type function', callback);
    later(callback, () => [hkdfSync(digestName, ikm, salt, info, keylen)]);
  };

  const scryptParams = (options = {}) => {
    const pick = (a, b, fallback) => {
      if (options[a] !== undefined && options[b] !== undefined) {
        throw error(Error, 'ERR_CRYPTO_SCRYPT_INVALID_PARAMETER', 'Invalid scrypt parameter');
      }
      return options[a] ?? options[b] ?? fallback;
    };
    const n = pick('N', 'cost', 16384);
    const r = pick('r', 'blockSize', 8);
    const p = pick('p', 'parallelization', 1);
    const maxmem = options.maxmem ?? 32 << 20;
    const invalid = (detail = '') => error(RangeError, 'ERR_CRYPTO_INVALID_SCRYPT_PARAMS', `Invalid scrypt params${detail}`);
    if (!Number.isSafeInteger(n) || n < 2 || (n & (n - 1)) !== 0 || !(r >= 1) || !(p >= 1)) throw invalid();
    // OpenSSL's count: the N·r·128-byte table (and two blocks) besides p·r·128 bytes.
    if (128 * r * (n + 2) + 128 * r * p > maxmem) throw invalid(': memory limit exceeded');
    return [Math.log2(n), r, p];
  };
  const scryptSync = (password, salt, keylen, options) => toBuffer(
    natives.scrypt(keyBytes(password, 'password'), keyBytes(salt, 'salt'), ...scryptParams(options), keylen));
  const scrypt = (password, salt, keylen, options, callback) => {
    if (typeof options === 'function') [options, callback] = [undefined, options];
    if (typeof callback !== 'function') throw invalidArg('callback', 'of type function', callback);
    later(callback, () => [scryptSync(password, salt, keylen, options)]);
  };

  return {
    secretKeyBytes: keyBytes,
    // For crypto_exchange.js.
    internals: { slotOf, createPrivateKey, createPublicKey, KeyObject, CURVES, FIELD_BYTES, hashOf, HASH_BYTES },
    api: {
      KeyObject,
      createSecretKey,
      createPublicKey,
      createPrivateKey,
      createSign: (algorithm) => new Sign(algorithm),
      createVerify: (algorithm) => new Verify(algorithm),
      Sign,
      Verify,
      sign,
      verify,
      generateKeyPairSync: generatePair,
      generateKeyPair,
      generateKeySync,
      pbkdf2,
      pbkdf2Sync,
      hkdf,
      hkdfSync,
      scrypt,
      scryptSync,
      getCurves: () => ['prime256v1', 'secp256k1', 'secp384r1', 'secp521r1'],
      constants: {
        RSA_PKCS1_PADDING: 1, RSA_NO_PADDING: 3, RSA_PKCS1_OAEP_PADDING: 4, RSA_PKCS1_PSS_PADDING, RSA_PSS_SALTLEN_DIGEST,
        RSA_PSS_SALTLEN_MAX_SIGN, RSA_PSS_SALTLEN_AUTO: -2, POINT_CONVERSION_COMPRESSED: 2, POINT_CONVERSION_UNCOMPRESSED: 4,
        POINT_CONVERSION_HYBRID: 6,
      },
    },
  };
})

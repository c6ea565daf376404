// crypto (Web Crypto): getRandomValues, randomUUID and crypto.subtle with
// SHA digests, HMAC, AES-GCM, AES-CBC, AES-CTR, AES-KW, PBKDF2, HKDF, ECDSA and
// ECDH (P-256, P-384, P-521), Ed25519, X25519, RSASSA-PKCS1-v1_5, RSA-PSS and
// RSA-OAEP, over Rust's getrandom and RustCrypto (runtime/src/web/subtle.rs,
// aes.rs, asymmetric.rs, rsa.rs).
(function (uses, natives) {
  'use strict';
  const { DOMException } = uses.events;
  const { TextEncoder, TextDecoder, atob, btoa } = uses.encoding;
  const { PlatformObject, root, serializable } = uses.platform_objects;
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
    'AES-GCM': { usages: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'], jwk: 'GCM' },
    'AES-CBC': { usages: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'], jwk: 'CBC' },
    'AES-CTR': { usages: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'], jwk: 'CTR' },
    'AES-KW': { usages: ['wrapKey', 'unwrapKey'], jwk: 'KW' },
    PBKDF2: { usages: ['deriveBits', 'deriveKey'] },
    HKDF: { usages: ['deriveBits', 'deriveKey'] },
    // Key pairs: what each half of a pair may be used for.
    ECDSA: { private: ['sign'], public: ['verify'] },
    ECDH: { private: ['deriveKey', 'deriveBits'], public: [] },
    Ed25519: { private: ['sign'], public: ['verify'] },
    X25519: { private: ['deriveKey', 'deriveBits'], public: [] },
    'RSASSA-PKCS1-v1_5': { private: ['sign'], public: ['verify'], rsa: 'RS' },
    'RSA-PSS': { private: ['sign'], public: ['verify'], rsa: 'PS' },
    'RSA-OAEP': { private: ['decrypt', 'unwrapKey'], public: ['encrypt', 'wrapKey'], rsa: 'RSA-OAEP' },
  };
  const SUPPORTED = `jsrun supports SHA digests, ${Object.keys(ALGORITHMS).join(', ')}`;
  const CURVES = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };
  const isAes = (name) => name.startsWith('AES-');
  // Web Crypto's KeyUsage order, in which a key lists its usages.
  const USAGE_ORDER = ['encrypt', 'decrypt', 'sign', 'verify', 'deriveKey', 'deriveBits', 'wrapKey', 'unwrapKey'];

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
  // Which algorithms each operation takes (the standard's registrations).
  const CIPHERS = ['RSA-OAEP', 'AES-CTR', 'AES-CBC', 'AES-GCM'];
  const OPERATIONS = {
    encrypt: CIPHERS,
    decrypt: CIPHERS,
    sign: ['RSASSA-PKCS1-v1_5', 'RSA-PSS', 'ECDSA', 'Ed25519', 'HMAC'],
    verify: ['RSASSA-PKCS1-v1_5', 'RSA-PSS', 'ECDSA', 'Ed25519', 'HMAC'],
    deriveBits: ['ECDH', 'X25519', 'HKDF', 'PBKDF2'],
    wrapKey: [...CIPHERS, 'AES-KW'],
    unwrapKey: [...CIPHERS, 'AES-KW'],
  };
  const normalize = (algorithm, operation = undefined) => {
    const name = known(algorithmName(algorithm), Object.keys(ALGORITHMS));
    if (name === undefined) throw error(`Unrecognized algorithm name (${SUPPORTED})`, 'NotSupportedError');
    if (operation !== undefined && !OPERATIONS[operation].includes(name)) throw error(`${name} cannot ${operation}`, 'NotSupportedError');
    return name;
  };
  const hashOf = (algorithm) => {
    if (algorithm.hash === undefined) throw new TypeError('The "hash" member is required');
    const name = known(algorithmName(algorithm.hash), DIGESTS);
    if (name === undefined) throw error('Unrecognized hash name', 'NotSupportedError');
    return name;
  };
  // JWK members are base64url: the runtime's atob and btoa with the two letters swapped.
  const base64url = {
    encode: (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
    decode(text) {
      if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
        throw error('A JWK member is not base64url', 'DataError');
      }
      return Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    },
  };
  const utf8 = { encoder: new TextEncoder(), decoder: new TextDecoder() };

  // A key's secret and properties live here, out of reach of the key's users.
  const slots = new WeakMap();
  class CryptoKey extends PlatformObject {
    constructor(key, slot) {
      if (key !== creating) throw new TypeError('Illegal constructor');
      super();
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
  root(CryptoKey);
  // structuredClone copies a key, extractable or not (as browsers do).
  serializable('CryptoKey', (object) => slots.has(object), slotOf,
    (slot) => makeKey(slot.algorithm, slot.raw, slot.extractable, slot.usages, slot.type, slot.point));
  // The usages asked for, each one `allowed`; empty only where `mayBeEmpty`.
  const checkUsages = (name, usages, allowed = ALGORITHMS[name].usages, mayBeEmpty = false) => {
    if (!Array.isArray(usages) && typeof usages?.[Symbol.iterator] !== 'function') {
      throw new TypeError('The "keyUsages" argument must be a sequence');
    }
    const list = [...usages].map(String);
    for (const u of list) {
      if (!allowed.includes(u)) throw error(`Unsupported key usage for a ${name} key: ${u}`, 'SyntaxError');
    }
    if (list.length === 0 && !mayBeEmpty) throw error('Usages cannot be empty when creating a key.', 'SyntaxError');
    return USAGE_ORDER.filter((u) => list.includes(u));
  };
  // `raw`: a secret key's bytes, a private key's scalar or seed, a public key's
  // point; `point`: a private key's public point.
  // The algorithm the key reports is also what its operations read: frozen through.
  const makeKey = (algorithm, raw, extractable, usages, type = 'secret', point = undefined) => {
    if (algorithm.hash !== undefined) Object.freeze(algorithm.hash);
    return new CryptoKey(creating, {
      type, extractable: Boolean(extractable), algorithm: Object.freeze(algorithm), usages: Object.freeze(usages), raw, point,
    });
  };
  // The natives for a key pair's algorithm: natives.ec with the curve, or natives.ed25519.
  const pairAlgorithm = (name, algorithm) => {
    if (name === 'Ed25519') return { algorithm: { name }, okp: name, call: (op, ...args) => natives.ed25519(op, ...args) };
    if (name === 'X25519') return { algorithm: { name }, okp: name, call: (op, ...args) => natives.x25519(op, ...args) };
    if (algorithm.namedCurve === undefined) throw new TypeError('The "namedCurve" member is required');
    const curve = String(algorithm.namedCurve);
    if (!(curve in CURVES)) throw error(`jsrun supports the curves P-256, P-384 and P-521, not ${curve}`, 'NotSupportedError');
    return { algorithm: { name, namedCurve: curve }, curve, call: (op, ...args) => natives.ec(op, curve, ...args) };
  };
  const isPair = (name) => ALGORITHMS[name].private !== undefined;
  // A JWK's point (EC: 04 ‖ x ‖ y; OKP: x) and its private part, checked against the curve.
  const jwkPair = (name, kind, jwk) => {
    const kty = kind.curve ? 'EC' : 'OKP';
    const crv = kind.curve ?? kind.okp;
    if (jwk.kty !== kty) throw error(`The JWK "kty" member must be "${kty}"`, 'DataError');
    if (jwk.crv !== crv) throw error(`The JWK "crv" member must be "${crv}"`, 'DataError');
    const x = base64url.decode(jwk.x);
    let point = x;
    if (kind.curve) {
      const y = base64url.decode(jwk.y);
      if (x.length !== CURVES[crv] || y.length !== CURVES[crv]) throw error('The JWK coordinates do not fit the curve', 'DataError');
      point = new Uint8Array(1 + 2 * x.length);
      point[0] = 4;
      point.set(x, 1);
      point.set(y, 1 + x.length);
    }
    point = kind.call('point', point);
    if (jwk.d === undefined) return { point };
    const [raw, own] = kind.call('private', base64url.decode(jwk.d));
    if (own.length !== point.length || own.some((b, i) => b !== point[i])) {
      throw error('The JWK private key does not match its public key', 'DataError');
    }
    return { raw, point };
  };
  // A JWK's "ext" and "key_ops" must allow what the import asks for.
  const checkJwk = (jwk, extractable, usages) => {
    if (jwk.ext === false && extractable) throw error('The JWK is not extractable', 'DataError');
    if (jwk.key_ops !== undefined && ![...usages].every((u) => jwk.key_ops.includes(u))) {
      throw error('The JWK "key_ops" member does not include the usages', 'DataError');
    }
  };
  // RSA keys: a private key's `raw` is its PKCS#8 and `point` its SPKI; a public key's `raw` its SPKI.
  const rsaJwkAlg = (name, hash) => {
    const bits = hash.slice(4);
    if (name === 'RSA-OAEP') return hash === 'SHA-1' ? 'RSA-OAEP' : `RSA-OAEP-${bits}`;
    return `${ALGORITHMS[name].rsa}${hash === 'SHA-1' ? '1' : bits}`;
  };
  const rsaKey = (name, hash, extractable, usages, pkcs8, spki) => {
    const [modulusLength, exponent] = natives.rsa('info', spki);
    const algorithm = { name, modulusLength, publicExponent: new Uint8Array(exponent), hash: { name: hash } };
    const type = pkcs8 === undefined ? 'public' : 'private';
    const allowed = checkUsages(name, usages, ALGORITHMS[name][type], type === 'public');
    return type === 'public'
      ? makeKey(algorithm, spki, extractable, allowed, 'public')
      : makeKey(algorithm, pkcs8, extractable, allowed, 'private', spki);
  };
  const JWK_RSA = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'];
  const importRsa = (format, keyData, name, algorithm, extractable, usages) => {
    const hash = hashOf(algorithm);
    let pkcs8;
    let spki;
    if (format === 'spki') {
      spki = natives.rsa('fromSpki', bytesOf(keyData, 'keyData'));
    } else if (format === 'pkcs8') {
      [pkcs8, spki] = natives.rsa('fromPkcs8', bytesOf(keyData, 'keyData'));
    } else if (format === 'jwk') {
      if (keyData === null || typeof keyData !== 'object') throw new TypeError('The "keyData" argument must be a JWK object');
      if (keyData.kty !== 'RSA') throw error('The JWK "kty" member must be "RSA"', 'DataError');
      const alg = rsaJwkAlg(name, hash);
      if (keyData.alg !== undefined && keyData.alg !== alg) throw error(`The JWK "alg" member must be "${alg}"`, 'DataError');
      checkJwk(keyData, extractable, usages);
      const isPrivate = keyData.d !== undefined;
      const parts = (isPrivate ? JWK_RSA : JWK_RSA.slice(0, 2)).map((k) => base64url.decode(keyData[k] ?? ''));
      if (isPrivate) [pkcs8, spki] = natives.rsa('fromJwk', ...parts);
      else spki = natives.rsa('fromJwk', ...parts);
    } else {
      throw error(`Unsupported key format for ${name}: ${format}`, 'NotSupportedError');
    }
    return rsaKey(name, hash, extractable, usages, pkcs8, spki);
  };
  const exportRsa = (format, slot) => {
    const isPrivate = slot.type === 'private';
    if (format === 'spki' && !isPrivate) return slot.raw.slice().buffer;
    if (format === 'pkcs8' && isPrivate) return slot.raw.slice().buffer;
    if (format === 'jwk') {
      const parts = natives.rsa('jwk', slot.raw, isPrivate);
      const jwk = { key_ops: [...slot.usages], ext: true, kty: 'RSA' };
      parts.forEach((part, i) => { jwk[JWK_RSA[i]] = base64url.encode(part); });
      jwk.alg = rsaJwkAlg(slot.algorithm.name, slot.algorithm.hash.name);
      return jwk;
    }
    if (['spki', 'pkcs8'].includes(format)) throw error(`A ${slot.type} key cannot be exported as ${format}`, 'InvalidAccessError');
    throw error(`Unsupported key format for RSA: ${format}`, 'NotSupportedError');
  };
  const generateRsa = (name, algorithm, extractable, usages) => {
    const hash = hashOf(algorithm);
    const { private: privateUses, public: publicUses } = ALGORITHMS[name];
    const asked = checkUsages(name, usages, [...privateUses, ...publicUses], true);
    if (!asked.some((u) => privateUses.includes(u))) throw error('Usages cannot be empty when creating a key.', 'SyntaxError');
    if (algorithm.publicExponent === undefined) throw new TypeError('The "publicExponent" member is required');
    const [pkcs8, spki] = natives.rsa('generate', Number(algorithm.modulusLength), bytesOf(algorithm.publicExponent, 'publicExponent'));
    return {
      privateKey: rsaKey(name, hash, extractable, asked.filter((u) => privateUses.includes(u)), pkcs8, spki),
      publicKey: rsaKey(name, hash, true, asked.filter((u) => publicUses.includes(u)), undefined, spki),
    };
  };
  const importPair = (format, keyData, name, algorithm, extractable, usages) => {
    if (ALGORITHMS[name].rsa) return importRsa(format, keyData, name, algorithm, extractable, usages);
    const kind = pairAlgorithm(name, algorithm);
    let raw;
    let point;
    if (format === 'spki') {
      point = kind.call('fromSpki', bytesOf(keyData, 'keyData'));
    } else if (format === 'raw') {
      point = kind.call('point', bytesOf(keyData, 'keyData'));
    } else if (format === 'pkcs8') {
      [raw, point] = kind.call('fromPkcs8', bytesOf(keyData, 'keyData'));
    } else if (format === 'jwk') {
      if (keyData === null || typeof keyData !== 'object') throw new TypeError('The "keyData" argument must be a JWK object');
      ({ raw, point } = jwkPair(name, kind, keyData));
      checkJwk(keyData, extractable, usages);
    } else {
      throw error(`Unsupported key format for ${name}: ${format}`, 'NotSupportedError');
    }
    const type = raw === undefined ? 'public' : 'private';
    const allowed = checkUsages(name, usages, ALGORITHMS[name][type], type === 'public');
    return raw === undefined
      ? makeKey(kind.algorithm, point, extractable, allowed, 'public')
      : makeKey(kind.algorithm, raw, extractable, allowed, 'private', point);
  };
  const exportPair = (format, slot) => {
    if (ALGORITHMS[slot.algorithm.name].rsa) return exportRsa(format, slot);
    const kind = pairAlgorithm(slot.algorithm.name, slot.algorithm);
    const isPrivate = slot.type === 'private';
    const point = isPrivate ? slot.point : slot.raw;
    if (format === 'spki' && !isPrivate) return kind.call('toSpki', point).buffer;
    if (format === 'raw' && !isPrivate) return point.slice().buffer;
    if (format === 'pkcs8' && isPrivate) return kind.call('toPkcs8', slot.raw).buffer;
    if (format === 'jwk') {
      const jwk = { key_ops: [...slot.usages], ext: true };
      if (kind.curve) {
        const size = CURVES[kind.curve];
        Object.assign(jwk, { kty: 'EC', x: base64url.encode(point.subarray(1, 1 + size)), y: base64url.encode(point.subarray(1 + size)), crv: kind.curve });
      } else {
        Object.assign(jwk, { crv: kind.okp, x: base64url.encode(point) });
      }
      if (isPrivate) jwk.d = base64url.encode(slot.raw);
      if (kind.okp) Object.assign(jwk, { kty: 'OKP' }, kind.okp === 'Ed25519' ? { alg: 'Ed25519' } : {});
      return jwk;
    }
    if (['spki', 'raw', 'pkcs8'].includes(format)) throw error(`A ${slot.type} key cannot be exported as ${format}`, 'InvalidAccessError');
    throw error(`Unsupported key format: ${format}`, 'NotSupportedError');
  };
  const generatePair = (name, algorithm, extractable, usages) => {
    if (ALGORITHMS[name].rsa) return generateRsa(name, algorithm, extractable, usages);
    const kind = pairAlgorithm(name, algorithm);
    const { private: privateUses, public: publicUses } = ALGORITHMS[name];
    const asked = checkUsages(name, usages, [...privateUses, ...publicUses], true);
    const privateUsages = asked.filter((u) => privateUses.includes(u));
    if (privateUsages.length === 0) throw error('Usages cannot be empty when creating a key.', 'SyntaxError');
    const [raw, point] = kind.call('generate');
    // A CryptoKeyPair dictionary: Web IDL gives its members in name order.
    return {
      privateKey: makeKey(kind.algorithm, raw, extractable, privateUsages, 'private', point),
      publicKey: makeKey(kind.algorithm, point, true, asked.filter((u) => publicUses.includes(u)), 'public'),
    };
  };
  // The key, checked for the operation: its algorithm and one of its usages.
  const keyFor = (key, name, usage) => {
    const slot = slots.get(key);
    if (slot === undefined) throw new TypeError('The "key" argument must be a CryptoKey');
    if (slot.algorithm.name !== name) throw error(`The key is a ${slot.algorithm.name} key, not a ${name} key`, 'InvalidAccessError');
    if (!slot.usages.includes(usage)) throw error(`The key's usages do not include "${usage}"`, 'InvalidAccessError');
    return slot;
  };
  const ecdsaPrehash = (algorithm, data) => natives.digest(hashOf(algorithm), bytesOf(data));
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
    if (isAes(name)) return { name, length: aesLength(raw.length * 8) };
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
    if (isAes(name)) return aesLength(Number(derivedKeyType.length), 'OperationError');
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
      if (isPair(name)) return importPair(format, keyData, name, algorithm, extractable, usages);
      const allowed = checkUsages(name, usages);
      let raw;
      if (format === 'raw') {
        raw = bytesOf(keyData, 'keyData');
      } else if (format === 'jwk' && (name === 'HMAC' || isAes(name))) {
        if (keyData === null || typeof keyData !== 'object') throw new TypeError('The "keyData" argument must be a JWK object');
        if (keyData.kty !== 'oct') throw error('The JWK "kty" member must be "oct"', 'DataError');
        raw = base64url.decode(keyData.k);
        const alg = name === 'HMAC' ? JWK_HMAC[hashOf(algorithm)] : `A${raw.length * 8}${ALGORITHMS[name].jwk}`;
        if (keyData.alg !== undefined && keyData.alg !== alg) throw error(`The JWK "alg" member must be "${alg}"`, 'DataError');
        checkJwk(keyData, extractable, allowed);
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
      if (slot.type !== 'secret') return exportPair(format, slot);
      if (format === 'raw') return slot.raw.slice().buffer;
      if (format === 'jwk') {
        const { name } = slot.algorithm;
        const alg = name === 'HMAC' ? JWK_HMAC[slot.algorithm.hash.name] : `A${slot.algorithm.length}${ALGORITHMS[name].jwk}`;
        return { key_ops: [...slot.usages], ext: true, kty: 'oct', k: base64url.encode(slot.raw), alg };
      }
      throw error(`Unsupported key format: ${format}`, 'NotSupportedError');
    }

    async generateKey(algorithm, extractable, usages) {
      const name = normalize(algorithm);
      if (isPair(name)) return generatePair(name, algorithm, extractable, usages);
      const allowed = checkUsages(name, usages);
      let bits;
      if (name === 'HMAC') {
        bits = algorithm.length === undefined ? BLOCK_BITS[hashOf(algorithm)] : Number(algorithm.length);
        if (!(bits > 0) || bits % 8 !== 0) throw error('jsrun makes HMAC keys of a whole number of bytes', 'OperationError');
      } else if (isAes(name)) {
        bits = aesLength(Number(algorithm.length), 'OperationError');
      } else {
        throw error(`${name} keys cannot be generated`, 'NotSupportedError');
      }
      const raw = new Uint8Array(bits / 8);
      for (let at = 0; at < raw.length; at += QUOTA) raw.set(natives.random(Math.min(QUOTA, raw.length - at)), at);
      return makeKey(secretAlgorithm(name, algorithm, raw), raw, extractable, allowed);
    }

    async sign(algorithm, key, data) {
      const name = normalize(algorithm, 'sign');
      const slot = keyFor(key, name, 'sign');
      if (name === 'ECDSA') return natives.ec('sign', slot.algorithm.namedCurve, slot.raw, ecdsaPrehash(algorithm, data)).buffer;
      if (name === 'Ed25519') return natives.ed25519('sign', slot.raw, bytesOf(data)).buffer;
      if (name === 'RSASSA-PKCS1-v1_5' || name === 'RSA-PSS') {
        return natives.rsa('sign', ...rsaScheme(name, algorithm), slot.algorithm.hash.name, slot.raw, bytesOf(data), pssSalt(name, algorithm)).buffer;
      }
      return natives.hmac(slot.algorithm.hash.name, slot.raw, bytesOf(data)).buffer;
    }

    async verify(algorithm, key, signature, data) {
      const name = normalize(algorithm, 'verify');
      const slot = keyFor(key, name, 'verify');
      const sig = bytesOf(signature, 'signature');
      if (name === 'ECDSA') return natives.ec('verify', slot.algorithm.namedCurve, slot.raw, ecdsaPrehash(algorithm, data), sig);
      if (name === 'Ed25519') return natives.ed25519('verify', slot.raw, bytesOf(data), sig);
      if (name === 'RSASSA-PKCS1-v1_5' || name === 'RSA-PSS') {
        return natives.rsa('verify', ...rsaScheme(name, algorithm), slot.algorithm.hash.name, slot.raw, bytesOf(data), sig, pssSalt(name, algorithm));
      }
      return natives.hmac(slot.algorithm.hash.name, slot.raw, bytesOf(data), sig);
    }

    async encrypt(algorithm, key, data) {
      return encryptWith(algorithm, keyFor(key, normalize(algorithm, 'encrypt'), 'encrypt'), bytesOf(data));
    }

    async decrypt(algorithm, key, data) {
      return decryptWith(algorithm, keyFor(key, normalize(algorithm, 'decrypt'), 'decrypt'), bytesOf(data));
    }

    async deriveBits(algorithm, baseKey, length) {
      const name = normalize(algorithm, 'deriveBits');
      const slot = keyFor(baseKey, name, 'deriveBits');
      return derive(name, algorithm, slot, length);
    }

    async deriveKey(algorithm, baseKey, derivedKeyType, extractable, usages) {
      const name = normalize(algorithm, 'deriveBits');
      const slot = keyFor(baseKey, name, 'deriveKey');
      const bits = derive(name, algorithm, slot, derivedLength(derivedKeyType));
      return this.importKey('raw', bits, derivedKeyType, extractable, usages);
    }

    async wrapKey(format, key, wrappingKey, wrapAlgorithm) {
      const slot = keyFor(wrappingKey, normalize(wrapAlgorithm, 'wrapKey'), 'wrapKey');
      const exported = await this.exportKey(format, key);
      const bytes = format === 'jwk' ? utf8.encoder.encode(JSON.stringify(exported)) : new Uint8Array(exported);
      return encryptWith(wrapAlgorithm, slot, bytes);
    }

    async unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm, extractable, usages) {
      const slot = keyFor(unwrappingKey, normalize(unwrapAlgorithm, 'unwrapKey'), 'unwrapKey');
      const bytes = new Uint8Array(decryptWith(unwrapAlgorithm, slot, bytesOf(wrappedKey, 'wrappedKey')));
      let keyData = bytes;
      if (format === 'jwk') {
        try {
          keyData = JSON.parse(utf8.decoder.decode(bytes));
        } catch {
          throw error('The unwrapped key is not a JWK', 'DataError');
        }
      }
      return this.importKey(format, keyData, unwrappedKeyAlgorithm, extractable, usages);
    }
  }
  const blockParam = (algorithm, member) => {
    if (algorithm[member] === undefined) throw new TypeError(`The "${member}" member is required`);
    const value = bytesOf(algorithm[member], member);
    if (value.length !== 16) throw error(`The "${member}" member must be 16 bytes`, 'OperationError');
    return value;
  };
  const ctrLength = (algorithm) => {
    const length = Number(algorithm.length);
    if (!Number.isInteger(length) || length < 1 || length > 128) throw error('The AES-CTR length must be 1 to 128 bits', 'OperationError');
    return length;
  };
  // `wrap`: the AES-KW case, which only wraps and unwraps.
  const encryptWith = (algorithm, slot, bytes) => {
    switch (slot.algorithm.name) {
      case 'RSA-OAEP': return natives.rsa('encrypt', slot.algorithm.hash.name, slot.raw, bytes, oaepLabel(algorithm)).buffer;
      case 'AES-CBC': return natives.aesCbc(true, slot.raw, blockParam(algorithm, 'iv'), bytes).buffer;
      case 'AES-CTR': return natives.aesCtr(slot.raw, blockParam(algorithm, 'counter'), ctrLength(algorithm), bytes).buffer;
      case 'AES-KW': return natives.aesKw(true, slot.raw, bytes).buffer;
      default: return natives.aesGcm(true, slot.raw, ...gcmParams(algorithm), bytes).buffer;
    }
  };
  const decryptWith = (algorithm, slot, bytes) => {
    switch (slot.algorithm.name) {
      case 'RSA-OAEP': return natives.rsa('decrypt', slot.algorithm.hash.name, slot.raw, bytes, oaepLabel(algorithm)).buffer;
      case 'AES-CBC': return natives.aesCbc(false, slot.raw, blockParam(algorithm, 'iv'), bytes).buffer;
      case 'AES-CTR': return natives.aesCtr(slot.raw, blockParam(algorithm, 'counter'), ctrLength(algorithm), bytes).buffer;
      case 'AES-KW': return natives.aesKw(false, slot.raw, bytes).buffer;
      default:
        if (bytes.length < 16) throw error('The data is shorter than its tag', 'OperationError');
        return natives.aesGcm(false, slot.raw, ...gcmParams(algorithm), bytes).buffer;
    }
  };
  const oaepLabel = (algorithm) => (algorithm.label === undefined ? new Uint8Array(0) : bytesOf(algorithm.label, 'label'));
  const rsaScheme = (name) => [name === 'RSA-PSS' ? 'pss' : 'pkcs1'];
  const pssSalt = (name, algorithm) => {
    if (name !== 'RSA-PSS') return 0;
    if (algorithm.saltLength === undefined) throw new TypeError('The "saltLength" member is required');
    const salt = Number(algorithm.saltLength);
    if (!Number.isInteger(salt) || salt < 0 || salt > 1024) throw error('The salt length does not fit the key', 'OperationError');
    return salt;
  };
  const ecdh = (algorithm, slot, length) => {
    const peer = slots.get(algorithm.public);
    if (peer === undefined) throw new TypeError('The "public" member must be a CryptoKey');
    const { name } = slot.algorithm;
    if (peer.type !== 'public' || peer.algorithm.name !== name) throw error(`The "public" member must be an ${name} public key`, 'InvalidAccessError');
    if (peer.algorithm.namedCurve !== slot.algorithm.namedCurve) throw error('The keys are on different curves', 'InvalidAccessError');
    const secret = name === 'X25519' ? natives.x25519('ecdh', slot.raw, peer.raw) : natives.ec('ecdh', slot.algorithm.namedCurve, slot.raw, peer.raw);
    if (length === null || length === undefined) return secret.buffer;
    if (Number(length) % 8 !== 0 || Number(length) > secret.length * 8) {
      throw error(`The length must be a multiple of 8 bits, at most ${secret.length * 8}`, 'OperationError');
    }
    return secret.slice(0, Number(length) / 8).buffer;
  };
  const derive = (name, algorithm, slot, length) => {
    if (name === 'ECDH' || name === 'X25519') return ecdh(algorithm, slot, length);
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
    Object.defineProperty(cls, 'length', { value: 0 }); // no constructor (WebIDL)
  }
  // node:crypto's KeyObject.from: a key's slot (its material included, extractable or not).
  const keySlot = (key) => slotOf(key);
  return { crypto: new Crypto(creating), Crypto, SubtleCrypto, CryptoKey, keySlot };
})

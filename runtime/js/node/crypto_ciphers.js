// `node:crypto`'s AES ciphers: createCipheriv/createDecipheriv in CBC, ECB,
// CTR and GCM, streaming as Node's do (update() gives what whole blocks
// allow, final() pads, unpads or checks the tag), and Transform streams; and
// AES key wrap (RFC 3394, `aes256-wrap`: each update() wraps what it gets).
// The block work is Rust's (natives.aesBlocks, aesCtr, aesGcm, aesKw: RustCrypto).
(function (natives, Buffer, Transform, StringDecoder, secretKeyBytes) {
  'use strict';
  const error = (Kind, code, message) => Object.assign(new Kind(message), code ? { code } : {});
  const MODES = ['cbc', 'ecb', 'ctr', 'gcm'];
  const cipherOf = (name) => {
    const lower = String(name).toLowerCase();
    const short = /^aes(128|192|256)$/.exec(lower);
    const match = short ? [lower, short[1], 'cbc'] : /^(?:id-)?aes-?(128|192|256)-(cbc|ecb|ctr|gcm|wrap)$/.exec(lower);
    if (!match) throw error(Error, 'ERR_CRYPTO_UNKNOWN_CIPHER', 'Unknown cipher');
    return { keyLength: Number(match[1]) / 8, mode: match[2] };
  };
  const bytesOf = (data, encoding) => {
    if (typeof data === 'string' && encoding === 'hex' && data.length % 2) {
      throw Object.assign(new TypeError(`The argument 'encoding' is invalid for data of length ${data.length}. Received 'hex'`),
        { code: 'ERR_INVALID_ARG_VALUE' });
    }
    if (typeof data === 'string') return new Uint8Array(Buffer.from(data, encoding || 'utf8'));
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    throw Object.assign(new TypeError('The "data" argument must be of type string or an instance of Buffer, TypedArray, '
      + 'or DataView.'), { code: 'ERR_INVALID_ARG_TYPE' });
  };
  const concat = (a, b) => {
    const out = new Uint8Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  };
  const badDecrypt = () => error(Error, 'ERR_OSSL_BAD_DECRYPT', 'error:1C800064:Provider routines::bad decrypt');
  const wrongLength = () => error(Error, 'ERR_OSSL_WRONG_FINAL_BLOCK_LENGTH',
    'error:1C80006B:Provider routines::wrong final block length');
  const unauthenticated = () => error(Error, undefined, 'Unsupported state or unable to authenticate data');
  // A counter block plus n, modulo 2^128 (CTR counts in all 128 bits).
  const addToBlock = (block, n) => {
    let value = BigInt(`0x${Buffer.from(block).toString('hex')}`) + BigInt(n);
    const out = new Uint8Array(16);
    for (let i = 15; i >= 0; i--) {
      out[i] = Number(value & 0xffn);
      value >>= 8n;
    }
    return out;
  };

  class Cipher extends Transform {
    #encrypt; #mode; #key; #iv; #padding = true; #pending = new Uint8Array(0); #done = false; #decoder;
    #counted = 0; #aad = new Uint8Array(0); #plain = []; #tag; #tagLength;

    constructor(encrypt, algorithm, key, iv, options = {}) {
      super(options);
      const { keyLength, mode } = cipherOf(algorithm);
      const keyBytes = new Uint8Array(secretKeyBytes(key, 'key'));
      if (keyBytes.length !== keyLength) throw error(RangeError, 'ERR_CRYPTO_INVALID_KEYLEN', 'Invalid key length');
      const ivBytes = iv === null || iv === undefined ? new Uint8Array(0) : new Uint8Array(secretKeyBytes(iv, 'iv'));
      const ivFits = { ecb: ivBytes.length === 0, gcm: [12, 16].includes(ivBytes.length), wrap: ivBytes.length === 8 }[mode]
        ?? ivBytes.length === 16;
      if (!ivFits) {
        const which = mode === 'gcm' ? ' (jsrun: 12 or 16 bytes for GCM)' : '';
        throw error(TypeError, 'ERR_CRYPTO_INVALID_IV', `Invalid initialization vector${which}`);
      }
      if (mode === 'wrap' && ivBytes.some((b) => b !== 0xa6)) {
        throw error(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', 'jsrun wraps keys with the default IV (A6A6A6A6A6A6A6A6) only');
      }
      this.#encrypt = encrypt;
      this.#mode = mode;
      this.#key = keyBytes;
      this.#iv = ivBytes;
      this.#tagLength = options.authTagLength ?? 16;
    }

    // CBC and ECB: whole blocks now, keeping back what padding needs at the end.
    #blocks(data) {
      const all = concat(this.#pending, data);
      let ready = all.length - (all.length % 16);
      if (!this.#encrypt && this.#padding && ready === all.length) ready = Math.max(0, ready - 16);
      this.#pending = all.slice(ready);
      if (ready === 0) return new Uint8Array(0);
      const input = all.subarray(0, ready);
      const out = natives.aesBlocks(this.#encrypt, this.#mode, this.#key, this.#iv, input);
      if (this.#mode === 'cbc') this.#iv = (this.#encrypt ? out : input).slice(-16);
      return out;
    }

    // CTR (and GCM's body, from the block after J0): the keystream from where it stopped.
    #stream(data, start, bits) {
      const skip = this.#counted % 16;
      const counter = bits === 128 ? addToBlock(start, Math.floor(this.#counted / 16)) : start;
      this.#counted += data.length;
      return natives.aesCtr(this.#key, counter, bits, concat(new Uint8Array(skip), data)).subarray(skip);
    }

    #gcm(data) {
      if (this.#iv.length !== 12) {
        // J0 of a 16-byte IV comes from GHASH: kept whole, worked at final().
        this.#plain.push(data);
        return new Uint8Array(0);
      }
      const offset = this.#counted;
      const start = new Uint8Array(16);
      start.set(this.#iv);
      // The 32-bit counter after J0, as far as the bytes done so far went.
      new DataView(start.buffer).setUint32(12, 2 + Math.floor(offset / 16));
      const skip = offset % 16;
      this.#counted += data.length;
      const out = natives.aesCtr(this.#key, start, 32, concat(new Uint8Array(skip), data)).subarray(skip);
      this.#plain.push(this.#encrypt ? data : out);
      return out;
    }

    #run(data) {
      if (this.#mode === 'ctr') return this.#stream(data, this.#iv, 128);
      if (this.#mode === 'wrap') {
        try {
          return natives.aesKw(this.#encrypt, this.#key, data);
        } catch {
          throw error(Error, undefined, 'Trying to add data in unsupported state');
        }
      }
      if (this.#mode === 'gcm') return this.#gcm(data);
      return this.#blocks(data);
    }

    #out(bytes, encoding) {
      const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (encoding === undefined || encoding === 'buffer') return buffer;
      this.#decoder ??= new StringDecoder(encoding);
      return this.#decoder.write(buffer);
    }

    update(data, inputEncoding, outputEncoding) {
      if (this.#done) throw error(Error, undefined, 'Trying to add data in unsupported state');
      return this.#out(this.#run(bytesOf(data, inputEncoding)), outputEncoding);
    }

    final(outputEncoding) {
      if (this.#done) throw error(Error, 'ERR_CRYPTO_INVALID_STATE', 'Invalid state');
      this.#done = true;
      let out = new Uint8Array(0);
      if (this.#mode === 'cbc' || this.#mode === 'ecb') out = this.#finishBlocks();
      if (this.#mode === 'gcm') out = this.#finishGcm();
      const text = this.#out(out, outputEncoding);
      return this.#decoder && typeof text === 'string' ? text + this.#decoder.end() : text;
    }

    #finishBlocks() {
      const rest = this.#pending;
      if (this.#encrypt) {
        if (!this.#padding) {
          if (rest.length % 16) throw wrongLength();
          return rest.length ? this.#blocks(new Uint8Array(0)) : rest;
        }
        const pad = 16 - (rest.length % 16);
        this.#pending = new Uint8Array(0);
        return this.#blocks(concat(rest, new Uint8Array(pad).fill(pad)));
      }
      if (rest.length % 16 || (this.#padding && rest.length === 0)) throw wrongLength();
      if (!this.#padding) return rest.length ? this.#blocks(new Uint8Array(0)) : rest;
      const last = natives.aesBlocks(false, this.#mode, this.#key, this.#iv, rest);
      const pad = last[15];
      if (pad < 1 || pad > 16 || last.subarray(16 - pad).some((b) => b !== pad)) throw badDecrypt();
      return last.subarray(0, 16 - pad);
    }

    #finishGcm() {
      const plain = this.#plain.reduce(concat, new Uint8Array(0));
      let out = new Uint8Array(0);
      let sealed;
      if (this.#iv.length === 12 || this.#encrypt) {
        sealed = natives.aesGcm(true, this.#key, this.#iv, this.#aad, plain);
        if (this.#iv.length !== 12) out = sealed.subarray(0, plain.length);
      } else {
        // A 16-byte IV, decrypting: the natives check the tag themselves.
        if (this.#tag?.length !== 16) throw unauthenticated();
        try {
          return natives.aesGcm(false, this.#key, this.#iv, this.#aad, concat(plain, this.#tag));
        } catch {
          throw unauthenticated();
        }
      }
      const tag = sealed.subarray(sealed.length - 16, sealed.length - 16 + this.#tagLength);
      if (this.#encrypt) {
        this.#tag = tag.slice();
        return out;
      }
      const given = this.#tag;
      if (given === undefined || given.length !== tag.length || given.reduce((d, b, i) => d | (b ^ tag[i]), 0) !== 0) {
        throw unauthenticated();
      }
      return out;
    }

    setAutoPadding(padding = true) {
      this.#padding = Boolean(padding);
      return this;
    }

    setAAD(data) {
      if (this.#mode !== 'gcm') throw error(Error, 'ERR_CRYPTO_INVALID_STATE', 'Invalid state for operation setAAD');
      this.#aad = concat(this.#aad, bytesOf(data));
      return this;
    }

    getAuthTag() {
      if (!this.#encrypt || this.#tag === undefined) {
        throw error(Error, 'ERR_CRYPTO_INVALID_STATE', 'Invalid state for operation getAuthTag');
      }
      return Buffer.from(this.#tag);
    }

    setAuthTag(tag) {
      if (this.#encrypt || this.#mode !== 'gcm' || this.#done) {
        throw error(Error, 'ERR_CRYPTO_INVALID_STATE', 'Invalid state for operation setAuthTag');
      }
      const bytes = bytesOf(tag);
      if (bytes.length < 4 || bytes.length > 16) {
        throw error(TypeError, 'ERR_CRYPTO_INVALID_AUTH_TAG', `Invalid authentication tag length: ${bytes.length}`);
      }
      this.#tag = bytes.slice();
      this.#tagLength = bytes.length;
      return this;
    }

    _transform(chunk, encoding, callback) {
      try {
        callback(null, this.update(chunk, encoding));
      } catch (failure) {
        callback(failure);
      }
    }

    _flush(callback) {
      try {
        callback(null, this.final());
      } catch (failure) {
        callback(failure);
      }
    }
  }
  class Cipheriv extends Cipher {
    constructor(algorithm, key, iv, options) {
      super(true, algorithm, key, iv, options);
    }
  }
  class Decipheriv extends Cipher {
    constructor(algorithm, key, iv, options) {
      super(false, algorithm, key, iv, options);
    }
  }

  const NAMES = ['aes128', 'aes192', 'aes256', ...[128, 192, 256].flatMap((bits) => MODES.map((m) => `aes-${bits}-${m}`)),
    ...[128, 192, 256].flatMap((bits) => [`aes${bits}-wrap`, `id-aes${bits}-wrap`])];
  // OpenSSL's numeric ids and names, which getCipherInfo reports.
  const NIDS = { ecb: [418, 422, 426], cbc: [419, 423, 427], ctr: [904, 905, 906], gcm: [895, 898, 901], wrap: [788, 789, 790] };
  const getCipherInfo = (nameOrNid, options = {}) => {
    let cipher;
    try {
      cipher = typeof nameOrNid === 'number'
        ? Object.entries(NIDS).flatMap(([mode, ids]) => ids.map((nid, i) => [nid, { mode, keyLength: 16 + 8 * i }]))
          .find(([nid]) => nid === nameOrNid)?.[1]
        : cipherOf(nameOrNid);
    } catch {
      return undefined;
    }
    if (cipher === undefined) return undefined;
    const { mode, keyLength } = cipher;
    const bits = keyLength * 8;
    const ivLength = mode === 'ecb' ? undefined : ({ gcm: 12, wrap: 8 }[mode] ?? 16);
    if (options.keyLength !== undefined && options.keyLength !== keyLength) return undefined;
    if (options.ivLength !== undefined && !(mode === 'gcm' ? [12, 16].includes(options.ivLength) : options.ivLength === ivLength)) {
      return undefined;
    }
    const name = mode === 'gcm' || mode === 'wrap' ? `id-aes${bits}-${mode}` : `aes-${bits}-${mode}`;
    const info = { mode, name, nid: NIDS[mode][keyLength / 8 - 2], blockSize: { cbc: 16, ecb: 16, wrap: 8 }[mode] ?? 1 };
    if (ivLength !== undefined) info.ivLength = options.ivLength ?? ivLength;
    info.keyLength = keyLength;
    return info;
  };
  return {
    getCipherInfo,
    createCipheriv: (algorithm, key, iv, options) => new Cipheriv(algorithm, key, iv, options),
    createDecipheriv: (algorithm, key, iv, options) => new Decipheriv(algorithm, key, iv, options),
    Cipheriv,
    Decipheriv,
    getCiphers: () => NAMES.slice().sort(),
  };
})

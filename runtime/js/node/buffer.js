// `node:buffer`: npm's `buffer` 6 (Node's API in JS) with what Node added
// since (base64url, copyBytesFrom, isAscii, isUtf8, transcode, File…), and
// Node's text codecs: base64 and hex decoded by Node's rules (npm's differ on
// broken input), UTF-8 through TextEncoder and TextDecoder, Latin-1 and
// encoding through Rust (runtime/src/byte_text.rs) for all but short input.
// npm's loops ran 20-100x slower than Node's on large input.
(function (makeBuffer, natives, errors) {
  'use strict';
  const { bytesToText, textToBytes, compareBytes, findBytes } = natives;
  // Below this many bytes or characters npm's loops beat a native call.
  const SHORT = 48;
  // From this many bytes compare and search are native (npm's go a byte at a time).
  const LARGE = 256;
  const CODECS = {
    utf8: 'utf8', 'utf-8': 'utf8', base64: 'base64', base64url: 'base64url', hex: 'hex', latin1: 'latin1',
    binary: 'latin1', ascii: 'ascii',
  };
  // The native codec of an encoding name (undefined: npm's own, or unknown).
  const codecOf = (encoding) => (encoding === undefined ? 'utf8'
    : typeof encoding === 'string' ? CODECS[encoding] ?? CODECS[encoding.toLowerCase()] : undefined);
  const isUrl = (encoding) => typeof encoding === 'string' && encoding.toLowerCase() === 'base64url';

  // UTF-8 bytes, split characters cut from the end, as Node writes into a short buffer.
  const wholeCharacters = (bytes, room) => {
    let end = Math.min(bytes.length, room);
    if (end < bytes.length) while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
    return end;
  };
  // How many bytes UTF-8 takes for `text` (lone surrogates: U+FFFD's three).
  const utf8Length = (text) => {
    let length = text.length;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit < 0x80) continue;
      if (unit < 0x800) {
        length += 1;
      } else if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        length += 2;
        i++;
      } else {
        length += 2;
      }
    }
    return length;
  };

  const outOfRange = (name, range, value) => Object.assign(
    new RangeError(`The value of "${name}" is out of range. It must be ${range}. Received ${value}`), { code: 'ERR_OUT_OF_RANGE' });
  // Node's validateOffset: an integer from 0 to `max`.
  const offsetIn = (value, name, max) => {
    if (typeof value !== 'number') {
      throw errors.invalidArgType(`"${name}" argument`, 'of type number', value);
    }
    if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
    if (value < 0 || value > max) throw outOfRange(name, `>= 0 && <= ${max}`, value);
    return value;
  };

  // The Encoding Standard's UTF-8 decoder, for input too short to be worth a
  // native call: a bad sequence gives one U+FFFD, and the byte that broke it
  // starts afresh.
  const shortUtf8 = (bytes, start, end) => {
    const units = [];
    let i = start;
    while (i < end) {
      const lead = bytes[i++];
      if (lead < 0x80) {
        units.push(lead);
        continue;
      }
      let needed;
      let code;
      let lower = 0x80;
      let upper = 0xbf;
      if (lead >= 0xc2 && lead <= 0xdf) {
        needed = 1;
        code = lead & 0x1f;
      } else if (lead >= 0xe0 && lead <= 0xef) {
        needed = 2;
        code = lead & 0xf;
        if (lead === 0xe0) lower = 0xa0;
        else if (lead === 0xed) upper = 0x9f;
      } else if (lead >= 0xf0 && lead <= 0xf4) {
        needed = 3;
        code = lead & 0x7;
        if (lead === 0xf0) lower = 0x90;
        else if (lead === 0xf4) upper = 0x8f;
      } else {
        units.push(0xfffd);
        continue;
      }
      let seen = 0;
      while (seen < needed && i < end && bytes[i] >= lower && bytes[i] <= upper) {
        code = (code << 6) | (bytes[i++] & 0x3f);
        lower = 0x80;
        upper = 0xbf;
        seen++;
      }
      if (seen < needed) units.push(0xfffd);
      else if (code > 0xffff) units.push(0xd7c0 + (code >> 10), 0xdc00 + (code & 0x3ff));
      else units.push(code);
    }
    return String.fromCharCode.apply(null, units);
  };

  const withCodecs = (Buffer) => {
    // Made on first long input: the encoding globals are set up only when used.
    let encoder;
    let decoder;
    const npm = { toString: Buffer.prototype.toString, write: Buffer.prototype.write, from: Buffer.from,
      byteLength: Buffer.byteLength, isEncoding: Buffer.isEncoding, compare: Buffer.compare,
      indexOf: Buffer.prototype.indexOf };
    // A plain view: Buffer's subarray makes a Buffer through npm's slow constructor.
    const view = (bytes, start, end) => new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start);
    const asBuffer = (bytes) => Object.setPrototypeOf(bytes, Buffer.prototype);
    const base64url = (base64) => base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    // UTF-8 as Node decodes it (the Encoding Standard's U+FFFD for each
    // maximal bad sequence; npm's loop differs); short input in JS.
    const utf8Text = (bytes, start, end) => (end - start < SHORT ? shortUtf8(bytes, start, end)
      : (decoder ??= new platform.TextDecoder('utf-8', { ignoreBOM: true })) // Node keeps a BOM
        .decode(start === 0 && end === bytes.length ? bytes : view(bytes, start, end)));
    // The bytes `text` holds in `codec` as Node reads them, or null for npm's
    // loops (short UTF-8 and Latin-1, which they read as Node does).
    const bytesOf = (text, codec) => {
      if (codec === 'hex' || codec === 'base64') return textToBytes(codec, text);
      if (codec === 'base64url') return textToBytes('base64', text);
      if (text.length < SHORT) return null;
      return codec === 'utf8' ? (encoder ??= new platform.TextEncoder()).encode(text) : textToBytes('low-bytes', text);
    };

    Buffer.prototype.toString = function toString(encoding, start, end) {
      if (arguments.length === 0) return utf8Text(this, 0, this.length);
      const codec = codecOf(encoding);
      if (codec === undefined) return Reflect.apply(npm.toString, this, arguments);
      // npm's (and Node's) range rules.
      if (start === undefined || start < 0) start = 0;
      if (start > this.length) return '';
      if (end === undefined || end > this.length) end = this.length;
      if (end <= 0) return '';
      start >>>= 0;
      end >>>= 0;
      if (end <= start) return '';
      if (codec === 'utf8') return utf8Text(this, start, end);
      if (end - start >= SHORT) return bytesToText(codec, start === 0 && end === this.length ? this : view(this, start, end));
      if (codec === 'base64url') return base64url(npm.toString.call(this, 'base64', start, end));
      return npm.toString.call(this, codec, start, end);
    };
    // Node's argument rules: (string), (string, encoding), (string, offset[, length][, encoding]).
    Buffer.prototype.write = function write(string, offset, length, encoding) {
      if (typeof string !== 'string') {
        throw errors.invalidArgType('"string" argument', 'of type string', string);
      }
      let [at, room, named] = [0, this.length, encoding];
      if (offset === undefined) {
        named = 'utf8';
      } else if (length === undefined && typeof offset === 'string') {
        named = offset;
      } else {
        at = offsetIn(offset, 'offset', this.length);
        room = this.length - at;
        if (typeof length === 'string') named = length;
        else if (length !== undefined) room = Math.min(room, offsetIn(length, 'length', this.length));
      }
      const codec = codecOf(named || 'utf8');
      const bytes = codec === undefined ? null : bytesOf(string, codec);
      if (bytes === null) return Reflect.apply(npm.write, this, [string, at, room, named]);
      const written = codec === 'utf8' ? wholeCharacters(bytes, room) : Math.min(bytes.length, room);
      this.set(written === bytes.length ? bytes : bytes.subarray(0, written), at);
      return written;
    };
    Buffer.from = function from(value, encodingOrOffset, _length) {
      if (typeof value === 'string') {
        const codec = codecOf(encodingOrOffset);
        const bytes = codec === undefined ? null : bytesOf(value, codec);
        if (bytes !== null) return asBuffer(bytes);
      }
      return Reflect.apply(npm.from, this, arguments);
    };
    Buffer.byteLength = function byteLength(string, encoding) {
      if (typeof string !== 'string') return npm.byteLength(string, encoding);
      const codec = codecOf(encoding);
      if (codec === 'utf8' && string.length >= SHORT) return utf8Length(string);
      if (codec === 'base64' || codec === 'base64url') {
        // Node's estimate from the length and the padding, whatever the characters.
        let end = string.length;
        if (string.charCodeAt(end - 1) === 0x3d) end--;
        if (end > 1 && string.charCodeAt(end - 1) === 0x3d) end--;
        return (end * 3) >>> 2;
      }
      return npm.byteLength(string, encoding);
    };
    Buffer.isEncoding = (encoding) => isUrl(encoding) || npm.isEncoding(encoding);
    // (equals and includes go through these two.)
    Buffer.compare = function compare(a, b) {
      if (a instanceof Uint8Array && b instanceof Uint8Array && Math.max(a.length, b.length) >= LARGE) {
        return compareBytes(a, b);
      }
      return npm.compare(a, b);
    };
    Buffer.prototype.indexOf = function indexOf(value, byteOffset, encoding) {
      const plain = encoding === undefined && (byteOffset === undefined || (Number.isInteger(byteOffset) && byteOffset >= 0));
      // Node finds an empty value where the search starts (npm never does).
      if (plain && (value === '' || (value instanceof Uint8Array && value.length === 0))) {
        return Math.min(byteOffset ?? 0, this.length);
      }
      if (plain && this.length >= LARGE) {
        const needle = typeof value === 'string' ? Buffer.from(value) : value instanceof Uint8Array ? value : null;
        // One byte: npm asks Uint8Array's indexOf; none: npm's answer.
        if (needle !== null && needle.length > 1) return findBytes(this, needle, byteOffset ?? 0);
      }
      return Reflect.apply(npm.indexOf, this, arguments);
    };
    // Node's per-encoding methods, which parsers call directly (busboy: latin1Slice).
    for (const [name, encoding] of [['ascii', 'ascii'], ['base64', 'base64'], ['base64url', 'base64url'],
      ['latin1', 'latin1'], ['hex', 'hex'], ['ucs2', 'ucs2'], ['utf8', 'utf8']]) {
      Object.defineProperty(Buffer.prototype, `${name}Slice`, {
        value: { [`${name}Slice`](start = 0, end = this.length) { return this.toString(encoding, start, end); } }[`${name}Slice`],
        writable: true, configurable: true,
      });
      Object.defineProperty(Buffer.prototype, `${name}Write`, {
        value: { [`${name}Write`](string, offset = 0, length = this.length - offset) {
          return this.write(string, offset, length, encoding);
        } }[`${name}Write`],
        writable: true, configurable: true,
      });
    }
  };

  // The bytes of a TypedArray, DataView or ArrayBuffer, as Node's buffer functions take them.
  const viewOf = (input, name) => {
    if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    if (input instanceof ArrayBuffer || input instanceof SharedArrayBuffer) return new Uint8Array(input);
    const received = typeof input === 'string' ? `type string ('${input}')` : input === null ? 'null' : `type ${typeof input}`;
    const error = new TypeError(`The "${name}" argument must be an instance of ArrayBuffer, Buffer, or TypedArray. Received ${received}`);
    error.code = 'ERR_INVALID_ARG_TYPE';
    throw error;
  };
  // buffer.transcode for the encodings Node's takes; what a target cannot hold becomes '?', as ICU writes it.
  const TRANSCODABLE = { ascii: 0x7f, latin1: 0xff, binary: 0xff, ucs2: Infinity, 'ucs-2': Infinity, utf16le: Infinity,
    'utf-16le': Infinity, utf8: Infinity, 'utf-8': Infinity };
  const transcode = (Buffer, bytes, from, to) => {
    const [source, target] = [String(from).toLowerCase(), String(to).toLowerCase()];
    if (!(source in TRANSCODABLE) || !(target in TRANSCODABLE)) {
      const error = new Error(`Unable to transcode Buffer [U_ILLEGAL_ARGUMENT_ERROR]`);
      error.code = 'U_ILLEGAL_ARGUMENT_ERROR';
      throw error;
    }
    const text = source === 'ascii' ? Array.from(bytes, (b) => (b > 0x7f ? '\ufffd' : String.fromCharCode(b))).join('')
      : Buffer.from(bytes).toString(source);
    const limit = TRANSCODABLE[target];
    const fitted = limit === Infinity ? text : Array.from(text, (c) => (c.codePointAt(0) > limit ? '?' : c)).join('');
    return Buffer.from(fitted, target === 'ascii' ? 'latin1' : target);
  };

  return () => {
    const buffer = makeBuffer();
    const { Buffer } = buffer;
    withCodecs(Buffer);
    // npm buffer's mark of itself: packages check it to tell a polyfill from Node's (@exodus/bytes).
    delete Buffer.TYPED_ARRAY_SUPPORT;
    // Node 19.8's: a copy of part of a TypedArray's elements.
    Buffer.copyBytesFrom = (view, offset = 0, length = undefined) => {
      if (!ArrayBuffer.isView(view) || view instanceof DataView) {
        const error = new TypeError('The "view" argument must be an instance of TypedArray.');
        error.code = 'ERR_INVALID_ARG_TYPE';
        throw error;
      }
      const end = length === undefined ? view.length : Math.min(view.length, offset + length);
      const part = view.subarray(Math.min(offset, view.length), end);
      return Buffer.from(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
    };
    const MAX_STRING_LENGTH = (1 << 29) - 24;
    const made = Object.assign({}, buffer, {
      constants: { MAX_LENGTH: buffer.kMaxLength, MAX_STRING_LENGTH },
      kStringMaxLength: MAX_STRING_LENGTH,
      isAscii: (input) => viewOf(input, 'input').every((byte) => byte < 0x80),
      isUtf8: (input) => {
        try {
          new platform.TextDecoder('utf-8', { fatal: true }).decode(viewOf(input, 'input'));
          return true;
        } catch {
          return false;
        }
      },
      transcode: (source, from, to) => transcode(Buffer, viewOf(source, 'source'), from, to),
      // The Blob of one of this runtime's blob: URLs (URL.createObjectURL), or undefined.
      resolveObjectURL: (url) => natives.webGroup('blob').objectURLs.resolve(String(url)) ?? undefined,
    });
    // The web platform's, read when first asked for: making Blob's group
    // (with the streams) cost 4 ms that `require('path')` paid through the
    // Buffer global.
    for (const name of ['atob', 'btoa', 'Blob', 'File']) {
      Object.defineProperty(made, name, { get: () => platform[name], enumerable: true, configurable: true });
    }
    return made;
  };
})

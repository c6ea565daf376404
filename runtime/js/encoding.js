(function (utf8Encode, utf8Decode, encodingName, legacyDecode, legacyClose, bytesToText, textToBytes) {
  'use strict';
  const bytesOf = (input) => {
    if (input === undefined) return new Uint8Array(0);
    if (input instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && input instanceof SharedArrayBuffer)) {
      return new Uint8Array(input);
    }
    if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    throw new TypeError('The "input" argument must be an ArrayBuffer or ArrayBufferView');
  };
  class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(input = '') { return utf8Encode(String(input)); }
    encodeInto(source, destination) {
      if (!(destination instanceof Uint8Array)) throw new TypeError('The "destination" argument must be a Uint8Array');
      // The one UTF-8 encoder is Rust's: encode, then copy what fits
      // without splitting a character.
      const bytes = utf8Encode(String(source));
      let written = Math.min(bytes.length, destination.length);
      while (written > 0 && written < bytes.length && (bytes[written] & 0xc0) === 0x80) written--;
      destination.set(bytes.subarray(0, written));
      let read = 0; // UTF-16 units: 4-byte sequences are surrogate pairs
      for (let i = 0; i < written; i++) {
        if ((bytes[i] & 0xc0) !== 0x80) read += bytes[i] >= 0xf0 ? 2 : 1;
      }
      return { read, written };
    }
  }
  // How many bytes at the end of `bytes` start a UTF-8 sequence that more
  // bytes could still complete (0 if none, or if it is already invalid).
  const incompleteTail = (bytes) => {
    const n = bytes.length;
    for (let back = 1; back <= Math.min(3, n); back++) {
      const lead = bytes[n - back];
      if ((lead & 0xc0) === 0x80) continue;
      const need = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 1;
      if (need <= back) return 0;
      if (back >= 2) {
        const second = bytes[n - back + 1];
        const [lo, hi] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : lead === 0xf0 ? [0x90, 0xbf]
          : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
        if (second < lo || second > hi) return 0;
      }
      return back;
    }
    return 0;
  };
  // A streaming decoder of another encoding lives in Rust until its stream ends or its TextDecoder goes.
  const streams = new FinalizationRegistry((id) => legacyClose(id));
  class TextDecoder {
    #encoding; #fatal; #ignoreBOM;
    #pending = new Uint8Array(0); // the start of a character split across chunks
    #started = false; // a stream's first bytes went out (so its BOM was handled)
    #stream = 0; // the Rust decoder of a stream under way (not UTF-8)
    constructor(label = 'utf-8', options = {}) {
      // UTF-8's labels without asking Rust: the common case, on every construction.
      const plain = String(label).trim().toLowerCase();
      const name = ['utf-8', 'utf8', 'unicode-1-1-utf-8'].includes(plain) ? 'utf-8' : encodingName(String(label));
      if (name === null) throw new RangeError(`The "${label}" encoding is not supported`);
      this.#encoding = name;
      this.#fatal = Boolean(options && options.fatal);
      this.#ignoreBOM = Boolean(options && options.ignoreBOM);
    }
    get encoding() { return this.#encoding; }
    get fatal() { return this.#fatal; }
    get ignoreBOM() { return this.#ignoreBOM; }
    decode(input = undefined, options = {}) {
      const stream = Boolean(options && options.stream);
      if (this.#encoding !== 'utf-8') return this.#legacy(bytesOf(input), stream);
      let bytes = bytesOf(input);
      if (this.#pending.length > 0) {
        const joined = new Uint8Array(this.#pending.length + bytes.length);
        joined.set(this.#pending);
        joined.set(bytes, this.#pending.length);
        bytes = joined;
      }
      const keep = stream ? incompleteTail(bytes) : 0;
      this.#pending = bytes.slice(bytes.length - keep);
      const ready = keep > 0 ? bytes.subarray(0, bytes.length - keep) : bytes;
      // A BOM is dropped once, at the start of a stream (unless ignoreBOM).
      const skipBOM = this.#ignoreBOM || this.#started;
      if (ready.length > 0) this.#started = true;
      try {
        return utf8Decode(ready, this.#fatal, skipBOM);
      } finally {
        if (!stream) {
          this.#pending = new Uint8Array(0);
          this.#started = false;
        }
      }
    }
    #legacy(bytes, stream) {
      const id = this.#stream;
      this.#stream = 0;
      if (id !== 0) streams.unregister(this);
      const out = legacyDecode(this.#encoding, bytes, this.#fatal, this.#ignoreBOM, id, stream);
      if (!stream) return out;
      [, this.#stream] = out;
      streams.register(this, this.#stream, this);
      return out[0];
    }
  }
  const invalid = (message) => { const e = new Error(message); e.name = 'InvalidCharacterError'; return e; };
  // btoa and atob: Latin-1 text, base64 by Rust (runtime/src/byte_text.rs).
  function btoa(data) {
    const bytes = textToBytes('latin1', String(data));
    if (bytes === null) throw invalid('btoa: the string contains characters outside of Latin-1');
    return bytesToText('base64', bytes);
  }
  function atob(data) {
    const bytes = textToBytes('forgiving-base64', String(data));
    if (bytes === null) throw invalid('atob: the string is not correctly encoded');
    return bytesToText('latin1', bytes);
  }
  for (const cls of [TextEncoder, TextDecoder]) {
    Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: cls.name, configurable: true });
  }
  return { TextEncoder, TextDecoder, btoa, atob };
})

// Blob and File (the File API): immutable bytes with a MIME type, read as
// text, bytes, an ArrayBuffer or a stream.
(function (uses) {
  'use strict';
  const { TextEncoder, TextDecoder } = uses.encoding;
  const { ReadableStream } = uses.streams;
  const encoder = new TextEncoder();
  const bytesOf = new WeakMap(); // Blob -> Uint8Array (never exposed, never changed)

  // The standard's "convert line endings to native": \n here.
  const nativeEndings = (s) => s.replace(/\r\n?/g, '\n');
  const normalizeType = (type) => {
    const t = String(type);
    return /^[\x20-\x7e]*$/.test(t) ? t.toLowerCase() : '';
  };

  class Blob {
    #type;
    constructor(parts = [], options = {}) {
      if (parts === null || (typeof parts !== 'object' && typeof parts !== 'function')) {
        throw new TypeError('The "blobParts" argument must be a sequence');
      }
      if (typeof parts[Symbol.iterator] !== 'function') throw new TypeError('The "blobParts" argument must be a sequence');
      const endings = options?.endings ?? 'transparent';
      if (endings !== 'transparent' && endings !== 'native') {
        throw new TypeError(`The provided value '${endings}' is not a valid enum value of type EndingType.`);
      }
      const chunks = [];
      for (const part of parts) {
        if (part instanceof ArrayBuffer) chunks.push(new Uint8Array(part.slice(0)));
        else if (ArrayBuffer.isView(part)) chunks.push(new Uint8Array(part.buffer.slice(part.byteOffset, part.byteOffset + part.byteLength)));
        else if (part instanceof Blob) chunks.push(bytesOf.get(part));
        else chunks.push(encoder.encode(endings === 'native' ? nativeEndings(String(part)) : String(part)));
      }
      const size = chunks.reduce((n, c) => n + c.length, 0);
      const bytes = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) {
        bytes.set(c, at);
        at += c.length;
      }
      bytesOf.set(this, bytes);
      this.#type = options?.type === undefined ? '' : normalizeType(options.type);
    }
    get size() { return own(this).length; }
    get type() { return this.#type; }
    slice(start = 0, end = undefined, contentType = '') {
      const bytes = own(this);
      const size = bytes.length;
      const clamp = (i) => (i < 0 ? Math.max(size + i, 0) : Math.min(i, size));
      const from = clamp(Math.trunc(Number(start)) || 0);
      const to = end === undefined ? size : clamp(Math.trunc(Number(end)) || 0);
      const blob = new Blob([], { type: contentType === undefined ? '' : contentType });
      bytesOf.set(blob, bytes.slice(from, Math.max(from, to)));
      return blob;
    }
    async text() { return new TextDecoder().decode(own(this)); }
    async arrayBuffer() { return own(this).slice().buffer; }
    async bytes() { return own(this).slice(); }
    stream() {
      const bytes = own(this);
      let sent = false;
      return new ReadableStream({
        type: 'bytes',
        pull(controller) {
          if (!sent && bytes.length > 0) controller.enqueue(bytes.slice());
          sent = true;
          controller.close();
        },
      });
    }
  }
  function own(blob) {
    const bytes = bytesOf.get(blob);
    if (bytes === undefined) throw new TypeError('Illegal invocation');
    return bytes;
  }
  Object.defineProperty(Blob.prototype, Symbol.toStringTag, { value: 'Blob', configurable: true });

  class File extends Blob {
    #name;
    #lastModified;
    constructor(parts, name, options = {}) {
      if (arguments.length < 2) throw new TypeError('The "fileBits" and "fileName" arguments must be specified');
      super(parts, options);
      this.#name = String(name);
      this.#lastModified = options?.lastModified === undefined ? Date.now() : Math.trunc(Number(options.lastModified)) || 0;
    }
    get name() { return this.#name; }
    get lastModified() { return this.#lastModified; }
    get webkitRelativePath() { return ''; }
  }
  Object.defineProperty(File.prototype, Symbol.toStringTag, { value: 'File', configurable: true });
  return { Blob, File };
})

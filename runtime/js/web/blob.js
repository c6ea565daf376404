// Blob and File (the File API): immutable bytes with a MIME type, read as
// text, bytes, an ArrayBuffer or a stream; and the runtime's blob URL store
// (URL.createObjectURL), which fetch() and import() read.
(function (uses, natives) {
  'use strict';
  const { TextEncoder, TextDecoder } = uses.encoding;
  const { ReadableStream } = uses.streams;
  const { PlatformObject, root, serializable } = uses.platform_objects;
  const encoder = new TextEncoder();
  const bytesOf = new WeakMap(); // Blob -> Uint8Array (never exposed, never changed)

  // The standard's "convert line endings to native": \n here.
  const nativeEndings = (s) => s.replace(/\r\n?/g, '\n');
  const normalizeType = (type) => {
    const t = String(type);
    return /^[\x20-\x7e]*$/.test(t) ? t.toLowerCase() : '';
  };

  class Blob extends PlatformObject {
    #type;
    constructor(parts = [], options = {}) {
      super();
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
  root(Blob);
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
    static _is(object) { return #name in object; }
  }
  const isFile = File._is;
  delete File._is;
  Object.defineProperty(File.prototype, Symbol.toStringTag, { value: 'File', configurable: true });

  // structuredClone copies them (a subclass's object as a Blob or a File).
  const withBytes = (blob, bytes) => {
    bytesOf.set(blob, bytes);
    return blob;
  };
  serializable(
    'File',
    isFile,
    (file) => ({ bytes: bytesOf.get(file), type: file.type, name: file.name, lastModified: file.lastModified }),
    ({ bytes, type, name, lastModified }) => withBytes(new File([], name, { type, lastModified }), bytes),
  );
  serializable(
    'Blob',
    (object) => bytesOf.has(object),
    (blob) => ({ bytes: bytesOf.get(blob), type: blob.type }),
    ({ bytes, type }) => withBytes(new Blob([], { type }), bytes),
  );

  // The blob URL store: `blob:null/<UUID>` (this runtime's origin is opaque) -> Blob.
  const store = new Map();
  const uuid = () => {
    const b = natives.random(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
  // Once this runtime is in a tree of workers, its URLs are the tree's too
  // (runtime/src/worker/blob_urls.rs): a copy of each one's bytes.
  const share = (url, blob) => natives.share(url, blob.type, own(blob));
  const objectURLs = {
    create(blob) {
      if (!bytesOf.has(blob)) throw new TypeError("Failed to execute 'createObjectURL' on 'URL': the argument is not a Blob");
      const url = `blob:null/${uuid()}`;
      store.set(url, blob);
      if (natives.inTree()) share(url, blob);
      return url;
    },
    revoke(url) {
      store.delete(String(url));
      if (natives.inTree()) natives.unshare(String(url));
    },
    // The runtime made its first worker: what it made so far is shared.
    publish() { store.forEach((blob, url) => share(url, blob)); },
    // The Blob a blob URL (its fragment aside) stands for — this runtime's, or another of its tree's —, or null.
    resolve(url) {
      const bare = String(url).replace(/#.*$/s, '');
      const blob = store.get(bare);
      if (blob !== undefined || !natives.inTree()) return blob ?? null;
      const found = natives.lookup(bare);
      return found === null ? null : withBytes(new Blob([], { type: found[0] }), found[1]);
    },
    // [type, text as UTF-8] of that Blob, or null (a module imported from it).
    source(url) {
      const blob = objectURLs.resolve(url);
      return blob === null ? null : [blob.type, new TextDecoder().decode(own(blob))];
    },
  };
  return { Blob, File, objectURLs };
})

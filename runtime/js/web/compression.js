// CompressionStream and DecompressionStream (the Compression Standard):
// gzip, deflate (zlib) and deflate-raw, by Rust's flate2.
(function (uses, natives) {
  'use strict';
  const { TransformStream } = uses.streams;
  const FORMATS = ['gzip', 'deflate', 'deflate-raw'];
  const bytesOf = (chunk) => {
    if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
    if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    throw new TypeError('The chunk must be a BufferSource');
  };
  const transformFor = (format, compress) => {
    const name = String(format);
    if (!FORMATS.includes(name)) {
      throw new TypeError(`Failed to construct '${compress ? 'CompressionStream' : 'DecompressionStream'}': ` +
        `Unsupported compression format: '${name}'`);
    }
    const codec = natives.codec(name, compress); // (bytes) -> output so far; (null) -> the rest
    return new TransformStream({
      transform(chunk, controller) {
        const out = codec(bytesOf(chunk));
        if (out.length > 0) controller.enqueue(out);
      },
      flush(controller) {
        const out = codec(null);
        if (out.length > 0) controller.enqueue(out);
      },
    });
  };
  class CompressionStream {
    #transform;
    constructor(format) { this.#transform = transformFor(format, true); }
    get readable() { return this.#transform.readable; }
    get writable() { return this.#transform.writable; }
  }
  class DecompressionStream {
    #transform;
    constructor(format) { this.#transform = transformFor(format, false); }
    get readable() { return this.#transform.readable; }
    get writable() { return this.#transform.writable; }
  }
  for (const [cls, tag] of [[CompressionStream, 'CompressionStream'], [DecompressionStream, 'DecompressionStream']]) {
    Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: tag, configurable: true });
  }
  return { CompressionStream, DecompressionStream };
})

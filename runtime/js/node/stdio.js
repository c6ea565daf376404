// process.stdout and process.stderr: Writable streams, as Node's are when its
// output is a pipe (fd 1 and 2, isTTY undefined), whose text reaches the
// console a line at a time — console.log for stdout, console.error for
// stderr — and a line left open once the running code returns. write() goes
// straight there; the node:stream half (on, end, pipe…) loads when first
// used (`bases`, lazy_stream.js), and write() goes through it from then on.
// process.stdin: a Readable at its end, as Node's is when its input is empty.
(function (bases, Buffer, errors, nextTick) {
  'use strict';
  // The console, a line at a time, from text, or from bytes that may split a character (a decoder made
  // for the first bytes: text alone needs none).
  const lines = (method) => {
    let decoder = null;
    let pending = '';
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      if (pending !== '') console[method](pending);
      pending = '';
    };
    const add = (text) => {
      const parts = (pending + text).split('\n');
      pending = parts.pop();
      for (const line of parts) console[method](line);
      if (pending !== '' && !scheduled) {
        scheduled = true;
        platform.queueMicrotask(flush);
      }
    };
    return (chunk, encoding) => {
      if (typeof chunk === 'string' && (typeof encoding !== 'string' || /^utf-?8$/i.test(encoding))) {
        add(decoder === null ? chunk : decoder.decode() + chunk); // (bytes cut short before it show as U+FFFD)
      } else {
        add((decoder ??= new platform.TextDecoder()).decode(bytesOf(chunk, encoding), { stream: true }));
      }
    };
  };
  const bytesOf = (chunk, encoding) => {
    if (typeof chunk === 'string') return Buffer.from(chunk, encoding);
    if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    throw errors.invalidArgType('"chunk" argument', 'of type string or an instance of Buffer, TypedArray, or DataView', chunk);
  };

  const base = bases.Writable;
  class Stdio {
    #sink;

    constructor(fd) {
      this.#sink = lines(fd === 1 ? 'log' : 'error');
      Object.defineProperties(this, {
        fd: { value: fd, enumerable: true },
        _type: { value: 'pipe', writable: true },
        _isStdio: { value: true, writable: true },
      });
    }

    write(chunk, encoding, callback) {
      const streamWrite = Object.getPrototypeOf(base).write; // Writable's, once node:stream is under the base
      if (streamWrite !== undefined) return streamWrite.call(this, chunk, encoding, callback);
      this.#sink(chunk, encoding);
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') nextTick(done, null); // as Node's afterWrite
      return true;
    }

    _write(chunk, encoding, callback) {
      this.#sink(chunk, encoding);
      callback();
    }

    // Node's stdio is never closed by its stream: destroy() ends the stream, not the output.
    _destroy(error, callback) {
      callback(error);
    }
  }
  Object.setPrototypeOf(Stdio.prototype, base);

  class Stdin {
    constructor() {
      Object.defineProperties(this, { fd: { value: 0, enumerable: true } });
    }

    _read() {
      this.push(null);
    }

    _destroy(error, callback) {
      callback(error);
    }
  }
  const stdin = () => {
    if (Object.getPrototypeOf(Stdin.prototype) === Object.prototype) Object.setPrototypeOf(Stdin.prototype, bases.Readable);
    return new Stdin();
  };
  return (fd) => (fd === 0 ? stdin() : new Stdio(fd));
})

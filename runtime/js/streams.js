(() => {
  "use strict";
  const pending = Symbol("pending");
  class ReadableStreamDefaultController {
    #stream;
    constructor(stream) { this.#stream = stream; }
    get desiredSize() { return this.#stream[pending].state === "readable" ? 1 - this.#stream[pending].queue.length : 0; }
    enqueue(chunk) {
      const s = this.#stream[pending];
      if (s.state !== "readable" || s.closeRequested) throw new TypeError("The stream is not readable");
      const waiter = s.readers.shift();
      if (waiter) waiter.resolve({ value: chunk, done: false });
      else s.queue.push(chunk);
    }
    close() {
      const s = this.#stream[pending];
      if (s.state !== "readable" || s.closeRequested) throw new TypeError("The stream is already closing");
      s.closeRequested = true;
      if (s.queue.length === 0) finish(s);
    }
    error(reason) {
      const s = this.#stream[pending];
      if (s.state !== "readable") return;
      s.state = "errored";
      s.reason = reason;
      s.queue.length = 0;
      for (const r of s.readers.splice(0)) r.reject(reason);
    }
  }
  const finish = (s) => {
    s.state = "closed";
    for (const r of s.readers.splice(0)) r.resolve({ value: undefined, done: true });
  };
  const pull = async (stream) => {
    const s = stream[pending];
    if (s.pulling || s.state !== "readable" || s.closeRequested || !s.source.pull) return;
    s.pulling = true;
    try {
      await s.started;
      await s.source.pull.call(s.source, s.controller);
    } catch (e) {
      s.controller.error(e);
    } finally {
      s.pulling = false;
    }
    if (s.readers.length > 0 && s.queue.length === 0) pull(stream);
  };
  class ReadableStreamDefaultReader {
    #stream;
    constructor(stream) {
      if (stream.locked) throw new TypeError("The stream is locked to another reader");
      this.#stream = stream;
      stream[pending].locked = true;
    }
    read() {
      const stream = this.#stream;
      if (!stream) return Promise.reject(new TypeError("The reader has been released"));
      const s = stream[pending];
      if (s.queue.length > 0) {
        const value = s.queue.shift();
        if (s.closeRequested && s.queue.length === 0) finish(s);
        return Promise.resolve({ value, done: false });
      }
      if (s.state === "closed") return Promise.resolve({ value: undefined, done: true });
      if (s.state === "errored") return Promise.reject(s.reason);
      const read = new Promise((resolve, reject) => s.readers.push({ resolve, reject }));
      pull(stream);
      return read;
    }
    cancel(reason) { return this.#stream ? this.#stream.cancel(reason, true) : Promise.resolve(); }
    releaseLock() { if (this.#stream) { this.#stream[pending].locked = false; this.#stream = undefined; } }
  }
  class ReadableStream {
    constructor(source = {}) {
      const s = { source, queue: [], readers: [], state: "readable", locked: false, closeRequested: false, pulling: false };
      Object.defineProperty(this, pending, { value: s });
      s.controller = new ReadableStreamDefaultController(this);
      s.started = Promise.resolve(source.start ? source.start(s.controller) : undefined).catch((e) => s.controller.error(e));
    }
    get locked() { return this[pending].locked; }
    getReader() { return new ReadableStreamDefaultReader(this); }
    async cancel(reason, byReader = false) {
      const s = this[pending];
      if (s.locked && !byReader) throw new TypeError("The stream is locked to a reader");
      if (s.state !== "readable") return;
      s.queue.length = 0;
      finish(s);
      if (s.source.cancel) await s.source.cancel.call(s.source, reason);
    }
    async *values() {
      const reader = this.getReader();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          yield value;
        }
      } finally {
        reader.releaseLock();
      }
    }
    [Symbol.asyncIterator]() { return this.values(); }
    static from(iterable) {
      const it = (iterable[Symbol.asyncIterator] || iterable[Symbol.iterator]).call(iterable);
      return new ReadableStream({
        async pull(c) { const { value, done } = await it.next(); if (done) c.close(); else c.enqueue(value); },
        async cancel(reason) { if (it.return) await it.return(reason); },
      });
    }
  }
  const open = (stream) => {
    const reader = stream.getReader();
    return (op) => op === "read" ? reader.read() : op === "cancel" ? reader.cancel() : stream;
  };
  const fromSource = (source) => new ReadableStream({
    async pull(c) { const { value, done } = await source("pull"); if (done) c.close(); else c.enqueue(value); },
    async cancel() { await source("cancel"); },
  });
  return [ReadableStream.prototype, open, fromSource, { ReadableStream }];
})()

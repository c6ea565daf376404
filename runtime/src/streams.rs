//! Streams between JS and the host: a small `ReadableStream` (the global, made
//! on first use) and the helpers that let one cross the boundary. A JS stream
//! reaches the host as [`Value::Stream`]: a function `(op)` over a reader of
//! it (`"read"` → promise of `{done, value}`, `"cancel"`, `"stream"` → the
//! stream itself). A host source reaches JS as [`Value::Source`] and becomes a
//! `ReadableStream` whose pulls call it.
use std::sync::Arc;

use crate::env::{Env, Local};
use crate::error::{Error, Result};
use crate::handle::RawGlobal;
use crate::shared::Shared;
use crate::value::{JsString, Text};

/// The globals `install` defines.
pub(crate) const GLOBALS: &[&str] = &["ReadableStream"];

/// Persistent handles of the helpers (only dereferenced inside the isolate).
pub(crate) struct StreamHelpers {
    prototype: RawGlobal,
    open: RawGlobal,
    from_source: RawGlobal,
    globals: RawGlobal,
}

// SAFETY: the handles are only dereferenced inside the isolate.
unsafe impl Sync for StreamHelpers {}
// SAFETY: as above.
unsafe impl Send for StreamHelpers {}

const SETUP: &str = r#"(() => {
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
})()"#;

/// Runs the set-up script once; returns the object holding the global.
pub(crate) fn install<'e>(env: &Env<'e>, shared: &Arc<Shared>) -> Result<Local<'e>> {
    if let Some(h) = shared.streams.get() {
        // SAFETY: the handle lives as long as the isolate.
        return Ok(unsafe { env.global_value(h.globals.0) });
    }
    let source = crate::inspector::internal_source(shared, SETUP, "jsrun:streams");
    let made = env.run_script(Text::Utf8(&source), Some("jsrun:streams"))?;
    let part = |i| env.get_index(made, i);
    let (prototype, open, from_source, globals) = (part(0)?, part(1)?, part(2)?, part(3)?);
    let _ = shared.streams.set(StreamHelpers {
        prototype: RawGlobal(env.new_global(prototype)),
        open: RawGlobal(env.new_global(open)),
        from_source: RawGlobal(env.new_global(from_source)),
        globals: RawGlobal(env.new_global(globals)),
    });
    Ok(globals)
}

/// `open(stream)` if `v` is one of our ReadableStreams (only ever true once
/// the global was used, so other conversions pay nothing).
pub(crate) fn open_if_stream<'e>(env: &Env<'e>, shared: &Arc<Shared>, v: Local<'e>) -> Result<Option<Local<'e>>> {
    let Some(h) = shared.streams.get() else { return Ok(None) };
    // SAFETY: the handles live as long as the isolate.
    let prototype = unsafe { env.global_value(h.prototype.0) };
    match env.prototype_of(v) {
        Some(p) if env.strict_equals(p, prototype) => {
            // SAFETY: as above.
            let open = unsafe { env.global_value(h.open.0) };
            env.call_function(open, None, &[v]).map(Some)
        }
        _ => Ok(None),
    }
}

/// A ReadableStream pulling from `source` (a function `(op)`, see the module docs).
pub(crate) fn from_source<'e>(env: &Env<'e>, shared: &Arc<Shared>, source: Local<'e>) -> Result<Local<'e>> {
    if shared.streams.get().is_none() {
        install(env, shared)?;
    }
    let h = shared.streams.get().ok_or_else(|| Error::Internal("stream helpers are missing".into()))?;
    // SAFETY: the handle lives as long as the isolate.
    let make = unsafe { env.global_value(h.from_source.0) };
    env.call_function(make, None, &[source])
}

/// The stream a [`crate::Value::Stream`] handle reads.
pub(crate) fn stream_of<'e>(env: &Env<'e>, handle: Local<'e>) -> Result<Local<'e>> {
    let op = env.new_string(&JsString::from("stream"))?;
    env.call_function(handle, None, &[op])
}

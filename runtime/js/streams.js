// The Streams Standard's globals, from web-streams-polyfill (given as
// `lib`), and the helpers that let a stream cross to and from the host.
(function (lib) {
  'use strict';
  const { ReadableStream } = lib;
  // A host-side handle of a JS stream: `op` is "read", "cancel" or "stream".
  const open = (stream) => {
    const reader = stream.getReader();
    return (op) => (op === 'read' ? reader.read() : op === 'cancel' ? reader.cancel() : stream);
  };
  // A stream pulling from a host source: `source("pull")` gives {done, value}.
  const fromSource = (source) => new ReadableStream({
    async pull(c) {
      const { value, done } = await source('pull');
      if (done) c.close();
      else c.enqueue(value);
    },
    async cancel() { await source('cancel'); },
  }, { highWaterMark: 0 });
  // What Node's stream module reads of a web stream: its state, and
  // Symbol.for('nodejs.webstream.isClosedPromise'), a promise settled when
  // the stream closes or errors (stream.finished(webStream) waits on it).
  // The polyfill keeps the state in a `_state` field that it assigns as the
  // stream closes or errors. A stream whose promise is asked for gets an
  // accessor for that field, which sees each change; other streams keep
  // the plain field (no cost to them).
  const STATE = Symbol('state');
  const CLOSED = Symbol.for('nodejs.webstream.isClosedPromise');
  const DEFERRED = Symbol('closedPromise');
  const settle = (stream) => {
    const deferred = stream[DEFERRED];
    // After the turn that set the state: the polyfill sets `_storedError` just after.
    if (stream[STATE] === 'closed') deferred.resolve();
    else if (stream[STATE] === 'errored') Promise.resolve().then(() => deferred.reject(stream._storedError));
  };
  const watch = (stream) => {
    let resolve, reject;
    const promise = new Promise((yes, no) => { resolve = yes; reject = no; });
    promise.catch(() => {});
    Object.defineProperty(stream, DEFERRED, { value: { promise, resolve, reject } });
    Object.defineProperty(stream, STATE, { value: stream._state, writable: true });
    Object.defineProperty(stream, '_state', {
      get() { return this[STATE]; },
      set(value) {
        this[STATE] = value;
        settle(this);
      },
    });
    settle(stream);
  };
  for (const { prototype } of [lib.ReadableStream, lib.WritableStream]) {
    Object.defineProperty(prototype, CLOSED, {
      get() {
        if (this[DEFERRED] === undefined) watch(this);
        return this[DEFERRED];
      },
    });
  }
  // Node's stream.isErrored, isReadable and isDisturbed of a web stream (undefined: not one).
  const nodeView = (stream) => {
    if (!(stream instanceof lib.ReadableStream || stream instanceof lib.WritableStream)) return undefined;
    return { state: stream._state, disturbed: stream._disturbed === true };
  };
  return [ReadableStream.prototype, open, fromSource, { ...lib, nodeView }];
})

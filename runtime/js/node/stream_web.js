// node:stream's bridges to the web's streams, which npm's readable-stream
// leaves to Node's internals: Readable.fromWeb/toWeb, Writable.fromWeb/toWeb,
// Duplex.fromWeb/toWeb, isErrored/isReadable/isDisturbed of a web stream,
// and node:stream/consumers. `stream` is readable-stream, `web` the Streams
// Standard's classes (with `nodeView`, runtime/js/streams.js).
(function (stream, web, Buffer, errors, process) {
  'use strict';
  const { Readable, Writable, Duplex, destroy, finished } = stream;
  const { ReadableStream, WritableStream, CountQueuingStrategy, nodeView } = web;
  const premature = () => Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
  const aborted = (cause) => Object.assign(new Error('The operation was aborted', cause ? { cause } : undefined),
    { name: 'AbortError', code: 'ABORT_ERR' });
  // A stream's premature close reaches the web side as an AbortError, as in Node.
  const asWebError = (error) => (error?.code === 'ERR_STREAM_PREMATURE_CLOSE' ? aborted(error) : error);
  const settleLater = (callback, onThrow) => (error) => {
    try {
      callback(error);
    } catch (thrown) {
      process.nextTick(() => onThrow(thrown));
    }
  };
  const deferred = () => {
    let resolve, reject;
    const promise = new Promise((yes, no) => { resolve = yes; reject = no; });
    return { promise, resolve, reject };
  };
  const check = (value, is, what, expected) => {
    if (!is(value)) throw errors.invalidArgType(what, expected, value);
  };
  const isWebReadable = (value) => value instanceof ReadableStream;
  const isWebWritable = (value) => value instanceof WritableStream;
  const isNodeReadable = (value) => typeof value?.pipe === 'function' && typeof value?.on === 'function'
    && typeof value?.read === 'function';
  const isNodeWritable = (value) => typeof value?.write === 'function' && typeof value?.on === 'function';
  const ended = (writable) => writable.writableEnded === true;

  // Reads of a Node stream from a web reader (Readable.fromWeb's and Duplex.fromWeb's).
  const readsFrom = (reader, owner) => ({
    read() {
      reader.read().then(({ done, value }) => {
        owner().push(done ? null : value);
      }, (error) => destroy(owner(), error));
    },
  });

  // A Node Readable reading a web ReadableStream.
  const readableFromWeb = (readableStream, options = {}) => {
    check(readableStream, isWebReadable, 'readableStream', 'an instance of ReadableStream');
    const { highWaterMark, encoding, objectMode = false, signal } = options;
    const reader = readableStream.getReader();
    let closed = false;
    const readable = new Readable({
      objectMode, highWaterMark, encoding, signal,
      ...readsFrom(reader, () => readable),
      destroy(error, callback) {
        const done = settleLater(() => callback(error), (thrown) => { throw thrown; });
        if (closed) done();
        else reader.cancel(error).then(done, done);
      },
    });
    reader.closed.then(() => { closed = true; }, (error) => {
      closed = true;
      destroy(readable, error);
    });
    return readable;
  };

  // A web ReadableStream reading a Node Readable.
  const readableToWeb = (streamReadable, options = {}) => {
    check(streamReadable, isNodeReadable, 'streamReadable', 'an instance of Readable');
    if (streamReadable.destroyed || streamReadable.readable === false) {
      const readable = new ReadableStream();
      readable.cancel();
      return readable;
    }
    const objectMode = streamReadable.readableObjectMode;
    const highWaterMark = streamReadable.readableHighWaterMark;
    const strategy = options.strategy ?? (objectMode ? new CountQueuingStrategy({ highWaterMark }) : { highWaterMark });
    let controller;
    const onData = (chunk) => {
      controller.enqueue(Buffer.isBuffer(chunk) && !objectMode ? new Uint8Array(chunk) : chunk);
      if (controller.desiredSize <= 0) streamReadable.pause();
    };
    const cleanup = finished(streamReadable, (error) => {
      cleanup();
      // A stream may emit 'error' again after finishing (legacy streams).
      streamReadable.on('error', () => {});
      streamReadable.off('data', onData);
      if (error) controller.error(asWebError(error));
      else controller.close();
    });
    streamReadable.on('data', onData);
    return new ReadableStream({
      start(c) { controller = c; },
      pull() { streamReadable.resume(); },
      cancel(reason) { destroy(streamReadable, reason); },
    }, strategy);
  };

  // Writes of a Node stream to a web writer (Writable.fromWeb's and Duplex.fromWeb's).
  const writesTo = (writer, owner, decodeStrings, objectMode) => ({
    write(chunk, encoding, callback) {
      const done = settleLater(callback, (thrown) => destroy(owner(), thrown));
      const data = typeof chunk === 'string' && decodeStrings && !objectMode ? Buffer.from(chunk, encoding) : chunk;
      writer.ready.then(() => writer.write(data)).then(() => done(), done);
    },
    writev(chunks, callback) {
      const done = settleLater(callback, (thrown) => destroy(owner(), thrown));
      writer.ready.then(() => Promise.all(chunks.map(({ chunk }) => writer.write(chunk)))).then(() => done(), done);
    },
  });

  // A Node Writable writing to a web WritableStream.
  const writableFromWeb = (writableStream, options = {}) => {
    check(writableStream, isWebWritable, 'writableStream', 'an instance of WritableStream');
    const { highWaterMark, decodeStrings = true, objectMode = false, signal } = options;
    const writer = writableStream.getWriter();
    let closed = false;
    const writable = new Writable({
      highWaterMark, objectMode, decodeStrings, signal,
      ...writesTo(writer, () => writable, decodeStrings, objectMode),
      destroy(error, callback) {
        const done = settleLater(() => callback(error), (thrown) => { throw thrown; });
        if (closed) done();
        else if (error != null) writer.abort(error).then(done, done);
        else writer.close().then(done, done);
      },
      final(callback) {
        const done = settleLater(callback, (thrown) => destroy(writable, thrown));
        if (closed) done();
        else writer.close().then(() => done(), done);
      },
    });
    writer.closed.then(() => {
      closed = true;
      if (!ended(writable)) destroy(writable, premature());
    }, (error) => {
      closed = true;
      destroy(writable, error);
    });
    return writable;
  };

  // A web WritableStream writing to a Node Writable.
  const writableToWeb = (streamWritable) => {
    check(streamWritable, isNodeWritable, 'streamWritable', 'an instance of Writable');
    if (streamWritable.destroyed || streamWritable.writable === false) {
      const writable = new WritableStream();
      writable.close();
      return writable;
    }
    const highWaterMark = streamWritable.writableHighWaterMark;
    const strategy = streamWritable.writableObjectMode ? new CountQueuingStrategy({ highWaterMark })
      : { highWaterMark, size: (chunk) => chunk?.byteLength ?? chunk?.length ?? 1 };
    let controller;
    let backpressure;
    let closing;
    const onDrain = () => backpressure?.resolve();
    const cleanup = finished(streamWritable, (error) => {
      cleanup();
      streamWritable.on('error', () => {});
      streamWritable.off('drain', onDrain);
      if (error != null) {
        backpressure?.reject(error);
        closing?.reject(error);
        controller?.error(asWebError(error));
      } else if (closing !== undefined) {
        closing.resolve();
      } else {
        controller?.error(aborted());
      }
      closing = undefined;
      controller = undefined;
    });
    streamWritable.on('drain', onDrain);
    return new WritableStream({
      start(c) { controller = c; },
      write(chunk) {
        if (streamWritable.writableNeedDrain || !streamWritable.write(chunk)) {
          backpressure = deferred();
          return backpressure.promise.finally(() => { backpressure = undefined; });
        }
        return undefined;
      },
      abort(reason) { destroy(streamWritable, reason); },
      close() {
        if (closing === undefined && !ended(streamWritable)) {
          closing = deferred();
          streamWritable.end();
          return closing.promise;
        }
        controller = undefined;
        return undefined;
      },
    }, strategy);
  };

  // A Node Duplex over a web {readable, writable} pair.
  const duplexFromWeb = (pair, options = {}) => {
    check(pair, (p) => p !== null && typeof p === 'object', 'pair', 'of type object');
    check(pair.readable, isWebReadable, 'pair.readable', 'an instance of ReadableStream');
    check(pair.writable, isWebWritable, 'pair.writable', 'an instance of WritableStream');
    const { allowHalfOpen = false, objectMode = false, encoding, decodeStrings = true, highWaterMark, signal } = options;
    const writer = pair.writable.getWriter();
    const reader = pair.readable.getReader();
    let writableClosed = false;
    let readableClosed = false;
    const duplex = new Duplex({
      allowHalfOpen, highWaterMark, objectMode, encoding, decodeStrings, signal,
      ...writesTo(writer, () => duplex, decodeStrings, objectMode),
      final(callback) {
        const done = settleLater(callback, (thrown) => destroy(duplex, thrown));
        if (writableClosed) done();
        else writer.close().then(() => done(), done);
      },
      ...readsFrom(reader, () => duplex),
      destroy(error, callback) {
        const done = settleLater(() => callback(error), (thrown) => { throw thrown; });
        Promise.all([writableClosed ? undefined : writer.abort(error), readableClosed ? undefined : reader.cancel(error)])
          .then(done, done);
      },
    });
    const fail = (error) => {
      writableClosed = true;
      readableClosed = true;
      destroy(duplex, error);
    };
    writer.closed.then(() => {
      writableClosed = true;
      if (!ended(duplex)) destroy(duplex, premature());
    }, fail);
    reader.closed.then(() => { readableClosed = true; }, fail);
    return duplex;
  };

  const duplexToWeb = (duplex) => ({ readable: readableToWeb(duplex), writable: writableToWeb(duplex) });

  // Each class's static as Node has it (readable-stream's call into Node's internals).
  const withStatics = (target) => {
    Object.assign(target.Readable, { fromWeb: readableFromWeb, toWeb: readableToWeb });
    Object.assign(target.Writable, { fromWeb: writableFromWeb, toWeb: writableToWeb });
    Object.assign(target.Duplex, { fromWeb: duplexFromWeb, toWeb: duplexToWeb });
    // Node's answers for web streams; npm's for its own.
    const { isErrored, isReadable, isDisturbed } = target;
    return {
      isErrored: (s) => (nodeView(s) ? nodeView(s).state === 'errored' : isErrored(s)),
      isReadable: (s) => (nodeView(s) ? (s instanceof ReadableStream ? nodeView(s).state === 'readable' : false)
        : isReadable(s)),
      isDisturbed: (s) => (nodeView(s) ? nodeView(s).disturbed : isDisturbed(s)),
    };
  };

  // node:stream/consumers: a stream's (Node's, the web's, any async iterable's) whole content.
  const blob = async (source) => {
    const chunks = [];
    for await (const chunk of source) chunks.push(chunk);
    return new platform.Blob(chunks);
  };
  const text = async (source) => {
    const decoder = new platform.TextDecoder();
    let out = '';
    for await (const chunk of source) out += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    return out + decoder.decode();
  };
  const consumers = {
    arrayBuffer: async (source) => (await blob(source)).arrayBuffer(),
    blob,
    buffer: async (source) => Buffer.from(await (await blob(source)).arrayBuffer()),
    json: async (source) => JSON.parse(await text(source)),
    text,
  };
  return { withStatics, consumers };
})

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
  return [ReadableStream.prototype, open, fromSource, { ...lib }];
})

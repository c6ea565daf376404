// WebAssembly.compileStreaming and instantiateStreaming (the WebAssembly Web
// API) for a Response or a promise of one, as `fetch` gives: the checks the
// standard makes, then the body is read and V8 compiles it. (Not V8's
// streaming compiler: bodies here are in memory already.)
(function (uses) {
  'use strict';
  const { Response } = uses.fetch;
  const { compile, instantiate } = WebAssembly;

  async function bytesOf(source, caller) {
    const response = await source;
    const fail = (why) => new TypeError(`WebAssembly.${caller}(): ${why}`);
    if (!(response instanceof Response)) throw fail('Argument 0 must be a Response or a promise of one');
    // The whole header value, trimmed of tabs and spaces: the standard allows no parameters.
    const type = response.headers.get('content-type');
    if (type === null || type.replace(/^[\t ]+|[\t ]+$/g, '').toLowerCase() !== 'application/wasm') {
      throw fail(`the response's MIME type is ${JSON.stringify(type ?? '')}, not "application/wasm"`);
    }
    if (!response.ok) throw fail(`the response's status is ${response.status}, not an ok status`);
    if (response.bodyUsed) throw fail("the response's body was already read");
    return response.arrayBuffer();
  }

  // Methods' names and lengths, as the standard's: compileStreaming(source), instantiateStreaming(source, imports).
  const { compileStreaming, instantiateStreaming } = {
    async compileStreaming(source) {
      return compile(await bytesOf(source, 'compileStreaming'));
    },
    async instantiateStreaming(source, importObject = undefined) {
      return instantiate(await bytesOf(source, 'instantiateStreaming'), importObject);
    },
  };
  return { compileStreaming, instantiateStreaming };
})

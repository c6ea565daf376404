// Modern JavaScript and WebAssembly features, each a function returning true
// when the engine has it (an exception or false: it does not). Run by
// tests/test_engine_features.py and benchmarks/engine_features.py.
(function () {
  'use strict';
  const wasm = (...bytes) =>
    WebAssembly.validate(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...bytes]));
  // One function of type () -> () whose body is `body` (no locals).
  const wasmBody = (...body) =>
    wasm(0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
      0x0a, body.length + 3, 0x01, body.length + 1, 0x00, ...body);
  // Syntax an older engine cannot parse goes through Function or RegExp.
  const syntax = (source) => { new Function(source); return true; };
  return {
    // ES2022
    'Array.prototype.at': () => [1, 2, 3].at(-1) === 3,
    'Object.hasOwn': () => Object.hasOwn({ a: 1 }, 'a'),
    'Error cause': () => new Error('x', { cause: 1 }).cause === 1,
    'RegExp match indices (d)': () => new RegExp('a', 'd').exec('a').indices[0][0] === 0,
    'class static blocks': () => syntax('class A { static { this.x = 1; } }'),
    // ES2023
    'Array.prototype.findLast': () => [1, 2, 3].findLast((x) => x < 3) === 2,
    'Array.prototype.toSorted': () => [3, 1, 2].toSorted().join() === '1,2,3',
    'Array.prototype.with': () => [1, 2].with(0, 5)[0] === 5,
    'Symbols as WeakMap keys': () => { new WeakMap().set(Symbol('k'), 1); return true; },
    // ES2024
    'Object.groupBy': () => Object.groupBy([1, 2, 3], (x) => (x % 2 ? 'odd' : 'even')).odd.length === 2,
    'Map.groupBy': () => Map.groupBy([1, 2, 3], (x) => x % 2).get(1).length === 2,
    'Promise.withResolvers': () => typeof Promise.withResolvers().resolve === 'function',
    'resizable ArrayBuffer': () => new ArrayBuffer(1, { maxByteLength: 4 }).resizable === true,
    'ArrayBuffer.prototype.transfer': () => new ArrayBuffer(4).transfer().byteLength === 4,
    'String.prototype.isWellFormed': () => 'a'.isWellFormed(),
    'Atomics.waitAsync': () => typeof Atomics.waitAsync === 'function',
    'RegExp v flag': () => new RegExp('[\\p{L}--[a-z]]', 'v').test('A'),
    // ES2025
    'Set.prototype.union': () => new Set([1]).union(new Set([2])).size === 2,
    'iterator helpers': () => [1, 2, 3].values().map((x) => x * 2).toArray().join() === '2,4,6',
    'Promise.try': () => Promise.try(() => 1) instanceof Promise,
    'RegExp.escape': () => RegExp.escape('.b') === '\\.b',
    'Float16Array': () => new Float16Array([1.5])[0] === 1.5,
    'RegExp modifiers': () => new RegExp('(?i:a)b').test('Ab'),
    'duplicate named groups': () => new RegExp('(?<y>a)|(?<y>b)').test('b'),
    'JSON.rawJSON': () => JSON.stringify(JSON.rawJSON('1e1000')) === '1e1000',
    // ES2026
    'Array.fromAsync': () => typeof Array.fromAsync === 'function',
    'Error.isError': () => Error.isError(new TypeError()),
    'Math.sumPrecise': () => Math.sumPrecise([1e20, 0.1, -1e20]) === 0.1,
    'Uint8Array.fromBase64': () => Uint8Array.fromBase64('AQI=')[1] === 2,
    'explicit resource management (using)': () => syntax('{ using x = null; }'),
    'Atomics.pause': () => typeof Atomics.pause === 'function',
    'Temporal': () => Temporal.PlainDate.from('2024-02-28').add({ days: 2 }).toString() === '2024-03-01',
    // ECMA-402 2025
    'Intl.DurationFormat': () =>
      new Intl.DurationFormat('en', { style: 'digital' }).format({ hours: 1, minutes: 2, seconds: 3 }) === '1:02:03',
    // WebAssembly
    'Wasm SIMD': () => wasmBody(0x43, 0, 0, 0, 0, 0xfd, 0x13, 0x1a, 0x0b),
    'Wasm exception handling (legacy try)': () => wasmBody(0x06, 0x40, 0x0b, 0x0b),
    'Wasm tail calls': () => wasmBody(0x12, 0x00, 0x0b),
    'Wasm extended const': () => wasm(0x06, 0x09, 0x01, 0x7f, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6a, 0x0b),
    'Wasm relaxed SIMD': () => wasmBody(0x43, 0, 0, 0, 0, 0xfd, 0x13, 0xfd, 0x81, 0x02, 0x1a, 0x0b),
    'Wasm multi-memory': () => wasm(0x05, 0x05, 0x02, 0x00, 0x01, 0x00, 0x01),
    'Wasm memory64': () => wasm(0x05, 0x03, 0x01, 0x04, 0x01),
    'Wasm GC (struct type)': () => wasm(0x01, 0x05, 0x01, 0x5f, 0x01, 0x7f, 0x01),
    'Wasm exnref (try_table)': () => wasmBody(0x1f, 0x40, 0x00, 0x0b, 0x0b),
    'Wasm JSPI': () => typeof WebAssembly.Suspending === 'function',
    // Web platform (WinterTC's Minimum Common API)
    'structuredClone': () => { const a = [1]; a.push(a); const c = structuredClone(a); return c[1] === c; },
    'URL': () => new URL('../b', 'https://h/a/c').href === 'https://h/b',
    'URLSearchParams': () => new URLSearchParams('a=1&a=2').getAll('a').length === 2,
    'crypto.getRandomValues': () => crypto.getRandomValues(new Uint8Array(4)).length === 4,
    'crypto.randomUUID': () => crypto.randomUUID().length === 36,
    'crypto.subtle.digest': () => crypto.subtle.digest('SHA-256', new Uint8Array(0)) instanceof Promise,
    'performance.now': () => typeof performance.now() === 'number' && performance.timeOrigin > 0,
    'AbortController': () => { const c = new AbortController(); c.abort(); return c.signal.aborted; },
    'AbortSignal.any': () => AbortSignal.any([AbortSignal.abort(1)]).reason === 1,
    'EventTarget': () => { let hit = false; const t = new EventTarget(); t.addEventListener('x', () => { hit = true; }); t.dispatchEvent(new Event('x')); return hit; },
    'DOMException': () => new DOMException('m', 'AbortError').code === 20,
    'Blob': () => new Blob(['abc']).slice(-2).size === 2,
    'TextDecoderStream': () => typeof new TextDecoderStream().readable.getReader === 'function',
    'CompressionStream': () => typeof new CompressionStream('gzip').writable.getWriter === 'function',
    'TransformStream': () => typeof new TransformStream().readable.pipeTo === 'function',
    'Response': () => new Response('x', { status: 201 }).ok,
    'FormData': () => { const f = new FormData(); f.append('a', '1'); return f.get('a') === '1'; },
    'navigator.userAgent': () => typeof navigator.userAgent === 'string',
  };
})

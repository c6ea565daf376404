// The objects jsrun's polyfills add features to, by name: a function that
// finds them in the current context (runtime/src/polyfills.rs stubs their
// missing features on them; polyfill_diff.js compares them).
(function targets() {
  'use strict';
  const proto = Object.getPrototypeOf;
  const found = {
    globalThis, Object, Array, 'Array.prototype': Array.prototype, Promise, Math, JSON, Symbol, Error, RegExp,
    Map, 'Map.prototype': Map.prototype, WeakMap, 'WeakMap.prototype': WeakMap.prototype, 'Set.prototype': Set.prototype,
    'String.prototype': String.prototype, Uint8Array, 'Uint8Array.prototype': Uint8Array.prototype,
    'ArrayBuffer.prototype': ArrayBuffer.prototype, 'DataView.prototype': DataView.prototype,
    TypedArray: proto(Int8Array), 'TypedArray.prototype': proto(Int8Array.prototype),
    'AsyncIterator.prototype': proto(proto((async function* () {})).prototype),
    IteratorPrototype: proto(proto([][Symbol.iterator]())),
  };
  if (typeof globalThis.Iterator === 'function') found.Iterator = globalThis.Iterator;
  if (typeof globalThis.SharedArrayBuffer === 'function') found['SharedArrayBuffer.prototype'] = SharedArrayBuffer.prototype;
  return found;
})

// Run into the built-in snapshot after core-js: ArrayBuffer's transfer
// methods, which core-js leaves to the engine here, and the getters of
// resizable buffers, which report fixed length. Each is defined only where
// the engine lacks it. ArrayBuffer.prototype.transfer moves the buffer with
// structuredClone, looked up when called (it is a web global made on first
// use, and core-js only uses one present while the snapshot is made).
(() => {
  'use strict';
  const define = (target, name, value) => {
    if (!(name in target)) Object.defineProperty(target, name, { value, writable: true, configurable: true });
  };
  const toIndex = (value) => {
    const n = value === undefined ? 0 : Math.trunc(Number(value)) || 0;
    if (n < 0 || n > Number.MAX_SAFE_INTEGER) throw new RangeError('Invalid array buffer length');
    return n;
  };
  const byteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
  const isDetached = (buffer) => {
    byteLength.call(buffer); // throws on a non-ArrayBuffer
    try {
      new Uint8Array(buffer);
      return false;
    } catch {
      return true;
    }
  };
  const transferTo = (buffer, newLength) => {
    if (isDetached(buffer)) throw new TypeError('Cannot transfer a detached ArrayBuffer');
    const length = byteLength.call(buffer);
    const size = newLength === undefined ? length : toIndex(newLength);
    if (typeof globalThis.structuredClone !== 'function') throw new TypeError('ArrayBuffer.prototype.transfer needs structuredClone (web_apis=True)');
    const moved = globalThis.structuredClone(buffer, { transfer: [buffer] });
    if (size === length) return moved;
    const resized = new ArrayBuffer(size);
    new Uint8Array(resized).set(new Uint8Array(moved, 0, Math.min(size, length)));
    return resized;
  };
  define(ArrayBuffer.prototype, 'transfer', function transfer(newLength = undefined) { return transferTo(this, newLength); });
  define(ArrayBuffer.prototype, 'transferToFixedLength', function transferToFixedLength(newLength = undefined) {
    return transferTo(this, newLength);
  });
  const getter = (target, name, get) => {
    if (!(name in target)) Object.defineProperty(target, name, { get, configurable: true });
  };
  getter(ArrayBuffer.prototype, 'detached', function detached() { return isDetached(this); });
  // An engine without resizable buffers makes every buffer fixed-length: what
  // these getters report (packages read them to tell the kinds apart: jsdom).
  getter(ArrayBuffer.prototype, 'resizable', function resizable() {
    byteLength.call(this);
    return false;
  });
  getter(ArrayBuffer.prototype, 'maxByteLength', function maxByteLength() { return byteLength.call(this); });
  if (typeof SharedArrayBuffer === 'function') {
    const sharedLength = Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, 'byteLength').get;
    getter(SharedArrayBuffer.prototype, 'growable', function growable() {
      sharedLength.call(this);
      return false;
    });
    getter(SharedArrayBuffer.prototype, 'maxByteLength', function maxByteLength() { return sharedLength.call(this); });
  }
})();

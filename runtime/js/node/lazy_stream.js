// Node's crypto objects are streams (Hash and Hmac Transforms, Sign and
// Verify Writables), but node:stream costs a few milliseconds to load and
// most users only call update()/digest(). As Node's LazyTransform, the
// stream half comes on first use: `lazyStreamBase(load)` is a prototype
// whose stream members, first touched, put `load()` (Transform or Writable)
// under it; an object's stream state is made when a stream method first
// needs it, with the object's `[lazyStreamBase.options]`.
(function () {
  'use strict';
  const OPTIONS = Symbol('streamOptions');
  // What code touches first on a stream (methods, events, state).
  const TRIGGERS = ['write', 'end', 'pipe', 'unpipe', 'on', 'once', 'off', 'addListener', 'prependListener',
    'prependOnceListener', 'removeListener', 'removeAllListeners', 'emit', 'listeners', 'listenerCount', 'eventNames',
    'read', 'setEncoding', 'resume', 'pause', 'isPaused', 'destroy', 'cork', 'uncork', 'setDefaultEncoding', 'push',
    'unshift', 'wrap', 'readable', 'writable', 'destroyed', 'closed', 'errored', 'readableEnded', 'readableFlowing',
    'readableLength', 'writableEnded', 'writableFinished', 'writableLength', '_readableState', '_writableState',
    Symbol.asyncIterator];
  const STATES = ['_readableState', '_writableState'];
  const MADE = Symbol('streamMade');
  const BECOME = Symbol('become');
  const lazyStreamBase = (load) => {
    const base = {};
    let Stream = null;
    const become = (given) => {
      if (Stream !== null) return;
      Stream = given ?? load();
      for (const name of TRIGGERS) delete base[name];
      Object.setPrototypeOf(base, Stream.prototype);
      // The state, made by the stream's constructor on first need (it assigns these: the setter keeps them own).
      for (const name of STATES) {
        Object.defineProperty(base, name, {
          configurable: true,
          get() {
            if (!this[MADE]) {
              Object.defineProperty(this, MADE, { value: true });
              Stream.call(this, { decodeStrings: false, ...this[OPTIONS] });
            }
            return Object.prototype.hasOwnProperty.call(this, name) ? this[name] : undefined;
          },
          set(value) { Object.defineProperty(this, name, { value, writable: true, configurable: true, enumerable: true }); },
        });
      }
    };
    Object.defineProperty(base, BECOME, { value: become });
    for (const name of TRIGGERS) {
      Object.defineProperty(base, name, {
        configurable: true,
        get() {
          become();
          return this[name];
        },
        set(value) {
          become();
          this[name] = value;
        },
      });
    }
    return base;
  };
  lazyStreamBase.options = OPTIONS;
  // Puts the stream under `base` now (once node:stream is loaded anyway: `instanceof` then holds from the start).
  lazyStreamBase.become = (base, Stream) => base[BECOME](Stream);
  return lazyStreamBase;
})

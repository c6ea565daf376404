// What Node's `node:events` has beyond npm's `events` (the EventEmitter it
// completes): errorMonitor, on() (an async iterator of events), once() with a
// signal, getEventListeners, get/setMaxListeners, addAbortListener,
// captureRejectionSymbol. `listenersOfTarget(target, type)` gives an
// EventTarget's listeners (the web group's).
(function (events, errors, listenersOfTarget) {
  'use strict';
  const { EventEmitter } = events;
  const errorMonitor = Symbol('events.errorMonitor');
  const isEmitter = (value) => value instanceof EventEmitter || typeof value?.on === 'function';
  const isTarget = (value) => typeof value?.addEventListener === 'function';
  const abortError = (signal) => Object.assign(new Error('The operation was aborted', { cause: signal?.reason }),
    { name: 'AbortError', code: 'ABORT_ERR' });
  const checkSignal = (signal) => {
    if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
      throw errors.invalidArgType('"options.signal" property', 'an instance of AbortSignal', signal);
    }
  };
  const listen = (source, name, listener, flags) => {
    if (isTarget(source) && !isEmitter(source)) source.addEventListener(name, listener, flags);
    else if (flags?.once) source.once(name, listener);
    else source.on(name, listener);
  };
  const unlisten = (source, name, listener) => {
    if (isTarget(source) && !isEmitter(source)) source.removeEventListener(name, listener);
    else if (typeof source.removeListener === 'function') source.removeListener(name, listener); // as Node: an emitter may have only on/once
  };

  // 'error' listeners see an error after errorMonitor's have.
  const emit = EventEmitter.prototype.emit;
  EventEmitter.prototype.emit = function emitWithMonitor(type, ...args) {
    if (type === 'error' && this._events !== undefined && this._events[errorMonitor] !== undefined) {
      Reflect.apply(emit, this, [errorMonitor, ...args]);
    }
    return Reflect.apply(emit, this, [type, ...args]);
  };

  // An async iterator of `name`'s events (each an array of its arguments);
  // an 'error' event or the signal ends it with that error.
  function on(emitter, name, options = {}) {
    const { signal } = options ?? {};
    checkSignal(signal);
    if (signal?.aborted) throw abortError(signal);
    const queued = [];
    const waiting = [];
    let failure = null;
    let finished = false;
    const onEvent = (...args) => {
      const next = waiting.shift();
      if (next) next.resolve({ value: args, done: false });
      else queued.push(args);
    };
    const stop = () => {
      unlisten(emitter, name, onEvent);
      if (name !== 'error') unlisten(emitter, 'error', onError);
      signal?.removeEventListener('abort', onAbort);
      finished = true;
      for (const next of waiting.splice(0)) next.resolve({ value: undefined, done: true });
    };
    const onError = (error) => {
      const next = waiting.shift();
      if (next) next.reject(error);
      else failure = error;
      stop();
    };
    const onAbort = () => onError(abortError(signal));
    listen(emitter, name, onEvent);
    if (name !== 'error' && isEmitter(emitter)) listen(emitter, 'error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
    return {
      next() {
        if (queued.length > 0) return Promise.resolve({ value: queued.shift(), done: false });
        if (failure !== null) {
          const error = failure;
          failure = null;
          return Promise.reject(error);
        }
        if (finished) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
      },
      return() {
        stop();
        return Promise.resolve({ value: undefined, done: true });
      },
      throw(error) {
        failure = error;
        stop();
        return Promise.reject(error);
      },
      [Symbol.asyncIterator]() { return this; },
    };
  }

  // A promise of `name`'s next event's arguments; an 'error' event or the signal rejects it.
  function once(emitter, name, options = {}) {
    const { signal } = options ?? {};
    checkSignal(signal);
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const onError = (error) => {
        cleanup();
        reject(error);
      };
      const onEvent = (...args) => {
        cleanup();
        resolve(args);
      };
      const onAbort = () => onError(abortError(signal));
      const cleanup = () => {
        unlisten(emitter, name, onEvent);
        if (name !== 'error' && isEmitter(emitter)) unlisten(emitter, 'error', onError);
        signal?.removeEventListener('abort', onAbort);
      };
      listen(emitter, name, onEvent, { once: true });
      if (name !== 'error' && isEmitter(emitter)) listen(emitter, 'error', onError, { once: true });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  function getEventListeners(source, name) {
    if (isEmitter(source) && typeof source.listeners === 'function') return source.listeners(name);
    if (isTarget(source)) return listenersOfTarget(source, String(name));
    throw errors.invalidArgType('"emitter" argument', 'an instance of EventEmitter or EventTarget', source);
  }
  function getMaxListeners(source) {
    if (isEmitter(source) && typeof source.getMaxListeners === 'function') return source.getMaxListeners();
    if (isTarget(source)) return events.defaultMaxListeners;
    throw errors.invalidArgType('"emitter" argument', 'an instance of EventEmitter or EventTarget', source);
  }
  function setMaxListeners(n = events.defaultMaxListeners, ...sources) {
    if (typeof n !== 'number' || n < 0 || Number.isNaN(n)) {
      throw Object.assign(new RangeError(`The value of "n" is out of range. It must be a non-negative number. Received ${n}`),
        { code: 'ERR_OUT_OF_RANGE' });
    }
    if (sources.length === 0) events.defaultMaxListeners = n;
    for (const source of sources) if (typeof source.setMaxListeners === 'function') source.setMaxListeners(n);
  }
  // Calls `listener` once when `signal` aborts (at once if it has); the result removes it.
  function addAbortListener(signal, listener) {
    checkSignal(signal);
    if (typeof listener !== 'function') throw errors.invalidArgType('"listener" argument', 'of type function', listener);
    let removed = false;
    const remove = () => {
      removed = true;
      signal.removeEventListener('abort', listener);
    };
    if (signal.aborted) platform.queueMicrotask(() => removed || listener());
    else signal.addEventListener('abort', listener, { once: true });
    return { [Symbol.dispose ?? Symbol.for('nodejs.dispose')]: remove };
  }

  return Object.assign(events, {
    errorMonitor, on, once, getEventListeners, getMaxListeners, setMaxListeners, addAbortListener,
    captureRejectionSymbol: Symbol.for('nodejs.rejection'), captureRejections: false, usingDomains: false,
  });
})

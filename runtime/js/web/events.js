// Event, EventTarget, CustomEvent, AbortController and AbortSignal (the DOM
// Standard), DOMException (Web IDL), and from HTML: reportError, ErrorEvent,
// PromiseRejectionEvent and the global object as an EventTarget that gets
// `error`, `unhandledrejection` and `rejectionhandled`. Small, exact to the
// standards, and without the DOM's tree: an event is dispatched to its
// target only. (Written here: the npm ports lack AbortSignal.any and
// timeout, or are deprecated, like `domexception`.)
(function (uses, natives) {
  'use strict';
  const { performance } = uses.performance;
  const { PlatformObject, root } = uses.platform_objects;

  const CODES = {
    IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
    NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InUseAttributeError: 10,
    InvalidStateError: 11, SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14,
    InvalidAccessError: 15, TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20,
    URLMismatchError: 21, QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
  };
  const CONSTANTS = [
    'INDEX_SIZE_ERR', 'DOMSTRING_SIZE_ERR', 'HIERARCHY_REQUEST_ERR', 'WRONG_DOCUMENT_ERR', 'INVALID_CHARACTER_ERR',
    'NO_DATA_ALLOWED_ERR', 'NO_MODIFICATION_ALLOWED_ERR', 'NOT_FOUND_ERR', 'NOT_SUPPORTED_ERR', 'INUSE_ATTRIBUTE_ERR',
    'INVALID_STATE_ERR', 'SYNTAX_ERR', 'INVALID_MODIFICATION_ERR', 'NAMESPACE_ERR', 'INVALID_ACCESS_ERR',
    'VALIDATION_ERR', 'TYPE_MISMATCH_ERR', 'SECURITY_ERR', 'NETWORK_ERR', 'ABORT_ERR', 'URL_MISMATCH_ERR',
    'QUOTA_EXCEEDED_ERR', 'TIMEOUT_ERR', 'INVALID_NODE_TYPE_ERR', 'DATA_CLONE_ERR',
  ];

  class DOMException extends Error {
    #name;
    #message;
    constructor(message = '', options = 'Error') {
      super();
      this.#message = String(message);
      if (options !== null && typeof options === 'object') {
        this.#name = 'name' in options ? String(options.name) : 'Error';
        if ('cause' in options) {
          Object.defineProperty(this, 'cause', { value: options.cause, writable: true, configurable: true });
        }
      } else {
        this.#name = String(options);
      }
    }
    get name() { return this.#name; }
    get message() { return this.#message; }
    get code() { return CODES[this.#name] ?? 0; }
  }
  Object.defineProperty(DOMException.prototype, Symbol.toStringTag, { value: 'DOMException', configurable: true });
  CONSTANTS.forEach((name, i) => {
    const descriptor = { value: i + 1, enumerable: true };
    Object.defineProperty(DOMException, name, descriptor);
    Object.defineProperty(DOMException.prototype, name, descriptor);
  });

  const NONE = 0, CAPTURING_PHASE = 1, AT_TARGET = 2, BUBBLING_PHASE = 3;
  const state = new WeakMap(); // Event -> its internal state

  class Event {
    constructor(type, init = {}) {
      if (arguments.length === 0) throw new TypeError('The "type" argument must be specified');
      const options = init === null || init === undefined ? {} : init;
      state.set(this, {
        type: String(type),
        bubbles: Boolean(options.bubbles),
        cancelable: Boolean(options.cancelable),
        composed: Boolean(options.composed),
        target: null,
        currentTarget: null,
        phase: NONE,
        canceled: false,
        stop: false,
        stopImmediate: false,
        dispatching: false,
        inPassive: false,
        timeStamp: performance.now(),
      });
      Object.defineProperty(this, 'isTrusted', { get: isTrusted, enumerable: true, configurable: false });
    }
    get type() { return internal(this).type; }
    get target() { return internal(this).target; }
    get srcElement() { return internal(this).target; }
    get currentTarget() { return internal(this).currentTarget; }
    get eventPhase() { return internal(this).phase; }
    get bubbles() { return internal(this).bubbles; }
    get cancelable() { return internal(this).cancelable; }
    get composed() { return internal(this).composed; }
    get defaultPrevented() { return internal(this).canceled; }
    get timeStamp() { return internal(this).timeStamp; }
    get returnValue() { return !internal(this).canceled; }
    set returnValue(value) { if (!value) this.preventDefault(); }
    get cancelBubble() { return internal(this).stop; }
    set cancelBubble(value) { if (value) internal(this).stop = true; }
    composedPath() {
      const s = internal(this);
      return s.dispatching && s.currentTarget ? [s.currentTarget] : [];
    }
    stopPropagation() { internal(this).stop = true; }
    stopImmediatePropagation() { const s = internal(this); s.stop = true; s.stopImmediate = true; }
    preventDefault() {
      const s = internal(this);
      if (s.cancelable && !s.inPassive) s.canceled = true;
    }
    initEvent(type, bubbles = false, cancelable = false) {
      const s = internal(this);
      if (s.dispatching) return;
      Object.assign(s, { type: String(type), bubbles: Boolean(bubbles), cancelable: Boolean(cancelable) });
      Object.assign(s, { stop: false, stopImmediate: false, canceled: false });
    }
  }
  const isTrusted = Object.defineProperty(function () { return false; }, 'name', { value: 'get isTrusted' });
  function internal(event) {
    const s = state.get(event);
    if (s === undefined) throw new TypeError('Illegal invocation');
    return s;
  }
  for (const [name, value] of Object.entries({ NONE, CAPTURING_PHASE, AT_TARGET, BUBBLING_PHASE })) {
    Object.defineProperty(Event, name, { value, enumerable: true });
    Object.defineProperty(Event.prototype, name, { value, enumerable: true });
  }
  Object.defineProperty(Event.prototype, Symbol.toStringTag, { value: 'Event', configurable: true });

  class CustomEvent extends Event {
    #detail;
    constructor(type, init = {}) {
      if (arguments.length === 0) throw new TypeError('The "type" argument must be specified');
      super(type, init);
      this.#detail = init?.detail ?? null;
    }
    get detail() { return this.#detail; }
  }
  Object.defineProperty(CustomEvent.prototype, Symbol.toStringTag, { value: 'CustomEvent', configurable: true });

  class ErrorEvent extends Event {
    #init;
    constructor(type, init = {}) {
      if (arguments.length === 0) throw new TypeError('The "type" argument must be specified');
      super(type, init);
      const options = init ?? {};
      this.#init = {
        message: options.message === undefined ? '' : String(options.message),
        filename: options.filename === undefined ? '' : String(options.filename),
        lineno: options.lineno >>> 0,
        colno: options.colno >>> 0,
        error: options.error,
      };
    }
    get message() { return this.#init.message; }
    get filename() { return this.#init.filename; }
    get lineno() { return this.#init.lineno; }
    get colno() { return this.#init.colno; }
    get error() { return this.#init.error; }
  }
  Object.defineProperty(ErrorEvent.prototype, Symbol.toStringTag, { value: 'ErrorEvent', configurable: true });

  class PromiseRejectionEvent extends Event {
    #promise;
    #reason;
    constructor(type, init) {
      if (arguments.length < 2 || init === null || typeof init !== 'object' || !('promise' in init)) {
        throw new TypeError('PromiseRejectionEvent needs an init dictionary with a "promise" member');
      }
      super(type, init);
      this.#promise = init.promise;
      this.#reason = init.reason;
    }
    get promise() { return this.#promise; }
    get reason() { return this.#reason; }
  }
  Object.defineProperty(PromiseRejectionEvent.prototype, Symbol.toStringTag, {
    value: 'PromiseRejectionEvent', configurable: true,
  });

  // HTML's "report an exception": an `error` event on the global object; if
  // no listener cancels it, the runtime gets it (it fails what is awaited,
  // see runtime/src/uncaught.rs) or, with nothing awaited, the console does.
  let reporting = false;
  function reportError(error) {
    if (!reporting) {
      reporting = true;
      try {
        const event = new ErrorEvent('error', { ...whereFrom(error), error, cancelable: true });
        if (!EventTarget.prototype.dispatchEvent.call(globalThis, event)) return;
      } finally {
        reporting = false;
      }
    }
    if (!natives.uncaught(error)) toConsole('Uncaught', error);
  }
  function whereFrom(error) {
    let message;
    let stack = '';
    try {
      const isError = error !== null && (typeof error === 'object' || typeof error === 'function');
      message = isError && 'message' in error ? `${error.name}: ${error.message}` : String(error);
      stack = isError ? String(error.stack ?? '') : '';
    } catch {
      message = 'exception';
    }
    const frame = /^\s*at .*?\(?([^\s()]+):(\d+):(\d+)\)?$/m.exec(stack);
    return frame
      ? { message: `Uncaught ${message}`, filename: frame[1], lineno: Number(frame[2]), colno: Number(frame[3]) }
      : { message: `Uncaught ${message}` };
  }
  function toConsole(...args) {
    const console = globalThis.console;
    if (console && typeof console.error === 'function') console.error(...args);
  }

  // Rejections reported and not handled since: a handler added later fires
  // `rejectionhandled` (HTML's "outstanding rejected promises").
  const outstanding = new WeakMap();
  function notifyRejection(promise, reason) {
    const event = new PromiseRejectionEvent('unhandledrejection', { promise, reason, cancelable: true });
    const notCanceled = EventTarget.prototype.dispatchEvent.call(globalThis, event);
    outstanding.set(promise, reason);
    if (notCanceled && !natives.uncaught(reason, promise)) toConsole('Uncaught (in promise)', reason);
  }
  function rejectionHandled(promise) {
    if (!outstanding.has(promise)) return;
    const reason = outstanding.get(promise);
    outstanding.delete(promise);
    const event = new PromiseRejectionEvent('rejectionhandled', { promise, reason });
    EventTarget.prototype.dispatchEvent.call(globalThis, event);
  }

  // The global object's event handler properties (HTML's onerror,
  // onunhandledrejection, onrejectionhandled): plain properties, read when
  // an event is dispatched on the global object, before its listeners.
  const HANDLERS = new Set(['error', 'unhandledrejection', 'rejectionhandled']);
  function callHandler(target, handler, event) {
    if (event instanceof ErrorEvent && event.type === 'error') {
      const { message, filename, lineno, colno, error } = event;
      if (handler.call(target, message, filename, lineno, colno, error) === true) event.preventDefault();
    } else if (handler.call(target, event) === false) {
      event.preventDefault();
    }
  }

  const listenersOf = new WeakMap(); // EventTarget -> Map(type -> [listener])
  const flags = (options) => (typeof options === 'boolean' ? { capture: options } : { ...(options ?? {}) });

  // A platform object: structuredClone refuses it, as browsers do.
  class EventTarget extends PlatformObject {
    constructor() {
      super();
      listenersOf.set(this, new Map());
    }
    addEventListener(type, callback, options = {}) {
      const self = this ?? globalThis;
      const listeners = own(self);
      if (callback === null || callback === undefined) return;
      if (typeof callback !== 'function' && typeof callback !== 'object') {
        throw new TypeError('The "listener" argument must be a function or an object');
      }
      const { capture = false, once = false, passive = false, signal } = flags(options);
      if (signal !== undefined && !(signal instanceof AbortSignal)) {
        throw new TypeError('The "options.signal" property must be an AbortSignal');
      }
      if (signal?.aborted) return;
      const name = String(type);
      const list = listeners.get(name) ?? [];
      if (list.some((l) => l.callback === callback && l.capture === Boolean(capture))) return;
      const listener = { callback, capture: Boolean(capture), once: Boolean(once), passive: Boolean(passive), removed: false };
      list.push(listener);
      listeners.set(name, list);
      if (signal) signal.addEventListener('abort', () => removeFrom(self, name, callback, capture));
    }
    removeEventListener(type, callback, options = {}) {
      const self = this ?? globalThis;
      const listeners = own(self);
      const { capture = false } = flags(options);
      const list = listeners.get(String(type));
      if (!list) return;
      const i = list.findIndex((l) => l.callback === callback && l.capture === Boolean(capture));
      if (i >= 0) {
        list[i].removed = true;
        list.splice(i, 1);
      }
    }
    dispatchEvent(event) {
      const self = this ?? globalThis;
      const listeners = own(self);
      if (!(event instanceof Event)) throw new TypeError('The "event" argument must be an instance of Event');
      const s = internal(event);
      if (s.dispatching) throw new DOMException('The event is already being dispatched.', 'InvalidStateError');
      s.dispatching = true;
      s.target = self;
      s.currentTarget = self;
      s.phase = AT_TARGET;
      try {
        const list = [...(listeners.get(s.type) ?? [])];
        const handler = self === globalThis && HANDLERS.has(s.type) ? globalThis[`on${s.type}`] : undefined;
        if (typeof handler === 'function') list.unshift({ callback: handler, handler: true });
        for (const listener of list) {
          if (listener.removed) continue;
          if (listener.once) removeFrom(self, s.type, listener.callback, listener.capture);
          s.inPassive = Boolean(listener.passive);
          try {
            const { callback } = listener;
            if (listener.handler) callHandler(self, callback, event);
            else if (typeof callback === 'function') callback.call(self, event);
            else if (typeof callback.handleEvent === 'function') callback.handleEvent(event);
          } catch (error) {
            reportError(error);
          } finally {
            s.inPassive = false;
          }
          if (s.stopImmediate) break;
        }
      } finally {
        s.dispatching = false;
        s.phase = NONE;
        s.currentTarget = null;
        s.stop = false;
        s.stopImmediate = false;
      }
      return !s.canceled;
    }
  }
  function removeFrom(target, type, callback, capture) {
    EventTarget.prototype.removeEventListener.call(target, type, callback, { capture });
  }
  // Its callers pass `this ?? globalThis`: Web IDL's rule that a method of the global
  // object's interfaces called on undefined (`addEventListener(...)` in strict code) acts on the global.
  function own(target) {
    const listeners = listenersOf.get(target);
    if (listeners === undefined) throw new TypeError('Illegal invocation');
    return listeners;
  }
  root(EventTarget);
  Object.defineProperty(EventTarget.prototype, Symbol.toStringTag, { value: 'EventTarget', configurable: true });

  const signalState = new WeakMap(); // AbortSignal -> { aborted, reason, sources, dependents }
  const creating = Symbol('creating');
  const onabort = new WeakMap();

  class AbortSignal extends EventTarget {
    constructor(key) {
      if (key !== creating) throw new TypeError('Illegal constructor');
      super();
      signalState.set(this, { aborted: false, reason: undefined, dependents: new Set(), dependent: false });
    }
    get aborted() { return signalOf(this).aborted; }
    get reason() { return signalOf(this).reason; }
    get onabort() { return onabort.get(this) ?? null; }
    set onabort(handler) {
      const previous = onabort.get(this);
      if (previous) this.removeEventListener('abort', previous);
      if (typeof handler === 'function') {
        onabort.set(this, handler);
        this.addEventListener('abort', handler);
      } else {
        onabort.delete(this);
      }
    }
    throwIfAborted() {
      const s = signalOf(this);
      if (s.aborted) throw s.reason;
    }
    static abort(reason) {
      const signal = new AbortSignal(creating);
      signalAbort(signal, reason, false);
      return signal;
    }
    static timeout(milliseconds) {
      const ms = Number(milliseconds);
      if (!Number.isFinite(ms) || ms < 0 || ms > Number.MAX_SAFE_INTEGER) {
        throw new TypeError('The "milliseconds" argument must be a non-negative finite number');
      }
      const signal = new AbortSignal(creating);
      globalThis.setTimeout(() => {
        signalAbort(signal, new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
      }, ms);
      return signal;
    }
    static any(signals) {
      const list = [...signals];
      for (const s of list) if (!(s instanceof AbortSignal)) throw new TypeError('Each signal must be an AbortSignal');
      const result = new AbortSignal(creating);
      const aborted = list.find((s) => s.aborted);
      if (aborted) {
        signalAbort(result, aborted.reason, false);
        return result;
      }
      signalOf(result).dependent = true;
      for (const s of list) signalOf(s).dependents.add(result);
      return result;
    }
  }
  function signalOf(signal) {
    const s = signalState.get(signal);
    if (s === undefined) throw new TypeError('Illegal invocation');
    return s;
  }
  function signalAbort(signal, reason, dispatch = true) {
    const s = signalOf(signal);
    if (s.aborted) return;
    s.aborted = true;
    s.reason = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
    const dependents = [...s.dependents].filter((d) => !signalOf(d).aborted);
    for (const d of dependents) Object.assign(signalOf(d), { aborted: true, reason: s.reason });
    s.dependents.clear();
    if (dispatch) {
      signal.dispatchEvent(new Event('abort'));
      for (const d of dependents) d.dispatchEvent(new Event('abort'));
    }
  }
  Object.defineProperty(AbortSignal.prototype, Symbol.toStringTag, { value: 'AbortSignal', configurable: true });
  Object.defineProperty(AbortSignal, 'length', { value: 0 }); // no constructor (WebIDL)

  class AbortController {
    #signal = new AbortSignal(creating);
    get signal() { return this.#signal; }
    abort(reason) { signalAbort(this.#signal, reason); }
  }
  Object.defineProperty(AbortController.prototype, Symbol.toStringTag, { value: 'AbortController', configurable: true });

  // The global object is an EventTarget (WinterTC): its chain gets
  // EventTarget.prototype just above V8's own global prototype object.
  listenersOf.set(globalThis, new Map());
  const globalPrototype = Object.getPrototypeOf(globalThis);
  if (globalPrototype !== null && Object.getPrototypeOf(globalPrototype) === Object.prototype) {
    Object.setPrototypeOf(globalPrototype, EventTarget.prototype);
  }
  const { addEventListener, removeEventListener, dispatchEvent } = EventTarget.prototype;

  return {
    Event, EventTarget, CustomEvent, DOMException, AbortController, AbortSignal, reportError,
    ErrorEvent, PromiseRejectionEvent, addEventListener, removeEventListener, dispatchEvent,
    onerror: null, onunhandledrejection: null, onrejectionhandled: null,
    notifyRejection, rejectionHandled,
    // node:events' getEventListeners: a target's listeners of `type`.
    listenersOfTarget: (target, type) => (listenersOf.get(target)?.get(type) ?? []).filter((l) => !l.removed).map((l) => l.callback),
  };
})

// `node:async_hooks`: AsyncLocalStorage and AsyncResource over V8's
// continuation-preserved embedder data (runtime/src/async_context.rs), as
// Node 24 and Deno build them. The current frame is a Map from each
// AsyncLocalStorage to its store; it is replaced, never changed, so a promise
// job, a timer or a bound function that kept a frame sees the stores of where
// it was made. createHook's hooks hear of AsyncResources only: promises and
// timers are not resources here.
(function (context, setContext, errors, deniedData) {
  'use strict';
  const { invalidArgType } = errors;
  const apply = Reflect.apply;
  const mustBeFunction = (value, name) => {
    if (typeof value !== 'function') throw invalidArgType(`"${name}" argument`, 'of type function', value);
  };

  // A frame with `storage` set to `store`, or left out when `present` is false.
  const frameWith = (storage, store, present = true) => {
    const frame = new Map(context());
    if (present) frame.set(storage, store); else frame.delete(storage);
    return frame;
  };

  // Resources' ids; 1 is the top level, as in Node.
  let lastId = 1;
  const running = [];
  const hooks = new Set();
  const emit = (event, ...args) => {
    for (const hook of [...hooks]) {
      const callback = hook.callbacks[event];
      if (callback !== undefined) apply(callback, hook.callbacks, args);
    }
  };
  const executionAsyncId = () => running.at(-1)?.asyncId() ?? 1;
  const triggerAsyncId = () => running.at(-1)?.triggerAsyncId() ?? 0;
  const topLevel = {};
  const executionAsyncResource = () => running.at(-1) ?? topLevel;

  // Destroy hooks run after the current task, as Node runs them.
  const pending = [];
  const later = platform.setTimeout;
  const destroy = (asyncId) => {
    if (pending.push(asyncId) === 1) {
      later(() => {
        for (const id of pending.splice(0)) emit('destroy', id);
      }, 0);
    }
  };
  const unneeded = new FinalizationRegistry(destroy);

  class AsyncResource {
    #frame;
    #asyncId;
    #triggerAsyncId;

    constructor(type, options = {}) {
      if (typeof type !== 'string') throw invalidArgType('"type" argument', 'of type string', type);
      const settings = typeof options === 'number' ? { triggerAsyncId: options } : options ?? {};
      this.#frame = context();
      this.#asyncId = ++lastId;
      this.#triggerAsyncId = settings.triggerAsyncId ?? executionAsyncId();
      emit('init', this.#asyncId, type, this.#triggerAsyncId, this);
      // Collected resources are destroyed for the hooks there are; none, no tracking.
      if (!settings.requireManualDestroy && hooks.size > 0) unneeded.register(this, this.#asyncId, this);
    }

    runInAsyncScope(fn, thisArg, ...args) {
      const prior = context();
      setContext(this.#frame);
      running.push(this);
      emit('before', this.#asyncId);
      try {
        return apply(fn, thisArg, args);
      } finally {
        emit('after', this.#asyncId);
        running.pop();
        setContext(prior);
      }
    }

    // Each call is heard, as in Node.
    emitDestroy() {
      unneeded.unregister(this);
      if (hooks.size > 0) destroy(this.#asyncId);
      return this;
    }

    asyncId() {
      return this.#asyncId;
    }

    triggerAsyncId() {
      return this.#triggerAsyncId;
    }

    bind(fn, thisArg) {
      mustBeFunction(fn, 'fn');
      const resource = this;
      const bound = thisArg === undefined
        ? function (...args) {
          return resource.runInAsyncScope(fn, this, ...args);
        }
        : (...args) => resource.runInAsyncScope(fn, thisArg, ...args);
      Object.defineProperties(bound, {
        length: { value: fn.length, configurable: true },
        asyncResource: { value: resource, configurable: true, enumerable: true, writable: true },
      });
      return bound;
    }

    static bind(fn, type, thisArg) {
      return new AsyncResource(type || fn?.name || 'bound-anonymous-fn').bind(fn, thisArg);
    }
  }

  class AsyncLocalStorage {
    #defaultValue;
    #name = '';
    #enabled = false;

    constructor(options = {}) {
      if (options === null || typeof options !== 'object') {
        throw invalidArgType('"options" argument', 'of type object', options);
      }
      this.#defaultValue = options.defaultValue;
      if (options.name !== undefined) this.#name = `${options.name}`;
    }

    get name() {
      return this.#name;
    }

    static bind(fn) {
      return AsyncResource.bind(fn);
    }

    static snapshot() {
      const frame = context();
      return (fn, ...args) => {
        const prior = context();
        setContext(frame);
        try {
          return apply(fn, null, args);
        } finally {
          setContext(prior);
        }
      };
    }

    disable() {
      this.#enabled = false;
    }

    enterWith(store) {
      this.#enabled = true;
      setContext(frameWith(this, store));
    }

    // The other storages' changes made inside `fn` (enterWith) stay, as in Node.
    run(store, fn, ...args) {
      const frame = context();
      const wasEnabled = this.#enabled;
      this.enterWith(store);
      const entered = context();
      try {
        return apply(fn, null, args);
      } finally {
        // Untouched inside: the frame before. Else only this storage's store goes back.
        if (context() === entered) setContext(frame);
        else setContext(frameWith(this, frame?.get(this), frame !== undefined && frame.has(this)));
        this.#enabled ||= wasEnabled;
      }
    }

    exit(fn, ...args) {
      return this.run(undefined, fn, ...args);
    }

    getStore() {
      if (!this.#enabled) return this.#defaultValue;
      const frame = context();
      return frame !== undefined && frame.has(this) ? frame.get(this) : this.#defaultValue;
    }
  }

  class AsyncHook {
    constructor(callbacks) {
      this.callbacks = callbacks;
    }

    enable() {
      hooks.add(this);
      return this;
    }

    disable() {
      hooks.delete(this);
      return this;
    }
  }

  const createHook = (callbacks) => {
    if (callbacks === null || typeof callbacks !== 'object') {
      throw invalidArgType('"callbacks" argument', 'of type object', callbacks);
    }
    for (const name of ['init', 'before', 'after', 'destroy', 'promiseResolve']) {
      if (callbacks[name] !== undefined && typeof callbacks[name] !== 'function') {
        throw Object.assign(new TypeError(`hook.${name} must be a function`), { code: 'ERR_ASYNC_CALLBACK' });
      }
    }
    return new AsyncHook(callbacks);
  };

  // events.EventEmitterAsyncResource: an emitter whose listeners run in the
  // async context it was made in.
  const withAsyncResource = (EventEmitter) => class EventEmitterAsyncResource extends EventEmitter {
    #resource;

    constructor(options = undefined) {
      const name = typeof options === 'string' ? options : options?.name ?? new.target.name;
      super(options);
      this.#resource = new AsyncResource(name, options);
      Object.defineProperty(this.#resource, 'eventEmitter', { value: this, enumerable: true });
    }

    emit(event, ...args) {
      return this.#resource.runInAsyncScope(super.emit, this, event, ...args);
    }

    emitDestroy() {
      this.#resource.emitDestroy();
    }

    get asyncId() {
      return this.#resource.asyncId();
    }

    get triggerAsyncId() {
      return this.#resource.triggerAsyncId();
    }

    get asyncResource() {
      return this.#resource;
    }
  };

  return {
    module: () => ({
      AsyncLocalStorage,
      AsyncResource,
      asyncWrapProviders: Object.freeze({ __proto__: null, ...deniedData.asyncWrapProviders }),
      createHook,
      executionAsyncId,
      executionAsyncResource,
      triggerAsyncId,
    }),
    withAsyncResource,
  };
})

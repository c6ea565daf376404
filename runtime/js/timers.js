// A timer's callback runs in the async context it was made in (`context`:
// runtime/src/async_context.rs), as Node's AsyncLocalStorage expects.
(function (schedule, unschedule, report, context, setContext, refTimer) {
  'use strict';
  const timers = new Map();
  const apply = Reflect.apply;
  let nextId = 1;
  // `self` is the callback's `this`: the global object, as HTML's, or Node's Timeout.
  function add(callback, delay, args, repeat, self = globalThis) {
    if (typeof callback !== 'function') throw new TypeError('The callback must be a function');
    const id = nextId++;
    const ms = Number(delay) || 0;
    timers.set(id, { callback, args, ms, repeat, self, frame: context() });
    schedule(id, ms, repeat);
    return id;
  }
  function clear(id) {
    if (timers.delete(id)) unschedule(id);
  }
  // The globals, handed to the lazy properties that stand for them.
  const globals = {
    setTimeout: function setTimeout(callback, delay, ...args) { return add(callback, delay, args, false); },
    setInterval: function setInterval(callback, delay, ...args) { return add(callback, delay, args, true); },
    clearTimeout: function clearTimeout(id) { clear(id); },
    clearInterval: function clearInterval(id) { clear(id); },
    queueMicrotask: function queueMicrotask(callback) {
      if (typeof callback !== 'function') throw new TypeError('The callback must be a function');
      Promise.resolve().then(() => {
        try {
          callback();
        } catch (error) {
          report(error);
        }
      });
    },
  };
  // Node's timers (once node_modules are in use): setTimeout and
  // setInterval give Timeout objects, which unref() stops from keeping a
  // worker (or `python -m jsrun`) alive; their primitive is the timer's id.
  // A delay below 1 ms (or past 2^31 - 1) is 1 ms, as in Node: so a
  // setImmediate (0 ms) queued with a setTimeout(…, 0) runs first, as there.
  let node = null;
  const nodeDelay = (delay) => {
    const ms = Number(delay);
    return ms >= 1 && ms <= 2147483647 ? ms : 1;
  };
  function nodeTimers() {
    if (node !== null) return node;
    const making = Symbol('making');
    // What Timeout and Immediate share: the timer they stand for (`start`
    // gives it one, keeping an unref()), and whether it keeps the loop alive.
    let start;
    let idOf;
    class Timer {
      #id;
      #refed = true;
      static {
        start = (timer, id) => {
          timer.#id = id;
          if (!timer.#refed) refTimer(id, false);
        };
        idOf = (value) => (value !== null && typeof value === 'object' && #id in value ? value.#id : undefined);
      }
      constructor(key) {
        if (key !== making) throw new TypeError('Illegal constructor');
      }
      ref() {
        this.#refed = true;
        refTimer(this.#id, true);
        return this;
      }
      unref() {
        this.#refed = false;
        refTimer(this.#id, false);
        return this;
      }
      hasRef() { return this.#refed; }
    }
    let closeTimeout;
    class Timeout extends Timer {
      #timer; // what `add` was given, for refresh()
      #closed = false;
      static {
        closeTimeout = (value) => {
          if (value !== null && typeof value === 'object' && #closed in value) value.close();
          else clear(value);
        };
      }
      constructor(key, callback, delay, args, repeat) {
        super(key);
        this.#timer = [callback, nodeDelay(delay), args, repeat, this];
        start(this, add(...this.#timer));
      }
      // Starts the timer again from now (one that fired too, as Node's; not one cleared).
      refresh() {
        if (this.#closed) return this;
        clear(idOf(this));
        start(this, add(...this.#timer));
        return this;
      }
      close() {
        this.#closed = true;
        clear(idOf(this));
        return this;
      }
      [Symbol.toPrimitive]() { return idOf(this); }
    }
    // setImmediate's Immediate: a timer of 0 ms, which runs before the
    // Timeouts of at least 1 ms queued with it, as in Node's check phase.
    let isImmediate;
    class Immediate extends Timer {
      #immediate = true;
      static {
        isImmediate = (value) => value !== null && typeof value === 'object' && #immediate in value;
      }
      constructor(key, callback, args) {
        super(key);
        start(this, add(callback, 0, args, false, this));
      }
    }
    node = {
      setImmediate: function setImmediate(callback, ...args) { return new Immediate(making, callback, args); },
      clearImmediate: function clearImmediate(immediate) {
        if (isImmediate(immediate)) clear(idOf(immediate));
      },
      setTimeout: function setTimeout(callback, delay, ...args) { return new Timeout(making, callback, delay, args, false); },
      setInterval: function setInterval(callback, delay, ...args) { return new Timeout(making, callback, delay, args, true); },
      clearTimeout: function clearTimeout(timeout) { closeTimeout(timeout); },
      clearInterval: function clearInterval(timeout) { closeTimeout(timeout); },
    };
    return node;
  }
  Object.defineProperty(globals, 'nodeTimers', { value: nodeTimers });

  function fire(id) {
    const timer = timers.get(id);
    if (timer === undefined) return;
    if (timer.repeat) schedule(id, timer.ms, true); else timers.delete(id);
    const prior = context();
    if (prior !== timer.frame) setContext(timer.frame);
    try {
      apply(timer.callback, timer.self, timer.args);
    } catch (error) {
      report(error); // HTML's "report an exception" (runtime/src/uncaught.rs)
    } finally {
      if (prior !== timer.frame) setContext(prior);
    }
  }
  return [fire, globals];
})

// A timer's callback runs in the async context it was made in (`context`:
// runtime/src/async_context.rs), as Node's AsyncLocalStorage expects.
(function (schedule, unschedule, report, context, setContext) {
  'use strict';
  const timers = new Map();
  const apply = Reflect.apply;
  let nextId = 1;
  function add(callback, delay, args, repeat) {
    if (typeof callback !== 'function') throw new TypeError('The callback must be a function');
    const id = nextId++;
    const ms = Number(delay) || 0;
    timers.set(id, { callback, args, ms, repeat, frame: context() });
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
  function fire(id) {
    const timer = timers.get(id);
    if (timer === undefined) return;
    if (timer.repeat) schedule(id, timer.ms, true); else timers.delete(id);
    const prior = context();
    if (prior !== timer.frame) setContext(timer.frame);
    try {
      apply(timer.callback, globalThis, timer.args); // as HTML: `this` is the global object
    } catch (error) {
      report(error); // HTML's "report an exception" (runtime/src/uncaught.rs)
    } finally {
      if (prior !== timer.frame) setContext(prior);
    }
  }
  return [fire, globals];
})

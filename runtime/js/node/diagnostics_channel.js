// `node:diagnostics_channel`: named channels that libraries publish to
// (lru-cache, undici, …) and tracing channels, as Node 20 has them. Written
// here: the npm ports either wrap Node's own module (dc-polyfill) or predate
// tracing channels (diagnostics_channel@1).
(function (process, errors) {
  'use strict';
  const { invalidArgType } = errors;
  const mustBeFunction = (value, name) => {
    if (typeof value !== 'function') throw invalidArgType(`"${name}" argument`, 'of type function', value);
  };
  // A subscriber's or a transform's exception is the process's, not the
  // publisher's: it surfaces as uncaught once the publisher is done.
  const throwLater = (error) => process.nextTick(() => {
    throw error;
  });

  // Channels by name, held only by their users while nobody listens; one
  // with subscribers or bound stores lives as long as they do.
  const channels = new Map();
  const active = new Set();
  const forget = new FinalizationRegistry((name) => {
    if (channels.get(name)?.deref() === undefined) channels.delete(name);
  });
  const existing = (name) => channels.get(name)?.deref();

  class Channel {
    constructor(name) {
      this._subscribers = undefined;
      this._stores = undefined;
      this.name = name;
      channels.set(name, new WeakRef(this));
      forget.register(this, name);
    }

    static [Symbol.hasInstance](value) {
      return value !== null && typeof value === 'object' && Object.prototype.isPrototypeOf.call(Channel.prototype, value);
    }

    get hasSubscribers() {
      return this._subscribers?.length > 0 || this._stores?.size > 0;
    }

    #update() {
      if (this.hasSubscribers) active.add(this);
      else active.delete(this);
    }

    subscribe(subscription) {
      mustBeFunction(subscription, 'subscription');
      // Copied on change: a publish under way keeps the list it started with.
      this._subscribers = [...(this._subscribers ?? []), subscription];
      this.#update();
    }

    unsubscribe(subscription) {
      const at = this._subscribers?.indexOf(subscription) ?? -1;
      if (at === -1) return false;
      this._subscribers = this._subscribers.filter((_, i) => i !== at);
      this.#update();
      return true;
    }

    bindStore(store, transform) {
      this._stores ??= new Map();
      this._stores.set(store, transform);
      this.#update();
    }

    unbindStore(store) {
      if (!this._stores?.has(store)) return false;
      this._stores.delete(store);
      this.#update();
      return true;
    }

    publish(message) {
      for (const subscriber of this._subscribers ?? []) {
        try {
          subscriber(message, this.name);
        } catch (error) {
          throwLater(error);
        }
      }
    }

    // fn with each bound store's `run` around it (the store gets the
    // message, through its transform), after publishing the message.
    runStores(message, fn, thisArg, ...args) {
      let next = () => {
        this.publish(message);
        return Reflect.apply(fn, thisArg, args);
      };
      for (const [store, transform] of this._stores ?? []) {
        const inner = next;
        next = () => {
          let value = message;
          if (typeof transform === 'function') {
            try {
              value = transform(message);
            } catch (error) {
              throwLater(error);
              return inner();
            }
          }
          return store.run(value, inner);
        };
      }
      return next();
    }
  }

  const channel = (name) => {
    const found = existing(name);
    if (found) return found;
    if (typeof name !== 'string' && typeof name !== 'symbol') {
      throw invalidArgType('"channel" argument', 'one of type string or symbol', name);
    }
    return new Channel(name);
  };

  const EVENTS = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'];

  class TracingChannel {
    constructor(nameOrChannels) {
      for (const event of EVENTS) {
        let value;
        if (typeof nameOrChannels === 'string') {
          value = channel(`tracing:${nameOrChannels}:${event}`);
        } else {
          value = nameOrChannels[event];
          if (!(value instanceof Channel)) {
            throw invalidArgType(`"nameOrChannels.${event}" property`, 'an instance of Channel', value);
          }
        }
        Object.defineProperty(this, event, { value });
      }
    }

    get hasSubscribers() {
      return EVENTS.some((event) => this[event].hasSubscribers);
    }

    subscribe(handlers) {
      for (const event of EVENTS) {
        if (handlers[event]) this[event].subscribe(handlers[event]);
      }
    }

    unsubscribe(handlers) {
      let all = true;
      for (const event of EVENTS) {
        if (handlers[event] && !this[event].unsubscribe(handlers[event])) all = false;
      }
      return all;
    }

    // start, then fn; error if it throws; end when it returns either way.
    #traced(context, fn, thisArg, args) {
      return this.start.runStores(context, () => {
        try {
          return fn(thisArg, args);
        } catch (error) {
          context.error = error;
          this.error.publish(context);
          throw error;
        } finally {
          this.end.publish(context);
        }
      });
    }

    traceSync(fn, context = {}, thisArg, ...args) {
      if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
      return this.#traced(context, (self, list) => {
        const result = Reflect.apply(fn, self, list);
        context.result = result;
        return result;
      }, thisArg, args);
    }

    tracePromise(fn, context = {}, thisArg, ...args) {
      if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
      const settled = () => {
        this.asyncStart.publish(context);
        this.asyncEnd.publish(context);
      };
      return this.#traced(context, (self, list) => {
        let promise = Reflect.apply(fn, self, list);
        if (!(promise instanceof Promise)) promise = Promise.resolve(promise);
        return promise.then((result) => {
          context.result = result;
          settled();
          return result;
        }, (error) => {
          context.error = error;
          this.error.publish(context);
          settled();
          return Promise.reject(error);
        });
      }, thisArg, args);
    }

    traceCallback(fn, position = -1, context = {}, thisArg, ...args) {
      if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
      const callback = args.at(position);
      mustBeFunction(callback, 'callback');
      const tracing = this;
      args.splice(position, 1, function (error, result) {
        if (error) {
          context.error = error;
          tracing.error.publish(context);
        } else {
          context.result = result;
        }
        return tracing.asyncStart.runStores(context, () => {
          try {
            return Reflect.apply(callback, this, arguments);
          } finally {
            tracing.asyncEnd.publish(context);
          }
        });
      });
      return this.#traced(context, (self, list) => Reflect.apply(fn, self, list), thisArg, args);
    }
  }

  const tracingChannel = (nameOrChannels) => {
    if (typeof nameOrChannels !== 'string' && (nameOrChannels === null || typeof nameOrChannels !== 'object')) {
      throw invalidArgType('"nameOrChannels" argument', 'of type string or an instance of TracingChannel or Object',
        nameOrChannels);
    }
    return new TracingChannel(nameOrChannels);
  };

  return () => ({
    channel,
    hasSubscribers: (name) => existing(name)?.hasSubscribers ?? false,
    subscribe: (name, subscription) => channel(name).subscribe(subscription),
    tracingChannel,
    unsubscribe: (name, subscription) => existing(name)?.unsubscribe(subscription) ?? false,
    Channel,
  });
})

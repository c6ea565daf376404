// performance (High Resolution Time, User Timing, Performance Timeline and
// Resource Timing): now(), timeOrigin, mark() and measure() with their
// entries, PerformanceObserver, resource entries; and what Node adds to the
// same object when node_modules are in use (`withNode`: markResourceTiming,
// which undici's fetch calls, and timerify). The clock is Rust's monotonic
// one, counted from the runtime's creation.
(function (uses, natives) {
  'use strict';
  const [, timeOrigin] = natives.clock();
  const now = () => natives.clock()[0];
  const creating = Symbol('creating');
  const entries = [];

  class PerformanceEntry {
    #name; #type; #start; #duration;
    constructor(key, name, type, start, duration) {
      if (key !== creating) throw new TypeError('Illegal constructor');
      this.#name = name; this.#type = type; this.#start = start; this.#duration = duration;
    }
    get name() { return this.#name; }
    get entryType() { return this.#type; }
    get startTime() { return this.#start; }
    get duration() { return this.#duration; }
    toJSON() { return { name: this.name, entryType: this.entryType, startTime: this.startTime, duration: this.duration }; }
  }

  const clonedDetail = (detail) => (detail === undefined ? null : globalThis.structuredClone(detail));

  class PerformanceMark extends PerformanceEntry {
    #detail;
    constructor(name, options = {}) {
      if (arguments.length === 0) throw new TypeError('The "name" argument must be specified');
      const start = options?.startTime ?? now();
      if (typeof start !== 'number' || start < 0) throw new TypeError('The "startTime" option must be a non-negative number');
      super(creating, String(name), 'mark', start, 0);
      this.#detail = clonedDetail(options?.detail);
    }
    get detail() { return this.#detail; }
    toJSON() { return { ...super.toJSON(), detail: this.#detail }; }
  }

  class PerformanceMeasure extends PerformanceEntry {
    #detail;
    constructor(key, name, start, duration, detail) {
      super(key, name, 'measure', start, duration);
      this.#detail = detail;
    }
    get detail() { return this.#detail; }
    toJSON() { return { ...super.toJSON(), detail: this.#detail }; }
  }

  // A timerified function's call (Node's PerformanceNodeEntry): `detail` is its arguments.
  class PerformanceNodeEntry extends PerformanceEntry {
    #detail;
    constructor(key, name, type, start, duration, detail) {
      super(key, name, type, start, duration);
      this.#detail = detail;
    }
    get detail() { return this.#detail; }
    toJSON() { return { ...super.toJSON(), detail: this.#detail }; }
  }

  // A fetch's timings (Resource Timing), from the fetch standard's timing
  // info as undici gives it to markResourceTiming.
  const RESOURCE_FIELDS = ['initiatorType', 'nextHopProtocol', 'workerStart', 'redirectStart', 'redirectEnd', 'fetchStart',
    'domainLookupStart', 'domainLookupEnd', 'connectStart', 'connectEnd', 'secureConnectionStart', 'requestStart',
    'responseStart', 'responseEnd', 'transferSize', 'encodedBodySize', 'decodedBodySize', 'deliveryType', 'responseStatus'];
  class PerformanceResourceTiming extends PerformanceEntry {
    #fields;
    constructor(key, name, timing, initiatorType, cacheMode, responseStatus, deliveryType) {
      super(key, name, 'resource', timing.startTime, timing.endTime - timing.startTime);
      const connection = timing.finalConnectionTimingInfo ?? undefined;
      this.#fields = {
        initiatorType, nextHopProtocol: connection?.ALPNNegotiatedProtocol, workerStart: timing.finalServiceWorkerStartTime,
        redirectStart: timing.redirectStartTime, redirectEnd: timing.redirectEndTime, fetchStart: timing.postRedirectStartTime,
        domainLookupStart: connection?.domainLookupStartTime, domainLookupEnd: connection?.domainLookupEndTime,
        connectStart: connection?.connectionStartTime, connectEnd: connection?.connectionEndTime,
        secureConnectionStart: connection?.secureConnectionStartTime, requestStart: timing.finalNetworkRequestStartTime,
        responseStart: timing.finalNetworkResponseStartTime, responseEnd: timing.endTime,
        // As Node: 300 bytes of headers over the body, unless it came from a cache.
        transferSize: cacheMode === 'local' ? 0 : cacheMode === 'validated' ? 300 : (timing.encodedBodySize ?? 0) + 300,
        encodedBodySize: timing.encodedBodySize, decodedBodySize: timing.decodedBodySize, deliveryType, responseStatus,
      };
    }
    toJSON() {
      const json = super.toJSON();
      for (const name of RESOURCE_FIELDS) if (this.#fields[name] !== undefined) json[name] = this.#fields[name];
      return json;
    }
    static field(entry, name) { return entry.#fields[name]; }
  }
  // Each field an attribute (a getter reading the private fields, through a static taken off the class).
  const fieldOf = PerformanceResourceTiming.field;
  delete PerformanceResourceTiming.field;
  for (const name of RESOURCE_FIELDS) {
    Object.defineProperty(PerformanceResourceTiming.prototype, name, {
      get() { return fieldOf(this, name); }, enumerable: true, configurable: true,
    });
  }

  // Resource entries: a buffer of its own (250 by default), as the standard says.
  const resources = [];
  let resourceLimit = 250;

  // Observers, and the ones with entries to be told of (in a task, after the entries' turn).
  const observers = new Set();
  const pending = new Set();
  let queued = false;
  const SUPPORTED = Object.freeze(['function', 'mark', 'measure', 'resource']);
  const enqueue = (entry) => {
    for (const observer of observers) {
      if (observer[observing](entry.entryType)) {
        observer[buffered].push(entry);
        pending.add(observer);
      }
    }
    schedule();
  };
  const schedule = () => {
    if (pending.size > 0 && !queued) {
      queued = true;
      platform.setTimeout(() => {
        queued = false;
        const due = [...pending];
        pending.clear();
        for (const observer of due) observer[dispatch]();
      }, 0);
    }
  };
  const observing = Symbol('observing');
  const buffered = Symbol('buffered');
  const dispatch = Symbol('dispatch');

  class PerformanceObserverEntryList {
    #entries;
    constructor(key, entries) {
      if (key !== creating) throw new TypeError('Illegal constructor');
      this.#entries = entries.sort((a, b) => a.startTime - b.startTime);
    }
    getEntries() { return [...this.#entries]; }
    getEntriesByType(type) { return this.#entries.filter((e) => e.entryType === String(type)); }
    getEntriesByName(name, type) {
      return this.#entries.filter((e) => e.name === String(name) && (type === undefined || e.entryType === String(type)));
    }
  }

  const nodeError = (Kind, code, message) => Object.assign(new Kind(message), { code });
  class PerformanceObserver {
    #callback; #types = new Set();
    constructor(callback) {
      if (typeof callback !== 'function') {
        const got = callback === null || callback === undefined ? String(callback)
          : `type ${typeof callback} (${typeof callback === 'string' ? `'${callback}'` : String(callback)})`;
        throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "callback" argument must be of type function. Received ${got}`);
      }
      this.#callback = callback;
      this[buffered] = [];
    }
    static get supportedEntryTypes() { return SUPPORTED; }
    observe(options = {}) {
      if (options === null || typeof options !== 'object') {
        throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "options" argument must be of type object.');
      }
      const { entryTypes, type } = options;
      if (entryTypes === undefined && type === undefined) {
        throw nodeError(TypeError, 'ERR_MISSING_ARGS', 'The "options.entryTypes" and "options.type" arguments must be specified');
      }
      if (entryTypes != null && type != null) {
        const shown = Array.isArray(entryTypes)
          ? `[ ${entryTypes.map((t) => (typeof t === 'string' ? `'${t}'` : String(t))).join(', ')} ]` : String(entryTypes);
        throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
          `The property 'options.entryTypes' options.entryTypes can not set with options.type together. Received ${shown}`);
      }
      if (entryTypes != null) {
        this.#types = new Set([...entryTypes].map(String).filter((t) => SUPPORTED.includes(t)));
      } else {
        const single = String(type);
        if (!SUPPORTED.includes(single)) return;
        this.#types.add(single);
        if (options.buffered) {
          const earlier = single === 'resource' ? resources : entries.filter((e) => e.entryType === single);
          if (earlier.length > 0) {
            this[buffered].push(...earlier);
            pending.add(this);
            schedule();
          }
        }
      }
      if (this.#types.size > 0) observers.add(this);
      else observers.delete(this);
    }
    disconnect() {
      observers.delete(this);
      pending.delete(this);
      this[buffered] = [];
      this.#types.clear();
    }
    takeRecords() {
      const taken = this[buffered];
      this[buffered] = [];
      return taken;
    }
    [observing](type) { return this.#types.has(type); }
    [dispatch]() {
      const taken = this.takeRecords();
      if (taken.length > 0) this.#callback.call(this, new PerformanceObserverEntryList(creating, taken), this);
    }
  }

  function markTime(mark) {
    if (typeof mark === 'number') return mark;
    const name = String(mark);
    for (let i = entries.length - 1; i >= 0; i--) {
      if (entries[i].entryType === 'mark' && entries[i].name === name) return entries[i].startTime;
    }
    throw new globalThis.DOMException(`The "${name}" performance mark has not been set`, 'SyntaxError');
  }

  class Performance {
    constructor(key) { if (key !== creating) throw new TypeError('Illegal constructor'); }
    get timeOrigin() { return timeOrigin; }
    now() { return now(); }
    mark(name, options) {
      const mark = new PerformanceMark(name, options);
      entries.push(mark);
      enqueue(mark);
      return mark;
    }
    measure(name, startOrOptions, endMark) {
      let start = 0, end, detail = null;
      if (startOrOptions !== null && typeof startOrOptions === 'object') {
        const o = startOrOptions;
        if (o.start !== undefined) start = markTime(o.start);
        if (o.end !== undefined) end = markTime(o.end);
        else if (o.duration !== undefined) end = start + Number(o.duration);
        if (o.start === undefined && o.duration !== undefined && o.end !== undefined) start = end - Number(o.duration);
        detail = clonedDetail(o.detail);
      } else if (startOrOptions !== undefined) {
        start = markTime(startOrOptions);
      }
      if (endMark !== undefined) end = markTime(endMark);
      if (end === undefined) end = now();
      const measure = new PerformanceMeasure(creating, String(name), start, end - start, detail);
      entries.push(measure);
      enqueue(measure);
      return measure;
    }
    getEntries() { return timeline(); }
    getEntriesByType(type) { return timeline().filter((e) => e.entryType === String(type)); }
    getEntriesByName(name, type) {
      return timeline().filter((e) => e.name === String(name) && (type === undefined || e.entryType === String(type)));
    }
    clearMarks(name) { clear('mark', name); }
    clearMeasures(name) { clear('measure', name); }
    clearResourceTimings() { resources.length = 0; }
    setResourceTimingBufferSize(size) {
      resourceLimit = Math.max(0, Math.trunc(Number(size)) || 0);
      if (resources.length > resourceLimit) resources.length = resourceLimit;
    }
    toJSON() { return { timeOrigin }; }
  }
  // Marks, measures and resources, by start time.
  const timeline = () => (resources.length === 0 ? [...entries]
    : [...entries, ...resources].sort((a, b) => a.startTime - b.startTime));

  // A resource entry (Node's performance.markResourceTiming), told to observers and buffered.
  const markResource = (timing, url, initiatorType, cacheMode, responseStatus, deliveryType = '') => {
    const entry = new PerformanceResourceTiming(creating, String(url), timing, initiatorType, cacheMode, responseStatus,
      deliveryType);
    enqueue(entry);
    if (resources.length < resourceLimit) resources.push(entry);
    return entry;
  };

  // Node's performance.timerify: `fn` wrapped to tell observers of each call ('function' entries).
  const timerify = (fn, options = {}) => {
    if (typeof fn !== 'function') {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
        `The "fn" argument must be of type function. Received type ${typeof fn} (${String(fn)})`);
    }
    const histogram = options?.histogram;
    const done = (start, args) => {
      const duration = now() - start;
      if (histogram !== undefined) histogram.record(Math.max(1, Math.ceil(duration * 1e6)));
      enqueue(new PerformanceNodeEntry(creating, fn.name, 'function', start, duration, args));
    };
    function timerified(...args) {
      const start = now();
      const result = new.target ? Reflect.construct(fn, args, fn) : Reflect.apply(fn, this, args);
      if (!new.target && typeof result?.finally === 'function') return result.finally(() => done(start, args));
      done(start, args);
      return result;
    }
    Object.defineProperties(timerified, {
      name: { value: `timerified ${fn.name}`, configurable: true },
      length: { value: fn.length, configurable: true },
    });
    return timerified;
  };
  function clear(type, name) {
    for (let i = entries.length - 1; i >= 0; i--) {
      if (entries[i].entryType === type && (name === undefined || entries[i].name === String(name))) entries.splice(i, 1);
    }
  }
  for (const cls of [Performance, PerformanceEntry, PerformanceMark, PerformanceMeasure, PerformanceResourceTiming,
    PerformanceObserver, PerformanceObserverEntryList, PerformanceNodeEntry]) {
    Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: cls.name, configurable: true });
  }
  // No constructor (WebIDL): `length` 0, whatever our internal ones take.
  for (const cls of [Performance, PerformanceEntry, PerformanceMeasure, PerformanceResourceTiming,
    PerformanceObserverEntryList]) {
    Object.defineProperty(cls, 'length', { value: 0 });
  }
  const performance = new Performance(creating);
  // Node's additions to the same object, once node_modules are in use.
  let noded = false;
  const withNode = () => {
    if (noded) return;
    noded = true;
    const methods = {
      markResourceTiming(timing, url, initiatorType, global, cacheMode, bodyInfo, responseStatus, deliveryType) {
        return markResource(timing, url, initiatorType, cacheMode, responseStatus, deliveryType);
      },
      timerify,
    };
    for (const [name, value] of Object.entries(methods)) {
      Object.defineProperty(Performance.prototype, name, { value, writable: true, configurable: true });
    }
  };
  if (natives.nodeEnabled()) withNode();
  return { performance, Performance, PerformanceEntry, PerformanceMark, PerformanceMeasure, PerformanceObserver,
    PerformanceObserverEntryList, PerformanceResourceTiming, withNode };
})

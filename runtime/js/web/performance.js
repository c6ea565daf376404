// performance (High Resolution Time and User Timing): now(), timeOrigin,
// mark() and measure() with their entries. The clock is Rust's monotonic
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
      return measure;
    }
    getEntries() { return [...entries]; }
    getEntriesByType(type) { return entries.filter((e) => e.entryType === String(type)); }
    getEntriesByName(name, type) {
      return entries.filter((e) => e.name === String(name) && (type === undefined || e.entryType === String(type)));
    }
    clearMarks(name) { clear('mark', name); }
    clearMeasures(name) { clear('measure', name); }
    toJSON() { return { timeOrigin }; }
  }
  function clear(type, name) {
    for (let i = entries.length - 1; i >= 0; i--) {
      if (entries[i].entryType === type && (name === undefined || entries[i].name === String(name))) entries.splice(i, 1);
    }
  }
  for (const [cls, tag] of [[Performance, 'Performance'], [PerformanceEntry, 'PerformanceEntry'],
    [PerformanceMark, 'PerformanceMark'], [PerformanceMeasure, 'PerformanceMeasure']]) {
    Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: tag, configurable: true });
  }
  // No constructor (WebIDL): `length` 0, whatever our internal ones take.
  for (const cls of [Performance, PerformanceEntry, PerformanceMeasure]) Object.defineProperty(cls, 'length', { value: 0 });
  const performance = new Performance(creating);
  return { performance, Performance, PerformanceEntry, PerformanceMark, PerformanceMeasure };
})

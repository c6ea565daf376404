// node:perf_hooks: the web's performance classes (runtime/js/web/performance.js,
// given as `web`), Node's constants, and its histograms: createHistogram and
// monitorEventLoopDelay, which bucket values as Node's HdrHistogram does
// (so min, max, mean, stddev and percentiles are the same numbers).
(function (web, errors) {
  'use strict';
  const MAX = Number.MAX_SAFE_INTEGER;
  const INT64_MAX = 9223372036854775807n;
  // Node's way of writing a large number in an error: 9_007_199_254_740_992.
  const shown = (value) => {
    if (typeof value === 'bigint') return `${value}n`;
    if (Number.isInteger(value) && Math.abs(value) > 2 ** 32) return String(value).replace(/\B(?=(\d{3})+$)/g, '_');
    return String(value);
  };
  const outOfRange = (name, range, value) => Object.assign(
    new RangeError(`The value of "${name}" is out of range. It must be ${range}. Received ${shown(value)}`),
    { code: 'ERR_OUT_OF_RANGE' });
  // An integer in [min, max] given as a number or a bigint.
  const integer = (value, name, min, max) => {
    if (typeof value === 'bigint') value = Number(value);
    else if (typeof value !== 'number') throw errors.invalidArgType(`"${name}" argument`, 'of type number', value);
    if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
    if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
    return value;
  };
  const bitLength = (v) => (v < 2 ** 32 ? 32 - Math.clz32(v) : 64 - Math.clz32(Math.floor(v / 2 ** 32)));

  // HdrHistogram's layout (hdr_histogram.c): values below 2 × 10^figures
  // exact, above that in buckets of doubling width; counts kept sparse.
  class Layout {
    constructor(lowest, highest, figures) {
      const single = 2 * 10 ** figures;
      const countMagnitude = Math.ceil(Math.log(single) / Math.log(2));
      this.halfMagnitude = Math.max(countMagnitude, 1) - 1;
      this.unit = Math.floor(Math.log(lowest) / Math.log(2));
      this.subCount = 2 ** (this.halfMagnitude + 1);
      this.half = this.subCount / 2;
      let untrackable = this.subCount * 2 ** this.unit;
      let buckets = 1;
      while (untrackable <= highest) {
        untrackable *= 2;
        buckets++;
      }
      this.length = (buckets + 1) * this.half;
    }
    bucket(value) { return Math.max(bitLength(value), this.halfMagnitude + 1 + this.unit) - this.unit - (this.halfMagnitude + 1); }
    index(value) {
      const bucket = this.bucket(value);
      const sub = Math.floor(value / 2 ** (bucket + this.unit));
      return (bucket + 1) * 2 ** this.halfMagnitude + (sub - this.half);
    }
    valueAt(index) {
      let bucket = Math.floor(index / 2 ** this.halfMagnitude) - 1;
      let sub = (index % this.half) + this.half;
      if (bucket < 0) {
        sub -= this.half;
        bucket = 0;
      }
      return sub * 2 ** (bucket + this.unit);
    }
    lowest(value) {
      const bucket = this.bucket(value);
      return Math.floor(value / 2 ** (bucket + this.unit)) * 2 ** (bucket + this.unit);
    }
    size(value) {
      const bucket = this.bucket(value);
      const sub = Math.floor(value / 2 ** (bucket + this.unit));
      return 2 ** (this.unit + (sub >= this.subCount ? bucket + 1 : bucket));
    }
    highest(value) { return this.lowest(value) + this.size(value) - 1; }
    median(value) { return this.lowest(value) + Math.floor(this.size(value) / 2); }
  }

  const state = Symbol('histogram');
  const creating = Symbol('creating');
  class Histogram {
    constructor(key, lowest = 1, highest = MAX, figures = 3) {
      if (key !== creating) throw new TypeError('Illegal constructor');
      this[state] = { layout: new Layout(lowest, highest, figures), highest, counts: new Map(), total: 0, min: Infinity, max: 0,
        exceeds: 0 };
    }
    // Counts by index, in index order.
    #sorted() { return [...this[state].counts].sort((a, b) => a[0] - b[0]); }
    get count() { return this[state].total; }
    get countBigInt() { return BigInt(this.count); }
    get min() { return Number(this.minBigInt); }
    get minBigInt() {
      const { min, layout } = this[state];
      return min === Infinity ? INT64_MAX : BigInt(layout.lowest(min));
    }
    get max() { return this[state].max === 0 ? 0 : this[state].layout.highest(this[state].max); }
    get maxBigInt() { return BigInt(this.max); }
    get mean() {
      const { layout, total } = this[state];
      let sum = 0;
      for (const [index, count] of this.#sorted()) sum += count * layout.median(layout.valueAt(index));
      return sum / total;
    }
    get stddev() {
      const { layout, total } = this[state];
      const mean = this.mean;
      let deviations = 0;
      for (const [index, count] of this.#sorted()) {
        const dev = layout.median(layout.valueAt(index)) - mean;
        deviations += dev * dev * count;
      }
      return Math.sqrt(deviations / total);
    }
    get exceeds() { return this[state].exceeds; }
    get exceedsBigInt() { return BigInt(this.exceeds); }
    percentile(percentile) {
      if (typeof percentile !== 'number') throw errors.invalidArgType('"percentile" argument', 'of type number', percentile);
      if (!(percentile > 0 && percentile <= 100)) throw outOfRange('percentile', '> 0 && <= 100', percentile);
      const { layout, total } = this[state];
      const wanted = Math.max(Math.trunc((Math.min(percentile, 100) / 100) * total + 0.5), 1);
      let seen = 0;
      for (const [index, count] of this.#sorted()) {
        seen += count;
        if (seen >= wanted) return layout.highest(layout.valueAt(index));
      }
      return layout.highest(0);
    }
    percentileBigInt(percentile) { return BigInt(this.percentile(percentile)); }
    // HdrHistogram's percentile iteration, one tick per half distance (Node's `percentiles`).
    get percentiles() {
      const { layout, total } = this[state];
      const out = new Map();
      let cumulative = 0;
      let value = 0;
      let next = 0;
      for (const [index, count] of this.#sorted()) {
        cumulative += count;
        value = layout.valueAt(index);
        // Several ticks may fall on one value; on the last value, one (then 100 ends the iteration).
        while (next <= (100 * cumulative) / total) {
          out.set(next, value);
          next += 100 / 2 ** (Math.trunc(Math.log(100 / (100 - next)) / Math.log(2)) + 1);
          if (cumulative === total) break;
        }
      }
      out.set(100, value);
      return out;
    }
    get percentilesBigInt() { return new Map([...this.percentiles].map(([k, v]) => [k, BigInt(v)])); }
    reset() {
      const s = this[state];
      Object.assign(s, { counts: new Map(), total: 0, min: Infinity, max: 0, exceeds: 0 });
    }
    toJSON() {
      return { count: this.count, min: this.min, max: this.max, mean: this.mean, exceeds: this.exceeds, stddev: this.stddev,
        percentiles: Object.fromEntries(this.percentiles) };
    }
    // (A value above `highest` counts as exceeding, as in Node.)
    static put(histogram, value, times = 1) {
      const s = histogram[state];
      const index = s.layout.index(value);
      if (value > s.highest || index >= s.layout.length) {
        s.exceeds += times;
        return;
      }
      s.counts.set(index, (s.counts.get(index) ?? 0) + times);
      s.total += times;
      if (value < s.min) s.min = value;
      if (value > s.max) s.max = value;
    }
  }
  const put = Histogram.put;
  delete Histogram.put;

  class RecordableHistogram extends Histogram {
    #last;
    record(val) {
      if (typeof val !== 'number' && typeof val !== 'bigint') throw errors.invalidArgType('"val" argument', 'of type number', val);
      put(this, integer(val, 'val', 1, MAX));
    }
    // The nanoseconds since the last call (the first call starts the clock).
    recordDelta() {
      const now = web.performance.now();
      if (this.#last !== undefined) put(this, Math.max(1, Math.round((now - this.#last) * 1e6)));
      this.#last = now;
    }
    add(other) {
      if (!(other instanceof RecordableHistogram)) {
        throw errors.invalidArgType('"other" argument', 'an instance of RecordableHistogram', other);
      }
      const { layout, counts } = other[state];
      for (const [index, count] of counts) put(this, layout.valueAt(index), count);
    }
  }

  const options = (given) => {
    if (given === null || typeof given !== 'object') throw errors.invalidArgType('"options" argument', 'of type object', given);
    return given;
  };
  const createHistogram = (given = {}) => {
    const { lowest = 1, highest = MAX, figures = 3 } = options(given);
    const low = integer(lowest, 'options.lowest', 1, MAX);
    const high = integer(highest, 'options.highest', 2 * low, MAX);
    return new RecordableHistogram(creating, low, high, integer(figures, 'options.figures', 1, 5));
  };

  // The event loop's lateness: a timer every `resolution` ms records how late it ran, in nanoseconds.
  class IntervalHistogram extends Histogram {
    #resolution; #timer; #due;
    constructor(key, resolution) {
      super(key);
      this.#resolution = resolution;
    }
    enable() {
      if (this.#timer !== undefined) return false;
      this.#due = web.performance.now() + this.#resolution;
      this.#timer = platform.setInterval(() => {
        const now = web.performance.now();
        put(this, Math.max(1, Math.round((now - this.#due) * 1e6)));
        this.#due = now + this.#resolution;
      }, this.#resolution);
      return true;
    }
    disable() {
      if (this.#timer === undefined) return false;
      platform.clearInterval(this.#timer);
      this.#timer = undefined;
      return true;
    }
  }
  const monitorEventLoopDelay = (given = {}) => {
    const { resolution = 10 } = options(given);
    return new IntervalHistogram(creating, integer(resolution, 'options.resolution', 1, MAX));
  };

  return {
    performance: web.performance,
    Performance: web.Performance,
    PerformanceEntry: web.PerformanceEntry,
    PerformanceMark: web.PerformanceMark,
    PerformanceMeasure: web.PerformanceMeasure,
    PerformanceObserver: web.PerformanceObserver,
    PerformanceObserverEntryList: web.PerformanceObserverEntryList,
    PerformanceResourceTiming: web.PerformanceResourceTiming,
    monitorEventLoopDelay,
    createHistogram,
    constants: Object.freeze({
      NODE_PERFORMANCE_GC_MAJOR: 4, NODE_PERFORMANCE_GC_MINOR: 1, NODE_PERFORMANCE_GC_INCREMENTAL: 8,
      NODE_PERFORMANCE_GC_WEAKCB: 16, NODE_PERFORMANCE_GC_FLAGS_NO: 0, NODE_PERFORMANCE_GC_FLAGS_CONSTRUCT_RETAINED: 2,
      NODE_PERFORMANCE_GC_FLAGS_FORCED: 4, NODE_PERFORMANCE_GC_FLAGS_SYNCHRONOUS_PHANTOM_PROCESSING: 8,
      NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE: 16, NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY: 32,
      NODE_PERFORMANCE_GC_FLAGS_SCHEDULE_IDLE: 64,
    }),
  };
})

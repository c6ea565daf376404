// `node:console`: the global console, and Node's `Console` class, which
// writes formatted lines to the streams it is given (undici formats its
// mock reports with one over a Transform stream).
(function (util, process) {
  'use strict';
  const writableError = (name) => {
    const error = new TypeError(`Console expects a writable stream instance for ${name}`);
    error.code = 'ERR_CONSOLE_WRITABLE_STREAM';
    return error;
  };
  const isWritable = (stream) => stream !== null && typeof stream === 'object' && typeof stream.write === 'function';

  // Node's duration format: 1.234ms, 1.234s, m:ss.mmm (m:ss.mmm), h:mm:ss.mmm (h:mm:ss.mmm).
  const duration = (ms) => {
    if (ms < 1000) return `${Number(ms.toFixed(3))}ms`;
    if (ms < 60000) return `${Number((ms / 1000).toFixed(3))}s`;
    const hours = Math.floor(ms / 3600000);
    const minutes = Math.floor(ms / 60000) % 60;
    const seconds = ((ms % 60000) / 1000).toFixed(3).padStart(6, '0');
    const clock = hours ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
    return `${clock} (${hours ? 'h:mm:ss.mmm' : 'm:ss.mmm'})`;
  };

  // Node's table: a row per entry (index, or iteration index for a Map or
  // Set), a column per key of the rows that are objects, Values for the rest.
  const table = (data, properties, cell) => {
    const iterated = data instanceof Map || data instanceof Set;
    const rows = data instanceof Map ? [...data].map(([key, value], i) => [String(i), { Key: key, Values: value }])
      : data instanceof Set ? [...data].map((value, i) => [String(i), { Values: value }])
        : Object.keys(data).map((key) => [key, data[key]]);
    const isRow = (row) => row !== null && typeof row === 'object';
    const keys = [...new Set(rows.flatMap(([, row]) => (isRow(row) ? Object.keys(row) : [])))];
    const columns = Array.isArray(properties) ? properties.map(String) : keys;
    const values = rows.some(([, row]) => !isRow(row)) && !columns.includes('Values');
    const header = [iterated ? '(iteration index)' : '(index)', ...columns, ...(values ? ['Values'] : [])];
    const body = rows.map(([index, row]) => [
      index,
      ...columns.map((c) => (isRow(row) && c in row ? cell(row[c]) : '')),
      ...(values ? [isRow(row) ? '' : cell(row)] : []),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
    const rule = (left, middle, right) => left + widths.map((w) => '─'.repeat(w + 2)).join(middle) + right;
    const line = (cells) => `│${cells.map((c, i) => ` ${c.padEnd(widths[i])} `).join('│')}│`;
    return [rule('┌', '┬', '┐'), line(header), rule('├', '┼', '┤'), ...body.map(line), rule('└', '┴', '┘')].join('\n');
  };

  function Console(options, stderr, ignoreErrors) {
    if (!new.target) return new Console(options, stderr, ignoreErrors);
    const settings = isWritable(options) ? { stdout: options, stderr, ignoreErrors } : { ...options };
    const out = settings.stdout;
    const err = settings.stderr ?? out;
    if (!isWritable(out)) throw writableError('stdout');
    if (!isWritable(err)) throw writableError('stderr');
    const ignore = settings.ignoreErrors ?? true;
    const inspectOptions = { ...settings.inspectOptions };
    const step = ' '.repeat(settings.groupIndentation ?? 2);
    let indent = '';
    const counts = new Map();
    const timers = new Map();

    const write = (stream, text) => {
      const lines = indent ? text.replace(/\n/g, `\n${indent}`) : text;
      try {
        stream.write(`${indent}${lines}\n`);
      } catch (error) {
        if (!ignore) throw error;
      }
    };
    const format = (args) => util.formatWithOptions(inspectOptions, ...args);
    const elapsed = (label, method) => {
      const started = timers.get(label);
      if (started === undefined) {
        process.emitWarning?.(`No such label '${label}' for console.${method}()`);
        return undefined;
      }
      return duration(platform.performance.now() - started);
    };

    const methods = {
      log: (...args) => write(out, format(args)),
      warn: (...args) => write(err, format(args)),
      dir: (value, options) => write(out, util.inspect(value, { customInspect: false, ...inspectOptions, ...options })),
      time: (label = 'default') => {
        timers.set(`${label}`, platform.performance.now());
      },
      timeEnd: (label = 'default') => {
        const shown = elapsed(`${label}`, 'timeEnd');
        if (shown !== undefined) write(out, `${label}: ${shown}`);
        timers.delete(`${label}`);
      },
      timeLog: (label = 'default', ...data) => {
        const shown = elapsed(`${label}`, 'timeLog');
        if (shown !== undefined) write(out, format([`${label}: ${shown}`, ...data]));
      },
      trace: (...args) => {
        const error = { name: 'Trace', message: format(args) };
        Error.captureStackTrace(error, methods.trace);
        write(err, error.stack);
      },
      assert: (condition, ...args) => {
        if (condition) return;
        args[0] = args.length ? `Assertion failed: ${args[0]}` : 'Assertion failed';
        methods.warn(...args);
      },
      clear: () => {},
      count: (label = 'default') => {
        const n = (counts.get(`${label}`) ?? 0) + 1;
        counts.set(`${label}`, n);
        methods.log(`${label}: ${n}`);
      },
      countReset: (label = 'default') => {
        if (!counts.delete(`${label}`)) process.emitWarning?.(`Count for '${label}' does not exist`);
      },
      group: (...label) => {
        if (label.length) methods.log(...label);
        indent += step;
      },
      groupEnd: () => {
        indent = indent.slice(0, Math.max(0, indent.length - step.length));
      },
      table: (data, properties) => {
        if (data === null || typeof data !== 'object') return methods.log(data);
        const cell = (value) => util.inspect(value, { ...inspectOptions, depth: 1, breakLength: Infinity });
        return write(out, table(data, properties, cell));
      },
    };
    methods.info = methods.log;
    methods.debug = methods.log;
    methods.dirxml = methods.log;
    methods.error = methods.warn;
    methods.groupCollapsed = methods.group;
    // Bound to the instance, as Node's are: `const { log } = new Console(…)` works.
    for (const [name, method] of Object.entries(methods)) {
      Object.defineProperty(this, name, { value: method, writable: true, enumerable: true, configurable: true });
    }
  }

  if (!Object.prototype.hasOwnProperty.call(globalThis.console, 'Console')) {
    Object.defineProperty(globalThis.console, 'Console', {
      value: Console, writable: true, enumerable: true, configurable: true,
    });
  }
  return globalThis.console;
})

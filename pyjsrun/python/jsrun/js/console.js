(emit, wantArgs) => {
  const custom = Symbol.for("nodejs.util.inspect.custom");
  // The web platform's classes keep their state private: shown by their
  // attributes (prototype getters), as browsers' consoles do.
  const PLATFORM = new Set(["AbortController", "AbortSignal", "Blob", "ByteLengthQueuingStrategy",
    "CompressionStream", "CountQueuingStrategy", "CryptoKey", "CustomEvent", "DecompressionStream", "DOMException",
    "ErrorEvent", "Event", "File", "MessageChannel", "MessageEvent", "MessagePort", "PerformanceEntry",
    "PerformanceMark", "PerformanceMeasure", "PromiseRejectionEvent", "ReadableStream", "Request", "Response",
    "TextDecoder", "TextDecoderStream", "TextEncoder", "TextEncoderStream", "TransformStream", "URL", "URLPattern",
    "WritableStream"]);
  const ENTRIES = new Set(["Headers", "FormData", "URLSearchParams"]);
  const tagOf = (value) => {
    try { return Object.prototype.toString.call(value).slice(8, -1); } catch { return ""; }
  };
  const attributes = (value) => {
    const found = [];
    for (let proto = Object.getPrototypeOf(value); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
        // (Not a polyfill's internal field behind an accessor: `_state`.)
        if (typeof d.get !== "function" || k.startsWith("_") || found.some(([seen]) => seen === k)) continue;
        try { found.push([k, d.get.call(value)]); } catch { /* not readable now */ }
      }
    }
    return found;
  };
  const inspect = (value, depth, seen) => {
    switch (typeof value) {
      case "string": return depth === 0 ? value : `'${value.replace(/'/g, "\\'")}'`;
      case "number": return Object.is(value, -0) ? "-0" : String(value);
      case "bigint": return `${value}n`;
      case "undefined": case "boolean": return String(value);
      case "symbol": return value.toString();
      case "function": {
        const kind = /^class\b/.test(Function.prototype.toString.call(value)) ? "class" : "Function";
        if (kind === "class") return value.name ? `[class ${value.name}]` : "[class (anonymous)]";
        return value.name ? `[Function: ${value.name}]` : "[Function (anonymous)]";
      }
    }
    if (value === null) return "null";
    if (seen.includes(value)) return "[Circular *1]";
    if (typeof value[custom] === "function") {
      try {
        const shown = value[custom](2 - depth, {}, (v) => inspect(v, depth + 1, [...seen, value]));
        if (shown !== value) return typeof shown === "string" ? shown : inspect(shown, depth, [...seen, value]);
      } catch { /* shown as it is */ }
    }
    if (value instanceof Error) return value.stack || `${value.name}: ${value.message}`;
    if (value instanceof Date) return isNaN(value) ? "Invalid Date" : value.toISOString();
    if (value instanceof RegExp) return String(value);
    if (depth > 2) return Array.isArray(value) ? "[Array]" : "[Object]";
    const next = [...seen, value];
    const show = (v) => inspect(v, depth + 1, next);
    const wrap = (open, items, close) => items.length === 0 ? `${open}${close}`
      : `${open} ${items.join(", ")} ${close}`;
    if (Array.isArray(value)) {
      const items = [];
      let holes = 0;
      const flush = () => {
        if (holes) items.push(`<${holes} empty item${holes > 1 ? "s" : ""}>`);
        holes = 0;
      };
      for (let i = 0; i < Math.min(value.length, 100); i++) {
        if (!(i in value)) { holes++; continue; }
        flush();
        items.push(show(value[i]));
      }
      flush();
      if (value.length > 100) items.push(`... ${value.length - 100} more items`);
      return wrap("[", items, "]");
    }
    if (value instanceof Map) return `Map(${value.size}) ` + wrap("{", [...value].map(([k, v]) => `${show(k)} => ${show(v)}`), "}");
    if (value instanceof Set) return `Set(${value.size}) ` + wrap("{", [...value].map(show), "}");
    if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${value.length}) ` + wrap("[", Array.from(value.slice(0, 100), show), "]");
    if (value instanceof Promise) return "Promise { <pending or settled> }";
    const key = (k) => /^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`;
    const tag = tagOf(value);
    const platform = PLATFORM.has(tag) || ENTRIES.has(tag);
    if (tag.startsWith("Temporal.") && typeof value.toString === "function") return `${tag} <${value.toString()}>`;
    if (ENTRIES.has(tag) && typeof value.entries === "function") {
      const arrow = tag === "URLSearchParams";
      const pairs = [...value.entries()].map(([k, v]) => (arrow ? `${show(k)} => ${show(v)}` : `${key(k)}: ${show(v)}`));
      return `${tag} ` + wrap("{", pairs, "}");
    }
    // (web-streams-polyfill's own `_` properties are its internals.)
    const own = Object.keys(value).filter((k) => !(platform && k.startsWith("_")));
    const items = own.map((k) => `${key(k)}: ${show(value[k])}`);
    if (platform) items.push(...attributes(value).map(([k, v]) => `${key(k)}: ${show(v)}`));
    const proto = Object.getPrototypeOf(value);
    if (proto === null) return "[Object: null prototype] " + wrap("{", items, "}");
    const name = platform ? `${tag} ` : value.constructor && value.constructor !== Object ? `${value.constructor.name} ` : "";
    return name + wrap("{", items, "}");
  };
  const format = (args) => {
    if (typeof args[0] === "string" && args.length > 1 && /%[sdifjoOc%]/.test(args[0])) {
      let i = 1;
      const out = args[0].replace(/%[sdifjoOc%]/g, (spec) => {
        if (spec === "%%") return "%";
        if (i >= args.length) return spec;
        const v = args[i++];
        switch (spec) {
          case "%s": return typeof v === "string" ? v : inspect(v, 1, []);
          case "%d": case "%i": return typeof v === "bigint" ? `${v}n` : String(spec === "%i" ? parseInt(v) : Number(v));
          case "%f": return String(parseFloat(v));
          case "%j": try { return JSON.stringify(v); } catch { return "[Circular]"; }
          case "%c": return "";
          default: return inspect(v, 1, []);
        }
      });
      return [out, ...args.slice(i).map((v) => inspect(v, 0, []))].join(" ");
    }
    return args.map((v) => inspect(v, 0, [])).join(" ");
  };
  const original = { ...console };
  let indent = "";
  const counts = new Map();
  const timers = new Map();
  const send = (method, text, args) => {
    const line = indent ? text.split("\n").map((l) => indent + l).join("\n") : text;
    if (wantArgs) {
      try { emit(method, line, args); return; } catch { /* args that cannot cross: text only */ }
    }
    emit(method, line);
  };
  const wrap = (method, body) => {
    const native = original[method];
    console[method] = function (...args) {
      body(...args);
      if (typeof native === "function") native.apply(console, args);
    };
  };
  for (const method of ["log", "info", "debug", "warn", "error", "dir", "dirxml"]) {
    wrap(method, (...args) => send(method, format(args), args));
  }
  wrap("trace", (...args) => {
    const stack = new Error().stack.split("\n").slice(2).join("\n");
    send("trace", `Trace${args.length ? ": " + format(args) : ""}\n${stack}`, args);
  });
  wrap("assert", (condition, ...args) => {
    if (!condition) send("assert", `Assertion failed${args.length ? ": " + format(args) : ""}`, args);
  });
  // Node's table: a row per entry, a column per key (or `properties`).
  const table = (data, properties) => {
    const rows = [];
    if (data instanceof Map) {
      let i = 0;
      for (const [k, v] of data) rows.push([String(i++), { Key: k, Values: v }]);
    } else if (data instanceof Set) {
      let i = 0;
      for (const v of data) rows.push([String(i++), { Values: v }]);
    } else {
      for (const k of Object.keys(data)) rows.push([k, data[k]]);
    }
    const columns = [];
    const add = (c) => { if (!columns.includes(c)) columns.push(c); };
    let values = false;
    for (const [, row] of rows) {
      if (row !== null && typeof row === "object" && !(data instanceof Map || data instanceof Set)) {
        for (const k of Object.keys(row)) add(k);
      } else if (data instanceof Map || data instanceof Set) {
        for (const k of Object.keys(row)) add(k);
      } else {
        values = true;
      }
    }
    const shown = Array.isArray(properties) ? properties.map(String) : columns;
    const header = [data instanceof Map || data instanceof Set ? "(iteration index)" : "(index)", ...shown];
    if (values && !shown.includes("Values")) header.push("Values");
    const cell = (v) => inspect(v, 1, []);
    const body = rows.map(([index, row]) => {
      const boxed = row !== null && typeof row === "object";
      const cells = [index, ...shown.map((c) => (boxed && c in row ? cell(row[c]) : ""))];
      if (header.length > cells.length) cells.push(boxed ? "" : cell(row));
      return cells;
    });
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
    const line = (l, m, r) => l + widths.map((w) => "─".repeat(w + 2)).join(m) + r;
    const row = (cells) => "│" + cells.map((c, i) => ` ${c}${" ".repeat(widths[i] - c.length)} `).join("│") + "│";
    return [line("┌", "┬", "┐"), row(header), line("├", "┼", "┤"), ...body.map(row), line("└", "┴", "┘")].join("\n");
  };
  wrap("table", (data, ...args) => {
    const text = data !== null && typeof data === "object" ? table(data, args[0]) : format([data, ...args]);
    send("table", text, [data, ...args]);
  });
  wrap("group", (...args) => { if (args.length) send("group", format(args), args); indent += "  "; });
  wrap("groupCollapsed", (...args) => { if (args.length) send("groupCollapsed", format(args), args); indent += "  "; });
  wrap("groupEnd", () => { indent = indent.slice(2); });
  wrap("count", (label = "default") => {
    const n = (counts.get(`${label}`) ?? 0) + 1;
    counts.set(`${label}`, n);
    send("count", `${label}: ${n}`, [label]);
  });
  wrap("countReset", (label = "default") => {
    if (!counts.has(`${label}`)) send("countReset", `Count for '${label}' does not exist`, [label]);
    counts.set(`${label}`, 0);
  });
  const elapsed = (label) => `${label}: ${(performance.now() - timers.get(label)).toFixed(3)}ms`;
  const performance = globalThis.performance ?? { now: () => Date.now() };
  wrap("time", (label = "default") => { timers.set(`${label}`, performance.now()); });
  wrap("timeLog", (label = "default", ...args) => {
    if (!timers.has(`${label}`)) return send("warn", `Warning: No such label '${label}' for console.timeLog()`, [label]);
    send("timeLog", [elapsed(`${label}`), ...args.map((v) => inspect(v, 0, []))].join(" "), [label, ...args]);
  });
  wrap("timeEnd", (label = "default") => {
    if (!timers.has(`${label}`)) return send("warn", `Warning: No such label '${label}' for console.timeEnd()`, [label]);
    send("timeEnd", elapsed(`${label}`), [label]);
    timers.delete(`${label}`);
  });
}
//# sourceURL=jsrun:console

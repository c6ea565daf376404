(emit, wantArgs) => {
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
    if (value instanceof Error) return value.stack || `${value.name}: ${value.message}`;
    if (value instanceof Date) return isNaN(value) ? "Invalid Date" : value.toISOString();
    if (value instanceof RegExp) return String(value);
    if (depth > 2) return Array.isArray(value) ? "[Array]" : "[Object]";
    const next = [...seen, value];
    const show = (v) => inspect(v, depth + 1, next);
    const wrap = (open, items, close) => items.length === 0 ? `${open}${close}`
      : `${open} ${items.join(", ")} ${close}`;
    if (Array.isArray(value)) {
      const items = value.slice(0, 100).map(show);
      if (value.length > 100) items.push(`... ${value.length - 100} more items`);
      return wrap("[", items, "]");
    }
    if (value instanceof Map) return `Map(${value.size}) ` + wrap("{", [...value].map(([k, v]) => `${show(k)} => ${show(v)}`), "}");
    if (value instanceof Set) return `Set(${value.size}) ` + wrap("{", [...value].map(show), "}");
    if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${value.length}) ` + wrap("[", Array.from(value.slice(0, 100), show), "]");
    if (value instanceof Promise) return "Promise { <pending or settled> }";
    const key = (k) => /^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`;
    const items = Object.keys(value).map((k) => `${key(k)}: ${show(value[k])}`);
    const name = value.constructor && value.constructor !== Object ? `${value.constructor.name} ` : "";
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
  wrap("table", (data, ...args) => send("table", format([data, ...args]), [data, ...args]));
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

(() => {
  const describe = (value) => {
    if (value instanceof WebAssembly.Memory) {
      return { kind: "memory", handle: (op, arg) =>
        op === "grow" ? value.grow(arg) : op === "size" ? value.buffer.byteLength : value };
    }
    if (value instanceof WebAssembly.Global) {
      return { kind: "global", handle: (op, arg) => {
        if (op === "set") { value.value = arg; return undefined; }
        return op === "get" ? value.value : value;
      } };
    }
    if (value instanceof WebAssembly.Table) {
      return { kind: "table", handle: (op, arg) =>
        op === "length" ? value.length : op === "get" ? value.get(arg) ?? null
        : op === "grow" ? value.grow(arg) : value };
    }
    return value;
  };
  const imports = (given) => {
    const out = {};
    for (const [ns, names] of Object.entries(given ?? {})) {
      out[ns] = {};
      for (const [name, v] of Object.entries(names)) {
        out[ns][name] = v && typeof v === "object" && typeof v.__jsrunHandle === "function" ? v.__jsrunHandle() : v;
      }
    }
    return out;
  };
  const wrapModule = (module) => ({
    handle: (op, name) => op === "sections"
      ? WebAssembly.Module.customSections(module, name).map((b) => new Uint8Array(b)) : module,
    exports: WebAssembly.Module.exports(module),
    imports: WebAssembly.Module.imports(module),
  });
  const wrapInstance = (instance) => {
    const exports = {};
    for (const [name, value] of Object.entries(instance.exports)) exports[name] = describe(value);
    return exports;
  };
  return {
    wrapModule,
    validate: (bytes) => WebAssembly.validate(bytes),
    compileAsync: async (bytes) => wrapModule(await WebAssembly.compile(bytes)),
    instantiate: (module, given) => wrapInstance(new WebAssembly.Instance(module(), imports(given))),
    instantiateAsync: async (module, given) => wrapInstance(await WebAssembly.instantiate(module(), imports(given))),
    memory: (initial, maximum, shared) => describe(new WebAssembly.Memory(
      maximum === null ? { initial } : { initial, maximum, shared })),
  };
})()
//# sourceURL=jsrun:wasm

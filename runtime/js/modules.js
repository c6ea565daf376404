(natives) => {
  const { resolve, load, compile, evaluate, nodeSource, ownSource } = natives;
  const resolveFrom = resolve;
  // A module's source that needs no loader: from node_modules, a data: URL
  // or a blob: URL (`[why]`: it cannot be loaded), or null.
  const sourceHere = (url) => {
    const source = nodeSource(url) ?? ownSource(url);
    if (Array.isArray(source)) throw new TypeError(source[0]);
    return source;
  };
  const compiled = new Map(); // url -> Promise of the module's import specifiers
  const compileOnce = (url) => {
    let requests = compiled.get(url);
    if (!requests) {
      requests = (async () => {
        const known = compile(url, null);
        if (known) return known;
        let source = sourceHere(url);
        if (source !== null) return compile(url, source);
        try {
          source = await load(url);
        } catch (e) {
          if (e instanceof Error) e.message = `${e.message} (loading module "${url}")`;
          throw e;
        }
        if (typeof source !== "string") {
          throw new TypeError(`the module loader returned ${typeof source}, not source text, for "${url}"`);
        }
        return compile(url, source);
      })();
      compiled.set(url, requests);
      requests.catch(() => compiled.delete(url)); // a failed load may be retried
    }
    return requests;
  };
  const fetchGraph = async (url, seen) => {
    if (seen.has(url)) return;
    seen.add(url);
    const requests = await compileOnce(url);
    await Promise.all(requests.map((specifier) => fetchGraph(resolve(specifier, url), seen)));
  };
  const importer = async (specifier, referrer) => {
    const url = resolve(specifier, referrer);
    await fetchGraph(url, new Set());
    const [evaluated, namespace] = evaluate(url);
    await evaluated;
    return namespace;
  };
  // require() of an ES module (as Node 22 and 20.19): its graph must load
  // synchronously (files from node_modules and built-ins) and run to the end
  // without waiting (no top-level await).
  const compileNow = (url, seen) => {
    if (seen.has(url)) return;
    seen.add(url);
    let requests = compile(url, null);
    if (!requests) {
      const source = sourceHere(url);
      if (source === null) {
        throw Object.assign(new Error(`require() cannot load ${url} synchronously: use import()`),
          { code: 'ERR_REQUIRE_ASYNC_MODULE' });
      }
      requests = compile(url, source);
    }
    for (const specifier of requests) compileNow(resolve(specifier, url), seen);
  };
  // import.meta.resolve of the module at `url`: the URL a specifier names
  // from there (HTML's, Node's and Deno's), synchronously.
  importer.metaResolve = (url) => function resolve(specifier) {
    if (arguments.length === 0) throw new TypeError('import.meta.resolve: 1 argument required');
    return resolveFrom(String(specifier), url);
  };
  importer.sync = (url) => {
    compileNow(url, new Set());
    const [, namespace, state, reason] = evaluate(url);
    if (state === 'rejected') throw reason;
    if (state === 'pending') {
      throw Object.assign(new Error(`require() of ${url} would wait for its top-level await: use import()`),
        { code: 'ERR_REQUIRE_ASYNC_MODULE' });
    }
    return namespace;
  };
  return importer;
}

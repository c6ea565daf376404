(natives) => {
  const { resolve, load, compile, evaluate, nodeSource } = natives;
  const compiled = new Map(); // url -> Promise of the module's import specifiers
  const compileOnce = (url) => {
    let requests = compiled.get(url);
    if (!requests) {
      requests = (async () => {
        const known = compile(url, null);
        if (known) return known;
        let source = nodeSource(url);
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
  return async (specifier, referrer) => {
    const url = resolve(specifier, referrer);
    await fetchGraph(url, new Set());
    const [evaluated, namespace] = evaluate(url);
    await evaluated;
    return namespace;
  };
}

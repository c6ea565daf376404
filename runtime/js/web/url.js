// URL and URLSearchParams (the URL Standard). Parsing and the setters are
// Rust's `url` crate, which implements the standard; the classes are here.
(function (uses, natives) {
  'use strict';
  const PARTS = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname',
    'search', 'hash'];
  const HREF = 0, SEARCH = 9;
  // USVString: lone surrogates become U+FFFD (not toWellFormed, which V8 10.2
  // lacks: its polyfill would make every runtime's first URL slower).
  const usv = (value) => String(value).replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  const invalid = (input) => {
    const error = new TypeError('Invalid URL');
    error.code = 'ERR_INVALID_URL';
    error.input = input;
    return error;
  };
  const linked = Symbol('linked');
  let linkQuery, resetQuery, getPart, setPart; // reach the classes' private state

  class URLSearchParams {
    #list = [];
    #url = null; // the URL these are the query of, if any
    constructor(init = undefined) {
      if (init === linked) return;
      if (init === undefined || init === null) return;
      if (typeof init === 'object' || typeof init === 'function') {
        if (typeof init[Symbol.iterator] === 'function') {
          for (const pair of init) {
            const items = [...pair];
            if (items.length !== 2) throw new TypeError('Each query pair must be an iterable [name, value] tuple');
            this.#list.push([usv(items[0]), usv(items[1])]);
          }
        } else {
          for (const key of Reflect.ownKeys(init)) {
            const descriptor = Reflect.getOwnPropertyDescriptor(init, key);
            if (typeof key === 'string' && descriptor?.enumerable) this.#list.push([usv(key), usv(init[key])]);
          }
        }
      } else {
        const text = usv(init);
        this.#list = natives.formParse(text.startsWith('?') ? text.slice(1) : text);
      }
    }
    static {
      linkQuery = (url, query) => {
        const params = new URLSearchParams(linked);
        params.#url = url;
        params.#list = natives.formParse(query);
        return params;
      };
      resetQuery = (params, query) => { params.#list = natives.formParse(query); };
    }
    #update() { if (this.#url) this.#url[linked](this.toString()); }
    get size() { return this.#list.length; }
    append(name, value) {
      if (arguments.length < 2) throw new TypeError('The "name" and "value" arguments must be specified');
      this.#list.push([usv(name), usv(value)]);
      this.#update();
    }
    delete(name, value = undefined) {
      const n = usv(name);
      const v = value === undefined ? undefined : usv(value);
      this.#list = this.#list.filter(([k, x]) => !(k === n && (v === undefined || x === v)));
      this.#update();
    }
    get(name) {
      const n = usv(name);
      const found = this.#list.find(([k]) => k === n);
      return found ? found[1] : null;
    }
    getAll(name) { const n = usv(name); return this.#list.filter(([k]) => k === n).map(([, v]) => v); }
    has(name, value = undefined) {
      const n = usv(name);
      const v = value === undefined ? undefined : usv(value);
      return this.#list.some(([k, x]) => k === n && (v === undefined || x === v));
    }
    set(name, value) {
      const n = usv(name), v = usv(value);
      const i = this.#list.findIndex(([k]) => k === n);
      if (i < 0) this.#list.push([n, v]);
      else this.#list = this.#list.filter(([k], j) => k !== n || j === i).map((pair, j) => (j === i ? [n, v] : pair));
      this.#update();
    }
    sort() {
      // Stable, by UTF-16 code units (what `<` on strings compares).
      this.#list = this.#list.map((pair, i) => [pair, i])
        .sort(([[a], i], [[b], j]) => (a < b ? -1 : a > b ? 1 : i - j)).map(([pair]) => pair);
      this.#update();
    }
    forEach(callback, thisArg = undefined) {
      if (typeof callback !== 'function') throw new TypeError('The "callback" argument must be a function');
      for (let i = 0; i < this.#list.length; i++) {
        const [k, v] = this.#list[i];
        callback.call(thisArg, v, k, this);
      }
    }
    *entries() { for (let i = 0; i < this.#list.length; i++) yield [...this.#list[i]]; }
    *keys() { for (const [k] of this.entries()) yield k; }
    *values() { for (const [, v] of this.entries()) yield v; }
    [Symbol.iterator]() { return this.entries(); }
    toString() { return natives.formSerialize(this.#list); }
  }
  Object.defineProperty(URLSearchParams.prototype, Symbol.toStringTag, { value: 'URLSearchParams', configurable: true });

  class URL {
    #parts;
    #query = null;
    constructor(url, base = undefined) {
      if (arguments.length === 0) throw new TypeError('The "url" argument must be specified');
      const input = usv(url);
      const parts = natives.parse(input, base === undefined ? undefined : usv(base));
      if (parts === null) throw invalid(input);
      this.#parts = parts;
    }
    static canParse(url, base = undefined) {
      return natives.parse(usv(url), base === undefined ? undefined : usv(base)) !== null;
    }
    static parse(url, base = undefined) {
      try {
        return new URL(url, base);
      } catch {
        return null;
      }
    }
    // The File API's blob URLs (the store is the blob group's, set up on first use).
    static createObjectURL(obj) {
      if (arguments.length === 0) throw new TypeError("Failed to execute 'createObjectURL' on 'URL': 1 argument required");
      return natives.objectURLs().create(obj);
    }
    static revokeObjectURL(url) {
      if (arguments.length === 0) throw new TypeError("Failed to execute 'revokeObjectURL' on 'URL': 1 argument required");
      natives.objectURLs().revoke(String(url));
    }
    #set(part, value) {
      this.#parts = natives.update(this.#parts[HREF], part, usv(value));
      if (this.#query) resetQuery(this.#query, this.#parts[SEARCH].slice(1));
    }
    [linked](query) { this.#parts = natives.update(this.#parts[HREF], 'search', query); }
    static {
      getPart = (url, i) => url.#parts[i];
      setPart = (url, part, value) => url.#set(part, value);
    }
    get searchParams() {
      if (this.#query === null) this.#query = linkQuery(this, this.#parts[SEARCH].slice(1));
      return this.#query;
    }
    toString() { return this.#parts[HREF]; }
    toJSON() { return this.#parts[HREF]; }
  }
  PARTS.forEach((part, i) => {
    const descriptor = { get() { return getPart(this, i); }, enumerable: true, configurable: true };
    if (part !== 'origin') {
      descriptor.set = function (value) {
        if (part === 'href' && natives.parse(usv(value)) === null) throw invalid(usv(value));
        setPart(this, part, value);
      };
    }
    Object.defineProperty(URL.prototype, part, descriptor);
  });
  Object.defineProperty(URL.prototype, Symbol.toStringTag, { value: 'URL', configurable: true });
  return { URL, URLSearchParams };
})

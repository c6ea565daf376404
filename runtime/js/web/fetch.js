// Headers, Request, Response and FormData (the Fetch Standard and XHR's
// FormData), and fetch(), which answers data: and blob: URLs itself and hands
// every other request to the host, if it was given one: a runtime has no
// network. A body is held as bytes or as a ReadableStream, and read once.
(function (uses, natives) {
  'use strict';
  const { TextEncoder, TextDecoder } = uses.encoding;
  const { ReadableStream } = uses.streams;
  const { Blob, File } = uses.blob;
  const { URL, URLSearchParams } = uses.url;
  const { AbortController, AbortSignal } = uses.events;
  const encoder = new TextEncoder();

  // Headers
  const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  const normalizeValue = (value) => String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
  const checkName = (name) => {
    const n = String(name);
    if (!TOKEN.test(n)) throw new TypeError(`Invalid header name: "${n}"`);
    return n.toLowerCase();
  };
  const checkValue = (name, value) => {
    const v = normalizeValue(value);
    if (/[\0\r\n]/.test(v)) throw new TypeError(`Invalid header value for "${name}"`);
    return v;
  };
  let setGuard; // reaches Headers' private state
  class Headers {
    #list = []; // [lowercased name, value]
    #guard = 'none';
    constructor(init = undefined) {
      if (init === undefined || init === null) return;
      if (typeof init !== 'object' && typeof init !== 'function') {
        throw new TypeError('The "init" argument must be a sequence of pairs or a record');
      }
      if (init instanceof Headers) {
        for (const [k, v] of init.#list) this.#list.push([k, v]);
      } else if (typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          const items = [...pair];
          if (items.length !== 2) throw new TypeError('Each header pair must be an iterable [name, value] tuple');
          this.append(items[0], items[1]);
        }
      } else {
        for (const key of Reflect.ownKeys(init)) {
          const descriptor = Reflect.getOwnPropertyDescriptor(init, key);
          if (typeof key === 'string' && descriptor?.enumerable) this.append(key, init[key]);
        }
      }
    }
    static {
      setGuard = (headers, guard) => { headers.#guard = guard; };
    }
    #mutable() { if (this.#guard === 'immutable') throw new TypeError('Headers are immutable'); }
    append(name, value) {
      const n = checkName(name);
      const v = checkValue(name, value);
      this.#mutable();
      this.#list.push([n, v]);
    }
    delete(name) {
      const n = checkName(name);
      this.#mutable();
      this.#list = this.#list.filter(([k]) => k !== n);
    }
    get(name) {
      const n = checkName(name);
      const values = this.#list.filter(([k]) => k === n).map(([, v]) => v);
      return values.length === 0 ? null : values.join(', ');
    }
    getSetCookie() { return this.#list.filter(([k]) => k === 'set-cookie').map(([, v]) => v); }
    has(name) { const n = checkName(name); return this.#list.some(([k]) => k === n); }
    set(name, value) {
      const n = checkName(name);
      const v = checkValue(name, value);
      this.#mutable();
      const i = this.#list.findIndex(([k]) => k === n);
      if (i < 0) this.#list.push([n, v]);
      else this.#list = this.#list.filter(([k], j) => k !== n || j === i).map((pair, j) => (j === i ? [n, v] : pair));
    }
    // The sorted, combined view the iterators show (set-cookie stays apart).
    #sorted() {
      const names = [...new Set(this.#list.map(([k]) => k))].sort();
      const out = [];
      for (const name of names) {
        if (name === 'set-cookie') for (const v of this.getSetCookie()) out.push([name, v]);
        else out.push([name, this.get(name)]);
      }
      return out;
    }
    forEach(callback, thisArg = undefined) {
      if (typeof callback !== 'function') throw new TypeError('The "callback" argument must be a function');
      for (const [k, v] of this.#sorted()) callback.call(thisArg, v, k, this);
    }
    *entries() { yield* this.#sorted(); }
    *keys() { for (const [k] of this.#sorted()) yield k; }
    *values() { for (const [, v] of this.#sorted()) yield v; }
    [Symbol.iterator]() { return this.entries(); }
  }

  // FormData. USVString: lone surrogates become U+FFFD (see url.js).
  const usv = (value) => String(value).replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  const entryValue = (value, filename) => {
    if (value instanceof Blob) {
      if (value instanceof File && filename === undefined) return value;
      return new File([value], filename === undefined ? 'blob' : String(filename), { type: value.type });
    }
    return usv(value);
  };
  class FormData {
    #entries = [];
    constructor(form = undefined) {
      if (form !== undefined) throw new TypeError('FormData takes no form element in jsrun');
    }
    append(name, value, filename = undefined) { this.#entries.push([usv(name), entryValue(value, filename)]); }
    delete(name) { const n = String(name); this.#entries = this.#entries.filter(([k]) => k !== n); }
    get(name) { const n = String(name); const e = this.#entries.find(([k]) => k === n); return e ? e[1] : null; }
    getAll(name) { const n = String(name); return this.#entries.filter(([k]) => k === n).map(([, v]) => v); }
    has(name) { const n = String(name); return this.#entries.some(([k]) => k === n); }
    set(name, value, filename = undefined) {
      const n = usv(name);
      const entry = [n, entryValue(value, filename)];
      const i = this.#entries.findIndex(([k]) => k === n);
      if (i < 0) this.#entries.push(entry);
      else this.#entries = this.#entries.filter(([k], j) => k !== n || j === i).map((e, j) => (j === i ? entry : e));
    }
    forEach(callback, thisArg = undefined) { for (const [k, v] of [...this.#entries]) callback.call(thisArg, v, k, this); }
    *entries() { for (const [k, v] of [...this.#entries]) yield [k, v]; }
    *keys() { for (const [k] of this.entries()) yield k; }
    *values() { for (const [, v] of this.entries()) yield v; }
    [Symbol.iterator]() { return this.entries(); }
  }

  // multipart/form-data, as the HTML Standard encodes it.
  const multipart = (form) => {
    const boundary = `----jsrunFormBoundary${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
    const escape = (s) => s.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
    const crlf = (s) => s.replace(/\r(?!\n)|(?<!\r)\n/g, '\r\n');
    const parts = [];
    for (const [name, value] of form) {
      let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escape(crlf(name))}"`;
      if (typeof value === 'string') {
        parts.push(`${head}\r\n\r\n${crlf(value)}\r\n`);
      } else {
        head += `; filename="${escape(value.name)}"\r\nContent-Type: ${value.type || 'application/octet-stream'}\r\n\r\n`;
        parts.push(head, value, '\r\n');
      }
    }
    parts.push(`--${boundary}--\r\n`);
    return [new Blob(parts), `multipart/form-data; boundary=${boundary}`];
  };

  // multipart/form-data parsed back (RFC 7578): names and filenames as sent,
  // file parts as Files, the others as UTF-8 text.
  const indexOf = (bytes, pattern, from) => {
    const first = pattern[0];
    for (let i = bytes.indexOf(first, from); i !== -1 && i <= bytes.length - pattern.length; i = bytes.indexOf(first, i + 1)) {
      let j = 1;
      while (j < pattern.length && bytes[i + j] === pattern[j]) j++;
      if (j === pattern.length) return i;
    }
    return -1;
  };
  const parseMultipart = (bytes, type) => {
    const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
    if (match === null) throw new TypeError('Could not parse content as FormData: the multipart body has no boundary');
    const delimiter = encoder.encode(`--${match[1] ?? match[2]}`);
    const failed = (why) => new TypeError(`Could not parse content as FormData: ${why}`);
    const latin1 = (b) => String.fromCharCode(...b);
    const utf8 = new TextDecoder();
    const form = new FormData();
    let at = indexOf(bytes, delimiter, 0);
    if (at === -1) throw failed('no boundary in the body');
    for (;;) {
      at += delimiter.length;
      if (bytes[at] === 0x2d && bytes[at + 1] === 0x2d) return form;
      if (bytes[at] !== 0x0d || bytes[at + 1] !== 0x0a) throw failed('a boundary is not followed by CRLF');
      const headEnd = indexOf(bytes, encoder.encode('\r\n\r\n'), at + 2);
      if (headEnd === -1) throw failed('a part has no end to its headers');
      let name = null;
      let filename = null;
      let contentType = '';
      for (const line of utf8.decode(bytes.subarray(at + 2, headEnd)).split('\r\n')) {
        const colon = line.indexOf(':');
        const header = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        if (header === 'content-disposition') {
          name = /(?:^|;)\s*name="([^"]*)"/i.exec(value)?.[1] ?? null;
          filename = /;\s*filename="([^"]*)"/i.exec(value)?.[1] ?? null;
        } else if (header === 'content-type') {
          contentType = value;
        }
      }
      if (name === null) throw failed('a part has no name');
      const end = indexOf(bytes, encoder.encode(`\r\n${latin1(delimiter)}`), headEnd + 4);
      if (end === -1) throw failed('a part has no closing boundary');
      const content = bytes.slice(headEnd + 4, end);
      if (filename === null) form.append(name, utf8.decode(content));
      else form.append(name, new File([content], filename, { type: contentType }));
      at = end + 2;
    }
  };

  // Bodies: [bytes or stream, content type] from what a constructor got.
  const extract = (body) => {
    if (typeof body === 'string') return [encoder.encode(body), 'text/plain;charset=UTF-8'];
    if (body instanceof URLSearchParams) return [encoder.encode(body.toString()), 'application/x-www-form-urlencoded;charset=UTF-8'];
    if (body instanceof ArrayBuffer) return [new Uint8Array(body.slice(0)), null];
    if (ArrayBuffer.isView(body)) return [new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength)), null];
    if (body instanceof FormData) {
      const [blob, type] = multipart(body);
      return [blob.stream(), type];
    }
    if (body instanceof Blob) return [body.stream(), body.type || null];
    if (body instanceof ReadableStream) {
      if (body.locked) throw new TypeError('The body is a locked ReadableStream');
      return [body, null];
    }
    return [encoder.encode(String(body)), 'text/plain;charset=UTF-8'];
  };
  const streamOf = (bytes) => new ReadableStream({
    type: 'bytes',
    pull(c) { if (bytes.length > 0) c.enqueue(bytes.slice()); c.close(); },
  });

  // What Request and Response share (the Body mixin), over private state.
  // `new Body(object)` gives `object` Body's private fields (a base class that
  // returns its argument makes it the derived class's `this`): Request and
  // Response call it rather than extend Body, so that, as WebIDL has it, their
  // constructors' parent is Function.prototype (srvx, under h3 2, looks for
  // the native Response by walking up from it).
  class Stamp {
    constructor(object) {
      return object;
    }
  }
  let setBody, bodyStream, adoptBody;
  class Body extends Stamp {
    #stream = null; // ReadableStream or null
    #used = false;
    static {
      setBody = (self, body, headers) => {
        if (body === null || body === undefined) return;
        const [source, type] = extract(body);
        self.#stream = source instanceof ReadableStream ? source : streamOf(source);
        if (type !== null && !headers.has('content-type')) headers.append('content-type', type);
      };
      bodyStream = (self) => self.#stream;
      adoptBody = (self, stream) => { self.#stream = stream; };
    }
    get body() { return this.#stream; }
    get bodyUsed() { return this.#used; }
    async #consume() {
      if (this.#used || (this.#stream && this.#stream.locked)) throw new TypeError('Body is unusable: Body has already been read');
      this.#used = true;
      if (this.#stream === null) return new Uint8Array(0);
      const chunks = [];
      let size = 0;
      for await (const chunk of this.#stream) {
        if (!(chunk instanceof Uint8Array)) throw new TypeError('Received non-Uint8Array chunk');
        chunks.push(chunk);
        size += chunk.length;
      }
      const out = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) { out.set(c, at); at += c.length; }
      return out;
    }
    async arrayBuffer() { return (await this.#consume()).buffer; }
    async bytes() { return this.#consume(); }
    async text() { return new TextDecoder().decode(await this.#consume()); }
    async json() { return JSON.parse(await this.text()); }
    async blob() {
      const bytes = await this.#consume();
      return new Blob([bytes], { type: this.headers.get('content-type') ?? '' });
    }
    async formData() {
      const type = this.headers.get('content-type') ?? '';
      if (/^application\/x-www-form-urlencoded/i.test(type)) {
        const form = new FormData();
        for (const [k, v] of new URLSearchParams(await this.text())) form.append(k, v);
        return form;
      }
      if (/^multipart\/form-data/i.test(type)) return parseMultipart(await this.#consume(), type);
      throw new TypeError(`Could not parse content as FormData (content type "${type}" is not supported by jsrun)`);
    }
  }

  // Response
  const NULL_BODY = [101, 103, 204, 205, 304];
  let withUrl; // sets a fetched Response's url
  const REDIRECT = [301, 302, 303, 307, 308];
  class Response {
    #status = 200;
    #statusText = '';
    #headers;
    #type = 'default';
    #url = '';
    constructor(body = null, init = {}) {
      new Body(this);
      const options = init ?? {};
      const status = options.status === undefined ? 200 : Number(options.status);
      if (!Number.isInteger(status) || status < 200 || status > 599) {
        throw new RangeError(`init["status"] must be in the range of 200 to 599, inclusive.`);
      }
      const statusText = options.statusText === undefined ? '' : String(options.statusText);
      if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(statusText)) throw new TypeError('Invalid statusText');
      this.#status = status;
      this.#statusText = statusText;
      this.#headers = new Headers(options.headers);
      if (body !== null && body !== undefined && NULL_BODY.includes(status)) {
        throw new TypeError('Response constructor: Invalid response status code ' + status);
      }
      setBody(this, body, this.#headers);
    }
    get type() { return this.#type; }
    get url() { return this.#url; }
    get redirected() { return false; }
    get status() { return this.#status; }
    get ok() { return this.#status >= 200 && this.#status <= 299; }
    get statusText() { return this.#statusText; }
    get headers() { return this.#headers; }
    clone() {
      if (this.bodyUsed || this.body?.locked) throw new TypeError('Response.clone: Body has already been consumed.');
      const copy = new Response(null, { status: this.#status, statusText: this.#statusText, headers: this.#headers });
      copy.#type = this.#type;
      if (this.body) {
        const [a, b] = this.body.tee();
        adoptBody(this, a);
        adoptBody(copy, b);
      }
      return copy;
    }
    static {
      withUrl = (response, href) => { response.#url = href; return response; };
    }
    static error() {
      const r = new Response(null, { status: 200 });
      r.#status = 0;
      r.#type = 'error';
      setGuard(r.#headers, 'immutable');
      return r;
    }
    static redirect(url, status = 302) {
      const href = new URL(String(url)).href;
      if (!REDIRECT.includes(Number(status))) throw new RangeError(`Invalid status code ${status}`);
      const r = new Response(null, { status: 200, headers: { location: href } });
      r.#status = Number(status);
      setGuard(r.#headers, 'immutable');
      return r;
    }
    static json(data, init = {}) {
      const text = JSON.stringify(data);
      if (text === undefined) throw new TypeError('The data is not JSON serializable');
      const headers = new Headers(init?.headers);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      return new Response(text, { ...init, headers });
    }
  }

  // Request
  const FORBIDDEN_METHODS = ['CONNECT', 'TRACE', 'TRACK'];
  const NORMALIZED = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']; // not PATCH: the standard says so
  class Request {
    #url;
    #method = 'GET';
    #headers;
    #signal;
    #redirect = 'follow';
    constructor(input, init = {}) {
      new Body(this);
      if (arguments.length === 0) throw new TypeError('The "input" argument must be specified');
      const options = init ?? {};
      const from = input instanceof Request ? input : null;
      if (from) {
        this.#url = from.#url;
        this.#method = from.#method;
        this.#redirect = from.#redirect;
      } else {
        let url;
        try {
          url = new URL(String(input));
        } catch {
          throw new TypeError(`Failed to parse URL from ${String(input)}`);
        }
        if (url.username || url.password) throw new TypeError(`Request cannot be constructed from a URL that includes credentials: ${url.href}`);
        this.#url = url.href;
      }
      if (options.method !== undefined) {
        const method = String(options.method);
        if (!TOKEN.test(method)) throw new TypeError(`'${method}' is not a valid HTTP method.`);
        const upper = method.toUpperCase();
        if (FORBIDDEN_METHODS.includes(upper)) throw new TypeError(`'${method}' HTTP method is unsupported.`);
        this.#method = NORMALIZED.includes(upper) ? upper : method;
      }
      if (options.redirect !== undefined) this.#redirect = String(options.redirect);
      this.#headers = new Headers(options.headers ?? from?.headers);
      const signal = options.signal ?? from?.signal;
      const controller = new AbortController();
      this.#signal = signal instanceof AbortSignal ? AbortSignal.any([signal]) : controller.signal;
      const body = options.body !== undefined ? options.body : null;
      if (body !== null && (this.#method === 'GET' || this.#method === 'HEAD')) {
        throw new TypeError('Request with GET/HEAD method cannot have body.');
      }
      if (body !== null) setBody(this, body, this.#headers);
      else if (from && bodyStream(from)) {
        if (from.bodyUsed || from.body.locked) throw new TypeError('Cannot construct a Request with a Request object that has already been used.');
        adoptBody(this, bodyStream(from));
      }
    }
    get method() { return this.#method; }
    get url() { return this.#url; }
    get headers() { return this.#headers; }
    get signal() { return this.#signal; }
    get redirect() { return this.#redirect; }
    get destination() { return ''; }
    get referrer() { return 'about:client'; }
    get referrerPolicy() { return ''; }
    get mode() { return 'cors'; }
    get credentials() { return 'same-origin'; }
    get cache() { return 'default'; }
    get integrity() { return ''; }
    get keepalive() { return false; }
    get duplex() { return 'half'; }
    clone() {
      if (this.bodyUsed || this.body?.locked) throw new TypeError('Request.clone: Body has already been consumed.');
      const copy = new Request(this.#url, { method: this.#method, headers: this.#headers, signal: this.#signal, redirect: this.#redirect });
      if (this.body) {
        const [a, b] = this.body.tee();
        adoptBody(this, a);
        adoptBody(copy, b);
      }
      return copy;
    }
  }
  // The Fetch Standard's "scheme fetch" for the URLs that name their own
  // content: a Response, or null for any other scheme.
  const fetchHere = (request) => {
    const { url, method } = request;
    const scheme = url.slice(0, url.indexOf(':') + 1).toLowerCase();
    if (scheme === 'data:') {
      const [type, bytes] = natives.dataURL(url);
      return withUrl(new Response(method === 'HEAD' ? null : bytes, { statusText: 'OK', headers: { 'content-type': type } }), url);
    }
    if (scheme === 'blob:') {
      const blob = method === 'GET' ? uses.blob.objectURLs.resolve(url) : null;
      if (blob === null) {
        throw new TypeError(`fetch failed: ${url} is not a blob URL of this runtime's (or it was revoked), or the method is not GET`);
      }
      const headers = { 'content-type': blob.type, 'content-length': String(blob.size) };
      return withUrl(new Response(blob, { statusText: 'OK', headers }), url);
    }
    return null;
  };
  // fetch() over a host function (`RuntimeConfig(fetch=...)`), or none: the
  // host gets (method, url, [[name, value]...], body bytes or null) and
  // answers [status, statusText, [[name, value]...], body bytes]. Never the
  // network by itself.
  const makeFetch = (host) => async function fetch(input, init = undefined) {
    const request = new Request(input, init);
    const { signal } = request;
    signal.throwIfAborted();
    const here = fetchHere(request);
    if (here !== null) return here;
    if (host === null) {
      throw new TypeError(`fetch failed: this runtime has no network (${request.url}); ` +
        'give it a handler with RuntimeConfig(fetch=...) to answer requests from Python');
    }
    const body = request.body === null ? null : new Uint8Array(await request.arrayBuffer());
    const aborted = new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    const reply = await Promise.race([host(request.method, request.url, [...request.headers], body), aborted]);
    if (!Array.isArray(reply) || reply.length !== 4) throw new TypeError('fetch: the host answered something that is not a response');
    const [status, statusText, headers, bytes] = reply;
    const empty = NULL_BODY.includes(status) || request.method === 'HEAD';
    return withUrl(new Response(empty ? null : bytes, { status, statusText, headers }), request.url);
  };

  for (const [cls, tag] of [[Headers, 'Headers'], [FormData, 'FormData'], [Request, 'Request'], [Response, 'Response']]) {
    Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: tag, configurable: true });
  }
  // Body is a WebIDL mixin: its members are Request's and Response's own.
  for (const cls of [Request, Response]) {
    for (const key of Reflect.ownKeys(Body.prototype)) {
      if (key !== 'constructor') Object.defineProperty(cls.prototype, key, Object.getOwnPropertyDescriptor(Body.prototype, key));
    }
  }
  return { Headers, Request, Response, FormData, fetch: makeFetch(null), makeFetch };
})

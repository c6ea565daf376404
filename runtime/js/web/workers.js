// Workers: the web's Worker, and what node:worker_threads builds on. Each
// worker is a runtime of its own (runtime/src/worker/) on threads of its own:
// natives.spawn starts one, messages go through V8's serializer (ArrayBuffers
// in the transfer list move; SharedArrayBuffers, shared WebAssembly.Memory and
// WebAssembly.Module are shared), and the worker's events come back to the
// function spawn was given, from the parent's loop.
(function (uses, natives) {
  'use strict';
  const { EventTarget, ErrorEvent, reportError, DOMException } = uses.events;
  const messaging = uses.messaging;
  const { MessageEvent } = messaging;

  // Shared WebAssembly.Memory objects this runtime sent or received. V8 tells
  // an isolate that another thread grew one by an interrupt, which it drops
  // when the isolate is idle between two threads' calls: grow(0) makes this
  // runtime's `buffer` show the current size again, before each event from
  // another thread.
  const memories = new Set();
  const isSharedMemory = (value) => value instanceof WebAssembly.Memory && value.buffer instanceof SharedArrayBuffer;
  function watch(value) {
    if (isSharedMemory(value)) memories.add(new WeakRef(value));
    if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return;
    // One level down (Emscripten's threads send { wasmMemory, … }); data properties only.
    const descriptors = Object.getOwnPropertyDescriptors(value);
    for (const key of Object.keys(descriptors).slice(0, 64)) {
      if (isSharedMemory(descriptors[key].value)) memories.add(new WeakRef(descriptors[key].value));
    }
  }
  function refresh() {
    for (const ref of memories) {
      const memory = ref.deref();
      if (memory === undefined) memories.delete(ref);
      else memory.grow(0);
    }
  }

  // Sends `value` to another thread by `post(value, buffers, channel,
  // carried)`: with MessagePorts in the transfer list, the message is
  // `[value, ports]` on channel 3, the ports standing for the pipe ends
  // `carried`.
  function send(post, value, transfer) {
    watch(value);
    messaging.withTransfer(transfer, (buffers, ports, ends) => {
      if (ports.length === 0) post(value, buffers, 0, undefined);
      else post([value, ports], buffers, 3, ends);
    });
  }
  const sendToWorker = (id, value, transfer) => send((v, b, c, e) => natives.post(id, v, b, c, e), value, transfer);
  const sendToParent = (value, transfer) => send((v, b, c, e) => natives.postToParent(c, v, b, e), value, transfer);

  // postMessage's second argument: a transfer list, or `{ transfer }`.
  function transferOf(options) {
    if (options === undefined || options === null) return [];
    if (typeof options !== 'object') throw new TypeError('The second argument must be a transfer list or an options object');
    const transfer = typeof options[Symbol.iterator] === 'function' ? options : options.transfer;
    if (transfer === undefined || transfer === null) return [];
    if (typeof transfer !== 'object' || typeof transfer[Symbol.iterator] !== 'function') {
      throw new TypeError('The transfer list must be an iterable of transferable objects');
    }
    return [...transfer];
  }

  // A message from another thread: [event type, data, ports].
  const received = (type, data) => (type === 'portmessage' ? ['message', data[0], data[1]] : [type, data, []]);

  // `on<type>` of an EventTarget: the handler is a listener of its own.
  function handlerAttribute(target, type) {
    const handlers = new WeakMap();
    Object.defineProperty(target, `on${type}`, {
      configurable: true,
      enumerable: true,
      get() { return handlers.get(this) ?? null; },
      set(handler) {
        const old = handlers.get(this);
        if (old !== undefined) this.removeEventListener(type, old);
        if (typeof handler === 'function') {
          handlers.set(this, handler);
          this.addEventListener(type, handler);
        } else {
          handlers.delete(this);
        }
      },
    });
  }

  // What an error the worker did not catch becomes in the parent, if no
  // listener cancels its event: an error of the parent's (`reportError`).
  const workerError = (data) => data.error ?? new Error(data.message.replace(/^Uncaught (Error: )?/, ''));

  // A worker's console calls are shown by its parent's console, as browsers
  // and Node show them.
  const CONSOLE = ['log', 'info', 'warn', 'error', 'debug', 'dir', 'table'];
  function showConsole([method, args]) {
    const console = globalThis.console;
    if (CONSOLE.includes(method) && typeof console?.[method] === 'function') console[method](...args);
  }
  // What cannot be cloned is shown as its text.
  const cloneable = (value) => {
    try {
      return globalThis.structuredClone(value);
    } catch {
      return String(value);
    }
  };
  function forwardConsole() {
    const console = globalThis.console;
    for (const method of CONSOLE) {
      console[method] = function (...args) {
        try {
          natives.postToParent(1, [method, args], []);
        } catch {
          try {
            natives.postToParent(1, [method, args.map(cloneable)], []);
          } catch {
            // the parent has too much waiting: the line is lost, the worker goes on
          }
        }
      };
    }
  }

  // A worker's fetch, made by its parent (whose handler answers it, as for
  // the parent's own) and answered on the fetch channel: [ticket, response, error].
  const NULL_BODY = [101, 103, 204, 205, 304];
  async function answerFetch(id, [ticket, request]) {
    try {
      const { url, method, headers, body, redirect } = request;
      const response = await globalThis.fetch(url, { method, headers, body, redirect });
      const bytes = await response.arrayBuffer();
      const answer = { status: response.status, statusText: response.statusText, headers: [...response.headers],
        url: response.url, body: bytes };
      natives.post(id, [ticket, answer, null], [bytes], 2);
    } catch (error) {
      try {
        natives.post(id, [ticket, null, { name: String(error?.name), message: String(error?.message ?? error) }], [], 2);
      } catch {
        // the worker has too much waiting, or has ended
      }
    }
  }
  // In a worker: fetch sends what data: and blob: URLs do not name to the parent.
  const fetches = new Map();
  let nextTicket = 1;
  function forwardFetch() {
    const local = globalThis.fetch;
    if (typeof local !== 'function') return;
    const fetch = async function fetch(input, init = undefined) {
      const request = new globalThis.Request(input, init);
      if (/^(data|blob):/i.test(request.url)) return local(request);
      request.signal.throwIfAborted();
      const body = request.body === null ? null : await request.arrayBuffer();
      const ticket = nextTicket++;
      natives.hold(1); // a Node worker waits for the answer
      try {
        const answer = await new Promise((resolve, reject) => {
          fetches.set(ticket, (response, error) => (error === null ? resolve(response) : reject(new TypeError(error.message))));
          request.signal.addEventListener('abort', () => {
            fetches.delete(ticket);
            reject(request.signal.reason);
          }, { once: true });
          const sent = { url: request.url, method: request.method, headers: [...request.headers], body, redirect: request.redirect };
          natives.postToParent(2, [ticket, sent], body === null ? [] : [body]);
        });
        const response = new globalThis.Response(NULL_BODY.includes(answer.status) ? null : answer.body,
          { status: answer.status, statusText: answer.statusText, headers: answer.headers });
        if (answer.url) Object.defineProperty(response, 'url', { value: answer.url });
        return response;
      } finally {
        natives.hold(-1);
      }
    };
    Object.defineProperty(globalThis, 'fetch', { value: fetch, configurable: true, enumerable: true, writable: true });
  }
  function fetchAnswered([ticket, response, error]) {
    const settle = fetches.get(ticket);
    fetches.delete(ticket);
    settle?.(response, error);
  }

  class Worker extends EventTarget {
    #id;
    #ended = false;
    constructor(url, options = undefined) {
      super();
      if (arguments.length === 0) {
        throw new TypeError("Failed to construct 'Worker': 1 argument required, but only 0 present.");
      }
      if (options !== undefined && options !== null && typeof options !== 'object') {
        throw new TypeError("Failed to construct 'Worker': The provided value is not of type 'WorkerOptions'.");
      }
      const type = options?.type === undefined ? 'classic' : String(options.type);
      if (type !== 'classic' && type !== 'module') {
        throw new TypeError("Failed to construct 'Worker': Failed to read the 'type' property from 'WorkerOptions': " +
          `The provided value '${type}' is not a valid enum value of type WorkerType.`);
      }
      const name = options?.name === undefined ? '' : String(options.name);
      this.#id = natives.spawn({ kind: 'web', name, url: String(url), module: type === 'module' },
        (event, data) => this.#event(event, data));
    }

    #event(kind, value) {
      if (this.#ended) return;
      refresh();
      const [type, data, ports] = received(kind, value);
      if (type === 'message') watch(data);
      if (type === 'message' || type === 'messageerror') {
        this.dispatchEvent(new MessageEvent(type, { data, ports }));
      } else if (type === 'error') {
        const { message, filename, lineno, colno } = data;
        const event = new ErrorEvent('error', { message, filename, lineno, colno, cancelable: true });
        if (this.dispatchEvent(event)) reportError(workerError(data));
      } else if (type === 'console') {
        showConsole(data);
      } else if (type === 'fetch') {
        answerFetch(this.#id, data);
      } else if (type === 'exit') {
        this.#ended = true;
      }
    }

    postMessage(message, options = undefined) {
      if (arguments.length === 0) {
        throw new TypeError("Failed to execute 'postMessage' on 'Worker': 1 argument required, but only 0 present.");
      }
      sendToWorker(this.#id, message, transferOf(options));
    }

    terminate() {
      this.#ended = true;
      natives.terminate(this.#id);
    }

    get [Symbol.toStringTag]() { return 'Worker'; }
  }
  for (const type of ['message', 'messageerror', 'error']) handlerAttribute(Worker.prototype, type);

  // The parent's messages, for the worker's JS: held until a consumer takes
  // them (a web worker's global scope from the start; Node's parentPort once
  // it has a 'message' listener).
  const inbox = { queue: [], consumer: null };
  function flush() {
    while (inbox.consumer !== null && inbox.queue.length > 0) {
      const [type, data] = inbox.queue.shift();
      inbox.consumer(type, data);
    }
  }
  function consume(consumer) {
    inbox.consumer = consumer;
    if (consumer !== null && inbox.queue.length > 0) Promise.resolve().then(flush);
  }

  // A web worker's `location`: its script's URL, read-only.
  const creating = Symbol('creating');
  class WorkerLocation {
    #url;
    constructor(key, href) {
      if (key !== creating) throw new TypeError('Illegal constructor');
      // (Rust gives a URL; a path the loader could not resolve shows as about:blank.)
      this.#url = new globalThis.URL(globalThis.URL.canParse(href) ? href : 'about:blank');
    }
    get href() { return this.#url.href; }
    get origin() { return this.#url.origin; }
    get protocol() { return this.#url.protocol; }
    get host() { return this.#url.host; }
    get hostname() { return this.#url.hostname; }
    get port() { return this.#url.port; }
    get pathname() { return this.#url.pathname; }
    get search() { return this.#url.search; }
    get hash() { return this.#url.hash; }
    toString() { return this.#url.href; }
    get [Symbol.toStringTag]() { return 'WorkerLocation'; }
  }

  // A web worker's global scope (DedicatedWorkerGlobalScope's members).
  function webScope(info) {
    const global = globalThis;
    const define = (name, value) => Object.defineProperty(global, name, { value, configurable: true, enumerable: true, writable: true });
    define('postMessage', function postMessage(message, options = undefined) {
      if (arguments.length === 0) {
        throw new TypeError("Failed to execute 'postMessage' on 'DedicatedWorkerGlobalScope': 1 argument required, but only 0 present.");
      }
      sendToParent(message, transferOf(options));
    });
    define('close', function close() { natives.close(); });
    // As HTML's: every URL is parsed first, then each script is loaded and run in turn. Module workers have none.
    define('importScripts', function importScripts(...urls) {
      const failed = (why, name) => new DOMException(`Failed to execute 'importScripts' on 'WorkerGlobalScope': ${why}`, name);
      if (!info.classic) throw new TypeError("Failed to execute 'importScripts' on 'WorkerGlobalScope': Module scripts don't support importScripts().");
      const parsed = urls.map((given) => {
        try {
          return new globalThis.URL(String(given), info.url || undefined).href;
        } catch {
          throw failed(`The URL '${given}' is invalid.`, 'SyntaxError');
        }
      });
      for (const url of parsed) {
        let source;
        try {
          source = natives.scriptSource(url);
        } catch (error) {
          throw failed(`The script at '${url}' failed to load (${error.message}).`, 'NetworkError');
        }
        natives.runScript(source, url);
      }
    });
    const location = new WorkerLocation(creating, info.url);
    Object.defineProperty(global, 'location', { get: () => location, configurable: true, enumerable: true });
    define('WorkerLocation', WorkerLocation);
    Object.defineProperty(global, 'WorkerLocation', { enumerable: false });
    Object.defineProperty(global, 'name', { value: info.name, configurable: true, enumerable: true, writable: false });
    for (const type of ['message', 'messageerror']) handlerAttribute(global, type);
    return (kind, value) => {
      const [type, data, ports] = received(kind, value);
      global.dispatchEvent(new MessageEvent(type, { data, ports }));
    };
  }

  let made = null;
  // The worker's side, made once (for the main runtime: { info: undefined }).
  function scope() {
    if (made !== null) return made;
    const info = natives.self();
    made = { info, consume, loading: () => {}, receive: () => undefined };
    if (info === undefined) return made;
    // What a message from the parent needs first; false: it was a fetch's answer, for nobody else.
    const arriving = (type, data) => {
      if (type === 'fetch') {
        fetchAnswered(data);
        return false;
      }
      refresh();
      if (type === 'message') watch(data);
      if (type === 'portmessage') watch(data[0]);
      return true;
    };
    natives.listen((type, data) => {
      if (!arriving(type, data)) return;
      inbox.queue.push([type, data]);
      if (inbox.consumer !== null && inbox.queue.length === 1) flush();
    });
    // Node's receiveMessageOnPort(parentPort): the next message now ([type, data]), or undefined.
    made.receive = () => {
      if (inbox.queue.length > 0) return inbox.queue.shift();
      for (let next = natives.receive(); next !== undefined; next = natives.receive()) {
        if (arriving(...next)) return next;
      }
      return undefined;
    };
    forwardConsole();
    forwardFetch();
    const dispatch = info.kind === 'web' ? webScope(info) : null;
    // A module that is still loading or awaiting keeps a Node worker alive.
    made.loading = (promise) => {
      natives.hold(1);
      promise.then(() => natives.hold(-1), (error) => {
        natives.hold(-1);
        natives.uncaught(error);
      });
    };
    if (dispatch !== null) consume(dispatch);
    return made;
  }

  return { Worker, scope, sendToWorker, sendToParent, transferOf, received, workerError, reportError, showConsole, answerFetch, watch,
    refresh, spawn: natives.spawn, terminate: natives.terminate, setRef: natives.setRef, hold: natives.hold, exit: natives.exit,
    uncaught: natives.uncaught, receiveMessage: messaging.receiveMessage, withTransfer: messaging.withTransfer };
})

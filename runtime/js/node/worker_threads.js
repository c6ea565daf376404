// node:worker_threads over jsrun's workers (runtime/js/web/workers.js): a
// Worker is a runtime of its own on threads of its own, made with the
// parent's options and use_node_modules directory; `parentPort`,
// `workerData` and `threadId` are the worker's side. MessageChannel,
// MessagePort (with Node's emitter methods) and BroadcastChannel are the
// web's, which reach other threads (runtime/js/web/messaging.js).
(function (workers, EventEmitter, errors, process, web, pathResolve) {
  'use strict';
  const { info } = workers.scope();
  const inWorker = info !== undefined && info.kind === 'node';
  const [workerData, inherited, limits] = inWorker && Array.isArray(info.data) ? info.data : [null, [], {}];
  const environment = new Map(inherited);
  if (inWorker) workers.watch(workerData);
  const SHARE_ENV = Symbol.for('nodejs.worker_threads.SHARE_ENV');
  const { withCode } = errors;

  // A Worker's script: a file: URL (from a URL, or a path made absolute
  // against process.cwd(), as Node does) or, with `eval`, the code itself.
  function scriptOf(filename, options) {
    if (options.eval) {
      if (typeof filename !== 'string') {
        throw withCode('ERR_INVALID_ARG_VALUE', "The property 'options.eval' must be false when 'filename' is not a string. Received true",
          TypeError);
      }
      return { source: filename };
    }
    if (filename instanceof web.URL) {
      if (filename.protocol !== 'file:' && filename.protocol !== 'data:') {
        throw withCode('ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file', TypeError);
      }
      return { url: filename.href };
    }
    if (typeof filename !== 'string') {
      throw withCode('ERR_INVALID_ARG_TYPE', `The "filename" argument must be of type string or an instance of URL. Received ${typeof filename}`, TypeError);
    }
    if (!filename.startsWith('/') && !filename.startsWith('./') && !filename.startsWith('../')) {
      throw withCode('ERR_WORKER_PATH', 'The worker script or module filename must be an absolute path or a relative path starting ' +
        `with './' or '../'. Received "${filename}"`, TypeError);
    }
    const path = pathResolve(process.cwd(), filename);
    return { url: `file://${encodeURI(path).replace(/[?#]/g, encodeURIComponent)}` };
  }

  function environmentOf(env) {
    if (env === undefined || env === SHARE_ENV) return Object.entries(process.env);
    if (env === null || typeof env !== 'object') {
      throw withCode('ERR_INVALID_ARG_TYPE', 'The "options.env" property must be of type object or one of undefined, null, or worker_threads.SHARE_ENV', TypeError);
    }
    return Object.entries(env).map(([key, value]) => [key, String(value)]);
  }

  // Node's resourceLimits as a Worker reports them: the numbers given, -1
  // for the others (and Node's 4 MB stack); anything else is ignored, as
  // Node 20 does. jsrun applies maxOldGenerationSizeMb: the worker's
  // max_heap_size, within its parent's.
  const LIMITS = ['maxYoungGenerationSizeMb', 'maxOldGenerationSizeMb', 'codeRangeSizeMb', 'stackSizeMb'];
  function limitsOf(given) {
    const object = given !== null && typeof given === 'object' ? given : {};
    return Object.fromEntries(LIMITS.map((key) => {
      const value = object[key];
      return [key, typeof value === 'number' ? value : (key === 'stackSizeMb' ? 4 : -1)];
    }));
  }
  const OUT_OF_MEMORY = /the worker ran out of memory \(max_heap_size\)$/;

  class Worker extends EventEmitter {
    #id;
    #exitCode;
    #exited = [];
    #limits;
    constructor(filename, options = {}) {
      super();
      if (options === null || typeof options !== 'object') {
        throw withCode('ERR_INVALID_ARG_TYPE', 'The "options" argument must be of type object', TypeError);
      }
      const script = scriptOf(filename, options);
      this.#limits = limitsOf(options.resourceLimits);
      const data = [options.workerData, [...environment], this.#limits];
      workers.watch(options.workerData);
      const heap = this.#limits.maxOldGenerationSizeMb;
      const spawn = {
        kind: 'node', name: options.name === undefined ? '' : String(options.name), module: true, data,
        env: environmentOf(options.env), maxHeapMb: heap > 0 ? heap : undefined, ...script,
      };
      // transferList: its ArrayBuffers move to the worker, its MessagePorts go as pipe ends (`carried`).
      workers.withTransfer(workers.transferOf(options.transferList ?? []), (buffers, ports, carried) => {
        this.#id = workers.spawn({ ...spawn, buffers, carried }, (type, value) => this.#event(type, value));
      });
    }

    #event(kind, data) {
      workers.refresh();
      const [type, value] = workers.received(kind, data);
      if (type === 'message') workers.watch(value);
      try {
        if (type === 'exit') {
          this.#exitCode = value;
          this.#exited.splice(0).forEach((resolve) => resolve(value));
          this.emit('exit', value);
        } else if (type === 'error') {
          const outOfMemory = typeof value?.message === 'string' && OUT_OF_MEMORY.test(value.message);
          this.emit('error', outOfMemory
            ? withCode('ERR_WORKER_OUT_OF_MEMORY', 'Worker terminated due to reaching memory limit: JS heap out of memory', Error)
            : workers.workerError(value));
        } else if (type === 'console') {
          workers.showConsole(value);
        } else if (type === 'fetch') {
          workers.answerFetch(this.#id, value);
        } else if (this.#exitCode === undefined) {
          this.emit(type, value);
        }
      } catch (error) {
        workers.reportError(error); // as Node: an 'error' nobody listens to is the parent's uncaught error
      }
    }

    get threadId() { return this.#exitCode === undefined ? this.#id : -1; }
    get resourceLimits() { return this.#exitCode === undefined ? { ...this.#limits } : {}; }
    get stdin() { return null; }
    get stdout() { return null; }
    get stderr() { return null; }

    postMessage(value, transferList = undefined) {
      if (this.#exitCode !== undefined) return;
      workers.sendToWorker(this.#id, value, workers.transferOf(transferList));
    }

    // Resolves with the exit code (1, as Node's) once the worker has ended.
    terminate() {
      if (this.#exitCode !== undefined) return Promise.resolve(undefined);
      const exited = new Promise((resolve) => this.#exited.push(resolve));
      workers.terminate(this.#id);
      return exited;
    }

    // Whether `python -m jsrun` waits for it (as Node's process does), and RuntimeStats.active_workers counts it.
    ref() { workers.setRef(this.#id, true); }
    unref() { workers.setRef(this.#id, false); }

    getHeapSnapshot() {
      return Promise.reject(withCode('ERR_METHOD_NOT_IMPLEMENTED', 'getHeapSnapshot() is not available in jsrun', Error));
    }
  }

  // The worker's end of its channel to the parent: an EventEmitter, whose
  // 'message' listeners keep the worker alive (as Node's port does).
  class ParentPort extends EventEmitter {
    #held = false;
    #closed = false;
    #refed = true;
    constructor() {
      super();
      this.on('newListener', (type) => { if (type === 'message') Promise.resolve().then(() => this.#update()); });
      this.on('removeListener', (type) => { if (type === 'message') this.#update(); });
    }

    #update() {
      const listening = !this.#closed && this.listenerCount('message') > 0;
      workers.scope().consume(listening ? (type, value) => this.#deliver(type, value) : null);
      const hold = listening && this.#refed;
      if (hold !== this.#held) {
        this.#held = hold;
        workers.hold(hold ? 1 : -1);
      }
    }

    #deliver(kind, data) {
      try {
        const [type, value] = workers.received(kind, data);
        this.emit(type, value);
      } catch (error) {
        workers.uncaught(error);
      }
    }

    postMessage(value, transferList = undefined) {
      if (this.#closed) return;
      workers.sendToParent(value, workers.transferOf(transferList));
    }

    close() {
      if (this.#closed) return;
      this.#closed = true;
      this.#update();
      Promise.resolve().then(() => this.emit('close'));
    }

    ref() { this.#refed = true; this.#update(); }
    unref() { this.#refed = false; this.#update(); }
    start() {}
    hasRef() { return this.#held; }
    get [Symbol.toStringTag]() { return 'MessagePort'; }
  }

  const parentPort = inWorker ? new ParentPort() : null;
  if (inWorker) process.exit = (code) => workers.exit(code === undefined ? (process.exitCode ?? 0) : Number(code) | 0);

  return {
    isMainThread: !inWorker,
    parentPort,
    workerData: inWorker ? workerData : null,
    threadId: inWorker ? info.threadId : 0,
    resourceLimits: inWorker ? { ...limits } : {},
    SHARE_ENV,
    Worker,
    MessageChannel: web.MessageChannel,
    MessagePort: web.MessagePort,
    BroadcastChannel: web.BroadcastChannel,
    setEnvironmentData(key, value) {
      if (value === undefined) environment.delete(key);
      else environment.set(key, value);
    },
    getEnvironmentData: (key) => environment.get(key),
    markAsUntransferable() {},
    isMarkedAsUntransferable: () => false,
    moveMessagePortToContext: (port) => port,
    receiveMessageOnPort(port) {
      if (port === null || port !== parentPort) return workers.receiveMessage(port);
      const next = workers.scope().receive();
      if (next === undefined) return undefined;
      const [type, data] = workers.received(...next);
      if (type === 'messageerror') throw data; // what reading it threw, as Node's
      return { message: data };
    },
  };
})

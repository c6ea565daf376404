// The `process` global and `node:process` of runtimes given a node_modules
// directory (runtime/src/node/mod.rs). A sandbox's process: `env` holds only
// what the user passed, `argv` is empty, and nothing here can exit, change
// directory or reach the host. `config`: { env, cwd, v8, arch }.
(function (config, natives) {
  'use strict';
  const origin = platform.performance.now();
  const unavailable = (name) => () => {
    const error = new Error(`process.${name}() is not available in jsrun's sandbox`);
    error.code = 'ERR_ACCESS_DENIED';
    throw error;
  };
  const hrtime = (previous) => {
    const now = platform.performance.now();
    let seconds = Math.floor(now / 1000);
    let nanos = Math.round((now % 1000) * 1e6);
    if (Array.isArray(previous)) {
      seconds -= previous[0];
      nanos -= previous[1];
      if (nanos < 0) {
        seconds -= 1;
        nanos += 1e9;
      }
    }
    return [seconds, nanos];
  };
  hrtime.bigint = () => BigInt(Math.round(platform.performance.now() * 1e6));

  // process.nextTick's queue. Each microtask checkpoint runs it first, then
  // the microtasks, while either has more (runtime/src/node/ticks.rs), as
  // Node does; a tick runs in the async context it was queued in. `flags`
  // is shared with the bridge: [0] ticks are queued, [1] a termination
  // dropped them (as V8 drops microtasks). No `finally` keeps state: a
  // termination skips it (and the bridge never runs the drain inside itself).
  const ticks = [];
  const flags = new Uint8Array(new ArrayBuffer(2));
  let next = 0;
  function runTicks() {
    while (next < ticks.length) {
      const [callback, args, frame] = ticks[next++];
      if (next >= 1024 && next * 2 >= ticks.length) { // what ran goes, in amortized O(1)
        ticks.splice(0, next);
        next = 0;
      }
      const prior = natives.context();
      if (prior !== frame) natives.setContext(frame);
      try {
        Reflect.apply(callback, undefined, args);
      } catch (error) {
        platform.reportError(error);
      }
      if (prior !== frame) natives.setContext(prior);
    }
    ticks.length = 0;
    next = 0;
  }
  natives.tickDrain(runTicks, flags.buffer);

  const process = {
    title: 'jsrun',
    version: 'v20.0.0',
    versions: { node: '20.0.0', v8: config.v8, uv: '1.46.0', modules: '115', jsrun: config.jsrun },
    release: { name: 'node' },
    platform: 'linux',
    arch: config.arch,
    argv: [],
    argv0: 'jsrun',
    execArgv: [],
    execPath: '',
    env: Object.assign(Object.create(null), config.env),
    exitCode: undefined,
    config: { variables: {} },
    features: {},
    cwd: () => config.cwd,
    chdir: unavailable('chdir'),
    exit: unavailable('exit'),
    abort: unavailable('abort'),
    kill: unavailable('kill'),
    dlopen: unavailable('dlopen'),
    binding: unavailable('binding'),
    umask: () => 0o22,
    uptime: () => (platform.performance.now() - origin) / 1000,
    hrtime,
    memoryUsage: Object.assign(() => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }), { rss: () => 0 }),
    // Numbers that tell nothing about the host (a container's first process).
    pid: 1,
    ppid: 0,
    allowedNodeEnvironmentFlags: new Set(),
    cpuUsage: () => ({ user: 0, system: 0 }),
    nextTick(callback, ...args) {
      if (typeof callback !== 'function') {
        const error = new TypeError(`The "callback" argument must be of type function. Received ${typeof callback}`);
        error.code = 'ERR_INVALID_ARG_TYPE';
        throw error;
      }
      if (flags[1] === 1) {
        flags[1] = 0;
        ticks.length = 0;
        next = 0;
      }
      ticks.push([callback, args, natives.context()]);
      flags[0] = 1;
    },
    emitWarning(warning, type) {
      const text = warning instanceof Error ? `${warning.name}: ${warning.message}` : `${type || 'Warning'}: ${warning}`;
      console.warn(`(jsrun) ${text}`);
    },
    // stdin, stdout and stderr: node/builtins.js (streams, made on first use).
  };
  Object.defineProperty(process, Symbol.toStringTag, { value: 'process', configurable: true });
  return process;
})

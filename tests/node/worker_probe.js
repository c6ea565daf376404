// node:worker_threads, run by Node.js and by jsrun (tests/test_workers.py):
// workers from code and from files (CommonJS and ES modules), their messages
// and events in order, workerData, env and environment data, exit codes
// (natural end, process.exit, an uncaught error, terminate), shared memory
// with Atomics across threads, WebAssembly modules, transfer lists,
// resourceLimits (a heap limit reached), and the errors of bad arguments.
/* exported run */
/* global probe -- prelude.js */
const run = async () => {
  const { Worker, isMainThread, parentPort, workerData, threadId, setEnvironmentData, SHARE_ENV } = require('worker_threads');
  const { out, attemptAsync: attempt } = probe();
  // Every event of a worker, in order, until it exits: [events, exit code, whether it was online]
  // ('online' comes on a channel of its own in Node: its order among messages varies).
  const events = (worker, onMessage = () => {}) => new Promise((resolve) => {
    const seen = [];
    let online = false;
    worker.on('online', () => (online = true));
    worker.on('message', (value) => {
      seen.push(['message', value]);
      onMessage(value, worker);
    });
    worker.on('messageerror', (error) => seen.push(['messageerror', error.name]));
    worker.on('error', (error) => seen.push(['error', error.name, error.message, error instanceof Error]));
    worker.on('exit', (code) => resolve([seen, code, online]));
  });
  const code = (source, options = {}) => new Worker(source, { eval: true, ...options });
  const echo = `const { parentPort } = require('worker_threads');
    parentPort.on('message', (m) => (m === 'bye' ? parentPort.close() : parentPort.postMessage(m)));`;

  await attempt('main thread', () => [isMainThread, parentPort, workerData, threadId]);
  await attempt('worker side', () => events(code(`const w = require('worker_threads');
    const { list, date } = w.workerData;
    w.parentPort.postMessage([w.isMainThread, typeof w.threadId, w.threadId > 0, list[1] === 2n, list[2].get(1), date.getTime(),
      typeof w.parentPort.postMessage]);`,
  { workerData: { list: [1, 2n, new Map([[1, 'a']])], date: new Date(0) } })));
  await attempt('echo, then close', () => {
    const worker = code(echo);
    ['one', { two: [2] }, 'bye'].forEach((m) => worker.postMessage(m));
    return events(worker);
  });
  await attempt('a CommonJS file', () => events(new Worker('./echo.js', { workerData: 'from the parent' }), (m, w) => w.postMessage('bye')));
  await attempt('an ES module file, by URL', () => events(new Worker(new URL(`file://${process.cwd()}/square.mjs`), { workerData: [1, 2, 3] })));
  await attempt('process.exit', () => events(code(`require('worker_threads').parentPort.postMessage('before'); process.exit(7);
    require('worker_threads').parentPort.postMessage('after');`)));
  await attempt('process.exitCode', () => events(code('process.exitCode = 3;')));
  await attempt('an uncaught error', () => events(code(`setTimeout(() => { throw new RangeError('late'); }, 1);`)));
  await attempt('a rejection', () => events(code(`Promise.reject(new TypeError('rejected'));`)));
  await attempt('a syntax error', () => events(code('let let = 1;')));
  await attempt('terminate', async () => {
    const worker = code('for (;;) {}');
    const done = events(worker);
    await new Promise((resolve) => worker.once('online', resolve));
    return [await worker.terminate(), await done, await worker.terminate()];
  });
  await attempt('env', () => events(code(`require('worker_threads').parentPort.postMessage([process.env.ANSWER, Object.keys(process.env).length]);`,
    { env: { ANSWER: 42 } })));
  await attempt('SHARE_ENV keeps the variables', () => events(code(`require('worker_threads').parentPort.postMessage(typeof process.env);`,
    { env: SHARE_ENV })));
  await attempt('environment data', () => {
    setEnvironmentData('key', { value: 1 });
    return events(code(`const w = require('worker_threads'); w.parentPort.postMessage(w.getEnvironmentData('key'));`));
  });
  await attempt('shared memory and Atomics', async () => {
    const shared = new Int32Array(new SharedArrayBuffer(8));
    const worker = code(`const { parentPort, workerData } = require('worker_threads');
      const cells = new Int32Array(workerData);
      for (let i = 0; i < 10000; i++) Atomics.add(cells, 0, 1);
      parentPort.postMessage('counted');
      // Woken by the parent's notify (or the value came first): no timing in the result.
      while (Atomics.load(cells, 1) === 0) Atomics.wait(cells, 1, 0, 10000);
      parentPort.postMessage(Atomics.load(cells, 1));`, { workerData: shared.buffer });
    for (let i = 0; i < 10000; i++) Atomics.add(shared, 0, 1);
    const done = events(worker, (m) => {
      if (m === 'counted') setTimeout(() => { Atomics.store(shared, 1, 1); Atomics.notify(shared, 1); }, 10);
    });
    return [await done, shared[0]];
  });
  await attempt('a shared WebAssembly.Memory grown by the worker', async () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
    const worker = code(`const { parentPort, workerData: memory } = require('worker_threads');
      memory.grow(1);
      new Uint8Array(memory.buffer)[70000] = 3;
      parentPort.postMessage(memory.buffer.byteLength);`, { workerData: memory });
    const [seen, exit] = await events(worker);
    return [seen, exit, memory.buffer.byteLength, new Uint8Array(memory.buffer)[70000]];
  });
  await attempt('a WebAssembly module', async () => {
    // (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 7, 1, 96, 2, 127, 127, 1, 127, 3, 2, 1, 0, 7, 7, 1, 3, 97, 100, 100, 0, 0,
      10, 9, 1, 7, 0, 32, 0, 32, 1, 106, 11]);
    const module = await WebAssembly.compile(bytes);
    return events(code(`const { parentPort, workerData } = require('worker_threads');
      parentPort.postMessage([workerData instanceof WebAssembly.Module, new WebAssembly.Instance(workerData).exports.add(40, 2)]);`,
    { workerData: module }));
  });
  await attempt('a transfer list', async () => {
    const buffer = new Uint8Array([1, 2, 3]).buffer;
    const worker = code(echo);
    worker.postMessage(buffer, [buffer]);
    worker.postMessage('bye');
    const [seen, exit] = await events(worker);
    return [buffer.byteLength, seen.map(([name, value]) => [name, value instanceof ArrayBuffer, new Uint8Array(value ?? [])[2]]), exit];
  });
  await attempt('a function cannot be cloned', () => {
    const worker = code(echo);
    try {
      worker.postMessage(() => 1);
      return 'posted';
    } catch (error) {
      return [error.name, error.constructor.name];
    } finally {
      worker.terminate();
    }
  });
  await attempt('resourceLimits', async () => {
    const worker = code(`const { parentPort, resourceLimits } = require('worker_threads');
      parentPort.postMessage([resourceLimits.maxOldGenerationSizeMb, resourceLimits.stackSizeMb, Object.keys(resourceLimits)]);`,
    { resourceLimits: { maxOldGenerationSizeMb: 64, stackSizeMb: 2 } });
    // (Node's other numbers change once the worker runs: V8's own figures.)
    const given = [worker.resourceLimits.maxOldGenerationSizeMb, worker.resourceLimits.stackSizeMb, Object.keys(worker.resourceLimits)];
    const [seen, exit] = await events(worker); // (listening from the start: events come from the next turn)
    return [given, seen, exit, worker.resourceLimits, require('worker_threads').resourceLimits];
  });
  await attempt('a worker past its maxOldGenerationSizeMb', async () => {
    const worker = code('const kept = []; for (;;) kept.push(new Array(1e5).fill(1));', { resourceLimits: { maxOldGenerationSizeMb: 32 } });
    const failed = new Promise((resolve) => worker.on('error', (error) => resolve([error.name, error.code, error.message])));
    const exit = new Promise((resolve) => worker.on('exit', resolve));
    return [await failed, await exit];
  });
  await attempt('resourceLimits that are not an object or not numbers', async () => {
    const worker = code('', { resourceLimits: 64 });
    const other = code('', { resourceLimits: { maxOldGenerationSizeMb: '64', stackSizeMb: 3 } });
    const limits = [worker, other].map(({ resourceLimits }) => [resourceLimits.stackSizeMb, Object.keys(resourceLimits)]);
    const ended = [events(worker), events(other)];
    return [limits, (await ended[0])[1], (await ended[1])[1]];
  });
  await attempt('a bare file name', () => new Worker('echo.js'));
  await attempt('an http URL', () => new Worker(new URL('https://example.com/w.js')));
  await attempt('eval needs a string', () => new Worker(new URL('file:///w.js'), { eval: true }));
  await attempt('a missing file', () => events(new Worker('./missing.js')).then(([seen, exit]) => [seen.map((e) => e[0]), exit]));
  return out;
};

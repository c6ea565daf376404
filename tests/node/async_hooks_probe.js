// node:async_hooks, run by Node.js and by jsrun (tests/test_node_async_hooks.py):
// where AsyncLocalStorage's store reaches, AsyncResource, createHook's
// resource events and Node's errors; each result is compared as JSON.
/* exported run */
/* global probe, codeOf -- prelude.js */
const run = async () => {
  const { AsyncLocalStorage, AsyncResource, createHook, executionAsyncId, triggerAsyncId } = require('async_hooks');
  const { EventEmitter, EventEmitterAsyncResource } = require('events');
  const { out, attempt } = probe();
  const als = new AsyncLocalStorage();
  const other = new AsyncLocalStorage();
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // Each place a continuation can run, in two interleaved tasks.
  const seen = [];
  const note = (where) => seen.push(`${where}: ${als.getStore()}`);
  const task = async (tag) => {
    note(`${tag} sync`);
    await null;
    note(`${tag} await`);
    await sleep(tag === 'A' ? 6 : 2);
    note(`${tag} after sleep`);
    setTimeout(() => note(`${tag} setTimeout`), 1);
    setImmediate(() => note(`${tag} setImmediate`));
    process.nextTick(() => note(`${tag} nextTick`));
    queueMicrotask(() => note(`${tag} queueMicrotask`));
    Promise.reject(new Error('x')).catch(() => note(`${tag} catch`));
    await Promise.all([sleep(1), Promise.resolve()]).then(() => note(`${tag} all`));
    const interval = setInterval(() => {
      note(`${tag} setInterval`);
      clearInterval(interval);
    }, 1);
    for await (const value of (async function* () {
      yield 1;
      await sleep(1);
      yield 2;
    })()) note(`${tag} for await ${value}`);
    return als.getStore();
  };
  const results = await Promise.all([als.run('A', task, 'A'), als.run('B', () => task('B'))]);
  await sleep(20);
  out.places = seen.sort();
  out.results = results;
  out.outside = als.getStore() ?? 'none';

  out.thenable = (await als.run('T', async () => await { then: (resolve) => resolve(als.getStore()) })) ?? 'none';
  attempt('nesting', () => {
    const got = [];
    als.run(1, () => {
      got.push(als.getStore());
      als.run(2, () => {
        got.push(als.getStore());
        als.exit(() => got.push(als.getStore() ?? 'exited'));
        got.push(als.getStore());
      });
      got.push(als.getStore());
      other.run('o', () => got.push([als.getStore(), other.getStore()]));
    });
    got.push(als.getStore() ?? 'none');
    return got;
  });
  attempt('enterWith', () => {
    const got = [];
    als.run('outer', () => {
      als.enterWith('entered');
      got.push(als.getStore());
      other.run(1, () => {
        als.enterWith('inner');
        got.push(als.getStore());
      });
      got.push(als.getStore());
    });
    got.push(als.getStore() ?? 'none');
    return got;
  });
  out.enteredInAsync = await als.run('x', async () => {
    await null;
    als.enterWith('later');
    await null;
    return als.getStore();
  });
  attempt('disable', () => {
    const storage = new AsyncLocalStorage();
    const got = [];
    storage.run('s', () => {
      got.push(storage.getStore());
      storage.disable();
      got.push(storage.getStore() ?? 'disabled');
      storage.run('t', () => got.push(storage.getStore()));
    });
    return got;
  });
  out.bindAndSnapshot = await als.run('bound', async () => {
    const bound = AsyncLocalStorage.bind(() => als.getStore());
    const snapshot = AsyncLocalStorage.snapshot();
    await null;
    return als.run('elsewhere', () => [bound(), snapshot(() => als.getStore()), snapshot((a, b) => a + b, 1, 2), als.getStore()]);
  });

  attempt('AsyncResource', () => {
    const resource = als.run('made', () => new AsyncResource('PROBE'));
    const ids = [resource.asyncId() > 1, typeof resource.triggerAsyncId()];
    const inside = als.run('caller', () => resource.runInAsyncScope(function (a, b) {
      return [als.getStore(), this.tag, a + b, executionAsyncId() === resource.asyncId(),
        triggerAsyncId() === resource.triggerAsyncId()];
    }, { tag: 'this' }, 2, 3));
    const bound = resource.bind(function () {
      return [als.getStore(), this?.tag];
    });
    const boundThis = resource.bind(function () {
      return this.tag;
    }, { tag: 'given' });
    const staticBound = als.run('static', () => AsyncResource.bind(() => als.getStore()));
    return [ids, inside, bound.call({ tag: 'call' }), boundThis(), bound.length, staticBound(), typeof bound.asyncResource,
      resource.emitDestroy() === resource, new AsyncResource('PROBE').asyncId() > resource.asyncId()];
  });
  out.hooks = await (async () => {
    const events = [];
    const ours = new Set();
    const hook = createHook({
      init(id, type, trigger, resource) {
        if (type === 'PROBE_HOOK') {
          ours.add(id);
          events.push(['init', type, typeof trigger, resource instanceof AsyncResource]);
        }
      },
      before(id) {
        if (ours.has(id)) events.push(['before']);
      },
      after(id) {
        if (ours.has(id)) events.push(['after']);
      },
      destroy(id) {
        if (ours.has(id)) events.push(['destroy']);
      },
    });
    const returned = hook.enable() === hook;
    const resource = new AsyncResource('PROBE_HOOK', { requireManualDestroy: true });
    resource.runInAsyncScope(() => events.push(['run']));
    resource.emitDestroy();
    resource.emitDestroy(); // heard twice, as in Node
    events.push(['destroyed']);
    await sleep(5);
    hook.disable();
    new AsyncResource('PROBE_HOOK').runInAsyncScope(() => events.push(['run, disabled']));
    return [returned, events];
  })();
  attempt('emitterResource', () => {
    const emitter = als.run('made', () => new EventEmitterAsyncResource({ name: 'Probe' }));
    const plain = new EventEmitter();
    const got = [];
    emitter.on('x', (v) => got.push([v, als.getStore()]));
    plain.on('x', (v) => got.push([v, als.getStore()]));
    als.run('emitted', () => {
      emitter.emit('x', 1);
      plain.emit('x', 2);
    });
    return [got, emitter.asyncResource instanceof AsyncResource, emitter.asyncResource.eventEmitter === emitter,
      typeof emitter.asyncId, emitter instanceof EventEmitter];
  });
  out.diagnosticsChannel = await (async () => {
    const dc = require('diagnostics_channel');
    const channel = dc.channel('probe.async_hooks');
    channel.bindStore(als, (message) => `store of ${message.id}`);
    const got = await channel.runStores({ id: 7 }, async () => {
      await null;
      return als.getStore();
    });
    channel.unbindStore(als);
    return got;
  })();
  attempt('errors', () => [
    codeOf(() => new AsyncResource(5)),
    codeOf(() => createHook({ init: 5 })),
    codeOf(() => new AsyncResource('X').bind(5)),
    codeOf(() => als.run(1, 5)),
  ]);
  attempt('shape', () => [Object.getOwnPropertyNames(AsyncResource.prototype).sort(),
    ['run', 'exit', 'getStore', 'enterWith', 'disable'].map((name) => typeof AsyncLocalStorage.prototype[name]),
    typeof AsyncLocalStorage.bind, typeof AsyncLocalStorage.snapshot, Object.keys(require('async_hooks')).sort()]);
  return out;
};

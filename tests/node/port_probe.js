// MessagePorts in node:worker_threads, run by Node.js and by jsrun
// (tests/test_ports.py): Node's emitter methods on a port, receiveMessageOnPort (parentPort's too),
// 'close' on both ends, and ports sent to workers, from workers and between
// two workers — messages in order, the ones waiting when a port moves, ports
// inside port messages, transfer lists (workerData's too), a worker kept alive by a listening
// port (or not, once unref()ed), BroadcastChannels across threads, and the
// errors of bad transfers.
/* exported run */
/* global probe -- prelude.js */
const run = async () => {
  const { Worker, MessageChannel, MessagePort, receiveMessageOnPort } = require('worker_threads');
  const { out, attemptAsync: attempt } = probe();
  const code = (source, options = {}) => new Worker(source, { eval: true, ...options });
  // Resolves with what `port` gets until it has `count` messages (or closes): ['message', value] and ['close'].
  const collect = (port, count) => new Promise((resolve) => {
    const seen = [];
    port.on('message', (value) => {
      seen.push(['message', value]);
      if (seen.length === count) resolve(seen);
    });
    port.on('close', () => {
      seen.push(['close']);
      resolve(seen);
    });
  });
  const exited = (worker) => new Promise((resolve) => worker.on('exit', resolve));
  // A worker that echoes what comes on the port it is sent ('bye' closes that port).
  const portEcho = `const { parentPort } = require('worker_threads');
    parentPort.once('message', ({ port }) => {
      port.on('message', (m) => (m === 'bye' ? port.close() : port.postMessage(['echo', m])));
    });`;

  await attempt('a port is an emitter', () => {
    const { port1 } = new MessageChannel();
    const names = ['on', 'once', 'off', 'emit', 'addListener', 'removeListener', 'removeAllListeners', 'listenerCount', 'eventNames',
      'ref', 'unref', 'hasRef', 'start', 'close', 'postMessage'];
    port1.close();
    return [port1 instanceof MessagePort, port1 instanceof EventTarget, MessagePort === globalThis.MessagePort,
      names.map((name) => typeof port1[name])];
  });
  await attempt('one thread: messages, then close on both ends', async () => {
    const { port1, port2 } = new MessageChannel();
    const closed = [];
    port1.on('close', () => closed.push('port1'));
    const seen = collect(port2, 99);
    port1.postMessage({ a: [1] });
    port1.postMessage(2);
    port1.close();
    port1.postMessage('after close');
    const result = await seen;
    await new Promise((resolve) => setTimeout(resolve, 20));
    return [result, closed];
  });
  await attempt('receiveMessageOnPort', () => {
    const { port1, port2 } = new MessageChannel();
    port1.postMessage({ a: 1 });
    port1.postMessage(undefined);
    const got = [receiveMessageOnPort(port2), receiveMessageOnPort(port2), receiveMessageOnPort(port2)];
    port1.close();
    return got;
  });
  await attempt('receiveMessageOnPort needs a port', () => receiveMessageOnPort({}));
  await attempt('once', async () => {
    const { port1, port2 } = new MessageChannel();
    const seen = [];
    port2.once('message', (m) => seen.push(m));
    port2.start();
    port1.postMessage(1);
    port1.postMessage(2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    port1.close();
    return [seen, port2.listenerCount('message')];
  });
  await attempt('a port sent to a worker', async () => {
    const worker = code(portEcho);
    const exit = exited(worker);
    const { port1, port2 } = new MessageChannel();
    port1.postMessage('sent before the port moved');
    worker.postMessage({ port: port1 }, [port1]);
    port2.postMessage({ n: 1 });
    port2.postMessage([new Date(0), new Map([[3, 'c']])]);
    port2.postMessage('bye');
    const seen = await collect(port2, 99);
    return [seen.map(([type, value]) => [type, value === undefined ? null : value[1] instanceof Map ? [...value[1]] : value]), await exit];
  });
  await attempt('a port from a worker', async () => {
    const worker = code(`const { parentPort, MessageChannel } = require('worker_threads');
      const { port1, port2 } = new MessageChannel();
      port1.on('message', (m) => { port1.postMessage(m * 2); if (m === 3) port1.close(); });
      parentPort.postMessage({ port: port2, note: 'take it' }, [port2]);`);
    const exit = exited(worker);
    const { port, note } = await new Promise((resolve) => worker.once('message', resolve));
    const seen = collect(port, 99);
    [1, 2, 3].forEach((n) => port.postMessage(n));
    return [note, port instanceof MessagePort, await seen, await exit];
  });
  await attempt('two workers talk over a channel', async () => {
    const { port1, port2 } = new MessageChannel();
    const ping = code(`const { parentPort } = require('worker_threads');
      parentPort.once('message', (port) => {
        let n = 0;
        port.on('message', (m) => { if (++n === 3) { parentPort.postMessage(['ping heard', m]); port.close(); } else port.postMessage(n); });
        port.postMessage(0);
      });`);
    const pong = code(`const { parentPort } = require('worker_threads');
      parentPort.once('message', (port) => {
        port.on('message', (m) => port.postMessage(m + 100));
        port.on('close', () => parentPort.postMessage('pong closed'));
      });`);
    const heard = new Promise((resolve) => ping.once('message', resolve));
    const closed = new Promise((resolve) => pong.once('message', resolve));
    const exits = Promise.all([exited(ping), exited(pong)]);
    ping.postMessage(port1, [port1]);
    pong.postMessage(port2, [port2]);
    return [await heard, await closed, await exits];
  });
  await attempt('a port inside a port message', async () => {
    const worker = code(`const { parentPort } = require('worker_threads');
      parentPort.once('message', (port) => {
        port.once('message', ({ inner }) => { inner.postMessage('through the inner port'); inner.close(); port.close(); });
      });`);
    const exit = exited(worker);
    const outer = new MessageChannel();
    const inner = new MessageChannel();
    worker.postMessage(outer.port1, [outer.port1]);
    outer.port2.postMessage({ inner: inner.port1 }, [inner.port1]);
    const seen = await collect(inner.port2, 99);
    outer.port2.close();
    return [seen, await exit];
  });
  await attempt('an ArrayBuffer moved over a port', async () => {
    const worker = code(`const { parentPort } = require('worker_threads');
      parentPort.once('message', (port) => port.once('message', (b) => { port.postMessage(new Uint8Array(b)[1]); port.close(); }));`);
    const exit = exited(worker);
    const { port1, port2 } = new MessageChannel();
    worker.postMessage(port1, [port1]);
    const buffer = new Uint8Array([5, 6, 7]).buffer;
    port2.postMessage(buffer, [buffer]);
    return [buffer.byteLength, await collect(port2, 99), await exit];
  });
  await attempt("ports and buffers in workerData's transferList", async () => {
    const { port1, port2 } = new MessageChannel();
    const buffer = new Uint8Array([9, 8, 7]).buffer;
    const worker = code(`const { workerData } = require('worker_threads');
      const { port, buffer } = workerData;
      port.postMessage([new Uint8Array(buffer)[0], buffer.byteLength]);
      port.close();`, { workerData: { port: port1, buffer }, transferList: [port1, buffer] });
    const exit = exited(worker);
    return [buffer.byteLength, await collect(port2, 99), await exit];
  });
  await attempt('receiveMessageOnPort in a worker, woken by Atomics', async () => {
    const cells = new Int32Array(new SharedArrayBuffer(4));
    const worker = code(`const { parentPort, workerData, receiveMessageOnPort } = require('worker_threads');
      const cells = new Int32Array(workerData);
      parentPort.once('message', (port) => {
        const got = [];
        while (got.length < 3) {
          Atomics.wait(cells, 0, got.length, 10000);
          let entry;
          while ((entry = receiveMessageOnPort(port)) !== undefined) got.push(entry.message);
        }
        port.postMessage(got);
        port.close();
      });`, { workerData: cells.buffer });
    const exit = exited(worker);
    const { port1, port2 } = new MessageChannel();
    worker.postMessage(port1, [port1]);
    const seen = collect(port2, 99);
    for (const task of ['a', 'b', 'c']) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      port2.postMessage(task);
      Atomics.add(cells, 0, 1);
      Atomics.notify(cells, 0);
    }
    return [await seen, await exit];
  });
  await attempt('receiveMessageOnPort(parentPort), woken by Atomics', async () => {
    const cells = new Int32Array(new SharedArrayBuffer(4));
    const worker = code(`const { parentPort, workerData, receiveMessageOnPort } = require('worker_threads');
      const cells = new Int32Array(workerData);
      const got = [];
      while (got.length < 3) {
        Atomics.wait(cells, 0, got.length, 10000);
        let entry;
        while ((entry = receiveMessageOnPort(parentPort)) !== undefined) got.push(entry.message);
      }
      parentPort.postMessage(got);
      parentPort.once('message', (m) => parentPort.postMessage(['listener', m, receiveMessageOnPort(parentPort)]));`,
    { workerData: cells.buffer });
    const messages = [];
    const answered = new Promise((resolve) => worker.on('message', (m) => {
      messages.push(m);
      if (messages.length === 1) worker.postMessage('d');
      else resolve();
    }));
    const exit = exited(worker);
    for (const task of ['a', { b: [1] }, 'c']) {
      worker.postMessage(task);
      Atomics.add(cells, 0, 1);
      Atomics.notify(cells, 0);
    }
    await answered;
    return [messages, await exit];
  });
  await attempt('a listening port keeps a worker alive until it closes', async () => {
    const worker = code(`const { parentPort } = require('worker_threads');
      parentPort.once('message', (port) => port.on('message', (m) => port.postMessage(m)));`);
    const { port1, port2 } = new MessageChannel();
    worker.postMessage(port1, [port1]);
    port2.postMessage('still there');
    const first = await new Promise((resolve) => port2.once('message', resolve));
    const exit = exited(worker);
    port2.close();
    return [first, await exit];
  });
  await attempt('an unref()ed port does not', async () => {
    const worker = code(`const { parentPort } = require('worker_threads');
      parentPort.once('message', (port) => { port.on('message', () => {}); port.unref(); parentPort.postMessage(port.hasRef()); });`);
    const exit = exited(worker);
    const { port1, port2 } = new MessageChannel();
    worker.postMessage(port1, [port1]);
    const hasRef = await new Promise((resolve) => worker.once('message', resolve));
    const exitCode = await exit;
    port2.close();
    return [hasRef, exitCode];
  });
  await attempt("a terminated worker's port closes", async () => {
    const worker = code(portEcho);
    const { port1, port2 } = new MessageChannel();
    worker.postMessage({ port: port1 }, [port1]);
    port2.postMessage('hello');
    const seen = collect(port2, 99);
    await new Promise((resolve) => port2.once('message', resolve));
    await worker.terminate();
    return await seen;
  });
  await attempt('a BroadcastChannel across threads', async () => {
    const { BroadcastChannel } = require('worker_threads');
    const channel = new BroadcastChannel('probe');
    const worker = code(`const { BroadcastChannel, parentPort } = require('worker_threads');
      const c = new BroadcastChannel('probe');
      c.onmessage = (e) => { c.postMessage(['worker heard', e.data]); c.close(); };
      parentPort.postMessage('ready');`);
    const exit = exited(worker);
    await new Promise((resolve) => worker.once('message', resolve));
    const heard = new Promise((resolve) => { channel.onmessage = (e) => resolve(e.data); });
    channel.postMessage({ from: 'main' });
    const result = [await heard, await exit];
    channel.close();
    return result;
  });
  await attempt('an open BroadcastChannel keeps a worker alive unless unref()ed', async () => {
    const worker = code(`const { BroadcastChannel, parentPort } = require('worker_threads');
      new BroadcastChannel('kept');
      parentPort.postMessage('open');`);
    const exit = exited(worker);
    const said = await new Promise((resolve) => worker.once('message', resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const alive = worker.threadId > 0;
    const quiet = code(`const { BroadcastChannel } = require('worker_threads'); new BroadcastChannel('quiet').unref();`);
    return [said, alive, await worker.terminate(), await exit, await exited(quiet)];
  });
  await attempt('a port not in the transfer list', () => {
    const worker = code(portEcho);
    const { port1 } = new MessageChannel();
    try {
      worker.postMessage({ port: port1 });
      return 'posted';
    } catch (error) {
      // Node 20's TypeError (ERR_MISSING_TRANSFERABLE_IN_TRANSFER_LIST, jsrun's too), or Node 24's DataCloneError.
      return ['TypeError', 'DataCloneError'].includes(error.name);
    } finally {
      worker.terminate();
    }
  });
  await attempt('a port transferred twice', () => {
    const worker = code(portEcho);
    const { port1 } = new MessageChannel();
    worker.postMessage({ port: port1 }, [port1]);
    try {
      worker.postMessage({ port: port1 }, [port1]);
      return 'posted';
    } catch (error) {
      return [error.name, error.constructor.name];
    } finally {
      worker.terminate();
    }
  });
  await attempt('a failed message leaves the port usable', async () => {
    const worker = code(portEcho);
    const { port1, port2 } = new MessageChannel();
    let thrown;
    try {
      worker.postMessage({ port: port1, f: () => 1 }, [port1]);
    } catch (error) {
      thrown = error.name;
    }
    worker.postMessage({ port: port1 }, [port1]);
    port2.postMessage('ok');
    const [[, echoed]] = await collect(port2, 1);
    await worker.terminate();
    return [thrown, echoed];
  });
  return out;
};

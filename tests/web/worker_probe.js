// The web's Worker, run by Chromium and by jsrun (tests/test_workers.py):
// classic and module workers from blob: and data: URLs, messages both ways
// in order, the worker's global scope, structured clones and transfers,
// WebAssembly modules, MessagePorts sent both ways and between two workers,
// a BroadcastChannel between the page and a worker, importScripts, location,
// blob URLs both ways,
// errors the worker does not catch (their ErrorEvent), close() and
// terminate(), and the constructor's errors.
/* exported probe */
const probe = async () => {
  const out = {};
  const attempt = async (name, f) => {
    try {
      out[name] = await f();
    } catch (error) {
      out[name] = `error ${error.name}: ${error.message}`;
    }
  };
  const blobURL = (source, type = 'text/javascript') => URL.createObjectURL(new Blob([source], { type }));
  // What a worker posts, until it posts 'end', an error reaches the page (the
  // cases have one at most) or `wait` ms pass.
  const collect = (worker, wait = 3000) => new Promise((resolve) => {
    const seen = [];
    const done = () => {
      worker.terminate();
      resolve(seen);
    };
    worker.onmessage = (event) => (event.data === 'end' ? done() : seen.push(event.data));
    worker.onerror = (event) => {
      event.preventDefault();
      seen.push(['error', event.message, event.lineno, event.colno, typeof event.filename, event.error]);
      done();
    };
    setTimeout(done, wait);
  });

  await attempt('echo', () => {
    const worker = new Worker(blobURL('onmessage = (event) => postMessage(event.data === "end" ? "end" : [event.data, typeof event]);'));
    ['a', 1, { b: [2] }, 'end'].forEach((value) => worker.postMessage(value));
    return collect(worker);
  });
  await attempt('the global scope', () => collect(new Worker(blobURL(`postMessage([self === globalThis, name, typeof postMessage,
    typeof close, typeof onmessage, typeof self.addEventListener, typeof setTimeout, typeof fetch, typeof structuredClone,
    typeof Worker, typeof document, typeof window]); postMessage('end');`), { name: 'probe' })));
  await attempt('addEventListener', () => {
    const worker = new Worker(blobURL(`addEventListener('message', (event) => postMessage(event.data * 2));
      addEventListener('message', (event) => event.data === 3 && postMessage('end'));`));
    [1, 2, 3].forEach((value) => worker.postMessage(value));
    return collect(worker);
  });
  await attempt('a data: URL', () => collect(new Worker(`data:text/javascript,postMessage(6 * 7); postMessage('end')`)));
  await attempt('a module worker', () => collect(new Worker(blobURL(`const value = await Promise.resolve(7);
    postMessage([value, typeof import.meta, typeof require]); postMessage('end');`), { type: 'module' })));
  await attempt('messages while a module awaits are not held', () => {
    const worker = new Worker(blobURL(`await new Promise((resolve) => setTimeout(resolve, 200));
      onmessage = (event) => postMessage(event.data);
      postMessage('end');`), { type: 'module' });
    worker.postMessage('early');
    return collect(worker);
  });
  await attempt('clones', () => {
    const worker = new Worker(blobURL(`onmessage = async ({ data }) => {
      postMessage([data.map instanceof Map, data.map.get('k'), data.date.getTime(), data.regexp.source, data.blob instanceof Blob,
        await data.blob.text(), data.point instanceof DOMPoint, data.point.y, data.error instanceof RangeError, data.error.message,
        data.big === 2n ** 70n, data.cycle.self === data.cycle]);
      postMessage('end');
    };`));
    const cycle = {};
    cycle.self = cycle;
    worker.postMessage({ map: new Map([['k', 'v']]), date: new Date(5), regexp: /a+/g, blob: new Blob(['text']),
      point: new DOMPoint(1, 2), error: new RangeError('range'), big: 2n ** 70n, cycle });
    return collect(worker);
  });
  await attempt('a transfer', () => {
    const worker = new Worker(blobURL('onmessage = ({ data }) => { postMessage([data.byteLength, new Uint8Array(data)[1]]); postMessage("end"); };'));
    const buffer = new Uint8Array([4, 5, 6]).buffer;
    worker.postMessage(buffer, [buffer]);
    return collect(worker).then((seen) => [buffer.byteLength, seen]);
  });
  await attempt('a transfer in options', () => {
    const worker = new Worker(blobURL('onmessage = ({ data }) => { postMessage(data.byteLength); postMessage("end"); };'));
    const buffer = new ArrayBuffer(9);
    worker.postMessage(buffer, { transfer: [buffer] });
    return collect(worker).then((seen) => [buffer.byteLength, seen]);
  });
  await attempt('a transfer back', () => new Promise((resolve) => {
    const worker = new Worker(blobURL('const b = new ArrayBuffer(4); postMessage(b, [b]); postMessage(b.byteLength);'));
    const seen = [];
    worker.onmessage = ({ data }) => {
      seen.push(data instanceof ArrayBuffer ? ['buffer', data.byteLength] : data);
      if (seen.length === 2) {
        worker.terminate();
        resolve(seen);
      }
    };
  }));
  await attempt('a WebAssembly module', async () => {
    // (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 7, 1, 96, 2, 127, 127, 1, 127, 3, 2, 1, 0, 7, 7, 1, 3, 97, 100, 100, 0, 0,
      10, 9, 1, 7, 0, 32, 0, 32, 1, 106, 11]);
    const worker = new Worker(blobURL(`onmessage = async ({ data }) => {
      const instance = await WebAssembly.instantiate(data);
      postMessage([data instanceof WebAssembly.Module, instance.exports.add(2, 3)]);
      postMessage('end');
    };`));
    worker.postMessage(await WebAssembly.compile(bytes));
    return collect(worker);
  });
  await attempt('what cannot be cloned', () => {
    const worker = new Worker(blobURL(''));
    const errors = [];
    for (const value of [() => 1, Symbol('s'), new EventTarget()]) {
      try {
        worker.postMessage(value);
      } catch (error) {
        errors.push([error.name, error instanceof DOMException]);
      }
    }
    worker.terminate();
    return errors;
  });
  await attempt('an error at the start', () => collect(new Worker(blobURL('\n  throw new TypeError("at the start");'))));
  await attempt('an error in a handler', () => {
    const worker = new Worker(blobURL('onmessage = () => {\n  null.x;\n};'));
    worker.postMessage(1);
    return collect(worker);
  });
  await attempt('a rejection nobody handles', () => collect(new Worker(blobURL(`Promise.reject(new RangeError('rejected'));
    setTimeout(() => postMessage('end'), 100);`))));
  await attempt('the worker catches it first', () => collect(new Worker(blobURL(`onerror = (event) => {
    postMessage(['in the worker', event.message]); postMessage('end'); return true; };
    setTimeout(() => { throw new Error('caught there'); });`))));
  await attempt('close()', () => collect(new Worker(blobURL(`postMessage('before'); close(); postMessage('after close');
    setTimeout(() => postMessage('a timer after close'));`))));
  await attempt('terminate()', () => new Promise((resolve) => {
    // Terminated once it has answered once: nothing more comes.
    const worker = new Worker(blobURL('onmessage = (event) => { postMessage(event.data); postMessage(event.data + 1); };'));
    const seen = [];
    worker.onmessage = (event) => {
      seen.push(event.data);
      worker.terminate();
      worker.postMessage(5);
    };
    worker.postMessage(1);
    setTimeout(() => resolve(seen), 500);
  }));
  await attempt('nested', () => collect(new Worker(blobURL(`const inner = new Worker(URL.createObjectURL(new Blob(['postMessage(name)'])),
    { name: 'inner' }); inner.onmessage = (event) => { postMessage(['from', event.data]); postMessage('end'); };`))));
  // MessagePorts between threads: event.ports, messages that waited for a moving port, replies through it.
  await attempt('a MessagePort sent to the worker', () => new Promise((resolve) => {
    const worker = new Worker(blobURL(`onmessage = (event) => {
      const [port] = event.ports;
      port.postMessage([event.data.port === port, event.ports.length, event.data.note, Object.prototype.toString.call(port)]);
      port.onmessage = (e) => port.postMessage(['echo', e.data, e.ports.length]);
    };`));
    const { port1, port2 } = new MessageChannel();
    const seen = [];
    const done = () => {
      worker.terminate();
      resolve(seen);
    };
    port2.onmessage = (event) => (seen.push(event.data) === 3 ? done() : null);
    port2.postMessage('waited for the move');
    worker.postMessage({ port: port1, note: 'with a port' }, [port1]);
    port2.postMessage('after');
    setTimeout(done, 3000);
  }));
  await attempt('a MessagePort from the worker', () => new Promise((resolve) => {
    const worker = new Worker(blobURL(`const { port1, port2 } = new MessageChannel();
      port1.onmessage = (event) => port1.postMessage(event.data * 2);
      postMessage('take it', [port2]);`));
    worker.onmessage = (event) => {
      const [port] = event.ports;
      port.onmessage = (e) => {
        resolve([event.data, event.ports.length, e.data, port instanceof MessagePort]);
        worker.terminate();
      };
      port.postMessage(21);
    };
    setTimeout(() => resolve('timed out'), 3000);
  }));
  await attempt('two workers over a channel', () => {
    const { port1, port2 } = new MessageChannel();
    const ping = new Worker(blobURL(`onmessage = (event) => {
      const [port] = event.ports;
      port.onmessage = (e) => { postMessage(['ping got', e.data]); postMessage('end'); };
      port.postMessage('ping');
    };`));
    const pong = new Worker(blobURL(`onmessage = (event) => {
      const [port] = event.ports;
      port.onmessage = (e) => port.postMessage([e.data, 'pong']);
    };`));
    ping.postMessage(null, [port1]);
    pong.postMessage(null, [port2]);
    return collect(ping).finally(() => pong.terminate());
  });
  await attempt('a BroadcastChannel reaches a worker', () => new Promise((resolve) => {
    const worker = new Worker(blobURL(`const c = new BroadcastChannel('probe');
      c.onmessage = (e) => c.postMessage(['worker heard', e.data]);
      postMessage('ready');`));
    const channel = new BroadcastChannel('probe');
    let ping;
    const done = (value) => {
      clearInterval(ping);
      resolve(value);
      channel.close();
      worker.terminate();
    };
    channel.onmessage = (event) => done(event.data);
    // Posted again until heard: Chromium may register a worker's channel after the worker's script has run.
    worker.onmessage = () => {
      ping = setInterval(() => channel.postMessage({ from: 'page' }), 50);
      channel.postMessage({ from: 'page' });
    };
    setTimeout(() => done('timed out'), 5000);
  }));
  await attempt('a MessagePort moved away', () => {
    const worker = new Worker(blobURL('onmessage = () => {};'));
    const { port1 } = new MessageChannel();
    worker.postMessage(null, [port1]);
    port1.postMessage('goes nowhere');
    try {
      worker.postMessage(null, [port1]);
      return 'posted again';
    } catch (error) {
      return [error.name, error instanceof DOMException];
    } finally {
      worker.terminate();
    }
  });
  await attempt('importScripts', () => collect(new Worker(blobURL(`
    const own = URL.createObjectURL(new Blob(['self.fromBlob = (self.fromBlob || 0) + 1;']));
    const gone = URL.createObjectURL(new Blob(['self.never = 1;']));
    URL.revokeObjectURL(gone);
    self.order = [];
    importScripts('data:text/javascript,self.fromData = 42; order.push(1)', own, own, 'data:text/javascript,order.push(2)');
    const errors = [];
    for (const bad of [['data:text/javascript,self.before = 1', gone], ['data:text/javascript,throw new RangeError("thrown")'],
      ['nothing here']]) {
      try {
        importScripts(...bad);
      } catch (error) {
        errors.push([error.name, error instanceof DOMException]);
      }
    }
    postMessage([fromData, fromBlob, order, typeof self.before, typeof self.never, errors, importScripts()]);
    postMessage('end');`))));
  await attempt('importScripts in a module worker', () => collect(new Worker(blobURL(`
    try { importScripts('data:text/javascript,1'); } catch (error) { postMessage([error.name, typeof importScripts]); }
    postMessage('end');`), { type: 'module' })));
  await attempt("a worker's location", () => {
    const url = blobURL(`onmessage = (event) => {
      const given = new URL(event.data);
      postMessage([location.href === event.data, location.origin === given.origin, location.protocol, location.pathname === given.pathname,
        String(location) === event.data, Object.prototype.toString.call(location), typeof WorkerLocation, location instanceof WorkerLocation,
        Object.keys(self).includes('WorkerLocation'), location.search, location.hash]);
      postMessage('end');
    };`);
    const worker = new Worker(url);
    worker.postMessage(url);
    return collect(worker);
  });
  await attempt('blob URLs between the page and a worker', () => new Promise((resolve) => {
    const before = blobURL('self.made = ["before"];');
    const worker = new Worker(blobURL(`onmessage = async (event) => {
      const [after, revoked, moduleURL] = event.data;
      importScripts(event.data[3], after);
      const texts = await Promise.all([after, revoked].map((url) => fetch(url).then((r) => r.text(), (e) => e.name)));
      const mine = URL.createObjectURL(new Blob(['from the worker'], { type: 'text/plain' }));
      postMessage([made, texts, (await import(moduleURL)).default, mine]);
    };`));
    const after = blobURL('made.push("after");');
    const revoked = blobURL('never');
    URL.revokeObjectURL(revoked);
    const moduleURL = blobURL('export default 6 * 7;');
    worker.onmessage = async (event) => {
      const [made, texts, imported, mine] = event.data;
      const response = await fetch(mine);
      worker.terminate();
      resolve([made, texts, imported, await response.text(), response.headers.get('content-type')]);
    };
    worker.postMessage([after, revoked, moduleURL, before]);
  }));
  await attempt('no argument', () => new Worker());
  await attempt('a bad type', () => new Worker(blobURL(''), { type: 'wasm' }));
  await attempt('postMessage with no argument', () => new Worker(blobURL('')).postMessage());
  return out;
};

// Calls into the node: built-ins jsrun provides, run by Node.js and by jsrun
// (tests/test_node_builtins.py); each result is compared as JSON.
/* exported run */
/* global probe, codeOf -- prelude.js */
const run = async () => {
  const util = require('util');
  const path = require('node:path');
  const { Buffer } = require('buffer');
  const crypto = require('crypto');
  const qs = require('querystring');
  const url = require('url');
  const assert = require('assert');
  const EventEmitter = require('events');
  const { StringDecoder } = require('string_decoder');
  const stream = require('stream');
  const timers = require('timers/promises');
  const { out, attempt } = probe();
  attempt('process.getBuiltinModule', () => [process.getBuiltinModule('path') === require('path'),
    process.getBuiltinModule('node:events') === require('events'), process.getBuiltinModule('no-such-module') ?? 'none',
    process.getBuiltinModule('node:no-such') ?? 'none', codeOf(() => process.getBuiltinModule(5))]);
  attempt('util.format', () => util.format('%s is %d years and %i, %j %o %%', 'Ann', 42.5, 7.9, { a: [1] }, 'x'));
  attempt('util.format.extra', () => util.format('a', 'b', 3));
  attempt('util.inspect', () => util.inspect({ a: 1, b: 'two', c: [1, 2, 3], d: { e: null } }));
  attempt('util.inspect.string', () => util.inspect('text'));
  attempt('util.types', () => [util.types.isDate(new Date()), util.types.isRegExp(/x/), util.types.isPromise(Promise.resolve()),
    util.types.isUint8Array(new Uint8Array(1)), util.types.isGeneratorFunction(function* g() {})]);
  attempt('util, Node only', () => [
    util.parseArgs({ args: ['-f', 'x', '--bar', 'pos'], options: { f: { type: 'string', short: 'f' }, bar: { type: 'boolean' } },
      allowPositionals: true }),
    codeOf(() => util.parseArgs({ args: ['--nope'], options: {} })),
    util.stripVTControlCharacters('\u001b[31mred\u001b[39m \u001b]8;;http://x\u0007link\u001b]8;;\u0007'),
    util.toUSVString('a\ud800b\udc00c\ud83d\ude00'), util.getSystemErrorName(-2), util.getSystemErrorName(-13),
    codeOf(() => util.getSystemErrorName(2)), util.getSystemErrorMap().get(-2)[0], typeof util.aborted,
    typeof util.transferableAbortSignal,
  ]);
  attempt('url, path, punycode, timers, process, Node only', () => {
    const url = require('url');
    const full = new URL('http://us%20er:pa@mañana.com:8080/p/a?q=1#frag');
    return [url.domainToASCII('mañana.com'), url.domainToASCII('xn--iñvalid.com'), url.domainToUnicode('xn--maana-pta.com'),
      url.domainToUnicode('EXAMPLE.com'), url.urlToHttpOptions(full), url.format(full, { auth: false, search: false, fragment: false }),
      url.format(full, { unicode: true }), url.format(new URL('file:///tmp/x')), path.toNamespacedPath('/a/b'),
      require('punycode').encode('mañana'), require('punycode').toASCII('mañana.com'), typeof require('timers').promises.setTimeout,
      typeof process.pid, typeof process.memoryUsage.rss(), process.stdout.isTTY, typeof process.versions.uv,
      process.allowedNodeEnvironmentFlags instanceof Set];
  });
  attempt('util.isDeepStrictEqual', () => [util.isDeepStrictEqual({ a: [1] }, { a: [1] }), util.isDeepStrictEqual([1], ['1'])]);
  attempt('util.TextEncoder', () => Array.from(new util.TextEncoder().encode('é')));
  attempt('util.inherits', () => {
    function A() {}
    A.prototype.a = () => 'a';
    function B() {}
    B.prototype.b = () => 'b'; // defined before inherits: Node keeps it
    util.inherits(B, A);
    const b = new B();
    return [b instanceof A, b.a(), typeof b.b, B.super_ === A, b.constructor === B, Object.keys(B),
      codeOf(() => util.inherits(B, null)), codeOf(() => util.inherits(B, () => {}))];
  });
  out['util.promisify'] = await util.promisify((a, b, cb) => cb(null, a + b))(2, 3);
  attempt('util.types, Node only', () => {
    const proxy = new Proxy({}, {});
    return [util.types.isProxy(proxy), util.types.isProxy({}), util.types.isExternal({}), util.types.isKeyObject({}),
      util.types.isKeyObject(require('crypto').createSecretKey(Buffer.from('k'))), util.types.isCryptoKey({}),
      util.types.isModuleNamespaceObject({}), 'isWebAssemblyCompiledModule' in util.types];
  });
  out['util.promisify, Node\'s ways'] = await (async () => {
    const started = Date.now();
    const waited = await util.promisify(setTimeout)(20, 'value');
    const immediate = await util.promisify(setImmediate)('now');
    function custom() {}
    custom[Symbol.for('nodejs.util.promisify.custom')] = () => Promise.resolve('custom');
    const pair = await util.promisify(require('crypto').generateKeyPair)('ec', { namedCurve: 'prime256v1' });
    const method = { base: 1, add(n, cb) { cb(null, this.base + n); } };
    return [waited, Date.now() - started >= 15, immediate, await util.promisify(custom)(), util.promisify.custom === Symbol.for('nodejs.util.promisify.custom'),
      Object.keys(pair), pair.privateKey.type, await util.promisify(method.add).call(method, 2),
      await util.promisify((cb) => cb(new Error('boom')))().catch((e) => e.message)];
  })();
  out['timers/promises'] = await (async () => {
    const timers = require('timers/promises');
    const controller = new AbortController();
    const aborted = timers.setTimeout(1000, 'late', { signal: controller.signal }).catch((e) => [e.name, e.code, e.message]);
    controller.abort();
    const already = await timers.setTimeout(1, 'x', { signal: AbortSignal.abort() }).catch((e) => e.code);
    return [await timers.setTimeout(5, 'v'), await timers.setImmediate('i'), await aborted, already,
      await timers.scheduler.wait(1), typeof timers.scheduler.yield];
  })();
  attempt('path', () => [path.join('/a/b', '../c', './d.txt'), path.resolve('/x', 'y', '..', 'z'), path.basename('/p/q/file.tar.gz', '.gz'),
    path.extname('a/b.c.d'), path.dirname('/a/b/c'), path.relative('/data/orandea/test/aaa', '/data/orandea/impl/bbb'),
    path.normalize('/foo/bar//baz/asdf/quux/..'), path.isAbsolute('./x'), path.sep, path.delimiter,
    path.parse('/home/user/dir/file.txt'), path.format({ dir: '/home', base: 'f.txt' }), path.posix === path]);
  // Windows paths, which bundlers and their plugins (@rollup/pluginutils) use on any system.
  attempt('path.win32', () => {
    const w = path.win32;
    return [w.join('C:\\a', '..\\b', 'c/d'), w.resolve('C:\\x', 'y', '..\\z'), w.normalize('C:/a//b\\..\\c'),
      w.basename('C:\\p\\file.txt', '.txt'), w.dirname('\\\\server\\share\\dir\\f'), w.extname('a\\b.c'),
      w.isAbsolute('C:foo'), w.isAbsolute('\\\\s\\x'), w.relative('C:\\a\\b', 'C:\\a\\c\\d'), w.sep, w.delimiter,
      w.parse('C:\\dir\\f.txt'), w.format({ root: 'C:\\', name: 'n', ext: '.e' }), w.toNamespacedPath('C:\\x'),
      w.win32 === w, w.posix === path, path.win32 === require('path/win32'), require('path/posix') === path,
      w.resolve('relative').length > 0];
  });
  const thrown = (f) => {
    try {
      return f();
    } catch (error) {
      return [error.name, error.code, error.message];
    }
  };
  out['path errors'] = [thrown(() => path.join(1)), thrown(() => path.win32.basename({})), thrown(() => path.format(null)),
    thrown(() => path.basename('x', 5)), thrown(() => path.resolve('a', 2)), thrown(() => path.win32.format([]))];
  attempt('buffer', () => {
    const b = Buffer.from('héllo wörld');
    return [b.length, b.toString('hex'), b.toString('base64'), b.toString('base64url'), Buffer.from('aGk=', 'base64').toString(),
      b.slice(1, 4).toString('latin1'), Buffer.concat([Buffer.from([1, 2]), Buffer.alloc(2, 9)]).toJSON(),
      Buffer.compare(Buffer.from('a'), Buffer.from('b')), b.readUInt16BE(0), Buffer.byteLength('€'), Buffer.isBuffer(b),
      b.equals(Buffer.from('héllo wörld')), b.indexOf('w'), Buffer.from([250]).readInt8(0)];
  });
  attempt('buffer.write', () => {
    const b = Buffer.alloc(8);
    b.writeUInt32LE(0xdeadbeef, 0);
    b.writeInt16BE(-2, 4);
    b.writeUInt8(7, 6);
    return [b.toString('hex'), b.readUInt32LE(0), b.readBigUInt64LE(0).toString()];
  });
  attempt('crypto.hash', () => ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'].map((a) =>
    crypto.createHash(a).update('abc').update(Buffer.from([0, 255])).digest('hex')));
  attempt('crypto.hash.base64', () => crypto.createHash('sha256').update('x', 'utf8').digest('base64'));
  attempt('crypto.hmac', () => ['md5', 'sha1', 'sha256', 'sha512'].map((a) =>
    crypto.createHmac(a, 'key').update('The quick brown fox').digest('hex')));
  attempt('crypto.hmac.longkey', () => crypto.createHmac('sha256', 'k'.repeat(200)).update('m').digest('hex'));
  attempt('crypto.random', () => [crypto.randomBytes(16).length, /^[0-9a-f-]{36}$/.test(crypto.randomUUID()),
    crypto.randomInt(5, 6), crypto.getHashes().includes('sha256')]);
  attempt('crypto.timingSafeEqual', () => [crypto.timingSafeEqual(Buffer.from('ab'), Buffer.from('ab')),
    crypto.timingSafeEqual(Buffer.from('ab'), Buffer.from('ac'))]);
  attempt('crypto.timingSafeEqual.length', () => crypto.timingSafeEqual(Buffer.from('a'), Buffer.from('ab')));
  attempt('crypto.unknown', () => crypto.createHash('whirlpool-9'));
  attempt('crypto.digest.twice', () => {
    const h = crypto.createHash('sha1');
    h.digest();
    return h.digest();
  });
  attempt('querystring', () => [qs.stringify({ a: [1, 2], b: 'x y', c: '' }), qs.parse('a=1&a=2&b=%20z&c'), qs.escape('a b&c')]);
  attempt('url.parse', () => {
    const u = url.parse('http://user:pw@host.com:8080/p/a/t/h?query=string#hash', true);
    return [u.protocol, u.auth, u.host, u.port, u.pathname, u.query, u.hash];
  });
  attempt('url.format', () => url.format({ protocol: 'https', hostname: 'example.com', pathname: '/x', query: { a: 1 } }));
  attempt('url.resolve', () => [url.resolve('/one/two/three', 'four'), url.resolve('http://example.com/one', '/two')]);
  attempt('url.URL', () => new url.URL('https://a.b/c?d=1').searchParams.get('d'));
  attempt('url.fileURLToPath', () => [url.fileURLToPath('file:///tmp/a%20b.txt'), url.pathToFileURL('/tmp/a b#c.txt').href]);
  attempt('assert.ok', () => assert.ok(false, 'nope'));
  attempt('assert.deepStrictEqual', () => assert.deepStrictEqual({ a: 1 }, { a: '1' }));
  attempt('assert.throws', () => {
    assert.throws(() => { throw new TypeError('x'); }, TypeError);
    return 'ok';
  });
  attempt('assert.strict', () => require('assert/strict').equal(1, '1'));
  attempt('events', () => {
    const e = new EventEmitter();
    const seen = [];
    e.on('x', (v) => seen.push(`on:${v}`));
    e.once('x', (v) => seen.push(`once:${v}`));
    e.prependListener('x', (v) => seen.push(`first:${v}`));
    e.emit('x', 1);
    e.emit('x', 2);
    return [seen, e.listenerCount('x'), e.eventNames(), typeof EventEmitter.once, EventEmitter.EventEmitter === EventEmitter];
  });
  attempt('events.error', () => new EventEmitter().emit('error', new Error('boom')));
  out['events.once'] = await (async () => {
    const e = new EventEmitter();
    setTimeout(() => e.emit('ready', 42), 1);
    return EventEmitter.once(e, 'ready');
  })();
  attempt('string_decoder', () => {
    const d = new StringDecoder('utf8');
    return [d.write(Buffer.from([0xe2, 0x82])), d.write(Buffer.from([0xac])), d.end(Buffer.from([0x61]))];
  });
  out.stream = await new Promise((resolve, reject) => {
    const chunks = [];
    const upper = new stream.Transform({
      transform(chunk, _enc, done) { done(null, chunk.toString().toUpperCase()); },
    });
    stream.Readable.from(['a', 'b', 'c']).pipe(upper)
      .on('data', (c) => chunks.push(c.toString())).on('end', () => resolve(chunks.join(''))).on('error', reject);
  });
  out.timers = await timers.setTimeout(1, 'later');
  attempt('process', () => [typeof process.nextTick, process.platform, Array.isArray(process.argv), typeof process.env,
    typeof process.hrtime.bigint(), typeof process.cwd(), process.emit === EventEmitter.prototype.emit,
    typeof setImmediate, global === globalThis, typeof Buffer]);
  attempt('module', () => [require('module').isBuiltin('node:fs'), require('module').isBuiltin('nope'),
    typeof require('module').createRequire]);
  attempt('os', () => {
    const os = require('node:os');
    return [os.EOL, os.devNull, os.endianness(), os.platform() === process.platform, os.arch() === process.arch,
      os.constants.signals.SIGTERM, os.constants.signals.SIGKILL, os.constants.priority.PRIORITY_HIGH,
      Array.isArray(os.cpus()), typeof os.hostname(), typeof os.homedir(), typeof os.tmpdir(), typeof os.totalmem(),
      os.loadavg().length, typeof os.networkInterfaces(), typeof os.userInfo().username];
  });
  attempt('tty', () => [require('tty').isatty(1), require('tty').isatty(99), typeof require('tty').WriteStream]);
  attempt('stream/web', () => {
    const web = require('stream/web');
    // (Not the count of names: Node 22 has one more than 20.)
    return [['ReadableStream', 'WritableStream', 'TransformStream', 'TextDecoderStream', 'CountQueuingStrategy']
      .map((name) => typeof web[name]), web.ReadableStream === ReadableStream, typeof web.CompressionStream,
    require('sys').format('%d', 1)];
  });
  attempt('util.inspect.kinds', () => {
    const { inspect } = require('util');
    return [inspect(new Map([[1, { a: [1, 2] }]])), inspect(new Set(['x'])), inspect({ d: { e: { f: { g: 1 } } } }),
      inspect([1, , 3]) /* eslint-disable-line no-sparse-arrays -- a hole is the case */, inspect(Object.create(null)), inspect(10n), inspect(Symbol('s')), inspect(new Uint8Array([1, 2])),
      inspect(Buffer.from('hi')), inspect(class A {}), inspect(() => 1), inspect(new Date(0)), inspect(new WeakMap()),
      inspect({ a: 1 }, { compact: false }), inspect(new (class Foo { constructor() { this.x = 1; } })()),
      inspect({ [inspect.custom]: () => 'custom' }), inspect('x'.repeat(3), { colors: true })];
  });
  attempt('zlib', () => {
    const z = require('zlib');
    return [z.gzipSync('hello').toString('base64'), z.deflateSync('hello').toString('hex'),
      z.deflateRawSync('hello', { level: 9 }).toString('hex'), z.gunzipSync(z.gzipSync('hi')).toString(),
      z.inflateSync(z.deflateSync(Buffer.from('x'.repeat(1000)))).length, z.unzipSync(z.gzipSync('u')).toString(),
      z.unzipSync(z.deflateSync('v')).toString(), z.gunzipSync(Buffer.concat([z.gzipSync('a'), z.gzipSync('b')])).toString(),
      z.constants.Z_BEST_COMPRESSION, new z.Deflate() instanceof require('stream').Transform];
  });
  attempt('zlib maxOutputLength', () => {
    const z = require('zlib');
    const packed = z.deflateSync(Buffer.alloc(5000));
    const refused = (f) => {
      try {
        return f().length;
      } catch (e) {
        return [e.name, e.code, e.message];
      }
    };
    return [refused(() => z.inflateSync(packed, { maxOutputLength: 1000 })), refused(() => z.inflateSync(packed, { maxOutputLength: 5000 })),
      refused(() => z.brotliDecompressSync(z.brotliCompressSync(Buffer.alloc(3000)), { maxOutputLength: 100 })),
      // (Its message names Node's largest Buffer, which Node 22 raised.)
      codeOf(() => z.inflateSync(packed, { maxOutputLength: 0 }))];
  });
  attempt('zlib.error', () => {
    try {
      require('zlib').inflateSync(Buffer.from('nope'));
    } catch (e) {
      return [e.name, e.code, e.errno];
    }
  });
  // pngjs's sync reader drives the stream's zlib handle itself, as Node's own sync functions do.
  attempt('zlib handle', () => {
    const z = require('zlib');
    function SyncInflate(options) {
      z.Inflate.call(this, options);
    }
    util.inherits(SyncInflate, z.Inflate);
    const inflate = new SyncInflate({ chunkSize: 64 });
    const input = z.deflateSync('handle '.repeat(5));
    inflate._handle.writeSync(z.Z_FINISH, input, 0, input.length, inflate._outBuffer, 0, 64);
    const produced = 64 - inflate._writeState[0];
    return [inflate._chunkSize, Array.from(inflate._writeState), inflate._outBuffer.subarray(0, produced).toString(),
      inflate._finishFlushFlag, z.Z_MIN_CHUNK, z.Z_FINISH, Object.keys(z).includes('Z_FINISH'), inflate instanceof z.Inflate,
      z.Inflate(undefined) instanceof z.Inflate, z.createGzip().constructor.name];
  });
  attempt('zlib.brotli', () => {
    const z = require('zlib');
    const { BROTLI_PARAM_QUALITY, BROTLI_PARAM_MODE, BROTLI_PARAM_LGWIN, BROTLI_MODE_TEXT } = z.constants;
    const text = 'brotli brotli brotli '.repeat(40) + Array.from({ length: 3000 }, (_, i) => String.fromCharCode(32 + ((i * 7919) % 90))).join('');
    const packed = z.brotliCompressSync(text);
    const errors = [Buffer.from('hello world'), packed.subarray(0, 9)].map((bad) => {
      try {
        return z.brotliDecompressSync(bad).length;
      } catch (e) {
        return [e.message, e.code, e.errno];
      }
    });
    const badParams = [{ 99: 1 }, { [BROTLI_PARAM_QUALITY]: 'x' }].map((params) => {
      try {
        return z.brotliCompressSync('p', { params }).length;
      } catch (e) {
        return [e.name, e.code, e.message];
      }
    });
    return [packed.toString('base64'), z.brotliDecompressSync(packed).toString() === text,
      [0, 1, 5, 9, 11, 42].map((q) => z.brotliCompressSync(text, { params: { [BROTLI_PARAM_QUALITY]: q } }).toString('base64')),
      z.brotliCompressSync('text', { params: { [BROTLI_PARAM_MODE]: BROTLI_MODE_TEXT, [BROTLI_PARAM_LGWIN]: 10 } }).toString('hex'),
      z.brotliCompressSync('').toString('hex'), z.brotliDecompressSync(Buffer.from('0b018061626303', 'hex')).toString(),
      errors, badParams, new z.BrotliCompress() instanceof require('stream').Transform];
  });
  out['zlib.brotli.stream'] = await new Promise((resolve, reject) => {
    const z = require('zlib');
    const chunks = [];
    const packed = [];
    const br = z.createBrotliCompress();
    br.on('data', (c) => packed.push(c));
    br.pipe(z.createBrotliDecompress()).on('data', (c) => chunks.push(c))
      .on('end', () => z.brotliDecompress(Buffer.concat(packed), (err, again) =>
        resolve([err, Buffer.concat(chunks).toString(), Buffer.concat(packed).toString('hex'), again.toString()])))
      .on('error', reject);
    br.write('brotli ');
    br.end('stream');
  });
  out['zlib.async'] = await new Promise((resolve) => require('zlib').gzip('cb', (err, buf) =>
    resolve([err, require('zlib').gunzipSync(buf).toString()])));
  out['zlib.promisify'] = (await require('util').promisify(require('zlib').deflate)('pp')).toString('hex');
  out['zlib.stream'] = await new Promise((resolve, reject) => {
    const z = require('zlib');
    const chunks = [];
    const gz = z.createGzip();
    gz.pipe(z.createGunzip()).on('data', (c) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks).toString()))
      .on('error', reject);
    gz.write('stream ');
    gz.end('data');
  });
  out['events, Node only'] = await (async () => {
    const { on, once, getEventListeners, errorMonitor, EventEmitter, setMaxListeners, getMaxListeners, addAbortListener } = require('events');
    const seen = [];
    const e = new EventEmitter();
    e.on(errorMonitor, (error) => seen.push(`monitor ${error.message}`));
    e.on('error', (error) => seen.push(`error ${error.message}`));
    e.emit('error', new Error('x'));
    const ticks = on(e, 'tick');
    setTimeout(() => {
      e.emit('tick', 1, 2);
      e.emit('tick', 3);
      e.emit('error', new Error('boom'));
    }, 1);
    try {
      for await (const value of ticks) seen.push(value);
    } catch (error) {
      seen.push(`caught ${error.message}`);
    }
    const controller = new AbortController();
    const aborted = on(e, 'x', { signal: controller.signal });
    setTimeout(() => controller.abort(), 1);
    try {
      for await (const value of aborted) seen.push(value);
    } catch (error) {
      seen.push([error.name, error.code]);
    }
    const target = new EventTarget();
    const listener = () => {};
    target.addEventListener('q', listener);
    seen.push(getEventListeners(target, 'q')[0] === listener, getEventListeners(e, 'error').length, getMaxListeners(e),
      getMaxListeners(target));
    setMaxListeners(3, e);
    seen.push(e.getMaxListeners());
    const later = once(e, 'later');
    e.emit('later', 'v', 'w');
    seen.push(await later);
    const controller2 = new AbortController();
    const never = once(e, 'never', { signal: controller2.signal });
    controller2.abort();
    seen.push(await never.catch((error) => [error.name, error.code]));
    const target2 = new EventTarget();
    const fromTarget = once(target2, 'z');
    target2.dispatchEvent(new Event('z'));
    seen.push((await fromTarget)[0].type);
    let called = 0;
    const controller3 = new AbortController();
    addAbortListener(controller3.signal, () => called++);
    controller3.abort();
    const early = once(e, 'done');
    const iterator = on(e, 'n');
    e.emit('n', 1);
    const first = await iterator.next();
    await iterator.return();
    e.emit('done');
    await early;
    seen.push(called, first, await iterator.next(), e.listenerCount('n'), typeof EventEmitter.on, EventEmitter.captureRejectionSymbol.toString());
    return seen;
  })();
  // vm in the runtime's own context (new contexts: vm_probe.js).
  attempt('vm, this context', () => {
    const vm = require('vm');
    const script = new vm.Script('globalThis.vmSeen = (globalThis.vmSeen ?? 0) + 1; 40 + vmSeen', { filename: 'made.js' });
    const thrown = (() => {
      try {
        vm.runInThisContext('null.x', 'where.js');
      } catch (error) {
        return [error.name, /where\.js:1/.test(error.stack)];
      }
    })();
    return [vm.runInThisContext('1 + 2'), script.runInThisContext(), script.runInThisContext(),
      vm.compileFunction('return a + b', ['a', 'b'])(2, 3), vm.isContext({}), thrown,
      codeOf(() => new vm.Script('let = ;')), codeOf(() => vm.compileFunction('return (', [])),
      typeof vm.createScript('1').runInThisContext];
  });
  attempt('diagnostics_channel', () => {
    const dc = require('diagnostics_channel');
    const seen = [];
    const onMessage = (message, name) => seen.push([message, name]);
    const c = dc.channel('probe:a');
    const before = [c.hasSubscribers, dc.hasSubscribers('probe:a'), c === dc.channel('probe:a'), c instanceof dc.Channel];
    dc.subscribe('probe:a', onMessage);
    c.publish({ n: 1 });
    const during = [c.hasSubscribers, dc.hasSubscribers('probe:a'), c.name];
    const removed = [dc.unsubscribe('probe:a', onMessage), dc.unsubscribe('probe:a', onMessage), c.unsubscribe(onMessage)];
    c.publish({ n: 2 });
    const symbol = Symbol('s');
    // (Not the channel's own keys: Node 22 adds one.)
    return [before, seen, during, removed, c.hasSubscribers, dc.channel(symbol).name === symbol, Object.keys(dc).sort(),
      dc.hasSubscribers('probe:never'), dc.unsubscribe('probe:never', onMessage)];
  });
  attempt('diagnostics_channel.invalid', () => {
    const dc = require('diagnostics_channel');
    return [codeOf(() => dc.channel(1)), codeOf(() => dc.subscribe('probe:b', 1)), codeOf(() => dc.tracingChannel(1)),
      codeOf(() => dc.tracingChannel({ start: 1 })), codeOf(() => dc.tracingChannel('probe:t').traceCallback(() => 1, -1))];
  });
  attempt('diagnostics_channel.runStores', () => {
    const dc = require('diagnostics_channel');
    const c = dc.channel('probe:stores');
    const order = [];
    const store = { run: (value, fn) => { order.push(['run', value]); return fn(); } };
    c.subscribe((m) => order.push(['published', m]));
    c.bindStore(store, (m) => m.id * 10);
    const result = c.runStores({ id: 4 }, function (a, b) { order.push(['fn', this.x, a, b]); return 'done'; }, { x: 1 }, 2, 3);
    return [result, order, c.unbindStore(store), c.unbindStore(store)];
  });
  out['diagnostics_channel.tracing'] = await (async () => {
    const dc = require('diagnostics_channel');
    const t = dc.tracingChannel('probe:trace');
    const events = [];
    const handlers = Object.fromEntries(['start', 'end', 'asyncStart', 'asyncEnd', 'error'].map((event) =>
      [event, (context) => events.push([event, JSON.stringify(context, (k, v) => (v instanceof Error ? v.message : v))])]));
    const idle = t.hasSubscribers;
    t.subscribe(handlers);
    const sync = t.traceSync((a, b) => a + b, { op: 'add' }, null, 2, 3);
    try {
      t.traceSync(() => {
        throw new Error('boom');
      }, { op: 'throw' });
    } catch (error) {
      events.push(['caught', error.message]);
    }
    const resolved = await t.tracePromise(async (x) => x * 2, { op: 'promise' }, null, 21);
    const rejected = await t.tracePromise(() => Promise.reject(new Error('no')), { op: 'reject' }).catch((e) => e.message);
    const called = await new Promise((resolve) => {
      t.traceCallback((x, done) => setTimeout(() => done(null, x + 1), 0), -1, { op: 'callback' }, null, 9,
        (error, value) => resolve(value));
    });
    const unsubscribed = [t.unsubscribe(handlers), t.unsubscribe(handlers), t.hasSubscribers];
    return [idle, sync, resolved, rejected, called, events, unsubscribed, t.start.name, dc.tracingChannel(t) === t];
  })();
  attempt('console', () => {
    const { Console } = require('console');
    const { Writable } = require('stream');
    const lines = [];
    const sink = new Writable({
      write(chunk, encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const c = new Console({ stdout: sink, stderr: sink });
    c.log('%s is %d', 'x', 5, { a: [1, { b: 2 }] });
    c.error('bad', new Map([[1, 'a']]));
    c.group('g');
    c.info('inner\nlines');
    c.groupEnd();
    c.count();
    c.count();
    c.count('x');
    c.assert(false, 'wrong %s', 'thing');
    c.assert(true, 'fine');
    c.dir({ deep: { deeper: { deepest: { gone: 1 } } } }, { depth: 0 });
    c.table([{ a: 1, b: 'xyz' }, { a: 100 }]);
    c.table(new Map([['k', { v: 1 }]]));
    c.table(5);
    const { log } = c;
    log('bound');
    return [require('console') === console, typeof console.Console, lines];
  });
  attempt('console.invalid', () => {
    try {
      return new (require('console').Console)({});
    } catch (error) {
      return `${error.name} ${error.code}`;
    }
  });
  attempt('buffer.more', () => {
    const b = require('buffer');
    const hex = (x) => x.toString('hex');
    return [hex(b.transcode(Buffer.from('h€llo é'), 'utf8', 'ascii')), hex(b.transcode(Buffer.from('h€llo é'), 'utf8', 'latin1')),
      hex(b.transcode(Buffer.from('hé'), 'utf8', 'utf16le')), hex(b.transcode(Buffer.from([0xe9, 0x41]), 'latin1', 'utf8')),
      hex(b.transcode(Buffer.from([0xe9, 0x41]), 'ascii', 'utf8')), b.isAscii(Buffer.from('abc')), b.isAscii(new Uint8Array([200])),
      b.isUtf8(Buffer.from([0xc3, 0xa9])), b.isUtf8(new Uint8Array([0xc3])), b.isUtf8(new ArrayBuffer(2)), b.kStringMaxLength > 2 ** 28,
      new b.File(['x'], 'f.txt').name, typeof b.SlowBuffer, Array.from(Buffer.of(1, 2)),
      Buffer.copyBytesFrom(new Uint16Array([1, 2, 3, 4]), 1, 2).toString('hex'), Buffer.copyBytesFrom(new Uint8Array([9]), 3).length,
      'TYPED_ARRAY_SUPPORT' in Buffer];
  });
  attempt('buffer.more.errors', () => [() => require('buffer').transcode(Buffer.from('x'), 'utf8', 'hex'),
    () => require('buffer').isAscii('x')].map((f) => {
    try {
      return f();
    } catch (error) {
      return [error.name, error.code];
    }
  }));
  attempt('constants', () => {
    const c = require('constants');
    return [c.O_RDONLY, c.S_IFMT, c.SIGINT, c.ENOENT, c.RTLD_LAZY, c.UV_UDP_REUSEADDR, c.defaultCoreCipherList === undefined,
      require('os').constants.errno.ENOENT, Object.keys(require('os').constants.errno).length > 70];
  });
  attempt('stream.module', () => {
    const s = require('stream');
    return [s === s.Stream, s.name, typeof s.Readable.from, s.Readable === require('stream').Readable, s.promises === require('stream/promises'),
      ['Readable', 'Writable', 'Duplex', 'Transform', 'PassThrough', 'pipeline', 'finished'].every((n) => typeof s[n] === 'function'),
      'from' in s, new s.PassThrough() instanceof s, new s.Readable() instanceof s.Stream];
  });
  // node:stream and the web's streams, both ways (Node's internals; readable-stream has none of it).
  out['stream and web streams'] = await (async () => {
    const { Readable, Writable, Duplex, finished, isErrored, isReadable, isDisturbed } = require('stream');
    const { pipeline } = require('stream/promises');
    const bytes = (text) => new TextEncoder().encode(text);
    const webOf = (...chunks) => new ReadableStream({ start(c) { chunks.forEach((x) => c.enqueue(x)); c.close(); } });
    const collect = async (readable) => {
      const got = [];
      for await (const x of readable) got.push(Buffer.isBuffer(x) ? `buffer:${x}` : String(x));
      return got;
    };
    const ended = (s) => new Promise((resolve) => finished(s, (e) => resolve(e ? `${e.name}: ${e.message}` : 'ok')));
    let control;
    const failing = new ReadableStream({ start(c) { control = c; } });
    const failed = ended(failing);
    control.error(new Error('boom'));
    const read = webOf('a');
    const closedRead = ended(read);
    await (async () => { const r = read.getReader(); await r.read(); await r.read(); })();
    const sink = [];
    const webSink = new WritableStream({ write(c) { sink.push(String(c)); } });
    await pipeline(Readable.from(['m', 'n']), webSink);
    const nodeSink = [];
    await pipeline(webOf('q', 'r'), new Writable({ objectMode: true, write(c, e, cb) { nodeSink.push(String(c)); cb(); } }));
    const written = [];
    const w = Writable.fromWeb(new WritableStream({ write(c) { written.push(Buffer.isBuffer(c) ? `buffer:${c}` : String(c)); } }));
    await new Promise((resolve) => w.end('hi', resolve));
    const toWeb = Readable.toWeb(Readable.from([Buffer.from('x'), Buffer.from('y')]));
    const fromWebDuplex = Duplex.fromWeb({ readable: webOf(bytes('A')), writable: new WritableStream() });
    const pair = Duplex.toWeb(new (require('stream').PassThrough)());
    const pairWriter = pair.writable.getWriter();
    pairWriter.write(bytes('P'));
    pairWriter.close();
    const consumers = require('stream/consumers');
    const errorOf = (f) => {
      try {
        f();
        return 'no error';
      } catch (e) {
        return [e.name, e.code];
      }
    };
    // (How bytes are split into chunks differs between Node versions.)
    const joined = async (readable) => {
      let text = '';
      let buffers = true;
      for await (const x of readable) {
        buffers &&= Buffer.isBuffer(x);
        text += x;
      }
      return [buffers, text];
    };
    return [await joined(Readable.fromWeb(webOf(bytes('ab'), bytes('c')))),
      await collect(Readable.fromWeb(webOf('s', 't'), { objectMode: true })),
      await collect(Readable.fromWeb(webOf(bytes('e')), { encoding: 'utf8' })),
      await collect(toWeb), toWeb instanceof ReadableStream, await failed, await closedRead, sink, nodeSink, written,
      await collect(fromWebDuplex), await collect(pair.readable),
      [isErrored(failing), isReadable(failing), isErrored(webOf()), isReadable(webOf()), isDisturbed(webOf()),
        isDisturbed(read), isReadable(read), isErrored(new WritableStream())],
      await consumers.text(Readable.from(['a', 'b'])), await consumers.json(webOf(bytes('{"a":1}'))),
      (await consumers.buffer(Readable.from([Buffer.from('z')]))).toString(), (await consumers.arrayBuffer(webOf(bytes('ab')))).byteLength,
      (await consumers.blob(webOf(bytes('abc')))).size, await consumers.text((async function* g() { yield 'it'; yield 'er'; })()),
      errorOf(() => Readable.fromWeb({})), errorOf(() => Readable.toWeb({})), errorOf(() => Writable.fromWeb(null)),
      errorOf(() => Duplex.fromWeb({ readable: webOf() }))];
  })();
  // Hash and Hmac are Transform streams, Sign and Verify Writables (their stream half loads on first use).
  out['crypto objects as streams'] = await (async () => {
    const c = require('crypto');
    const hash = c.createHash('sha256');
    const before = [typeof hash.pipe, typeof c.createVerify('sha256').write];
    const { Readable, Writable, Transform } = require('stream');
    const { pipeline } = require('stream/promises');
    const fresh = c.createHash('md5');
    const shape = [fresh instanceof Transform, c.createSign('sha256') instanceof Writable, typeof fresh.on];
    hash.setEncoding('hex');
    hash.write('ab');
    hash.end('c');
    const piped = await new Promise((resolve, reject) => {
      const h = c.createHash('sha1');
      Readable.from([Buffer.from('a'), Buffer.from('bc')]).pipe(h).on('readable', () => {
        const d = h.read();
        if (d) resolve(d.toString('hex'));
      }).on('error', reject);
    });
    const macs = [];
    await pipeline(Readable.from(['x', 'y']), c.createHmac('sha256', 'key'),
      new Writable({ write(chunk, e, cb) { macs.push(chunk.toString('base64')); cb(); } }));
    const { privateKey, publicKey } = c.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const signer = c.createSign('sha256');
    signer.write('mes');
    signer.end('sage');
    const signature = signer.sign(privateKey);
    const verifier = c.createVerify('sha256');
    verifier.write('message');
    verifier.end();
    const iterated = [];
    const last = c.createHash('sha256');
    last.end('q');
    for await (const d of last) iterated.push(d.toString('hex'));
    return [before, shape, hash.read(), piped, macs, verifier.verify(publicKey, signature),
      c.createHash('md5').update('abc').digest('hex'), iterated];
  })();
  // Node's histograms bucket as HdrHistogram does: the same min, max, mean, stddev and percentiles.
  attempt('perf_hooks histograms', () => {
    const { createHistogram } = require('perf_hooks');
    const summary = (h) => [h.count, h.exceeds, h.min, h.max, h.mean, h.stddev, [...h.percentiles], h.percentile(50), h.percentile(99),
      h.percentile(100), h.percentile(0.001)];
    const empty = createHistogram();
    const ten = createHistogram();
    for (const v of [1, 5, 5, 100, 2047, 2048, 2049, 5000, 123456, 1e9]) ten.record(v);
    const many = createHistogram();
    for (let i = 1; i <= 1000; i++) many.record(i * 37);
    const spread = createHistogram();
    for (let i = 0; i < 300; i++) spread.record(Math.floor(1.7 ** (i % 60)) + i);
    const coarse = createHistogram({ lowest: 10, highest: 100000, figures: 2 });
    // (Values between `highest` and the end of its bucket are kept by Debian's libhdr_histogram, refused by
    // Node's own build: none here.)
    for (let i = 1; i <= 300; i++) coarse.record(i * 333);
    coarse.record(200000);
    coarse.record(1e7);
    const added = createHistogram();
    added.record(3n);
    added.add(many);
    const deltas = createHistogram();
    deltas.recordDelta();
    deltas.recordDelta();
    const errors = [() => ten.record(0), () => ten.record(1.5), () => ten.record('x'), () => ten.percentile(101),
      () => ten.percentile(0), () => ten.record(2 ** 53), () => createHistogram({ lowest: 0 }), () => createHistogram({ figures: 6 }),
      () => ten.add({}), () => createHistogram({ lowest: 5, highest: 9 })].map((f) => {
      try {
        f();
        return 'no error';
      } catch (e) {
        return [e.name, e.code, e.message];
      }
    });
    // (Node 24 adds skewness, kurtosis and moving averages to toJSON.)
    const json = ten.toJSON();
    const full = [summary(ten), ['count', 'min', 'max', 'mean', 'exceeds', 'stddev', 'percentiles'].map((k) => json[k])];
    ten.reset();
    return [summary(empty), String(empty.minBigInt), full, summary(ten), summary(many),
      summary(spread), summary(coarse), summary(added), String(added.countBigInt), String(added.maxBigInt), deltas.count, errors];
  });
  out['perf_hooks observers'] = await (async () => {
    const { PerformanceObserver, performance: perf, monitorEventLoopDelay } = require('perf_hooks');
    const seen = [];
    const observer = new PerformanceObserver((list, o) => seen.push([list.getEntries().map((e) => [e.name, e.entryType]),
      o === observer, list.getEntriesByType('mark').length, list.getEntriesByName('b').length, Object.prototype.toString.call(list)]));
    perf.mark('early');
    observer.observe({ type: 'mark', buffered: true });
    perf.mark('a');
    perf.mark('b');
    perf.measure('m', 'a', 'b');
    const sync = [seen.length, observer.takeRecords().map((e) => e.name)];
    perf.mark('c');
    await new Promise((r) => setTimeout(r, 5));
    const calls = [];
    const functions = new PerformanceObserver((l) => calls.push(l.getEntries().map((e) => [e.entryType, e.name, e.detail,
      Object.keys(e.toJSON())])));
    functions.observe({ entryTypes: ['function', 'measure'] });
    const work = perf.timerify(function work(a, b) { return a + b; });
    const Made = perf.timerify(class Made { constructor(v) { this.v = v; } });
    const called = [work.name, work.length, work(1, 2), new Made(3).v, Made.name];
    perf.measure('from zero');
    await new Promise((r) => setTimeout(r, 5));
    const timing = { startTime: 1, redirectStartTime: 0, redirectEndTime: 0, postRedirectStartTime: 2, finalServiceWorkerStartTime: 0,
      finalNetworkRequestStartTime: 3, finalNetworkResponseStartTime: 4, endTime: 5, encodedBodySize: 10, decodedBodySize: 20,
      finalConnectionTimingInfo: null };
    const resources = [];
    const watching = new PerformanceObserver((l) => resources.push(l.getEntries().map((e) => e.name)));
    watching.observe({ type: 'resource' });
    const entry = perf.markResourceTiming(timing, 'https://x.test/a', 'fetch', globalThis, '', {}, 200, '');
    // (Not deliveryType and responseStatus: Node 22.2 added them.)
    const resource = entry.toJSON();
    delete resource.deliveryType;
    delete resource.responseStatus;
    const buffered = [perf.getEntriesByType('resource').length, perf.getEntries().includes(entry)];
    await new Promise((r) => setTimeout(r, 5));
    perf.clearResourceTimings();
    const delay = monitorEventLoopDelay({ resolution: 2 });
    const enabled = [delay.enable(), delay.enable()];
    await new Promise((r) => setTimeout(r, 20));
    const disabled = [delay.disable(), delay.disable()];
    const errors = [() => observer.observe(), () => observer.observe({ type: 'mark', entryTypes: ['mark'] }),
      () => new PerformanceObserver(5), () => perf.timerify(5)].map((f) => {
      try {
        f();
        return 'no error';
      } catch (e) {
        return [e.name, e.code, e.message];
      }
    });
    for (const o of [observer, functions, watching]) o.disconnect();
    perf.clearMarks();
    perf.clearMeasures();
    return [sync, seen, called, calls, resource, entry.constructor.name, buffered, resources, perf.getEntriesByType('resource').length,
      enabled, disabled, delay.count > 0, delay.min >= 1, errors, PerformanceObserver === globalThis.PerformanceObserver,
      typeof globalThis.PerformanceResourceTiming];
  })();
  // process.nextTick's queue runs before the microtasks, at each checkpoint, as Node's.
  out['nextTick order'] = await new Promise((resolve) => setTimeout(() => {
    const log = [];
    Promise.resolve().then(() => {
      log.push('p1');
      process.nextTick(() => log.push('tick from p1'));
      Promise.resolve().then(() => log.push('promise from p1'));
    });
    process.nextTick(() => {
      log.push('t1');
      process.nextTick(() => log.push('tick from t1'));
      Promise.resolve().then(() => log.push('promise from t1'));
    });
    queueMicrotask(() => log.push('q1'));
    process.nextTick((a, b) => log.push(`t2 ${a} ${b}`), 'x', 'y');
    setImmediate(() => log.push('immediate'));
    setTimeout(() => resolve([...log, 'timeout']), 5);
  }, 0));
  // setImmediate runs before a setTimeout(…, 0) queued with it (Node's check phase; 0 ms is 1 ms there).
  // (One queued by an immediate may run after that timeout in Node too, when a loop turn takes 1 ms: not compared.)
  out['setImmediate'] = await new Promise((resolve) => setTimeout(() => {
    const log = [];
    setTimeout(function () { log.push(`timeout 0 ${this.constructor.name}`); }, 0);
    const first = setImmediate(function (a) {
      log.push(`immediate 1 ${a} ${this === first}`);
      process.nextTick(() => log.push('tick from immediate'));
    }, 'x');
    setImmediate(() => log.push('immediate 2'));
    clearImmediate(setImmediate(() => log.push('cleared')));
    const methods = ['ref', 'unref', 'hasRef'].map((name) => typeof first[name]);
    const refs = [first.hasRef(), first.unref() === first, first.hasRef(), first.ref().hasRef()];
    setTimeout(() => resolve([first.constructor.name, methods, refs, log]), 20);
  }, 0));
  // process's events for what nobody caught (sorted: two timers of 1 ms race).
  out['process error events'] = await new Promise((resolve) => setTimeout(() => {
    const seen = [];
    const listeners = {
      uncaughtExceptionMonitor: (error, origin) => seen.push(['monitor', error.message, origin]),
      uncaughtException: (error, origin) => seen.push(['uncaught', error.message, origin]),
      unhandledRejection: (reason, promise) => {
        seen.push(['unhandled', reason.message, promise instanceof Promise]);
        if (reason.message === 'handled later') setTimeout(() => promise.catch(() => {}), 1);
      },
      rejectionHandled: (promise) => seen.push(['handled later', promise instanceof Promise]),
    };
    for (const [name, listener] of Object.entries(listeners)) process.on(name, listener);
    setTimeout(() => { throw new Error('from a timer'); }, 1);
    process.nextTick(() => { throw new Error('from a tick'); });
    Promise.reject(new Error('rejected'));
    Promise.reject(new Error('handled later'));
    setTimeout(() => {
      process.off('unhandledRejection', listeners.unhandledRejection);
      Promise.reject(new Error('as an exception'));
      setTimeout(() => {
        for (const [name, listener] of Object.entries(listeners)) process.off(name, listener);
        resolve(seen.map((entry) => JSON.stringify(entry)).sort());
      }, 20);
    }, 30);
  }, 0));
  // Node's Timeout objects, from the globals and from node:timers.
  out['Timeout objects'] = await (async () => {
    const fired = [];
    const timeout = setTimeout(function () { fired.push(this === timeout ? 'timeout, this' : 'timeout'); }, 1);
    const methods = ['ref', 'unref', 'hasRef', 'refresh', 'close'].map((name) => typeof timeout[name]);
    const refs = [timeout.hasRef(), timeout.unref() === timeout, timeout.hasRef(), timeout.ref().hasRef()];
    const primitive = typeof +timeout;
    const cleared = setTimeout(() => fired.push('cleared by its number'), 1);
    clearTimeout(+cleared);
    const closed = require('timers').setTimeout(() => fired.push('closed'), 1).close();
    let ticks = 0;
    const interval = setInterval(function () {
      fired.push(`tick ${++ticks}${this === interval ? ', this' : ''}`);
      if (ticks === 2) clearInterval(interval);
    }, 1);
    const refreshed = setTimeout(() => fired.push('refreshed'), 1);
    const again = refreshed.refresh() === refreshed;
    // Until the four that fire have (5 s at most: no timing in the result).
    for (let waited = 0; fired.length < 4 && waited < 5000; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 5));
    return [methods, refs, primitive, closed.constructor.name, typeof interval.unref, again, fired.sort()];
  })();
  attempt('perf_hooks', () => [require('perf_hooks').performance === performance,
    typeof require('perf_hooks').performance.now(), typeof require('perf_hooks').PerformanceEntry]);
  return out;
};

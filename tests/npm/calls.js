// Calls into real npm packages, run by Node.js and by jsrun
// (tests/test_npm_packages.py): `run(load)` loads each package with `load`
// (require or import) and returns what the calls give, to compare as JSON.
// A namespace's named export, or module.exports' property.
/* exported run */
/* global lockdown, Compartment -- what `ses` defines */
const get = (mod, key) => (mod != null && key in mod ? mod[key] : mod?.default?.[key]);
// An RSA key (PKCS#1 PEM, 1024 bits: quick to use) made by Node, for the signing packages.
const RSA_KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIICXgIBAAKBgQDD0vVoXd3LNXAiyocpaHMV2Hzp2z41MrZbDqa5TVXXNyaepbqv\n4OZdtpmPYqSgGAxotJUnPBDKr/PEW5KYw7tsaAMxOy3ONv8qIV0R1PQ7ZbMFuGeo\nREfx6gic5lrF0pxKMDpfdsimJYwHpsXysaeQoAnWXdIJA0TiGqGWdmqnAQIDAQAB\nAoGBAKer00tYzBc6G1j+1vqCn7/9zP8kJcDBOlj/U4xohm6vn1bKCu6bgESPnC6k\nxNb7oGxq6ydcC/iw7eWcjwpU1f27YNYLDzuhcMSNxoaYwXpYebejjjhKqVgh5Q7L\n99Ncue4y37snJvwE9oZizGRNE2Bi0Dwj2UcExHldwGSEgh2RAkEA/IjIzPnuOl/Q\nWE54IhrIL3AXe6sdidBpZWyI8iY51nOg1hHNJnzVXBgEQgDanWEaQnu765n12upk\nGZxaHtwFpQJBAMaC7+M8iP+6N3sTzv3H6bwHppM+L+4knmfaqWSpaV7As59NJ5I0\nH79PKfW2TawR9JxH1F0JFhKUwhr6y+bAtS0CQQC809qxykBjzbkQDrytY7FEJ2Cn\nzC9uGTR17k4IIqUkwZkF+JGZscYn8p1cbR8Khs0H4VWGubyoUJNAwzRv1r0xAkEA\nhO13D3Yg0wVyU2NPT1dH59ZDsAOLeu9gd3DPz4019vIZFcpHfjqTK7sqANRjrJ6V\navUaenY0JpsgY4qfcVSHvQJACRF1K/LyYGTs3esMas+GGnLxqhL/MhcJcqCM69D5\n2Knyc/3AdwnT4SZ+ma+O/2uJbvGztPiQDzRmSZ7OYvRLbg==\n-----END RSA PRIVATE KEY-----\n";
// A one-page PDF made by pdf-lib (two lines of Helvetica).
const HELLO_PDF = 'JVBERi0xLjcKJYGBgYEKCjEgMCBvYmoKPDwKL1R5cGUgL1BhZ2VzCi9LaWRzIFsgNSAwIFIgXQovQ291bnQgMQo+PgplbmRvYmoKCjIgMCBvYmoKPDwKL1R5cGUgL0NhdGFsb2cKL1BhZ2VzIDEgMCBSCj4+CmVuZG9iagoKMyAwIG9iago8PAovUHJvZHVjZXIgPEZFRkYwMDZBMDA3MzAwNzIwMDc1MDA2RTAwMjAwMDc0MDA2NTAwNzMwMDc0MDA3Mz4KL01vZERhdGUgKEQ6MTk3MDAxMDEwMDAwMDBaKQovQ3JlYXRvciA8RkVGRjAwNkEwMDczMDA3MjAwNzUwMDZFMDAyMDAwNzQwMDY1MDA3MzAwNzQwMDczPgovQ3JlYXRpb25EYXRlIChEOjE5NzAwMTAxMDAwMDAwWikKPj4KZW5kb2JqCgo0IDAgb2JqCjw8Ci9UeXBlIC9Gb250Ci9TdWJ0eXBlIC9UeXBlMQovQmFzZUZvbnQgL0hlbHZldGljYQovRW5jb2RpbmcgL1dpbkFuc2lFbmNvZGluZwo+PgplbmRvYmoKCjUgMCBvYmoKPDwKL1R5cGUgL1BhZ2UKL1BhcmVudCAxIDAgUgovUmVzb3VyY2VzIDw8Ci9Gb250IDw8Ci9IZWx2ZXRpY2EtNzA5ODQ4MDc4OSA0IDAgUgovSGVsdmV0aWNhLTk3NDI2ODI1NjggNCAwIFIKPj4KL1hPYmplY3QgPDwKPj4KL0V4dEdTdGF0ZSA8PAo+Pgo+PgovTWVkaWFCb3ggWyAwIDAgMzAwIDIwMCBdCi9Bbm5vdHMgWyBdCi9Db250ZW50cyBbIDYgMCBSIF0KPj4KZW5kb2JqCgo2IDAgb2JqCjw8Ci9GaWx0ZXIgL0ZsYXRlRGVjb2RlCi9MZW5ndGggMTQ1Cj4+CnN0cmVhbQp4nHXNsQoCQQwE0D5fkVoQs9lsNgdi4XmHhY2QHxA5RdHiRPx+o1aCMjBMMfBGWDoQvnI7wmw9XB7D/bTfTSs1JkbVGkyGfgAW9A2k9zUhRxVCv8JcTIu2kZ5JtbL2uoqVmAqJiC7Qz+AT6By2MP7zmiqsxkUNE//26OOVHF4OpVMJp9UmVmHKkvnLegJOPzBMCmVuZHN0cmVhbQplbmRvYmoKCnhyZWYKMCA3CjAwMDAwMDAwMDAgNjU1MzUgZiAKMDAwMDAwMDAxNiAwMDAwMCBuIAowMDAwMDAwMDc2IDAwMDAwIG4gCjAwMDAwMDAxMjYgMDAwMDAgbiAKMDAwMDAwMDMzMiAwMDAwMCBuIAowMDAwMDAwNDMwIDAwMDAwIG4gCjAwMDAwMDA2NTMgMDAwMDAgbiAKCnRyYWlsZXIKPDwKL1NpemUgNwovUm9vdCAyIDAgUgovSW5mbyAzIDAgUgo+PgoKc3RhcnR4cmVmCjg3MQolJUVPRg==';
// The image of the pngjs case, as Node's pngjs wrote it.
const NODE_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAYAAACddGYaAAAAHElEQVR4AWP4z8Dwn+E/w38Ghv8NjIxMzCwwAABrtwWnBzmAuwAAAABJRU5ErkJggg==';
// What a package is loaded by, where that is not its name (PDF.js's build for Node, ruby.wasm's for Node).
const ENTRIES = { 'pdfjs-dist': 'pdfjs-dist/legacy/build/pdf.mjs', '@ruby/wasm-wasi': '@ruby/wasm-wasi/dist/node' };
// CRuby 3.4 built for WASI (16 MB, without its standard library), read from node_modules.
const rubyWasm = () => require('fs').readFileSync(require('path').resolve('node_modules/@ruby/3.4-wasm-wasi/dist/ruby.wasm'));
// module.exports, an ES module's default export, or the object itself.
const main = (mod) => (mod && mod[Symbol.toStringTag] === 'Module' && 'default' in mod ? mod.default : mod);

const CASES = {
  lodash: (m) => {
    const _ = main(m);
    return [_.chunk([1, 2, 3, 4, 5], 2), _.camelCase('Foo Bar-baz'), _.groupBy([1.3, 2.1, 2.4], Math.floor),
      _.template('hi <%= name %>!')({ name: 'Ann' }), _.uniqBy([{ a: 1 }, { a: 1 }, { a: 2 }], 'a')];
  },
  semver: (m) => {
    const s = main(m);
    return [s.satisfies('1.2.3', '^1.0.0'), s.inc('1.2.3', 'minor'), s.sort(['1.10.0', '1.2.0', '1.9.0']),
      s.coerce('v2.3').version, s.valid('nope'), s.intersects('>=1.2.0', '<1.3.0')];
  },
  marked: (m) => get(m, 'marked').parse('# Hi\n\n*a* [link](http://x.test) `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |'),
  'markdown-it': (m) => main(m)({ linkify: true }).render('# Title\n\n- a\n- **b**\n\nhttps://example.com and `c`'),
  uuid: (m) => [get(m, 'validate')(get(m, 'v4')()), get(m, 'v5')('hello', get(m, 'v5').URL),
    get(m, 'version')('6ba7b811-9dad-11d1-80b4-00c04fd430c8'), get(m, 'v7')().length],
  nanoid: (m) => {
    const id = get(m, 'nanoid')();
    return [id.length, /^[A-Za-z0-9_-]+$/.test(id), get(m, 'customAlphabet')('ab', 10)().replace(/[ab]/g, '')];
  },
  '@sindresorhus/slugify': (m) => [main(m)('Déjà Vu & Friends!'), main(m)('I ♥ Dogs'), main(m)('Foo Bar', { separator: '_' })],
  'date-fns': (m) => [get(m, 'format')(new Date(2020, 1, 29, 13, 5), "yyyy-MM-dd'T'HH:mm EEEE"),
    get(m, 'addDays')(new Date(Date.UTC(2020, 0, 31)), 1).toISOString(),
    get(m, 'differenceInCalendarDays')(new Date(2021, 0, 1), new Date(2020, 0, 1)),
    get(m, 'formatDistanceStrict')(new Date(2020, 0, 1), new Date(2020, 0, 3))],
  dayjs: (m) => main(m)('2019-01-25').add(1, 'month').format('YYYY-MM-DD dddd'),
  'js-yaml': (m) => [get(m, 'load')('a: 1\nb: [x, y]\nc: {d: true}\n'), get(m, 'dump')({ a: [1, { b: 'c' }] })],
  ajv: (m) => {
    const Ajv = main(m).default || main(m);
    const validate = new Ajv({ allErrors: true }).compile({
      type: 'object', properties: { n: { type: 'integer', minimum: 3 }, s: { type: 'string', pattern: '^a' } }, required: ['n'],
    });
    return [validate({ n: 5, s: 'abc' }), validate({ n: 1, s: 'x' }), validate.errors.map((e) => `${e.instancePath} ${e.message}`)];
  },
  'iconv-lite': (m) => {
    const iconv = main(m);
    const bytes = iconv.encode('Grüße €', 'win1252');
    return [Buffer.isBuffer(bytes), bytes.toString('hex'), iconv.decode(bytes, 'win1252'),
      iconv.decode(Buffer.from([0x82, 0xa0, 0x93, 0xfa]), 'shift_jis'), iconv.encodingExists('koi8-r')];
  },
  'xxhash-wasm': async (m) => {
    const hasher = await main(m)();
    return [hasher.h32('hello'), hasher.h64('hello').toString(16), hasher.h32ToString('abc'), hasher.h64ToString('abc')];
  },
  zod: (m) => {
    const z = get(m, 'z');
    const schema = z.object({ name: z.string().min(2), age: z.number().int().optional() });
    const failed = schema.safeParse({ name: 'x', age: 1.5 });
    return [schema.parse({ name: 'ab' }), failed.success, failed.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`)];
  },
  qs: (m) => [main(m).parse('a[b][c]=d&e=1&e=2'), main(m).stringify({ a: { b: [1, 2] }, c: 'x y' }, { encode: false }),
    main(m).stringify({ a: 'b c' })],
  acorn: (m) => {
    const ast = get(m, 'parse')('let x = 1 + 2; async function f() { await x }', { ecmaVersion: 2022 });
    return [ast.body.map((n) => n.type), ast.body[0].declarations[0].init.operator, ast.end];
  },
  yaml: (m) => [get(m, 'parse')('x:\n  - 1\n  - two\n'), get(m, 'stringify')({ a: { b: [1, 2] } })],
  'fast-xml-parser': (m) => new (get(m, 'XMLParser'))({ ignoreAttributes: false }).parse('<a x="1"><b>t</b><b>u</b></a>'),
  'crypto-js': (m) => {
    const C = main(m);
    return [C.SHA256('abc').toString(), C.HmacSHA1('message', 'key').toString(), C.enc.Base64.stringify(C.enc.Utf8.parse('hé')),
      C.AES.decrypt(C.AES.encrypt('secret', 'pw').toString(), 'pw').toString(C.enc.Utf8), C.MD5('x').toString()];
  },
  '@msgpack/msgpack': (m) => {
    const bytes = get(m, 'encode')({ a: [1, 'x', true, null, 1.5] });
    return [Array.from(bytes), get(m, 'decode')(bytes)];
  },
  eventemitter3: (m) => {
    const EventEmitter = main(m);
    const emitter = new EventEmitter();
    const seen = [];
    emitter.on('x', (v) => seen.push(v));
    emitter.once('x', (v) => seen.push(`once ${v}`));
    emitter.emit('x', 1);
    emitter.emit('x', 2);
    return [seen, emitter.listenerCount('x')];
  },
  'p-limit': async (m) => {
    const limit = main(m)(2);
    const order = [];
    const results = await Promise.all([1, 2, 3].map((i) => limit(async () => {
      order.push(`start ${i}`);
      await null;
      return i * 10;
    })));
    return [results, order, limit.activeCount];
  },
  debug: (m) => {
    const debug = main(m);
    debug.enable('app:*,-app:quiet');
    const lines = [];
    const log = debug('app:db');
    log.log = (...args) => lines.push(args.length);
    log('query %o took %dms', { id: 1 }, 5);
    return [log.enabled, debug('app:quiet').enabled, debug('other').enabled, log.namespace, lines, debug.humanize(1500),
      debug.coerce(new Error('boom')).startsWith('Error: boom')];
  },
  chalk: (m) => {
    const { Chalk } = m;
    const chalk = new Chalk({ level: 1 });
    return [chalk.red('x'), chalk.bold.underline('y'), new Chalk({ level: 0 }).green('plain'), chalk.rgb(255, 0, 0)('z')];
  },
  winston: (m) => {
    const { format } = main(m);
    const line = format.combine(format.label({ label: 'app' }), format.printf((i) => `[${i.label}] ${i.level}: ${i.message}`));
    const json = format.json();
    const out = json.transform({ level: 'info', message: 'hi', n: 1 }, json.options);
    return [line.transform({ level: 'warn', message: 'careful' })[Symbol.for('message')], out[Symbol.for('message')],
      Object.keys(main(m).config.npm.levels)];
  },
  // Loads node:http and node:zlib (denied when called here), fetches through fetch().
  axios: async (m) => {
    const axios = main(m);
    const got = await axios.get('data:application/json,%7B%22a%22%3A%5B1%2C2%5D%7D', { adapter: 'fetch' });
    return [got.status, got.data, typeof axios.create, axios.isAxiosError(new axios.AxiosError('x'))];
  },
  // Node's own fetch: its bodies are web streams read through node:stream's bridges; MockAgent answers.
  undici: async (m) => {
    const { MockAgent, fetch, request } = m;
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get('https://api.test');
    pool.intercept({ path: '/json' }).reply(200, { a: [1, 2] }, { headers: { 'content-type': 'application/json' } });
    pool.intercept({ path: '/text', method: 'POST' }).reply(201, 'made');
    pool.intercept({ path: '/stream' }).reply(200, 'chunked body');
    pool.intercept({ path: '/request' }).reply(200, 'via request');
    const json = await fetch('https://api.test/json', { dispatcher: agent });
    const text = await fetch('https://api.test/text', { method: 'POST', body: 'x', dispatcher: agent });
    const streamed = await fetch('https://api.test/stream', { dispatcher: agent });
    const parts = [];
    for await (const chunk of streamed.body) parts.push(Buffer.from(chunk).toString());
    const viaRequest = await request('https://api.test/request', { dispatcher: agent });
    const refused = await fetch('https://api.test/none', { dispatcher: agent }).catch((e) => [e.name, e.cause?.code]);
    return [json.status, await json.json(), json.headers.get('content-type'), text.status, await text.text(), parts.join(''),
      viaRequest.statusCode, await viaRequest.body.text(), refused];
  },
  // Loads node:child_process and node:fs (for subcommands run as programs).
  commander: (m) => {
    const { Command } = m;
    const program = new Command().exitOverride().allowExcessArguments().option('-d, --debug', 'debug')
      .option('-n, --name <name>', 'name', 'x');
    program.parse(['-d', '--name', 'ada', 'rest'], { from: 'user' });
    return [program.opts(), program.args, program.helpInformation().split('\n')[0]];
  },
  pino: (m) => {
    const pino = main(m);
    const lines = [];
    const log = pino({ base: undefined, timestamp: false }, { write: (line) => lines.push(line) });
    log.info({ user: 'ada' }, 'hello %s', 'world');
    log.child({ request: 7 }).warn('slow');
    log.debug('hidden');
    return lines.map((l) => JSON.parse(l));
  },
  // node:crypto's KeyObjects, createSign/createVerify and HMACs with a KeyObject.
  jsonwebtoken: (m) => {
    const jwt = main(m);
    const claims = { sub: 'ann', iat: 1700000000, exp: 4102444800 };
    const hs = jwt.sign(claims, 'secret');
    const rs = jwt.sign(claims, RSA_KEY, { algorithm: 'RS256', keyid: 'k1', allowInsecureKeySizes: true });
    const ps = jwt.sign(claims, RSA_KEY, { algorithm: 'PS384', allowInsecureKeySizes: true });
    const refused = (token, key, options) => {
      try {
        jwt.verify(token, key, options);
        return 'accepted';
      } catch (error) {
        return `${error.name}: ${error.message}`;
      }
    };
    const publicKey = require('crypto').createPublicKey(RSA_KEY);
    return [hs, rs, jwt.verify(hs, 'secret'), jwt.verify(rs, publicKey), jwt.verify(ps, publicKey).sub,
      jwt.decode(rs, { complete: true }).header, refused(hs, 'wrong'), refused(rs, publicKey, { algorithms: ['HS256'] }),
      refused(jwt.sign({ exp: 1 }, 'secret'), 'secret')];
  },
  // RegExp literals with the v flag (set notation, \p{RGI_Emoji}): rewritten on V8 10.2.
  'string-width': (m) => [main(m)('abc'), main(m)('古池や'), main(m)('👩‍👩‍👧'), main(m)('\u001b[31mred\u001b[39m'),
    main(m)('e\u0301'), main(m)('\u200b')],
  // A DOM in JavaScript; reads its default style sheet with fs (allow_read).
  jsdom: (m) => {
    const dom = new (get(m, 'JSDOM'))('<!DOCTYPE html><p class="x">Hi <b>there</b></p><ul><li>1</li><li>2</li></ul>');
    const { document } = dom.window;
    document.querySelector('ul').append(Object.assign(document.createElement('li'), { textContent: '3' }));
    return [document.querySelector('.x').textContent, [...document.querySelectorAll('li')].map((li) => li.textContent),
      dom.serialize(), dom.window.getComputedStyle(document.querySelector('b')).fontWeight];
  },
  // Zip, XML and streams (node:stream's Stream, zlib).
  exceljs: async (m) => {
    const { Workbook } = main(m);
    const book = new Workbook();
    const sheet = book.addWorksheet('S');
    sheet.addRow(['name', 'n']);
    sheet.addRow(['a', 1]);
    sheet.getCell('B3').value = { formula: 'B2*2', result: 2 };
    const bytes = await book.xlsx.writeBuffer();
    const read = new Workbook();
    await read.xlsx.load(bytes);
    const again = read.getWorksheet('S');
    return [again.rowCount, again.getRow(2).values, again.getCell('B3').formula, (await book.csv.writeBuffer()).toString()];
  },
  // A web framework over Request and Response.
  hono: async (m) => {
    const app = new (get(m, 'Hono'))();
    app.get('/hi/:name', (c) => c.json({ hello: c.req.param('name'), q: c.req.query('q') }));
    app.post('/echo', async (c) => c.text(await c.req.text(), 201));
    const one = await app.request('/hi/ann?q=1');
    const two = await app.request('/echo', { method: 'POST', body: 'ping' });
    const three = await app.request('/nope');
    return [one.status, await one.json(), two.status, await two.text(), three.status];
  },
  // Another, whose Response (srvx's) finds the native one by walking up from globalThis.Response.
  h3: async (m) => {
    const app = new (get(m, 'H3'))();
    app.get('/hi/:name', (event) => ({ hello: event.context.params.name }));
    app.post('/echo', async (event) => `${await event.req.text()}!`);
    const one = await app.fetch(new Request('http://x.test/hi/ann'));
    const two = await app.fetch(new Request('http://x.test/echo', { method: 'POST', body: 'ping' }));
    const three = await app.fetch(new Request('http://x.test/nope'));
    return [one.status, one.headers.get('content-type'), await one.json(), await two.text(), three.status, one instanceof Response];
  },
  // A bundler in Wasm, over in-memory modules; its plugin utilities read path.win32 as they load.
  '@rollup/wasm-node': async (m) => {
    const files = {
      'main.js': "import { double } from './math.js';\nexport const answer = double(21);\n",
      'math.js': 'export const double = (x) => x * 2;\nexport const unused = () => 0;\n',
    };
    const memory = { name: 'memory', resolveId: (id) => id.replace('./', ''), load: (id) => files[id] };
    const bundle = await get(m, 'rollup')({ input: 'main.js', plugins: [memory] });
    const { output } = await bundle.generate({ format: 'cjs' });
    await bundle.close();
    return [output[0].code, output[0].exports];
  },
  // React for the command line: its layout (yoga-layout, in Wasm) and its output, written to a stream; it reads
  // process.stdin (Node's is a stream even with no input).
  ink: async (m) => {
    const React = require('react');
    const { Box, Text } = m;
    const writes = [];
    const stdout = { columns: 40, rows: 10, write: (text) => writes.push(text), on() {}, off() {}, removeListener() {} };
    const tree = React.createElement(Box, { borderStyle: 'round', padding: 1, flexDirection: 'column' },
      React.createElement(Text, null, 'Hello from ink'), React.createElement(Text, { bold: true }, 'second'));
    const app = get(m, 'render')(tree, { stdout, stderr: stdout, patchConsole: false, debug: true });
    app.unmount();
    return [writes.length > 0, writes[0]]; // (in CI, is-in-ci has ink write one more line as it unmounts)
  },
  // Ruby in Wasm, through node:wasi.
  '@ruby/wasm-wasi': async (m) => {
    const { vm } = await get(m, 'DefaultRubyVM')(await WebAssembly.compile(rubyWasm()));
    const ruby = (code) => vm.eval(code).toString();
    let raised;
    try {
      vm.eval('raise ArgumentError, "bad"');
    } catch (error) {
      raised = String(error.message).split('\n')[0];
    }
    return [ruby('RUBY_VERSION[0, 3]'), ruby('(1..10).map { |x| x * x }.select(&:even?).sum'),
      ruby('{ a: 1, "b" => [2.5, nil, :c] }.inspect'), ruby('"héllo".upcase.bytesize'), raised,
      ruby('Struct.new(:x, :y).new(1, 2).to_a.inspect'), ruby('Time.at(0).utc.year'), ruby('ENV.to_h.inspect')];
  },
  // The Ruby binaries: the package's own entry (an alias of @ruby/wasm-wasi's), and its module's interface.
  '@ruby/3.4-wasm-wasi': (m) => {
    const module = new WebAssembly.Module(rubyWasm());
    return [typeof get(m, 'RubyVM'), WebAssembly.Module.imports(module).filter((i) => i.module === 'wasi_snapshot_preview1').length,
      WebAssembly.Module.exports(module).some((e) => e.name === '_initialize')];
  },
  // Publishes to node:diagnostics_channel when someone subscribes.
  'lru-cache': (m) => {
    const cache = new (get(m, 'LRUCache'))({ max: 2, ttl: 0 });
    const dc = require('diagnostics_channel');
    const seen = [];
    const listen = (message) => seen.push(message?.get ?? message?.set ?? Object.keys(message ?? {}).sort().join());
    dc.subscribe('lru-cache:metrics', listen);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    dc.unsubscribe('lru-cache:metrics', listen);
    return [[...cache.keys()], cache.has('b'), cache.size, seen];
  },
  // Loads undici (node:diagnostics_channel, node:console) for its fetch.
  cheerio: (m) => {
    const $ = get(m, 'load')('<ul id="l"><li class="a">x</li><li>y &amp; z</li></ul>');
    $('li').last().addClass('b').attr('data-n', '2');
    $('#l').append('<li>new</li>');
    return [$('li.a').text(), $('li').map((i, el) => $(el).text()).get(), $.html(), $('li[data-n]').attr('class')];
  },
  // Server-side rendering.
  react: (m) => {
    const React = main(m);
    const element = React.createElement('div', { className: 'x' }, React.createElement('b', null, 'hi'), ' there');
    return [element.props.className, React.Children.count(element.props.children), typeof React.useState];
  },
  'react-dom': () => {
    const React = require('react');
    const { renderToString, renderToStaticMarkup } = require('react-dom/server');
    const List = ({ items }) => React.createElement('ul', null, items.map((i) => React.createElement('li', { key: i }, i)));
    const App = () => {
      const [n] = React.useState(3);
      return React.createElement('main', { id: 'app' }, `n=${n}`, React.createElement(List, { items: ['a', '<b>'] }));
    };
    return [renderToString(React.createElement(App)), renderToStaticMarkup(React.createElement(App))];
  },
  vue: async (m) => {
    const { createSSRApp, h } = main(m);
    const { renderToString } = require('vue/server-renderer');
    const fromRender = createSSRApp({ data: () => ({ n: 3 }), render() {
      return h('div', { id: 'a' }, `n=${this.n}`);
    } });
    const fromTemplate = createSSRApp({ data: () => ({ items: ['x', 'y'] }), template: '<ul><li v-for="i in items">{{ i }}</li></ul>' });
    return [await renderToString(fromRender), await renderToString(fromTemplate)];
  },
  // OpenPGP over Web Crypto: password encryption, key generation, signatures.
  openpgp: async (m) => {
    const pgp = main(m);
    const encrypted = await pgp.encrypt({ message: await pgp.createMessage({ text: 'hello' }), passwords: ['pw'], format: 'binary' });
    const { data } = await pgp.decrypt({ message: await pgp.readMessage({ binaryMessage: encrypted }), passwords: ['pw'] });
    const { privateKey, publicKey } = await pgp.generateKey({ type: 'ecc', curve: 'curve25519', userIDs: [{ name: 'A', email: 'a@x.test' }] });
    const signingKeys = await pgp.readPrivateKey({ armoredKey: privateKey });
    const verificationKeys = await pgp.readKey({ armoredKey: publicKey });
    const signed = await pgp.sign({ message: await pgp.createMessage({ text: 'signed' }), signingKeys });
    const verified = await pgp.verify({ message: await pgp.readMessage({ armoredMessage: signed }), verificationKeys });
    await verified.signatures[0].verified;
    return [data, verificationKeys.getUserIDs(), verified.data];
  },
  // A context that follows awaits and timers: AsyncLocalStorage underneath.
  '@opentelemetry/api': (m) => {
    const api = main(m);
    const key = api.createContextKey('k');
    const context = api.ROOT_CONTEXT.setValue(key, 'v');
    return [context.getValue(key), api.ROOT_CONTEXT.getValue(key) ?? null, api.context.active() === api.ROOT_CONTEXT];
  },
  '@opentelemetry/context-async-hooks': async (m) => {
    const api = require('@opentelemetry/api');
    const manager = new (get(m, 'AsyncLocalStorageContextManager'))().enable();
    api.context.setGlobalContextManager(manager);
    const key = api.createContextKey('request');
    const inside = (id) => api.context.with(api.ROOT_CONTEXT.setValue(key, id), async () => {
      await new Promise((resolve) => setTimeout(resolve, id === 'a' ? 5 : 1));
      return api.context.active().getValue(key);
    });
    const got = await Promise.all([inside('a'), inside('b')]);
    const outside = api.context.active().getValue(key) ?? null;
    api.context.disable();
    return [got, outside];
  },
  // PostgreSQL compiled to WebAssembly.
  '@electric-sql/pglite': async (m) => {
    const db = new (get(m, 'PGlite'))();
    await db.exec('create table t (id serial primary key, name text); insert into t (name) values (\'a\'), (\'b\');');
    const rows = (await db.query('select id, upper(name) as name from t where id > $1 order by id', [0])).rows;
    await db.close();
    return rows;
  },
  // PDF.js's text extraction (its Node build, which needs DOMMatrix: Node's
  // from the native @napi-rs/canvas, jsrun's own).
  'pdfjs-dist': async (pdfjs) => {
    const pdf = await pdfjs.getDocument({ data: new Uint8Array(Buffer.from(HELLO_PDF, 'base64')), verbosity: 0, isEvalSupported: false }).promise;
    const page = await pdf.getPage(1);
    const text = await page.getTextContent();
    const viewport = page.getViewport({ scale: 2 });
    return [pdf.numPages, text.items.map((item) => [item.str, item.transform.map(Math.round)]), [viewport.width, viewport.height]];
  },
  // jose's Node build: node:crypto's KeyObjects, ECDH, RSA-OAEP, AES key wrap and secp256k1.
  jose: async (m) => {
    const jose = main(m);
    const secret = new TextEncoder().encode('a-string-secret-at-least-256-bits-long');
    const hs = await new jose.SignJWT({ sub: 'ann' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(1700000000).sign(secret);
    const roundTrip = async (alg, enc, options) => {
      const { publicKey, privateKey } = await jose.generateKeyPair(alg, options);
      const jwe = await new jose.CompactEncrypt(new TextEncoder().encode(`${alg} text`)).setProtectedHeader({ alg, enc }).encrypt(publicKey);
      return new TextDecoder().decode((await jose.compactDecrypt(jwe, privateKey)).plaintext);
    };
    const k1 = await jose.generateKeyPair('ES256K');
    const es256k = await new jose.SignJWT({ n: 1 }).setProtectedHeader({ alg: 'ES256K' }).sign(k1.privateKey);
    return [hs, (await jose.jwtVerify(hs, secret)).payload, await roundTrip('ECDH-ES+A256KW', 'A256GCM', { crv: 'P-256' }),
      await roundTrip('ECDH-ES', 'A128CBC-HS256', { crv: 'X25519' }), await roundTrip('RSA-OAEP-256', 'A256GCM'),
      (await jose.jwtVerify(es256k, k1.publicKey)).payload, (await jose.exportJWK(k1.publicKey)).crv];
  },
  // Web Push: VAPID keys and headers (ECDH on P-256, ES256) and the aes128gcm payload encryption.
  'web-push': (m) => {
    const webpush = main(m);
    const vapid = webpush.generateVAPIDKeys();
    const headers = webpush.getVapidHeaders('https://push.example.test', 'mailto:ops@example.test', vapid.publicKey,
      vapid.privateKey, 'aes128gcm', Math.floor(Date.now() / 1000) + 3600);
    const ua = require('crypto').createECDH('prime256v1');
    ua.generateKeys();
    const subscription = { endpoint: 'https://push.example.test/s/1',
      keys: { p256dh: ua.getPublicKey('base64url'), auth: Buffer.alloc(16, 7).toString('base64url') } };
    const request = webpush.generateRequestDetails(subscription, 'hello push', { TTL: 60, vapidDetails: {
      subject: 'mailto:ops@example.test', publicKey: vapid.publicKey, privateKey: vapid.privateKey } });
    const [jwtHeader, claims] = headers.Authorization.slice('vapid t='.length).split(',')[0].split('.').slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    return [vapid.publicKey.length, vapid.privateKey.length, jwtHeader, claims.aud, claims.sub, request.method,
      request.headers['Content-Encoding'], request.body.length, request.endpoint];
  },
  // node-rsa's Node path: crypto.publicEncrypt/privateDecrypt and privateEncrypt/publicDecrypt.
  'node-rsa': (m) => {
    const NodeRSA = get(m, 'default') ?? main(m);
    const key = new NodeRSA(RSA_KEY);
    const publicOnly = new NodeRSA(key.exportKey('pkcs8-public-pem'));
    return [key.getKeySize(), key.decrypt(publicOnly.encrypt('for the private key', 'base64'), 'utf8'),
      publicOnly.decryptPublic(key.encryptPrivate('from the private key', 'base64'), 'utf8'),
      key.sign('signed').length, publicOnly.verify('signed', key.sign('signed')), key.exportKey('pkcs8-public-pem').split('\n')[0]];
  },
  // pngjs: its sync reader drives node:zlib's handle (_handle.writeSync); its stream parser.
  pngjs: async (m) => {
    const { PNG } = main(m);
    const image = new PNG({ width: 3, height: 2 });
    image.data.set([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 128, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // (What it writes is compared after reading it back: zlibs may pick other matches.)
    const back = PNG.sync.read(PNG.sync.write(image));
    const fromNode = PNG.sync.read(Buffer.from(NODE_PNG, 'base64'));
    const parsed = await new Promise((resolve, reject) => new PNG().parse(Buffer.from(NODE_PNG, 'base64'),
      (error, png) => (error ? reject(error) : resolve(png))));
    return [back.width, back.height, Array.from(back.data), Array.from(fromNode.data), Array.from(parsed.data)];
  },
  // workerpool: functions run on a pool of node:worker_threads (each a runtime of its own in jsrun).
  workerpool: async (m) => {
    const pool = main(m).pool({ workerType: 'thread', maxWorkers: 2 });
    const fib = (n) => (n < 2 ? n : fib(n - 1) + fib(n - 2));
    try {
      const results = await Promise.all([pool.exec(function f(n) { return n < 2 ? n : f(n - 1) + f(n - 2); }, [20]),
        pool.exec((a, b) => a * b, [6, 7]), pool.exec((text) => text.toUpperCase(), ['in a thread'])]);
      const failed = await pool.exec(() => { throw new RangeError('in a worker'); }, []).catch((error) => [error.name, error.message]);
      return [results, fib(20), failed, pool.stats().totalWorkers <= 2];
    } finally {
      await pool.terminate();
    }
  },
  // comlink: calls on an object that lives in a node:worker_threads worker, through its Node adapter.
  comlink: async (m) => {
    const Comlink = main(m);
    const nodeEndpoint = require('comlink/dist/umd/node-adapter.js');
    const { Worker } = require('worker_threads');
    const worker = new Worker(`const Comlink = require('comlink');
      const nodeEndpoint = require('comlink/dist/umd/node-adapter.js');
      Comlink.expose({ total: 0, add(n) { this.total += n; return this.total; }, async twice(x) { return 2 * x; } },
        nodeEndpoint(require('worker_threads').parentPort));`, { eval: true });
    try {
      const api = Comlink.wrap(nodeEndpoint(worker));
      return [await api.add(2), await api.add(3), await api.total, await api.twice(21)];
    } finally {
      await worker.terminate();
    }
  },
  // piscina: a pool of node:worker_threads workers that talk to the main thread over MessagePorts sent to them,
  // waking on Atomics and reading with receiveMessageOnPort.
  piscina: async (m) => {
    const { Piscina } = main(m);
    const pool = new Piscina({ filename: require('path').resolve('tasks/piscina_task.js'), maxThreads: 2 });
    try {
      const sums = await Promise.all([1, 2, 3, 4, 5].map((n) => pool.run({ a: n, b: 10 })));
      const named = await Promise.all([pool.run({ a: 6, b: 7 }, { name: 'multiply' }), pool.run(null, { name: 'where' })]);
      const failed = await pool.run(null, { name: 'fail' }).catch((error) => [error.name, error.message]);
      const bytes = new Uint8Array([1, 2, 3, 250]);
      const moved = await pool.run(Piscina.move(bytes.buffer), { name: 'sum' });
      return [sums, named, failed, moved, bytes.byteLength, pool.completed, pool.threads.length <= 2];
    } finally {
      await pool.destroy();
    }
  },
  // tinypool (Vitest's pool): workers from an ES module file, fed over MessagePorts.
  tinypool: async (m) => {
    const Tinypool = main(m);
    const filename = new URL('tasks/tinypool_task.mjs', require('url').pathToFileURL(`${process.cwd()}/`)).href;
    const pool = new Tinypool({ filename, maxThreads: 2 });
    try {
      const products = await Promise.all([1, 2, 3].map((n) => pool.run({ a: n, b: 10 })));
      const named = await Promise.all([pool.run(null, { name: 'where' }), pool.run('done', { name: 'later' })]);
      const failed = await pool.run(null, { name: 'fail' }).catch((error) => [error.name, error.message]);
      return [products, named, failed, pool.completed];
    } finally {
      await pool.destroy();
    }
  },
  // synckit: a worker's async function called synchronously (Atomics.wait, then receiveMessageOnPort on a port
  // given in workerData's transferList). Its CommonJS build either way: its ES build hangs in `node -e`.
  synckit: () => {
    const repeat = require('synckit').createSyncFn(require('path').resolve('tasks/synckit_worker.mjs'));
    let failed;
    try {
      repeat('x', -1);
    } catch (error) {
      failed = [error.name, error.message];
    }
    return [repeat('ab', 3), repeat('', 5), failed];
  },
  // lockdown() freezes the realm's intrinsics (SES, Hardened JavaScript):
  // run in a realm of its own (tests/test_npm_packages.py), since other
  // packages' polyfills (PDF.js's in Node 20) change intrinsics SES checks.
  ses: () => {
    lockdown();
    const c = new Compartment({ __options__: true, globals: { answer: 42 } });
    const attempt = (code) => {
      try {
        c.evaluate(code);
        return 'done';
      } catch (error) {
        return error.name;
      }
    };
    return [c.evaluate('answer + 1'), Object.isFrozen(Array.prototype), attempt('Array.prototype.evil = 1'),
      attempt('Object.prototype.toString = null'), c.evaluate('typeof process + typeof require'), [3, 1, 2].toSorted()];
  },
};

// `names`: the cases to run (all by default), in CASES' order.
const run = async (load, names = Object.keys(CASES)) => {
  const out = {};
  for (const [name, call] of Object.entries(CASES)) {
    if (!names.includes(name)) continue;
    try {
      out[name] = await call(await load(ENTRIES[name] ?? name));
    } catch (error) {
      out[name] = `error ${error.code || error.name}: ${error.message}`;
    }
  }
  return out;
};

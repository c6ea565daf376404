// Buffer's text codecs, run by Node.js and by jsrun (tests/test_node_builtins.py):
// short and long inputs (jsrun takes native paths for long ones), broken
// input for each decoder, and write()'s overloads; compared as JSON.
/* exported run */
/* global probe -- prelude.js */
const run = async () => {
  const { Buffer } = require('buffer');
  const { out, attempt } = probe((error) => `error ${error.name}`);
  const ENCODINGS = ['utf8', 'utf-8', 'UTF8', 'base64', 'base64url', 'hex', 'latin1', 'binary', 'ascii', 'ucs2', 'utf16le'];
  const bytes = (n, seed = 7) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed * 17 + (i >> 3)) & 255));
  // A checksum keeps long results short.
  const digest = (value) => {
    const text = typeof value === 'string' ? value : Buffer.from(value).toString('hex');
    let h = 0;
    for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
    return `${text.length}:${h}:${text.slice(0, 24)}`;
  };
  for (const n of [0, 1, 5, 47, 48, 49, 300, 70001]) {
    const data = bytes(n);
    attempt(`toString ${n}`, () => ENCODINGS.map((encoding) => digest(data.toString(encoding))));
    attempt(`round trip ${n}`, () => ENCODINGS.map((encoding) => digest(Buffer.from(data.toString(encoding), encoding))));
    attempt(`ranges ${n}`, () => [[1], [3, 40], [-5, 60], [10, 2], [0, 1e9], ['2', '50'], [NaN, 55], [60, undefined]]
      .map(([start, end]) => digest(data.toString('hex', start, end)) + digest(data.toString('base64', start, end))));
  }
  const texts = {
    ascii: 'The quick brown fox jumps over the lazy dog. '.repeat(3),
    accents: 'déjà vu, naïve café, Grüße aus Köln — ½ ¾ '.repeat(3),
    cjk: '東京都は日本の首都です。これは長い文章のテストです。'.repeat(3),
    emoji: '🌍🚀 family 👩‍👩‍👧 flags 🇫🇷🇯🇵 '.repeat(3),
    lone: `a\ud800b\udc00c${'x'.repeat(50)}\ud83d`,
    bom: `\ufeff${'bom first '.repeat(6)}`,
    wide: `${'Ā'.repeat(30)}ÿ${'€'.repeat(30)}`,
    nul: `\0${'z'.repeat(60)}\0`,
  };
  for (const [name, text] of Object.entries(texts)) {
    attempt(`from ${name}`, () => ENCODINGS.map((encoding) => digest(Buffer.from(text, encoding))));
    attempt(`byteLength ${name}`, () => ENCODINGS.map((encoding) => Buffer.byteLength(text, encoding)));
    attempt(`utf8 back ${name}`, () => digest(Buffer.from(text).toString()));
  }
  const long = (s) => s.repeat(Math.ceil(64 / Math.max(s.length, 1)));
  const broken = {
    base64: ['aGVsbG8gd29ybGQ=', 'aGVsbG8gd29ybGQ', 'aGVs bG8g\nd29y bGQ=', 'aGVs-bG8_d29ybGQ', 'aGVs+bG8_d29y', 'aGk=aGk=',
      'aGVsbG8=====', '=aGVsbG8', 'a', 'aGV', '!!!!aGVsbG8', 'aGVsbG8gd29ybGQ=\u0100'].flatMap((s) => [s, long(s)]),
    hex: ['deadbeef', 'DEADbeef', 'abc', 'zz00', '00zz', 'a b', '0g', ''].flatMap((s) => [s, long(s)]),
    utf8: [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf], [0xe0, 0x80, 0x80], [0xef, 0xbb, 0xbf, 0x41]]
      .flatMap((b) => [b, [...Array(50).fill(0x61), ...b, ...Array(50).fill(0x62), ...b]]),
  };
  attempt('resolveObjectURL', () => {
    const { resolveObjectURL, Blob } = require('buffer');
    const url = URL.createObjectURL(new Blob(['blob text'], { type: 'text/plain' }));
    const blob = resolveObjectURL(url);
    const missing = resolveObjectURL('blob:nodedata:nope');
    URL.revokeObjectURL(url);
    return [blob instanceof Blob, blob.size, blob.type, missing, resolveObjectURL(url)];
  });
  attempt('per-encoding methods', () => {
    const b = Buffer.from('héllo wörld');
    const w = Buffer.alloc(12);
    return [['ascii', 'base64', 'base64url', 'latin1', 'hex', 'ucs2', 'utf8'].map((e) => [b[`${e}Slice`](), b[`${e}Slice`](1, 5)]),
      w.utf8Write('é!', 1), w.latin1Write('ÿ', 4), w.hexWrite('abcd', 6, 1), w.base64Write('AQID', 8), w.toString('hex')];
  });
  attempt('decode base64', () => broken.base64.map((s) => digest(Buffer.from(s, 'base64'))));
  attempt('decode base64url', () => broken.base64.map((s) => digest(Buffer.from(s, 'base64url'))));
  attempt('decode hex', () => broken.hex.map((s) => digest(Buffer.from(s, 'hex'))));
  attempt('decode utf8', () => broken.utf8.map((b) => digest(Buffer.from(b).toString('utf8'))));
  // Random bytes, most of them past 0x7F: every decoder state, short and long.
  let seed = 12345;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
  attempt('decode random', () => Array.from({ length: 400 }, (_, k) => {
    const data = Buffer.from(Array.from({ length: 1 + (k % 97) }, () => (k % 3 ? 0x80 | random() : random())));
    return digest(data.toString()) + digest(data.toString('base64')) + digest(Buffer.from(data.toString('latin1'), 'base64'));
  }));
  attempt('write', () => {
    const cases = [];
    const text = `${'ab€'.repeat(30)}🌍end`;
    for (const call of [[], ['hex'], [5], [5, 'latin1'], [5, 10], [5, 10, 'utf8'], [0, 95], [90], [2, 100, 'base64'],
      [undefined, undefined, 'hex'], ['base64url']]) {
      const target = Buffer.alloc(100, 0x2e);
      const source = call.includes('hex') ? '0123456789abcdef'.repeat(8)
        : call.some((a) => typeof a === 'string' && a.startsWith('base64')) ? 'aGVsbG8gd29ybGQ'.repeat(8) : text;
      let written;
      try {
        written = target.write(source, ...call);
      } catch (error) {
        written = `error ${error.name}`;
      }
      cases.push([written, digest(target)]);
    }
    return cases;
  });
  attempt('write errors', () => [[101], [-1], [1.5, 'hex'], ['hex', 3]].map((call) => {
    try {
      return Buffer.alloc(100).write('x'.repeat(60), ...call);
    } catch (error) {
      return `error ${error.name}`;
    }
  }));
  attempt('compare and search', () => {
    const big = bytes(5000, 3);
    const copy = Buffer.from(big);
    const changed = Buffer.from(big);
    changed[4321] ^= 1;
    const needle = big.subarray(3000, 3010);
    return [big.equals(copy), big.equals(changed), Buffer.compare(big, changed), Buffer.compare(changed, big),
      Buffer.compare(big, big.subarray(0, 4999)), Buffer.compare(big.subarray(0, 10), big), big.compare(changed),
      big.indexOf(needle), big.indexOf(needle, 3001), big.indexOf(needle, 4999), big.indexOf(needle, 9000),
      big.indexOf(Buffer.from([1, 2, 3, 4])), big.includes(needle), big.indexOf(needle.toString('latin1'), 0, 'latin1'),
      Buffer.from('x'.repeat(300) + 'héllo').indexOf('héllo'), Buffer.from('x'.repeat(300)).indexOf(''),
      Buffer.from('abc').indexOf(''), Buffer.from('abc').indexOf(Buffer.alloc(0), 2), Buffer.from('abc').indexOf('', 7), big.indexOf(needle, -2000),
      Buffer.compare(new Uint8Array(300), new Uint8Array(300)), big.lastIndexOf(needle)];
  });
  attempt('isEncoding', () => ENCODINGS.concat(['nope', '', 'BASE64URL']).map((e) => Buffer.isEncoding(e)));
  attempt('unknown encoding', () => [() => Buffer.alloc(60).toString('nope'), () => Buffer.from('x'.repeat(60), 'nope')]
    .map((f) => {
      try {
        f();
        return 'no error';
      } catch (error) {
        return error.name;
      }
    }));
  attempt('web', () => [btoa('hello world'.repeat(10)).slice(-20), atob(' aGVs bG8\ng d29y bGQ= '), atob('YR'),
    ...['a', 'aGk==', 'a=Gk', 'aG-k', '€'].map((s) => {
      try {
        return atob(s);
      } catch (error) {
        return error.name;
      }
    }),
    (() => {
      try {
        return btoa('€');
      } catch (error) {
        return error.name;
      }
    })(), btoa(String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i))).slice(100, 140)]);
  return out;
};

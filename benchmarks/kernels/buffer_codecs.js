// Buffer's text codecs and atob/btoa: the same script in jsrun and in Node.js
// (benchmarks/bench_buffer.py). Each entry runs its operation until about
// 200 ms have passed (in batches of about 1 ms) and reports microseconds per
// operation.
(() => {
  // Batches of calls between clock reads, so the clock does not count.
  const time = (op) => {
    op();
    let batch = 1;
    for (let start = performance.now(); performance.now() - start < 1; batch *= 2) {
      for (let i = 0; i < batch; i++) op();
    }
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < 200) {
      for (let i = 0; i < batch; i++) op();
      n += batch;
    }
    return Number((((performance.now() - start) * 1000) / n).toFixed(3));
  };
  const mib = Buffer.alloc(1 << 20);
  for (let i = 0; i < mib.length; i++) mib[i] = (i * 31) & 255;
  const text = 'héllo wörld 🌍 '.repeat(70000); // ~1 MiB of UTF-8
  const utf8 = Buffer.from(text);
  const [base64, hex, latin1] = [mib.toString('base64'), mib.toString('hex'), mib.toString('latin1')];
  const ascii = 'abcdefgh'.repeat(1 << 17);
  const atobInput = btoa(ascii);
  const short = Buffer.from('héllo, wörld');
  return JSON.stringify({
    '1 MiB toString("base64")': time(() => mib.toString('base64')),
    '1 MiB Buffer.from(base64)': time(() => Buffer.from(base64, 'base64')),
    '1 MiB toString("hex")': time(() => mib.toString('hex')),
    '1 MiB Buffer.from(hex)': time(() => Buffer.from(hex, 'hex')),
    '1 MiB toString("latin1")': time(() => mib.toString('latin1')),
    '1 MiB Buffer.from(latin1)': time(() => Buffer.from(latin1, 'latin1')),
    '1 MiB toString() (UTF-8)': time(() => utf8.toString()),
    '1 MiB Buffer.from(text) (UTF-8)': time(() => Buffer.from(text)),
    '1 MiB Buffer.byteLength(text)': time(() => Buffer.byteLength(text)),
    '1 MiB btoa': time(() => btoa(ascii)),
    '1 MiB atob': time(() => atob(atobInput)),
    '12 bytes toString() (UTF-8)': time(() => short.toString()),
    '12 bytes toString("base64")': time(() => short.toString('base64')),
    'Buffer.from(16 base64 digits)': time(() => Buffer.from('aGVsbG8gd29ybGQ=', 'base64')),
  });
})()

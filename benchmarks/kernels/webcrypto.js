// Web Crypto throughput: the same script in jsrun and in Node.js
// (benchmarks/bench_crypto.py). Each entry runs its operation until about
// 300 ms have passed and reports operations per second.
(async () => {
  const s = crypto.subtle;
  const kib = new Uint8Array(1024).fill(7);
  const mib = new Uint8Array(1 << 20).fill(7);
  const iv = new Uint8Array(12);
  const rate = async (op) => {
    await op();
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < 300) {
      await op();
      n++;
    }
    return Math.round((n * 1000) / (performance.now() - start));
  };
  const hmac = await s.importKey('raw', kib.subarray(0, 32), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const aes = await s.importKey('raw', kib.subarray(0, 32), 'AES-GCM', false, ['encrypt']);
  const pbkdf2 = await s.importKey('raw', kib.subarray(0, 8), 'PBKDF2', false, ['deriveBits']);
  const ec = await s.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const ecSig = await s.sign({ name: 'ECDSA', hash: 'SHA-256' }, ec.privateKey, kib);
  const ed = await s.generateKey('Ed25519', false, ['sign', 'verify']);
  const edSig = await s.sign('Ed25519', ed.privateKey, kib);
  const rsa = await s.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    false, ['sign', 'verify']);
  const rsaSig = await s.sign('RSASSA-PKCS1-v1_5', rsa.privateKey, kib);
  const dh = await s.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  const x = await s.generateKey('X25519', false, ['deriveBits']);
  return JSON.stringify({
    'SHA-256 of 1 KiB': await rate(() => s.digest('SHA-256', kib)),
    'HMAC-SHA-256 of 1 KiB': await rate(() => s.sign('HMAC', hmac, kib)),
    'AES-256-GCM encrypt of 1 MiB': await rate(() => s.encrypt({ name: 'AES-GCM', iv }, aes, mib)),
    'PBKDF2-SHA-256, 100,000 iterations': await rate(() => s.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: iv, iterations: 100000 }, pbkdf2, 256)),
    'ECDSA P-256 sign': await rate(() => s.sign({ name: 'ECDSA', hash: 'SHA-256' }, ec.privateKey, kib)),
    'ECDSA P-256 verify': await rate(() => s.verify({ name: 'ECDSA', hash: 'SHA-256' }, ec.publicKey, ecSig, kib)),
    'Ed25519 sign': await rate(() => s.sign('Ed25519', ed.privateKey, kib)),
    'Ed25519 verify': await rate(() => s.verify('Ed25519', ed.publicKey, edSig, kib)),
    'RSA-2048 PKCS#1 v1.5 sign': await rate(() => s.sign('RSASSA-PKCS1-v1_5', rsa.privateKey, kib)),
    'RSA-2048 PKCS#1 v1.5 verify': await rate(() => s.verify('RSASSA-PKCS1-v1_5', rsa.publicKey, rsaSig, kib)),
    'ECDH P-256': await rate(() => s.deriveBits({ name: 'ECDH', public: dh.publicKey }, dh.privateKey, 256)),
    'X25519': await rate(() => s.deriveBits({ name: 'X25519', public: x.publicKey }, x.privateKey, 256)),
  });
})()

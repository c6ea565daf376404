// node:crypto's keys and signatures, run by Node.js and by jsrun
// (tests/test_node_crypto.py) with the keys of crypto_keys.json (made by
// Node, given as KEYS); each result is compared as JSON.
/* exported run */
/* global KEYS, probe, codeOf -- KEYS from crypto_keys.json, the rest prelude.js */
const run = async () => {
  const crypto = require('crypto');
  const { out, attempt } = probe();
  const message = Buffer.from('message');
  const describe = (key) => [key.type, key.asymmetricKeyType, key.symmetricKeySize,
    JSON.stringify(key.asymmetricKeyDetails, (k, v) => (typeof v === 'bigint' ? `${v}n` : v)), String(key),
    key instanceof crypto.KeyObject];
  const exports = (key) => {
    const isPrivate = key.type === 'private';
    const forms = isPrivate ? ['pkcs8'] : ['spki'];
    if (key.asymmetricKeyType === 'rsa') forms.push('pkcs1');
    if (key.asymmetricKeyType === 'ec' && isPrivate) forms.push('sec1');
    return [...forms.flatMap((type) => [key.export({ type, format: 'pem' }), key.export({ type, format: 'der' }).toString('hex')]),
      key.export({ format: 'jwk' })];
  };
  for (const name of ['rsaPkcs8', 'rsaPkcs1', 'ecSec1', 'ec384Pkcs8', 'edPkcs8']) {
    attempt(`private ${name}`, () => {
      const key = crypto.createPrivateKey(KEYS[name]);
      return [describe(key), exports(key), exports(crypto.createPublicKey(key)), exports(crypto.createPublicKey(KEYS[name]))];
    });
  }
  // (Not PKCS#1 public PEM: Node 22 with Debian's OpenSSL 3.5 cannot read it; test_node_crypto.py checks ours.)
  for (const name of ['rsaSpki', 'ecSpki']) {
    attempt(`public ${name}`, () => {
      const key = crypto.createPublicKey(KEYS[name]);
      return [describe(key), exports(key)];
    });
  }
  attempt('der and jwk in', () => {
    const key = crypto.createPrivateKey(KEYS.ecSec1);
    const der = key.export({ type: 'pkcs8', format: 'der' });
    const fromDer = crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    const fromJwk = crypto.createPrivateKey({ key: key.export({ format: 'jwk' }), format: 'jwk' });
    const rsa = crypto.createPrivateKey(KEYS.rsaPkcs8);
    const rsaJwk = crypto.createPublicKey({ key: rsa.export({ format: 'jwk' }), format: 'jwk' });
    const ed = crypto.createPrivateKey(KEYS.edPkcs8);
    return [fromDer.equals(key), fromJwk.equals(key), rsaJwk.export({ type: 'spki', format: 'pem' }),
      crypto.createPrivateKey({ key: ed.export({ format: 'jwk' }), format: 'jwk' }).equals(ed),
      crypto.createPublicKey({ key: KEYS.rsaSpki, format: 'pem' }).equals(crypto.createPublicKey(rsa))];
  });
  attempt('secret', () => {
    const key = crypto.createSecretKey(Buffer.from('0123456789abcdef'));
    return [describe(key), key.export().toString('hex'), key.export({ format: 'jwk' }),
      crypto.createSecretKey('c2VjcmV0', 'base64').export().toString(), key.equals(crypto.createSecretKey(Buffer.from('0123456789abcdef'))),
      crypto.createHmac('sha256', key).update('data').digest('hex')];
  });
  // Deterministic signatures: RSA PKCS#1 v1.5 and Ed25519.
  attempt('sign rsa', () => ['RSA-SHA256', 'sha1', 'SHA384', 'sha512WithRSAEncryption'].map((a) =>
    crypto.createSign(a).update('mess').update('age').sign(KEYS.rsaPkcs8, 'base64')));
  attempt('sign one-shot', () => [crypto.sign('sha256', message, KEYS.rsaPkcs1).toString('hex'),
    crypto.sign(null, message, KEYS.edPkcs8).toString('hex'), crypto.sign(undefined, message, crypto.createPrivateKey(KEYS.edPkcs8)).length]);
  // Randomised ones: each side checks the other's (made by Node, in KEYS) and its own.
  attempt('verify', () => {
    const pss = { key: KEYS.rsaSpki, padding: crypto.constants.RSA_PKCS1_PSS_PADDING };
    const own = (alg, privateKey, publicKey) => crypto.verify(alg, message, publicKey, crypto.sign(alg, message, privateKey));
    return [
      crypto.verify('sha256', message, KEYS.ecSpki, Buffer.from(KEYS.ecdsaDer, 'base64')),
      crypto.verify('sha256', Buffer.from('other'), KEYS.ecSpki, Buffer.from(KEYS.ecdsaDer, 'base64')),
      crypto.verify('sha384', message, { key: KEYS.ec384Pkcs8, dsaEncoding: 'ieee-p1363' }, Buffer.from(KEYS.ecdsaP1363, 'base64')),
      crypto.verify('sha256', message, pss, Buffer.from(KEYS.pss, 'base64')),
      crypto.verify('sha256', message, { ...pss, saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST }, Buffer.from(KEYS.pssDigest, 'base64')),
      crypto.verify('sha256', message, pss, Buffer.from(KEYS.pssDigest, 'base64')),
      crypto.createVerify('RSA-SHA256').update('message').verify(KEYS.rsaSpki, crypto.sign('sha256', message, KEYS.rsaPkcs8)),
      crypto.createVerify('sha256').update('message').verify(KEYS.rsaPkcs8, crypto.sign('sha256', message, KEYS.rsaPkcs8).toString('hex'), 'hex'),
      own('sha256', KEYS.ecSec1, KEYS.ecSpki),
      own('sha512', KEYS.ec384Pkcs8, KEYS.ec384Pkcs8),
      crypto.verify('sha256', message, pss, crypto.sign('sha256', message, { key: KEYS.rsaPkcs8, padding: pss.padding })),
      crypto.verify(null, message, KEYS.edPkcs8, crypto.sign(null, message, KEYS.edPkcs8)),
      crypto.verify(null, Buffer.from('x'), KEYS.edPkcs8, crypto.sign(null, message, KEYS.edPkcs8)),
    ];
  });
  attempt('generate', () => {
    const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 1024, publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const ed = crypto.generateKeyPairSync('ed25519');
    const x = crypto.generateKeyPairSync('x25519');
    return [describe(ec.privateKey), describe(ec.publicKey), typeof rsa.publicKey, rsa.privateKey.split('\n')[0],
      crypto.verify('sha256', message, rsa.publicKey, crypto.sign('sha256', message, rsa.privateKey)),
      describe(ed.publicKey), describe(x.privateKey), Object.keys(x.publicKey.export({ format: 'jwk' })),
      describe(crypto.generateKeySync('hmac', { length: 128 }))];
  });
  out['generate async'] = await new Promise((resolve) => crypto.generateKeyPair('ec', { namedCurve: 'prime256v1' },
    (error, publicKey, privateKey) => resolve([error, publicKey.type, privateKey.type, privateKey.asymmetricKeyDetails])));
  attempt('kdf', () => [crypto.pbkdf2Sync('pw', 'salt', 1000, 32, 'sha256').toString('hex'),
    crypto.pbkdf2Sync(Buffer.from('pw'), 'salt', 1, 20, 'sha1').toString('hex'),
    Buffer.from(crypto.hkdfSync('sha512', 'key', 'salt', 'info', 42)).toString('hex'),
    crypto.hkdfSync('sha256', 'k', 's', 'i', 8) instanceof ArrayBuffer]);
  out['kdf async'] = await Promise.all([
    new Promise((resolve) => crypto.scrypt('pw', 'salt', 8, { N: 1024 }, (e, key) => resolve([e, key.toString('hex')]))),
    new Promise((resolve) => crypto.pbkdf2('pw', 'salt', 10, 16, 'sha512', (e, key) => resolve([e, key.toString('hex')]))),
    new Promise((resolve) => crypto.hkdf('sha256', 'k', 's', 'i', 16, (e, key) => resolve([e, Buffer.from(key).toString('hex')]))),
  ]);
  attempt('errors', () => [
    codeOf(() => crypto.createSign('nope')),
    codeOf(() => crypto.pbkdf2Sync('a', 'b', 1, 10, 'nope')),
    codeOf(() => crypto.createPrivateKey(KEYS.rsaSpki)),
    codeOf(() => crypto.createSign('sha256').update('x').sign(crypto.createSecretKey(Buffer.from('k')))),
    codeOf(() => crypto.createPublicKey(crypto.createSecretKey(Buffer.from('k')))),
    codeOf(() => crypto.createSecretKey(5)),
    codeOf(() => crypto.createPrivateKey('nope')),
    // OpenSSL's code tells which of its checks failed: the class only.
    codeOf(() => crypto.createPublicKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n')).split(' ')[0],
    codeOf(() => crypto.createPrivateKey({ key: KEYS.ecSec1, passphrase: 'x' }) && crypto.createPrivateKey('')),
  ]);
  // Ciphers: fixed keys and IVs, so every byte can be compared.
  const key16 = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
  const key32 = Buffer.alloc(32, 7);
  const iv = Buffer.from('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff', 'hex');
  const text = 'The quick brown fox jumps over the lazy dog. ünïcödé ✓';
  const pieces = (cipher, parts, out = 'hex') => parts.map((p) => cipher.update(p, 'utf8', out)).join('') + cipher.final(out);
  const roundTrip = (algorithm, key, ivOf, parts) => {
    const sealed = pieces(crypto.createCipheriv(algorithm, key, ivOf), parts);
    const d = crypto.createDecipheriv(algorithm, key, ivOf);
    const opened = [sealed.slice(0, 10), sealed.slice(10, 36), sealed.slice(36)].map((p) => d.update(p, 'hex', 'utf8')).join('')
      + d.final('utf8');
    return [sealed, opened];
  };
  for (const [algorithm, key, ivOf] of [['aes-128-cbc', key16, iv], ['aes256', key32, iv], ['aes-256-ctr', key32, iv],
    ['aes-128-ecb', key16, null], ['aes-192-cbc', Buffer.alloc(24, 3), iv], ['AES-128-CTR', key16, Buffer.alloc(16, 255)]]) {
    attempt(`cipher ${algorithm}`, () => [roundTrip(algorithm, key, ivOf, [text]), roundTrip(algorithm, key, ivOf, [text.slice(0, 5),
      text.slice(5, 21), '', text.slice(21)]), roundTrip(algorithm, key, ivOf, [''])]);
  }
  attempt('cipher gcm', () => [12, 16].map((n) => {
    const nonce = iv.subarray(0, n);
    const c = crypto.createCipheriv('aes-256-gcm', key32, nonce);
    c.setAAD(Buffer.from('header'));
    const sealed = Buffer.concat([c.update(text.slice(0, 7)), c.update(text.slice(7)), c.final()]);
    const tag = c.getAuthTag();
    const open = (t, aad = 'header') => {
      const d = crypto.createDecipheriv('aes-256-gcm', key32, nonce);
      d.setAAD(Buffer.from(aad));
      d.setAuthTag(t);
      try {
        return Buffer.concat([d.update(sealed.subarray(0, 20)), d.update(sealed.subarray(20)), d.final()]).toString();
      } catch (e) {
        return `${e.name}: ${e.message}`;
      }
    };
    const bad = Buffer.from(tag);
    bad[0] ^= 1;
    const short = crypto.createCipheriv('aes-128-gcm', key16, nonce, { authTagLength: 8 });
    short.update('x');
    short.final();
    return [sealed.toString('hex'), tag.toString('hex'), open(tag), open(bad), open(tag, 'other'), short.getAuthTag().toString('hex')];
  }));
  attempt('more digests', () => {
    const names = ['sha512-224', 'sha512-256', 'sha3-224', 'sha3-256', 'sha3-384', 'sha3-512', 'ripemd160', 'blake2b512',
      'blake2s256', 'RSA-SHA3-256', 'rmd160', 'sha-512/256', 'SHA3-512'];
    return [names.map((n) => crypto.createHash(n).update('digest me').digest('hex')),
      names.map((n) => crypto.createHmac(n, 'key').update('mac me').digest('base64')),
      // (Always with outputLength: Node with OpenSSL 3.4 or later gives nothing without it.)
      crypto.createHash('shake128', { outputLength: 16 }).update('x').digest('hex'),
      crypto.createHash('shake256', { outputLength: 5 }).update('x').digest('hex'),
      crypto.createHash('shake128', { outputLength: 0 }).update('x').digest('hex'),
      crypto.createHash('shake256', { outputLength: 100 }).update('x').copy({ outputLength: 64 }).digest('hex'),
      crypto.createHash('sha256', { outputLength: 32 }).update('x').digest('hex'),
      codeOf(() => crypto.createHash('sha256', { outputLength: 5 })), crypto.hash('sha3-256', 'one shot'),
      ['sha3-256', 'shake128', 'ripemd160', 'blake2b512'].every((n) => crypto.getHashes().includes(n))];
  });
  out['KeyObject.from'] = await (async () => {
    const { subtle } = crypto.webcrypto;
    const der = (pem) => crypto.createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' });
    const hmac = await subtle.importKey('raw', Buffer.from('secret key'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const ec = await subtle.importKey('pkcs8', der(KEYS.ecSec1), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const ecPublic = await subtle.importKey('spki', crypto.createPublicKey(KEYS.ecSpki).export({ type: 'spki', format: 'der' }),
      { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
    const ed = await subtle.importKey('pkcs8', der(KEYS.edPkcs8), { name: 'Ed25519' }, false, ['sign']);
    const rsa = await subtle.importKey('pkcs8', der(KEYS.rsaPkcs8), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    const from = (key) => crypto.KeyObject.from(key);
    const asPem = (key) => key.export(key.type === 'private' ? { type: 'pkcs8', format: 'pem' } : { type: 'spki', format: 'pem' });
    return [from(hmac).export().toString(), from(hmac).type, [ec, ecPublic, ed, rsa].map((k) => [from(k).type,
      from(k).asymmetricKeyType, asPem(from(k))]), from(ec).asymmetricKeyDetails,
    crypto.verify('sha256', message, from(ecPublic), crypto.sign('sha256', message, from(ec))),
    codeOf(() => crypto.KeyObject.from({}))];
  })();
  attempt('AES key wrap', () => {
    const key = Buffer.alloc(32, 1);
    const iv = Buffer.alloc(8, 0xa6);
    const wrap = crypto.createCipheriv('aes256-wrap', key, iv);
    const wrapped = Buffer.concat([wrap.update(Buffer.alloc(16, 2)), wrap.final()]);
    const unwrap = crypto.createDecipheriv('id-aes256-wrap', key, iv);
    const failing = (f) => {
      try {
        f();
        return 'no error';
      } catch (e) {
        return [e.code, e.message];
      }
    };
    return [wrapped.toString('hex'), Buffer.concat([unwrap.update(wrapped), unwrap.final()]).toString('hex'),
      crypto.createCipheriv('aes128-wrap', Buffer.alloc(16, 3), iv).update(Buffer.alloc(24, 4)).toString('base64'),
      failing(() => crypto.createCipheriv('aes256-wrap', key, iv).update(Buffer.alloc(12))),
      failing(() => crypto.createDecipheriv('aes256-wrap', key, iv).update(Buffer.alloc(24, 3))),
      failing(() => crypto.createCipheriv('aes128-wrap', Buffer.alloc(16), Buffer.alloc(16))),
      crypto.getCiphers().filter((n) => /^(id-)?aes\d+-wrap$/.test(n)), crypto.getCipherInfo('aes128-wrap')];
  });
  attempt('cipher no padding', () => {
    const c = crypto.createCipheriv('aes-128-cbc', key16, iv).setAutoPadding(false);
    const sealed = Buffer.concat([c.update(Buffer.alloc(20, 1)), c.update(Buffer.alloc(12, 2)), c.final()]);
    const d = crypto.createDecipheriv('aes-128-cbc', key16, iv);
    d.setAutoPadding(false);
    return [sealed.toString('hex'), Buffer.concat([d.update(sealed), d.final()]).toString('hex')];
  });
  out['cipher stream'] = await new Promise((resolve, reject) => {
    const c = crypto.createCipheriv('aes-128-cbc', key16, iv);
    const d = crypto.createDecipheriv('aes-128-cbc', key16, iv);
    const chunks = [];
    c.pipe(d).on('data', (chunk) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks).toString()))
      .on('error', reject);
    c.write('streamed ');
    c.end('through two ciphers');
  });
  attempt('cipher errors', () => [
    codeOf(() => crypto.createCipheriv('nope', key16, iv)),
    codeOf(() => crypto.createCipheriv('aes-128-cbc', key32, iv)),
    codeOf(() => crypto.createCipheriv('aes-128-cbc', key16, iv.subarray(0, 5))),
    codeOf(() => crypto.createCipheriv('aes-128-cbc', key16, iv).setAutoPadding(false).update('abc') && 0),
    codeOf(() => {
      const c = crypto.createCipheriv('aes-128-cbc', key16, iv).setAutoPadding(false);
      c.update('abc');
      c.final();
    }),
    codeOf(() => {
      const d = crypto.createDecipheriv('aes-128-cbc', key16, iv);
      d.update(Buffer.alloc(16));
      d.final();
    }),
    codeOf(() => {
      const d = crypto.createDecipheriv('aes-128-cbc', key16, iv);
      d.update(Buffer.alloc(15));
      d.final();
    }),
    codeOf(() => {
      const c = crypto.createCipheriv('aes-128-cbc', key16, iv);
      c.final();
      c.final();
    }),
    codeOf(() => crypto.createCipheriv('aes-128-gcm', key16, iv.subarray(0, 12)).getAuthTag()),
    codeOf(() => crypto.createDecipheriv('aes-128-ctr', key16, iv).update('abc', 'hex')),
  ]);
  attempt('RSA keys of 512 and 8192 bits', () => {
    const small = crypto.createPrivateKey(KEYS.rsa512Pkcs8);
    const made = crypto.generateKeyPairSync('rsa', { modulusLength: 512 });
    const large = crypto.createPublicKey(KEYS.rsa8192Spki);
    return [describe(small), exports(small), crypto.sign('sha256', message, small).toString('base64'),
      crypto.privateDecrypt(small, crypto.publicEncrypt(crypto.createPublicKey(small), message)).toString(),
      describe(made.privateKey), crypto.verify('sha256', message, made.publicKey, crypto.sign('sha256', message, made.privateKey)),
      describe(large), exports(large), crypto.verify('sha256', message, large, Buffer.from(KEYS.rsa8192Signature, 'base64')),
      crypto.verify('sha256', Buffer.from('other'), large, Buffer.from(KEYS.rsa8192Signature, 'base64'))];
  });
  attempt('X509Certificate', () => {
    const { X509Certificate } = crypto;
    const describeCert = (pem) => {
      const x = new X509Certificate(pem);
      return [x.subject, x.issuer, x.validFrom, x.validTo, x.serialNumber, x.fingerprint, x.fingerprint256, x.fingerprint512, x.ca,
        x.subjectAltName, x.keyUsage, x.publicKey.asymmetricKeyType, x.publicKey.export({ type: 'spki', format: 'pem' }),
        String(x) === pem, x.toJSON() === pem, x.raw.equals(new X509Certificate(x.raw).raw)];
    };
    const ca = new X509Certificate(KEYS.caCert);
    const leaf = new X509Certificate(Buffer.from(KEYS.leafCert));
    const ed = new X509Certificate(KEYS.edCert);
    const legacy = leaf.toLegacyObject();
    return [[KEYS.caCert, KEYS.leafCert, KEYS.edCert].map(describeCert),
      [leaf.checkIssued(ca), ca.checkIssued(leaf), ca.checkIssued(ca), leaf.verify(ca.publicKey), leaf.verify(leaf.publicKey),
        ca.verify(ca.publicKey), ed.verify(ed.publicKey), ed.verify(leaf.publicKey)],
      ['example.com', 'a.example.org', 'b.a.example.org', 'acme.test', 'EXAMPLE.com', 'example.org'].map((h) => ca.checkHost(h) ?? null),
      leaf.checkHost('leaf.example.com'), ed.checkHost('test.example') ?? null, ed.checkHost('test.example', { subject: 'never' }) ?? null,
      ca.checkEmail('me@example.com') ?? null, ca.checkEmail('ops@acme.test') ?? null, ca.checkIP('127.0.0.1') ?? null,
      ca.checkIP('1.2.3.4') ?? null, ca.checkPrivateKey(crypto.createPrivateKey(KEYS.caKey)),
      leaf.checkPrivateKey(crypto.createPrivateKey(KEYS.caKey)),
      [legacy.subject, legacy.issuer, legacy.subjectaltname, legacy.ca, legacy.valid_from, legacy.serialNumber],
      // createPublicKey reads a certificate's key; what jsonwebtoken and jose verify with.
      [KEYS.caCert, KEYS.edCert].map((pem) => crypto.createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64')),
      crypto.verify(null, Buffer.from('x'), KEYS.edCert, Buffer.alloc(64)),
      ['garbage', Buffer.from([1, 2, 3]), 5].map((b) => codeOf(() => new X509Certificate(b))),
      // IPv6 addresses and the escapes of a name's special characters.
      describeCert(KEYS.v6Cert), ['::1', '2001:db8::ff00:42:8329', '::2'].map((ip) => new X509Certificate(KEYS.v6Cert).checkIP(ip) ?? null)];
  });
  attempt('encrypted private keys', () => {
    const rows = [];
    for (const name of ['rsaPkcs8', 'ecSec1', 'edPkcs8']) {
      const key = crypto.createPrivateKey(KEYS[name]);
      const legacy = key.asymmetricKeyType === 'rsa' ? 'pkcs1' : key.asymmetricKeyType === 'ec' ? 'sec1' : null;
      for (const [type, format] of [['pkcs8', 'pem'], ['pkcs8', 'der'], [legacy, 'pem']]) {
        if (type === null) continue;
        for (const cipher of ['aes-128-cbc', 'aes-192-cbc', 'aes-256-cbc', 'aes256']) {
          const sealed = key.export({ type, format, cipher, passphrase: 'top secret' });
          const back = crypto.createPrivateKey({ key: sealed, format, type, passphrase: 'top secret' });
          // The form (not the salt's length: 8 bytes in OpenSSL 3.0, 16 in 3.5): the PEM's first lines, or DER.
          const shape = typeof sealed === 'string' ? sealed.split('\n').slice(0, 2).map((l) => l.replace(/,.*/, ''))
            .map((l) => (l.includes(':') || l.startsWith('-') ? l : 'base64')) : `der ${sealed[0]}`;
          rows.push([name, type, format, cipher, shape, back.equals(key),
            crypto.createPublicKey({ key: sealed, format, type, passphrase: Buffer.from('top secret') }).equals(crypto.createPublicKey(key))]);
        }
      }
    }
    const pair = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1', publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' } });
    const signature = crypto.sign('sha256', message, { key: pair.privateKey, passphrase: 'pw' });
    const ec = crypto.createPrivateKey(KEYS.ecSec1);
    const p8 = ec.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' });
    const sec1 = ec.export({ type: 'sec1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'pw' });
    const der = ec.export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: 'pw' });
    const failing = (f) => {
      try {
        f();
        return 'no error';
      } catch (e) {
        return [e.name, e.code, e.message];
      }
    };
    return [rows, pair.privateKey.split('\n')[0], crypto.verify('sha256', message, pair.publicKey, signature),
      failing(() => ec.export({ type: 'sec1', format: 'der', cipher: 'aes-128-cbc', passphrase: 'pw' })),
      failing(() => crypto.createPrivateKey({ key: p8, passphrase: 'no' })),
      failing(() => crypto.createPrivateKey({ key: sec1, passphrase: 'bad' })),
      failing(() => ec.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc' })),
      failing(() => ec.export({ type: 'pkcs8', format: 'pem', cipher: 'nope', passphrase: 'x' })),
      // (Node 24 words this one otherwise.)
      failing(() => ec.export({ type: 'pkcs8', format: 'pem', passphrase: 'x' })).slice(0, 2),
      failing(() => crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }))];
  });
  // Last: a refused scrypt leaves an OpenSSL error queued in Node, which a later failure would report.
  // (Before scrypt's, RSA's errors last: Node 20 leaves OpenSSL's error of a refused call for the next EC or RSA
  // call to find.)
  attempt('secp256k1 keys and signatures', () => {
    const key = crypto.createPrivateKey(KEYS.k1Pkcs8);
    const fromSec1 = crypto.createPrivateKey(KEYS.k1Sec1);
    const ours = crypto.sign('sha256', message, key);
    const p1363 = crypto.sign('sha256', message, { key: KEYS.k1Sec1, dsaEncoding: 'ieee-p1363' });
    const pair = crypto.generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
    return [describe(key), exports(key), exports(crypto.createPublicKey(KEYS.k1Spki)), key.equals(fromSec1),
      crypto.createPrivateKey({ key: key.export({ format: 'jwk' }), format: 'jwk' }).equals(key),
      // Node's own signatures, low-S and high-S both.
      KEYS.k1Signatures.map((sig) => crypto.verify('sha256', message, { key: KEYS.k1Spki, dsaEncoding: 'ieee-p1363' },
        Buffer.from(sig, 'base64'))),
      crypto.verify('sha256', Buffer.from('other'), { key: KEYS.k1Spki, dsaEncoding: 'ieee-p1363' },
        Buffer.from(KEYS.k1Signatures[0], 'base64')),
      crypto.verify('sha256', message, KEYS.k1Spki, ours), p1363.length,
      crypto.verify('sha256', message, { key: KEYS.k1Pkcs8, dsaEncoding: 'ieee-p1363' }, p1363),
      describe(pair.publicKey), crypto.getCurves().includes('secp256k1')];
  });
  attempt('ECDH', () => {
    const scalars = { prime256v1: '11'.repeat(32), secp384r1: '22'.repeat(48), secp521r1: `01${'33'.repeat(65)}`,
      secp256k1: '44'.repeat(32) };
    return Object.entries(scalars).map(([curve, scalar]) => {
      const alice = crypto.createECDH(curve);
      const bob = crypto.createECDH(curve);
      alice.setPrivateKey(scalar, 'hex');
      const bobPublic = bob.generateKeys();
      const secret = alice.computeSecret(bobPublic);
      return [alice.getPublicKey('hex'), alice.getPublicKey('base64', 'compressed'), alice.getPublicKey('hex', 'hybrid'),
        alice.getPrivateKey('hex'), secret.equals(bob.computeSecret(alice.getPublicKey())),
        secret.equals(bob.computeSecret(alice.getPublicKey(null, 'compressed'))),
        secret.equals(bob.computeSecret(alice.getPublicKey('hex', 'hybrid'), 'hex')), secret.length,
        crypto.ECDH.convertKey(alice.getPublicKey('hex', 'compressed'), curve, 'hex', 'hex', 'uncompressed'),
        alice.setPrivateKey(Buffer.from(scalar, 'hex')) === alice, bob.generateKeys('hex', 'compressed').length];
    });
  });
  attempt('ECDH fixed secret and short keys', () => {
    const a = crypto.createECDH('prime256v1');
    const b = crypto.createECDH('prime256v1');
    a.setPrivateKey('01', 'hex');
    b.setPrivateKey(Buffer.from('02'.padStart(64, '0'), 'hex'));
    return [a.getPrivateKey('hex'), b.getPrivateKey().length, a.computeSecret(b.getPublicKey()).toString('hex'),
      a.generateKeys('base64').length, typeof crypto.ECDH, String(a), crypto.ECDH.convertKey('00', 'secp256k1', 'hex', 'hex')];
  });
  attempt('ECDH errors', () => {
    const a = crypto.createECDH('secp256k1');
    // (Not computeSecret before any key: Node 20 and 22 check in different orders.)
    return [codeOf(() => crypto.createECDH('P-256')), codeOf(() => crypto.createECDH(7)), codeOf(() => a.getPublicKey()),
      codeOf(() => a.getPrivateKey()),
      codeOf(() => a.setPrivateKey(Buffer.alloc(32))), codeOf(() => a.generateKeys('hex', 'weird')),
      codeOf(() => { a.generateKeys(); a.computeSecret(Buffer.from('0102', 'hex')); }),
      codeOf(() => crypto.ECDH.convertKey('00', 'secp256k1', 'hex'))];
  });
  attempt('diffieHellman', () => {
    const x1 = crypto.generateKeyPairSync('x25519');
    const x2 = crypto.generateKeyPairSync('x25519');
    const e1 = crypto.createPrivateKey(KEYS.k1Pkcs8);
    const e2 = crypto.generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
    const p256 = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const dh = (privateKey, publicKey) => crypto.diffieHellman({ privateKey, publicKey });
    // The same secret as an ECDH object's with the same scalar.
    const ecdh = crypto.createECDH('secp256k1');
    ecdh.setPrivateKey(Buffer.from(e1.export({ format: 'jwk' }).d, 'base64url'));
    return [dh(x1.privateKey, x2.publicKey).equals(dh(x2.privateKey, x1.publicKey)), dh(x1.privateKey, x2.publicKey).length,
      dh(e1, e2.publicKey).equals(dh(e2.privateKey, crypto.createPublicKey(e1))),
      dh(e1, e2.publicKey).equals(ecdh.computeSecret(e2.publicKey.export({ format: 'jwk' }).x.length === 43
        ? Buffer.concat([Buffer.from([4]), Buffer.from(e2.publicKey.export({ format: 'jwk' }).x, 'base64url'),
          Buffer.from(e2.publicKey.export({ format: 'jwk' }).y, 'base64url')]) : Buffer.alloc(0))),
      codeOf(() => dh(x1.privateKey, e2.publicKey)), codeOf(() => dh(e1, p256.publicKey)),
      codeOf(() => dh(e2.publicKey, e2.publicKey)), codeOf(() => crypto.diffieHellman({}))];
  });
  attempt('RSA encryption', () => {
    const { RSA_NO_PADDING, RSA_PKCS1_PADDING } = crypto.constants;
    const text = Buffer.from('secret');
    const raw = Buffer.alloc(128, 1);
    return [
      crypto.privateDecrypt(KEYS.rsaPkcs8, crypto.publicEncrypt(KEYS.rsaSpki, text)).toString(),
      crypto.privateDecrypt(crypto.createPrivateKey(KEYS.rsaPkcs1), crypto.publicEncrypt(KEYS.rsaPkcs8, 'string')).toString(),
      crypto.privateDecrypt({ key: KEYS.rsaPkcs8, oaepHash: 'sha256', oaepLabel: Buffer.from('L') },
        crypto.publicEncrypt({ key: KEYS.rsaSpki, oaepHash: 'sha256', oaepLabel: Buffer.from('L') }, text)).toString(),
      crypto.publicEncrypt({ key: KEYS.rsaSpki, padding: RSA_PKCS1_PADDING }, text).length,
      crypto.privateEncrypt(KEYS.rsaPkcs8, text).toString('base64'),
      crypto.publicDecrypt(KEYS.rsaSpki, crypto.privateEncrypt(KEYS.rsaPkcs1, text)).toString(),
      crypto.publicDecrypt(KEYS.rsaPkcs8, crypto.privateEncrypt(KEYS.rsaPkcs8, text)).toString(),
      crypto.publicEncrypt({ key: KEYS.rsaSpki, padding: RSA_NO_PADDING }, raw).toString('hex'),
      crypto.privateDecrypt({ key: KEYS.rsaPkcs8, padding: RSA_NO_PADDING },
        crypto.publicEncrypt({ key: KEYS.rsaSpki, padding: RSA_NO_PADDING }, raw)).equals(raw),
      crypto.publicDecrypt({ key: KEYS.rsaSpki, padding: RSA_NO_PADDING },
        crypto.privateEncrypt({ key: KEYS.rsaPkcs8, padding: RSA_NO_PADDING }, raw)).equals(raw),
      crypto.publicDecrypt({ key: KEYS.rsaSpki, padding: RSA_NO_PADDING }, crypto.privateEncrypt(KEYS.rsaPkcs8, text))
        .toString('hex').slice(0, 24),
      // Decrypting what Node encrypted: PKCS#1 v1.5 signatures are deterministic.
      crypto.publicDecrypt(KEYS.rsaSpki, Buffer.from(crypto.privateEncrypt(KEYS.rsaPkcs8, Buffer.from('x')))).toString(),
    ];
  });
  attempt('RSA encryption errors', () => {
    const { RSA_NO_PADDING, RSA_PKCS1_PADDING } = crypto.constants;
    return [codeOf(() => crypto.publicEncrypt(KEYS.rsaSpki, Buffer.alloc(100))),
      codeOf(() => crypto.publicEncrypt({ key: KEYS.rsaSpki, padding: RSA_PKCS1_PADDING }, Buffer.alloc(118))),
      codeOf(() => crypto.publicEncrypt({ key: KEYS.rsaSpki, padding: RSA_NO_PADDING }, Buffer.alloc(10))),
      codeOf(() => crypto.publicEncrypt({ key: KEYS.rsaSpki, padding: RSA_NO_PADDING }, Buffer.alloc(128, 255))),
      codeOf(() => crypto.privateDecrypt(KEYS.rsaPkcs8, Buffer.alloc(128, 1))),
      codeOf(() => crypto.publicDecrypt(KEYS.rsaSpki, Buffer.alloc(128, 1))),
      codeOf(() => crypto.publicEncrypt(KEYS.ecSpki, Buffer.from('x')))];
  });
  attempt('randomFill and the rest', () => {
    const codes = [[Buffer.alloc(4), 5], [Buffer.alloc(4), 1, 4], [Buffer.alloc(4), -1], [Buffer.alloc(4), 'x'], ['str']]
      .map((args) => codeOf(() => crypto.randomFillSync(...args)));
    const words = new Uint32Array(4);
    crypto.randomFillSync(words, 1, 2);
    return [codes, words[0], words[3], codeOf(() => crypto.randomFill(Buffer.alloc(2))), crypto.getFips(),
      Object.keys(crypto.secureHeapUsed()), ['aes-256-gcm', 'aes128', 'aes-128-ctr', 'aes-192-ecb', 'nope', 427].map((n) => crypto.getCipherInfo(n)),
      crypto.getCipherInfo('aes-128-gcm', { ivLength: 16 }), crypto.getCipherInfo('aes-128-cbc', { keyLength: 32 })];
  });
  attempt('scrypt', () => [crypto.scryptSync('pw', 'salt', 16).toString('hex'),
    crypto.scryptSync(Buffer.from('pw'), 'NaCl', 64, { cost: 1024, blockSize: 8, parallelization: 16 }).toString('hex'),
    crypto.scryptSync('', '', 16, { N: 16, r: 1, p: 1 }).toString('hex'),
    codeOf(() => crypto.scryptSync('pw', 'salt', 16, { N: 3 })), codeOf(() => crypto.scryptSync('pw', 'salt', 16, { N: 2 ** 15 }))]);
  out['randomFill'] = await new Promise((resolve) => crypto.randomFill(new Uint8Array(8), 6, (e, bytes) =>
    resolve([e, bytes.length, bytes.subarray(0, 6).every((b) => b === 0)])));
  return out;
};

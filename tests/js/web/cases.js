// Web platform cases: each an expression whose value (JSON) jsrun must
// print exactly as Node.js does. tests/test_web_platform.py runs them in
// both; a case that throws gives "THROW name: message".
(async () => {
  const cases = {
    // DOMException
    'DOMException basics': () => {
      const e = new DOMException('m', 'AbortError');
      return [e.name, e.message, e.code, e instanceof Error, String(e), Object.prototype.toString.call(e), Object.keys(e)];
    },
    'DOMException defaults and constants': () => {
      const e = new DOMException();
      return [e.name, e.message, e.code, DOMException.DATA_CLONE_ERR, e.TIMEOUT_ERR, new DOMException('x', 'Nope').code];
    },
    // Event and EventTarget
    'Event fields': () => {
      const e = new Event('x', { cancelable: true, bubbles: true });
      e.preventDefault();
      return [e.type, e.defaultPrevented, e.isTrusted, e.eventPhase, e.bubbles, e.composed, e.returnValue, e.target];
    },
    'Event without a type': () => new Event(),
    'Event not cancelable': () => { const e = new Event('x'); e.preventDefault(); return e.defaultPrevented; },
    'EventTarget order, once, handleEvent': () => {
      const et = new EventTarget();
      const log = [];
      et.addEventListener('a', (e) => log.push(`f${e.eventPhase}${e.target === et}`));
      et.addEventListener('a', { handleEvent: () => log.push('h') }, { once: true });
      et.addEventListener('a', () => log.push('dup'));
      et.dispatchEvent(new Event('a'));
      et.dispatchEvent(new Event('a'));
      return log;
    },
    'EventTarget duplicate listener and removal': () => {
      const et = new EventTarget();
      const log = [];
      const f = () => log.push('f');
      et.addEventListener('a', f);
      et.addEventListener('a', f);
      et.addEventListener('a', f, { capture: true });
      et.dispatchEvent(new Event('a'));
      et.removeEventListener('a', f);
      et.dispatchEvent(new Event('a'));
      return log;
    },
    'stopImmediatePropagation and the dispatch result': () => {
      const et = new EventTarget();
      const log = [];
      et.addEventListener('a', (e) => { log.push(1); e.preventDefault(); e.stopImmediatePropagation(); });
      et.addEventListener('a', () => log.push(2));
      return [et.dispatchEvent(new Event('a', { cancelable: true })), log];
    },
    'passive listeners cannot cancel': () => {
      const et = new EventTarget();
      et.addEventListener('a', (e) => e.preventDefault(), { passive: true });
      const e = new Event('a', { cancelable: true });
      return [et.dispatchEvent(e), e.defaultPrevented];
    },
    'a listener removed by a signal': () => {
      const et = new EventTarget();
      const c = new AbortController();
      const log = [];
      et.addEventListener('a', () => log.push('x'), { signal: c.signal });
      et.dispatchEvent(new Event('a'));
      c.abort();
      et.dispatchEvent(new Event('a'));
      return log;
    },
    'CustomEvent detail': () => [new CustomEvent('c', { detail: { n: 1 } }).detail, new CustomEvent('c').detail],
    // AbortController and AbortSignal
    'abort, its reason and the order of listeners': () => {
      const c = new AbortController();
      const log = [];
      c.signal.addEventListener('abort', (e) => log.push(`listener:${e.type}`));
      c.signal.onabort = () => log.push('onabort');
      c.abort();
      c.abort('again');
      return [c.signal.aborted, c.signal.reason.name, c.signal.reason.message, log];
    },
    'AbortSignal.abort with a reason': () => { const s = AbortSignal.abort('why'); return [s.aborted, s.reason]; },
    'AbortSignal.any follows the first to abort': () => {
      const a = new AbortController();
      const b = new AbortController();
      const s = AbortSignal.any([a.signal, b.signal]);
      const log = [];
      s.onabort = () => log.push(`any:${s.reason}`);
      b.signal.onabort = () => log.push('b');
      b.abort('b!');
      a.abort('a!');
      return [s.aborted, s.reason, log];
    },
    'AbortSignal.any of an aborted signal': () => AbortSignal.any([AbortSignal.abort(7)]).reason,
    'throwIfAborted': () => AbortSignal.abort().throwIfAborted(),
    'AbortSignal is not constructible': () => new AbortSignal(),
    'AbortSignal.timeout rejects bad delays': () => AbortSignal.timeout(-1),
    // structuredClone
    'clone keeps cycles, holes, dates, maps, sets, regexps': () => {
      const o = { a: [1, , 3], d: new Date(0), m: new Map([[1, { x: 2 }]]), s: new Set(['k']), r: /x/gi };
      o.self = o;
      const c = structuredClone(o);
      return [c !== o, c.self === c, c.a.length, 1 in c.a, c.d.getTime(), [...c.m], [...c.s], String(c.r), c.r.lastIndex];
    },
    'clone of errors': () => {
      const e = new RangeError('bad', { cause: 'c' });
      const c = structuredClone(e);
      class MyError extends TypeError {}
      const mine = structuredClone(new MyError('mine'));
      return [c instanceof RangeError, c.message, c.name, mine.constructor.name, mine.message];
    },
    'clone of a function': () => structuredClone(() => 1),
    'clone of a symbol': () => structuredClone(Symbol('s')),
    'clone of an object holding a function': () => structuredClone({ f() {} }),
    'clone with a transfer list': () => {
      const b = new Uint8Array([1, 2, 3]).buffer;
      const c = structuredClone({ b }, { transfer: [b] });
      return [b.byteLength, c.b.byteLength, [...new Uint8Array(c.b)]];
    },
    'transferring twice': () => { const b = new ArrayBuffer(1); return structuredClone(b, { transfer: [b, b] }); },
    'transferring a non-buffer': () => structuredClone(1, { transfer: [{}] }),
    'clone of typed-array views': () => {
      const u = new Uint16Array([1, 2, 3]);
      const c = structuredClone(u.subarray(1));
      const shared = structuredClone([u, u]);
      return [c.constructor.name, [...c], c.byteOffset, c.buffer.byteLength, shared[0] === shared[1]];
    },
    'clone of primitives and wrappers': () => {
      const c = structuredClone([1n, -0, NaN, 'é', new String('s'), new Number(2), true, null, undefined]);
      return [typeof c[0], Object.is(c[1], -0), Number.isNaN(c[2]), c[3], typeof c[4], c[4].valueOf(), c[5] + 1, c.length];
    },
    'clone drops getters and prototypes': () => {
      class P { constructor() { this.x = 1; } get y() { return 2; } }
      const c = structuredClone(new P());
      return [c.x, c.y, c.constructor === Object];
    },
    // crypto
    'randomUUID is a version 4 UUID': () =>
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()),
    'getRandomValues fills and returns its argument': () => {
      const a = new Uint32Array(8);
      const same = crypto.getRandomValues(a) === a;
      return [same, a.some((x) => x !== 0), crypto.getRandomValues(new BigInt64Array(2)).length];
    },
    'getRandomValues over the quota': () => crypto.getRandomValues(new Uint8Array(65537)),
    'getRandomValues at the quota': () => crypto.getRandomValues(new Uint8Array(65536)).length,
    'getRandomValues of floats': () => crypto.getRandomValues(new Float32Array(1)),
    'getRandomValues detached from crypto': () => { const g = crypto.getRandomValues; return g(new Uint8Array(1)); },
    'subtle.digest of the four SHAs': async () => {
      const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
      const data = new TextEncoder().encode('abc');
      const out = [];
      for (const name of ['SHA-1', 'sha-256', { name: 'SHA-384' }, 'SHA-512']) out.push(hex(await crypto.subtle.digest(name, data)));
      out.push(hex(await crypto.subtle.digest('SHA-256', data.buffer)));
      return out;
    },
    'subtle.digest of an unknown algorithm': async () => crypto.subtle.digest('MD5', new Uint8Array(1)),
    'subtle.digest of a string': async () => crypto.subtle.digest('SHA-256', 'abc'),
    'subtle HMAC: RFC 4231 sign, verify, jwk': async () => {
      const s = crypto.subtle;
      const enc = new TextEncoder();
      const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
      const data = enc.encode('what do ya want for nothing?');
      const out = [];
      for (const hash of ['SHA-1', 'sha-256', { name: 'SHA-384' }, 'SHA-512']) {
        const k = await s.importKey('raw', enc.encode('Jefe'), { name: 'hmac', hash }, true, ['sign', 'verify']);
        const sig = await s.sign('HMAC', k, data);
        out.push(hex(sig), await s.verify({ name: 'HMAC' }, k, sig, data), await s.verify('HMAC', k, sig, enc.encode('x')));
        out.push(await s.exportKey('jwk', k), [k.type, k.extractable, k.usages, k.algorithm.name, k.algorithm.hash.name, k.algorithm.length]);
      }
      const j = await s.importKey('jwk', { kty: 'oct', k: 'SmVmZQ', alg: 'HS256', ext: true }, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
      out.push(j.extractable, j.usages, j.algorithm.length, Object.prototype.toString.call(j));
      return out;
    },
    'subtle HMAC generateKey': async () => {
      const s = crypto.subtle;
      const out = [];
      for (const [hash, length] of [['SHA-1'], ['SHA-384'], ['SHA-256', 128]]) {
        const k = await s.generateKey({ name: 'HMAC', hash, length }, true, ['sign']);
        out.push(k.algorithm.length, (await s.exportKey('raw', k)).byteLength, k.algorithm.hash.name);
      }
      return out;
    },
    'subtle AES-GCM encrypt and decrypt': async () => {
      const s = crypto.subtle;
      const enc = new TextEncoder();
      const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
      const out = [];
      for (const bytes of [16, 24, 32]) {
        const k = await s.importKey('raw', new Uint8Array(bytes).fill(bytes), 'AES-GCM', true, ['encrypt', 'decrypt']);
        const iv = new Uint8Array(12).fill(2);
        const ct = await s.encrypt({ name: 'AES-GCM', iv, additionalData: enc.encode('hdr') }, k, enc.encode('hello world'));
        const pt = await s.decrypt({ name: 'aes-gcm', iv, additionalData: enc.encode('hdr') }, k, ct);
        const bare = await s.encrypt({ name: 'AES-GCM', iv: new Uint8Array(16) }, k, new Uint8Array(0));
        const tampered = new Uint8Array(ct);
        tampered[0] ^= 1;
        const bad = await s.decrypt({ name: 'AES-GCM', iv }, k, tampered).then(() => 'ok', (e) => e.name);
        out.push(hex(ct), new TextDecoder().decode(pt), hex(bare), bad, k.algorithm, await s.exportKey('jwk', k));
      }
      return out;
    },
    'subtle PBKDF2 and HKDF: RFC 6070 and 5869': async () => {
      const s = crypto.subtle;
      const enc = new TextEncoder();
      const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
      const p = await s.importKey('raw', enc.encode('password'), 'PBKDF2', false, ['deriveBits', 'deriveKey']);
      const out = [p.algorithm, [...p.usages].sort(), p.extractable];
      for (const iterations of [1, 2, 4096]) {
        out.push(hex(await s.deriveBits({ name: 'PBKDF2', hash: 'SHA-1', salt: enc.encode('salt'), iterations }, p, 160)));
      }
      out.push(hex(await s.deriveBits({ name: 'PBKDF2', hash: 'SHA-512', salt: new Uint8Array(0), iterations: 3 }, p, 512)));
      const h = await s.importKey('raw', new Uint8Array(22).fill(0x0b), 'HKDF', false, ['deriveBits']);
      const salt = Uint8Array.from({ length: 13 }, (_, i) => i);
      const info = Uint8Array.from({ length: 10 }, (_, i) => 0xf0 + i);
      out.push(hex(await s.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info }, h, 336)));
      out.push(hex(await s.deriveBits({ name: 'HKDF', hash: 'SHA-1', salt: new Uint8Array(0), info: new Uint8Array(0) }, h, 336)));
      return out;
    },
    'subtle deriveKey, wrapKey and unwrapKey': async () => {
      const s = crypto.subtle;
      const enc = new TextEncoder();
      const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
      const p = await s.importKey('raw', enc.encode('pw'), 'PBKDF2', false, ['deriveKey']);
      const params = { name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(8), iterations: 10 };
      const aes = await s.deriveKey(params, p, { name: 'AES-GCM', length: 256 }, true, ['wrapKey', 'unwrapKey']);
      const mac = await s.deriveKey(params, p, { name: 'HMAC', hash: 'SHA-1' }, true, ['sign']);
      const out = [aes.algorithm, hex(await s.exportKey('raw', aes)), mac.algorithm.length, hex(await s.exportKey('raw', mac))];
      const iv = new Uint8Array(12).fill(9);
      for (const format of ['raw', 'jwk']) {
        const wrapped = await s.wrapKey(format, mac, aes, { name: 'AES-GCM', iv });
        const back = await s.unwrapKey(format, wrapped, aes, { name: 'AES-GCM', iv }, { name: 'HMAC', hash: 'SHA-1' }, true, ['sign']);
        out.push(format === 'raw' ? hex(wrapped) : wrapped.byteLength > 0, hex(await s.sign('HMAC', back, enc.encode('m'))) === hex(await s.sign('HMAC', mac, enc.encode('m'))));
      }
      return out;
    },
    'subtle errors by name': async () => {
      const s = crypto.subtle;
      const name = (p) => p.then(() => 'ok', (e) => e.name);
      const aes = await s.importKey('raw', new Uint8Array(16), 'AES-GCM', false, ['encrypt']);
      const mac = await s.importKey('raw', new Uint8Array(16), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
      const pbkdf2 = await s.importKey('raw', new Uint8Array(4), 'PBKDF2', false, ['deriveBits']);
      const derive = (iterations, length) => s.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(8), iterations }, pbkdf2, length);
      return Promise.all([
        name(s.importKey('raw', new Uint8Array(16), 'AES-GCM', true, [])),
        name(s.importKey('raw', new Uint8Array(15), 'AES-GCM', true, ['encrypt'])),
        name(s.importKey('raw', new Uint8Array(16), 'AES-GCM', true, ['sign'])),
        name(s.importKey('raw', new Uint8Array(16), 'PBKDF2', true, ['deriveBits'])),
        name(s.importKey('raw', new Uint8Array(0), { name: 'HMAC', hash: 'SHA-256' }, true, ['sign'])),
        name(s.importKey('spki', new Uint8Array(16), 'AES-GCM', true, ['encrypt'])),
        name(s.importKey('raw', new Uint8Array(16), 'AES-XYZ', true, ['encrypt'])),
        name(s.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, mac, new Uint8Array(1))),
        name(s.decrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, aes, new Uint8Array(20))),
        name(s.sign('HMAC', mac, new Uint8Array(1))),
        name(derive(0, 256)),
        name(derive(1, 7)),
        name(s.generateKey({ name: 'AES-GCM', length: 100 }, true, ['encrypt'])),
        name(s.sign('HMAC', {}, new Uint8Array(1))),
      ]);
    },
    'subtle Ed25519: RFC 8032 sign, verify, formats': async () => {
      const s = crypto.subtle;
      const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
      const unhex = (h) => Uint8Array.from(h.match(/../g), (x) => parseInt(x, 16));
      const b64u = (b) => btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      const d = unhex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
      const x = unhex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
      const priv = await s.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', d: b64u(d), x: b64u(x) }, 'Ed25519', true, ['sign']);
      const pub = await s.importKey('raw', x, { name: 'Ed25519' }, true, ['verify']);
      const sig = await s.sign('Ed25519', priv, new Uint8Array(0));
      const out = [hex(sig), await s.verify('Ed25519', pub, sig, new Uint8Array(0)), await s.verify('Ed25519', pub, sig, new Uint8Array(1))];
      const spki = await s.exportKey('spki', pub);
      const pkcs8 = await s.exportKey('pkcs8', priv);
      // Older Nodes leave out "alg" (the standard has it since 2024).
      const entries = async (key) => Object.entries(await s.exportKey('jwk', key)).filter(([k]) => k !== 'alg').sort();
      out.push(hex(spki), hex(pkcs8), await entries(priv), await entries(pub));
      const again = await s.importKey('pkcs8', pkcs8, 'Ed25519', false, ['sign']);
      const fromSpki = await s.importKey('spki', spki, 'Ed25519', true, ['verify']);
      out.push(hex(await s.sign('Ed25519', again, new Uint8Array([0x72]))), await s.verify('Ed25519', fromSpki, sig, new Uint8Array(0)));
      out.push([priv.type, pub.type, priv.algorithm, pub.usages, priv.usages, priv.extractable, again.extractable]);
      const pair = await s.generateKey('Ed25519', false, ['sign', 'verify']);
      const signed = await s.sign('Ed25519', pair.privateKey, new Uint8Array([1]));
      out.push(await s.verify('Ed25519', pair.publicKey, signed, new Uint8Array([1])), pair.publicKey.extractable, pair.privateKey.extractable,
        Object.keys(pair).sort(), (await s.exportKey('raw', pair.publicKey)).byteLength);
      return out;
    },
    'subtle ECDSA: P-256 and P-384 keys, signatures, formats': async () => {
      const s = crypto.subtle;
      const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
      const jwk = { kty: 'EC', crv: 'P-256', x: 'BqUduAgHKu3DljQeJ6eBVvxahCzGOOAnKN9P6X1FXW4', y: 'y35W8806dCM9hcTgqcNAJSJLKrJLYU6AGCydZL80Xpo', d: 'v0g4VqKqx9oausaB3HCOkvQfO1wFGUcW9rmwIxjNBgk' };
      const { d: _d, ...pubJwk } = jwk;
      const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
      const priv = await s.importKey('jwk', jwk, algorithm, true, ['sign']);
      const pub = await s.importKey('jwk', pubJwk, algorithm, true, ['verify']);
      const out = [];
      for (const hash of ['SHA-256', 'SHA-384', 'SHA-1']) {
        const sig = await s.sign({ name: 'ECDSA', hash }, priv, new Uint8Array([1, 2, 3]));
        out.push(sig.byteLength, await s.verify({ name: 'ECDSA', hash }, pub, sig, new Uint8Array([1, 2, 3])),
          await s.verify({ name: 'ECDSA', hash }, pub, sig, new Uint8Array([1, 2])));
      }
      const spki = await s.exportKey('spki', pub);
      out.push(hex(spki), hex(await s.exportKey('raw', pub)), Object.entries(await s.exportKey('jwk', priv)).sort());
      const pkcs8 = await s.exportKey('pkcs8', priv);
      const back = await s.importKey('pkcs8', pkcs8, algorithm, true, ['sign']);
      const fromSpki = await s.importKey('spki', spki, algorithm, false, ['verify']);
      const fromRaw = await s.importKey('raw', await s.exportKey('raw', pub), algorithm, true, ['verify']);
      const sig = await s.sign({ name: 'ECDSA', hash: 'SHA-256' }, back, new Uint8Array([9]));
      out.push((await s.exportKey('jwk', back)).d === jwk.d, await s.verify({ name: 'ECDSA', hash: 'SHA-256' }, fromSpki, sig, new Uint8Array([9])),
        await s.verify({ name: 'ECDSA', hash: 'SHA-256' }, fromRaw, sig, new Uint8Array([9])), [fromSpki.type, fromSpki.extractable, fromSpki.algorithm]);
      const pair = await s.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign', 'verify']);
      const signed = await s.sign({ name: 'ECDSA', hash: 'SHA-384' }, pair.privateKey, new Uint8Array([1]));
      out.push(signed.byteLength, await s.verify({ name: 'ECDSA', hash: 'SHA-384' }, pair.publicKey, signed, new Uint8Array([1])),
        pair.publicKey.algorithm, pair.publicKey.extractable, pair.privateKey.extractable, pair.publicKey.usages, pair.privateKey.usages,
        (await s.exportKey('spki', pair.publicKey)).byteLength);
      return out;
    },
    'subtle ECDH: deriveBits and deriveKey': async () => {
      const s = crypto.subtle;
      const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
      const jwk = { kty: 'EC', crv: 'P-256', x: 'BqUduAgHKu3DljQeJ6eBVvxahCzGOOAnKN9P6X1FXW4', y: 'y35W8806dCM9hcTgqcNAJSJLKrJLYU6AGCydZL80Xpo', d: 'v0g4VqKqx9oausaB3HCOkvQfO1wFGUcW9rmwIxjNBgk' };
      const { d: _d, ...pubJwk } = jwk;
      const algorithm = { name: 'ECDH', namedCurve: 'P-256' };
      const priv = await s.importKey('jwk', jwk, algorithm, true, ['deriveBits', 'deriveKey']);
      const pub = await s.importKey('jwk', pubJwk, algorithm, true, []);
      const out = [hex(await s.deriveBits({ name: 'ECDH', public: pub }, priv, null)), hex(await s.deriveBits({ name: 'ECDH', public: pub }, priv, 128))];
      const aes = await s.deriveKey({ name: 'ECDH', public: pub }, priv, { name: 'AES-GCM', length: 128 }, true, ['encrypt']);
      out.push(hex(await s.exportKey('raw', aes)), pub.usages, [...priv.usages].sort());
      const a = await s.generateKey({ name: 'ECDH', namedCurve: 'P-384' }, true, ['deriveBits']);
      const b = await s.generateKey({ name: 'ECDH', namedCurve: 'P-384' }, true, ['deriveBits']);
      const ab = await s.deriveBits({ name: 'ECDH', public: b.publicKey }, a.privateKey, null);
      const ba = await s.deriveBits({ name: 'ECDH', public: a.publicKey }, b.privateKey, null);
      out.push(ab.byteLength, hex(ab) === hex(ba), a.publicKey.usages, a.privateKey.usages);
      return out;
    },
    'subtle key pair errors by name': async () => {
      const s = crypto.subtle;
      const name = (p) => p.then(() => 'ok', (e) => e.name);
      const ec = await s.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
      const dh = await s.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
      const dh384 = await s.generateKey({ name: 'ECDH', namedCurve: 'P-384' }, true, ['deriveBits']);
      const ed = await s.generateKey('Ed25519', true, ['sign', 'verify']);
      return Promise.all([
        name(s.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify'])),
        name(s.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['encrypt'])),
        name(s.sign({ name: 'ECDSA', hash: 'SHA-256' }, ec.publicKey, new Uint8Array(1))),
        name(s.verify({ name: 'ECDSA', hash: 'SHA-256' }, ec.privateKey, new Uint8Array(64), new Uint8Array(1))),
        name(s.sign('Ed25519', ec.privateKey, new Uint8Array(1))),
        name(s.importKey('raw', new Uint8Array(65), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify'])),
        name(s.importKey('raw', new Uint8Array(31), 'Ed25519', true, ['verify'])),
        name(s.importKey('spki', new Uint8Array(10), 'Ed25519', true, ['verify'])),
        name(s.importKey('jwk', { kty: 'EC', crv: 'P-384', x: 'AA', y: 'AA' }, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify'])),
        name(s.deriveBits({ name: 'ECDH', public: dh384.publicKey }, dh.privateKey, null)),
        name(s.deriveBits({ name: 'ECDH', public: dh.privateKey }, dh.privateKey, null)),
        name(s.deriveBits({ name: 'ECDH', public: dh.publicKey }, dh.privateKey, 512)),
        s.verify({ name: 'ECDSA', hash: 'SHA-256' }, ec.publicKey, new Uint8Array(63), new Uint8Array(1)),
        s.verify('Ed25519', ed.publicKey, new Uint8Array(64), new Uint8Array(1)),
      ]);
    },
    'subtle RSA: PKCS1-v1_5, PSS and OAEP with a fixed 2048-bit key': async () => {
      const s = crypto.subtle;
      const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
      const unhex = (h) => Uint8Array.from(h.match(/../g), (x) => parseInt(x, 16));
      const enc = new TextEncoder();
      const jwk = {
        kty: 'RSA',
        n: 'k3P4NLnBbO6f3s7DhEPoKSRBCORr1lvITRfNkuOTiWzh12bwQ27B2A-NTN6yOwiYeOP5Yjgxk22yvKlbqNHJQy2IftOkqRyc' +
          'XV57TWCt0TxSuQnaWSeunOlIAZI9srGYEwF5EhZ-jc6cA7VNiSKomc4RpjYO7UmugIfJyvTJrem7W_hfbYexxL3KQ1vkMtBC' +
          'pTprGNcdz7_L4XZEGMhH6EASPQUnkeHJvFp8JNX9iM95DUdfU_qbIZLRxtgawTgzps5pPsKFZqs4Fte-AXEJrWEz6LhpfQgd' +
          'fWc6qCts1J1wev0iOy12N9ASsSs-thypAtshsk9xsoHVRphfPTVFHw',
        e: 'AQAB',
        d: 'MFrzprbUC9klbHf5_kIWvIc7HKNsCdwHj-Cide1T0Nl4Jp-HY1XLFAPlnrPZVyq2dc6tVdx_xY1P9DbF7FL_4ZvpC050zVCo' +
          'pqX5YaK23csehbgJdvtgc-y8xGck_Jjo-jKddaUS04ZR-5VVXAeVqvq9JvjLZF2pcFUXhAtKqFFivwf8aZ_ZwEB4i51qnf29' +
          'On3GAjfWKHl1aNFUbXixkX-Iv_HafzfTXRAROWGvL6BT7w-8FQIiwZCA0b63GgLh3iU3ApSxpMMfSyMnMUJXX3MXloypKZjL' +
          '08bS0JJ-FNTeEnYm5wDcBgEK2C8_nCEq5GIc9bBqG83V0vyxKkv0oQ',
        p: 'xkfB740SRD1u27xVIkmBqxtjkpeNOR2oe7Nw96Mt5vXuhEUc_RMPFu8yd3uhyi_sk0dI_VISsDtRTo7V_VJGJxvidCb1eXMT' +
          '6C095O9DpeDm0FrdVwGIgxemm6d80eWjv1_qNdI0ejV-Ovf7v8q4-7xIHq9W5BEOq8-EE8wnSoU',
        q: 'vmB19Iz6_GqllvQov_cGUqPdmv6fUUbAAQNkkzo5JThwl73wVPuIGi6M_-1BP6v8cNu5WsGnN7Uwkeoc-h6LLvpsZXGd08KN' +
          '-RNDAoSOY4oH3DiRLWAUMWExy9gq7b_p-1h8iaB7i4gAKv5LXvTow0T9b6Vg5kvtNfBCgldobFM',
        dp: 'Ne0OMbiMX0LWA60U-l5DheXNDvFo1z_Zssr6zl7y_P2mARNK7wlf8Tzc3OIi_npKPUQF9d98dbGsS1FNobfenIRY8n4mBQHn' +
          'SB4F1127aEHihIgx6pfgKMcl6O-EYxGxlzre2ARzgUlLK36GWYMpDE4Iz0-gsiZxdwjZQwkjJoE',
        dq: 'cl4qnoaPRVKgNeZqEKDLCJxuxe1PMpmJQVKTeisRJ34XjeFKXxNYuTnb9OfIOgMNPZOSb6ZE2Z-dFRuK2uu8e7VvpyWxRgTs' +
          'G4Tpzbpqe_vxKuhEtviwSNX1_1rWt0uCuj93WYqyjalfSHTKPLpulth8VDUK2G8miy_SFNGD5wc',
        qi: 'NL2p3HI5kFTx4DhJE-D3D9B3jrBMm5O98MXbgkJa5SrrH00EfvDdc5wGqUZsICOmmp_u73ETGuZS0FznzQu-89jopHoF8oNu' +
          'YXy3Zto5q6AJUralqsUlQezjGCYqn-IHo7UPpiLqVu1XS_aKD7aYWf79waZKvXv0XOksmUX7HHY',
      };
      const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pubJwk } = jwk;
      const out = [];
      const rs = await s.importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['sign']);
      const rsPub = await s.importKey('jwk', pubJwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
      const sig = await s.sign('RSASSA-PKCS1-v1_5', rs, enc.encode('abc'));
      out.push(hex(sig), await s.verify('RSASSA-PKCS1-v1_5', rsPub, sig, enc.encode('abc')), await s.verify('RSASSA-PKCS1-v1_5', rsPub, sig, enc.encode('abd')));
      out.push(rs.algorithm.name, rs.algorithm.modulusLength, Array.from(rs.algorithm.publicExponent), rs.algorithm.hash, Object.keys(rs.algorithm));
      const spki = await s.exportKey('spki', rsPub);
      const pkcs8 = await s.exportKey('pkcs8', rs);
      out.push(hex(spki), hex(pkcs8), Object.entries(await s.exportKey('jwk', rs)).sort(), Object.entries(await s.exportKey('jwk', rsPub)).sort());
      const pss = await s.importKey('pkcs8', pkcs8, { name: 'RSA-PSS', hash: 'SHA-256' }, true, ['sign']);
      const pssPub = await s.importKey('spki', spki, { name: 'RSA-PSS', hash: 'SHA-256' }, true, ['verify']);
      const fixed = unhex('0d66e9c4f8512734014548895c0793e34e9a221175bbbaf99287bbccf075816556d0eddad7f5a481e6a7ea011f69ac53' +
        'b0af2eead60a3c09a8de34920c9b12bc9fa3a712160d0e9a8749865aa28d3973e81917253dd15ce74a98ad19a4039893' +
        '21a326fe64843178d3fbe8c3a89381fad06e9ccc1c710fbb22e96ecf36f5a71859e7ba658ce6ddbfbf768b7b77610012' +
        'ce7f40eb0b3c8908a45c75aa9755120a7e6caba289434dfee2b887c8592cb853e1943f3d000ea50af1be89c118db572a' +
        'a18e95425f16f4c0f8dddaa8b49ffc2327bf796cb9206440e8b56261677c143055955dbcb2ddc83621126733d113b749' +
        'a3c9374e02a9ce13705f37d868cdf8c9');
      const mine = await s.sign({ name: 'RSA-PSS', saltLength: 32 }, pss, enc.encode('abc'));
      out.push(await s.verify({ name: 'RSA-PSS', saltLength: 32 }, pssPub, fixed, enc.encode('abc')),
        await s.verify({ name: 'RSA-PSS', saltLength: 32 }, pssPub, mine, enc.encode('abc')),
        await s.verify({ name: 'RSA-PSS', saltLength: 20 }, pssPub, mine, enc.encode('abc')), (await s.exportKey('jwk', pss)).alg);
      const oaep = await s.importKey('pkcs8', pkcs8, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['decrypt', 'unwrapKey']);
      const oaepPub = await s.importKey('spki', spki, { name: 'RSA-OAEP', hash: 'SHA-256' }, true, ['encrypt', 'wrapKey']);
      const label = enc.encode('L');
      const ct = await s.encrypt({ name: 'RSA-OAEP', label }, oaepPub, enc.encode('round trip'));
      out.push(new TextDecoder().decode(await s.decrypt({ name: 'RSA-OAEP', label }, oaep, unhex('64deb61076cc7e52a1fb4ab2d7bef99f4596670171cbf6c24d17eaeeff816efc39838f0900080b909ee7d61b0eafd738' +
        '986020775c331d11f3c747e422893e14fa2db3740a90e8a3dea8f7e3db88aba96e12c631a3001f7a928767e0e3ad20d9' +
        '209b18356517f51de99ce398af9dbd019023006c923012fbacb868f44a10926e4ba65edaa9605ede6735d8b95032cf2e' +
        'b2888ed019acaee66876a69af7e1b1d00965298d6d17503545f6c36462c29f683ae0ef4c3e6c8d495734b7b0949396ce' +
        'fd7954ccadb89486a823c9d333883bc5c77371554daa2132946acbde7e67e91c1e0f54177337596493ee6de94af8814c' +
        'd563c929d5f350ed6f7690f61928c507'))),
        new TextDecoder().decode(await s.decrypt({ name: 'RSA-OAEP', label }, oaep, ct)),
        await s.decrypt({ name: 'RSA-OAEP' }, oaep, ct).then(() => 'ok', (e) => e.name), ct.byteLength, oaep.usages, oaepPub.usages);
      const aes = await s.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt']);
      const wrapped = await s.wrapKey('raw', aes, oaepPub, { name: 'RSA-OAEP' });
      const unwrapped = await s.unwrapKey('raw', wrapped, oaep, { name: 'RSA-OAEP' }, 'AES-GCM', true, ['encrypt']);
      out.push(hex(await s.exportKey('raw', unwrapped)) === hex(await s.exportKey('raw', aes)), (await s.exportKey('jwk', oaepPub)).alg);
      return out;
    },
    'subtle RSA key generation and errors': async () => {
      const s = crypto.subtle;
      const name = (p) => p.then(() => 'ok', (e) => e.name);
      const e = new Uint8Array([1, 0, 1]);
      const pair = await s.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: e, hash: 'SHA-1' }, false, ['sign', 'verify']);
      const sig = await s.sign('RSASSA-PKCS1-v1_5', pair.privateKey, new Uint8Array([1]));
      const out = [sig.byteLength, await s.verify('RSASSA-PKCS1-v1_5', pair.publicKey, sig, new Uint8Array([1])), pair.publicKey.algorithm.modulusLength,
        pair.privateKey.extractable, pair.publicKey.extractable, (await s.exportKey('jwk', pair.publicKey)).alg];
      out.push(...await Promise.all([
        name(s.generateKey({ name: 'RSA-PSS', modulusLength: 1024, publicExponent: e, hash: 'SHA-256' }, true, ['verify'])),
        name(s.generateKey({ name: 'RSA-OAEP', modulusLength: 1024, publicExponent: e, hash: 'SHA-256' }, true, ['sign'])),
        name(s.sign({ name: 'RSA-PSS', saltLength: 200 }, pair.privateKey, new Uint8Array(1))),
        name(s.importKey('spki', new Uint8Array(8), { name: 'RSA-PSS', hash: 'SHA-256' }, true, ['verify'])),
        name(s.importKey('jwk', { kty: 'oct', k: 'AQAB' }, { name: 'RSA-OAEP', hash: 'SHA-256' }, true, ['encrypt'])),
      ]));
      return out;
    },
    'subtle AES-CBC, AES-CTR and AES-KW: standard vectors': async () => {
      const s = crypto.subtle;
      const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
      const unhex = (h) => Uint8Array.from(h.match(/../g), (x) => parseInt(x, 16));
      const out = [];
      // NIST SP 800-38A F.2.1 (CBC) and F.5.1 (CTR), the first block; then a padded and a partial message.
      const key = unhex('2b7e151628aed2a6abf7158809cf4f3c');
      const block = unhex('6bc1bee22e409f96e93d7e117393172a');
      const cbc = await s.importKey('raw', key, 'AES-CBC', true, ['encrypt', 'decrypt']);
      const iv = unhex('000102030405060708090a0b0c0d0e0f');
      const c1 = await s.encrypt({ name: 'AES-CBC', iv }, cbc, block);
      out.push(hex(c1), hex(await s.decrypt({ name: 'AES-CBC', iv }, cbc, c1)), hex(await s.encrypt({ name: 'AES-CBC', iv }, cbc, new Uint8Array(5))));
      out.push(await s.decrypt({ name: 'AES-CBC', iv }, cbc, new Uint8Array(16)).then(() => 'ok', (e) => e.name), await s.exportKey('jwk', cbc));
      const ctr = await s.importKey('raw', key, 'AES-CTR', true, ['encrypt', 'decrypt']);
      const counter = unhex('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff');
      const c2 = await s.encrypt({ name: 'AES-CTR', counter, length: 64 }, ctr, block);
      out.push(hex(c2), hex(await s.decrypt({ name: 'AES-CTR', counter, length: 64 }, ctr, c2)));
      out.push(hex(await s.encrypt({ name: 'AES-CTR', counter, length: 128 }, ctr, new Uint8Array(40))));
      out.push(hex(await s.encrypt({ name: 'AES-CTR', counter, length: 8 }, ctr, new Uint8Array(40))));
      out.push(await s.encrypt({ name: 'AES-CTR', counter, length: 1 }, ctr, new Uint8Array(48)).then(() => 'ok', (e) => e.name));
      // RFC 3394 4.1: a 128-bit key wrapped with a 128-bit key.
      const kek = await s.importKey('raw', unhex('000102030405060708090a0b0c0d0e0f'), 'AES-KW', true, ['wrapKey', 'unwrapKey']);
      const data = await s.importKey('raw', unhex('00112233445566778899aabbccddeeff'), 'AES-CBC', true, ['encrypt']);
      const wrapped = await s.wrapKey('raw', data, kek, 'AES-KW');
      const back = await s.unwrapKey('raw', wrapped, kek, { name: 'AES-KW' }, 'AES-CBC', true, ['encrypt']);
      const bad = new Uint8Array(wrapped);
      bad[0] ^= 1;
      out.push(hex(wrapped), hex(await s.exportKey('raw', back)), await s.unwrapKey('raw', bad, kek, 'AES-KW', 'AES-CBC', true, ['encrypt']).then(() => 'ok', (e) => e.name));
      out.push(await s.exportKey('jwk', kek), kek.usages, await s.encrypt('AES-KW', kek, new Uint8Array(16)).then(() => 'ok', (e) => e.name));
      const g = await s.generateKey({ name: 'AES-CTR', length: 192 }, true, ['encrypt']);
      out.push(g.algorithm, (await s.exportKey('raw', g)).byteLength);
      return out;
    },
    'subtle X25519: RFC 7748 and formats': async () => {
      const s = crypto.subtle;
      const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
      const unhex = (h) => Uint8Array.from(h.match(/../g), (x) => parseInt(x, 16));
      const pkcs8 = (k) => unhex(`302e020100300506032b656e04220420${k}`);
      // RFC 7748 6.1: Alice's and Bob's keys and their shared secret.
      const alice = await s.importKey('pkcs8', pkcs8('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'), 'X25519', true, ['deriveKey', 'deriveBits']);
      const bobPub = await s.importKey('raw', unhex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f'), 'X25519', true, []);
      const out = [hex(await s.deriveBits({ name: 'X25519', public: bobPub }, alice, 256)), hex(await s.deriveBits({ name: 'X25519', public: bobPub }, alice, 64))];
      const jwk = await s.exportKey('jwk', alice);
      out.push(Object.entries(jwk).sort(), hex(await s.exportKey('spki', bobPub)), hex(await s.exportKey('pkcs8', alice)), alice.algorithm, alice.usages, bobPub.usages);
      const fromJwk = await s.importKey('jwk', jwk, { name: 'X25519' }, false, ['deriveKey']);
      const aes = await s.deriveKey({ name: 'X25519', public: bobPub }, fromJwk, { name: 'AES-KW', length: 128 }, true, ['wrapKey']);
      out.push(hex(await s.exportKey('raw', aes)));
      const a = await s.generateKey('X25519', true, ['deriveBits']);
      const b = await s.generateKey({ name: 'X25519' }, true, ['deriveBits']);
      out.push(hex(await s.deriveBits({ name: 'X25519', public: b.publicKey }, a.privateKey, null)) === hex(await s.deriveBits({ name: 'X25519', public: a.publicKey }, b.privateKey, null)));
      const zero = await s.importKey('raw', new Uint8Array(32), 'X25519', true, []);
      out.push(await s.deriveBits({ name: 'X25519', public: zero }, alice, 256).then(() => 'ok', (e) => e.name));
      return out;
    },
    'subtle ECDSA and ECDH on P-521': async () => {
      const s = crypto.subtle;
      const pair = await s.generateKey({ name: 'ECDSA', namedCurve: 'P-521' }, true, ['sign', 'verify']);
      const sig = await s.sign({ name: 'ECDSA', hash: 'SHA-512' }, pair.privateKey, new Uint8Array([5]));
      const jwk = await s.exportKey('jwk', pair.privateKey);
      const again = await s.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-521' }, true, ['sign']);
      const spki = await s.exportKey('spki', pair.publicKey);
      const pub = await s.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-521' }, true, ['verify']);
      const sig2 = await s.sign({ name: 'ECDSA', hash: 'SHA-256' }, again, new Uint8Array([5]));
      const dh = await s.generateKey({ name: 'ECDH', namedCurve: 'P-521' }, true, ['deriveBits']);
      return [sig.byteLength, await s.verify({ name: 'ECDSA', hash: 'SHA-512' }, pub, sig, new Uint8Array([5])),
        await s.verify({ name: 'ECDSA', hash: 'SHA-256' }, pub, sig2, new Uint8Array([5])), jwk.crv, jwk.x.length, jwk.d.length,
        (await s.exportKey('raw', pair.publicKey)).byteLength, spki.byteLength,
        (await s.deriveBits({ name: 'ECDH', public: dh.publicKey }, dh.privateKey, null)).byteLength];
    },
    'CryptoKey is not constructible': () => new CryptoKey(),
    'structuredClone of a CryptoKey, extractable or not': async () => {
      const key = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
      const [copy, again] = structuredClone([key, key]);
      const data = new Uint8Array([1, 2]);
      const pair = structuredClone(await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']));
      const signed = await crypto.subtle.sign('Ed25519', pair.privateKey, data);
      return [copy instanceof CryptoKey, copy !== key, copy === again, copy.type, copy.extractable, copy.algorithm,
        copy.usages, await crypto.subtle.verify('HMAC', copy, await crypto.subtle.sign('HMAC', key, data), data),
        await crypto.subtle.verify('Ed25519', pair.publicKey, signed, data),
        (await crypto.subtle.exportKey('raw', pair.publicKey)).byteLength];
    },
    'Crypto is not constructible': () => new Crypto(),
    // MessageChannel
    'MessageChannel delivers in order, after start': async () => {
      const { port1, port2 } = new MessageChannel();
      const got = [];
      port2.postMessage('before');
      const done = new Promise((resolve) => {
        port1.onmessage = (e) => { got.push([e.data, e instanceof MessageEvent, e.type, e.origin, e.ports.length]); if (got.length === 4) resolve(); };
      });
      port2.postMessage({ deep: [1, { two: 2 }] });
      port2.postMessage(undefined);
      port2.postMessage(new Map([[1, 'one']]));
      const sync = got.length;
      await done;
      port1.close();
      return [sync, got.map(([d, ...rest]) => [d instanceof Map ? [...d] : d, ...rest])];
    },
    'MessagePort needs start with addEventListener': async () => {
      const { port1, port2 } = new MessageChannel();
      const got = [];
      port1.addEventListener('message', (e) => got.push(e.data));
      port2.postMessage(1);
      await new Promise((r) => setTimeout(r, 20));
      const before = got.length;
      port1.start();
      await new Promise((r) => setTimeout(r, 20));
      port1.close();
      return [before, got];
    },
    'BroadcastChannel': async () => {
      const [a, b, c] = [new BroadcastChannel('room'), new BroadcastChannel('room'), new BroadcastChannel('other')];
      const got = [];
      const third = new BroadcastChannel('room');
      const done = new Promise((resolve) => {
        b.onmessage = (e) => { got.push(['b', e.data, e instanceof MessageEvent, e.origin, e.target === b]); };
        third.addEventListener('message', (e) => { got.push(['third', e.data]); resolve(); });
      });
      a.onmessage = (e) => got.push(['a', e.data]);
      c.onmessage = (e) => got.push(['c', e.data]);
      const sent = { deep: [1] };
      a.postMessage(sent);
      await done;
      await new Promise((r) => setTimeout(r, 10));
      a.close();
      const errors = [];
      try { a.postMessage(1); } catch (e) { errors.push(e.name); }
      try { b.postMessage(() => 1); } catch (e) { errors.push(e.name); }
      for (const ch of [b, c, third]) ch.close();
      return [got.sort(), errors, a.name, typeof BroadcastChannel];
    },
    'MessagePort transferred in a message': async () => {
      const { port1, port2 } = new MessageChannel();
      const inner = new MessageChannel();
      const third = new MessageChannel();
      const events = [];
      const two = new Promise((resolve) => { port2.onmessage = (e) => { events.push(e); if (events.length === 2) resolve(); }; });
      port1.postMessage({ port: inner.port1, n: 1 }, [inner.port1]);
      port1.postMessage('only listed', [third.port1]);
      await two;
      const [first, second] = events;
      const moved = first.data.port;
      const reply = new Promise((resolve) => { inner.port2.onmessage = (e) => resolve(e.data); });
      inner.port1.postMessage('from the detached port');
      moved.postMessage('through the moved port');
      const result = [first.data.n, moved instanceof MessagePort, moved === first.ports[0], moved !== inner.port1,
        second.data, second.ports.length, await reply];
      for (const p of [port1, port2, moved, inner.port2, second.ports[0], third.port2]) p.close();
      return result;
    },
    'a detached MessagePort cannot be transferred again': () => {
      const { port1 } = new MessageChannel();
      const other = new MessageChannel();
      port1.postMessage(null, [other.port1]);
      port1.postMessage(null, [other.port1]);
    },
    'a MessagePort cannot transfer itself': () => {
      const { port1 } = new MessageChannel();
      port1.postMessage(null, [port1]);
    },
    'MessagePort transfer, clone errors and close': async () => {
      const { port1, port2 } = new MessageChannel();
      const buffer = new ArrayBuffer(8);
      const received = new Promise((resolve) => { port1.onmessage = (e) => resolve(e.data); });
      port2.postMessage(buffer, [buffer]);
      const detached = buffer.byteLength;
      const data = await received;
      let cloneError;
      try { port2.postMessage(() => 1); } catch (e) { cloneError = e.name; }
      port2.close();
      const got = [];
      port1.onmessage = (e) => got.push(e.data);
      port2.postMessage('after close');
      await new Promise((r) => setTimeout(r, 20));
      port1.close();
      return [detached, data.byteLength, cloneError, got, Object.prototype.toString.call(port1), Object.prototype.toString.call(new MessageChannel())];
    },
    'MessageEvent fields': () => {
      const e = new MessageEvent('message', { data: { a: 1 }, origin: 'o', lastEventId: '7' });
      const blank = new MessageEvent('x');
      return [e.data, e.origin, e.lastEventId, e.source, e.ports, e instanceof Event, blank.data, blank.origin, blank.ports];
    },
    'MessagePort is not constructible': () => new MessagePort(),
    // performance
    'performance clock': () => {
      const a = performance.now();
      const b = performance.now();
      return [typeof a, a >= 0, b >= a, performance.timeOrigin > 1.6e12, Math.abs(performance.timeOrigin + a - Date.now()) < 5000];
    },
    'performance marks and measures': () => {
      const mark = performance.mark('start', { detail: { n: 1 } });
      performance.mark('end');
      const m = performance.measure('span', 'start', 'end');
      const out = [mark.entryType, mark.detail, mark.duration, m.entryType, m.name, m.duration >= 0,
        performance.getEntriesByName('start').length, performance.getEntriesByType('measure').length];
      performance.clearMarks();
      performance.clearMeasures('span');
      return [...out, performance.getEntries().length];
    },
    'measure from an unknown mark': () => performance.measure('x', 'no-such-mark'),
    // URL
    'URL parts': () => {
      const u = new URL('https://user:pw@EXAMPLE.com:8080/a/../b/./c?x=1&y=2#frag');
      return [u.href, u.origin, u.protocol, u.username, u.password, u.host, u.hostname, u.port, u.pathname, u.search, u.hash];
    },
    'URL default port, trailing slash, case': () => new URL('HTTPS://Example.COM:443').href,
    'URL relative references': () => ['../c?d', '/abs', '//other/x', '?q', '#h', '', 'g;x?y#s', '../../../g']
      .map((r) => new URL(r, 'http://a/b/c/d;p?q').href),
    'URL IDNA': () => [new URL('http://Bücher.example/').hostname, new URL('http://xn--bcher-kva.example/').href],
    'URL IPv6 and IPv4': () => [new URL('http://[::1]:80/').host, new URL('http://[2001:db8::0:1]/').hostname,
      new URL('http://0x7f.1/').hostname, new URL('http://127.0.0.1.:81/').host],
    'URL percent-encoding': () => {
      const u = new URL('http://h/a b/ä?q=ä b&r=%zz#ä b');
      return [u.pathname, u.search, u.hash, new URL('http://h/%7e').pathname];
    },
    'URL of special and opaque schemes': () => [new URL('file:///C:/x/../y').href, new URL('mailto:a@b.c').pathname,
      new URL('data:text/plain,hi').origin, new URL('blob:https://a.b/uuid').origin, new URL('urn:isbn:1').protocol],
    'URL invalid input': () => { try { new URL('not a url'); } catch (e) { return [e.name, e.message, e.code, e.input]; } },
    'URL invalid base': () => new URL('x', 'nope'),
    'URL setters': () => {
      const u = new URL('http://a/b?c=d');
      u.hash = 'x y';
      u.pathname = '/p q';
      u.port = '81';
      u.hostname = 'example.org';
      u.username = 'me';
      u.protocol = 'https';
      const after = u.href;
      u.port = 'nope';
      u.protocol = 'mailto';
      return [after, u.href];
    },
    'URL href setter': () => { const u = new URL('http://a/'); u.href = 'http://b/c'; return u.href; },
    'URL href setter with garbage': () => { const u = new URL('http://a/'); u.href = 'garbage'; return u.href; },
    'URL.canParse and URL.parse': () => [URL.canParse('x:'), URL.canParse('nope'), URL.canParse('b', 'http://a/'),
      URL.parse('nope'), String(URL.parse('/p', 'http://h'))],
    'URL JSON and string': () => [JSON.stringify({ u: new URL('http://h/ä') }), `${new URL('http://h')}`],
    'URL searchParams stay linked': () => {
      const u = new URL('http://h/?a=1');
      const p = u.searchParams;
      p.append('b', 'x y');
      const first = u.href;
      u.search = '?c=3';
      return [first, [...p], p === u.searchParams, (p.delete('c'), u.href)];
    },
    // URLSearchParams
    'URLSearchParams from a string': () => {
      const p = new URLSearchParams('?a=1&b=2&a=3&c&=e&%zz=%41+b');
      return [[...p], p.size, p.get('a'), p.getAll('a'), p.get('nope'), p.toString()];
    },
    'URLSearchParams from pairs and records': () => [new URLSearchParams([['a', 1], ['b', 'x&y']]).toString(),
      new URLSearchParams({ b: 'ä', a: '=' }).toString()],
    'URLSearchParams from bad pairs': () => new URLSearchParams([['a']]),
    'URLSearchParams methods': () => {
      const p = new URLSearchParams('z=1&a=2&z=3&b=4');
      p.sort();
      const sorted = p.toString();
      p.delete('z', '3');
      p.set('a', 'new');
      p.set('q', '');
      return [sorted, p.toString(), p.has('z'), p.has('z', '3'), [...p.keys()], [...p.values()]];
    },
    'URLSearchParams encodes as forms do': () => new URLSearchParams({ s: ' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~é😀' }).toString(),
    'URLSearchParams with lone surrogates': () => new URLSearchParams({ k: '\uD800' }).toString(),

    // TextDecoder streaming, TextEncoderStream, TextDecoderStream
    'TextDecoder across chunk boundaries': () => {
      const bytes = new TextEncoder().encode('aé€😀z');
      const d = new TextDecoder();
      const parts = [];
      for (const b of bytes) parts.push(d.decode(new Uint8Array([b]), { stream: true }));
      parts.push(d.decode());
      return parts;
    },
    'TextDecoder streaming keeps one BOM out': () => {
      const d = new TextDecoder();
      return [d.decode(new Uint8Array([0xef, 0xbb]), { stream: true }), d.decode(new Uint8Array([0xbf, 0x41, 0xef, 0xbb, 0xbf]))];
    },
    'TextDecoder streaming an invalid tail': () => {
      const d = new TextDecoder();
      return [d.decode(new Uint8Array([0x41, 0xe0, 0x80]), { stream: true }), d.decode(new Uint8Array([0xf0, 0x9f])), d.decode()];
    },
    'TextDecoder fatal on a cut character': () => {
      const d = new TextDecoder('utf-8', { fatal: true });
      d.decode(new Uint8Array([0xe2, 0x82]), { stream: true });
      return d.decode();
    },
    'TextEncoderStream and TextDecoderStream': async () => {
      const chunks = [];
      const encoded = [];
      const source = new ReadableStream({ start(c) { for (const s of ['a\uD83D', '\uDE00b', 'é']) c.enqueue(s); c.close(); } });
      const bytes = source.pipeThrough(new TextEncoderStream());
      const [one, two] = bytes.tee();
      for await (const b of one) encoded.push([...b]);
      for await (const s of two.pipeThrough(new TextDecoderStream())) chunks.push(s);
      return [encoded, chunks.join('')];
    },
    // Streams
    'ReadableStream tee and async iteration': async () => {
      const s = ReadableStream.from([1, 2, 3]);
      const [a, b] = s.tee();
      const out = [];
      for await (const x of a) out.push(x);
      for await (const x of b) out.push(x * 10);
      return [out, s.locked];
    },
    'pipeTo a WritableStream, with backpressure': async () => {
      const log = [];
      const ws = new WritableStream({
        write(chunk) { log.push(`w${chunk}`); },
        close() { log.push('closed'); },
      }, new CountQueuingStrategy({ highWaterMark: 1 }));
      await ReadableStream.from(['a', 'b']).pipeTo(ws);
      return log;
    },
    'pipeTo an aborting signal': async () => {
      const c = new AbortController();
      const rs = new ReadableStream({ pull(ctl) { ctl.enqueue(1); } });
      const ws = new WritableStream({ write() { c.abort(); } });
      try { await rs.pipeTo(ws, { signal: c.signal }); } catch (e) { return [e.name, rs.locked]; }
    },
    'TransformStream upper-casing': async () => {
      const t = new TransformStream({ transform(chunk, c) { c.enqueue(chunk.toUpperCase()); } });
      const out = [];
      for await (const x of ReadableStream.from(['a', 'b']).pipeThrough(t)) out.push(x);
      return out;
    },
    'WritableStream writer errors': async () => {
      const ws = new WritableStream({ write() { throw new TypeError('no'); } });
      const writer = ws.getWriter();
      const results = await Promise.allSettled([writer.write('x'), writer.close()]);
      return results.map((r) => r.status + (r.reason ? `:${r.reason.name}` : ''));
    },
    'a locked stream cannot get a second reader': () => { const s = new ReadableStream(); s.getReader(); return s.getReader(); },
    'byte streams and a BYOB reader': async () => {
      const s = new ReadableStream({ type: 'bytes', start(c) { c.enqueue(new Uint8Array([1, 2, 3, 4])); c.close(); } });
      const reader = s.getReader({ mode: 'byob' });
      const first = await reader.read(new Uint8Array(2));
      return [[...first.value], first.done];
    },
    'queuing strategies': () => [new ByteLengthQueuingStrategy({ highWaterMark: 8 }).size(new Uint8Array(3)),
      new CountQueuingStrategy({ highWaterMark: 2 }).highWaterMark],
    // Blob and File
    'Blob parts, size and type': async () => {
      const b = new Blob(['ab', new Uint8Array([0x63]), new Blob(['é'])], { type: 'Text/Plain' });
      return [b.size, b.type, await b.text(), [...new Uint8Array(await b.arrayBuffer())]];
    },
    'Blob slicing, negative indices': async () => {
      const b = new Blob(['0123456789']);
      return Promise.all([b.slice(-3).text(), b.slice(2, -2).text(), b.slice(8, 2).text(), b.slice(-100, 3).text(),
        b.slice(1, 4, 'x/y').type, b.slice(0, 100).size]);
    },
    'Blob endings and odd types': async () => [await new Blob(['a\r\nb\rc'], { endings: 'native' }).text(),
      new Blob([], { type: 'é' }).type, await new Blob([123, null]).text()],
    'Blob stream': async () => {
      const out = [];
      for await (const chunk of new Blob(['hello']).stream()) out.push(...chunk);
      return out;
    },
    'Blob from a string': () => new Blob('abc'),
    'structuredClone of a Blob': async () => {
      const blob = new Blob(['héllo'], { type: 'Text/Plain' });
      const [copy, same] = structuredClone([blob, { blob }]);
      return [copy instanceof Blob, copy !== blob, same.blob === copy, copy.type, copy.size, await copy.text(),
        await structuredClone(blob.slice(1, 3)).text()];
    },
    'File fields': () => {
      const f = new File(['x'], 'a.txt', { type: 'text/plain', lastModified: 42 });
      return [f.name, f.size, f.type, f.lastModified, f instanceof Blob, Object.prototype.toString.call(f)];
    },
    // Compression
    'compress then decompress, each format': async () => {
      const text = 'hello '.repeat(1000);
      const collect = async (stream) => {
        const parts = [];
        for await (const chunk of stream) parts.push(chunk);
        return new Uint8Array(await new Blob(parts).arrayBuffer());
      };
      const out = [];
      for (const format of ['gzip', 'deflate', 'deflate-raw']) {
        const bytes = await collect(new Blob([text]).stream().pipeThrough(new CompressionStream(format)));
        const back = new TextDecoder().decode(await collect(new Blob([bytes]).stream().pipeThrough(new DecompressionStream(format))));
        out.push([back === text, bytes.length < 200, format === 'gzip' ? [bytes[0], bytes[1]] : null]);
      }
      return out;
    },
    'decompressing garbage': async () => {
      const s = new Blob([new Uint8Array([1, 2, 3, 4])]).stream().pipeThrough(new DecompressionStream('gzip'));
      try { for await (const _ of s); } catch (e) { return e.name; }
    },
    'an unknown compression format': () => new CompressionStream('no-such-format'),

    // Headers, Request, Response, FormData
    'Headers combine, sort and keep set-cookie apart': () => {
      const h = new Headers([['B', '1'], ['a', ' 2 '], ['b', '3'], ['Set-Cookie', 'x=1'], ['set-cookie', 'y=2']]);
      return [[...h], h.get('b'), h.get('A'), h.has('c'), h.getSetCookie(), h.get('set-cookie')];
    },
    'Headers set, delete and records': () => {
      const h = new Headers({ 'Content-Type': 'text/html', x: 'y' });
      h.set('x', 'z');
      h.delete('content-type');
      h.append('x', 'w');
      const seen = [];
      h.forEach((v, k) => seen.push(`${k}=${v}`));
      return [[...h.keys()], [...h.values()], seen];
    },
    'Headers reject bad names': () => new Headers({ 'bad name': 'x' }),
    'Headers reject bad values': () => new Headers({ x: 'a\nb' }),
    'Response basics': async () => {
      const r = new Response('héllo', { status: 201, statusText: 'Made', headers: { 'X-A': '1' } });
      return [r.status, r.ok, r.statusText, r.type, r.url, r.redirected, r.bodyUsed, [...r.headers], await r.text(), r.bodyUsed];
    },
    'Response body types': async () => {
      const out = [];
      for (const body of [new Uint8Array([1, 2]), new URLSearchParams('a=1&b=2'), new Blob(['x'], { type: 'a/b' }), null, '']) {
        const r = new Response(body);
        out.push([r.headers.get('content-type'), r.body === null, [...new Uint8Array(await r.arrayBuffer())]]);
      }
      return out;
    },
    'Response read twice': async () => { const r = new Response('x'); await r.text(); return r.text(); },
    'Response bad status': () => new Response('x', { status: 700 }),
    'Response null-body status with a body': () => new Response('x', { status: 204 }),
    'Response.json, error and redirect': async () => {
      const j = Response.json({ a: [1] }, { status: 202 });
      const e = Response.error();
      const r = Response.redirect('http://example.com/x', 301);
      return [j.status, j.headers.get('content-type'), await j.json(), e.type, e.status, r.status, r.headers.get('location')];
    },
    'Response clone and stream bodies': async () => {
      const r = new Response(ReadableStream.from([new Uint8Array([104, 105])]));
      const c = r.clone();
      return [await r.text(), await c.text(), r.bodyUsed];
    },
    'Response blob and formData': async () => {
      const b = await new Response('a=1&b=%20', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }).blob();
      const f = await new Response('a=1&b=%20', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }).formData();
      return [b.type, b.size, [...f]];
    },
    'Request basics': () => {
      const r = new Request('https://example.com/a?b#c', { method: 'post', headers: { x: '1' }, body: 'data' });
      return [r.method, r.url, [...r.headers], r.redirect, r.mode, r.credentials, r.cache, r.signal.aborted, r.bodyUsed];
    },
    'Request from a Request': async () => {
      const a = new Request('http://h/', { method: 'PUT', body: 'x' });
      const b = new Request(a, { headers: { y: '2' } });
      return [b.method, b.url, [...b.headers], await b.text()];
    },
    'Request with a relative URL': () => new Request('/relative'),
    'Request GET with a body': () => new Request('http://h/', { body: 'x' }),
    'Request with a forbidden method': () => new Request('http://h/', { method: 'TRACE' }),
    'Request method normalization': () => ['get', 'Patch', 'custom'].map((m) => new Request('http://h/', { method: m }).method),
    'Request signal follows its init': () => {
      const c = new AbortController();
      const r = new Request('http://h/', { signal: c.signal });
      c.abort('stop');
      return [r.signal.aborted, r.signal.reason];
    },
    'FormData entries': () => {
      const f = new FormData();
      f.append('a', '1');
      f.append('a', new Blob(['x'], { type: 't/x' }));
      f.append('b', new Blob(['y']), 'y.txt');
      f.set('c', '3');
      const file = f.getAll('a')[1];
      return [[...f.keys()], f.get('a'), file.name, file.type, f.get('b').name, f.has('c'), (f.delete('a'), [...f.keys()])];
    },
    'FormData parsed from a multipart body': async () => {
      const f = new FormData();
      f.append('plain', 'value');
      f.append('lines', 'a\nb\r\nc');
      f.append('unicode ünï', 'ü € 😀');
      f.append('file', new Blob([new Uint8Array([0, 13, 10, 45, 45, 255])], { type: 'application/x-bin' }), 'data.bin');
      f.append('file', new Blob(['text file']), 'a.txt');
      f.append('empty', new Blob([]), 'empty.txt');
      const parsed = await new Request('http://h/', { method: 'POST', body: f }).formData();
      const out = [];
      for (const [name, value] of parsed) {
        out.push(typeof value === 'string' ? [name, value]
          : [name, value.name, value.type, value.size, Array.from(new Uint8Array(await value.arrayBuffer())), value instanceof File]);
      }
      const raw = '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--XyZ\r\n'
        + 'Content-Disposition: form-data; name="up"; filename="u.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XyZ--\r\n';
      const fromText = await new Response(raw, { headers: { 'content-type': 'multipart/form-data; boundary="XyZ"' } }).formData();
      out.push([...fromText.keys()], fromText.get('a'), await fromText.get('up').text(), fromText.get('up').type);
      const bad = await new Response('nothing', { headers: { 'content-type': 'multipart/form-data; boundary=abc' } }).formData()
        .then(() => 'ok', (e) => e.name);
      const noBoundary = await new Response('x', { headers: { 'content-type': 'multipart/form-data' } }).formData()
        .then(() => 'ok', (e) => e.name);
      out.push(bad, noBoundary);
      return out;
    },
    'FormData as a body': async () => {
      const f = new FormData();
      f.append('field', 'v\nw');
      f.append('file', new Blob(['content'], { type: 'text/plain' }), 'f.txt');
      const r = new Request('http://h/', { method: 'POST', body: f });
      const type = r.headers.get('content-type');
      const boundary = type.split('boundary=')[1];
      const text = await r.text();
      return [type.startsWith('multipart/form-data; boundary='), text.split(boundary).length, text.includes('name="field"\r\n\r\nv\r\nw'),
        text.includes('filename="f.txt"\r\nContent-Type: text/plain\r\n\r\ncontent')];
    },
    'WebAssembly streaming from a Response': async () => {
      const add = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 7, 1, 96, 2, 127, 127, 1, 127, 3, 2, 1, 0, 7, 7, 1, 3,
        97, 100, 100, 0, 0, 10, 9, 1, 7, 0, 32, 0, 32, 1, 106, 11]);
      const wasm = (init = {}) => new Response(add, { headers: { 'content-type': 'application/wasm' }, ...init });
      const module = await WebAssembly.compileStreaming(wasm());
      const { instance } = await WebAssembly.instantiateStreaming(Promise.resolve(wasm()), {});
      return [WebAssembly.Module.exports(module), instance.exports.add(20, 22),
        WebAssembly.compileStreaming.length, WebAssembly.instantiateStreaming.length];
    },
    'WebAssembly streaming MIME type in any case': async () => {
      const add = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 7, 1, 96, 2, 127, 127, 1, 127, 3, 2, 1, 0, 7, 7, 1, 3,
        97, 100, 100, 0, 0, 10, 9, 1, 7, 0, 32, 0, 32, 1, 106, 11]);
      const named = new Response(add, { headers: { 'content-type': 'Application/WASM' } });
      return (await WebAssembly.instantiateStreaming(named)).instance.exports.add(1, 2);
    },
    'WebAssembly streaming refuses what is not a wasm response': async () => {
      const add = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
      const used = new Response(add, { headers: { 'content-type': 'application/wasm' } });
      await used.arrayBuffer();
      const outcomes = [
        new Response(add),
        new Response(add, { headers: { 'content-type': 'application/wasm; charset=binary' } }),
        new Response(add, { status: 404, headers: { 'content-type': 'application/wasm' } }),
        used,
        {},
        Promise.reject(new RangeError('no response')),
      ].map((source) => WebAssembly.compileStreaming(source).then(() => 'ok', (e) => e.name));
      return Promise.all(outcomes);
    },
  };
  const out = {};
  for (const [name, run] of Object.entries(cases)) {
    try {
      out[name] = await run();
    } catch (e) {
      out[name] = `THROW ${e.name}: ${e.message}`;
    }
  }
  return JSON.stringify(out, (key, value) => (typeof value === 'bigint' ? `${value}n` : value));
})()

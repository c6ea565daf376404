// `node:crypto`'s X509Certificate: the fields Node prints (parsed by
// runtime/src/node/x509.rs, natives.x509), its public key, and the checks:
// host names, e-mail addresses and IP addresses against the subject
// alternative names (or the subject), issuer and private key, and the
// signature (crypto.verify over the signed bytes). `keys` is crypto_keys.js's.
(function (natives, Buffer, errors, keys) {
  'use strict';
  const { createPublicKey, KeyObject } = keys.internals;
  const { verify: verifyWith } = keys.api;
  const fields = Symbol('fields');
  // Signature algorithms by OID: the digest crypto.verify takes (null: the key's own, Ed25519).
  const SIGNATURES = {
    '1.2.840.113549.1.1.5': 'sha1', '1.2.840.113549.1.1.11': 'sha256', '1.2.840.113549.1.1.12': 'sha384',
    '1.2.840.113549.1.1.13': 'sha512', '1.2.840.113549.1.1.14': 'sha224', '1.2.840.10045.4.1': 'sha1',
    '1.2.840.10045.4.3.1': 'sha224', '1.2.840.10045.4.3.2': 'sha256', '1.2.840.10045.4.3.3': 'sha384',
    '1.2.840.10045.4.3.4': 'sha512', '1.3.101.112': null,
  };
  const pem = (der) => `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  // The DER of what the constructor takes: PEM or DER, as a string or bytes.
  const derOf = (buffer) => {
    if (typeof buffer !== 'string' && !ArrayBuffer.isView(buffer) && !(buffer instanceof ArrayBuffer)) {
      throw errors.invalidArgType('"buffer" argument', 'of type string or an instance of Buffer, TypedArray, or DataView', buffer);
    }
    const bytes = typeof buffer === 'string' ? Buffer.from(buffer) : Buffer.from(ArrayBuffer.isView(buffer)
      ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) : new Uint8Array(buffer));
    const text = bytes.toString('latin1');
    const block = /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----([\s\S]*?)-----END (?:X509 |TRUSTED )?CERTIFICATE-----/.exec(text);
    return block ? { der: Buffer.from(block[1].replace(/\s+/g, ''), 'base64'), pem: true } : { der: bytes, pem: false };
  };

  // RFC 6125's matching of a presented DNS name (a wildcard in the leftmost label only, one label deep).
  const hostMatches = (pattern, host, wildcards) => {
    const p = pattern.toLowerCase().replace(/\.$/, '');
    const h = host.toLowerCase().replace(/\.$/, '');
    if (p === h) return true;
    if (!wildcards || !p.startsWith('*.')) return false;
    const rest = p.slice(2);
    const dot = h.indexOf('.');
    return dot > 0 && h.slice(dot + 1) === rest && rest.includes('.');
  };
  const check = (value, name) => {
    if (typeof value !== 'string') throw errors.invalidArgType(`"${name}" argument`, 'of type string', value);
  };

  class X509Certificate {
    constructor(buffer) {
      const { der, pem: wasPem } = derOf(buffer);
      let parsed;
      try {
        parsed = natives.x509(new Uint8Array(der));
      } catch (error) {
        // As OpenSSL, which looks for PEM first: bytes that are neither have no start line.
        if (wasPem) throw error;
        throw Object.assign(new Error('error:0480006C:PEM routines::no start line'), { code: 'ERR_OSSL_PEM_NO_START_LINE' });
      }
      this[fields] = { der, ...Object.fromEntries(parsed) };
    }
    get subject() { return this[fields].subject; }
    get issuer() { return this[fields].issuer; }
    get subjectAltName() {
      const names = this[fields].altNames;
      return names.length === 0 ? undefined : names.map(([kind, value]) => `${kind}:${value}`).join(', ');
    }
    get infoAccess() { return undefined; }
    get issuerCertificate() { return undefined; }
    get validFrom() { return this[fields].validFrom; }
    get validTo() { return this[fields].validTo; }
    get validFromDate() { return new Date(this[fields].validFromMs); }
    get validToDate() { return new Date(this[fields].validToMs); }
    get fingerprint() { return this[fields].fingerprint; }
    get fingerprint256() { return this[fields].fingerprint256; }
    get fingerprint512() { return this[fields].fingerprint512; }
    get keyUsage() { return this[fields].keyUsage; }
    get serialNumber() { return this[fields].serialNumber; }
    get raw() { return Buffer.from(this[fields].der); }
    get publicKey() { return createPublicKey({ key: Buffer.from(this[fields].spki), format: 'der', type: 'spki' }); }
    get ca() { return this[fields].ca; }
    toString() { return pem(this[fields].der); }
    toJSON() { return this.toString(); }

    // The matched name, or undefined. The subject's CN counts when there are no DNS names ('default'), always or never.
    checkHost(name, options = {}) {
      check(name, 'name');
      const { subject = 'default', wildcards = true } = options ?? {};
      const dns = this[fields].altNames.filter(([kind]) => kind === 'DNS').map(([, value]) => value);
      const names = [...dns];
      if (subject === 'always' || (subject === 'default' && dns.length === 0)) {
        names.push(...this[fields].subjectParts.filter(([k]) => k === 'CN').map(([, v]) => v));
      }
      return names.find((pattern) => hostMatches(pattern, name, wildcards));
    }
    checkEmail(email, options = {}) {
      check(email, 'email');
      const { subject = 'default' } = options ?? {};
      const listed = this[fields].altNames.filter(([kind]) => kind === 'email').map(([, value]) => value);
      const names = [...listed];
      if (subject === 'always' || (subject === 'default' && listed.length === 0)) {
        names.push(...this[fields].subjectParts.filter(([k]) => k === 'emailAddress').map(([, v]) => v));
      }
      const [local, domain = ''] = [email.slice(0, email.lastIndexOf('@')), email.slice(email.lastIndexOf('@') + 1)];
      return names.find((n) => {
        const at = n.lastIndexOf('@');
        return n.slice(0, at) === local && n.slice(at + 1).toLowerCase() === domain.toLowerCase();
      });
    }
    checkIP(ip) {
      check(ip, 'ip');
      const canonical = (text) => {
        if (/^\d+\.\d+\.\d+\.\d+$/.test(text)) return text;
        try {
          return new platform.URL(`http://[${text}]/`).hostname;
        } catch {
          return null;
        }
      };
      const wanted = canonical(ip);
      if (wanted === null) {
        throw Object.assign(new TypeError(`The argument 'ip' must be a valid IP address. Received '${ip}'`),
          { code: 'ERR_INVALID_ARG_VALUE' });
      }
      const listed = this[fields].altNames.filter(([kind]) => kind === 'IP Address').map(([, value]) => value);
      return listed.find((value) => canonical(value) === wanted) !== undefined ? ip : undefined;
    }
    // Whether `other` issued this certificate: its subject is this one's issuer (as OpenSSL's first check).
    checkIssued(other) {
      if (!(other instanceof X509Certificate)) throw errors.invalidArgType('"otherCert" argument', 'an instance of X509Certificate', other);
      return this[fields].issuer === other[fields].subject;
    }
    checkPrivateKey(privateKey) {
      if (!(privateKey instanceof KeyObject) || privateKey.type !== 'private') {
        throw errors.invalidArgType('"privateKey" argument', 'an instance of KeyObject of type private', privateKey);
      }
      return createPublicKey(privateKey).equals(this.publicKey);
    }
    verify(publicKey) {
      if (!(publicKey instanceof KeyObject) || publicKey.type !== 'public') {
        throw errors.invalidArgType('"publicKey" argument', 'an instance of KeyObject of type public', publicKey);
      }
      const { signatureAlgorithm, signed, signature } = this[fields];
      if (!(signatureAlgorithm in SIGNATURES)) return false;
      try {
        return verifyWith(SIGNATURES[signatureAlgorithm], Buffer.from(signed), publicKey, Buffer.from(signature));
      } catch {
        return false;
      }
    }
    toLegacyObject() {
      const f = this[fields];
      return {
        subject: Object.fromEntries(f.subjectParts), issuer: Object.fromEntries(f.issuerParts),
        subjectaltname: this.subjectAltName, ca: f.ca, valid_from: f.validFrom, valid_to: f.validTo,
        fingerprint: f.fingerprint, fingerprint256: f.fingerprint256, fingerprint512: f.fingerprint512,
        ext_key_usage: f.keyUsage, serialNumber: f.serialNumber, raw: this.raw,
      };
    }
  }
  return { X509Certificate };
})

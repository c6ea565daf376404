// `node:crypto`'s RSA encryption: publicEncrypt and privateDecrypt (OAEP by
// default, with oaepHash and oaepLabel; PKCS#1 v1.5, which privateDecrypt
// undoes with implicit rejection as OpenSSL 3.2 does; or no padding),
// privateEncrypt and publicDecrypt (PKCS#1 v1.5 type 1, or no padding). OAEP is the Web Crypto
// natives'; the rest runtime/src/node/rsa_cipher.rs's. `keys` is crypto_keys.js's.
(function (natives, Buffer, errors, keys) {
  'use strict';
  const { slotOf, createPrivateKey, createPublicKey, hashOf, HASH_BYTES } = keys.internals;
  const { RSA_NO_PADDING, RSA_PKCS1_PADDING, RSA_PKCS1_OAEP_PADDING } = keys.api.constants;
  const error = (Kind, code, message) => Object.assign(new Kind(message), { code });
  const openssl = (code, message) => error(Error, code, message);

  const bytesOf = (value, encoding, name) => {
    if (typeof value === 'string') return new Uint8Array(Buffer.from(value, encoding || 'utf8'));
    if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    throw errors.invalidArgType(`"${name}" argument`, 'of type string or an instance of Buffer, TypedArray, or DataView', value);
  };
  const options = (key) => (key !== null && typeof key === 'object' && !ArrayBuffer.isView(key)
    && !(key instanceof ArrayBuffer) && !(key instanceof keys.api.KeyObject) ? key : {});
  // The key's slot, an RSA one ("rsa-pss" keys cannot encrypt, as in OpenSSL).
  const rsaSlot = (key) => {
    const slot = slotOf(key);
    if (slot.kind !== 'rsa') {
      throw openssl('ERR_OSSL_EVP_OPERATION_NOT_SUPPORTED_FOR_THIS_KEYTYPE',
        'error:03000096:digital envelope routines::operation not supported for this keytype');
    }
    return slot;
  };

  // One of the four: `isPublic` says which key it takes, `fallback` its default padding.
  const operation = (name, isPublic, fallback) => (key, buffer) => {
    const slot = rsaSlot(isPublic ? createPublicKey(key) : createPrivateKey(key));
    const { padding = fallback, oaepHash = 'sha1', oaepLabel, encoding } = options(key);
    const data = bytesOf(buffer, encoding, 'buffer');
    const der = isPublic ? slot.spki : slot.pkcs8;
    let out;
    if (padding === RSA_PKCS1_OAEP_PADDING && (name === 'publicEncrypt' || name === 'privateDecrypt')) {
      const hash = hashOf(oaepHash);
      const label = oaepLabel === undefined ? new Uint8Array(0) : bytesOf(oaepLabel, undefined, 'oaepLabel');
      const size = Math.ceil(natives.rsa('info', slot.spki)[0] / 8);
      if (name === 'publicEncrypt') {
        if (data.length > size - 2 * HASH_BYTES[hash] - 2) {
          throw openssl('ERR_OSSL_RSA_DATA_TOO_LARGE_FOR_KEY_SIZE', 'error:0200006E:rsa routines::data too large for key size');
        }
        out = natives.rsa('encrypt', hash, der, data, label);
      } else {
        try {
          out = natives.rsa('decrypt', hash, der, data, label);
        } catch {
          throw openssl('ERR_OSSL_RSA_OAEP_DECODING_ERROR', 'error:02000079:rsa routines::oaep decoding error');
        }
      }
    } else if (padding === RSA_PKCS1_PADDING || padding === RSA_NO_PADDING) {
      out = natives.rsaCipher(name, padding === RSA_PKCS1_PADDING ? 'pkcs1' : 'none', der, data);
    } else {
      throw openssl('ERR_OSSL_RSA_UNKNOWN_PADDING_TYPE', 'error:02000076:rsa routines::unknown padding type');
    }
    return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  };

  return {
    publicEncrypt: operation('publicEncrypt', true, RSA_PKCS1_OAEP_PADDING),
    privateDecrypt: operation('privateDecrypt', false, RSA_PKCS1_OAEP_PADDING),
    privateEncrypt: operation('privateEncrypt', false, RSA_PKCS1_PADDING),
    publicDecrypt: operation('publicDecrypt', true, RSA_PKCS1_PADDING),
  };
})

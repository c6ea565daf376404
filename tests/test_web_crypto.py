"""crypto.subtle beyond what Node decides (tests/js/web/cases.js compares the
rest with Node): keys keep their secret, results reach Python as bytes, and
what jsrun does not do is refused by name."""

from __future__ import annotations

import asyncio
import base64
import json
from pathlib import Path
from typing import Any

import pytest

import jsrun


def run(source: str) -> Any:
    async def main() -> Any:
        with jsrun.Runtime() as rt:
            return await rt.eval_async(source)

    return asyncio.run(main())


def test_a_keys_secret_is_out_of_reach_of_javascript() -> None:
    out = run(
        """(async () => {
          const k = await crypto.subtle.importKey('raw', new Uint8Array(16).fill(7), 'AES-GCM', false, ['encrypt']);
          const seen = [];
          for (let o = k; o; o = Object.getPrototypeOf(o)) {
            for (const p of Reflect.ownKeys(o)) {
              try { seen.push(JSON.stringify(o === k ? k[p] : Reflect.get(o, p, k))); } catch (e) { seen.push(e.name); }
            }
          }
          const exported = await crypto.subtle.exportKey('raw', k).then(() => 'exported', (e) => e.name);
          return [Reflect.ownKeys(k).length, JSON.stringify(k), seen.some((s) => s && s.includes('7,7,7')), exported];
        })()"""
    )
    assert out == [0, "{}", False, "InvalidAccessError"]


def test_a_key_cannot_be_forged_or_its_getters_borrowed() -> None:
    out = run(
        """(async () => {
          const fake = Object.create(CryptoKey.prototype);
          const name = (p) => p.then(() => 'ok', (e) => e.name);
          const getter = Object.getOwnPropertyDescriptor(CryptoKey.prototype, 'algorithm').get;
          let borrowed;
          try { getter.call({}); borrowed = 'ok'; } catch (e) { borrowed = e.name; }
          return [await name(crypto.subtle.sign('HMAC', fake, new Uint8Array(1))), borrowed,
            await name(crypto.subtle.exportKey('raw', fake))];
        })()"""
    )
    assert out == ["TypeError", "TypeError", "TypeError"]


def test_results_reach_python_as_bytes() -> None:
    sig = run(
        """(async () => {
          const k = await crypto.subtle.importKey('raw', new TextEncoder().encode('Jefe'),
            { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
          return crypto.subtle.sign('HMAC', k, new TextEncoder().encode('what do ya want for nothing?'));
        })()"""
    )
    assert isinstance(sig, bytes)
    assert sig.hex() == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"  # RFC 4231, case 2


def test_an_aes_gcm_ciphertext_and_an_hkdf_key_agree_with_pythons_cryptography() -> None:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.ciphers import aead
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    key, iv = bytes(range(32)), bytes(range(12))
    ct = run(
        f"""(async () => {{
          const k = await crypto.subtle.importKey('raw', new Uint8Array({list(key)}), 'AES-GCM', false, ['encrypt']);
          const params = {{ name: 'AES-GCM', iv: new Uint8Array({list(iv)}), additionalData: new Uint8Array([1]) }};
          return crypto.subtle.encrypt(params,
            k, new TextEncoder().encode('from JS'));
        }})()"""
    )
    assert aead.AESGCM(key).decrypt(iv, ct, b"\x01") == b"from JS"
    ours = run(
        """(async () => {
          const s = crypto.subtle;
          const k = await s.importKey('raw', new TextEncoder().encode('secret'), 'HKDF', false, ['deriveBits']);
          const p = await s.importKey('raw', new TextEncoder().encode('secret'), 'PBKDF2', false, ['deriveBits']);
          const salt = new TextEncoder().encode('salt');
          const info = new TextEncoder().encode('info');
          return [await s.deriveBits({ name: 'HKDF', hash: 'SHA-384', salt, info }, k, 640),
            await s.deriveBits({ name: 'PBKDF2', hash: 'SHA-512', salt, iterations: 1000 }, p, 520)];
        })()"""
    )
    hkdf = HKDF(algorithm=hashes.SHA384(), length=80, salt=b"salt", info=b"info").derive(b"secret")
    pbkdf2 = PBKDF2HMAC(algorithm=hashes.SHA512(), length=65, salt=b"salt", iterations=1000).derive(b"secret")
    assert ours == [hkdf, pbkdf2]


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (
            "s.generateKey({ name: 'RSAES-PKCS1-v1_5', modulusLength: 2048, "
            "publicExponent: new Uint8Array([1, 0, 1]) }, "
            "true, ['encrypt'])",
            "NotSupportedError",
        ),
        ("s.generateKey({ name: 'ECDSA', namedCurve: 'P-192' }, true, ['sign'])", "NotSupportedError"),
        ("s.generateKey({ name: 'Ed448' }, true, ['sign'])", "NotSupportedError"),
        ("s.importKey('raw', new Uint8Array(16), 'AES-OCB', true, ['encrypt'])", "NotSupportedError"),
        (
            "s.generateKey({ name: 'AES-KW', length: 128 }, true, ['wrapKey'])"
            ".then((k) => s.encrypt('AES-KW', k, new Uint8Array(16)))",
            "NotSupportedError",
        ),
        (
            "s.generateKey('X25519', true, ['deriveBits'])"
            ".then((k) => s.sign('X25519', k.privateKey, new Uint8Array(1)))",
            "NotSupportedError",
        ),
        (
            "s.generateKey({ name: 'AES-GCM', length: 128 }, true, ['encrypt'])"
            ".then((k) => s.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12), tagLength: 96 }, k, new Uint8Array(1)))",
            "NotSupportedError",
        ),
        (
            "s.generateKey({ name: 'AES-GCM', length: 128 }, true, ['encrypt'])"
            ".then((k) => s.encrypt({ name: 'AES-GCM', iv: new Uint8Array(8) }, k, new Uint8Array(1)))",
            "OperationError",
        ),
        ("s.importKey('jwk', { kty: 'oct', k: 'not base64!' }, 'AES-GCM', true, ['encrypt'])", "DataError"),
        (
            "s.importKey('jwk', { kty: 'oct', k: 'AAAAAAAAAAAAAAAAAAAAAA', alg: 'A256GCM' }, 'AES-GCM', true, "
            "['encrypt'])",
            "DataError",
        ),
        ("s.importKey('jwk', { kty: 'RSA' }, 'AES-GCM', true, ['encrypt'])", "DataError"),
        (
            "s.importKey('raw', new Uint8Array(16), 'HKDF', false, ['deriveBits'])"
            ".then((k) => s.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), "
            "info: new Uint8Array(0) }, k, 256 * 255 * 8))",
            "OperationError",
        ),
    ],
)
def test_what_jsrun_does_not_do_is_refused_by_name(call: str, error: str) -> None:
    out = run(
        f"(async () => {{ const s = crypto.subtle; return {call}; }})().then(() => 'ok', (e) => [e.name, e.message])"
    )
    assert out[0] == error, out
    assert out[1]


def test_unsupported_algorithms_say_what_is_supported() -> None:
    out = run(
        "crypto.subtle.importKey('raw', new Uint8Array(16), 'AES-OCB', true, ['encrypt']).catch((e) => e.message)"
    )
    for name in ("HMAC", "AES-GCM", "AES-KW", "PBKDF2", "HKDF", "ECDSA", "X25519", "RSA-PSS", "RSA-OAEP"):
        assert name in out, (name, out)


def test_a_large_pbkdf2_length_is_refused_not_allocated() -> None:
    out = run(
        """crypto.subtle.importKey('raw', new Uint8Array(4), 'PBKDF2', false, ['deriveBits'])
          .then((k) => crypto.subtle.deriveBits(
            { name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(8), iterations: 1 }, k, 2 ** 40))
          .then(() => 'ok', (e) => e.name)"""
    )
    assert out == "OperationError"


def test_pbkdf2_work_is_capped_so_a_call_stays_short() -> None:
    # One native call that a timeout cannot interrupt: 600,000 iterations (OWASP's
    # figure for SHA-256) pass, 2**22 blocks of work is the most it takes.
    out = run(
        """(async () => {
          const s = crypto.subtle;
          const k = await s.importKey('raw', new Uint8Array(4), 'PBKDF2', false, ['deriveBits']);
          const salt = new Uint8Array(8);
          const params = (iterations) => ({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations });
          const derive = (iterations, bits) => s.deriveBits(params(iterations), k, bits)
            .then((b) => b.byteLength, (e) => [e.name, e.message]);
          return [await derive(600000, 256), await derive(2 ** 22, 256),
            await derive(2 ** 22 + 1, 256), await derive(2 ** 21 + 1, 512)];
        })()"""
    )
    assert out[:2] == [32, 32]
    assert out[2][0] == out[3][0] == "OperationError" and "4,194,304" in out[2][1]


def test_key_pairs_interoperate_with_pythons_cryptography() -> None:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

    py_ec = ec.generate_private_key(ec.SECP384R1())
    py_ed = ed25519.Ed25519PrivateKey.generate()
    py_dh = ec.generate_private_key(ec.SECP256R1())
    pkcs8 = serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    message = b"signed in one, checked in the other"
    der = py_ec.sign(message, ec.ECDSA(hashes.SHA384()))
    r, s = decode_dss_signature(der)
    ec_sig = r.to_bytes(48, "big") + s.to_bytes(48, "big")
    ec_spki, ec_pkcs8 = py_ec.public_key().public_bytes(*spki), py_ec.private_bytes(*pkcs8)
    ed_pkcs8 = py_ed.private_bytes(*pkcs8)
    out = run(
        f"""(async () => {{
          const s = crypto.subtle;
          const bytes = (list) => new Uint8Array(list);
          const msg = bytes({list(message)});
          const ecAlg = {{ name: 'ECDSA', namedCurve: 'P-384' }};
          const pyEcPub = await s.importKey('spki', bytes({list(ec_spki)}), ecAlg, true, ['verify']);
          const pyEcPriv = await s.importKey('pkcs8', bytes({list(ec_pkcs8)}), ecAlg, true, ['sign']);
          const pyEdPriv = await s.importKey('pkcs8', bytes({list(ed_pkcs8)}), 'Ed25519', false, ['sign']);
          const ours = await s.generateKey(ecAlg, true, ['sign', 'verify']);
          const ed = await s.generateKey('Ed25519', true, ['sign', 'verify']);
          const dh = await s.generateKey({{ name: 'ECDH', namedCurve: 'P-256' }}, true, ['deriveBits']);
          const pyDhPub = await s.importKey('spki', bytes({list(py_dh.public_key().public_bytes(*spki))}),
            {{ name: 'ECDH', namedCurve: 'P-256' }}, true, []);
          return [
            await s.verify({{ name: 'ECDSA', hash: 'SHA-384' }}, pyEcPub, bytes({list(ec_sig)}), msg),
            (await s.exportKey('jwk', pyEcPriv)).d,
            await s.sign('Ed25519', pyEdPriv, msg),
            await s.exportKey('spki', ours.publicKey),
            await s.sign({{ name: 'ECDSA', hash: 'SHA-384' }}, ours.privateKey, msg),
            await s.exportKey('spki', ed.publicKey),
            await s.sign('Ed25519', ed.privateKey, msg),
            await s.exportKey('pkcs8', ed.privateKey),
            await s.exportKey('spki', dh.publicKey),
            await s.exportKey('pkcs8', dh.privateKey),
            await s.deriveBits({{ name: 'ECDH', public: pyDhPub }}, dh.privateKey, null),
          ];
        }})()"""
    )
    assert out[0] is True
    d = py_ec.private_numbers().private_value.to_bytes(48, "big")
    assert out[1] == __import__("base64").urlsafe_b64encode(d).rstrip(b"=").decode()
    assert out[2] == py_ed.sign(message)  # Ed25519 is deterministic: the same 64 bytes
    js_ec = serialization.load_der_public_key(out[3])
    assert isinstance(js_ec, ec.EllipticCurvePublicKey)
    js_r, js_s = int.from_bytes(out[4][:48], "big"), int.from_bytes(out[4][48:], "big")
    js_ec.verify(encode_dss_signature(js_r, js_s), message, ec.ECDSA(hashes.SHA384()))  # raises if wrong
    js_ed = serialization.load_der_public_key(out[5])
    assert isinstance(js_ed, ed25519.Ed25519PublicKey)
    js_ed.verify(out[6], message)
    js_ed_private = serialization.load_der_private_key(out[7], password=None)
    assert isinstance(js_ed_private, ed25519.Ed25519PrivateKey)
    assert js_ed_private.public_key().public_bytes(*spki) == out[5]
    js_dh_private = serialization.load_der_private_key(out[9], password=None)
    assert isinstance(js_dh_private, ec.EllipticCurvePrivateKey)
    assert js_dh_private.public_key().public_bytes(*spki) == out[8]
    assert py_dh.exchange(ec.ECDH(), serialization.load_der_public_key(out[8])) == out[10]  # type: ignore[arg-type]


def test_a_private_keys_scalar_is_out_of_reach_and_usages_come_in_the_standards_order() -> None:
    out = run(
        """(async () => {
          const s = crypto.subtle;
          const pair = await s.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify', 'sign', 'sign']);
          const exported = await s.exportKey('jwk', pair.privateKey).then(() => 'exported', (e) => e.name);
          const point = await s.exportKey('raw', pair.publicKey);
          const dh = await s.importKey('raw', point, { name: 'ECDH', namedCurve: 'P-256' }, true, []);
          const uses = ['deriveBits', 'deriveKey', 'deriveBits'];
          const pbkdf2 = await s.importKey('raw', new Uint8Array(1), 'PBKDF2', false, uses);
          const extractable = await s.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
          const spki = await s.exportKey('spki', extractable.privateKey).then(() => 'exported', (e) => e.name);
          return [Reflect.ownKeys(pair.privateKey).length, JSON.stringify(pair.privateKey), exported,
            pair.privateKey.usages, pair.publicKey.usages, dh.usages, pbkdf2.usages, Object.keys(pair), spki];
        })()"""
    )
    assert out == [
        0,
        "{}",
        "InvalidAccessError",
        ["sign"],
        ["verify"],
        [],
        ["deriveKey", "deriveBits"],
        ["privateKey", "publicKey"],
        "InvalidAccessError",
    ]


def test_rsa_interoperates_with_pythons_cryptography() -> None:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    py_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pkcs8 = py_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    spki_format = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    message = b"RS256, PS384 and RSA-OAEP-256"
    oaep = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=b"label")
    from_python = py_key.public_key().encrypt(b"to JS", oaep)
    out = run(
        f"""(async () => {{
          const s = crypto.subtle;
          const bytes = (list) => new Uint8Array(list);
          const msg = bytes({list(message)});
          const pkcs8 = bytes({list(pkcs8)});
          const rsAlg = {{ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }};
          const rs = await s.importKey('pkcs8', pkcs8, rsAlg, false, ['sign']);
          const ps = await s.importKey('pkcs8', pkcs8, {{ name: 'RSA-PSS', hash: 'SHA-384' }}, false, ['sign']);
          const dec = await s.importKey('pkcs8', pkcs8, {{ name: 'RSA-OAEP', hash: 'SHA-256' }}, false, ['decrypt']);
          const made = await s.generateKey({{ name: 'RSA-OAEP', modulusLength: 3072, publicExponent: bytes([1, 0, 1]),
            hash: 'SHA-256' }}, true, ['encrypt', 'decrypt']);
          const label = new TextEncoder().encode('label');
          return [
            await s.sign('RSASSA-PKCS1-v1_5', rs, msg),
            await s.sign({{ name: 'RSA-PSS', saltLength: 48 }}, ps, msg),
            await s.decrypt({{ name: 'RSA-OAEP', label }}, dec, bytes({list(from_python)})),
            await s.exportKey('spki', made.publicKey),
            await s.exportKey('pkcs8', made.privateKey),
            await s.encrypt({{ name: 'RSA-OAEP', label }}, made.publicKey, new TextEncoder().encode('to Python')),
          ];
        }})()"""
    )
    public = py_key.public_key()
    public.verify(out[0], message, padding.PKCS1v15(), hashes.SHA256())  # raises if wrong
    assert out[0] == py_key.sign(message, padding.PKCS1v15(), hashes.SHA256())  # PKCS#1 v1.5 is deterministic
    public.verify(out[1], message, padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=48), hashes.SHA384())
    assert out[2] == b"to JS"
    made = serialization.load_der_private_key(out[4], password=None)
    assert isinstance(made, rsa.RSAPrivateKey) and made.key_size == 3072
    assert made.public_key().public_bytes(*spki_format) == out[3]
    assert made.decrypt(out[5], oaep) == b"to Python"


def test_rsa_keys_made_are_512_to_4096_bits_with_exponent_65537() -> None:
    # Making a key is one call a timeout cannot interrupt: 4096 bits took up to 1.3 s here.
    out = run(
        """(async () => {
          const s = crypto.subtle;
          const name = (p) => p.then((k) => k.publicKey.algorithm.modulusLength, (e) => [e.name, e.message]);
          const make = (modulusLength, publicExponent = new Uint8Array([1, 0, 1])) =>
            name(s.generateKey({ name: 'RSA-PSS', modulusLength, publicExponent, hash: 'SHA-256' }, true, ['sign']));
          const pss = { name: 'RSA-PSS', hash: 'SHA-256' };
          const tiny = await s.importKey('jwk', { kty: 'RSA', n: 'AQAB', e: 'AQAB' }, pss, true, ['verify'])
            .then(() => 'ok', (e) => e.name);
          return [await make(1024), await make(512), await make(504), await make(8192),
            await make(2048, new Uint8Array([3])), tiny];
        })()"""
    )
    assert out[:2] == [1024, 512]
    for refused in out[2:5]:
        assert refused[0] == "OperationError" and "jsrun makes RSA keys" in refused[1], refused
    assert out[5] == "DataError"


def test_rsa_keys_of_512_to_8192_bits_are_read() -> None:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    keys = json.loads((Path(__file__).parent / "node" / "crypto_keys.json").read_text())
    large = serialization.load_pem_public_key(keys["rsa8192Spki"].encode())
    spki = large.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    signature = base64.b64decode(keys["rsa8192Signature"])
    out = run(
        f"const given = {{ spki: new Uint8Array({list(spki)}), signature: new Uint8Array({list(signature)}) }};"
        + """(async () => {
              const s = crypto.subtle;
              const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
              const key = await s.importKey('spki', given.spki, alg, true, ['verify']);
              const e = new Uint8Array([1, 0, 1]);
              const usages = ['sign', 'verify'];
              const small = await s.generateKey({ ...alg, modulusLength: 512, publicExponent: e }, true, usages);
              const data = new TextEncoder().encode('message');
              const signed = await s.sign(alg, small.privateKey, data);
              return [key.algorithm.modulusLength, await s.verify(alg, key, given.signature, data),
                await s.verify(alg, key, given.signature, new TextEncoder().encode('other')),
                new Uint8Array(await s.exportKey('spki', small.publicKey)), new Uint8Array(signed)];
            })()"""
    )
    assert out[:3] == [8192, True, False]
    made = serialization.load_der_public_key(bytes(out[3]))
    assert made.key_size == 512
    made.verify(bytes(out[4]), b"message", padding.PKCS1v15(), hashes.SHA256())


def test_aes_modes_x25519_and_p521_agree_with_pythons_cryptography() -> None:
    from cryptography.hazmat.primitives import hashes, keywrap, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, x25519
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.padding import PKCS7

    key, iv, kek = bytes(range(32)), bytes(range(16)), bytes(range(100, 124))
    py_x = x25519.X25519PrivateKey.generate()
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    x_spki = py_x.public_key().public_bytes(*spki)
    out = run(
        f"""(async () => {{
          const s = crypto.subtle;
          const bytes = (list) => new Uint8Array(list);
          const msg = new TextEncoder().encode('seventeen bytes!!');
          const cbc = await s.importKey('raw', bytes({list(key)}), 'AES-CBC', false, ['encrypt']);
          const ctr = await s.importKey('raw', bytes({list(key)}), 'AES-CTR', false, ['encrypt']);
          const kw = await s.importKey('raw', bytes({list(kek)}), 'AES-KW', false, ['wrapKey']);
          const secret = await s.importKey('raw', bytes({list(key)}), 'AES-GCM', true, ['encrypt']);
          const x = await s.generateKey('X25519', true, ['deriveBits']);
          const pyX = await s.importKey('spki', bytes({list(x_spki)}), 'X25519', true, []);
          const p521 = await s.generateKey({{ name: 'ECDSA', namedCurve: 'P-521' }}, true, ['sign']);
          return [
            await s.encrypt({{ name: 'AES-CBC', iv: bytes({list(iv)}) }}, cbc, msg),
            await s.encrypt({{ name: 'AES-CTR', counter: bytes({list(iv)}), length: 128 }}, ctr, msg),
            await s.wrapKey('raw', secret, kw, 'AES-KW'),
            await s.exportKey('spki', x.publicKey),
            await s.deriveBits({{ name: 'X25519', public: pyX }}, x.privateKey, 256),
            await s.exportKey('spki', p521.publicKey),
            await s.sign({{ name: 'ECDSA', hash: 'SHA-512' }}, p521.privateKey, msg),
          ];
        }})()"""
    )
    message = b"seventeen bytes!!"
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    unpadder = PKCS7(128).unpadder()
    assert unpadder.update(decryptor.update(out[0]) + decryptor.finalize()) + unpadder.finalize() == message
    encryptor = Cipher(algorithms.AES(key), modes.CTR(iv)).encryptor()
    assert out[1] == encryptor.update(message) + encryptor.finalize()
    assert out[2] == keywrap.aes_key_wrap(kek, key)
    js_x = serialization.load_der_public_key(out[3])
    assert isinstance(js_x, x25519.X25519PublicKey)
    assert out[4] == py_x.exchange(js_x)
    js_p521 = serialization.load_der_public_key(out[5])
    assert isinstance(js_p521, ec.EllipticCurvePublicKey) and js_p521.curve.name == "secp521r1"
    r, s = int.from_bytes(out[6][:66], "big"), int.from_bytes(out[6][66:], "big")
    js_p521.verify(encode_dss_signature(r, s), message, ec.ECDSA(hashes.SHA512()))


def test_exporting_a_key_in_a_format_it_has_not_is_the_standards_error() -> None:
    # Node's versions disagree here (20: InvalidAccessError for RSA "raw"; the forky root's: NotSupportedError
    # for an Ed25519 private key as "raw" or public key as "pkcs8"); these are the standard's answers.
    out = run(
        """(async () => {
          const s = crypto.subtle;
          const name = (p) => p.then(() => 'ok', (e) => e.name);
          const e = new Uint8Array([1, 0, 1]);
          const rsa = await s.generateKey({ name: 'RSA-PSS', modulusLength: 1024, publicExponent: e, hash: 'SHA-256' },
            true, ['sign', 'verify']);
          const ed = await s.generateKey('Ed25519', true, ['sign', 'verify']);
          const ec = await s.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
          return Promise.all([name(s.exportKey('raw', rsa.publicKey)), name(s.exportKey('raw', ed.privateKey)),
            name(s.exportKey('spki', ec.privateKey)), name(s.exportKey('pkcs8', ec.publicKey)),
            name(s.exportKey('pkcs8', rsa.publicKey)), name(s.exportKey('spki', rsa.privateKey)),
            name(s.exportKey('pkcs8', ed.publicKey))]);
        })()"""
    )
    assert out == ["NotSupportedError"] + ["InvalidAccessError"] * 6


def test_a_keys_algorithm_cannot_be_changed_under_it() -> None:
    out = run(
        """(async () => {
          const s = crypto.subtle;
          const k = await s.importKey('raw', new Uint8Array(16), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
          try { k.algorithm.hash.name = 'SHA-1'; } catch (e) { /* strict mode: frozen */ }
          try { k.usages.push('verify'); } catch (e) { /* frozen */ }
          return [k.algorithm.hash.name, (await s.sign('HMAC', k, new Uint8Array(1))).byteLength, k.usages];
        })()"""
    )
    assert out == ["SHA-256", 32, ["sign"]]

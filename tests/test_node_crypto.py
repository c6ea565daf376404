"""node:crypto's keys, signatures and key derivation against Node.js: one
probe (tests/node/crypto_probe.js) runs in both with the keys Node made
(tests/node/crypto_keys.json) and must give the same results."""

from __future__ import annotations

import base64
import json
import random
import subprocess
from pathlib import Path

from test_node_builtins import NODE, differences, in_jsrun, in_node, probe_source

import jsrun

NODE_DIR = Path(__file__).parent / "node"
PROBE = f"const KEYS = {(NODE_DIR / 'crypto_keys.json').read_text()};\n{probe_source('crypto_probe.js')}"


def test_keys_and_signatures_give_what_node_gives(tmp_path: Path) -> None:
    theirs = in_node(PROBE, tmp_path)
    ours = json.loads(str(in_jsrun(PROBE, tmp_path)))
    assert not differences(theirs, ours), differences(theirs, ours)
    assert isinstance(theirs, dict) and len(theirs) >= 15
    assert not any(isinstance(v, str) and v.startswith("error") for v in theirs.values())


def test_scrypt_memory_is_capped_whatever_maxmem_says(tmp_path: Path) -> None:
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        said = rt.eval(
            "(() => { try { require('crypto').scryptSync('a', 'b', 16, { N: 2 ** 20, maxmem: 2 ** 32 }); }"
            " catch (e) { return [e.name, e.code, e.message]; } })()"
        )
        assert said == [
            "RangeError",
            "ERR_CRYPTO_INVALID_SCRYPT_PARAMS",
            "Invalid scrypt params: jsrun runs scrypt within 256 MiB",
        ]
        assert rt.eval("require('crypto').scryptSync('a', 'b', 4, { N: 1024 }).length") == 4


def test_malformed_keys_are_errors_and_the_runtime_goes_on(tmp_path: Path) -> None:
    keys = json.loads((NODE_DIR / "crypto_keys.json").read_text())
    # Node's keys with a few bytes changed: some still parse (and then sign or fail), most do not.
    bodies = {
        name: base64.b64decode("".join(keys[name].strip().splitlines()[1:-1]))
        for name in ["rsaPkcs8", "rsaPkcs1", "ecSec1", "ec384Pkcs8", "edPkcs8"]
    }
    rng = random.Random(7)
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        rt.eval(
            "globalThis.tryKey = (bytes, type) => { const c = require('crypto'); try {"
            " const key = c.createPrivateKey({ key: Buffer.from(bytes), format: 'der', type });"
            " const hash = key.asymmetricKeyType.startsWith('ed') ? null : 'sha256';"
            " return `signed ${c.sign(hash, Buffer.from('m'), key).length > 0}`;"
            " } catch (e) { return e.code ?? e.name; } }"
        )
        seen = set()
        for _ in range(300):
            name = rng.choice(sorted(bodies))
            body = bytearray(bodies[name])
            for _ in range(rng.randrange(1, 4)):
                body[rng.randrange(len(body))] = rng.randrange(256)
            kind = {"rsaPkcs1": "pkcs1", "ecSec1": "sec1"}.get(name, "pkcs8")
            seen.add(rt.eval(f"tryKey({json.dumps(list(body))}, {json.dumps(kind)})"))
        assert "signed true" in seen and "ERR_OSSL_UNSUPPORTED" in seen, seen
        assert all(isinstance(outcome, str) for outcome in seen), seen
        # A good key still reads, in the same runtime.
        assert rt.eval(f"require('crypto').createPrivateKey({json.dumps(keys['ecSec1'])}).asymmetricKeyType") == "ec"


def test_pkcs1_public_keys_read_as_their_spki(tmp_path: Path) -> None:
    keys = json.loads((NODE_DIR / "crypto_keys.json").read_text())
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        rt.eval(f"globalThis.KEYS = {json.dumps(keys)}; globalThis.c = require('crypto');")
        assert rt.eval(
            "const k = c.createPublicKey(KEYS.rsaPkcs1Public);"
            "[k.type, k.asymmetricKeyType, k.export({ type: 'spki', format: 'pem' }) === KEYS.rsaSpki,"
            " k.export({ type: 'pkcs1', format: 'pem' }) === KEYS.rsaPkcs1Public,"
            " c.createPublicKey({ key: k.export({ type: 'pkcs1', format: 'der' }), format: 'der', type: 'pkcs1' })"
            ".equals(k)]"
        ) == ["public", "rsa", True, True, True]
        # Both names of scrypt's cost at once: refused (Node 20's code; Node 22 says ERR_INCOMPATIBLE_OPTION_PAIR).
        assert (
            rt.eval(
                "(() => { try { c.scryptSync('pw', 's', 8, { N: 1024, cost: 1024 }); }"
                " catch (e) { return e.code; } })()"
            )
            == "ERR_CRYPTO_SCRYPT_INVALID_PARAMETER"
        )


def test_pkcs1_decryption_of_what_node_encrypted_with_implicit_rejection(tmp_path: Path) -> None:
    # Node 20's own build refuses RSA_PKCS1_PADDING in privateDecrypt (CVE-2023-46809); Node with
    # OpenSSL 3.2 or later, like jsrun (the rsa crate), decrypts with implicit rejection.
    keys = json.loads((NODE_DIR / "crypto_keys.json").read_text())
    script = (
        f"const KEYS = {json.dumps(keys)};"
        "const c = require('crypto');"
        "console.log(c.publicEncrypt({ key: KEYS.rsaSpki, padding: c.constants.RSA_PKCS1_PADDING },"
        " Buffer.from('made by node')).toString('base64'))"
    )
    assert NODE, "Node.js is needed to compare with it"
    sealed = subprocess.run([NODE, "-e", script], capture_output=True, text=True, timeout=60, check=True).stdout.strip()
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        rt.eval(f"globalThis.KEYS = {json.dumps(keys)}; globalThis.c = require('crypto');")
        decrypt = "(b) => c.privateDecrypt({ key: KEYS.rsaPkcs8, padding: c.constants.RSA_PKCS1_PADDING }, b)"
        assert rt.eval(f"({decrypt})(Buffer.from({json.dumps(sealed)}, 'base64')).toString()") == "made by node"
        # A broken ciphertext gives bytes, the same for the same input, and no error to time.
        assert rt.eval(
            f"const d = {decrypt}; const bad = Buffer.alloc(128, 1);"
            "[d(bad).equals(d(bad)), d(bad).toString() !== '', d(Buffer.alloc(128, 2)).equals(d(bad))]"
        ) == [True, True, False]


def test_shake_gives_openssl_3_0s_default_length(tmp_path: Path) -> None:
    # Node with OpenSSL 3.0 to 3.3 (its own build) gives 16 and 32 bytes without outputLength;
    # with OpenSSL 3.4 or later (Debian's) it gives nothing. jsrun keeps the documented lengths.
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        assert rt.eval(
            "const c = require('crypto');"
            "[c.createHash('shake128').update('x').digest().length,"
            " c.createHash('shake256').update('x').digest().length,"
            " c.createHash('shake256', { outputLength: 100 }).copy().digest().length]"
        ) == [16, 32, 32]


def test_encrypted_private_keys_interoperate_with_pythons_cryptography(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    keys = [ec.generate_private_key(ec.SECP256R1()), rsa.generate_private_key(public_exponent=65537, key_size=1024)]
    sealed = [
        key.private_bytes(serialization.Encoding.PEM, form, serialization.BestAvailableEncryption(b"pw"))
        for key in keys
        for form in (serialization.PrivateFormat.PKCS8, serialization.PrivateFormat.TraditionalOpenSSL)
    ]
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        rt.bind_object("given", {"sealed": [s.decode() for s in sealed]})
        out = rt.eval(
            """(() => {
              const c = require('crypto');
              const opened = given.sealed.map((pem) => c.createPublicKey({ key: pem, passphrase: 'pw' })
                .export({ type: 'spki', format: 'der' }));
              const wrong = given.sealed.map((pem) => { try { c.createPrivateKey({ key: pem, passphrase: 'no' }); }
                catch (e) { return e.code; } });
              const missing = (() => {
                try { c.createPrivateKey(given.sealed[0]); } catch (e) { return [e.name, e.code]; }
              })();
              const { privateKey } = c.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
              const written = [['pkcs8', 'aes-256-cbc'], ['pkcs8', 'aes-128-cbc'], ['sec1', 'aes-256-cbc']]
                .map(([type, cipher]) => privateKey.export({ type, format: 'pem', cipher, passphrase: 'pw' }));
              return [opened, wrong, missing, written, privateKey.export({ type: 'pkcs8', format: 'der' })];
            })()"""
        )
    opened, wrong, missing, written, plain = out
    for key, der in zip([k for k in keys for _ in range(2)], opened, strict=True):
        assert bytes(der) == key.public_key().public_bytes(*spki)
    # A wrong passphrase fails the CBC padding check, except when the garbage happens to end in valid
    # padding (about 1 in 256): then the key cannot be decoded, which OpenSSL 3 reports as unsupported.
    assert len(wrong) == 4 and set(wrong) <= {"ERR_OSSL_BAD_DECRYPT", "ERR_OSSL_UNSUPPORTED"}
    assert missing == ["TypeError", "ERR_MISSING_PASSPHRASE"]
    for pem in written:
        back = serialization.load_pem_private_key(pem.encode(), password=b"pw")
        assert back.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ) == bytes(plain)

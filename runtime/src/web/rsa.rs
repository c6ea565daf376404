//! What `crypto.subtle` needs for RSA: RSASSA-PKCS1-v1_5, RSA-PSS and
//! RSA-OAEP (the `rsa` crate). crypto.js keeps a private key as PKCS#8 and a
//! public key as SPKI (DER) and checks algorithms and usages; these parse,
//! convert and compute.
use std::sync::Arc;

use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{BoxedUint, Oaep, Pkcs1v15Sign, PrivateKey, Pss, PublicKey};
use sha2::Digest;

use super::native_args::{bytes, fail, text};
use crate::host::{Args, HostFunction, HostOutcome};
use crate::value::Value;

/// Smallest and largest modulus jsrun makes or accepts, in bits: making a
/// 4096-bit key is one uninterruptible call of up to a few seconds.
const MIN_BITS: usize = 1024;
const MAX_BITS: usize = 4096;

fn int(args: &Args, i: usize) -> Option<usize> {
    match args.get(i) {
        Some(Value::Int(n)) => usize::try_from(*n).ok(),
        _ => None,
    }
}

fn done(out: Vec<u8>) -> HostOutcome {
    HostOutcome::Return(Value::Bytes(out))
}

fn private_key(der: &[u8]) -> Option<PrivateKey> {
    PrivateKey::from_pkcs8_der(der).ok()
}

fn public_key(der: &[u8]) -> Option<PublicKey> {
    PublicKey::from_public_key_der(der).ok()
}

fn sized(bits: usize) -> bool {
    (MIN_BITS..=MAX_BITS).contains(&bits)
}

/// A private key as [PKCS#8, SPKI], both canonical DER.
fn encoded_pair(key: &PrivateKey) -> HostOutcome {
    match (key.to_pkcs8_der(), key.to_public_key().to_public_key_der()) {
        (Ok(private), Ok(public)) => HostOutcome::Return(Value::Array(vec![
            Value::Bytes(private.as_bytes().to_vec()),
            Value::Bytes(public.into_vec()),
        ])),
        _ => fail("OperationError", "cannot encode the RSA key"),
    }
}

fn encoded_public(key: &PublicKey) -> HostOutcome {
    match key.to_public_key_der() {
        Ok(der) => done(der.into_vec()),
        Err(_) => fail("OperationError", "cannot encode the RSA key"),
    }
}

fn uint(bytes: &[u8]) -> BoxedUint {
    BoxedUint::from_be_slice_vartime(bytes)
}

fn trimmed(n: &BoxedUint) -> Value {
    Value::Bytes(n.to_be_bytes_trimmed_vartime().to_vec())
}

/// `fromJwk(n, e, d, p, q, dp, dq, qi)`: a private key when `d` is given
/// (its CRT values checked), else a public one.
fn from_jwk(args: &Args) -> HostOutcome {
    let (n, e, d) = (bytes(args, 1), bytes(args, 2), bytes(args, 3));
    if d.is_empty() {
        return match PublicKey::new(uint(n), uint(e)) {
            Ok(key) if sized(key.n().bit_width() as usize) => encoded_public(&key),
            _ => fail("DataError", "Invalid RSA public key"),
        };
    }
    let Ok(key) =
        PrivateKey::from_components(uint(n), uint(e), uint(d), vec![uint(bytes(args, 4)), uint(bytes(args, 5))])
    else {
        return fail("DataError", "Invalid RSA private key");
    };
    let crt = [key.dp().cloned(), key.dq().cloned(), key.crt_coefficient()];
    let given = [bytes(args, 6), bytes(args, 7), bytes(args, 8)];
    if !sized(key.n().bit_width() as usize)
        || crt.iter().zip(given).any(|(ours, theirs)| ours.as_ref() != Some(&uint(theirs)))
    {
        return fail("DataError", "Invalid RSA private key");
    }
    encoded_pair(&key)
}

/// `jwk(der, private)`: [n, e] or [n, e, d, p, q, dp, dq, qi], big-endian.
fn to_jwk(args: &Args) -> HostOutcome {
    let der = bytes(args, 1);
    if matches!(args.get(2), Some(Value::Bool(true))) {
        let Some(key) = private_key(der) else { return fail("OperationError", "Invalid RSA private key") };
        let (Some(p), Some(q), Some(dp), Some(dq), Some(qi)) =
            (key.primes().first(), key.primes().get(1), key.dp(), key.dq(), key.crt_coefficient())
        else {
            return fail("OperationError", "the RSA key has no CRT values");
        };
        let parts = vec![
            trimmed(key.n().as_ref()),
            trimmed(key.e()),
            trimmed(key.d()),
            trimmed(p.as_ref()),
            trimmed(q.as_ref()),
            trimmed(dp),
            trimmed(dq),
            trimmed(&qi),
        ];
        return HostOutcome::Return(Value::Array(parts));
    }
    match public_key(der) {
        Some(key) => HostOutcome::Return(Value::Array(vec![trimmed(key.n().as_ref()), trimmed(key.e())])),
        None => fail("OperationError", "Invalid RSA public key"),
    }
}

macro_rules! with_hash {
    ($hash:expr, $d:ident => $body:expr) => {
        match $hash {
            "SHA-1" => {
                type $d = sha1::Sha1;
                $body
            }
            "SHA-256" => {
                type $d = sha2::Sha256;
                $body
            }
            "SHA-384" => {
                type $d = sha2::Sha384;
                $body
            }
            "SHA-512" => {
                type $d = sha2::Sha512;
                $body
            }
            _ => return fail("NotSupportedError", "Unrecognized hash name"),
        }
    };
}

/// `sign(scheme, hash, pkcs8, data, saltLength)`, scheme `pkcs1` or `pss`.
fn sign(args: &Args) -> HostOutcome {
    let Some(key) = private_key(bytes(args, 3)) else { return fail("OperationError", "Invalid RSA private key") };
    let (data, salt) = (bytes(args, 4), int(args, 5).unwrap_or(0));
    let signed = with_hash!(text(args, 2).as_str(), D => {
        let hashed = D::digest(data);
        if text(args, 1) == "pss" {
            key.sign_with_rng(&mut getrandom::SysRng, Pss::<D>::new_with_salt(salt), &hashed)
        } else {
            key.sign(Pkcs1v15Sign::new::<D>(), &hashed)
        }
    });
    signed.map_or_else(|_| fail("OperationError", "RSA signing failed (is the salt too long for the key?)"), done)
}

/// `verify(scheme, hash, spki, data, signature, saltLength)`.
fn verify(args: &Args) -> HostOutcome {
    let Some(key) = public_key(bytes(args, 3)) else { return fail("OperationError", "Invalid RSA public key") };
    let (data, sig, salt) = (bytes(args, 4), bytes(args, 5), int(args, 6).unwrap_or(0));
    let ok = with_hash!(text(args, 2).as_str(), D => {
        let hashed = D::digest(data);
        if text(args, 1) == "pss" {
            key.verify(Pss::<D>::new_with_salt(salt), &hashed, sig).is_ok()
        } else {
            key.verify(Pkcs1v15Sign::new::<D>(), &hashed, sig).is_ok()
        }
    });
    HostOutcome::Return(Value::Bool(ok))
}

/// `encrypt(hash, spki, data, label)` and `decrypt(hash, pkcs8, data, label)`: RSA-OAEP.
fn oaep(args: &Args, encrypt: bool) -> HostOutcome {
    let (der, data, label) = (bytes(args, 2), bytes(args, 3), bytes(args, 4).to_vec());
    let out = if encrypt {
        let Some(key) = public_key(der) else { return fail("OperationError", "Invalid RSA public key") };
        with_hash!(text(args, 1).as_str(), D => key.encrypt(&mut getrandom::SysRng, Oaep::<D>::new_with_label(label), data))
    } else {
        let Some(key) = private_key(der) else { return fail("OperationError", "Invalid RSA private key") };
        with_hash!(text(args, 1).as_str(), D => key.decrypt(Oaep::<D>::new_with_label(label), data))
    };
    out.map_or_else(|_| fail("OperationError", "The operation failed for an operation-specific reason"), done)
}

/// `rsa(op, ...)`.
pub(crate) fn rsa() -> Arc<dyn HostFunction> {
    Arc::new(|args: Args| match text(&args, 0).as_str() {
        "generate" => {
            let bits = int(&args, 1).unwrap_or(0);
            if !sized(bits) || !bits.is_multiple_of(8) {
                return fail("OperationError", "jsrun makes RSA keys of 1024 to 4096 bits, in whole bytes");
            }
            if uint(bytes(&args, 2)) != BoxedUint::from(65_537u32) {
                return fail("OperationError", "jsrun makes RSA keys with the public exponent 65537");
            }
            match PrivateKey::new(&mut getrandom::SysRng, bits) {
                Ok(key) => encoded_pair(&key),
                Err(_) => fail("OperationError", "RSA key generation failed"),
            }
        }
        "fromPkcs8" => match private_key(bytes(&args, 1)) {
            Some(key) if sized(key.n().bit_width() as usize) => encoded_pair(&key),
            _ => fail("DataError", "Invalid PKCS#8 RSA private key (1024 to 4096 bits)"),
        },
        "fromSpki" => match public_key(bytes(&args, 1)) {
            Some(key) if sized(key.n().bit_width() as usize) => encoded_public(&key),
            _ => fail("DataError", "Invalid SPKI RSA public key (1024 to 4096 bits)"),
        },
        "fromJwk" => from_jwk(&args),
        "jwk" => to_jwk(&args),
        "info" => match public_key(bytes(&args, 1)) {
            Some(key) => {
                HostOutcome::Return(Value::Array(vec![Value::Int(i64::from(key.n().bit_width())), trimmed(key.e())]))
            }
            None => fail("OperationError", "Invalid RSA public key"),
        },
        "sign" => sign(&args),
        "verify" => verify(&args),
        "encrypt" => oaep(&args, true),
        "decrypt" => oaep(&args, false),
        _ => fail("TypeError", "unknown RSA operation"),
    })
}

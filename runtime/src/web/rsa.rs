//! What `crypto.subtle` needs for RSA: RSASSA-PKCS1-v1_5, RSA-PSS and
//! RSA-OAEP (the `rsa` crate). crypto.js keeps a private key as PKCS#8 and a
//! public key as SPKI (DER) and checks algorithms and usages; these parse,
//! convert and compute.
use std::sync::Arc;

use rsa::pkcs1::der::Decode;
use rsa::pkcs1::{DecodeRsaPrivateKey, RsaPublicKeyRef};
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, ObjectIdentifier, SubjectPublicKeyInfoRef};
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{BoxedUint, Oaep, Pkcs1v15Sign, PrivateKey, Pss, PublicKey};
use sha2::Digest;

use super::native_args::{bytes, fail, text};
use crate::host::{Args, HostFunction, HostOutcome};
use crate::value::Value;

/// Smallest modulus jsrun makes or accepts, in bits (OpenSSL's, so Node's).
const MIN_BITS: usize = 512;
/// Largest modulus jsrun makes: making a 4096-bit key is one uninterruptible
/// call of up to a few seconds.
const MAX_MADE_BITS: usize = 4096;
/// Largest modulus jsrun accepts (the `rsa` crate's bound); a private
/// operation with an 8192-bit key stays well under a second.
const MAX_BITS: usize = 8192;

fn int(args: &Args, i: usize) -> Option<usize> {
    match args.get(i) {
        Some(Value::Int(n)) => usize::try_from(*n).ok(),
        _ => None,
    }
}

fn done(out: Vec<u8>) -> HostOutcome {
    HostOutcome::Return(Value::Bytes(out))
}

/// id-RSASSA-PSS, the other algorithm an RSA SPKI may name.
const ID_RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");

/// A PKCS#8 private key of [`MIN_BITS`] to [`MAX_BITS`].
pub(crate) fn private_key(der: &[u8]) -> Option<PrivateKey> {
    PrivateKey::from_pkcs8_der(der).ok().filter(|key| sized(key.n().bit_width() as usize))
}

/// A PKCS#1 `RSAPrivateKey` of [`MIN_BITS`] to [`MAX_BITS`].
pub(crate) fn pkcs1_private_key(der: &[u8]) -> Option<PrivateKey> {
    PrivateKey::from_pkcs1_der(der).ok().filter(|key| sized(key.n().bit_width() as usize))
}

/// An SPKI public key of [`MIN_BITS`] to [`MAX_BITS`] (the crate's own
/// decoder refuses keys under 1024 bits, which Node reads).
pub(crate) fn public_key(der: &[u8]) -> Option<PublicKey> {
    let info = SubjectPublicKeyInfoRef::try_from(der).ok()?;
    if info.algorithm.oid != rsa::pkcs1::ALGORITHM_OID && info.algorithm.oid != ID_RSASSA_PSS {
        return None;
    }
    pkcs1_public_key(info.subject_public_key.as_bytes()?)
}

/// A PKCS#1 `RSAPublicKey` of [`MIN_BITS`] to [`MAX_BITS`].
pub(crate) fn pkcs1_public_key(der: &[u8]) -> Option<PublicKey> {
    let key = RsaPublicKeyRef::from_der(der).ok()?;
    let (n, e) = (uint(key.modulus.as_bytes()), uint(key.public_exponent.as_bytes()));
    PublicKey::new_with_size_limits(n, e, MIN_BITS..=MAX_BITS).ok()
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
        return match PublicKey::new_with_size_limits(uint(n), uint(e), MIN_BITS..=MAX_BITS) {
            Ok(key) => encoded_public(&key),
            Err(_) => fail("DataError", "Invalid RSA public key"),
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
            if !(MIN_BITS..=MAX_MADE_BITS).contains(&bits) || !bits.is_multiple_of(8) {
                return fail("OperationError", "jsrun makes RSA keys of 512 to 4096 bits, in whole bytes");
            }
            if uint(bytes(&args, 2)) != BoxedUint::from(65_537u32) {
                return fail("OperationError", "jsrun makes RSA keys with the public exponent 65537");
            }
            // `new` refuses keys under 1024 bits; the bounds are checked above.
            match PrivateKey::new_unchecked(&mut getrandom::SysRng, bits) {
                Ok(key) => encoded_pair(&key),
                Err(_) => fail("OperationError", "RSA key generation failed"),
            }
        }
        "fromPkcs8" => match private_key(bytes(&args, 1)) {
            Some(key) => encoded_pair(&key),
            None => fail("DataError", "Invalid PKCS#8 RSA private key (512 to 8192 bits)"),
        },
        "fromSpki" => match public_key(bytes(&args, 1)) {
            Some(key) => encoded_public(&key),
            None => fail("DataError", "Invalid SPKI RSA public key (512 to 8192 bits)"),
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

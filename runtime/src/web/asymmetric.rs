//! What `crypto.subtle` needs for public keys: ECDSA and ECDH on P-256,
//! P-384 and P-521, Ed25519 and X25519 (RustCrypto). crypto.js keeps the keys (a private
//! key's scalar or seed with its public key; a public key's point) and
//! checks algorithms and usages; these convert formats and compute.
use std::sync::Arc;

use ecdsa::signature::hazmat::PrehashVerifier;
use elliptic_curve::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use elliptic_curve::sec1::{FromSec1Point, ModulusSize, ToSec1Point};
use elliptic_curve::{CurveArithmetic, PublicKey, SecretKey};

use super::native_args::{bytes, fail, random_bytes, text};
use crate::host::{Args, HostFunction, HostOutcome};
use crate::value::Value;

fn pair(a: Vec<u8>, b: Vec<u8>) -> HostOutcome {
    HostOutcome::Return(Value::Array(vec![Value::Bytes(a), Value::Bytes(b)]))
}

/// One curve's operations, `op` as crypto.js names them.
fn ec_op<C>(op: &str, args: &Args) -> HostOutcome
where
    C: elliptic_curve::Curve + CurveArithmetic + elliptic_curve::pkcs8::AssociatedOid + ecdsa::EcdsaCurve,
    C::AffinePoint: FromSec1Point<C> + ToSec1Point<C>,
    C::FieldBytesSize: ModulusSize,
    ecdsa::SignatureSize<C>: elliptic_curve::array::ArraySize,
    C: ecdsa::DigestAlgorithm,
    ecdsa::VerifyingKey<C>: PrehashVerifier<ecdsa::Signature<C>>,
{
    let point = |key: &PublicKey<C>| key.to_sec1_point(false).as_bytes().to_vec();
    let private = |s: &SecretKey<C>| pair(s.to_bytes().to_vec(), point(&s.public_key()));
    let secret = |i: usize| SecretKey::<C>::from_slice(bytes(args, i)).ok();
    let public = |i: usize| PublicKey::<C>::from_sec1_bytes(bytes(args, i)).ok();
    match op {
        "generate" => {
            use elliptic_curve::Generate;
            match SecretKey::<C>::try_generate_from_rng(&mut getrandom::SysRng) {
                Ok(s) => private(&s),
                Err(_) => fail("OperationError", "no random bytes"),
            }
        }
        "private" => secret(2).map_or_else(|| fail("DataError", "Invalid EC private key"), |s| private(&s)),
        "point" => public(2).map_or_else(
            || fail("DataError", "Invalid EC public key"),
            |p| HostOutcome::Return(Value::Bytes(point(&p))),
        ),
        "compressed" => public(2).map_or_else(
            || fail("DataError", "Invalid EC public key"),
            |p| HostOutcome::Return(Value::Bytes(p.to_sec1_point(true).as_bytes().to_vec())),
        ),
        "fromPkcs8" => SecretKey::<C>::from_pkcs8_der(bytes(args, 2))
            .map_or_else(|_| fail("DataError", "Invalid PKCS#8 EC private key for this curve"), |s| private(&s)),
        "fromSpki" => PublicKey::<C>::from_public_key_der(bytes(args, 2)).map_or_else(
            |_| fail("DataError", "Invalid SPKI EC public key for this curve"),
            |p| HostOutcome::Return(Value::Bytes(point(&p))),
        ),
        "toPkcs8" => match secret(2).and_then(|s| s.to_pkcs8_der().ok()) {
            Some(der) => HostOutcome::Return(Value::Bytes(der.as_bytes().to_vec())),
            None => fail("OperationError", "cannot encode the key"),
        },
        "toSpki" => match public(2).and_then(|p| p.to_public_key_der().ok()) {
            Some(der) => HostOutcome::Return(Value::Bytes(der.into_vec())),
            None => fail("OperationError", "cannot encode the key"),
        },
        "sign" => {
            let Some(key) = secret(2) else { return fail("OperationError", "Invalid EC private key") };
            // RFC 6979 on the scalar alone: a SigningKey would first work out the public key (a second
            // scalar multiplication, as long as the signature itself).
            let (sig, _) = ecdsa::hazmat::sign_prehashed_rfc6979::<C, <C as ecdsa::DigestAlgorithm>::Digest>(
                &key.to_nonzero_scalar(),
                bytes(args, 3),
                &[],
            );
            HostOutcome::Return(Value::Bytes(sig.to_bytes().to_vec()))
        }
        "verify" => {
            let Some(key) = public(2) else { return fail("OperationError", "Invalid EC public key") };
            let verifier = ecdsa::VerifyingKey::<C>::from(key);
            // A high s verifies as its low twin does: secp256k1's verifier takes only the low one
            // (Bitcoin's rule), where OpenSSL and Node take both.
            let ok = ecdsa::Signature::<C>::from_slice(bytes(args, 4))
                .is_ok_and(|sig| verifier.verify_prehash(bytes(args, 3), &sig.normalize_s()).is_ok());
            HostOutcome::Return(Value::Bool(ok))
        }
        "ecdh" => match (secret(2), public(3)) {
            (Some(s), Some(p)) => {
                let shared = elliptic_curve::ecdh::diffie_hellman(s.to_nonzero_scalar(), p.as_affine());
                HostOutcome::Return(Value::Bytes(shared.raw_secret_bytes().to_vec()))
            }
            _ => fail("OperationError", "Invalid ECDH keys"),
        },
        _ => fail("TypeError", "unknown EC operation"),
    }
}

/// `ec(op, curve, ...)`: ECDSA and ECDH on P-256, P-384, P-521 and (for
/// node:crypto) secp256k1: scalars and uncompressed SEC1 points; signatures
/// as r ‖ s, the prehash given.
pub(crate) fn ec() -> Arc<dyn HostFunction> {
    Arc::new(|args: Args| {
        let op = text(&args, 0);
        match text(&args, 1).as_str() {
            "P-256" => ec_op::<p256::NistP256>(&op, &args),
            "P-384" => ec_op::<p384::NistP384>(&op, &args),
            "P-521" => ec_op::<p521::NistP521>(&op, &args),
            "secp256k1" => ec_op::<k256::Secp256k1>(&op, &args),
            _ => fail("NotSupportedError", "jsrun supports the curves P-256, P-384, P-521 and secp256k1"),
        }
    })
}

fn seed(args: &Args, i: usize) -> Option<ed25519_dalek::SigningKey> {
    let seed: [u8; 32] = bytes(args, i).try_into().ok()?;
    Some(ed25519_dalek::SigningKey::from_bytes(&seed))
}

fn verifying(args: &Args, i: usize) -> Option<ed25519_dalek::VerifyingKey> {
    let key: [u8; 32] = bytes(args, i).try_into().ok()?;
    ed25519_dalek::VerifyingKey::from_bytes(&key).ok()
}

fn ed_private(key: &ed25519_dalek::SigningKey) -> HostOutcome {
    pair(key.to_bytes().to_vec(), key.verifying_key().to_bytes().to_vec())
}

/// `ed25519(op, ...)`: Ed25519 keys (32-byte seeds and public keys) and signatures.
pub(crate) fn ed25519() -> Arc<dyn HostFunction> {
    Arc::new(|args: Args| match text(&args, 0).as_str() {
        "generate" => match random_bytes(32).and_then(|b| <[u8; 32]>::try_from(b).ok()) {
            Some(seed) => ed_private(&ed25519_dalek::SigningKey::from_bytes(&seed)),
            None => fail("OperationError", "no random bytes"),
        },
        "private" => {
            seed(&args, 1).map_or_else(|| fail("DataError", "Invalid Ed25519 private key"), |k| ed_private(&k))
        }
        "point" => verifying(&args, 1).map_or_else(
            || fail("DataError", "Invalid Ed25519 public key"),
            |k| HostOutcome::Return(Value::Bytes(k.to_bytes().to_vec())),
        ),
        "fromPkcs8" => ed25519_dalek::SigningKey::from_pkcs8_der(bytes(&args, 1))
            .map_or_else(|_| fail("DataError", "Invalid PKCS#8 Ed25519 private key"), |k| ed_private(&k)),
        "fromSpki" => ed25519_dalek::VerifyingKey::from_public_key_der(bytes(&args, 1)).map_or_else(
            |_| fail("DataError", "Invalid SPKI Ed25519 public key"),
            |k| HostOutcome::Return(Value::Bytes(k.to_bytes().to_vec())),
        ),
        // Version 1, the seed alone, as browsers and Node write it (dalek's own adds the public key).
        "toPkcs8" => match seed(&args, 1).and_then(|k| {
            ed25519_dalek::pkcs8::KeypairBytes { secret_key: k.to_bytes(), public_key: None }.to_pkcs8_der().ok()
        }) {
            Some(der) => HostOutcome::Return(Value::Bytes(der.as_bytes().to_vec())),
            None => fail("OperationError", "cannot encode the key"),
        },
        "toSpki" => match verifying(&args, 1).and_then(|k| k.to_public_key_der().ok()) {
            Some(der) => HostOutcome::Return(Value::Bytes(der.into_vec())),
            None => fail("OperationError", "cannot encode the key"),
        },
        "sign" => match seed(&args, 1) {
            Some(k) => {
                use ed25519_dalek::Signer;
                HostOutcome::Return(Value::Bytes(k.sign(bytes(&args, 2)).to_bytes().to_vec()))
            }
            None => fail("OperationError", "Invalid Ed25519 private key"),
        },
        "verify" => {
            let sig = <[u8; 64]>::try_from(bytes(&args, 3)).map(|s| ed25519_dalek::Signature::from_bytes(&s));
            let ok = match (verifying(&args, 1), sig) {
                (Some(k), Ok(sig)) => k.verify_strict(bytes(&args, 2), &sig).is_ok(),
                _ => false,
            };
            HostOutcome::Return(Value::Bool(ok))
        }
        _ => fail("TypeError", "unknown Ed25519 operation"),
    })
}

/// X25519 keys in PKCS#8 (version 1) and SPKI: RFC 8410's algorithm identifier.
const X25519_OID: &str = "1.3.101.110";
const X25519_PKCS8: [u8; 16] =
    [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20];
const X25519_SPKI: [u8; 12] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00];

fn x25519_pair(secret: [u8; 32]) -> HostOutcome {
    let public = x25519_dalek::PublicKey::from(&x25519_dalek::StaticSecret::from(secret));
    pair(secret.to_vec(), public.to_bytes().to_vec())
}

fn x25519_from_pkcs8(der: &[u8]) -> Option<[u8; 32]> {
    use elliptic_curve::pkcs8::der::Decode;
    let info = elliptic_curve::pkcs8::PrivateKeyInfoRef::from_der(der).ok()?;
    if info.algorithm.oid.to_string() != X25519_OID {
        return None;
    }
    // The private key is itself an OCTET STRING of 32 bytes (RFC 8410).
    match info.private_key.as_bytes() {
        [0x04, 0x20, rest @ ..] => rest.try_into().ok(),
        _ => None,
    }
}

fn x25519_from_spki(der: &[u8]) -> Option<[u8; 32]> {
    use elliptic_curve::pkcs8::der::Decode;
    let info = elliptic_curve::pkcs8::spki::SubjectPublicKeyInfoRef::from_der(der).ok()?;
    if info.algorithm.oid.to_string() != X25519_OID {
        return None;
    }
    info.subject_public_key.as_bytes()?.try_into().ok()
}

fn array32(args: &Args, i: usize) -> Option<[u8; 32]> {
    bytes(args, i).try_into().ok()
}

/// `x25519(op, ...)`: X25519 keys (32-byte scalars and public keys) and agreement.
pub(crate) fn x25519() -> Arc<dyn HostFunction> {
    Arc::new(|args: Args| match text(&args, 0).as_str() {
        "generate" => match random_bytes(32).and_then(|b| <[u8; 32]>::try_from(b).ok()) {
            Some(secret) => x25519_pair(secret),
            None => fail("OperationError", "no random bytes"),
        },
        "private" => array32(&args, 1).map_or_else(|| fail("DataError", "Invalid X25519 private key"), x25519_pair),
        "point" => array32(&args, 1).map_or_else(
            || fail("DataError", "Invalid X25519 public key"),
            |p| HostOutcome::Return(Value::Bytes(p.to_vec())),
        ),
        "fromPkcs8" => x25519_from_pkcs8(bytes(&args, 1))
            .map_or_else(|| fail("DataError", "Invalid PKCS#8 X25519 private key"), x25519_pair),
        "fromSpki" => x25519_from_spki(bytes(&args, 1)).map_or_else(
            || fail("DataError", "Invalid SPKI X25519 public key"),
            |p| HostOutcome::Return(Value::Bytes(p.to_vec())),
        ),
        "toPkcs8" => match array32(&args, 1) {
            Some(secret) => HostOutcome::Return(Value::Bytes([&X25519_PKCS8[..], &secret].concat())),
            None => fail("OperationError", "cannot encode the key"),
        },
        "toSpki" => match array32(&args, 1) {
            Some(public) => HostOutcome::Return(Value::Bytes([&X25519_SPKI[..], &public].concat())),
            None => fail("OperationError", "cannot encode the key"),
        },
        "ecdh" => match (array32(&args, 1), array32(&args, 2)) {
            (Some(secret), Some(public)) => {
                let shared = x25519_dalek::StaticSecret::from(secret).diffie_hellman(&public.into());
                if shared.was_contributory() {
                    HostOutcome::Return(Value::Bytes(shared.as_bytes().to_vec()))
                } else {
                    fail("OperationError", "The X25519 public key is a small-order point")
                }
            }
            _ => fail("OperationError", "Invalid X25519 keys"),
        },
        _ => fail("TypeError", "unknown X25519 operation"),
    })
}

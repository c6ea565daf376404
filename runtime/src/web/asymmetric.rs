//! What `crypto.subtle` needs for public keys: ECDSA and ECDH on P-256 and
//! P-384, and Ed25519 (RustCrypto). crypto.js keeps the keys (a private
//! key's scalar or seed with its public key; a public key's point) and
//! checks algorithms and usages; these convert formats and compute.
use std::sync::Arc;

use ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use elliptic_curve::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use elliptic_curve::sec1::{FromSec1Point, ModulusSize, ToSec1Point};
use elliptic_curve::{CurveArithmetic, PublicKey, SecretKey};

use crate::host::{Args, HostError, HostFunction, HostOutcome};
use crate::value::Value;

fn bytes(args: &Args, i: usize) -> &[u8] {
    match args.get(i) {
        Some(Value::Bytes(b)) => b,
        _ => &[],
    }
}

fn text(args: &Args, i: usize) -> String {
    match args.get(i) {
        Some(Value::String(s)) => s.to_string_lossy(),
        _ => String::new(),
    }
}

fn fail(name: &str, message: &str) -> HostOutcome {
    HostOutcome::Throw(HostError::new(name, message))
}

fn pair(a: Vec<u8>, b: Vec<u8>) -> HostOutcome {
    HostOutcome::Return(Value::Array(vec![Value::Bytes(a), Value::Bytes(b)]))
}

fn random_bytes(n: usize) -> Option<Vec<u8>> {
    let mut out = vec![0u8; n];
    getrandom::fill(&mut out).ok()?;
    Some(out)
}

/// One curve's operations, `op` as crypto.js names them.
fn ec_op<C>(op: &str, args: &Args) -> HostOutcome
where
    C: elliptic_curve::Curve + CurveArithmetic + elliptic_curve::pkcs8::AssociatedOid + ecdsa::EcdsaCurve,
    C::AffinePoint: FromSec1Point<C> + ToSec1Point<C>,
    C::FieldBytesSize: ModulusSize,
    ecdsa::SignatureSize<C>: elliptic_curve::array::ArraySize,
    ecdsa::SigningKey<C>: PrehashSigner<ecdsa::Signature<C>>,
    ecdsa::VerifyingKey<C>: PrehashVerifier<ecdsa::Signature<C>>,
{
    let point = |key: &PublicKey<C>| key.to_sec1_point(false).as_bytes().to_vec();
    let private = |s: &SecretKey<C>| pair(s.to_bytes().to_vec(), point(&s.public_key()));
    let secret = |i: usize| SecretKey::<C>::from_slice(bytes(args, i)).ok();
    let public = |i: usize| PublicKey::<C>::from_sec1_bytes(bytes(args, i)).ok();
    match op {
        "generate" => {
            // A uniformly random scalar: retry the (astronomically rare) bytes that are not one.
            for _ in 0..64 {
                let Some(candidate) = random_bytes(elliptic_curve::FieldBytes::<C>::default().len()) else {
                    return fail("OperationError", "no random bytes");
                };
                if let Ok(s) = SecretKey::<C>::from_slice(&candidate) {
                    return private(&s);
                }
            }
            fail("OperationError", "no valid key from the random bytes")
        }
        "private" => secret(2).map_or_else(|| fail("DataError", "Invalid EC private key"), |s| private(&s)),
        "point" => public(2).map_or_else(
            || fail("DataError", "Invalid EC public key"),
            |p| HostOutcome::Return(Value::Bytes(point(&p))),
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
            let signer = ecdsa::SigningKey::<C>::from(key);
            match signer.sign_prehash(bytes(args, 3)) {
                Ok(sig) => HostOutcome::Return(Value::Bytes(sig.to_bytes().to_vec())),
                Err(_) => fail("OperationError", "ECDSA signing failed"),
            }
        }
        "verify" => {
            let Some(key) = public(2) else { return fail("OperationError", "Invalid EC public key") };
            let verifier = ecdsa::VerifyingKey::<C>::from(key);
            let ok = ecdsa::Signature::<C>::from_slice(bytes(args, 4))
                .is_ok_and(|sig| verifier.verify_prehash(bytes(args, 3), &sig).is_ok());
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

/// `ec(op, curve, ...)`: ECDSA and ECDH on P-256 and P-384 (scalars and
/// uncompressed SEC1 points; signatures as r ‖ s, the prehash given).
pub(super) fn ec() -> Arc<dyn HostFunction> {
    Arc::new(|args: Args| {
        let op = text(&args, 0);
        match text(&args, 1).as_str() {
            "P-256" => ec_op::<p256::NistP256>(&op, &args),
            "P-384" => ec_op::<p384::NistP384>(&op, &args),
            _ => fail("NotSupportedError", "jsrun supports the curves P-256 and P-384"),
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
pub(super) fn ed25519() -> Arc<dyn HostFunction> {
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

//! What `crypto.subtle` needs from Rust beyond digests: HMAC, AES-GCM,
//! PBKDF2 and HKDF (RustCrypto). crypto.js checks algorithms, keys and
//! usages; these take normalised names and bytes and only compute.
use std::sync::Arc;

use aes_gcm::aead::consts::{U12, U16};
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::aes::{Aes128, Aes192, Aes256};
use aes_gcm::{AesGcm, Nonce};
use hmac::{Hmac, Mac};

use super::native_args::{bytes_at, fail, text};
use crate::host::{Args, HostFunction, HostOutcome};
use crate::value::Value;

fn usage(what: &str) -> HostOutcome {
    fail("TypeError", what)
}

fn operation_error(what: &str) -> HostOutcome {
    fail("OperationError", what)
}

fn mac_of<M: Mac + hmac::KeyInit>(key: &[u8], data: &[u8]) -> Option<M> {
    let mut mac = <M as hmac::KeyInit>::new_from_slice(key).ok()?;
    mac.update(data);
    Some(mac)
}

/// The HMAC of `data`, or whether it equals `expected` (in constant time).
fn hmac_with(hash: &str, key: &[u8], data: &[u8], expected: Option<&[u8]>) -> Option<Value> {
    macro_rules! run {
        ($d:ty) => {{
            let mac = mac_of::<Hmac<$d>>(key, data)?;
            match expected {
                Some(tag) => Value::Bool(mac.verify_slice(tag).is_ok()),
                None => Value::Bytes(mac.finalize().into_bytes().to_vec()),
            }
        }};
    }
    Some(match hash {
        "SHA-1" => run!(sha1::Sha1),
        "SHA-256" => run!(sha2::Sha256),
        "SHA-384" => run!(sha2::Sha384),
        "SHA-512" => run!(sha2::Sha512),
        _ => return None,
    })
}

/// `hmac(hash, key, data)`: the tag; `hmac(hash, key, data, signature)`: whether it matches.
pub(super) fn hmac() -> Arc<dyn HostFunction> {
    Arc::new(|args: Args| {
        let (Some(key), Some(data)) = (bytes_at(&args, 1), bytes_at(&args, 2)) else {
            return usage("hmac(hash, key, data[, signature])");
        };
        match hmac_with(&text(&args, 0), key, data, bytes_at(&args, 3)) {
            Some(v) => HostOutcome::Return(v),
            None => operation_error("unsupported HMAC hash"),
        }
    })
}

fn gcm<C: Aead + KeyInit>(key: &[u8], iv: &[u8], aad: &[u8], data: &[u8], encrypt: bool) -> Option<Vec<u8>> {
    let cipher = C::new_from_slice(key).ok()?;
    let nonce = Nonce::<C::NonceSize>::try_from(iv).ok()?;
    let payload = Payload { msg: data, aad };
    if encrypt {
        cipher.encrypt(&nonce, payload).ok()
    } else {
        cipher.decrypt(&nonce, payload).ok()
    }
}

/// `aesGcm(encrypt, key, iv, additionalData, data)`: ciphertext with its
/// 128-bit tag, or the plaintext; keys of 16, 24 or 32 bytes, IVs of 12 or 16.
pub(crate) fn aes_gcm() -> Arc<dyn HostFunction> {
    Arc::new(|args: Args| {
        let encrypt = matches!(args.first(), Some(Value::Bool(true)));
        let (Some(key), Some(iv), Some(aad), Some(data)) =
            (bytes_at(&args, 1), bytes_at(&args, 2), bytes_at(&args, 3), bytes_at(&args, 4))
        else {
            return usage("aesGcm(encrypt, key, iv, additionalData, data)");
        };
        macro_rules! with_iv {
            ($aes:ty) => {
                match iv.len() {
                    12 => gcm::<AesGcm<$aes, U12>>(key, iv, aad, data, encrypt),
                    16 => gcm::<AesGcm<$aes, U16>>(key, iv, aad, data, encrypt),
                    _ => return operation_error("jsrun's AES-GCM takes a 12- or 16-byte iv"),
                }
            };
        }
        let out = match key.len() {
            16 => with_iv!(Aes128),
            24 => with_iv!(Aes192),
            32 => with_iv!(Aes256),
            _ => return operation_error("AES keys are 128, 192 or 256 bits"),
        };
        match out {
            Some(bytes) => HostOutcome::Return(Value::Bytes(bytes)),
            None if encrypt => operation_error("The operation failed for an operation-specific reason"),
            None => {
                operation_error("The operation failed for an operation-specific reason (the data or the key is wrong)")
            }
        }
    })
}

fn length(args: &Args, i: usize) -> Option<usize> {
    match args.get(i) {
        Some(Value::Int(n)) if (0..=1 << 20).contains(n) => usize::try_from(*n).ok(),
        _ => None,
    }
}

/// `pbkdf2(hash, password, salt, iterations, bytes)`.
pub(crate) fn pbkdf2() -> Arc<dyn HostFunction> {
    Arc::new(|args: Args| {
        let (Some(password), Some(salt), Some(n)) = (bytes_at(&args, 1), bytes_at(&args, 2), length(&args, 4)) else {
            return usage("pbkdf2(hash, password, salt, iterations, bytes)");
        };
        let rounds = match args.get(3) {
            Some(Value::Int(r)) if *r >= 1 => u32::try_from(*r).unwrap_or(u32::MAX),
            _ => return operation_error("PBKDF2 needs at least one iteration"),
        };
        let mut out = vec![0u8; n];
        match text(&args, 0).as_str() {
            "SHA-1" => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, rounds, &mut out),
            "SHA-256" => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, rounds, &mut out),
            "SHA-384" => pbkdf2::pbkdf2_hmac::<sha2::Sha384>(password, salt, rounds, &mut out),
            "SHA-512" => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, rounds, &mut out),
            _ => return operation_error("unsupported PBKDF2 hash"),
        }
        HostOutcome::Return(Value::Bytes(out))
    })
}

/// `hkdf(hash, key, salt, info, bytes)`.
pub(crate) fn hkdf() -> Arc<dyn HostFunction> {
    Arc::new(|args: Args| {
        let (Some(ikm), Some(salt), Some(info), Some(n)) =
            (bytes_at(&args, 1), bytes_at(&args, 2), bytes_at(&args, 3), length(&args, 4))
        else {
            return usage("hkdf(hash, key, salt, info, bytes)");
        };
        let mut out = vec![0u8; n];
        let done = match text(&args, 0).as_str() {
            "SHA-1" => hkdf::Hkdf::<sha1::Sha1>::new(Some(salt), ikm).expand(info, &mut out),
            "SHA-256" => hkdf::Hkdf::<sha2::Sha256>::new(Some(salt), ikm).expand(info, &mut out),
            "SHA-384" => hkdf::Hkdf::<sha2::Sha384>::new(Some(salt), ikm).expand(info, &mut out),
            "SHA-512" => hkdf::Hkdf::<sha2::Sha512>::new(Some(salt), ikm).expand(info, &mut out),
            _ => return operation_error("unsupported HKDF hash"),
        };
        match done {
            Ok(()) => HostOutcome::Return(Value::Bytes(out)),
            Err(_) => operation_error("HKDF cannot derive that many bits with this hash"),
        }
    })
}

//! What `crypto` needs from Rust: the operating system's random bytes
//! (getrandom) and message digests (RustCrypto's sha1 and sha2).
use std::sync::Arc;

use sha2::Digest;

use crate::host::{HostError, HostFunction, HostOutcome};
use crate::value::{JsString, Value};

/// `random(n)`: n random bytes (the caller enforces the 65,536-byte quota).
pub(super) fn random() -> Arc<dyn HostFunction> {
    Arc::new(|args: crate::host::Args| {
        let n = match args.first() {
            Some(Value::Int(n)) if (0..=65_536).contains(n) => *n as usize,
            _ => return HostOutcome::Throw(HostError::new("RangeError", "random(n) takes 0 to 65536")),
        };
        let mut bytes = vec![0u8; n];
        match getrandom::fill(&mut bytes) {
            Ok(()) => HostOutcome::Return(Value::Bytes(bytes)),
            Err(e) => HostOutcome::Throw(HostError::new("OperationError", format!("no random bytes: {e}"))),
        }
    })
}

/// `digest(algorithm, bytes)`: the digest of `bytes`, `algorithm` one of
/// SHA-1, SHA-256, SHA-384, SHA-512 (already normalised by the caller).
pub(super) fn digest() -> Arc<dyn HostFunction> {
    Arc::new(|args: crate::host::Args| {
        let mut args = args.into_iter();
        let algorithm = match args.next() {
            Some(Value::String(s)) => s.to_string_lossy(),
            _ => String::new(),
        };
        let data = match args.next() {
            Some(Value::Bytes(b)) => b,
            _ => return HostOutcome::Throw(HostError::new("TypeError", "digest(algorithm, bytes)")),
        };
        let out = match algorithm.as_str() {
            "SHA-1" => sha1::Sha1::digest(&data).to_vec(),
            "SHA-256" => sha2::Sha256::digest(&data).to_vec(),
            "SHA-384" => sha2::Sha384::digest(&data).to_vec(),
            "SHA-512" => sha2::Sha512::digest(&data).to_vec(),
            other => {
                return HostOutcome::Throw(HostError::new(
                    "NotSupportedError",
                    format!("Unrecognized algorithm name: {}", JsString::from(other).to_string_lossy()),
                ))
            }
        };
        HostOutcome::Return(Value::Bytes(out))
    })
}

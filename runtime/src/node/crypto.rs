//! What `node:crypto` needs from Rust: digests and HMACs (RustCrypto).
use std::sync::Arc;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Digest;

use crate::host::{HostError, HostFunction, HostOutcome};
use crate::value::Value;

/// The most SHAKE output one call gives.
const MAX_XOF_OUTPUT: usize = 64 << 20;

/// `length` bytes of an extendable-output function's output for `data`.
fn xof<X: Default + sha3::digest::Update + sha3::digest::ExtendableOutput>(data: &[u8], length: usize) -> Vec<u8> {
    use sha3::digest::XofReader;
    let mut hasher = X::default();
    hasher.update(data);
    let mut out = vec![0u8; length];
    hasher.finalize_xof().read(&mut out);
    out
}

/// A digest of `data`; `length`: the output of shake128 and shake256.
fn digest(algorithm: &str, data: &[u8], length: usize) -> Option<Vec<u8>> {
    Some(match algorithm {
        "md5" => md5::Md5::digest(data).to_vec(),
        "sha1" => sha1::Sha1::digest(data).to_vec(),
        "sha224" => sha2::Sha224::digest(data).to_vec(),
        "sha256" => sha2::Sha256::digest(data).to_vec(),
        "sha384" => sha2::Sha384::digest(data).to_vec(),
        "sha512" => sha2::Sha512::digest(data).to_vec(),
        "sha512-224" => sha2::Sha512_224::digest(data).to_vec(),
        "sha512-256" => sha2::Sha512_256::digest(data).to_vec(),
        "sha3-224" => sha3::Sha3_224::digest(data).to_vec(),
        "sha3-256" => sha3::Sha3_256::digest(data).to_vec(),
        "sha3-384" => sha3::Sha3_384::digest(data).to_vec(),
        "sha3-512" => sha3::Sha3_512::digest(data).to_vec(),
        "ripemd160" => ripemd::Ripemd160::digest(data).to_vec(),
        "blake2b512" => blake2::Blake2b512::digest(data).to_vec(),
        "blake2s256" => blake2::Blake2s256::digest(data).to_vec(),
        "shake128" => xof::<sha3::Shake128>(data, length),
        "shake256" => xof::<sha3::Shake256>(data, length),
        _ => return None,
    })
}

fn mac<M: Mac + KeyInit>(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC takes keys of any length.
    match <M as KeyInit>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

fn hmac_of(algorithm: &str, key: &[u8], data: &[u8]) -> Option<Vec<u8>> {
    Some(match algorithm {
        "md5" => mac::<Hmac<md5::Md5>>(key, data),
        "sha1" => mac::<Hmac<sha1::Sha1>>(key, data),
        "sha224" => mac::<Hmac<sha2::Sha224>>(key, data),
        "sha256" => mac::<Hmac<sha2::Sha256>>(key, data),
        "sha384" => mac::<Hmac<sha2::Sha384>>(key, data),
        "sha512" => mac::<Hmac<sha2::Sha512>>(key, data),
        "sha512-224" => mac::<Hmac<sha2::Sha512_224>>(key, data),
        "sha512-256" => mac::<Hmac<sha2::Sha512_256>>(key, data),
        "sha3-224" => mac::<Hmac<sha3::Sha3_224>>(key, data),
        "sha3-256" => mac::<Hmac<sha3::Sha3_256>>(key, data),
        "sha3-384" => mac::<Hmac<sha3::Sha3_384>>(key, data),
        "sha3-512" => mac::<Hmac<sha3::Sha3_512>>(key, data),
        "ripemd160" => mac::<Hmac<ripemd::Ripemd160>>(key, data),
        "blake2b512" => mac::<hmac::SimpleHmac<blake2::Blake2b512>>(key, data),
        "blake2s256" => mac::<hmac::SimpleHmac<blake2::Blake2s256>>(key, data),
        _ => return None,
    })
}

fn unsupported(algorithm: &str) -> HostOutcome {
    HostOutcome::Throw(HostError::new("Error", format!("Digest method not supported: {algorithm}")))
}

/// `hash(algorithm, bytes, length?)`, `algorithm` already normalised
/// (crypto.js); `length`, the bytes shake128 and shake256 give.
pub(super) fn hash() -> Arc<dyn HostFunction> {
    Arc::new(|args: crate::host::Args| match (args.first(), args.get(1)) {
        (Some(Value::String(algorithm)), Some(Value::Bytes(data))) => {
            let algorithm = algorithm.to_string_lossy();
            let length = match args.get(2) {
                Some(Value::Int(n)) => usize::try_from(*n).unwrap_or(0),
                _ => 0,
            };
            // One native call the time limit cannot interrupt, and memory outside the heap's limit.
            if length > MAX_XOF_OUTPUT {
                return HostOutcome::Throw(HostError::new("RangeError", "jsrun gives at most 64 MiB of SHAKE output"));
            }
            digest(&algorithm, data, length)
                .map_or_else(|| unsupported(&algorithm), |d| HostOutcome::Return(Value::Bytes(d)))
        }
        _ => HostOutcome::Throw(HostError::new("TypeError", "hash(algorithm, bytes)")),
    })
}

/// `hmac(algorithm, key, bytes)`.
pub(super) fn hmac() -> Arc<dyn HostFunction> {
    Arc::new(|args: crate::host::Args| match (args.first(), args.get(1), args.get(2)) {
        (Some(Value::String(algorithm)), Some(Value::Bytes(key)), Some(Value::Bytes(data))) => {
            let algorithm = algorithm.to_string_lossy();
            hmac_of(&algorithm, key, data)
                .map_or_else(|| unsupported(&algorithm), |d| HostOutcome::Return(Value::Bytes(d)))
        }
        _ => HostOutcome::Throw(HostError::new("TypeError", "hmac(algorithm, key, bytes)")),
    })
}

/// Most memory `scrypt` may take (its N·r·128-byte table and the p·r·128
/// bytes beside it): a native call the time limit cannot interrupt.
pub(super) const SCRYPT_MAX_MEMORY: u64 = 256 << 20;

/// `scrypt(password, salt, log2N, r, p, keylen)`; crypto_keys.js checks the
/// parameters against `maxmem` first, this against SCRYPT_MAX_MEMORY.
pub(super) fn scrypt() -> Arc<dyn HostFunction> {
    Arc::new(|args: crate::host::Args| {
        let int = |i: usize| match args.get(i) {
            Some(Value::Int(n)) => u32::try_from(*n).ok(),
            _ => None,
        };
        let (Some(Value::Bytes(password)), Some(Value::Bytes(salt))) = (args.first(), args.get(1)) else {
            return HostOutcome::Throw(HostError::new("TypeError", "scrypt(password, salt, log2N, r, p, keylen)"));
        };
        let (Some(log_n), Some(r), Some(p), Some(len)) = (int(2), int(3), int(4), int(5)) else {
            return HostOutcome::Throw(HostError::new("TypeError", "scrypt(password, salt, log2N, r, p, keylen)"));
        };
        let memory = 128 * u64::from(r) * ((1u64 << log_n.min(63)) + 2 + u64::from(p));
        let params = u8::try_from(log_n).ok().and_then(|l| scrypt::Params::new(l, r, p).ok());
        let Some(params) = params.filter(|_| log_n < 32 && memory <= SCRYPT_MAX_MEMORY && len <= 1 << 26) else {
            return HostOutcome::Throw(
                HostError::new("RangeError", "Invalid scrypt params: jsrun runs scrypt within 256 MiB")
                    .with_code("ERR_CRYPTO_INVALID_SCRYPT_PARAMS"),
            );
        };
        let mut out = vec![0u8; len as usize];
        match scrypt::scrypt(password, salt, &params, &mut out) {
            Ok(()) => HostOutcome::Return(Value::Bytes(out)),
            Err(_) => HostOutcome::Throw(
                HostError::new("RangeError", "Invalid scrypt params").with_code("ERR_CRYPTO_INVALID_SCRYPT_PARAMS"),
            ),
        }
    })
}

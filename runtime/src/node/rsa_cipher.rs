//! `node:crypto`'s publicEncrypt, privateDecrypt, privateEncrypt and
//! publicDecrypt with PKCS#1 v1.5 padding or none (OAEP goes through the Web
//! Crypto natives), by the `rsa` crate, with the errors OpenSSL gives Node.
use std::sync::Arc;

use rsa::traits::PublicKeyParts;
use rsa::{BoxedUint, Pkcs1v15Encrypt, Pkcs1v15Sign, PrivateKey, PublicKey};

use crate::host::{Args, HostError, HostFunction, HostOutcome};
use crate::value::Value;
use crate::web::native_args::{bytes as arg_bytes, text as arg_text};

/// OpenSSL's error, as Node reports it (`code` and message).
fn openssl(code: &'static str, message: &str) -> HostOutcome {
    HostOutcome::Throw(HostError::new("Error", message).with_code(code))
}

fn too_large() -> HostOutcome {
    openssl("ERR_OSSL_RSA_DATA_TOO_LARGE_FOR_KEY_SIZE", "error:0200006E:rsa routines::data too large for key size")
}

/// The raw operation's input: exactly the key's size, and below the modulus.
fn raw_input(data: &[u8], size: usize, precision: u32, n: &BoxedUint) -> Result<BoxedUint, HostOutcome> {
    if data.len() > size {
        return Err(too_large());
    }
    if data.len() < size {
        return Err(openssl(
            "ERR_OSSL_RSA_DATA_TOO_SMALL_FOR_KEY_SIZE",
            "error:0200007A:rsa routines::data too small for key size",
        ));
    }
    match BoxedUint::from_be_slice(data, precision) {
        Ok(m) if m < *n => Ok(m),
        _ => Err(openssl(
            "ERR_OSSL_RSA_DATA_TOO_LARGE_FOR_MODULUS",
            "error:02000084:rsa routines::data too large for modulus",
        )),
    }
}

/// `m` as bytes, left-padded to the key's size.
fn padded(m: &BoxedUint, size: usize) -> Vec<u8> {
    let bytes = m.to_be_bytes();
    let mut out = vec![0u8; size];
    let tail = bytes.len().saturating_sub(size);
    let body = bytes.get(tail..).unwrap_or_default();
    if let Some(slot) = out.get_mut(size - body.len()..) {
        slot.copy_from_slice(body);
    }
    out
}

fn with_public(der: &[u8], op: impl FnOnce(&PublicKey) -> HostOutcome) -> HostOutcome {
    match crate::web::rsa::public_key(der) {
        Some(key) => op(&key),
        None => openssl("ERR_OSSL_UNSUPPORTED", "Invalid RSA public key"),
    }
}

fn with_private(der: &[u8], op: impl FnOnce(&PrivateKey) -> HostOutcome) -> HostOutcome {
    match crate::web::rsa::private_key(der) {
        Some(key) => op(&key),
        None => openssl("ERR_OSSL_UNSUPPORTED", "Invalid RSA private key"),
    }
}

fn bytes(out: Vec<u8>) -> HostOutcome {
    HostOutcome::Return(Value::Bytes(out))
}

/// `rsaCipher(op, padding, der, data)`: `op` is publicEncrypt or
/// publicDecrypt (`der` an SPKI key), privateEncrypt or privateDecrypt
/// (PKCS#8); `padding` is "pkcs1" or "none".
pub(super) fn rsa_cipher() -> Arc<dyn HostFunction> {
    Arc::new(|args: Args| {
        let (op, padding, der, data) =
            (arg_text(&args, 0), arg_text(&args, 1), arg_bytes(&args, 2), arg_bytes(&args, 3));
        let pkcs1 = padding == "pkcs1";
        match op.as_str() {
            "publicEncrypt" => with_public(der, |key| {
                if pkcs1 {
                    return key
                        .encrypt(&mut getrandom::SysRng, Pkcs1v15Encrypt, data)
                        .map_or_else(|_| too_large(), bytes);
                }
                match raw_input(data, key.size(), key.n_bits_precision(), key.n()) {
                    Ok(m) => rsa::hazmat::rsa_encrypt(key, &m)
                        .map_or_else(|_| too_large(), |c| bytes(padded(&c, key.size()))),
                    Err(e) => e,
                }
            }),
            "publicDecrypt" => with_public(der, |key| {
                let m = match raw_input(data, key.size(), key.n_bits_precision(), key.n()) {
                    Ok(c) => match rsa::hazmat::rsa_encrypt(key, &c) {
                        Ok(m) => padded(&m, key.size()),
                        Err(_) => return too_large(),
                    },
                    Err(e) => return e,
                };
                if !pkcs1 {
                    return bytes(m);
                }
                // EM = 00 01 FF…FF (8 or more) 00 M
                let body = m.get(2..).unwrap_or_default();
                let ones = body.iter().take_while(|b| **b == 0xff).count();
                match (m.get(..2), body.get(ones)) {
                    (Some([0, 1]), Some(0)) if ones >= 8 => bytes(body.get(ones + 1..).unwrap_or_default().to_vec()),
                    _ => openssl("ERR_OSSL_RSA_INVALID_PADDING", "error:0200008A:rsa routines::invalid padding"),
                }
            }),
            "privateEncrypt" => with_private(der, |key| {
                if pkcs1 {
                    return key.sign(Pkcs1v15Sign::new_unprefixed(), data).map_or_else(|_| too_large(), bytes);
                }
                let public = key.to_public_key();
                match raw_input(data, public.size(), public.n_bits_precision(), public.n()) {
                    Ok(m) => rsa::hazmat::rsa_decrypt_and_check(key, Some(&mut getrandom::SysRng), &m)
                        .map_or_else(|_| too_large(), |s| bytes(padded(&s, public.size()))),
                    Err(e) => e,
                }
            }),
            "privateDecrypt" => with_private(der, |key| {
                if pkcs1 {
                    // Implicit rejection (as OpenSSL 3.2 and later): bad padding gives bytes made from the
                    // key and the input, never a padding error an attacker could time (the Marvin attack).
                    return key.decrypt(Pkcs1v15Encrypt, data).map_or_else(|_| too_large(), bytes);
                }
                let public = key.to_public_key();
                match raw_input(data, public.size(), public.n_bits_precision(), public.n()) {
                    Ok(c) => rsa::hazmat::rsa_decrypt_and_check(key, Some(&mut getrandom::SysRng), &c)
                        .map_or_else(|_| too_large(), |m| bytes(padded(&m, public.size()))),
                    Err(e) => e,
                }
            }),
            _ => openssl("ERR_INVALID_ARG_VALUE", "unknown RSA cipher operation"),
        }
    })
}

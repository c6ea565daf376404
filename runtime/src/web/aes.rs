//! What `crypto.subtle` needs for AES-CBC, AES-CTR and AES-KW (RustCrypto's
//! aes, cbc and aes-kw). AES-GCM is in subtle.rs.
use std::sync::Arc;

use aes::cipher::block_padding::{NoPadding, Pkcs7};
use aes::cipher::{
    Array, BlockCipherDecrypt, BlockCipherEncrypt, BlockModeDecrypt, BlockModeEncrypt, KeyInit, KeyIvInit,
};
use aes::{Aes128, Aes192, Aes256};

use super::native_args::{bytes, fail};
use crate::host::{Args, HostFunction, HostOutcome};
use crate::value::Value;

fn operation_failed() -> HostOutcome {
    fail("OperationError", "The operation failed for an operation-specific reason")
}

/// Runs `$body` with `$aes` the AES of the key's size.
macro_rules! by_key_size {
    ($key:expr, $aes:ident => $body:expr) => {
        match $key.len() {
            16 => {
                type $aes = Aes128;
                $body
            }
            24 => {
                type $aes = Aes192;
                $body
            }
            32 => {
                type $aes = Aes256;
                $body
            }
            _ => return fail("OperationError", "AES keys are 128, 192 or 256 bits"),
        }
    };
}

/// `aesCbc(encrypt, key, iv, data)`: PKCS#7 padding, as Web Crypto has it.
pub(super) fn aes_cbc() -> Arc<dyn HostFunction> {
    Arc::new(|args: Args| {
        let encrypt = matches!(args.first(), Some(Value::Bool(true)));
        let (key, iv, data) = (bytes(&args, 1), bytes(&args, 2), bytes(&args, 3));
        if iv.len() != 16 {
            return fail("OperationError", "The AES-CBC iv must be 16 bytes");
        }
        let out = by_key_size!(key, A => {
            if encrypt {
                cbc::Encryptor::<A>::new_from_slices(key, iv).ok().map(|c| c.encrypt_padded_vec::<Pkcs7>(data))
            } else {
                cbc::Decryptor::<A>::new_from_slices(key, iv).ok().and_then(|c| c.decrypt_padded_vec::<Pkcs7>(data).ok())
            }
        });
        out.map_or_else(operation_failed, |b| HostOutcome::Return(Value::Bytes(b)))
    })
}

/// `aesBlocks(encrypt, mode, key, iv, data)`: whole blocks in CBC or ECB, no
/// padding; node:crypto's ciphers stream with it and pad themselves.
pub(crate) fn aes_blocks() -> Arc<dyn HostFunction> {
    Arc::new(|args: Args| {
        let encrypt = matches!(args.first(), Some(Value::Bool(true)));
        let cbc = matches!(args.get(1), Some(Value::String(m)) if m.to_string_lossy() == "cbc");
        let (key, iv, data) = (bytes(&args, 2), bytes(&args, 3), bytes(&args, 4));
        if !data.len().is_multiple_of(16) || (cbc && iv.len() != 16) {
            return fail("OperationError", "whole 16-byte blocks and a 16-byte iv are needed");
        }
        let out = by_key_size!(key, A => {
            if cbc && encrypt {
                cbc::Encryptor::<A>::new_from_slices(key, iv).ok().map(|c| c.encrypt_padded_vec::<NoPadding>(data))
            } else if cbc {
                cbc::Decryptor::<A>::new_from_slices(key, iv).ok().and_then(|c| c.decrypt_padded_vec::<NoPadding>(data).ok())
            } else {
                A::new_from_slice(key).ok().map(|cipher| {
                    let mut out = data.to_vec();
                    for chunk in out.chunks_mut(16) {
                        let mut block = Array::try_from(&*chunk).unwrap_or_default();
                        if encrypt {
                            cipher.encrypt_block(&mut block);
                        } else {
                            cipher.decrypt_block(&mut block);
                        }
                        chunk.copy_from_slice(&block);
                    }
                    out
                })
            }
        });
        out.map_or_else(operation_failed, |b| HostOutcome::Return(Value::Bytes(b)))
    })
}

/// Adds one to the low `bits` bits of a big-endian counter block, wrapping within them.
fn increment(block: &mut [u8; 16], bits: u32) {
    let mask = if bits == 128 { u128::MAX } else { (1u128 << bits) - 1 };
    let value = u128::from_be_bytes(*block);
    let next = (value & !mask) | (value.wrapping_add(1) & mask);
    *block = next.to_be_bytes();
}

/// `aesCtr(key, counter, length, data)`: the counter's low `length` bits
/// count blocks; data that would make them wrap round is refused.
pub(crate) fn aes_ctr() -> Arc<dyn HostFunction> {
    Arc::new(|args: Args| {
        let (key, counter, data) = (bytes(&args, 0), bytes(&args, 1), bytes(&args, 3));
        let bits = match args.get(2) {
            Some(Value::Int(n)) if (1..=128).contains(n) => *n as u32,
            _ => return fail("OperationError", "The AES-CTR length must be 1 to 128 bits"),
        };
        let Ok(mut block) = <[u8; 16]>::try_from(counter) else {
            return fail("OperationError", "The AES-CTR counter must be 16 bytes");
        };
        let blocks = data.len().div_ceil(16) as u128;
        if bits < 128 && blocks > 1u128 << bits {
            return fail("OperationError", "The AES-CTR counter would wrap round within the data");
        }
        let mut out = data.to_vec();
        by_key_size!(key, A => {
            let Ok(cipher) = A::new_from_slice(key) else { return operation_failed() };
            for chunk in out.chunks_mut(16) {
                let mut stream = Array::from(block);
                cipher.encrypt_block(&mut stream);
                chunk.iter_mut().zip(stream.iter()).for_each(|(b, k)| *b ^= k);
                increment(&mut block, bits);
            }
        });
        HostOutcome::Return(Value::Bytes(out))
    })
}

/// `aesKw(wrap, key, data)`: RFC 3394 key wrap.
pub(crate) fn aes_kw() -> Arc<dyn HostFunction> {
    Arc::new(|args: Args| {
        let wrap = matches!(args.first(), Some(Value::Bool(true)));
        let (key, data) = (bytes(&args, 1), bytes(&args, 2));
        if data.len() % 8 != 0 || data.len() < if wrap { 16 } else { 24 } {
            return fail("OperationError", "AES-KW works on whole 64-bit blocks, at least 128 bits of key");
        }
        let mut buf = vec![0u8; if wrap { data.len() + 8 } else { data.len() - 8 }];
        let done = by_key_size!(key, A => {
            let Ok(kw) = aes_kw::AesKw::<A>::new_from_slice(key) else { return operation_failed() };
            if wrap { kw.wrap_key(data, &mut buf).map(<[u8]>::len) } else { kw.unwrap_key(data, &mut buf).map(<[u8]>::len) }
        });
        match done {
            Ok(n) => {
                buf.truncate(n);
                HostOutcome::Return(Value::Bytes(buf))
            }
            Err(_) => operation_failed(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::increment;

    #[test]
    fn the_counter_wraps_within_its_low_bits_only() {
        let mut block = [0xff; 16];
        increment(&mut block, 8);
        assert_eq!(block[15], 0);
        assert_eq!(block[14], 0xff);
        let mut block = [0u8; 16];
        block[15] = 0xff;
        increment(&mut block, 128);
        assert_eq!((block[14], block[15]), (1, 0));
    }
}

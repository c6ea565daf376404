//! Encrypted private keys, in the two forms Node (OpenSSL) reads and
//! writes: PKCS#8's `ENCRYPTED PRIVATE KEY` (PBES2, the `pkcs8` crate;
//! written as OpenSSL does: PBKDF2-HMAC-SHA256, 2048 iterations, AES-CBC)
//! and the legacy PEM of PKCS#1 and SEC1 keys (`Proc-Type: 4,ENCRYPTED`,
//! `DEK-Info: AES-256-CBC,<iv>`, the key from OpenSSL's EVP_BytesToKey
//! over MD5 — a format without a maintained crate, and a few lines here).
use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use aes::{Aes128, Aes192, Aes256};
use base64::Engine;
use md5::Digest;
use pkcs8::der::Decode;
use pkcs8::pkcs5::pbes2;
use pkcs8::{EncryptedPrivateKeyInfoRef, PrivateKeyInfoRef};

/// Why a key could not be decrypted or encrypted.
pub(crate) enum Refusal {
    /// No passphrase was given for an encrypted key.
    NoPassphrase,
    /// Wrong passphrase, or bytes that do not decrypt.
    BadDecrypt,
    /// A cipher jsrun does not have (`name`).
    Cipher(String),
    Malformed,
}

/// OpenSSL's iterations of PBKDF2 for a key it encrypts.
const ITERATIONS: u32 = 2048;

fn random<const N: usize>() -> Result<[u8; N], Refusal> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).map_err(|_| Refusal::Malformed)?;
    Ok(out)
}

/// The AES key size of a cipher name Node takes (`aes-256-cbc`, `aes256`…).
fn aes_bits(cipher: &str) -> Option<usize> {
    match cipher.to_ascii_lowercase().as_str() {
        "aes-128-cbc" | "aes128" => Some(128),
        "aes-192-cbc" | "aes192" => Some(192),
        "aes-256-cbc" | "aes256" => Some(256),
        _ => None,
    }
}

/// The PKCS#8 DER inside an `EncryptedPrivateKeyInfo`.
pub(crate) fn decrypt_pkcs8(der: &[u8], passphrase: Option<&[u8]>) -> Result<Vec<u8>, Refusal> {
    let info = EncryptedPrivateKeyInfoRef::from_der(der).map_err(|_| Refusal::Malformed)?;
    let passphrase = passphrase.ok_or(Refusal::NoPassphrase)?;
    let plain = info.decrypt(passphrase).map_err(|_| Refusal::BadDecrypt)?;
    Ok(plain.as_bytes().to_vec())
}

/// Whether `der` is an `EncryptedPrivateKeyInfo` (a DER "pkcs8" key may be either).
pub(crate) fn is_encrypted_pkcs8(der: &[u8]) -> bool {
    PrivateKeyInfoRef::from_der(der).is_err() && EncryptedPrivateKeyInfoRef::from_der(der).is_ok()
}

/// PKCS#8 `der` encrypted with `cipher` (AES-CBC) under `passphrase`, as OpenSSL writes it.
pub(crate) fn encrypt_pkcs8(der: &[u8], cipher: &str, passphrase: &[u8]) -> Result<Vec<u8>, Refusal> {
    let bits = aes_bits(cipher).ok_or_else(|| Refusal::Cipher(cipher.to_owned()))?;
    // A 16-byte salt, as OpenSSL 3.5's (3.0 used 8).
    let (salt, iv) = (random::<16>()?, random::<16>()?);
    let kdf = pbes2::Pbkdf2Params::hmac_sha256(ITERATIONS, &salt).map_err(|_| Refusal::Malformed)?.into();
    let encryption = match bits {
        128 => pbes2::EncryptionScheme::Aes128Cbc { iv },
        192 => pbes2::EncryptionScheme::Aes192Cbc { iv },
        _ => pbes2::EncryptionScheme::Aes256Cbc { iv },
    };
    let info = PrivateKeyInfoRef::from_der(der).map_err(|_| Refusal::Malformed)?;
    let sealed = info.encrypt_with_params(pbes2::Parameters { kdf, encryption }, passphrase);
    Ok(sealed.map_err(|_| Refusal::Malformed)?.as_bytes().to_vec())
}

/// OpenSSL's EVP_BytesToKey with MD5 and one round: the key of a legacy PEM.
fn bytes_to_key(passphrase: &[u8], salt: &[u8], length: usize) -> Vec<u8> {
    let mut key = Vec::with_capacity(length + 16);
    let mut last: Vec<u8> = Vec::new();
    while key.len() < length {
        let mut md5 = md5::Md5::new();
        md5.update(&last);
        md5.update(passphrase);
        md5.update(salt);
        last = md5.finalize().to_vec();
        key.extend_from_slice(&last);
    }
    key.truncate(length);
    key
}

fn cbc(bits: usize, key: &[u8], iv: &[u8], data: &[u8], encrypt: bool) -> Option<Vec<u8>> {
    macro_rules! run {
        ($aes:ty) => {
            if encrypt {
                cbc::Encryptor::<$aes>::new_from_slices(key, iv).ok().map(|c| c.encrypt_padded_vec::<Pkcs7>(data))
            } else {
                cbc::Decryptor::<$aes>::new_from_slices(key, iv)
                    .ok()
                    .and_then(|c| c.decrypt_padded_vec::<Pkcs7>(data).ok())
            }
        };
    }
    match bits {
        128 => run!(Aes128),
        192 => run!(Aes192),
        _ => run!(Aes256),
    }
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    let text = text.trim();
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

/// A legacy encrypted PEM (`Proc-Type: 4,ENCRYPTED`): its label and the DER inside.
/// None when `pem` is not one.
pub(crate) fn decrypt_legacy_pem(pem: &str, passphrase: Option<&[u8]>) -> Option<Result<(String, Vec<u8>), Refusal>> {
    if !pem.contains("Proc-Type: 4,ENCRYPTED") {
        return None;
    }
    let begin = pem.find("-----BEGIN ")?;
    let rest = pem.get(begin + 11..)?;
    let label = rest.get(..rest.find("-----")?)?.to_owned();
    let body = rest.get(rest.find('\n')? + 1..)?;
    let end = body.find("-----END ")?;
    let (mut iv, mut bits, mut data) = (None, None, String::new());
    let mut in_headers = true;
    for line in body.get(..end)?.lines() {
        let line = line.trim();
        if in_headers {
            if let Some(info) = line.strip_prefix("DEK-Info:") {
                let (cipher, hex) = info.trim().split_once(',')?;
                bits = Some(aes_bits(cipher).ok_or_else(|| Refusal::Cipher(cipher.to_owned())));
                iv = unhex(hex);
                continue;
            }
            if line.contains(':') {
                continue;
            }
            in_headers = false;
        }
        data.push_str(line);
    }
    Some((|| {
        let bits = bits.ok_or(Refusal::Malformed)??;
        let iv = iv.filter(|iv| iv.len() == 16).ok_or(Refusal::Malformed)?;
        let sealed =
            base64::engine::general_purpose::STANDARD.decode(data.as_bytes()).map_err(|_| Refusal::Malformed)?;
        let passphrase = passphrase.ok_or(Refusal::NoPassphrase)?;
        let key = bytes_to_key(passphrase, iv.get(..8).unwrap_or_default(), bits / 8);
        let der = cbc(bits, &key, &iv, &sealed, false).ok_or(Refusal::BadDecrypt)?;
        Ok((label, der))
    })())
}

/// `der` (a PKCS#1 or SEC1 key) as a legacy encrypted PEM labelled `label`.
pub(crate) fn encrypt_legacy_pem(label: &str, der: &[u8], cipher: &str, passphrase: &[u8]) -> Result<String, Refusal> {
    let bits = aes_bits(cipher).ok_or_else(|| Refusal::Cipher(cipher.to_owned()))?;
    let iv = random::<16>()?;
    let key = bytes_to_key(passphrase, iv.get(..8).unwrap_or_default(), bits / 8);
    let sealed = cbc(bits, &key, &iv, der, true).ok_or(Refusal::Malformed)?;
    let body = base64::engine::general_purpose::STANDARD.encode(sealed);
    let lines: Vec<&str> = body.as_bytes().chunks(64).filter_map(|c| std::str::from_utf8(c).ok()).collect();
    let iv_hex: String = iv.iter().map(|b| format!("{b:02X}")).collect();
    Ok(format!(
        "-----BEGIN {label}-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-{bits}-CBC,{iv_hex}\n\n{}\n-----END {label}-----\n",
        lines.join("\n")
    ))
}

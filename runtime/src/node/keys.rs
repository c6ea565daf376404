//! Key encodings for `node:crypto`'s KeyObjects: PEM and DER in the forms
//! Node reads and writes (PKCS#8, SPKI, PKCS#1, SEC1). A private key is kept
//! as PKCS#8 and a public key as SPKI, which the web crypto natives take.
use std::sync::Arc;

use elliptic_curve::pkcs8::der::Decode;
use elliptic_curve::pkcs8::spki::SubjectPublicKeyInfoRef;
use elliptic_curve::pkcs8::{DecodePrivateKey, EncodePublicKey, PrivateKeyInfoRef};
use pem_rfc7468::LineEnding;
use rsa::pkcs1::{EncodeRsaPrivateKey, EncodeRsaPublicKey};
use rsa::pkcs8::EncodePrivateKey;

use super::key_encryption::{self, Refusal};
use crate::host::{Args, HostError, HostFunction, HostOutcome};
use crate::value::{JsString, Value};
use crate::web::native_args::{bytes as arg_bytes, text as arg_text};

const RSA: &str = "1.2.840.113549.1.1.1";
const RSA_PSS: &str = "1.2.840.113549.1.1.10";
const EC: &str = "1.2.840.10045.2.1";
const ED25519: &str = "1.3.101.112";
const X25519: &str = "1.3.101.110";
/// Named curves by OID, with the names Node reports.
const CURVES: [(&str, &str); 4] = [
    ("1.2.840.10045.3.1.7", "prime256v1"),
    ("1.3.132.0.34", "secp384r1"),
    ("1.3.132.0.35", "secp521r1"),
    ("1.3.132.0.10", "secp256k1"),
];

/// `on::<C>(der)` on each curve jsrun has, until one reads the key.
macro_rules! on_each_curve {
    ($on:ident, $der:expr) => {
        $on::<p256::NistP256>($der)
            .or_else(|| $on::<p384::NistP384>($der))
            .or_else(|| $on::<p521::NistP521>($der))
            .or_else(|| $on::<k256::Secp256k1>($der))
    };
}

fn invalid(message: &str) -> HostOutcome {
    HostOutcome::Throw(HostError::new("TypeError", message).with_code("ERR_INVALID_ARG_VALUE"))
}

/// A key that cannot be read, with the code Node's decoder (OpenSSL's) gives.
fn unreadable(message: &str) -> HostOutcome {
    HostOutcome::Throw(HostError::new("Error", message).with_code("ERR_OSSL_UNSUPPORTED"))
}

/// A key encryption's failure, with Node's code.
fn refused(refusal: Refusal) -> HostOutcome {
    HostOutcome::Throw(match refusal {
        Refusal::NoPassphrase => {
            HostError::new("TypeError", "Passphrase required for encrypted key").with_code("ERR_MISSING_PASSPHRASE")
        }
        Refusal::BadDecrypt => {
            HostError::new("Error", "error:1C800064:Provider routines::bad decrypt").with_code("ERR_OSSL_BAD_DECRYPT")
        }
        Refusal::Cipher(name) => HostError::new("Error", format!("jsrun encrypts keys with AES-CBC only, not {name}"))
            .with_code("ERR_FEATURE_UNAVAILABLE_ON_PLATFORM"),
        Refusal::Malformed => {
            HostError::new("Error", "Invalid encrypted private key").with_code("ERR_OSSL_UNSUPPORTED")
        }
    })
}

fn unsupported(message: &str) -> HostOutcome {
    HostOutcome::Throw(HostError::new("Error", message).with_code("ERR_FEATURE_UNAVAILABLE_ON_PLATFORM"))
}

/// The key type Node names for an algorithm OID (and the curve's name).
fn kind_of(oid: &str, parameter: Option<String>) -> Option<(&'static str, &'static str)> {
    Some(match oid {
        RSA => ("rsa", ""),
        RSA_PSS => ("rsa-pss", ""),
        ED25519 => ("ed25519", ""),
        X25519 => ("x25519", ""),
        EC => ("ec", CURVES.iter().find(|(o, _)| Some(*o) == parameter.as_deref())?.1),
        _ => return None,
    })
}

/// `[type, asymmetricKeyType, namedCurve, der]` of a private (PKCS#8) or public (SPKI) key.
fn described(private: bool, der: Vec<u8>) -> HostOutcome {
    let names = |a: &elliptic_curve::pkcs8::spki::AlgorithmIdentifierRef<'_>| {
        (a.oid.to_string(), a.parameters_oid().ok().map(|o| o.to_string()))
    };
    let algorithm = if private {
        PrivateKeyInfoRef::from_der(&der).map(|i| names(&i.algorithm))
    } else {
        SubjectPublicKeyInfoRef::from_der(&der).map(|i| names(&i.algorithm))
    };
    let Ok((oid, parameter)) = algorithm else {
        return unreadable(if private { "Invalid PKCS#8 private key" } else { "Invalid SPKI public key" });
    };
    let Some((kind, curve)) = kind_of(&oid, parameter) else {
        return unsupported("jsrun reads RSA, RSA-PSS, EC (P-256, P-384, P-521, secp256k1), Ed25519 and X25519 keys");
    };
    let text = |s: &str| Value::String(JsString::from(s));
    HostOutcome::Return(Value::Array(vec![
        text(if private { "private" } else { "public" }),
        text(kind),
        text(curve),
        Value::Bytes(der),
    ]))
}

/// A SEC1 EC private key as PKCS#8, on whichever curve it names.
fn sec1_to_pkcs8(der: &[u8]) -> Option<Vec<u8>> {
    fn on<C>(der: &[u8]) -> Option<Vec<u8>>
    where
        C: elliptic_curve::CurveArithmetic + elliptic_curve::pkcs8::AssociatedOid,
        C::FieldBytesSize: elliptic_curve::sec1::ModulusSize,
        C::AffinePoint: elliptic_curve::sec1::FromSec1Point<C> + elliptic_curve::sec1::ToSec1Point<C>,
    {
        let key = elliptic_curve::SecretKey::<C>::from_sec1_der(der).ok()?;
        Some(key.to_pkcs8_der().ok()?.as_bytes().to_vec())
    }
    on_each_curve!(on, der)
}

/// `decode(data, pem, type)`: a key in PEM (its label says the form) or in
/// DER of `type` (pkcs8, pkcs1, sec1, spki; pkcs1 private unless `public`).
fn decode(args: &Args) -> HostOutcome {
    let data = arg_bytes(args, 0);
    let passphrase = match args.get(4) {
        Some(Value::Bytes(b)) => Some(b.as_slice()),
        _ => None,
    };
    let legacy = std::str::from_utf8(data).ok().and_then(|pem| key_encryption::decrypt_legacy_pem(pem, passphrase));
    let (label, der) = if let Some(decrypted) = legacy {
        match decrypted {
            Ok(found) => found,
            Err(refusal) => return refused(refusal),
        }
    } else if matches!(args.get(1), Some(Value::Bool(true))) {
        match pem_rfc7468::decode_vec(data) {
            Ok((label, der)) => (label.to_owned(), der),
            Err(_) => return unreadable("Invalid PEM key: no BEGIN/END block jsrun can read"),
        }
    } else if arg_text(args, 2) == "pkcs8" && key_encryption::is_encrypted_pkcs8(data) {
        ("ENCRYPTED PRIVATE KEY".to_owned(), data.to_vec())
    } else {
        let label = match arg_text(args, 2).as_str() {
            "pkcs8" => "PRIVATE KEY",
            "spki" => "PUBLIC KEY",
            "sec1" => "EC PRIVATE KEY",
            "pkcs1" if matches!(args.get(3), Some(Value::Bool(true))) => "RSA PUBLIC KEY",
            "pkcs1" => "RSA PRIVATE KEY",
            _ => return invalid("A DER key needs its type: 'pkcs8', 'pkcs1', 'sec1' or 'spki'"),
        };
        (label.to_owned(), data.to_vec())
    };
    match label.as_str() {
        "PRIVATE KEY" => described(true, der),
        "PUBLIC KEY" => described(false, der),
        "RSA PRIVATE KEY" => match crate::web::rsa::pkcs1_private_key(&der).and_then(|k| k.to_pkcs8_der().ok()) {
            Some(pkcs8) => described(true, pkcs8.as_bytes().to_vec()),
            None => unreadable("Invalid PKCS#1 RSA private key"),
        },
        "RSA PUBLIC KEY" => match crate::web::rsa::pkcs1_public_key(&der).and_then(|k| k.to_public_key_der().ok()) {
            Some(spki) => described(false, spki.into_vec()),
            None => unreadable("Invalid PKCS#1 RSA public key"),
        },
        // A certificate's public key (createPublicKey of a certificate, as Node reads it).
        "CERTIFICATE" => match super::x509::public_key_of(&der) {
            Some(spki) => described(false, spki),
            None => unreadable("Invalid X.509 certificate"),
        },
        "EC PRIVATE KEY" => match sec1_to_pkcs8(&der) {
            Some(pkcs8) => described(true, pkcs8),
            None => unreadable("Invalid SEC1 EC private key (P-256, P-384, P-521 or secp256k1)"),
        },
        "ENCRYPTED PRIVATE KEY" => match key_encryption::decrypt_pkcs8(&der, passphrase) {
            Ok(pkcs8) => described(true, pkcs8),
            Err(refusal) => refused(refusal),
        },
        other => unreadable(&format!("jsrun does not read PEM blocks labelled {other}")),
    }
}

/// The SPKI of a PKCS#8 private key of `kind`.
fn public_of(kind: &str, der: &[u8]) -> Option<Vec<u8>> {
    fn ec<C>(der: &[u8]) -> Option<Vec<u8>>
    where
        C: elliptic_curve::CurveArithmetic + elliptic_curve::pkcs8::AssociatedOid,
        C::FieldBytesSize: elliptic_curve::sec1::ModulusSize,
        C::AffinePoint: elliptic_curve::sec1::FromSec1Point<C> + elliptic_curve::sec1::ToSec1Point<C>,
    {
        let key = elliptic_curve::SecretKey::<C>::from_pkcs8_der(der).ok()?;
        Some(key.public_key().to_public_key_der().ok()?.into_vec())
    }
    match kind {
        "rsa" | "rsa-pss" => {
            let key = crate::web::rsa::private_key(der)?;
            Some(key.to_public_key().to_public_key_der().ok()?.into_vec())
        }
        "ec" => on_each_curve!(ec, der),
        "ed25519" => {
            let key = ed25519_dalek::SigningKey::from_pkcs8_der(der).ok()?;
            Some(key.verifying_key().to_public_key_der().ok()?.into_vec())
        }
        "x25519" => {
            let info = PrivateKeyInfoRef::from_der(der).ok()?;
            // RFC 8410: the private key is an OCTET STRING of 32 bytes.
            let secret: [u8; 32] = match info.private_key.as_bytes() {
                [0x04, 0x20, rest @ ..] => rest.try_into().ok()?,
                _ => return None,
            };
            let public = x25519_dalek::PublicKey::from(&x25519_dalek::StaticSecret::from(secret));
            let mut spki = vec![0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00];
            spki.extend_from_slice(public.as_bytes());
            Some(spki)
        }
        _ => None,
    }
}

/// `encode(der, private, kind, type, pem)`: the key as `type` (pkcs8, spki,
/// pkcs1, sec1), in PEM (a string) or DER (bytes).
fn encode(args: &Args) -> HostOutcome {
    let (der, private, kind, form) =
        (arg_bytes(args, 0), matches!(args.get(1), Some(Value::Bool(true))), arg_text(args, 2), arg_text(args, 3));
    let converted: Option<(&str, Vec<u8>)> = match (form.as_str(), private) {
        ("pkcs8", true) => Some(("PRIVATE KEY", der.to_vec())),
        ("spki", false) => Some(("PUBLIC KEY", der.to_vec())),
        ("pkcs1", true) if kind == "rsa" => crate::web::rsa::private_key(der)
            .and_then(|k| k.to_pkcs1_der().ok())
            .map(|d| ("RSA PRIVATE KEY", d.as_bytes().to_vec())),
        ("pkcs1", false) if kind == "rsa" => crate::web::rsa::public_key(der)
            .and_then(|k| k.to_pkcs1_der().ok())
            .map(|d| ("RSA PUBLIC KEY", d.into_vec())),
        ("sec1", true) if kind == "ec" => sec1_of(der).map(|d| ("EC PRIVATE KEY", d)),
        _ => {
            let which = if private { "private" } else { "public" };
            return invalid(&format!("A {which} {kind} key cannot be exported as {form}"));
        }
    };
    let Some((label, bytes)) = converted else { return invalid("The key could not be encoded") };
    let pem = matches!(args.get(4), Some(Value::Bool(true)));
    // `cipher` and `passphrase`: PKCS#8 encrypted as PBES2, PKCS#1 and SEC1 as legacy PEM.
    let (label, bytes) = match (args.get(5), args.get(6)) {
        (Some(Value::String(cipher)), Some(Value::Bytes(passphrase))) => {
            let cipher = cipher.to_string_lossy();
            if label == "PRIVATE KEY" {
                match key_encryption::encrypt_pkcs8(&bytes, &cipher, passphrase) {
                    Ok(sealed) => ("ENCRYPTED PRIVATE KEY", sealed),
                    Err(refusal) => return refused(refusal),
                }
            } else {
                return match key_encryption::encrypt_legacy_pem(label, &bytes, &cipher, passphrase) {
                    Ok(text) => HostOutcome::Return(Value::String(JsString::from(text.as_str()))),
                    Err(refusal) => refused(refusal),
                };
            }
        }
        _ => (label, bytes),
    };
    if !pem {
        return HostOutcome::Return(Value::Bytes(bytes));
    }
    match pem_rfc7468::encode_string(label, LineEnding::LF, &bytes) {
        Ok(pem) => HostOutcome::Return(Value::String(JsString::from(pem.as_str()))),
        Err(_) => invalid("The key could not be encoded"),
    }
}

fn sec1_of(der: &[u8]) -> Option<Vec<u8>> {
    fn on<C>(der: &[u8]) -> Option<Vec<u8>>
    where
        C: elliptic_curve::CurveArithmetic + elliptic_curve::pkcs8::AssociatedOid,
        C::FieldBytesSize: elliptic_curve::sec1::ModulusSize,
        C::AffinePoint: elliptic_curve::sec1::FromSec1Point<C> + elliptic_curve::sec1::ToSec1Point<C>,
    {
        let key = elliptic_curve::SecretKey::<C>::from_pkcs8_der(der).ok()?;
        Some(key.to_sec1_der().ok()?.to_vec())
    }
    on_each_curve!(on, der)
}

/// `keys(op, ...)`: `decode`, `public` (a PKCS#8 key's SPKI) and `encode`.
pub(super) fn keys() -> Arc<dyn HostFunction> {
    Arc::new(|args: Args| {
        let rest: Args = args.iter().skip(1).cloned().collect();
        match arg_text(&args, 0).as_str() {
            "decode" => decode(&rest),
            "public" => match public_of(&arg_text(&rest, 0), arg_bytes(&rest, 1)) {
                Some(spki) => HostOutcome::Return(Value::Bytes(spki)),
                None => invalid("Invalid private key"),
            },
            "encode" => encode(&rest),
            _ => invalid("unknown key operation"),
        }
    })
}

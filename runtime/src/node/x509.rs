//! X.509 certificates for `node:crypto`'s `X509Certificate` and for
//! `createPublicKey(certificate)`: the `x509-cert` crate parses; this module
//! gives JS each field as Node prints it (OpenSSL's formats). Checking a
//! signature is left to JS (`crypto.verify` over the signed bytes).
use std::sync::Arc;

use sha2::Digest;
use x509_cert::der::asn1::{Ia5StringRef, PrintableStringRef, TeletexStringRef, Utf8StringRef};
use x509_cert::der::{self, Decode, Encode, Tag, Tagged};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, SubjectAltName};
use x509_cert::name::Name;
use x509_cert::time::Time;
use x509_cert::Certificate;

use crate::host::{Args, HostError, HostFunction, HostOutcome};
use crate::value::{JsString, Value};
use crate::web::native_args::bytes as arg_bytes;

/// The short names OpenSSL prints for the attribute types of names.
const NAMES: [(&str, &str); 20] = [
    ("2.5.4.3", "CN"),
    ("2.5.4.6", "C"),
    ("2.5.4.7", "L"),
    ("2.5.4.8", "ST"),
    ("2.5.4.10", "O"),
    ("2.5.4.11", "OU"),
    ("2.5.4.5", "serialNumber"),
    ("2.5.4.9", "street"),
    ("2.5.4.12", "title"),
    ("2.5.4.4", "SN"),
    ("2.5.4.42", "GN"),
    ("2.5.4.43", "initials"),
    ("2.5.4.44", "generationQualifier"),
    ("2.5.4.46", "dnQualifier"),
    ("2.5.4.65", "pseudonym"),
    ("2.5.4.17", "postalCode"),
    ("2.5.4.15", "businessCategory"),
    ("1.2.840.113549.1.9.1", "emailAddress"),
    ("0.9.2342.19200300.100.1.25", "DC"),
    ("0.9.2342.19200300.100.1.1", "UID"),
];

fn text(s: &str) -> Value {
    Value::String(JsString::from(s))
}

/// An attribute value as text (the string types names use), or its DER in hex.
fn value_text(any: &der::Any) -> String {
    let bytes = any.value();
    let decoded = match any.tag() {
        Tag::Utf8String => Utf8StringRef::new(bytes).ok().map(|s| s.as_str().to_owned()),
        Tag::PrintableString => PrintableStringRef::new(bytes).ok().map(|s| s.as_str().to_owned()),
        Tag::Ia5String => Ia5StringRef::new(bytes).ok().map(|s| s.as_str().to_owned()),
        Tag::TeletexString => TeletexStringRef::new(bytes).ok().map(|s| s.as_str().to_owned()),
        Tag::BmpString => {
            let units: Vec<u16> =
                bytes.chunks_exact(2).filter_map(|p| p.try_into().ok().map(u16::from_be_bytes)).collect();
            String::from_utf16(&units).ok()
        }
        _ => None,
    };
    decoded.unwrap_or_else(|| {
        let der = any.to_der().unwrap_or_default();
        format!("#{}", upper_hex(&der))
    })
}

/// RFC 2253's escaping, as OpenSSL prints a name's values.
fn escaped(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let last = value.chars().count().saturating_sub(1);
    for (i, c) in value.chars().enumerate() {
        let special = matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';')
            || (i == 0 && (c == '#' || c == ' '))
            || (i == last && c == ' ');
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A name's attributes in order, as [short name, value].
fn attributes(name: &Name) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for attribute in name.iter() {
        let oid = attribute.oid.to_string();
        let short = NAMES.iter().find(|(o, _)| *o == oid).map_or(oid.clone(), |(_, s)| (*s).to_owned());
        out.push((short, value_text(&attribute.value)));
    }
    out
}

/// A name as Node's `subject`/`issuer`: one `type=value` a line.
fn name_lines(name: &Name) -> String {
    attributes(name).iter().map(|(k, v)| format!("{k}={}", escaped(v))).collect::<Vec<_>>().join("\n")
}

/// `Dec  7 08:10:27 2026 GMT`, as OpenSSL prints a time.
fn time_text(time: &Time) -> String {
    let d = time.to_date_time();
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = MONTHS.get(usize::from(d.month()).saturating_sub(1)).copied().unwrap_or("???");
    format!("{month} {:>2} {:02}:{:02}:{:02} {} GMT", d.day(), d.hour(), d.minutes(), d.seconds(), d.year())
}

fn upper_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// `AB:CD:…` of a digest.
fn colon_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}

/// The subject alternative names as [kind, value] (kinds as OpenSSL prints them).
fn alt_names(san: &SubjectAltName) -> Vec<(String, String)> {
    san.0
        .iter()
        .filter_map(|name| {
            Some(match name {
                GeneralName::DnsName(s) => ("DNS".into(), s.as_str().to_owned()),
                GeneralName::Rfc822Name(s) => ("email".into(), s.as_str().to_owned()),
                GeneralName::UniformResourceIdentifier(s) => ("URI".into(), s.as_str().to_owned()),
                GeneralName::IpAddress(ip) => ("IP Address".into(), ip_text(ip.as_bytes())?),
                GeneralName::DirectoryName(n) => ("DirName".into(), name_lines(n).replace('\n', "/")),
                GeneralName::RegisteredId(oid) => ("Registered ID".into(), oid.to_string()),
                _ => return None,
            })
        })
        .collect()
}

fn ip_text(bytes: &[u8]) -> Option<String> {
    if let Ok(v4) = <[u8; 4]>::try_from(bytes) {
        return Some(std::net::Ipv4Addr::from(v4).to_string());
    }
    let v6: [u8; 16] = bytes.try_into().ok()?;
    // OpenSSL prints every group, in upper case: 0:0:0:0:0:0:0:1.
    let groups: Vec<String> =
        v6.chunks_exact(2).filter_map(|p| p.try_into().ok().map(|p| format!("{:X}", u16::from_be_bytes(p)))).collect();
    Some(groups.join(":"))
}

fn pairs(list: &[(String, String)]) -> Value {
    Value::Array(list.iter().map(|(k, v)| Value::Array(vec![text(k), text(v)])).collect())
}

/// The fields of a certificate in DER, for crypto_x509.js.
fn parse(der: &[u8]) -> Result<Value, String> {
    let cert = Certificate::from_der(der).map_err(|e| format!("Invalid X.509 certificate: {e}"))?;
    let tbs = cert.tbs_certificate();
    let spki = tbs.subject_public_key_info().to_der().map_err(|e| e.to_string())?;
    let signed = tbs.to_der().map_err(|e| e.to_string())?;
    let mut san = Vec::new();
    let mut ca = false;
    let mut usage: Option<Vec<String>> = None;
    for ext in tbs.extensions().map(|e| e.as_slice()).unwrap_or_default() {
        let value = ext.extn_value.as_bytes();
        match ext.extn_id.to_string().as_str() {
            "2.5.29.17" => {
                if let Ok(names) = SubjectAltName::from_der(value) {
                    san = alt_names(&names);
                }
            }
            "2.5.29.19" => ca = BasicConstraints::from_der(value).is_ok_and(|b| b.ca),
            "2.5.29.37" => {
                usage = ExtendedKeyUsage::from_der(value).ok().map(|u| u.0.iter().map(|o| o.to_string()).collect());
            }
            _ => {}
        }
    }
    let serial = upper_hex(tbs.serial_number().as_bytes());
    let serial = serial.trim_start_matches("00");
    let field = |k: &str, v: Value| Value::Array(vec![text(k), v]);
    Ok(Value::Array(vec![
        field("subject", text(&name_lines(tbs.subject()))),
        field("issuer", text(&name_lines(tbs.issuer()))),
        field("subjectParts", pairs(&attributes(tbs.subject()))),
        field("issuerParts", pairs(&attributes(tbs.issuer()))),
        field("validFrom", text(&time_text(&tbs.validity().not_before))),
        field("validTo", text(&time_text(&tbs.validity().not_after))),
        field("validFromMs", Value::Float(tbs.validity().not_before.to_unix_duration().as_millis() as f64)),
        field("validToMs", Value::Float(tbs.validity().not_after.to_unix_duration().as_millis() as f64)),
        field("serialNumber", text(if serial.is_empty() { "00" } else { serial })),
        field("fingerprint", text(&colon_hex(&sha1::Sha1::digest(der)))),
        field("fingerprint256", text(&colon_hex(&sha2::Sha256::digest(der)))),
        field("fingerprint512", text(&colon_hex(&sha2::Sha512::digest(der)))),
        field("altNames", pairs(&san)),
        field("ca", Value::Bool(ca)),
        field("keyUsage", usage.map_or(Value::Undefined, |u| Value::Array(u.iter().map(|o| text(o)).collect()))),
        field("spki", Value::Bytes(spki)),
        field("signed", Value::Bytes(signed)),
        field("signatureAlgorithm", text(&cert.signature_algorithm().oid.to_string())),
        field("signature", Value::Bytes(cert.signature().raw_bytes().to_vec())),
    ]))
}

/// The SPKI of the certificate in `der` (createPublicKey of a certificate).
pub(crate) fn public_key_of(der: &[u8]) -> Option<Vec<u8>> {
    Certificate::from_der(der).ok()?.tbs_certificate().subject_public_key_info().to_der().ok()
}

/// `x509(der)`: [[field, value], …] of a certificate.
pub(crate) fn x509() -> Arc<dyn HostFunction> {
    Arc::new(|args: Args| match parse(arg_bytes(&args, 0)) {
        Ok(fields) => HostOutcome::Return(fields),
        Err(message) => HostOutcome::Throw(HostError::new("Error", &message).with_code("ERR_OSSL_ASN1_WRONG_TAG")),
    })
}

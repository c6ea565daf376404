//! Bytes written as text and back — base64 (both alphabets), hex, Latin-1
//! and ASCII — for `atob`/`btoa` and node's `Buffer`, whose JS loops (npm
//! `buffer`'s, and ours) ran 20–100× slower than Node's on large inputs.
//! `base64-simd` (SIMD, with the HTML Standard's forgiving decoder) and
//! `base16ct` do the work; Node's own base64 rules for broken input are here.
use std::sync::Arc;

use base64_simd::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};

use crate::host::{Args, HostFunction, HostOutcome};
use crate::value::{JsString, Value};

fn kind(args: &Args) -> String {
    match args.first() {
        Some(Value::String(s)) => s.to_string_lossy(),
        _ => String::new(),
    }
}

/// Each UTF-16 unit's low byte: what Node writes for `latin1`, and what the
/// base64 and hex decoders see (a unit above 0xFF is then no digit).
fn low_bytes(text: JsString) -> Vec<u8> {
    match text {
        JsString::Latin1(bytes) => bytes,
        JsString::Utf8(s) if s.is_ascii() => s.into_bytes(),
        JsString::Utf8(s) => s.encode_utf16().map(low_byte).collect(),
        JsString::Utf16(units) => units.into_iter().map(low_byte).collect(),
    }
}

fn low_byte(unit: u16) -> u8 {
    unit.to_le_bytes()[0]
}

/// True when `text` has no unit above 0xFF (so `low_bytes` kept it whole).
fn one_byte(text: &JsString) -> bool {
    match text {
        JsString::Latin1(_) => true,
        JsString::Utf8(s) => s.chars().all(|c| u32::from(c) <= 0xff),
        JsString::Utf16(units) => units.iter().all(|&u| u <= 0xff),
    }
}

fn latin1(bytes: Vec<u8>) -> HostOutcome {
    HostOutcome::Return(Value::String(JsString::Latin1(bytes)))
}

fn ascii(text: String) -> HostOutcome {
    HostOutcome::Return(Value::String(JsString::Latin1(text.into_bytes())))
}

/// `encode(kind, bytes)`: the text of `bytes` in `kind` (base64, base64url,
/// hex, latin1, ascii); undefined for another kind or no bytes.
pub(crate) fn encode() -> Arc<dyn HostFunction> {
    Arc::new(|args: Args| {
        let kind = kind(&args);
        let Some(Value::Bytes(mut bytes)) = args.into_iter().nth(1) else {
            return HostOutcome::Return(Value::Undefined);
        };
        match kind.as_str() {
            "base64" => ascii(STANDARD.encode_to_string(&bytes)),
            "base64url" => ascii(URL_SAFE_NO_PAD.encode_to_string(&bytes)),
            "hex" => ascii(base16ct::lower::encode_string(&bytes)),
            "latin1" => latin1(bytes),
            "ascii" => {
                bytes.iter_mut().for_each(|b| *b &= 0x7f);
                latin1(bytes)
            }
            _ => HostOutcome::Return(Value::Undefined),
        }
    })
}

/// `decode(kind, text)`: the bytes `text` holds in `kind`, or null for text
/// that kind refuses (`latin1` and `forgiving-base64` only):
/// - `base64`: Node's: either alphabet, other characters skipped, up to the first `=`;
/// - `forgiving-base64`: the HTML Standard's (atob), ASCII whitespace dropped;
/// - `hex`: Node's: the pairs of hex digits before the first that is not one;
/// - `latin1`: text with no unit above 0xFF, a byte each;
/// - `low-bytes`: each unit's low byte, as Node writes `latin1` (never null).
pub(crate) fn decode() -> Arc<dyn HostFunction> {
    Arc::new(|args: Args| {
        let kind = kind(&args);
        let Some(Value::String(text)) = args.into_iter().nth(1) else {
            return HostOutcome::Return(Value::Null);
        };
        match kind.as_str() {
            "low-bytes" => return HostOutcome::Return(Value::Bytes(low_bytes(text))),
            "hex" => return HostOutcome::Return(Value::Bytes(hex_prefix(&text))),
            "base64" => return HostOutcome::Return(Value::Bytes(node_base64(&text))),
            _ => {}
        }
        if !one_byte(&text) {
            return HostOutcome::Return(Value::Null);
        }
        let digits = low_bytes(text); // whole: one byte a unit
        let bytes = match kind.as_str() {
            "latin1" => Some(digits),
            "forgiving-base64" => forgiving_base64(&digits),
            _ => None,
        };
        HostOutcome::Return(bytes.map_or(Value::Null, Value::Bytes))
    })
}

/// The units of `text`, each as the one byte Node's decoders read of it (its low byte).
fn each_low_byte(text: &JsString, f: &mut dyn FnMut(u8) -> bool) {
    match text {
        JsString::Latin1(bytes) => {
            let _ = bytes.iter().all(|&b| f(b));
        }
        JsString::Utf8(s) => {
            let _ = s.encode_utf16().all(|u| f(low_byte(u)));
        }
        JsString::Utf16(units) => {
            let _ = units.iter().all(|&u| f(low_byte(u)));
        }
    }
}

/// Node's base64 decoding (either alphabet): a unit is read as its low byte,
/// what is no base64 digit is skipped, the first `=` ends the data; a last
/// group of 2 or 3 digits gives 1 or 2 bytes. Well-formed text (the common
/// case) goes through SIMD.
fn node_base64(text: &JsString) -> Vec<u8> {
    if let JsString::Latin1(digits) = text {
        let url = digits.iter().any(|&b| b == b'-' || b == b'_');
        let strict = match (url, digits.len() % 4 == 0) {
            (false, true) => STANDARD,
            (false, false) => STANDARD_NO_PAD,
            (true, true) => URL_SAFE,
            (true, false) => URL_SAFE_NO_PAD,
        };
        if let Ok(bytes) = strict.decode_to_vec(digits) {
            return bytes;
        }
    }
    let mut out = Vec::with_capacity(text.byte_len() / 4 * 3 + 2);
    let (mut group, mut digits) = (0u32, 0u8);
    each_low_byte(text, &mut |byte| {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => return false,
            _ => return true,
        };
        group = group << 6 | u32::from(value);
        digits += 1;
        if digits == 4 {
            out.extend_from_slice(&group.to_be_bytes()[1..]);
            (group, digits) = (0, 0);
        }
        true
    });
    match digits {
        2 => out.push((group >> 4).to_be_bytes()[3]),
        3 => out.extend_from_slice(&(group >> 2).to_be_bytes()[2..]),
        _ => {}
    }
    out
}

/// Node's hex decoding: whole pairs of digits (either case) up to the first
/// pair that is not one; an odd last digit is dropped.
fn hex_prefix(text: &JsString) -> Vec<u8> {
    fn nibble(unit: u16) -> Option<u8> {
        let digit = char::from_u32(u32::from(unit))?.to_digit(16)?;
        u8::try_from(digit).ok()
    }
    fn pairs(units: impl Iterator<Item = u16>) -> Vec<u8> {
        let mut out = Vec::new();
        let mut units = units;
        while let (Some(high), Some(low)) = (units.next(), units.next()) {
            match (nibble(high), nibble(low)) {
                (Some(high), Some(low)) => out.push(high << 4 | low),
                _ => break,
            }
        }
        out
    }
    match text {
        JsString::Latin1(bytes) => pairs(bytes.iter().map(|&b| u16::from(b))),
        JsString::Utf8(s) => pairs(s.encode_utf16()),
        JsString::Utf16(units) => pairs(units.iter().copied()),
    }
}

/// The HTML Standard's forgiving-base64 decode (ASCII whitespace dropped,
/// padding optional, bits past the last whole byte ignored).
fn forgiving_base64(digits: &[u8]) -> Option<Vec<u8>> {
    base64_simd::forgiving_decode_to_vec(digits).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgiving_base64_takes_what_the_standard_takes() {
        assert_eq!(forgiving_base64(b"aGk="), Some(b"hi".to_vec()));
        assert_eq!(forgiving_base64(b" aG k\n"), Some(b"hi".to_vec()));
        assert_eq!(forgiving_base64(b"aGk"), Some(b"hi".to_vec()));
        assert_eq!(forgiving_base64(b"YQ"), Some(b"a".to_vec()));
        assert_eq!(forgiving_base64(b"YR=="), Some(b"a".to_vec())); // trailing bits dropped
        assert_eq!(forgiving_base64(b""), Some(Vec::new()));
        assert_eq!(forgiving_base64(b"a"), None);
        assert_eq!(forgiving_base64(b"aGk=="), None);
        assert_eq!(forgiving_base64(b"a=Gk"), None);
        assert_eq!(forgiving_base64(b"aG-k"), None);
        assert_eq!(forgiving_base64(b"YQ==="), None);
    }

    #[test]
    fn base64_reads_as_node_does() {
        let b64 = |s: &str| node_base64(&JsString::Utf8(s.into()));
        assert_eq!(b64("aGVsbG8="), b"hello");
        assert_eq!(b64("aGVsbG8"), b"hello");
        assert_eq!(b64("aG Vs\nbG8"), b"hello");
        assert_eq!(b64("-_-_"), vec![0xfb, 0xff, 0xbf]);
        assert_eq!(b64("+/+/"), vec![0xfb, 0xff, 0xbf]);
        assert_eq!(b64("aGk=aGk="), b"hi");
        assert_eq!(b64("YQ"), b"a");
        assert_eq!(b64("Y"), Vec::<u8>::new());
        // U+6771's low byte is 'q'.
        assert_eq!(node_base64(&JsString::Utf16(vec![0x6771; 4])), vec![0xaa, 0xaa, 0xaa]);
    }

    #[test]
    fn hex_stops_at_the_first_pair_that_is_not_one() {
        let hex = |s: &str| hex_prefix(&JsString::Utf8(s.into()));
        assert_eq!(hex("deADbeef"), vec![0xde, 0xad, 0xbe, 0xef]);
        assert_eq!(hex("abc"), vec![0xab]);
        assert_eq!(hex("00zz11"), vec![0]);
        assert_eq!(hex("a b"), Vec::<u8>::new());
        assert_eq!(hex("0\u{660}"), Vec::<u8>::new()); // only ASCII digits
        assert_eq!(hex_prefix(&JsString::Utf16(vec![0x31, 0x132])), Vec::<u8>::new());
    }

    #[test]
    fn low_bytes_keep_each_units_low_byte() {
        assert_eq!(low_bytes(JsString::Utf16(vec![0x41, 0x1ff, 0xe9])), vec![0x41, 0xff, 0xe9]);
        assert_eq!(low_bytes(JsString::Utf8("é€".into())), vec![0xe9, 0xac]);
        assert!(!one_byte(&JsString::Utf8("€".into())));
    }
}

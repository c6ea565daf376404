//! Reading the arguments crypto.js (and node:crypto) pass their natives, and their errors.
use crate::host::{Args, HostError, HostOutcome};
use crate::value::Value;

/// Argument `i` as bytes, if it is a Uint8Array.
pub(crate) fn bytes_at(args: &Args, i: usize) -> Option<&[u8]> {
    match args.get(i) {
        Some(Value::Bytes(b)) => Some(b),
        _ => None,
    }
}

/// Argument `i` as bytes; nothing when it is not a Uint8Array.
pub(crate) fn bytes(args: &Args, i: usize) -> &[u8] {
    bytes_at(args, i).unwrap_or(&[])
}

/// Argument `i` as text; empty when it is not a string.
pub(crate) fn text(args: &Args, i: usize) -> String {
    match args.get(i) {
        Some(Value::String(s)) => s.to_string_lossy(),
        _ => String::new(),
    }
}

/// Throws a `name` error (a DOMException name crypto.js passes on).
pub(super) fn fail(name: &str, message: &str) -> HostOutcome {
    HostOutcome::Throw(HostError::new(name, message))
}

/// `n` bytes from the operating system.
pub(super) fn random_bytes(n: usize) -> Option<Vec<u8>> {
    let mut out = vec![0u8; n];
    getrandom::fill(&mut out).ok()?;
    Some(out)
}

//! Buffer's byte comparison and search over large buffers (Buffer.compare,
//! equals, indexOf), which npm's `buffer` does a byte at a time in JS
//! (~5 ms a MiB); `memchr` searches.
use std::cmp::Ordering;
use std::sync::Arc;

use crate::host::{Args, HostFunction, HostOutcome};
use crate::value::Value;

/// `compare(a, b)`: -1, 0 or 1 as `a` sorts before, with or after `b`, byte
/// by byte, then by length (Buffer.compare).
pub(crate) fn compare() -> Arc<dyn HostFunction> {
    Arc::new(|args: Args| {
        let bytes = |i: usize| match args.get(i) {
            Some(Value::Bytes(b)) => b.as_slice(),
            _ => &[],
        };
        let order = match bytes(0).cmp(bytes(1)) {
            Ordering::Less => -1,
            Ordering::Equal => 0,
            Ordering::Greater => 1,
        };
        HostOutcome::Return(Value::Int(order))
    })
}

/// `find(haystack, needle, from)`: where `needle` first occurs in `haystack`
/// at or after `from`, or -1 (Buffer's indexOf).
pub(crate) fn find() -> Arc<dyn HostFunction> {
    Arc::new(|args: Args| {
        let (Some(Value::Bytes(haystack)), Some(Value::Bytes(needle))) = (args.first(), args.get(1)) else {
            return HostOutcome::Return(Value::Int(-1));
        };
        let from = match args.get(2) {
            Some(Value::Int(n)) => usize::try_from(*n).unwrap_or(0),
            _ => 0,
        };
        let found = haystack
            .get(from..)
            .and_then(|rest| memchr::memmem::find(rest, needle))
            .and_then(|at| i64::try_from(at + from).ok());
        HostOutcome::Return(Value::Int(found.unwrap_or(-1)))
    })
}

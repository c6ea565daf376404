//! `structuredClone` in Rust: V8's serializer through the bridge.
use std::sync::Arc;

use crate::env::Kind;
use crate::host::RawFunction;

/// `clone(value, transfer)`: `transfer` is an array of ArrayBuffers, or not used.
pub(super) fn native() -> Arc<RawFunction> {
    Arc::new(|env, _shared, args| {
        let value = args.first().copied().unwrap_or_else(|| env.undefined());
        let transfer = args.get(1).copied().filter(|t| env.kind(*t) == Kind::Array);
        env.structured_clone(value, transfer)
    })
}

//! `structuredClone` in Rust: V8's serializer through the bridge.
use std::sync::Arc;

use crate::env::Kind;
use crate::host::RawFunction;

/// `clone(value, transfer, hooks)`: `transfer` is an array of ArrayBuffers,
/// or not used; `hooks` write and read platform objects (platform_objects.js).
pub(super) fn native() -> Arc<RawFunction> {
    Arc::new(|env, _shared, args| {
        let value = args.first().copied().unwrap_or_else(|| env.undefined());
        let transfer = args.get(1).copied().filter(|t| env.kind(*t) == Kind::Array);
        let hooks = args.get(2).copied().filter(|h| env.kind(*h) == Kind::Object);
        env.structured_clone(value, transfer, hooks)
    })
}

/// `base()`: the constructor platform objects are made with.
pub(super) fn base() -> Arc<RawFunction> {
    Arc::new(|env, _shared, _args| env.platform_object_base())
}

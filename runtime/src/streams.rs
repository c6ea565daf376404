//! Streams between JS and the host: the Streams Standard's classes (from
//! web-streams-polyfill; globals made on first use) and the helpers that let
//! a stream cross the boundary. A JS stream
//! reaches the host as [`Value::Stream`]: a function `(op)` over a reader of
//! it (`"read"` → promise of `{done, value}`, `"cancel"`, `"stream"` → the
//! stream itself). A host source reaches JS as [`Value::Source`] and becomes a
//! `ReadableStream` whose pulls call it.
use std::sync::Arc;

use crate::env::Global;
use crate::env::{Env, Local};
use crate::error::{Error, Result};
use crate::state::RuntimeState;
use crate::value::JsString;

/// The globals `install` defines (the Streams Standard's classes).
pub(crate) const GLOBALS: &[&str] = &[
    "ReadableStream",
    "ReadableStreamDefaultReader",
    "ReadableStreamBYOBReader",
    "ReadableStreamBYOBRequest",
    "ReadableStreamDefaultController",
    "ReadableByteStreamController",
    "WritableStream",
    "WritableStreamDefaultWriter",
    "WritableStreamDefaultController",
    "TransformStream",
    "TransformStreamDefaultController",
    "ByteLengthQueuingStrategy",
    "CountQueuingStrategy",
];

/// Persistent handles of the helpers (only dereferenced inside the isolate).
pub(crate) struct StreamHelpers {
    prototype: Global,
    open: Global,
    from_source: Global,
    globals: Global,
}

// SAFETY: the handles are only dereferenced inside the isolate.
unsafe impl Sync for StreamHelpers {}
// SAFETY: as above.
unsafe impl Send for StreamHelpers {}

const SETUP: &str = include_str!("../js/streams.js");
/// web-streams-polyfill, bundled by `runtime/js/build.mjs`.
const LIBRARY: &str = include_str!(concat!(env!("OUT_DIR"), "/web-streams.js"));

/// Runs the set-up script once; returns the object holding the global.
pub(crate) fn install<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>) -> Result<Local<'e>> {
    if let Some(h) = shared.helpers.streams.get() {
        // SAFETY: the handle lives as long as the isolate.
        return Ok(unsafe { env.global_value(&h.globals) });
    }
    let source = crate::intrinsics::script(shared, LIBRARY, "jsrun:web-streams");
    let library = crate::code_cache::run(env, &source, "jsrun:web-streams")?;
    let source = crate::intrinsics::script(shared, SETUP, "jsrun:streams");
    let setup = crate::code_cache::run(env, &source, "jsrun:streams")?;
    let made = env.call_function(setup, None, &[library])?;
    let part = |i| env.get_index(made, i);
    let (prototype, open, from_source, globals) = (part(0)?, part(1)?, part(2)?, part(3)?);
    let _ = shared.helpers.streams.set(StreamHelpers {
        prototype: env.new_global(prototype),
        open: env.new_global(open),
        from_source: env.new_global(from_source),
        globals: env.new_global(globals),
    });
    Ok(globals)
}

/// `open(stream)` if `v` is one of our ReadableStreams (only ever true once
/// the global was used, so other conversions pay nothing).
pub(crate) fn open_if_stream<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, v: Local<'e>) -> Result<Option<Local<'e>>> {
    let Some(h) = shared.helpers.streams.get() else { return Ok(None) };
    // SAFETY: the handles live as long as the isolate.
    let prototype = unsafe { env.global_value(&h.prototype) };
    match env.prototype_of(v) {
        Some(p) if env.strict_equals(p, prototype) => {
            // SAFETY: as above.
            let open = unsafe { env.global_value(&h.open) };
            env.call_function(open, None, &[v]).map(Some)
        }
        _ => Ok(None),
    }
}

/// A ReadableStream pulling from `source` (a function `(op)`, see the module docs).
pub(crate) fn from_source<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, source: Local<'e>) -> Result<Local<'e>> {
    if shared.helpers.streams.get().is_none() {
        install(env, shared)?;
    }
    let h = shared.helpers.streams.get().ok_or_else(|| Error::Internal("stream helpers are missing".into()))?;
    // SAFETY: the handle lives as long as the isolate.
    let make = unsafe { env.global_value(&h.from_source) };
    env.call_function(make, None, &[source])
}

/// The stream a [`crate::Value::Stream`] handle reads.
pub(crate) fn stream_of<'e>(env: &Env<'e>, handle: Local<'e>) -> Result<Local<'e>> {
    let op = env.new_string(&JsString::from("stream"))?;
    env.call_function(handle, None, &[op])
}

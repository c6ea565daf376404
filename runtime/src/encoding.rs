//! `TextEncoder`, `TextDecoder` (UTF-8, per the WHATWG Encoding Standard),
//! `atob` and `btoa`: packaged Wasm glue (wasm-bindgen, Emscripten) needs them
//! at load time. UTF-8 work is done in Rust (exact replacement rules for free);
//! the classes and base64 are a small script, given the helpers as arguments
//! so nothing internal is reachable from a global.
use std::sync::Arc;

use crate::env::{Env, Local};
use crate::error::Result;
use crate::host::{HostError, HostFunction, HostOutcome};
use crate::state::RuntimeState;
use crate::value::{JsString, Text, Value};

const SETUP: &str = include_str!("../js/encoding.js");

/// UTF-8 of a JS string; lone surrogates become U+FFFD (the USVString rule).
fn utf8_encode(args: crate::host::Args) -> HostOutcome {
    let text = match args.into_iter().next() {
        Some(Value::String(JsString::Utf8(s))) => s,
        Some(Value::String(JsString::Latin1(b))) => b.iter().map(|&c| char::from(c)).collect(),
        Some(Value::String(JsString::Utf16(u))) => String::from_utf16_lossy(&u),
        _ => String::new(),
    };
    HostOutcome::Return(Value::Bytes(text.into_bytes()))
}

/// Text of UTF-8 bytes: invalid sequences become U+FFFD (maximal subparts, as
/// the standard says) or, when `fatal`, a TypeError. A leading BOM is dropped
/// unless `ignoreBOM`.
fn utf8_decode(args: crate::host::Args) -> HostOutcome {
    let mut args = args.into_iter();
    let bytes = match args.next() {
        Some(Value::Bytes(b)) | Some(Value::ArrayBuffer(b)) => b,
        Some(Value::View { bytes, .. }) => bytes,
        _ => Vec::new(),
    };
    let fatal = matches!(args.next(), Some(Value::Bool(true)));
    let ignore_bom = matches!(args.next(), Some(Value::Bool(true)));
    let body = match bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        Some(rest) if !ignore_bom => rest,
        _ => &bytes[..],
    };
    let text = if fatal {
        match std::str::from_utf8(body) {
            Ok(s) => s.to_owned(),
            Err(_) => {
                return HostOutcome::Throw(HostError::new(
                    "TypeError",
                    "The encoded data was not valid for encoding utf-8",
                ))
            }
        }
    } else {
        String::from_utf8_lossy(body).into_owned()
    };
    HostOutcome::Return(Value::String(JsString::Utf8(text)))
}

/// The globals `install` defines.
pub(crate) const GLOBALS: &[&str] = &["TextEncoder", "TextDecoder", "atob", "btoa"];

/// Runs the set-up script once; returns the object holding the globals.
pub(crate) fn install<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>) -> Result<Local<'e>> {
    if let Some(made) = shared.helpers.encoding.get() {
        // SAFETY: the handle lives as long as the isolate.
        return Ok(unsafe { env.global_value(made) });
    }
    let setup = env.run_script(
        Text::Utf8(&crate::inspector::internal_source(shared, SETUP, "jsrun:encoding")),
        Some("jsrun:encoding"),
    )?;
    let encode: Arc<dyn HostFunction> = Arc::new(utf8_encode);
    let decode: Arc<dyn HostFunction> = Arc::new(utf8_decode);
    let args = [shared.internal_function(env, encode)?, shared.internal_function(env, decode)?];
    let globals = env.call_function(setup, None, &args)?;
    let _ = shared.helpers.encoding.set(env.new_global(globals));
    Ok(globals)
}

//! `TextEncoder`, `TextDecoder` (every encoding of the WHATWG Encoding
//! Standard), `atob` and `btoa`: packaged Wasm glue (wasm-bindgen,
//! Emscripten) needs them at load time. UTF-8 work is done in Rust (exact
//! replacement rules for free), the other encodings by encoding_rs (the
//! Standard's own implementation, Firefox's); the classes and base64 are a
//! small script, given the helpers as arguments so nothing internal is
//! reachable from a global.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use encoding_rs::{CoderResult, Decoder, DecoderResult, Encoding};

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

fn text_of(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.to_string_lossy(),
        _ => String::new(),
    }
}

fn bytes_of(value: Option<Value>) -> Vec<u8> {
    match value {
        Some(Value::Bytes(b)) | Some(Value::ArrayBuffer(b)) => b,
        Some(Value::View { bytes, .. }) => bytes,
        _ => Vec::new(),
    }
}

/// `encodingName(label)`: the Standard's name for a label, lowercased as
/// TextDecoder reports it; null for an unknown label and for `replacement`.
fn encoding_name(args: crate::host::Args) -> HostOutcome {
    let label = text_of(args.first());
    match Encoding::for_label_no_replacement(label.as_bytes()) {
        Some(encoding) => {
            HostOutcome::Return(Value::String(JsString::from(encoding.name().to_ascii_lowercase().as_str())))
        }
        None => HostOutcome::Return(Value::Null),
    }
}

fn malformed(name: &str) -> HostOutcome {
    HostOutcome::Throw(HostError::new("TypeError", format!("The encoded data was not valid for encoding {name}")))
}

/// Runs `decoder` over `bytes` (the last of its stream when `last`).
fn run_decoder(decoder: &mut Decoder, bytes: &[u8], fatal: bool, last: bool) -> HostOutcome {
    let name = decoder.encoding().name().to_ascii_lowercase();
    let mut out = String::with_capacity(decoder.max_utf8_buffer_length(bytes.len()).unwrap_or(bytes.len() * 3));
    if fatal {
        let (result, _) = decoder.decode_to_string_without_replacement(bytes, &mut out, last);
        match result {
            DecoderResult::InputEmpty => {}
            DecoderResult::Malformed(..) | DecoderResult::OutputFull => return malformed(&name),
        }
    } else {
        let (result, _, _) = decoder.decode_to_string(bytes, &mut out, last);
        if result == CoderResult::OutputFull {
            return malformed(&name);
        }
    }
    HostOutcome::Return(Value::String(JsString::Utf8(out)))
}

fn new_decoder(name: &str, ignore_bom: bool) -> Option<Decoder> {
    let encoding = Encoding::for_label_no_replacement(name.as_bytes())?;
    Some(if ignore_bom { encoding.new_decoder_without_bom_handling() } else { encoding.new_decoder_with_bom_removal() })
}

/// The streaming decoders of one runtime's TextDecoders, by id: a decoder's
/// state (a character split across chunks, ISO-2022-JP's mode) lives here
/// between `decode(…, { stream: true })` calls.
#[derive(Default)]
struct Decoders {
    next: u32,
    open: HashMap<u32, Decoder>,
}

/// `legacyDecode(name, bytes, fatal, ignoreBOM, id, stream)`: `bytes` in
/// encoding `name`. With `id` 0 and not `stream`, at once; otherwise through
/// the streaming decoder `id` (0: a new one), which `stream` false ends.
/// Returns the text, or `[text, id]` while a stream goes on.
fn legacy_decode(decoders: &Mutex<Decoders>, args: crate::host::Args) -> HostOutcome {
    let name = text_of(args.first());
    let fatal = matches!(args.get(2), Some(Value::Bool(true)));
    let ignore_bom = matches!(args.get(3), Some(Value::Bool(true)));
    let id = match args.get(4) {
        Some(Value::Int(n)) => u32::try_from(*n).unwrap_or(0),
        _ => 0,
    };
    let stream = matches!(args.get(5), Some(Value::Bool(true)));
    let bytes = bytes_of(args.into_iter().nth(1));
    let mut decoders = decoders.lock().unwrap_or_else(|p| p.into_inner());
    let mut decoder = match decoders.open.remove(&id) {
        Some(decoder) => decoder,
        None => match new_decoder(&name, ignore_bom) {
            Some(decoder) => decoder,
            None => {
                return HostOutcome::Throw(HostError::new(
                    "RangeError",
                    format!("The \"{name}\" encoding is not supported"),
                ))
            }
        },
    };
    let out = run_decoder(&mut decoder, &bytes, fatal, !stream);
    // A failed or finished stream is over; one that goes on keeps its decoder.
    match out {
        HostOutcome::Return(text) if stream => {
            let id = if id == 0 {
                decoders.next = decoders.next.wrapping_add(1).max(1);
                decoders.next
            } else {
                id
            };
            decoders.open.insert(id, decoder);
            HostOutcome::Return(Value::Array(vec![text, Value::Int(i64::from(id))]))
        }
        other => other,
    }
}

/// `legacyClose(id)`: a streaming decoder its TextDecoder no longer needs.
fn legacy_close(decoders: &Mutex<Decoders>, args: crate::host::Args) -> HostOutcome {
    if let Some(Value::Int(id)) = args.first() {
        decoders.lock().unwrap_or_else(|p| p.into_inner()).open.remove(&u32::try_from(*id).unwrap_or(0));
    }
    HostOutcome::Return(Value::Undefined)
}

/// The globals `install` defines.
pub(crate) const GLOBALS: &[&str] = &["TextEncoder", "TextDecoder", "atob", "btoa"];

/// Runs the set-up script once; returns the object holding the globals.
pub(crate) fn install<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>) -> Result<Local<'e>> {
    if let Some(made) = shared.helpers.encoding.get() {
        // SAFETY: the handle lives as long as the isolate.
        return Ok(unsafe { env.global_value(made) });
    }
    let setup = env
        .run_script(Text::Utf8(&crate::intrinsics::script(shared, SETUP, "jsrun:encoding")), Some("jsrun:encoding"))?;
    let encode: Arc<dyn HostFunction> = Arc::new(utf8_encode);
    let decode: Arc<dyn HostFunction> = Arc::new(utf8_decode);
    let decoders = Arc::new(Mutex::new(Decoders::default()));
    let (open, close) = (decoders.clone(), decoders);
    let legacy: Arc<dyn HostFunction> = Arc::new(move |args| legacy_decode(&open, args));
    let closing: Arc<dyn HostFunction> = Arc::new(move |args| legacy_close(&close, args));
    let name: Arc<dyn HostFunction> = Arc::new(encoding_name);
    let args = [
        shared.internal_function(env, encode)?,
        shared.internal_function(env, decode)?,
        shared.internal_function(env, name)?,
        shared.internal_function(env, legacy)?,
        shared.internal_function(env, closing)?,
        shared.internal_function(env, crate::byte_text::encode())?,
        shared.internal_function(env, crate::byte_text::decode())?,
    ];
    let globals = env.call_function(setup, None, &args)?;
    let _ = shared.helpers.encoding.set(env.new_global(globals));
    Ok(globals)
}

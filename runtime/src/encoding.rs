//! `TextEncoder`, `TextDecoder` (UTF-8, per the WHATWG Encoding Standard),
//! `atob` and `btoa`: packaged Wasm glue (wasm-bindgen, Emscripten) needs them
//! at load time. UTF-8 work is done in Rust (exact replacement rules for free);
//! the classes and base64 are a small script, given the helpers as arguments
//! so nothing internal is reachable from a global.
use std::sync::Arc;

use crate::env::{Env, Local};
use crate::error::Result;
use crate::handle::RawGlobal;
use crate::host::{HostError, HostFunction, HostOutcome};
use crate::shared::{RawGlobalSync, Shared};
use crate::value::{JsString, Text, Value};

const SETUP: &str = r#"(function (utf8Encode, utf8Decode) {
  'use strict';
  const bytesOf = (input) => {
    if (input === undefined) return new Uint8Array(0);
    if (input instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && input instanceof SharedArrayBuffer)) {
      return new Uint8Array(input);
    }
    if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    throw new TypeError('The "input" argument must be an ArrayBuffer or ArrayBufferView');
  };
  class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(input = '') { return utf8Encode(String(input)); }
    encodeInto(source, destination) {
      if (!(destination instanceof Uint8Array)) throw new TypeError('The "destination" argument must be a Uint8Array');
      const text = String(source);
      let read = 0, written = 0;
      for (const ch of text) {
        let cp = ch.codePointAt(0);
        if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
        const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        if (written + size > destination.length) break;
        if (size === 1) destination[written] = cp;
        else if (size === 2) { destination[written] = 0xc0 | (cp >> 6); destination[written + 1] = 0x80 | (cp & 63); }
        else if (size === 3) {
          destination[written] = 0xe0 | (cp >> 12); destination[written + 1] = 0x80 | ((cp >> 6) & 63);
          destination[written + 2] = 0x80 | (cp & 63);
        } else {
          destination[written] = 0xf0 | (cp >> 18); destination[written + 1] = 0x80 | ((cp >> 12) & 63);
          destination[written + 2] = 0x80 | ((cp >> 6) & 63); destination[written + 3] = 0x80 | (cp & 63);
        }
        written += size;
        read += ch.length;
      }
      return { read, written };
    }
  }
  class TextDecoder {
    #fatal; #ignoreBOM;
    constructor(label = 'utf-8', options = {}) {
      const name = String(label).trim().toLowerCase();
      if (!['utf-8', 'utf8', 'unicode-1-1-utf-8'].includes(name)) {
        throw new RangeError(`The "${label}" encoding is not supported`);
      }
      this.#fatal = Boolean(options && options.fatal);
      this.#ignoreBOM = Boolean(options && options.ignoreBOM);
    }
    get encoding() { return 'utf-8'; }
    get fatal() { return this.#fatal; }
    get ignoreBOM() { return this.#ignoreBOM; }
    decode(input, options = {}) {
      if (options && options.stream) throw new TypeError('TextDecoder: streaming decode is not supported');
      return utf8Decode(bytesOf(input), this.#fatal, this.#ignoreBOM);
    }
  }
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const invalid = (message) => { const e = new Error(message); e.name = 'InvalidCharacterError'; return e; };
  function btoa(data) {
    const s = String(data);
    let out = '';
    for (let i = 0; i < s.length; i += 3) {
      const a = s.charCodeAt(i), b = s.charCodeAt(i + 1), c = s.charCodeAt(i + 2);
      if (a > 255 || b > 255 || c > 255) throw invalid('btoa: the string contains characters outside of Latin-1');
      const n = (a << 16) | ((b || 0) << 8) | (c || 0);
      out += alphabet[n >> 18] + alphabet[(n >> 12) & 63] +
        (i + 1 < s.length ? alphabet[(n >> 6) & 63] : '=') + (i + 2 < s.length ? alphabet[n & 63] : '=');
    }
    return out;
  }
  function atob(data) {
    let s = String(data).replace(/[\t\n\f\r ]/g, '');
    if (s.length % 4 === 0) s = s.replace(/==?$/, '');
    if (s.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(s)) throw invalid('atob: the string is not correctly encoded');
    let out = '';
    for (let i = 0; i < s.length; i += 4) {
      const n = (alphabet.indexOf(s[i]) << 18) | (alphabet.indexOf(s[i + 1]) << 12) |
        ((i + 2 < s.length ? alphabet.indexOf(s[i + 2]) : 0) << 6) | (i + 3 < s.length ? alphabet.indexOf(s[i + 3]) : 0);
      out += String.fromCharCode(n >> 16);
      if (i + 2 < s.length) out += String.fromCharCode((n >> 8) & 255);
      if (i + 3 < s.length) out += String.fromCharCode(n & 255);
    }
    return out;
  }
  return { TextEncoder, TextDecoder, btoa, atob };
})"#;

/// UTF-8 of a JS string; lone surrogates become U+FFFD (the USVString rule).
fn utf8_encode(args: Vec<Value>) -> HostOutcome {
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
fn utf8_decode(args: Vec<Value>) -> HostOutcome {
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
            Err(_) => return HostOutcome::Throw(HostError::new("TypeError", "The encoded data was not valid UTF-8")),
        }
    } else {
        String::from_utf8_lossy(body).into_owned()
    };
    HostOutcome::Return(Value::String(JsString::Utf8(text)))
}

/// The globals `install` defines.
pub(crate) const GLOBALS: &[&str] = &["TextEncoder", "TextDecoder", "atob", "btoa"];

/// Runs the set-up script once; returns the object holding the globals.
pub(crate) fn install<'e>(env: &Env<'e>, shared: &Arc<Shared>) -> Result<Local<'e>> {
    if let Some(made) = shared.encoding.get() {
        // SAFETY: the handle lives as long as the isolate.
        return Ok(unsafe { env.global_value((made.0).0) });
    }
    let setup = env.run_script(
        Text::Utf8(&crate::inspector::internal_source(shared, SETUP, "jsrun:encoding")),
        Some("jsrun:encoding"),
    )?;
    let encode: Arc<dyn HostFunction> = Arc::new(utf8_encode);
    let decode: Arc<dyn HostFunction> = Arc::new(utf8_decode);
    let args = [shared.internal_function(env, encode)?, shared.internal_function(env, decode)?];
    let globals = env.call_function(setup, None, &args)?;
    let _ = shared.encoding.set(RawGlobalSync(RawGlobal(env.new_global(globals))));
    Ok(globals)
}

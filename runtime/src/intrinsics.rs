//! jsrun's own scripts see the realm's built-ins, not names user code
//! declared. A script's top-level `const Map = …` (or `const { Map } =
//! require('immutable')`, `const Promise = require('bluebird')`) lives in the
//! global lexical scope through which every script, jsrun's included, finds
//! its free names; while such a declaration is being initialized, any use of
//! the name throws. So each of jsrun's scripts (a function expression) is
//! wrapped in a function whose parameters are the built-ins' names, given
//! the global object's properties of those names (read through the script's
//! top-level `this`, which no declaration shadows) — Node's internals do the
//! same with their "primordials". The web platform's globals are lazy: the
//! scripts read them off the global object, given as `platform`, where they
//! use them.
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use crate::state::RuntimeState;

/// The global built-ins jsrun's scripts may name freely (ECMAScript's, V8's
/// WebAssembly and console).
const NAMES: &[&str] = &[
    "AggregateError",
    "Array",
    "ArrayBuffer",
    "Atomics",
    "BigInt",
    "BigInt64Array",
    "BigUint64Array",
    "Boolean",
    "DataView",
    "Date",
    "Error",
    "EvalError",
    "FinalizationRegistry",
    "Float32Array",
    "Float64Array",
    "Function",
    "Int16Array",
    "Int32Array",
    "Int8Array",
    "Intl",
    "JSON",
    "Map",
    "Math",
    "Number",
    "Object",
    "Promise",
    "Proxy",
    "RangeError",
    "ReferenceError",
    "Reflect",
    "RegExp",
    "Set",
    "SharedArrayBuffer",
    "String",
    "Symbol",
    "SyntaxError",
    "TypeError",
    "URIError",
    "Uint16Array",
    "Uint32Array",
    "Uint8Array",
    "Uint8ClampedArray",
    "WeakMap",
    "WeakRef",
    "WeakSet",
    "WebAssembly",
    "console",
    "decodeURI",
    "decodeURIComponent",
    "encodeURI",
    "encodeURIComponent",
    "escape",
    "globalThis",
    "isFinite",
    "isNaN",
    "parseFloat",
    "parseInt",
    "unescape",
];

/// jsrun's script `source` (one function expression) as it is run: wrapped,
/// and ignore-listed for the inspector (`inspector::internal_source`).
pub(crate) fn script(shared: &RuntimeState, source: &'static str, name: &str) -> Cow<'static, str> {
    crate::inspector::internal_source(shared, wrapped(source), name)
}

/// `source` (one function expression) wrapped so that its free names of
/// built-ins are parameters; made once per source and process.
pub(crate) fn wrapped(source: &'static str) -> &'static str {
    static MADE: OnceLock<Mutex<HashMap<usize, &'static str>>> = OnceLock::new();
    let made = MADE.get_or_init(Mutex::default);
    let mut made = made.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    // Keyed by address: the sources are the binary's own constants.
    made.entry(source.as_ptr() as usize).or_insert_with(|| Box::leak(wrap(source).into_boxed_str()))
}

fn wrap(source: &str) -> String {
    // Only the names the source has (as a word): each costs a property read per run.
    let used: Vec<&str> = NAMES.iter().copied().filter(|name| names_word(source, name)).collect();
    let names = std::iter::once("platform").chain(used.iter().copied()).collect::<Vec<_>>().join(", ");
    let values = std::iter::once("this".to_owned()).chain(used.iter().map(|name| format!("this.{name}")));
    let values = values.collect::<Vec<_>>().join(", ");
    // `platform` is the global object itself, for the lazy globals; `return (`
    // on the first line: the source keeps its line numbers.
    format!("(function ({names}) {{ return ({source}\n); }})({values})")
}

/// `source` has `name` as a whole word (not inside a longer identifier).
fn names_word(source: &str, name: &str) -> bool {
    let part = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    source.match_indices(name).any(|(at, _)| {
        let before = source[..at].chars().next_back();
        let after = source[at + name.len()..].chars().next();
        !before.is_some_and(part) && !after.is_some_and(part)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_is_wrapped_once_and_keeps_its_first_line() {
        static SOURCE: &str = "(function () { return [new Map(), MapLike, new Uint8Array(1)]; })";
        let first = wrapped(SOURCE);
        assert!(std::ptr::eq(first, wrapped(SOURCE)));
        assert_eq!(
            first,
            "(function (platform, Map, Uint8Array) { return ((function () { return [new Map(), MapLike, \
             new Uint8Array(1)]; })\n); })(this, this.Map, this.Uint8Array)"
        );
    }
}

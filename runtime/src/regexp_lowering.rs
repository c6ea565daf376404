//! Module sources whose RegExp literals the engine refuses — the `v` flag
//! before V8 11.x, modifiers such as `(?i:…)` before 12.5 — compiled again
//! with those literals rewritten (acorn and regexpu-core, as Babel does:
//! `runtime/js/regexp_lowering.js`), and ES modules whose import attributes
//! it refuses, with them blanked. Tried only when a compile fails so, for
//! ES modules, CommonJS files and the scripts `eval` runs; the rewritten text
//! is kept for the process.
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::env::{Env, Kind, Local};
use crate::error::{Error, Result};
use crate::state::RuntimeState;
use crate::value::{JsString, Text};

const BUNDLE: &str = include_str!(concat!(env!("OUT_DIR"), "/regexp-lowering.js"));
const NAME: &str = "jsrun:regexp-lowering";

/// Each source lowering was asked for, and what it gave (None: nothing to rewrite).
type Lowered = HashMap<(String, bool), Option<Arc<str>>>;

fn done() -> &'static Mutex<Lowered> {
    static DONE: OnceLock<Mutex<Lowered>> = OnceLock::new();
    DONE.get_or_init(Mutex::default)
}

/// Whether a compile failure is one lowering may cure.
pub(crate) fn curable(error: &Error) -> bool {
    matches!(error, Error::Js(info)
        if info.name.as_deref() == Some("SyntaxError")
            // (V8 10.2 names no token for an `assert` it does not know.)
            && ["Invalid regular expression", "'with'", "'assert'", "Unexpected identifier"]
                .iter()
                .any(|m| info.message.contains(m)))
}

/// `source` with the literals the engine refuses rewritten, or None.
pub(crate) fn lowered(
    env: &Env<'_>,
    shared: &Arc<RuntimeState>,
    source: &str,
    module: bool,
) -> Result<Option<Arc<str>>> {
    let key = (source.to_owned(), module);
    if let Some(found) = done().lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
        return Ok(found.clone());
    }
    let lower = crate::code_cache::run(env, &crate::intrinsics::script(shared, BUNDLE, NAME), NAME)?;
    let out = env.call_function(lower, None, &[env.new_string(&JsString::from(source))?, env.boolean(module)?])?;
    let result = (env.kind(out) == Kind::String).then(|| Arc::from(env.string(out).to_string_lossy()));
    done().lock().unwrap_or_else(|p| p.into_inner()).insert(key, result.clone());
    Ok(result)
}

/// After a script given to `eval` failed with `failure`: if that was its
/// compile refusing a RegExp literal (asked again of the compiler, so that a
/// script that ran and then threw is never run twice), the script lowered.
pub(crate) fn rerun<'e>(
    env: &Env<'e>,
    shared: &Arc<RuntimeState>,
    source: Text<'_>,
    name: Option<&str>,
    failure: Error,
) -> Result<Local<'e>> {
    if !curable(&failure) {
        return Err(failure);
    }
    let text = match source {
        Text::Utf8(text) => text.to_owned(),
        Text::Utf16(units) => String::from_utf16_lossy(units),
    };
    if env.compile_unbound(&text, name).is_ok() {
        return Err(failure);
    }
    match lowered(env, shared, &text, false) {
        Ok(Some(lowered)) => env.run_script(Text::Utf8(&lowered), name),
        _ => Err(failure),
    }
}

//! The built-in startup snapshot that runtimes and snapshot builders start
//! from: a context in which core-js has already filled in the ECMAScript
//! library features this V8 lacks (the bundle `runtime/js/build.mjs` makes
//! for it). A runtime deserialises it in about a millisecond; running the
//! polyfills in each runtime would cost ~20 ms. Made once per process, or
//! read from a file made at build time (`use_file`), which spares a process
//! its first ~60 ms. (`RuntimeOptions::polyfills` false: V8's own snapshot.)
use std::path::PathBuf;
use std::sync::OnceLock;

use crate::error::{Error, Result};
use crate::snapshot::SnapshotBuilder;

/// What V8 lacks of ES2022–ES2026's library, from core-js.
pub(crate) const POLYFILLS: &str = include_str!(concat!(env!("OUT_DIR"), "/polyfills.js"));
/// What it leaves to the engine here (see the file).
pub(crate) const SHIMS: &str = include_str!("../js/es_shims.js");

static FILE: OnceLock<PathBuf> = OnceLock::new();
static BLOB: OnceLock<std::result::Result<&'static [u8], String>> = OnceLock::new();

/// Where a blob made by [`build`] may be (ignored if absent, damaged or made
/// for another V8). Only the first call counts, and only before the first runtime.
pub fn use_file(path: PathBuf) {
    let _ = FILE.set(path);
}

/// A fresh built-in snapshot (with jsrun's header), for `use_file`.
pub fn build() -> Result<Vec<u8>> {
    SnapshotBuilder::starting_fresh()?.build()
}

/// Which of `pairs` (JSON `[[target, key]…]` that the polyfills added) a
/// plain runtime of this V8 has natively, as JSON.
pub(crate) fn native_among(pairs: &str) -> Result<String> {
    use crate::value::{Text, Value};
    let options = crate::RuntimeOptions { polyfills: false, web_apis: false, ..Default::default() };
    let rt = crate::Runtime::new(options)?;
    let script =
        format!("JSON.stringify(({}).has({pairs}))", crate::snapshot::POLYFILL_DIFF.trim_end().trim_end_matches(';'));
    let found = rt.eval_named(Text::Utf8(&script), "jsrun:polyfill-diff");
    rt.close();
    match found? {
        Value::String(s) => Ok(s.to_string_lossy()),
        other => Err(Error::Internal(format!("the polyfill check returned {other:?}"))),
    }
}

fn from_file() -> Option<&'static [u8]> {
    let bytes = std::fs::read(FILE.get()?).ok()?;
    crate::snapshot::payload(&bytes).ok()?;
    let kept: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    crate::snapshot::payload(kept).ok()
}

/// V8's blob of the built-in snapshot, checked once per process.
pub(crate) fn payload() -> Result<&'static [u8]> {
    let made = BLOB.get_or_init(|| {
        if let Some(payload) = from_file() {
            return Ok(payload);
        }
        let blob: &'static [u8] = Box::leak(build().map_err(|e| e.to_string())?.into_boxed_slice());
        crate::snapshot::payload(blob).map_err(|e| e.to_string())
    });
    made.clone().map_err(|e| Error::Snapshot(format!("cannot make the built-in snapshot: {e}")))
}

/// `Atomics.pause` (ES2026) where the engine lacks it. V8 leaves `Atomics`
/// out of a snapshot's context, so it is defined per runtime, made on first use.
const ATOMICS_PAUSE: &str = include_str!("../js/atomics_pause.js");

/// The polyfills a snapshot cannot hold (see `ATOMICS_PAUSE`).
pub(crate) fn define_per_runtime(
    env: &crate::env::Env<'_>,
    shared: &std::sync::Arc<crate::state::RuntimeState>,
) -> Result<()> {
    use crate::value::{JsString, Text};
    let atomics = env.get(env.global(), env.new_string(&JsString::from("Atomics"))?)?;
    if env.kind(atomics) != crate::env::Kind::Object {
        return Ok(());
    }
    let pause = env.get(atomics, env.new_string(&JsString::from("pause"))?)?;
    if env.kind(pause) != crate::env::Kind::Undefined {
        return Ok(());
    }
    crate::lazy::define_on(
        env,
        shared,
        atomics,
        &["pause"],
        false,
        Box::new(|env, shared| {
            let source = crate::inspector::internal_source(shared, ATOMICS_PAUSE, "jsrun:atomics-pause");
            env.run_script(Text::Utf8(&source), Some("jsrun:atomics-pause"))
        }),
    )
}

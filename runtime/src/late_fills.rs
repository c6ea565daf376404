//! ECMAScript library features that jsrun fills from npm packages rather
//! than core-js (`RuntimeOptions::polyfills`), bundled by
//! `runtime/js/build.mjs`: `Temporal` (temporal-polyfill, every calendar)
//! for V8 before 14, and `Intl.DurationFormat` (@formatjs's) for V8 before
//! 12.9. Each is lazy, so a runtime that never uses one never compiles its
//! script. Loading Temporal makes `Intl.DateTimeFormat` the polyfill's,
//! which formats Temporal values.
use std::sync::Arc;

use crate::env::{Env, Kind, Local};
use crate::error::Result;
use crate::lazy;
use crate::state::RuntimeState;

pub(crate) fn define(env: &Env<'_>, shared: &Arc<RuntimeState>) -> Result<()> {
    let global = env.global();
    let group = |name: &'static str| -> lazy::BoxedInstaller {
        Box::new(move |env, shared| crate::web::install(env, shared, name))
    };
    // Each only where the engine (or a snapshot) has none.
    if absent(env, global, "Temporal")? {
        lazy::define_on(env, shared, global, &["Temporal"], false, group("temporal"))?;
        let date = env.get_named(global, "Date")?;
        if env.kind(date) == Kind::Function {
            let prototype = env.get_named(date, "prototype")?;
            lazy::define_on(env, shared, prototype, &["toTemporalInstant"], false, group("temporal"))?;
        }
    }
    let intl = env.get_named(global, "Intl")?;
    if env.kind(intl) == Kind::Object && absent(env, intl, "DurationFormat")? {
        lazy::define_on(env, shared, intl, &["DurationFormat"], false, group("durationformat"))?;
    }
    Ok(())
}

fn absent<'e>(env: &Env<'e>, target: Local<'e>, name: &str) -> Result<bool> {
    Ok(env.kind(env.get_named(target, name)?) == Kind::Undefined)
}

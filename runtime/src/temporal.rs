//! Temporal for engines without it (V8 before 14), as part of the
//! ECMAScript library jsrun fills in (`RuntimeOptions::polyfills`): npm's
//! temporal-polyfill with every calendar, bundled by `runtime/js/build.mjs`.
//! `Temporal` and `Date.prototype.toTemporalInstant` are lazy, so a runtime
//! that never uses them never compiles the 68 KB script; loading it makes
//! `Intl.DateTimeFormat` the polyfill's, which formats Temporal values.
use std::sync::Arc;

use crate::env::{Env, Kind};
use crate::error::Result;
use crate::lazy;
use crate::state::RuntimeState;

pub(crate) fn define(env: &Env<'_>, shared: &Arc<RuntimeState>) -> Result<()> {
    let global = env.global();
    // The engine's own, or one a snapshot holds.
    if env.kind(env.get_named(global, "Temporal")?) != Kind::Undefined {
        return Ok(());
    }
    let install = || -> lazy::BoxedInstaller { Box::new(|env, shared| crate::web::install(env, shared, "temporal")) };
    lazy::define_on(env, shared, global, &["Temporal"], false, install())?;
    let date = env.get_named(global, "Date")?;
    if env.kind(date) == Kind::Function {
        let prototype = env.get_named(date, "prototype")?;
        lazy::define_on(env, shared, prototype, &["toTemporalInstant"], false, install())?;
    }
    Ok(())
}

//! `process.nextTick`'s queue, run as Node runs it: at each microtask
//! checkpoint the queued ticks first, then the microtasks, again while
//! either queued more (the loop is the bridge's `jsr_env_run_microtasks`;
//! the queue and its drain are process.js's).
use std::sync::Arc;

use crate::host::RawFunction;

/// `tickDrain(f)`: f runs the queued ticks at each checkpoint.
pub(super) fn drain() -> Arc<RawFunction> {
    Arc::new(|env, _shared, args| {
        if let Some(f) = args.first() {
            env.set_tick_drain(*f);
        }
        Ok(env.undefined())
    })
}

/// `ticksQueued()`: a tick is being queued, for the next checkpoint; true
/// if a termination cut the queue short since (its ticks are dropped, as V8
/// drops the microtasks).
pub(super) fn queued() -> Arc<RawFunction> {
    Arc::new(|env, _shared, _args| env.boolean(env.ticks_queued()))
}

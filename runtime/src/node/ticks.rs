//! `process.nextTick`'s queue, run as Node runs it: at each microtask
//! checkpoint the queued ticks first, then the microtasks, again while
//! either queued more. The loop is the bridge's (`jsr_env_run_microtasks`);
//! the queue and its drain are process.js's, and they share two flags, as
//! Node's tickInfo: ticks are queued, and a termination dropped them.
use std::sync::Arc;

use crate::host::RawFunction;

/// `tickDrain(f, flags)`: f runs the queued ticks at each checkpoint;
/// `flags` is the ArrayBuffer shared with the bridge.
pub(super) fn drain() -> Arc<RawFunction> {
    Arc::new(|env, _shared, args| {
        if let (Some(f), Some(flags)) = (args.first(), args.get(1)) {
            env.set_tick_drain(*f, *flags);
        }
        Ok(env.undefined())
    })
}

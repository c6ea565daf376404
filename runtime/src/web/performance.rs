//! The clock behind `performance`: milliseconds since the runtime was
//! created (monotonic), and when that was (the epoch, in milliseconds); and
//! whether node_modules are in use (then `performance` has Node's methods).
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use crate::host::{HostFunction, HostOutcome};
use crate::state::RuntimeState;
use crate::value::Value;

/// When a runtime was created: its `performance.timeOrigin`.
pub(crate) struct TimeOrigin {
    at: Instant,
    epoch_ms: f64,
}

impl Default for TimeOrigin {
    fn default() -> Self {
        let epoch_ms = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64() * 1000.0);
        TimeOrigin { at: Instant::now(), epoch_ms }
    }
}

/// `clock()`: `[now, timeOrigin]` in milliseconds.
pub(super) fn clock(shared: &Arc<RuntimeState>) -> Arc<dyn HostFunction> {
    let (at, epoch_ms) = (shared.helpers.time_origin.at, shared.helpers.time_origin.epoch_ms);
    Arc::new(move |_args: crate::host::Args| {
        let now = at.elapsed().as_secs_f64() * 1000.0;
        HostOutcome::Return(Value::Array(vec![Value::Float(now), Value::Float(epoch_ms)]))
    })
}

/// `nodeEnabled()`: whether `use_node_modules` was called.
pub(super) fn node_enabled(shared: &Arc<RuntimeState>) -> Arc<dyn HostFunction> {
    let weak = Arc::downgrade(shared);
    Arc::new(move |_args: crate::host::Args| {
        HostOutcome::Return(Value::Bool(weak.upgrade().is_some_and(|shared| shared.node.enabled())))
    })
}

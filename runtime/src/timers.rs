//! `setTimeout`, `setInterval`, `clearTimeout`, `clearInterval`,
//! `queueMicrotask`, and the helper that watches promises for `eval_async`.
//!
//! The JS side is one script run when the runtime starts; it receives the
//! host functions it needs as arguments, so nothing internal is reachable
//! from a global. Due times live here and wake the background loop, which
//! fires them; an idle runtime without timers sleeps.
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use crate::env::{Env, Kind, Local};
use crate::error::{Error, Result};
use crate::helpers::TimerHelpers;
use crate::host::{HostError, HostFunction, HostOutcome};
use crate::state::{lock, RuntimeState};
use crate::value::{Text, Value};

/// Longest delay honoured (as browsers: a bigger one fires at once).
const MAX_DELAY_MS: f64 = 2_147_483_647.0;

const SETUP: &str = include_str!("../js/timers.js");

#[derive(Default)]
pub(crate) struct Timers {
    due: BinaryHeap<Reverse<(Instant, u64)>>,
    active: HashSet<u64>,
    /// The subset of `active` made by setInterval.
    intervals: HashSet<u64>,
    /// Those of `active` that Node's `unref()` keeps from counting.
    unrefed: HashSet<u64>,
}

impl Timers {
    /// Timeouts and intervals scheduled and not yet fired or cleared (and not `unref()`ed).
    pub(crate) fn active_count(&self) -> usize {
        // (A Node worker asks after each turn: walk the few unref()ed, not every timer.)
        self.active.len() - self.unrefed.iter().filter(|id| self.active.contains(id)).count()
    }

    pub(crate) fn interval_count(&self) -> usize {
        self.intervals.len()
    }
}

fn delay(ms: f64) -> Duration {
    let ms = if ms.is_finite() && ms > 0.0 && ms <= MAX_DELAY_MS { ms } else { 0.0 };
    Duration::from_secs_f64(ms / 1000.0)
}

fn timer_id(value: Option<&Value>) -> Option<u64> {
    match value {
        Some(Value::Int(i)) => u64::try_from(*i).ok(),
        _ => None,
    }
}

/// The globals Node's timers replace (`use_node_modules`; timers.js's `nodeTimers`).
pub(crate) const NODE_GLOBALS: &[&str] = &["setTimeout", "setInterval", "clearTimeout", "clearInterval"];

/// The globals `install` defines.
pub(crate) const GLOBALS: &[&str] = &["setTimeout", "setInterval", "clearTimeout", "clearInterval", "queueMicrotask"];

/// Runs the set-up script once and keeps its helpers; returns the object
/// holding the globals.
pub(crate) fn install<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>) -> Result<Local<'e>> {
    if let Some(internals) = shared.helpers.timers.get() {
        // SAFETY: the handle lives as long as the isolate.
        return Ok(unsafe { env.global_value(&internals.globals) });
    }
    let weak = Arc::downgrade(shared);
    let schedule: Arc<dyn HostFunction> = Arc::new(with_shared(weak.clone(), |shared, args| {
        let (Some(id), ms) = (timer_id(args.first()), number(args.get(1))) else {
            return;
        };
        let at = Instant::now() + delay(ms);
        let mut timers = lock(&shared.tasks.timers);
        timers.active.insert(id);
        if matches!(args.get(2), Some(Value::Bool(true))) {
            timers.intervals.insert(id);
        }
        timers.due.push(Reverse((at, id)));
        drop(timers);
        shared.signal.wake_at(at);
    }));
    let unschedule: Arc<dyn HostFunction> = Arc::new(with_shared(weak.clone(), |shared, args| {
        if let Some(id) = timer_id(args.first()) {
            let mut timers = lock(&shared.tasks.timers);
            timers.active.remove(&id);
            timers.intervals.remove(&id);
            timers.unrefed.remove(&id);
        }
    }));
    let set_ref: Arc<dyn HostFunction> = Arc::new(with_shared(weak.clone(), |shared, args| {
        if let Some(id) = timer_id(args.first()) {
            let mut timers = lock(&shared.tasks.timers);
            if matches!(args.get(1), Some(Value::Bool(true))) {
                timers.unrefed.remove(&id);
            } else if timers.active.contains(&id) {
                timers.unrefed.insert(id);
            }
        }
    }));
    let setup =
        env.run_script(Text::Utf8(&crate::intrinsics::script(shared, SETUP, "jsrun:timers")), Some("jsrun:timers"))?;
    let args = [
        shared.internal_function(env, schedule)?,
        shared.internal_function(env, unschedule)?,
        shared.raw_function(env, crate::uncaught::report_native())?,
        shared.raw_function(env, crate::async_context::get())?,
        shared.raw_function(env, crate::async_context::set())?,
        shared.internal_function(env, set_ref)?,
    ];
    let pair = env.call_function(setup, None, &args)?;
    let fire = env.get_index(pair, 0)?;
    let globals = env.get_index(pair, 1)?;
    if env.kind(fire) != Kind::Function {
        return Err(Error::Internal("timer set-up did not return its helpers".into()));
    }
    let _ = shared.helpers.timers.set(TimerHelpers { fire: env.new_global(fire), globals: env.new_global(globals) });
    Ok(globals)
}

/// A host function that only acts while the runtime lives and returns undefined.
fn with_shared(
    weak: Weak<RuntimeState>,
    f: impl Fn(&Arc<RuntimeState>, &[Value]) + Send + Sync + 'static,
) -> impl Fn(crate::host::Args) -> HostOutcome + Send + Sync + 'static {
    move |args: crate::host::Args| match weak.upgrade() {
        Some(shared) => {
            f(&shared, &args);
            HostOutcome::Return(Value::Undefined)
        }
        None => HostOutcome::Throw(HostError::new("Error", "the runtime is closed")),
    }
}

fn number(value: Option<&Value>) -> f64 {
    match value {
        Some(Value::Int(i)) => *i as f64,
        Some(Value::Float(f)) => *f,
        _ => 0.0,
    }
}

/// Fires every timer that is due, each a task of its own (its microtasks
/// and unhandled rejections follow it).
pub(crate) fn fire_due(env: &Env<'_>, shared: &Arc<RuntimeState>) -> Result<()> {
    let now = Instant::now();
    let due: Vec<u64> = {
        let mut timers = lock(&shared.tasks.timers);
        let mut due = Vec::new();
        while let Some(Reverse((at, id))) = timers.due.peek().copied() {
            if at > now {
                break;
            }
            timers.due.pop();
            if timers.active.remove(&id) {
                // An interval is scheduled again (as active) when it fires; a timeout is done.
                if !timers.intervals.contains(&id) {
                    timers.unrefed.remove(&id);
                }
                due.push(id);
            }
        }
        due
    };
    let Some(internals) = shared.helpers.timers.get() else {
        return Ok(());
    };
    for id in due {
        // SAFETY: the helper handle lives as long as the isolate.
        let fire = unsafe { env.global_value(&internals.fire) };
        let id = env.new_number(id as f64)?;
        // The callback's own exception was reported by timers.js.
        if let Err(Error::Terminated) = env.call_function(fire, None, &[id]) {
            return Err(Error::Terminated);
        }
        env.run_microtasks()?;
        crate::uncaught::checkpoint(env, shared, None)?;
    }
    Ok(())
}

//! Errors nobody caught: an exception thrown by a task (a timer, a queued
//! microtask, an event listener) and a promise rejected with no handler at
//! the end of a task. As HTML says, each is first an event on `globalThis`
//! (`error`, `unhandledrejection`; `rejectionhandled` when a handler comes
//! later), dispatched by `runtime/js/web/events.js`; one that no listener
//! cancels fails the `eval_async`/`call_async` it happened under, as in the
//! published jsrun. In a synchronous call, or while nothing is awaited, it is
//! only printed (when the runtime has a console).
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::env::{Env, Kind, Local, Rejection};
use crate::error::{Error, Result};
use crate::host::RawFunction;
use crate::state::{lock, RuntimeState};
use crate::value::ErrorInfo;

#[derive(Default)]
pub(crate) struct Uncaught {
    /// A rejection was reported to JS, so a later handler fires `rejectionhandled`.
    reported: AtomicBool,
    /// The first uncaught error not yet handed to an awaiting caller.
    pending: Mutex<Option<Box<ErrorInfo>>>,
    /// Uncaught errors no awaiting caller got (printed, if at all).
    unclaimed: AtomicU64,
}

impl Uncaught {
    /// How many uncaught errors reached no awaiting caller so far.
    pub(crate) fn unclaimed(&self) -> u64 {
        self.unclaimed.load(Ordering::Relaxed)
    }

    /// The uncaught error of this loop turn, for a caller whose result comes
    /// in the same turn (the others get it at the turn's end).
    pub(crate) fn peek(&self) -> Option<Box<ErrorInfo>> {
        lock(&self.pending).clone()
    }

    /// The uncaught error an awaiting caller should get, if any.
    pub(crate) fn take(&self) -> Option<Box<ErrorInfo>> {
        lock(&self.pending).take()
    }
}

/// HTML's "notify about rejected promises", run after a task's microtasks:
/// each rejection still without a handler is reported; `result` (what the
/// task hands to its caller, who handles it) is not.
pub(crate) fn checkpoint<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, result: Option<Local<'e>>) -> Result<()> {
    if !env.end_task(result) {
        return Ok(());
    }
    // Listeners may reject more promises: a few rounds, then the rest waits
    // for the next checkpoint (so a listener that always does cannot hang it).
    for _ in 0..ROUNDS {
        let mut ran_js = false;
        // Those queued now: listeners' own rejections are the next round's.
        let queued: Vec<Rejection<'e>> = std::iter::from_fn(|| env.take_rejection()).collect();
        for rejection in queued {
            // With the web platform's globals: events are dispatched.
            let events = shared.helpers.web.defined();
            match rejection {
                Rejection::Unhandled(promise, reason) if events => {
                    shared.uncaught.reported.store(true, Ordering::Relaxed);
                    call_events(env, shared, "notifyRejection", &[promise, reason])?;
                    ran_js = true;
                }
                Rejection::Unhandled(promise, reason) => {
                    report(env, shared, reason, Some(promise));
                }
                Rejection::HandledLater(promise) => {
                    if let Some(hub) = &shared.inspector {
                        hub.report_handled(env, promise);
                    }
                    if events && shared.uncaught.reported.load(Ordering::Relaxed) {
                        call_events(env, shared, "rejectionHandled", &[promise])?;
                        ran_js = true;
                    }
                }
            }
        }
        if !ran_js {
            break;
        }
        env.run_microtasks()?;
    }
    Ok(())
}

const ROUNDS: usize = 16;

/// Calls one of the events group's reporting functions; what its listeners
/// throw was reported inside it, so only termination comes out.
fn call_events<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, name: &str, args: &[Local<'e>]) -> Result<()> {
    let exports = crate::web::install(env, shared, "events")?;
    let f = env.get_named(exports, name)?;
    match env.call_function(f, None, args) {
        Err(Error::Terminated) => Err(Error::Terminated),
        _ => Ok(()),
    }
}

/// Records `error` as uncaught (the reason `promise` was rejected with, for
/// a rejection); false when no awaiting caller will get it (a synchronous
/// call, or nothing awaited), so the caller prints it.
fn report<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, error: Local<'e>, promise: Option<Local<'e>>) -> bool {
    if let Some(hub) = &shared.inspector {
        hub.report_exception(env, error, promise);
    }
    if crate::worker::forward_uncaught(env, shared, error, promise.is_some()) {
        return true;
    }
    let in_promise = promise.is_some();
    let on_loop = lock(&shared.tasks.loop_thread)
        .as_ref()
        .is_some_and(|thread| thread.thread().id() == std::thread::current().id());
    // One lock at a time (a guard in a `let` lives to its end).
    let in_job = on_loop && lock(&shared.tasks.current_job).id.is_some();
    let awaited = in_job || (on_loop && !lock(&shared.tasks.waiters).is_empty());
    if !awaited {
        shared.uncaught.unclaimed.fetch_add(1, Ordering::Relaxed);
        return false;
    }
    let mut info = crate::exception::describe(env, Some(error), None);
    if in_promise && info.name.is_none() {
        info.message = info.message.replacen("Uncaught", "Uncaught (in promise)", 1);
    }
    shared.causes.attach(&mut info);
    lock(&shared.uncaught.pending).get_or_insert(Box::new(info));
    true
}

/// `uncaught(error, promise)` for events.js: an error no listener
/// cancelled (`promise`: the one rejected with it, for a rejection).
/// Returns whether an awaiting caller gets it.
pub(crate) fn native() -> Arc<RawFunction> {
    Arc::new(|env: &Env<'_>, shared: &Arc<RuntimeState>, args: &[Local<'_>]| {
        let Some(&error) = args.first() else { return env.boolean(false) };
        let promise = args.get(1).copied().filter(|&p| env.kind(p) == Kind::Promise);
        env.boolean(report(env, shared, error, promise))
    })
}

/// `report(error)` for timers.js: HTML's "report an exception", for an
/// exception a timer or a queued microtask threw.
pub(crate) fn report_native() -> Arc<RawFunction> {
    Arc::new(|env: &Env<'_>, shared: &Arc<RuntimeState>, args: &[Local<'_>]| {
        let error = match args.first() {
            Some(&error) => error,
            None => env.undefined(),
        };
        if shared.helpers.web.defined() {
            call_events(env, shared, "reportError", &[error])?;
        } else {
            report(env, shared, error, None);
        }
        Ok(env.undefined())
    })
}

/// Fails every caller awaiting this runtime with the uncaught error, if any
/// (the end of a loop turn: timers and V8's tasks run for all of them).
pub(crate) fn fail_waiters(shared: &RuntimeState) {
    let Some(info) = shared.uncaught.take() else { return };
    let waiters: Vec<_> = lock(&shared.tasks.waiters).drain().map(|(_, waiter)| waiter).collect();
    for waiter in waiters {
        waiter.finish(Err(Error::Js(info.clone())));
    }
}

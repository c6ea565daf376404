//! `eval_async` and `call_async`: the work runs on the runtime's background
//! loop (so a long job never blocks the caller's event loop), and the result
//! is handed to a completion callback once the returned promise settles.
use std::sync::Arc;

use crate::env::{Env, Kind, Local, PromiseState};
use crate::error::{Error, Result};
use crate::host::{HostFunction, HostOutcome};
use crate::js_to_value::Reader;
use crate::state::{lock, RuntimeState};
use crate::value::{ErrorInfo, JsFunction, Text, Value};
use crate::value_to_js::Writer;

/// What a caller hands in to get an async outcome.
pub(crate) type Done = Box<dyn FnOnce(Result<Value>) + Send>;

/// Receives the outcome once; runs on the loop thread, inside the isolate.
/// One dropped unused (a job never run, a runtime closed while it waited)
/// reports `Error::Closed`, so an awaiting caller never waits forever.
pub(crate) struct Waiter(Option<Done>);

impl Waiter {
    pub(crate) fn new(done: Done) -> Self {
        Waiter(Some(done))
    }

    pub(crate) fn finish(mut self, result: Result<Value>) {
        if let Some(done) = self.0.take() {
            done(result);
        }
    }
}

impl Drop for Waiter {
    fn drop(&mut self) {
        if let Some(done) = self.0.take() {
            done(Err(Error::Closed));
        }
    }
}

/// Queues `source` to run as a script on the loop; `done` gets the settled result.
pub(crate) fn eval(shared: &RuntimeState, source: String, done: Done) -> u64 {
    let done = Waiter::new(done);
    shared.post(Box::new(move |env, shared| {
        let id = current_id(shared);
        let mut done = Some(done);
        let ran = shared.scoped(env, None, |env| {
            shared.before_execution()?;
            let text = crate::value::Text::Utf8(&source);
            let name = shared.eval_name(&text);
            let value = match env.run_script(text, name.as_deref()) {
                Err(failure) => crate::regexp_lowering::rerun(env, shared, text, name.as_deref(), failure)?,
                Ok(value) => value,
            };
            end_of_job(env, shared, value)?;
            watch(env, shared, id, value, &mut done)
        });
        if let Err(e) = ran {
            fail(shared, id, &mut done, e);
        }
    }))
}

/// Queues a call of `function` with `args` on the loop.
pub(crate) fn call(shared: &RuntimeState, function: JsFunction, args: Vec<Value>, done: Done) -> u64 {
    let done = Waiter::new(done);
    shared.post(Box::new(move |env, shared| {
        let id = current_id(shared);
        let mut done = Some(done);
        let ran = shared.scoped(env, None, |env| {
            shared.before_execution()?;
            let value = crate::runtime::invoke(env, shared, &function, &args)?;
            end_of_job(env, shared, value)?;
            watch(env, shared, id, value, &mut done)
        });
        if let Err(e) = ran {
            fail(shared, id, &mut done, e);
        }
    }))
}

/// Queues `start` on the loop; `done` gets the settled result of the value it returns.
pub(crate) fn run<F>(shared: &RuntimeState, done: Done, start: F) -> u64
where
    F: for<'e> FnOnce(&Env<'e>, &Arc<RuntimeState>) -> Result<Local<'e>> + Send + 'static,
{
    let done = Waiter::new(done);
    shared.post(Box::new(move |env, shared| {
        let id = current_id(shared);
        let mut done = Some(done);
        let ran = shared.scoped(env, None, |env| {
            shared.before_execution()?;
            let value = start(env, shared)?;
            end_of_job(env, shared, value)?;
            watch(env, shared, id, value, &mut done)
        });
        if let Err(e) = ran {
            fail(shared, id, &mut done, e);
        }
    }))
}

/// The job's microtasks, then its unhandled rejections: an error nobody
/// caught while it ran fails it (as in the published jsrun), whatever it returned.
fn end_of_job<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, value: Local<'e>) -> Result<()> {
    env.run_microtasks()?;
    crate::uncaught::checkpoint(env, shared, Some(value))?;
    match shared.uncaught.take() {
        Some(info) => Err(Error::Js(info)),
        None => Ok(()),
    }
}

fn current_id(shared: &RuntimeState) -> u64 {
    lock(&shared.tasks.current_job).id.unwrap_or(0)
}

/// Completes now if `value` is not a pending promise; else registers `done`
/// and has JS report the settlement through the `settle` host function.
fn watch<'e>(
    env: &Env<'e>,
    shared: &Arc<RuntimeState>,
    id: u64,
    value: Local<'e>,
    done: &mut Option<Waiter>,
) -> Result<()> {
    let Some(done) = done.take() else { return Ok(()) };
    if env.kind(value) == Kind::Promise {
        if let PromiseState::Pending = env.promise_state(value) {
            lock(&shared.tasks.waiters).insert(id, done);
            let watch = watcher(env, shared)?;
            let id_value = env.new_number(id as f64)?;
            env.call_function(watch, None, &[value, id_value])?;
            return Ok(());
        }
    }
    let result =
        Reader::new(env, Some(shared), shared.limits).read_result(value).map_err(|e| shared.causes.with_cause(e));
    done.finish(result);
    Ok(())
}

const WATCH: &str = include_str!("../js/watch.js");

/// The JS function that reports a promise's settlement to `complete`.
fn watcher<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>) -> Result<Local<'e>> {
    if let Some(watch) = shared.helpers.watch_promise.get() {
        // SAFETY: the handle lives as long as the isolate.
        return Ok(unsafe { env.global_value(watch) });
    }
    let weak = Arc::downgrade(shared);
    let settle: Arc<dyn HostFunction> = Arc::new(move |args: crate::host::Args| {
        let id = match args.first() {
            Some(Value::Int(i)) => u64::try_from(*i).ok(),
            _ => None,
        };
        if let (Some(shared), Some(id)) = (weak.upgrade(), id) {
            let ok = matches!(args.get(1), Some(Value::Bool(true)));
            let value = args.into_iter().nth(2).unwrap_or(Value::Undefined);
            complete(&shared, id, ok, value);
        }
        HostOutcome::Return(Value::Undefined)
    });
    let source = crate::intrinsics::script(shared, WATCH, "jsrun:watch");
    let make = env.run_script(Text::Utf8(&source), Some("jsrun:watch"))?;
    let settle = shared.host_function(env, settle, None, false)?;
    let watch = env.call_function(make, None, &[settle])?;
    let _ = shared.helpers.watch_promise.set(env.new_global(watch));
    Ok(watch)
}

/// A job failed: complete its waiter, wherever it is.
fn fail(shared: &RuntimeState, id: u64, done: &mut Option<Waiter>, error: Error) {
    let done = done.take().or_else(|| lock(&shared.tasks.waiters).remove(&id));
    if let Some(done) = done {
        done.finish(Err(error));
    }
}

/// Called by the `settle` host function when a watched promise settles.
pub(crate) fn complete(shared: &Arc<RuntimeState>, id: u64, ok: bool, value: Value) {
    let Some(done) = lock(&shared.tasks.waiters).remove(&id) else {
        return;
    };
    // Awaited when an error no one caught came: it fails, even with a result.
    if let Some(info) = shared.uncaught.peek() {
        return done.finish(Err(Error::Js(info)));
    }
    if ok {
        return done.finish(Ok(value));
    }
    let mut info = match value {
        Value::Error(info) => info,
        other => Box::new(ErrorInfo {
            name: None,
            message: format!("Uncaught {}", crate::value::display(&other)),
            thrown: Some(Box::new(other)),
            ..ErrorInfo::default()
        }),
    };
    shared.causes.attach(&mut info);
    done.finish(Err(Error::Js(info)));
}

/// Stops waiting for job `id`; terminates it if it is running right now.
pub(crate) fn cancel(shared: &RuntimeState, id: u64) {
    // Dropped outside the locks: a dropped waiter reports to its caller.
    let queued = {
        let mut jobs = lock(&shared.tasks.jobs);
        jobs.iter().position(|(job, _)| *job == id).and_then(|at| jobs.remove(at))
    };
    let waiter = lock(&shared.tasks.waiters).remove(&id);
    drop((queued, waiter));
    let mut current = lock(&shared.tasks.current_job);
    if current.id == Some(id) {
        current.terminate_requested = true;
        // Under the lock: the loop cannot move on to another job meanwhile.
        shared.terminate();
    }
}

/// Write arguments for a call (shared with the sync path).
pub(crate) fn write_args<'e>(
    env: &Env<'e>,
    shared: &Arc<RuntimeState>,
    args: &[Value],
) -> Result<smallvec::SmallVec<[Local<'e>; 4]>> {
    let mut writer = Writer::new(env, shared, shared.limits);
    args.iter().map(|a| writer.write(a)).collect()
}

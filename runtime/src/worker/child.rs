//! A worker's own side: its parent, the JS that gets the parent's messages,
//! how its script starts, and when it ends.
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use super::{exited, notify, Channel, Event, InFlight, Kind, Script, Spec};
use crate::env::{Env, Global, Local, Message};
use crate::error::{Error, Result};
use crate::state::{lock, RuntimeState};
use crate::value::Text;

pub(crate) struct Parent {
    runtime: Weak<RuntimeState>,
    /// Bytes of messages waiting for the parent, and how many may.
    to_parent: Arc<std::sync::atomic::AtomicUsize>,
    limit: usize,
    /// This worker's id in its parent (Node's `threadId`).
    pub(crate) id: u64,
    pub(crate) kind: Kind,
    pub(crate) name: String,
    /// The script's URL, and whether it is a classic script (`importScripts` works).
    pub(crate) url: String,
    pub(crate) classic: bool,
    /// Node's `workerData`, until JS reads it.
    pub(crate) data: Mutex<Option<InFlight>>,
    /// The worker's JS function for messages from the parent.
    pub(crate) listener: Mutex<Option<Global>>,
    /// Messages from the parent not yet dispatched: each has a job on the
    /// loop, or `receiveMessageOnPort(parentPort)` takes it first.
    inbox: Mutex<VecDeque<(Channel, InFlight)>>,
    /// Node: what keeps the worker alive besides timers, jobs and V8's
    /// tasks (a `message` listener on `parentPort`, a module still loading).
    pub(crate) holds: AtomicIsize,
    /// A web worker called `close()`: it ends when this turn does.
    pub(crate) closing: AtomicBool,
    ended: AtomicBool,
}

impl Parent {
    /// Ends this worker (once) and tells the parent, whose `exit` gets `code`.
    pub(crate) fn exit(&self, code: i32) {
        if !self.ended.swap(true, Ordering::AcqRel) {
            exited(&self.runtime, self.id, code);
        }
    }

    /// Sends a message to the parent.
    pub(crate) fn post(&self, channel: Channel, message: Message, carried: Vec<u64>) -> Result<()> {
        if self.ended.load(Ordering::Acquire) {
            // Nobody will read it: the ports it carried close.
            drop(InFlight::unbounded(message).carrying(carried));
            return Ok(());
        }
        let message = InFlight::new(message, &self.to_parent, self.limit)?.carrying(carried);
        notify(&self.runtime, self.id, Event::Post(channel, message));
        Ok(())
    }
}

/// Makes `shared` the runtime of worker `id` of `parent`.
pub(super) fn adopt(shared: &RuntimeState, parent: Weak<RuntimeState>, id: u64, spec: &mut Spec, limit: usize) {
    let _ = shared.workers.parent.set(Parent {
        to_parent: Arc::default(),
        limit,
        runtime: parent,
        id,
        kind: spec.kind,
        name: spec.name.clone(),
        url: spec.url.clone(),
        classic: matches!(spec.script, Script::Classic { .. }),
        data: Mutex::new(spec.data.take()),
        listener: Mutex::new(None),
        inbox: Mutex::default(),
        holds: AtomicIsize::new(0),
        closing: AtomicBool::new(false),
        ended: AtomicBool::new(false),
    });
}

/// Queues the worker's script: its scope is made, then the script runs.
pub(super) fn run(shared: &Arc<RuntimeState>, script: Script) {
    shared.post(Box::new(move |env, shared| {
        if let Err(Error::Js(_)) = start(env, shared, script) {
            let (thrown, message) = env.last_exception();
            forward(env, shared, thrown, message);
        }
        // A module and what it imports load in microtasks: they have run
        // (up to a top-level await) before the first message is dispatched.
        end_task(env, shared);
    }));
}

/// HTML's microtask checkpoint after a task, and its unhandled rejections.
pub(super) fn end_task(env: &Env<'_>, shared: &Arc<RuntimeState>) {
    if env.run_microtasks().is_ok() {
        let _ = crate::uncaught::checkpoint(env, shared, None);
    }
}

fn start(env: &Env<'_>, shared: &Arc<RuntimeState>, script: Script) -> Result<()> {
    let scope = super::natives::scope(env, shared)?;
    match script {
        Script::Classic { source, name } => env.run_script(Text::Utf8(&source), Some(&name)).map(|_| ()),
        Script::Module { source, name } => {
            shared.modules.add_static(&name, source);
            let promise = crate::modules::import(env, shared, &name, None)?;
            env.call_function(env.get_named(scope, "loading")?, None, &[promise]).map(|_| ())
        }
        Script::Import(specifier) => {
            let promise = crate::modules::import(env, shared, &specifier, None)?;
            env.call_function(env.get_named(scope, "loading")?, None, &[promise]).map(|_| ())
        }
    }
}

/// A message from the parent, for the worker's JS (run on its loop).
pub(super) fn deliver(shared: &Arc<RuntimeState>, channel: Channel, message: InFlight) {
    let Some(parent) = shared.workers.parent.get() else { return };
    lock(&parent.inbox).push_back((channel, message));
    shared.post(Box::new(move |env, shared| {
        let Some((channel, mut message)) = next(shared) else { return };
        let Some(message) = message.take() else { return };
        let Some(parent) = shared.workers.parent.get() else { return };
        let listener = lock(&parent.listener).as_ref().map(|listener| {
            // SAFETY: the handle lives as long as the isolate.
            unsafe { env.global_value(listener) }
        });
        let Some(listener) = listener else { return };
        let Ok((name, value)) = read(env, shared, channel, message) else { return };
        // The listener reports what its handlers throw; only termination comes out.
        if let Err(Error::Js(_)) = env.call_function(listener, None, &[name, value]) {
            let (thrown, message) = env.last_exception();
            forward(env, shared, thrown, message);
        }
        end_task(env, shared);
    }));
}

/// The parent's next message not yet dispatched (None: `receive` took it).
fn next(shared: &RuntimeState) -> Option<(Channel, InFlight)> {
    let parent = shared.workers.parent.get()?;
    let next = lock(&parent.inbox).pop_front();
    next
}

/// A message as the worker's JS gets it: its event's name and value (an
/// unreadable post is a `messageerror` with the error).
fn read<'e>(
    env: &Env<'e>,
    shared: &Arc<RuntimeState>,
    channel: Channel,
    message: Message,
) -> Result<(Local<'e>, Local<'e>)> {
    let hooks = super::natives::hooks(env, shared)?;
    let (name, value) = match env.read_message(message, Some(hooks)) {
        Ok(value) => (channel.name(), value),
        Err(Error::Js(_)) if channel.is_posted() => {
            ("messageerror", env.last_exception().0.unwrap_or_else(|| env.undefined()))
        }
        Err(error) => return Err(error),
    };
    Ok((env.new_string(&name.into())?, value))
}

/// Node's `receiveMessageOnPort(parentPort)`: the parent's next message
/// now, as `[name, value]`, ahead of its job; None when none waits.
pub(crate) fn receive<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>) -> Result<Option<(Local<'e>, Local<'e>)>> {
    let Some((channel, mut message)) = next(shared) else { return Ok(None) };
    let Some(written) = message.take() else { return Ok(None) };
    read(env, shared, channel, written).map(Some)
}

/// An error nothing in a worker caught: the parent gets it (an `error`
/// event); a Node worker ends with code 1, as Node's does. False when this
/// runtime is not a worker, and for a web worker's rejection (`rejected`),
/// which browsers do not send to the page either.
pub(crate) fn forward_uncaught(env: &Env<'_>, shared: &Arc<RuntimeState>, error: Local<'_>, rejected: bool) -> bool {
    let Some(parent) = shared.workers.parent.get() else { return false };
    if rejected && parent.kind == Kind::Web {
        return false;
    }
    forward(env, shared, Some(error), None);
    true
}

/// `message`: V8's, where the error was thrown (the web's ErrorEvent says
/// where it was thrown, not where it was made).
fn forward<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, error: Option<Local<'e>>, message: Option<Local<'e>>) {
    let Some(parent) = shared.workers.parent.get() else { return };
    let info = crate::exception::describe(env, error, message);
    let text = match &info.name {
        Some(name) if !info.message.starts_with(name.as_str()) => format!("{name}: {}", info.message),
        _ => info.message.clone(),
    };
    let thrown_at = message.map(|m| env.message_location(m));
    let frame = thrown_at.as_ref().or(info.frames.first());
    let written = error.and_then(|error| {
        let hooks = super::natives::hooks(env, shared).ok();
        env.write_message(error, None, hooks).ok()
    });
    let event = Event::Error {
        error: written,
        message: format!("Uncaught {text}"),
        filename: frame.and_then(|f| f.file_name.clone()).unwrap_or_default(),
        line: frame.map_or(0, |f| f.line_number),
        column: frame.map_or(0, |f| f.column_number),
    };
    notify(&parent.runtime, parent.id, event);
    if parent.kind == Kind::Node {
        parent.exit(1);
    }
}

/// A web worker called `close()`.
pub(crate) fn closing(shared: &RuntimeState) -> bool {
    shared.workers.parent.get().is_some_and(|parent| parent.closing.load(Ordering::Relaxed))
}

/// The bound on one turn of this runtime's loop, if it is a worker with one.
pub(crate) fn turn_timeout(shared: &RuntimeState) -> Option<Duration> {
    shared.workers.parent.get()?;
    lock(&shared.workers.template).as_ref()?.options.workers.turn_timeout
}

/// A worker's turn ran past its bound: an error for the parent, and the end.
pub(crate) fn timed_out(shared: &RuntimeState, timeout: Duration) {
    let seconds = timeout.as_secs_f64();
    fail(shared, format!("Uncaught Error: the worker ran for more than {seconds} s in one turn"));
}

/// The worker cannot go on: `message` for the parent (an `error` event), then the end.
fn fail(shared: &RuntimeState, message: String) {
    let Some(parent) = shared.workers.parent.get() else { return };
    let event = Event::Error { error: None, message, filename: String::new(), line: 0, column: 0 };
    notify(&parent.runtime, parent.id, event);
    parent.exit(1);
}

/// After each turn of a Node worker's loop: with nothing left to do (no
/// job, timer, pending host promise, V8 background work or hold), it
/// exits with code 0, as a Node worker whose event loop is empty does.
pub(crate) fn after_turn(env: &Env<'_>, shared: &RuntimeState) {
    let Some(parent) = shared.workers.parent.get() else { return };
    if shared.cell.heap_limit_hit(env) {
        // As a call that fills the heap, the runtime is done for (V8 may not recover).
        return fail(shared, "Uncaught RangeError: the worker ran out of memory (max_heap_size)".into());
    }
    if parent.closing.load(Ordering::Acquire) {
        return parent.exit(0);
    }
    if parent.kind != Kind::Node || parent.holds.load(Ordering::Acquire) > 0 {
        return;
    }
    let idle = lock(&shared.tasks.jobs).is_empty()
        && lock(&shared.tasks.timers).active_count() == 0
        && lock(&shared.tasks.resolvers).is_empty()
        && lock(&shared.tasks.waiters).is_empty()
        && !env.has_pending_background_tasks();
    if idle {
        parent.exit(exit_code(env));
    }
}

/// `process.exitCode`, which a Node worker that ends by itself exits with.
fn exit_code(env: &Env<'_>) -> i32 {
    let code = env.get_named(env.global(), "process").and_then(|process| match env.kind(process) {
        crate::env::Kind::Object => env.get_named(process, "exitCode"),
        _ => Ok(env.undefined()),
    });
    match code {
        Ok(code) if matches!(env.kind(code), crate::env::Kind::Int32 | crate::env::Kind::Number) => {
            env.number(code) as i32
        }
        _ => 0,
    }
}

//! The messaging group's functions for MessagePorts entangled with another
//! thread's (runtime/js/web/messaging.js; the pipes are `ports`'). Ends are
//! numbers; a message is `[value, ports]`, its ports standing for the ends
//! of `carried`.
use std::sync::Arc;

use super::ports;
use crate::env::{Env, Kind, Local};
use crate::error::{Error, Result};
use crate::host::RawFunction;
use crate::state::{lock, RuntimeState};

fn number(env: &Env<'_>, value: Option<&Local<'_>>) -> Option<f64> {
    let value = *value?;
    matches!(env.kind(value), Kind::Int32 | Kind::Number).then(|| env.number(value))
}

fn end_arg(env: &Env<'_>, args: &[Local<'_>]) -> Result<u64> {
    number(env, args.first())
        .filter(|n| *n >= 0.0 && n.fract() == 0.0)
        .map(|n| n as u64)
        .ok_or_else(|| Error::Usage("a port's end expected".into()))
}

/// The ends of the array `value` (the ports a message carries).
pub(crate) fn ends(env: &Env<'_>, value: Option<&Local<'_>>) -> Result<Vec<u64>> {
    let Some(value) = value.copied().filter(|v| env.kind(*v) == Kind::Array) else { return Ok(Vec::new()) };
    (0..env.array_length(value))
        .map(|i| {
            let end = env.get_index(value, i)?;
            end_arg(env, &[end])
        })
        .collect()
}

/// `value` (argument `at`) written with the ArrayBuffers of argument `at + 1` moved.
fn write(env: &Env<'_>, shared: &Arc<RuntimeState>, args: &[Local<'_>], at: usize) -> Result<crate::env::Message> {
    let value = args.get(at).copied().unwrap_or_else(|| env.undefined());
    let buffers = args.get(at + 1).copied().filter(|b| env.kind(*b) == Kind::Array);
    env.write_message(value, buffers, Some(super::natives::hooks(env, shared)?))
}

/// `pipe()`: `[end, end]`, a new pipe's.
pub(crate) fn pipe() -> Arc<RawFunction> {
    Arc::new(|env, _shared, _args| {
        let (a, b) = ports::pipe();
        let array = env.new_array(2)?;
        env.array_fill(array, &[env.new_number(a as f64)?, env.new_number(b as f64)?])?;
        Ok(array)
    })
}

/// `bind(end)`: this runtime's port has it now; false if it cannot.
pub(crate) fn bind() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| env.boolean(ports::bind(shared, end_arg(env, args)?)))
}

/// `release(end)`: its port is being sent to another thread.
pub(crate) fn release() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        ports::release(shared, end_arg(env, args)?);
        Ok(env.undefined())
    })
}

/// `start(end)`: its port started.
pub(crate) fn start() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        ports::start(shared, end_arg(env, args)?);
        Ok(env.undefined())
    })
}

/// `send(end, message, buffers, carried)`.
pub(crate) fn send() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        let end = end_arg(env, args)?;
        let carried = ends(env, args.get(3))?;
        let message = write(env, shared, args, 1)?;
        ports::send(shared, end, message, carried)?;
        Ok(env.undefined())
    })
}

/// `requeue(end, index, message, buffers, carried)`: into `end`'s own inbox.
pub(crate) fn requeue() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        let end = end_arg(env, args)?;
        let index = number(env, args.get(1)).filter(|n| *n >= 0.0).map_or(0, |n| n as usize);
        let carried = ends(env, args.get(4))?;
        let message = write(env, shared, args, 2)?;
        ports::requeue(shared, end, index, message, carried)?;
        Ok(env.undefined())
    })
}

/// `unqueue(end, count)`.
pub(crate) fn unqueue() -> Arc<RawFunction> {
    Arc::new(|env, _shared, args| {
        let count = number(env, args.get(1)).filter(|n| *n >= 0.0).map_or(0, |n| n as usize);
        ports::unqueue(end_arg(env, args)?, count);
        Ok(env.undefined())
    })
}

/// `receive(end)`: the next message waiting there, or undefined.
pub(crate) fn receive() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        let Some(mut message) = ports::receive(shared, end_arg(env, args)?) else { return Ok(env.undefined()) };
        match message.take() {
            Some(message) => ports::read(env, shared, message),
            None => Ok(env.undefined()),
        }
    })
}

/// `close(end)`.
pub(crate) fn close() -> Arc<RawFunction> {
    Arc::new(|env, _shared, args| {
        ports::close(end_arg(env, args)?);
        Ok(env.undefined())
    })
}

/// `listen(f)`: f(end, type, value) gets what arrives at this runtime's ends.
pub(crate) fn listen() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        if let Some(f) = args.first().copied().filter(|f| env.kind(*f) == Kind::Function) {
            *lock(&shared.workers.ports.listener) = Some(env.new_global(f));
        }
        Ok(env.undefined())
    })
}

fn name_arg(env: &Env<'_>, args: &[Local<'_>]) -> Result<String> {
    args.first()
        .filter(|v| env.kind(**v) == Kind::String)
        .map(|v| env.string(*v).to_string_lossy())
        .ok_or_else(|| Error::Usage("a channel's name expected".into()))
}

/// `openChannel(name, opened)`: a BroadcastChannel of `name` was opened (or closed) here.
pub(crate) fn open_channel() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        let opened = args.get(1).is_some_and(|v| env.kind(*v) == Kind::True);
        super::broadcast::count(shared, &name_arg(env, args)?, opened);
        Ok(env.undefined())
    })
}

/// `broadcast(name, value)`: for the channels of `name` in the other threads.
pub(crate) fn broadcast() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        let value = args.get(1).copied().unwrap_or_else(|| env.undefined());
        super::broadcast::post(env, shared, &name_arg(env, args)?, value)?;
        Ok(env.undefined())
    })
}

/// `listenBroadcast(f)`: f(name, type, value) gets other threads' messages.
pub(crate) fn listen_broadcast() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        if let Some(f) = args.first().copied().filter(|f| env.kind(*f) == Kind::Function) {
            *lock(&shared.workers.broadcast.listener) = Some(env.new_global(f));
        }
        Ok(env.undefined())
    })
}

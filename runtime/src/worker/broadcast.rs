//! BroadcastChannel across a runtime and its workers: as in browsers (one
//! origin) and Node (one process), the open channels of a name hear each
//! other in every thread of the tree. The tree shares one `Hub` (in the
//! workers' template): the runtimes that have open channels of each name.
//! A message is written once for each of those runtimes and read by a job on
//! its loop. Runtimes made apart (two `Runtime()`s) never share a hub.
use std::collections::HashMap;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex, Weak};

use super::{InFlight, DEFAULT_PENDING_BYTES};
use crate::env::{Env, Global, Local};
use crate::error::{Error, Result};
use crate::state::{lock, RuntimeState};

/// The runtimes with channels of one name open, with how many each.
type Listeners = Vec<(Weak<RuntimeState>, usize)>;

/// Which runtimes of a tree have channels of each name open.
#[derive(Default)]
pub(crate) struct Hub {
    names: Mutex<HashMap<String, Listeners>>,
}

/// A runtime's side: the JS function that gets other threads' messages, and
/// the bytes of them waiting to be read.
#[derive(Default)]
pub(crate) struct Listening {
    pub(crate) listener: Mutex<Option<Global>>,
    pending: Arc<AtomicUsize>,
}

fn hub(shared: &RuntimeState) -> Option<Arc<Hub>> {
    lock(&shared.workers.template).as_ref().map(|template| template.hub.clone())
}

fn same(weak: &Weak<RuntimeState>, shared: &RuntimeState) -> bool {
    std::ptr::eq(weak.as_ptr(), shared)
}

/// A channel named `name` was opened (or closed) in `shared`.
pub(crate) fn count(shared: &Arc<RuntimeState>, name: &str, opened: bool) {
    let Some(hub) = hub(shared) else { return };
    let mut names = lock(&hub.names);
    let runtimes = names.entry(name.to_owned()).or_default();
    runtimes.retain(|(weak, _)| weak.strong_count() > 0);
    match runtimes.iter_mut().position(|(weak, _)| same(weak, shared)) {
        Some(i) if opened => {
            if let Some(entry) = runtimes.get_mut(i) {
                entry.1 += 1;
            }
        }
        Some(i) => {
            if let Some(entry) = runtimes.get_mut(i) {
                entry.1 = entry.1.saturating_sub(1);
                if entry.1 == 0 {
                    runtimes.swap_remove(i);
                }
            }
        }
        None if opened => runtimes.push((Arc::downgrade(shared), 1)),
        None => {}
    }
    if runtimes.is_empty() {
        names.remove(name);
    }
}

/// `value` for the channels named `name` in the tree's other runtimes.
pub(crate) fn post(env: &Env<'_>, shared: &Arc<RuntimeState>, name: &str, value: Local<'_>) -> Result<()> {
    let Some(hub) = hub(shared) else { return Ok(()) };
    let others: Vec<Arc<RuntimeState>> = lock(&hub.names)
        .get(name)
        .map(|runtimes| {
            runtimes.iter().filter(|(weak, _)| !same(weak, shared)).filter_map(|(weak, _)| weak.upgrade()).collect()
        })
        .unwrap_or_default();
    if others.is_empty() {
        return Ok(());
    }
    let hooks = super::natives::hooks(env, shared)?;
    for other in others {
        let limit =
            lock(&other.workers.template).as_ref().map_or(DEFAULT_PENDING_BYTES, |t| super::pending_limit(&t.options));
        let message =
            InFlight::new(env.write_message(value, None, Some(hooks))?, &other.workers.broadcast.pending, limit)?;
        let name = name.to_owned();
        other.post(Box::new(move |env, shared| deliver(env, shared, &name, message)));
    }
    Ok(())
}

/// A message from another thread for this runtime's channels named `name`:
/// `listener(name, "message" | "messageerror", value)`.
fn deliver(env: &Env<'_>, shared: &Arc<RuntimeState>, name: &str, mut message: InFlight) {
    let Some(written) = message.take() else { return };
    let listener = lock(&shared.workers.broadcast.listener).as_ref().map(|listener| {
        // SAFETY: the handle lives as long as the isolate.
        unsafe { env.global_value(listener) }
    });
    let Some(listener) = listener else { return };
    let (kind, value) = match super::ports::read(env, shared, written) {
        Ok(value) => ("message", value),
        Err(Error::Js(_)) => ("messageerror", env.last_exception().0.unwrap_or_else(|| env.undefined())),
        Err(_) => return,
    };
    let called = (|| {
        let args = [env.new_string(&name.into())?, env.new_string(&kind.into())?, value];
        env.call_function(listener, None, &args)
    })();
    if called.is_ok() {
        super::child::end_task(env, shared);
    }
}

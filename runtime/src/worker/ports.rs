//! MessagePorts whose other end is on another thread (a port sent to a
//! worker, or from one). Each such pair is a `Pipe` of two ends in a
//! registry of the process's. An end is owned by the runtime whose JS has
//! its port, or by nobody while the port is on its way in a message; what
//! is posted to it waits in its inbox and reaches its runtime's JS once the
//! port has started — one loop job per message, as each is a task — or
//! earlier, through `receiveMessageOnPort`.
//!
//! Locks: one end's at a time, never both (two threads close the two ends
//! at once); an inbox's messages are dropped with no lock held (dropping
//! one closes the ends it carried).
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicU64, AtomicUsize};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use super::{InFlight, DEFAULT_PENDING_BYTES};
use crate::env::{Env, Global, Message};
use crate::error::{Error, Result};
use crate::state::{lock, RuntimeState};

enum Item {
    Message(InFlight),
    /// The other end was closed (after what it had posted).
    Close,
}

struct End {
    owner: Option<Weak<RuntimeState>>,
    /// Changes when the owner does: a job queued for an earlier owner does nothing.
    epoch: u64,
    inbox: VecDeque<Item>,
    started: bool,
    /// A job that delivers the inbox's first item is queued.
    scheduled: bool,
    closed: bool,
    /// Bytes of messages waiting here, and how many may.
    pending: Arc<AtomicUsize>,
    limit: usize,
}

impl End {
    fn new() -> End {
        End {
            owner: None,
            epoch: 0,
            inbox: VecDeque::new(),
            started: false,
            scheduled: false,
            closed: false,
            pending: Arc::default(),
            limit: DEFAULT_PENDING_BYTES,
        }
    }

    fn owned_by(&self, shared: &RuntimeState) -> bool {
        self.owner.as_ref().is_some_and(|owner| std::ptr::eq(owner.as_ptr(), shared))
    }
}

#[derive(Clone, Copy)]
enum Side {
    A,
    B,
}

impl Side {
    fn other(self) -> Side {
        match self {
            Side::A => Side::B,
            Side::B => Side::A,
        }
    }
}

struct Pipe {
    a: Mutex<End>,
    b: Mutex<End>,
}

impl Pipe {
    fn end(&self, side: Side) -> &Mutex<End> {
        match side {
            Side::A => &self.a,
            Side::B => &self.b,
        }
    }
}

fn pipes() -> &'static Mutex<HashMap<u64, Arc<Pipe>>> {
    static PIPES: OnceLock<Mutex<HashMap<u64, Arc<Pipe>>>> = OnceLock::new();
    PIPES.get_or_init(Mutex::default)
}

static NEXT_PIPE: AtomicU64 = AtomicU64::new(1);

/// An end's id is its pipe's times two, plus its side.
fn find(end: u64) -> Option<(Arc<Pipe>, Side)> {
    let pipe = lock(pipes()).get(&(end >> 1)).cloned()?;
    Some((pipe, if end & 1 == 0 { Side::A } else { Side::B }))
}

/// A runtime's side: the ends its JS has ports for, and the JS function
/// (messaging.js's) that gets what arrives at them.
#[derive(Default)]
pub(crate) struct Owned {
    ends: Mutex<HashSet<u64>>,
    pub(crate) listener: Mutex<Option<Global>>,
}

/// A new pipe, neither end owned yet.
pub(crate) fn pipe() -> (u64, u64) {
    let id = NEXT_PIPE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    lock(pipes()).insert(id, Arc::new(Pipe { a: Mutex::new(End::new()), b: Mutex::new(End::new()) }));
    (id << 1, (id << 1) | 1)
}

/// `shared` takes `end` (its port arrived there); false if someone has it.
pub(crate) fn bind(shared: &Arc<RuntimeState>, end: u64) -> bool {
    let Some((pipe, side)) = find(end) else { return false };
    let mut state = lock(pipe.end(side));
    if state.closed || state.owner.is_some() {
        return false;
    }
    state.owner = Some(Arc::downgrade(shared));
    state.epoch += 1;
    state.limit =
        lock(&shared.workers.template).as_ref().map_or(DEFAULT_PENDING_BYTES, |t| super::pending_limit(&t.options));
    lock(&shared.workers.ports.ends).insert(end);
    schedule(end, &mut state);
    true
}

/// `shared` lets `end` go (its port is being sent on): it waits for its next owner.
pub(crate) fn release(shared: &RuntimeState, end: u64) {
    let Some((pipe, side)) = find(end) else { return };
    let mut state = lock(pipe.end(side));
    if state.owned_by(shared) {
        state.owner = None;
        state.epoch += 1;
        state.started = false;
        state.scheduled = false;
    }
    lock(&shared.workers.ports.ends).remove(&end);
}

/// The port of `end` started: what waits and what comes reaches its JS.
pub(crate) fn start(shared: &RuntimeState, end: u64) {
    let Some((pipe, side)) = find(end) else { return };
    let mut state = lock(pipe.end(side));
    if state.owned_by(shared) {
        state.started = true;
        schedule(end, &mut state);
    }
}

/// Posts `message` from `end` (which `shared` owns) to the other end.
pub(crate) fn send(shared: &RuntimeState, end: u64, message: Message, carried: Vec<u64>) -> Result<()> {
    // Closed (either end): as Node's and the web's, the message goes nowhere, and the ports it carried close.
    let Some((pipe, side)) = find(end) else { return abandon_all(carried) };
    if !lock(pipe.end(side)).owned_by(shared) {
        return abandon_all(carried);
    }
    let peer = end ^ 1;
    let mut state = lock(pipe.end(side.other()));
    if state.closed {
        drop(state);
        return abandon_all(carried);
    }
    let message = InFlight::new(message, &state.pending, state.limit)?.carrying(carried);
    state.inbox.push_back(Item::Message(message));
    schedule(peer, &mut state);
    Ok(())
}

/// Puts `message` at `index` of `end`'s own inbox: what its port had
/// received but not delivered goes with it to another thread.
pub(crate) fn requeue(
    shared: &RuntimeState,
    end: u64,
    index: usize,
    message: Message,
    carried: Vec<u64>,
) -> Result<()> {
    let Some((pipe, side)) = find(end) else { return abandon_all(carried) };
    let mut state = lock(pipe.end(side));
    if state.closed || !(state.owner.is_none() || state.owned_by(shared)) {
        drop(state);
        return abandon_all(carried);
    }
    let message = InFlight::new(message, &state.pending, state.limit)?.carrying(carried);
    let index = index.min(state.inbox.len());
    state.inbox.insert(index, Item::Message(message));
    Ok(())
}

/// Takes back the first `count` items of `end`'s inbox (a send that failed had requeued them).
pub(crate) fn unqueue(end: u64, count: usize) {
    let Some((pipe, side)) = find(end) else { return };
    let taken: Vec<Item> = {
        let mut state = lock(pipe.end(side));
        let count = count.min(state.inbox.len());
        state.inbox.drain(..count).collect()
    };
    drop(taken);
}

/// The next message waiting at `end` (Node's `receiveMessageOnPort`).
pub(crate) fn receive(shared: &RuntimeState, end: u64) -> Option<InFlight> {
    let (pipe, side) = find(end)?;
    let mut state = lock(pipe.end(side));
    if !state.owned_by(shared) || !matches!(state.inbox.front(), Some(Item::Message(_))) {
        return None;
    }
    match state.inbox.pop_front() {
        Some(Item::Message(message)) => Some(message),
        _ => None,
    }
}

/// Closes `end` (its port's `close()`, its runtime's end, or a message
/// carrying it that was never read): the other end gets `close` after
/// what was posted to it.
pub(crate) fn close(end: u64) {
    let Some((pipe, side)) = find(end) else { return };
    let dropped = {
        let mut state = lock(pipe.end(side));
        if state.closed {
            return;
        }
        if let Some(owner) = state.owner.take().and_then(|owner| owner.upgrade()) {
            lock(&owner.workers.ports.ends).remove(&end);
        }
        state.closed = true;
        state.epoch += 1;
        std::mem::take(&mut state.inbox)
    };
    drop(dropped);
    {
        let mut peer = lock(pipe.end(side.other()));
        if !peer.closed {
            peer.inbox.push_back(Item::Close);
            schedule(end ^ 1, &mut peer);
        }
    }
    forget_if_closed(end, &pipe);
}

fn forget_if_closed(end: u64, pipe: &Pipe) {
    if lock(&pipe.a).closed && lock(&pipe.b).closed {
        lock(pipes()).remove(&(end >> 1));
    }
}

/// A message carrying `end` was dropped unread: if nobody took it, it closes.
pub(crate) fn abandon(end: u64) {
    if crate::fork::forked() {
        return; // the registry's lock may be held by a thread this process does not have
    }
    let in_transit = find(end).is_some_and(|(pipe, side)| {
        let state = lock(pipe.end(side));
        state.owner.is_none() && !state.closed
    });
    if in_transit {
        close(end);
    }
}

/// Closes the ends a message that goes nowhere carried.
fn abandon_all(ends: Vec<u64>) -> Result<()> {
    for end in ends {
        abandon(end);
    }
    Ok(())
}

/// Closes every end a runtime owns (it is closing).
pub(crate) fn close_all(owned: &Owned) {
    let ends: Vec<u64> = lock(&owned.ends).drain().collect();
    for end in ends {
        close(end);
    }
}

/// Queues a job delivering the inbox's first item, if the owner should get it now.
fn schedule(end: u64, state: &mut End) {
    let ready = match state.inbox.front() {
        Some(Item::Close) => true,
        Some(Item::Message(_)) => state.started,
        None => false,
    };
    if state.scheduled || !ready {
        return;
    }
    let Some(owner) = state.owner.as_ref().and_then(Weak::upgrade) else { return };
    state.scheduled = true;
    let epoch = state.epoch;
    owner.post(Box::new(move |env, shared| deliver(env, shared, end, epoch)));
}

/// One item for the port's JS: `listener(end, "message" | "messageerror" | "close", value)`.
fn deliver(env: &Env<'_>, shared: &Arc<RuntimeState>, end: u64, epoch: u64) {
    let Some((pipe, side)) = find(end) else { return };
    let item = {
        let mut state = lock(pipe.end(side));
        if state.epoch != epoch {
            return;
        }
        state.scheduled = false;
        let item = state.inbox.pop_front();
        if matches!(item, Some(Item::Close)) {
            state.closed = true;
            state.owner = None;
            state.epoch += 1;
        }
        schedule(end, &mut state);
        item
    };
    let (name, value) = match item {
        None => return,
        Some(Item::Close) => {
            lock(&shared.workers.ports.ends).remove(&end);
            forget_if_closed(end, &pipe);
            ("close", env.undefined())
        }
        Some(Item::Message(mut message)) => {
            let Some(message) = message.take() else { return };
            match read(env, shared, message) {
                Ok(value) => ("message", value),
                Err(Error::Js(_)) => ("messageerror", env.last_exception().0.unwrap_or_else(|| env.undefined())),
                Err(_) => return,
            }
        }
    };
    let listener = lock(&shared.workers.ports.listener).as_ref().map(|listener| {
        // SAFETY: the handle lives as long as the isolate.
        unsafe { env.global_value(listener) }
    });
    let Some(listener) = listener else { return };
    let called = (|| {
        let args = [env.new_number(end as f64)?, env.new_string(&name.into())?, value];
        env.call_function(listener, None, &args)
    })();
    // The listener reports what handlers throw (reportError); only termination comes out.
    if called.is_ok() {
        super::child::end_task(env, shared);
    }
}

/// A message read in this runtime (its platform objects through their hooks).
pub(crate) fn read<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, message: Message) -> Result<crate::env::Local<'e>> {
    let hooks = super::natives::hooks(env, shared)?;
    env.read_message(message, Some(hooks))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registered(end: u64) -> bool {
        find(end).is_some()
    }

    fn closes_waiting(end: u64) -> usize {
        find(end).map_or(0, |(pipe, side)| {
            lock(pipe.end(side)).inbox.iter().filter(|item| matches!(item, Item::Close)).count()
        })
    }

    #[test]
    fn a_pipe_is_forgotten_once_both_ends_closed() {
        let (a, b) = pipe();
        assert_eq!((a >> 1, a ^ 1), (b >> 1, b));
        close(a);
        // The other end hears of it (once, however often the first closes).
        close(a);
        assert_eq!(closes_waiting(b), 1);
        assert!(registered(b));
        close(b);
        assert!(!registered(a) && !registered(b));
    }

    #[test]
    fn an_end_nobody_took_closes_when_its_message_is_dropped() {
        let (a, b) = pipe();
        abandon(b);
        assert_eq!(closes_waiting(a), 1);
        abandon(a);
        assert!(!registered(a));
    }

    #[test]
    fn unknown_ends_are_ignored() {
        close(u64::MAX);
        abandon(u64::MAX - 1);
        unqueue(u64::MAX, 3);
        assert!(!registered(u64::MAX));
    }
}

//! Timeouts for synchronous calls: one process-wide thread sleeps until the
//! earliest deadline and terminates the call it was armed for.
//!
//! A deadline names a call by token. The call clears its token under the
//! same lock the watchdog takes to fire, so a late deadline can never
//! terminate the next call, and a termination that fired but did not hit is
//! cancelled when the outermost call returns (`RuntimeState::scoped`).
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant};

use crate::state::{lock, RuntimeState};

type Entry = Reverse<(Instant, u64)>;

/// Due times, and the runtime each armed token belongs to.
#[derive(Default)]
struct Deadlines {
    due: BinaryHeap<Entry>,
    calls: Vec<(u64, Weak<RuntimeState>)>,
}

struct Watchdog {
    deadlines: Mutex<Deadlines>,
    cond: Condvar,
    next: AtomicU64,
}

fn watchdog() -> Option<&'static Watchdog> {
    static WATCHDOG: OnceLock<Option<&'static Watchdog>> = OnceLock::new();
    *WATCHDOG.get_or_init(|| {
        let dog: &'static Watchdog = Box::leak(Box::new(Watchdog {
            deadlines: Mutex::default(),
            cond: Condvar::new(),
            next: AtomicU64::new(1),
        }));
        std::thread::Builder::new()
            .name("jsrun-watchdog".into())
            .stack_size(256 * 1024)
            .spawn(move || dog.run())
            .ok()
            .map(|_| dog)
    })
}

/// The running call's timeout: its token, and whether it fired.
#[derive(Default)]
pub(crate) struct TimedCall {
    token: Option<u64>,
    fired: bool,
}

/// A new deadline `timeout` from now for `shared`, whose token `record`
/// notes before the watchdog can fire it.
fn deadline(shared: &Arc<RuntimeState>, timeout: Duration, record: impl FnOnce(u64)) -> Option<u64> {
    let dog = watchdog()?;
    let token = dog.next.fetch_add(1, Ordering::Relaxed);
    record(token);
    let mut deadlines = lock(&dog.deadlines);
    deadlines.due.push(Reverse((Instant::now() + timeout, token)));
    deadlines.calls.push((token, Arc::downgrade(shared)));
    drop(deadlines);
    dog.cond.notify_one();
    Some(token)
}

/// The watchdog's list without `token` (its call ended).
fn forget(token: u64) {
    if let Some(dog) = watchdog() {
        lock(&dog.deadlines).calls.retain(|(t, _)| *t != token);
    }
}

/// Arms a deadline for the call running now in `shared`.
pub(crate) fn arm(shared: &Arc<RuntimeState>, timeout: Duration) -> Option<u64> {
    deadline(shared, timeout, |token| {
        *lock(&shared.calls.timed_call) = TimedCall { token: Some(token), fired: false };
    })
}

/// Arms a node:vm script's own timeout: when it fires, V8 stops the script
/// (and what called it, up to the vm call, which turns that into its error).
pub(crate) fn arm_vm(shared: &Arc<RuntimeState>, timeout: Duration) -> Option<u64> {
    deadline(shared, timeout, |token| lock(&shared.calls.vm_timeouts).push((token, false)))
}

/// Ends a vm script's timeout; true if it fired.
pub(crate) fn disarm_vm(shared: &RuntimeState, token: u64) -> bool {
    let fired = {
        let mut timeouts = lock(&shared.calls.vm_timeouts);
        let fired = timeouts.iter().any(|(t, fired)| *t == token && *fired);
        timeouts.retain(|(t, _)| *t != token);
        fired
    };
    forget(token);
    fired
}

/// Ends the call's timeout; true if it fired.
pub(crate) fn disarm(shared: &RuntimeState, token: u64) -> bool {
    let fired = {
        let mut timed = lock(&shared.calls.timed_call);
        let fired = timed.token == Some(token) && timed.fired;
        *timed = TimedCall::default();
        fired
    };
    forget(token);
    fired
}

impl Watchdog {
    fn run(&self) {
        let mut deadlines = lock(&self.deadlines);
        loop {
            let now = Instant::now();
            while let Some(Reverse((at, token))) = deadlines.due.peek().copied() {
                if at > now {
                    break;
                }
                deadlines.due.pop();
                let Some(index) = deadlines.calls.iter().position(|(t, _)| *t == token) else {
                    continue;
                };
                let (_, shared) = deadlines.calls.swap_remove(index);
                if let Some(shared) = shared.upgrade() {
                    let mut timed = lock(&shared.calls.timed_call);
                    if timed.token == Some(token) {
                        timed.fired = true;
                        shared.terminate();
                    }
                    drop(timed);
                    let mut vm = lock(&shared.calls.vm_timeouts);
                    if let Some(entry) = vm.iter_mut().find(|(t, _)| *t == token) {
                        // Not shared.terminate(): the vm call ends this termination itself.
                        entry.1 = true;
                        shared.cell.terminate();
                    }
                }
            }
            deadlines = match deadlines.due.peek() {
                Some(Reverse((at, _))) => {
                    let wait = at.saturating_duration_since(Instant::now());
                    self.cond.wait_timeout(deadlines, wait).map(|(g, _)| g).unwrap_or_else(|p| p.into_inner().0)
                }
                None => self.cond.wait(deadlines).unwrap_or_else(|p| p.into_inner()),
            };
        }
    }
}

//! Who is inside an isolate, and how others wait for it.
//!
//! V8's Locker blocks a waiting thread without limit. In front of it each
//! isolate has a gate, and a thread that finds the gate taken waits here in
//! short steps, so that it can give up at its call's deadline, and notice a
//! cycle of threads each inside one runtime and waiting for the next (A's
//! bound function calls B while B's calls A on another thread). The first
//! thread to see the cycle leaves it with an error; the others then go on.
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use crate::stack::thread_key;

/// How often a waiting thread looks for a cycle again.
const STEP: Duration = Duration::from_millis(20);
/// Longest chain of waits followed when looking for a cycle.
const MAX_CHAIN: usize = 64;

/// Why a thread did not get in.
#[derive(Debug)]
pub(crate) enum Blocked {
    /// The runtimes of the cycle, this thread's wait first.
    Deadlock(Vec<u64>),
    Timeout,
}

pub(crate) struct Gate {
    /// A number naming the runtime in messages.
    pub(crate) id: u64,
    /// `thread_key()` of the thread inside, 0 if none.
    owner: AtomicUsize,
    /// Nested entries of the owner (only the owner touches it).
    depth: AtomicUsize,
    /// Threads waiting; the leaving owner wakes them only if there are any.
    waiting: AtomicUsize,
    sleep: Mutex<()>,
    left: Condvar,
}

/// Threads waiting at a gate, by `thread_key()`.
fn waits() -> MutexGuard<'static, HashMap<usize, Arc<Gate>>> {
    static WAITS: OnceLock<Mutex<HashMap<usize, Arc<Gate>>>> = OnceLock::new();
    let map = WAITS.get_or_init(Mutex::default);
    map.lock().unwrap_or_else(|p| p.into_inner())
}

impl Gate {
    pub(crate) fn new() -> Arc<Gate> {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Arc::new(Gate {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            owner: AtomicUsize::new(0),
            depth: AtomicUsize::new(0),
            waiting: AtomicUsize::new(0),
            sleep: Mutex::new(()),
            left: Condvar::new(),
        })
    }

    /// True if the calling thread is inside.
    pub(crate) fn held_here(&self) -> bool {
        self.owner.load(Ordering::Acquire) == thread_key()
    }

    fn try_take(&self, me: usize) -> bool {
        if self.owner.compare_exchange(0, me, Ordering::SeqCst, Ordering::Relaxed).is_ok() {
            self.depth.store(1, Ordering::Relaxed);
            return true;
        }
        false
    }

    /// Enters (again, if this thread is inside already); the pass leaves.
    pub(crate) fn enter(self: &Arc<Self>, deadline: Option<Instant>) -> Result<Pass<'_>, Blocked> {
        let me = thread_key();
        if self.owner.load(Ordering::Acquire) == me {
            self.depth.fetch_add(1, Ordering::Relaxed);
            return Ok(Pass(self));
        }
        if self.try_take(me) {
            return Ok(Pass(self));
        }
        waits().insert(me, self.clone());
        let entered = self.wait(me, deadline);
        waits().remove(&me);
        entered.map(|()| Pass(self))
    }

    fn wait(self: &Arc<Self>, me: usize, deadline: Option<Instant>) -> Result<(), Blocked> {
        loop {
            {
                let mut waits = waits();
                if let Some(chain) = self.cycle(me, &waits) {
                    waits.remove(&me);
                    return Err(Blocked::Deadlock(chain));
                }
            }
            let step = match deadline {
                Some(at) => match at.checked_duration_since(Instant::now()) {
                    Some(left) if !left.is_zero() => left.min(STEP),
                    _ => return Err(Blocked::Timeout),
                },
                None => STEP,
            };
            // Counted before the last look, so a leaving owner that misses
            // this waiter's look sees the count and wakes it.
            let guard = self.sleep.lock().unwrap_or_else(|p| p.into_inner());
            self.waiting.fetch_add(1, Ordering::SeqCst);
            let taken = self.try_take(me);
            if !taken {
                let _ = self.left.wait_timeout(guard, step).unwrap_or_else(|p| p.into_inner());
            }
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            if taken || self.try_take(me) {
                return Ok(());
            }
        }
    }

    /// Follows holder → the gate it waits at → its holder …; a cycle if it
    /// comes back to `me`. Called with the waits locked.
    fn cycle(self: &Arc<Self>, me: usize, waits: &HashMap<usize, Arc<Gate>>) -> Option<Vec<u64>> {
        let mut chain = vec![self.id];
        let mut gate = self.clone();
        for _ in 0..MAX_CHAIN {
            let holder = gate.owner.load(Ordering::Acquire);
            if holder == 0 {
                return None;
            }
            if holder == me {
                return Some(chain);
            }
            gate = waits.get(&holder)?.clone();
            chain.push(gate.id);
        }
        None
    }
}

/// Proof of being inside; dropping it leaves.
pub(crate) struct Pass<'a>(&'a Gate);

impl Drop for Pass<'_> {
    fn drop(&mut self) {
        let gate = self.0;
        if gate.depth.fetch_sub(1, Ordering::Relaxed) == 1 {
            gate.owner.store(0, Ordering::SeqCst);
            if gate.waiting.load(Ordering::SeqCst) > 0 {
                let _sleep = gate.sleep.lock().unwrap_or_else(|p| p.into_inner());
                gate.left.notify_all();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;

    #[test]
    fn a_thread_reenters_and_others_wait() {
        let gate = Gate::new();
        let outer = gate.enter(None).ok();
        let inner = gate.enter(None).ok();
        assert!(outer.is_some() && inner.is_some());
        let other = gate.clone();
        let timed_out = std::thread::spawn(move || {
            matches!(other.enter(Some(Instant::now() + Duration::from_millis(50))), Err(Blocked::Timeout))
        });
        assert!(timed_out.join().unwrap_or(false));
        drop((inner, outer));
        let other = gate.clone();
        assert!(std::thread::spawn(move || other.enter(None).is_ok()).join().unwrap_or(false));
    }

    #[test]
    fn a_cycle_fails_in_one_thread_and_the_other_goes_on() {
        let (a, b) = (Gate::new(), Gate::new());
        let barrier = Arc::new(Barrier::new(2));
        let run = |mine: Arc<Gate>, theirs: Arc<Gate>, barrier: Arc<Barrier>| {
            std::thread::spawn(move || {
                let _inside = mine.enter(None).ok();
                barrier.wait();
                match theirs.enter(None) {
                    Ok(_) => Ok(()),
                    Err(Blocked::Deadlock(chain)) => Err(chain),
                    Err(Blocked::Timeout) => Err(vec![]),
                }
            })
        };
        let one = run(a.clone(), b.clone(), barrier.clone());
        let two = run(b.clone(), a.clone(), barrier);
        let outcomes = [one.join().ok(), two.join().ok()];
        let failed: Vec<_> = outcomes.iter().flatten().filter_map(|r| r.as_ref().err()).collect();
        let done = outcomes.iter().flatten().filter(|r| r.is_ok()).count();
        assert_eq!((failed.len(), done), (1, 1));
        let mut named = failed[0].clone();
        named.sort_unstable();
        let mut both = vec![a.id, b.id];
        both.sort_unstable();
        assert_eq!(named, both);
    }
}

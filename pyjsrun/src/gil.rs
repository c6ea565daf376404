//! The GIL around synchronous calls: released while JS runs, and kept
//! between the Python callbacks of one call (a *lease*).
//!
//! A synchronous call (`eval`, a `JsFunction` call…) releases the GIL while
//! JS runs (`detach`). Without a lease, each Python callback JS makes takes
//! the GIL and gives it back, a lock round trip per callback. With one, the
//! first callback takes the GIL and keeps it: later callbacks of that call
//! find it held. The lease ends when the call returns to Python, or when the
//! *ticker* sees it held for more than a tick (about a millisecond): it asks
//! the isolate for an interrupt, which gives the GIL back on the JS thread at
//! JS's next interrupt check. So other Python threads wait at most a tick or
//! two for the GIL while JS runs, as they would for Python's own switch
//! interval, and a call whose JS calls back into Python pays one GIL round
//! trip, not one per callback.
//!
//! The lease is held with `PyGILState_Ensure` behind PyO3's back: PyO3 still
//! counts the thread as detached, so references dropped during the lease go
//! to its deferred pool (emptied when the call takes the GIL back), and a
//! callback under a lease runs with the GIL as it is. Only threads
//! inside `detach` take leases (not the loop thread), and not in a runtime
//! with an inspector (a paused runtime waits for DevTools with JS stopped).
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, Weak};
use std::time::Duration;

use pyo3::ffi;
use pyo3::prelude::*;

use crate::state::RuntimeRef;

/// How long JS may keep the GIL of a lease before the ticker asks for it back.
const TICK: Duration = Duration::from_millis(1);
/// Ticks without a lease before the ticker sleeps until the next one.
const IDLE_TICKS: u32 = 200;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lease {
    /// Not inside `detach` (the loop thread, or a thread holding the GIL).
    Off,
    /// Inside `detach`, GIL released: the next callback may take a lease.
    Ready,
    /// Inside `detach`, GIL held for the callbacks (with Ensure's state).
    Held(ffi::PyGILState_STATE),
}

thread_local! {
    static LEASE: Cell<Lease> = const { Cell::new(Lease::Off) };
    static SLOT: Arc<Slot> = Slot::register();
}

/// What the ticker sees of one thread's lease.
struct Slot {
    /// The tick the lease began in (0: no lease; `ASKED`: interrupt requested).
    since: AtomicU64,
    /// The runtime whose JS holds the lease (interrupted to end it).
    runtime: Mutex<Option<RuntimeRef>>,
}

const ASKED: u64 = u64::MAX;

static SLOTS: Mutex<Vec<Weak<Slot>>> = Mutex::new(Vec::new());
static HELD: AtomicUsize = AtomicUsize::new(0);
static TICKS: AtomicU64 = AtomicU64::new(1);
static TICKER: Ticker = Ticker {
    started: AtomicBool::new(false),
    parked: AtomicBool::new(false),
    wake: Mutex::new(false),
    bell: Condvar::new(),
};

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Slot {
    fn register() -> Arc<Slot> {
        let slot = Arc::new(Slot { since: AtomicU64::new(0), runtime: Mutex::new(None) });
        let mut all = lock(&SLOTS);
        all.retain(|s| s.strong_count() > 0);
        all.push(Arc::downgrade(&slot));
        slot
    }
}

/// `py.detach(f)` for a call that may run JS: callbacks of the call may
/// keep the GIL between them, and it is given back before `f` returns.
pub(crate) fn detach<T, F>(py: Python<'_>, f: F) -> T
where
    F: Send + FnOnce() -> T,
    T: Send,
{
    let outer = LEASE.with(|l| l.replace(Lease::Ready));
    // Called from a callback that holds a lease: the slot is this call's
    // while it runs, and the outer lease's again after.
    let outer_runtime = match outer {
        Lease::Held(_) => SLOT.with(|slot| {
            slot.since.store(0, Ordering::Release);
            lock(&slot.runtime).take()
        }),
        _ => None,
    };
    let out = py.detach(|| {
        let _end = EndLease;
        f()
    });
    LEASE.with(|l| l.set(outer));
    if let Some(runtime) = outer_runtime {
        SLOT.with(|slot| {
            *lock(&slot.runtime) = Some(runtime);
            slot.since.store(TICKS.load(Ordering::Relaxed), Ordering::Release);
        });
    }
    out
}

/// Ends this thread's lease when the detached call leaves (also on a panic),
/// before PyO3 takes the GIL back.
struct EndLease;

impl Drop for EndLease {
    fn drop(&mut self) {
        end_lease();
    }
}

/// Runs a Python callback `f` of `ctx`'s JS: under this thread's lease
/// (taking one if it may), else attached as usual. None if Python is gone.
pub(crate) fn callback<R>(ctx: &RuntimeRef, f: impl for<'py> FnOnce(Python<'py>) -> R) -> Option<R> {
    match LEASE.with(Cell::get) {
        Lease::Held(_) => {}
        Lease::Ready if !ctx.rt.has_inspector() => take_lease(ctx),
        _ => return Python::try_attach(f),
    }
    // SAFETY: the lease holds the GIL on this thread. PyO3 still counts the
    // thread detached, so a `Py` dropped inside goes to its deferred pool,
    // emptied when the call takes the GIL back (see the module's comment).
    Some(f(unsafe { Python::assume_attached() }))
}

/// Takes the GIL for the rest of the call (or until the ticker asks for it).
fn take_lease(ctx: &RuntimeRef) {
    // SAFETY: inside `detach`, this thread has a thread state and does not
    // hold the GIL; PyO3's count stays 0 (see the module's comment).
    let state = unsafe { ffi::PyGILState_Ensure() };
    LEASE.with(|l| l.set(Lease::Held(state)));
    SLOT.with(|slot| {
        *lock(&slot.runtime) = Some(ctx.clone());
        slot.since.store(TICKS.load(Ordering::Relaxed), Ordering::Release);
    });
    HELD.fetch_add(1, Ordering::SeqCst);
    TICKER.wake();
}

/// Gives the GIL of this thread's lease back, if it holds one.
fn end_lease() {
    // No lease anywhere (the common case): no thread-local to look at. A
    // thread always sees its own lease counted.
    if HELD.load(Ordering::Relaxed) == 0 {
        return;
    }
    let Lease::Held(state) = LEASE.with(Cell::get) else { return };
    LEASE.with(|l| l.set(Lease::Ready));
    let runtime = SLOT.with(|slot| {
        slot.since.store(0, Ordering::Release);
        lock(&slot.runtime).take()
    });
    HELD.fetch_sub(1, Ordering::SeqCst);
    // The runtime's last reference may go here: with the GIL still held.
    drop(runtime);
    // SAFETY: `state` is what this thread's `PyGILState_Ensure` returned,
    // and the lease's GIL is still held by this thread.
    unsafe { ffi::PyGILState_Release(state) };
}

struct Ticker {
    started: AtomicBool,
    parked: AtomicBool,
    wake: Mutex<bool>,
    bell: Condvar,
}

impl Ticker {
    /// Starts the ticker, or wakes it if it sleeps.
    fn wake(&self) {
        if !self.started.load(Ordering::Acquire) {
            if !self.started.swap(true, Ordering::AcqRel) {
                let spawned =
                    std::thread::Builder::new().name("jsrun-gil".into()).stack_size(128 * 1024).spawn(|| TICKER.run());
                if spawned.is_err() {
                    self.started.store(false, Ordering::Release);
                }
            }
            return;
        }
        if self.parked.load(Ordering::SeqCst) {
            *lock(&self.wake) = true;
            self.bell.notify_one();
        }
    }

    fn run(&self) {
        let mut idle = 0;
        loop {
            std::thread::sleep(TICK);
            let tick = TICKS.fetch_add(1, Ordering::Relaxed) + 1;
            if HELD.load(Ordering::SeqCst) == 0 {
                idle += 1;
                if idle >= IDLE_TICKS {
                    self.park();
                    idle = 0;
                }
                continue;
            }
            idle = 0;
            let slots: Vec<Arc<Slot>> = lock(&SLOTS).iter().filter_map(Weak::upgrade).collect();
            for slot in slots {
                let since = slot.since.load(Ordering::Acquire);
                // Held since before the previous tick: a whole tick at least.
                if since == 0 || since == ASKED || since + 1 >= tick {
                    continue;
                }
                if slot.since.compare_exchange(since, ASKED, Ordering::AcqRel, Ordering::Relaxed).is_err() {
                    continue;
                }
                let runtime = lock(&slot.runtime).clone();
                if let Some(ctx) = runtime {
                    ctx.rt.request_interrupt(Box::new(end_lease));
                }
            }
        }
    }

    /// Sleeps until a lease begins.
    fn park(&self) {
        let mut woken = lock(&self.wake);
        self.parked.store(true, Ordering::SeqCst);
        while HELD.load(Ordering::SeqCst) == 0 && !*woken {
            woken = self.bell.wait(woken).unwrap_or_else(|p| p.into_inner());
        }
        *woken = false;
        self.parked.store(false, Ordering::SeqCst);
    }
}

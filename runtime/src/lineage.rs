//! Which snapshot the process's live isolates started from.
//!
//! Debian's V8 is built without pointer compression, so all isolates of a
//! process share one read-only heap, made from the snapshot of the first
//! isolate (while any lives). A snapshot refers to read-only objects by
//! their place in a list it carries itself; an isolate started from another
//! snapshot reads the shared heap with its own list and crashes (measured on
//! 10.2: a base64 table in a user snapshot, next to a default runtime). V8
//! checks this only in debug builds; jsrun refuses such a start instead.
//!
//! The shared heap is made again whenever the process has no isolate left,
//! which costs a runtime made after the last one closed ~0.35 ms. So once a
//! process has made a second runtime from V8's own snapshot, an idle
//! *keeper* isolate holds the heap; it gives way (is disposed) when a
//! runtime from another snapshot needs the process to itself.
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// A snapshot an isolate starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Origin {
    /// V8's own, in the library (default runtimes and snapshot builders).
    V8,
    /// One made by a `SnapshotBuilder`, by the checksum of its bytes.
    User(u32),
}

impl Origin {
    fn describe(self) -> &'static str {
        match self {
            Origin::V8 => "V8's own snapshot (the default)",
            Origin::User(_) => "a snapshot made by SnapshotBuilder",
        }
    }
}

/// The origin of the live isolates, and how many there are.
static LIVE: Mutex<Option<(Origin, usize)>> = Mutex::new(None);
/// Live isolates already closed, disposed when the thread inside leaves
/// (a runtime's loop thread finishing a task): only moments from gone.
static CLOSING: AtomicUsize = AtomicUsize::new(0);
/// Told whenever a lease ends.
static ENDED: Condvar = Condvar::new();
/// How long a start waits for closed isolates of another snapshot to go.
const CLOSING_WAIT: Duration = Duration::from_secs(5);

/// One live isolate's claim on the shared read-only heap.
#[derive(Debug)]
pub(crate) struct Lease {
    origin: Origin,
    closing: AtomicBool,
}

impl Lease {
    /// The isolate is closed but not yet disposed.
    pub(crate) fn closing(&self) {
        if !self.closing.swap(true, Ordering::AcqRel) {
            CLOSING.fetch_add(1, Ordering::AcqRel);
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        let mut live = LIVE.lock().unwrap_or_else(|p| p.into_inner());
        if *self.closing.get_mut() {
            CLOSING.fetch_sub(1, Ordering::AcqRel);
        }
        if let Some((origin, count)) = live.as_mut() {
            if *origin == self.origin {
                *count -= 1;
                if *count == 0 {
                    *live = None;
                }
            }
        }
        ENDED.notify_all();
    }
}

/// The keeper isolate, once made (see the module docs).
static KEEPER: Mutex<Option<crate::isolate::Isolate>> = Mutex::new(None);
/// Isolates made from V8's own snapshot so far.
static MADE: AtomicUsize = AtomicUsize::new(0);

/// The snapshot the live isolates started from (None: there are none).
pub(crate) fn live() -> Option<Origin> {
    LIVE.lock().unwrap_or_else(|p| p.into_inner()).as_ref().map(|(origin, _)| *origin)
}

/// True if an isolate could start from `origin` now (the keeper gives way).
pub(crate) fn free_for(origin: Origin) -> bool {
    let keeper = usize::from(KEEPER.lock().unwrap_or_else(|p| p.into_inner()).is_some());
    let live = LIVE.lock().unwrap_or_else(|p| p.into_inner());
    live.as_ref().is_none_or(|(current, count)| *current == origin || *count == keeper)
}

/// Counts an isolate made from V8's own snapshot; makes the keeper at the
/// second (a process that makes two is likely to make more).
pub(crate) fn made_from_v8() {
    if MADE.fetch_add(1, Ordering::Relaxed) != 1 {
        return;
    }
    // Without a keeper runtimes still work: only slower to make.
    let Ok(made) = crate::isolate::Isolate::keeper() else { return };
    let spare = KEEPER.lock().unwrap_or_else(|p| p.into_inner()).replace(made);
    drop(spare); // outside the lock: disposing takes the lineage lock
}

/// Disposes the keeper if it is the only live isolate and `origin` differs.
fn give_way(origin: Origin) {
    let keeper = {
        let mut keeper = KEEPER.lock().unwrap_or_else(|p| p.into_inner());
        let live = LIVE.lock().unwrap_or_else(|p| p.into_inner());
        match live.as_ref() {
            Some((current, 1)) if *current != origin => keeper.take(),
            _ => None,
        }
    };
    drop(keeper); // disposes it, releasing its lease (outside the locks)
}

/// A lease for an isolate starting from `origin`, or an error if live
/// isolates started from another snapshot. Hold it until the isolate is disposed.
pub(crate) fn acquire(origin: Origin) -> Result<Lease> {
    let deadline = Instant::now() + CLOSING_WAIT;
    loop {
        give_way(origin);
        let keeper = usize::from(KEEPER.lock().unwrap_or_else(|p| p.into_inner()).is_some());
        let mut live = LIVE.lock().unwrap_or_else(|p| p.into_inner());
        match live.as_mut() {
            None => *live = Some((origin, 1)),
            Some((current, count)) if *current == origin => *count += 1,
            Some((current, count)) => {
                // Isolates of another snapshot that are all closed (or the
                // keeper) are about to go: wait for them, then look again.
                let now = Instant::now();
                if *count <= CLOSING.load(Ordering::Acquire) + keeper && now < deadline {
                    drop(ENDED.wait_timeout(live, deadline - now));
                    continue;
                }
                let same_kind = std::mem::discriminant(current) == std::mem::discriminant(&origin);
                return Err(Error::Snapshot(format!(
                    "cannot start from {}{} while {count} runtime(s) or SnapshotBuilder(s) started from {} are \
                     alive: this V8 shares one read-only heap among a process's runtimes, so all live runtimes \
                     must start from the same snapshot. Close the others first, or start them from this \
                     snapshot too (see docs/snapshots.md)",
                    origin.describe(),
                    if same_kind { " (another one)" } else { "" },
                    current.describe()
                )));
            }
        }
        return Ok(Lease { origin, closing: AtomicBool::new(false) });
    }
}

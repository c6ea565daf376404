//! Thread residency: a thread that keeps calling one isolate keeps its V8
//! thread state there between calls (the bridge's `jsr_resident`) instead of
//! V8 setting it up and freeing it in each call (its stack guard, its handle
//! blocks: a fifth of a short call).
//!
//! Only the thread itself can move out, since V8 ties the state to it: when
//! it settles elsewhere, when it closes or disposes the isolate, and when it
//! ends. An isolate disposed by another thread while a thread is resident
//! keeps ~9.5 KiB of that thread's state which V8 never frees (measured), and
//! a thread's end races with the closes that follow it (Python's `join`
//! returns before the thread's destructors run). So only the process's main
//! thread settles in, and only in runtimes it made (it is the one that closes
//! them: `with Runtime() as rt`, or at exit), after `HOT` outermost calls in a
//! row into one, in at most `MAX` (the least recently entered gives way);
//! never in a runtime with an inspector.
use std::cell::RefCell;
use std::sync::Weak;
use std::time::Duration;

use crate::isolate::{Isolate, Released, Resident};
use crate::state::RuntimeState;

/// Outermost calls in a row into one isolate before a thread settles in.
const HOT: u32 = 4;
/// Isolates one thread is resident in at most.
const MAX: usize = 4;
/// How long an ending thread waits for a busy isolate to let it move out.
const EXIT_WAIT: Duration = Duration::from_millis(50);

struct Entry {
    gate: u64,
    owner: Weak<RuntimeState>,
    resident: Resident,
}

#[derive(Default)]
struct Here {
    /// Least recently entered first.
    entries: Vec<Entry>,
    last: u64,
    streak: u32,
}

impl Drop for Here {
    fn drop(&mut self) {
        for entry in std::mem::take(&mut self.entries) {
            let _ = leave(entry, Some(EXIT_WAIT));
        }
    }
}

thread_local! {
    static HERE: RefCell<Here> = RefCell::new(Here::default());
}

/// At an outermost entry into `cell` (its gate held, V8's lock not): counts
/// the streak, and settles in when it is long enough.
pub(crate) fn settle(cell: &Isolate) {
    let Some(owner) = cell.resident_owner() else { return };
    let id = cell.gate.id;
    let with_here = |f: &mut dyn FnMut(&mut Here)| {
        let _ = HERE.try_with(|here| {
            if let Ok(mut here) = here.try_borrow_mut() {
                f(&mut here);
            }
        });
    };
    let mut wanted = false;
    with_here(&mut |here| {
        if let Some(at) = here.entries.iter().position(|e| e.gate == id) {
            let entry = here.entries.remove(at);
            here.entries.push(entry);
            return;
        }
        if here.last == id {
            here.streak += 1;
        } else {
            here.last = id;
            here.streak = 1;
        }
        wanted = here.streak >= HOT;
    });
    if !wanted {
        return;
    }
    let mut oldest = None;
    with_here(&mut |here| {
        if here.entries.len() >= MAX {
            oldest = Some(here.entries.remove(0));
        }
    });
    // Moved out outside the borrow: that may dispose its isolate (`take_here`).
    if let Some(entry) = oldest {
        if let Err(entry) = leave(entry, None) {
            // Busy, or this thread is inside it: stay there, not here, for now.
            let mut entry = Some(entry);
            with_here(&mut |here| {
                if let Some(entry) = entry.take() {
                    here.entries.insert(0, entry);
                    here.streak = 0;
                }
            });
            if let Some(entry) = entry {
                let _ = leave(entry, Some(Duration::ZERO));
            }
            return;
        }
    }
    let Some(resident) = cell.make_resident() else { return };
    let mut entry = Some(Entry { gate: id, owner, resident });
    with_here(&mut |here| {
        if let Some(entry) = entry.take() {
            here.entries.push(entry);
            here.streak = 0;
        }
    });
    if let Some(entry) = entry {
        // No thread-local left to keep it in (the thread is ending): this
        // thread is at the gate and outside V8's lock, so it can move out now.
        cell.release_own(entry.resident);
    }
}

/// This thread's residency in the isolate behind `gate`, taken out of its
/// list (before the thread disposes that isolate).
pub(crate) fn take_here(gate: u64) -> Option<Resident> {
    HERE.try_with(|here| {
        let mut here = here.try_borrow_mut().ok()?;
        let at = here.entries.iter().position(|e| e.gate == gate)?;
        Some(here.entries.remove(at).resident)
    })
    .ok()
    .flatten()
}

/// Moves this thread out of `cell` before it closes, waiting up to `wait`
/// for a thread inside to leave. If this thread is inside, or the other one
/// stays, it stays resident: it moves out when it disposes the isolate
/// itself (`take_here`), else on its next settling in or when it ends.
pub(crate) fn move_out(cell: &Isolate, wait: Duration) {
    let mut entry = None;
    let _ = HERE.try_with(|here| {
        if let Ok(mut here) = here.try_borrow_mut() {
            if let Some(at) = here.entries.iter().position(|e| e.gate == cell.gate.id) {
                entry = Some(here.entries.remove(at));
            }
        }
    });
    let Some(Entry { gate, owner, resident }) = entry else { return };
    match cell.release_resident(resident, Some(wait)) {
        Released::Done => {}
        Released::Closed(resident) => resident.forget(),
        Released::Busy(resident) => {
            let mut entry = Some(Entry { gate, owner, resident });
            let _ = HERE.try_with(|here| {
                if let (Ok(mut here), Some(entry)) = (here.try_borrow_mut(), entry.take()) {
                    here.entries.push(entry);
                }
            });
            if let Some(entry) = entry {
                entry.resident.forget();
            }
        }
    }
}

/// Moves out of `entry`'s isolate; `wait`: how long to wait if another
/// thread is inside (None: not at all, and the entry comes back). With a
/// wait, an isolate still busy after it keeps this thread's state.
fn leave(entry: Entry, wait: Option<Duration>) -> Result<(), Entry> {
    // Past a fork, or with the isolate gone or closed, the resident's objects
    // must not run: only their memory is freed.
    if crate::fork::forked() {
        entry.resident.forget();
        return Ok(());
    }
    let Some(shared) = entry.owner.upgrade() else {
        entry.resident.forget();
        return Ok(());
    };
    let Entry { gate, owner, resident } = entry;
    match shared.cell.release_resident(resident, wait) {
        Released::Done => Ok(()),
        Released::Closed(resident) => {
            resident.forget();
            Ok(())
        }
        Released::Busy(resident) if wait.is_none() => Err(Entry { gate, owner, resident }),
        Released::Busy(resident) => {
            resident.forget();
            Ok(())
        }
    }
}

//! Where an async call's outcome meets a caller still waiting for it. An
//! `eval_async` whose result is ready within microseconds (most are) is
//! handed to the caller directly: no GIL taken on the loop thread, no
//! `call_soon_threadsafe`, no turn of the asyncio loop. The caller waits at
//! most `WAIT` with the GIL released, then leaves the outcome to the usual
//! path (`done` on the loop thread), so a long job never blocks asyncio.
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jsrun_runtime::Value;

/// How long a caller waits for an outcome: a few wake-ups of the loop thread.
const WAIT: Duration = Duration::from_micros(150);

enum Slot {
    Waiting,
    Ready(jsrun_runtime::Result<Value>),
    /// The caller stopped waiting: the outcome goes the usual way.
    Left,
}

#[derive(Clone)]
pub(crate) struct Rendezvous(Arc<Mutex<Slot>>);

impl Rendezvous {
    pub(crate) fn new() -> Self {
        Rendezvous(Arc::new(Mutex::new(Slot::Waiting)))
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Slot> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// From the side that has the outcome: gives it to the waiting caller,
    /// or back (Err) when the caller has left.
    pub(crate) fn offer(&self, result: jsrun_runtime::Result<Value>) -> Result<(), jsrun_runtime::Result<Value>> {
        let mut slot = self.slot();
        match *slot {
            Slot::Waiting => {
                *slot = Slot::Ready(result);
                Ok(())
            }
            _ => Err(result),
        }
    }

    /// From the caller (without the GIL): the outcome if it comes within
    /// `WAIT`; None after, and then it goes the usual way.
    pub(crate) fn wait(&self) -> Option<jsrun_runtime::Result<Value>> {
        let deadline = Instant::now() + WAIT;
        loop {
            {
                let mut slot = self.slot();
                if matches!(*slot, Slot::Ready(_)) {
                    return match std::mem::replace(&mut *slot, Slot::Left) {
                        Slot::Ready(result) => Some(result),
                        _ => None,
                    };
                }
                if Instant::now() >= deadline {
                    *slot = Slot::Left;
                    return None;
                }
            }
            // Not a bare spin: on a busy machine the loop thread may need this core.
            std::thread::yield_now();
        }
    }
}

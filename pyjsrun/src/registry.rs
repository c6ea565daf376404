//! Every live runtime of the process, weakly held: for Ctrl-C (which runtimes
//! the main thread is inside) and for interpreter exit (stop every runtime's
//! threads before Python finalises, when a thread taking the GIL would crash it).
use std::sync::Mutex;

use pyo3::prelude::*;

use crate::state::{RuntimeRef, WeakCtx};

static RUNTIMES: Mutex<Vec<WeakCtx>> = Mutex::new(Vec::new());

pub(crate) fn register(ctx: &RuntimeRef) {
    let mut all = RUNTIMES.lock().unwrap_or_else(|p| p.into_inner());
    // Closed runtimes stay until their state is gone: exit still joins their loop threads.
    all.retain(|w| w.rt.upgrade().is_some());
    all.push(ctx.downgrade());
}

/// The runtimes still alive.
pub(crate) fn live() -> Vec<RuntimeRef> {
    let all = RUNTIMES.lock().unwrap_or_else(|p| p.into_inner()).clone();
    all.iter().filter_map(WeakCtx::upgrade).filter(|c| !c.rt.is_closed()).collect()
}

/// Terminates and closes every runtime and waits for their loop threads
/// (registered with `atexit`, so it runs before the interpreter finalises).
/// Closed runtimes too: a loop thread may still be handing a result to Python.
#[pyfunction]
pub(crate) fn _shutdown_all(py: Python<'_>) {
    let all = RUNTIMES.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let runtimes: Vec<RuntimeRef> = all.iter().filter_map(WeakCtx::upgrade).collect();
    crate::gil::detach(py, || {
        for ctx in &runtimes {
            ctx.rt.shutdown();
        }
    });
}

//! A process forked after V8 started cannot run V8: the platform's worker
//! threads, every runtime's loop thread and the watchdog stayed behind in
//! the parent, and locks they held stay locked in the child. So each door
//! into V8 checks `forked()`: in such a child every call fails with
//! `Error::Forked`, and closing or dropping an inherited runtime leaks it
//! instead of touching V8. A process that forks before its first runtime
//! is unaffected (the handler is registered when V8 starts).
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::{Error, Result};

static FORKED: AtomicBool = AtomicBool::new(false);

extern "C" fn in_child() {
    FORKED.store(true, Ordering::Release);
}

/// Registers the at-fork handler (once, when V8 starts).
pub(crate) fn watch() {
    // SAFETY: `in_child` is async-signal-safe (one atomic store), as a
    // pthread_atfork child handler must be.
    unsafe {
        libc::pthread_atfork(None, None, Some(in_child));
    }
}

/// True in a child forked after this process started V8.
pub fn forked() -> bool {
    FORKED.load(Ordering::Acquire)
}

/// `Error::Forked` in such a child.
pub(crate) fn check() -> Result<()> {
    if forked() {
        return Err(Error::Forked(std::process::id()));
    }
    Ok(())
}

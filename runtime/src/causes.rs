//! The Python (host) exceptions behind JS errors: an error the host threw
//! carries a mark, and its cause waits here until the error reaches the host
//! again or the outermost call ends.
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use crate::error::Error;
use crate::state::lock;
use crate::value::{ErrorInfo, HostCause};

pub(crate) struct Causes {
    by_mark: Mutex<HashMap<u64, HostCause>>,
    /// Some cause is kept (read without the lock on every call).
    any: AtomicBool,
    next_mark: AtomicU64,
}

impl Default for Causes {
    fn default() -> Self {
        Causes { by_mark: Mutex::default(), any: AtomicBool::new(false), next_mark: AtomicU64::new(1) }
    }
}

impl Causes {
    /// Keeps `cause`; returns the mark to put on the JS error.
    pub(crate) fn keep(&self, cause: HostCause) -> u64 {
        let mark = self.next_mark.fetch_add(1, Ordering::Relaxed);
        lock(&self.by_mark).insert(mark, cause);
        self.any.store(true, Ordering::Release);
        mark
    }

    /// Attaches the host cause of a JS error that the host threw.
    pub(crate) fn with_cause(&self, error: Error) -> Error {
        match error {
            Error::Js(mut info) => {
                self.attach(&mut info);
                Error::Js(info)
            }
            other => other,
        }
    }

    pub(crate) fn attach(&self, info: &mut ErrorInfo) {
        if let Some(mark) = info.mark {
            if !self.any.load(Ordering::Acquire) {
                return;
            }
            if let Some(cause) = lock(&self.by_mark).get(&mark) {
                info.cause = Some(cause.clone());
            }
        }
    }

    /// Forgets every cause (at the end of the outermost call).
    pub(crate) fn clear(&self) {
        if self.any.load(Ordering::Acquire) && self.any.swap(false, Ordering::AcqRel) {
            lock(&self.by_mark).clear();
        }
    }
}

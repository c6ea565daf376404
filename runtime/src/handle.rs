//! Persistent V8 handles owned by the host (a `JsFunction` in Python, a
//! pending promise resolver). A handle may be dropped on any thread, but V8
//! handles may only be freed by the thread inside the isolate: dropping one
//! queues it, and the next thread to enter frees it.
use std::sync::{Arc, Weak};

use crate::env::{Env, Local};
use crate::ffi;
use crate::shared::Shared;

/// A raw handle that is only dereferenced inside the isolate.
pub(crate) struct RawGlobal(pub(crate) *mut ffi::jsr_global);

// SAFETY: the pointer is only used inside `enter` (under V8's Locker).
unsafe impl Send for RawGlobal {}

pub struct Handle {
    raw: *mut ffi::jsr_global,
    shared: Weak<Shared>,
}

// SAFETY: `raw` is only dereferenced inside the isolate; Drop only queues it.
unsafe impl Send for Handle {}
// SAFETY: as above.
unsafe impl Sync for Handle {}

impl Handle {
    pub(crate) fn new<'e>(env: &Env<'e>, shared: &Arc<Shared>, value: Local<'e>) -> Arc<Handle> {
        shared.live_handles.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Arc::new(Handle { raw: env.new_global(value), shared: Arc::downgrade(shared) })
    }

    /// The value, if this handle belongs to the runtime `shared`.
    pub(crate) fn get<'e>(&self, env: &Env<'e>, shared: &Shared) -> Option<Local<'e>> {
        if !std::ptr::eq(self.shared.as_ptr(), shared) {
            return None;
        }
        // SAFETY: the handle belongs to this isolate, which is entered, and
        // it is freed only after this Handle is dropped.
        Some(unsafe { env.global_value(self.raw) })
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        if let Some(shared) = self.shared.upgrade() {
            shared.release(RawGlobal(self.raw));
        }
        // Else the runtime is gone and its isolate with it: nothing to free.
    }
}

//! Persistent V8 handles owned by the host (a `JsFunction` in Python, a
//! pending promise). A handle may be dropped on any thread, but V8 handles
//! may only be freed by the thread inside the isolate: dropping one queues
//! it, and the next thread to enter frees it.
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};

use crate::env::{Env, Global, Local};
use crate::isolate::Isolate;
use crate::state::{lock, RuntimeState};

/// A [`Global`] the host holds, shared by `Arc` and released when the last
/// reference drops.
pub struct HostGlobal {
    /// Always `Some` until dropped.
    global: Option<Global>,
    shared: Weak<RuntimeState>,
}

impl HostGlobal {
    pub(crate) fn new<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, value: Local<'e>) -> Arc<HostGlobal> {
        shared.handles.count_new();
        Arc::new(HostGlobal { global: Some(env.new_global(value)), shared: Arc::downgrade(shared) })
    }

    /// The value, if this handle belongs to the runtime `shared`.
    pub(crate) fn get<'e>(&self, env: &Env<'e>, shared: &RuntimeState) -> Option<Local<'e>> {
        if !std::ptr::eq(self.shared.as_ptr(), shared) {
            return None;
        }
        // SAFETY: the handle belongs to this isolate, which is entered, and
        // it is freed only after this HostGlobal is dropped.
        self.global.as_ref().map(|g| unsafe { env.global_value(g) })
    }
}

impl Drop for HostGlobal {
    fn drop(&mut self) {
        if let (Some(shared), Some(global)) = (self.shared.upgrade(), self.global.take()) {
            shared.handles.release(&shared.cell, global);
        }
        // Else the runtime is gone and its isolate with it: nothing to free.
    }
}

/// The host's handles of one runtime: how many are live, and those dropped
/// and waiting for a thread inside the isolate to free them.
#[derive(Default)]
pub(crate) struct Handles {
    released: Mutex<Vec<Global>>,
    has_released: AtomicBool,
    live: AtomicUsize,
}

impl Handles {
    fn count_new(&self) {
        self.live.fetch_add(1, Ordering::Relaxed);
    }

    /// Queues `global` to be freed by the next thread inside the isolate.
    pub(crate) fn release(&self, cell: &Isolate, global: Global) {
        if cell.is_closed() {
            return; // the isolate freed everything when disposed
        }
        lock(&self.released).push(global);
        self.has_released.store(true, Ordering::Release);
    }

    /// Frees the queued handles (on the thread inside the isolate).
    pub(crate) fn drain(&self, env: &Env<'_>) {
        if !self.has_released.load(Ordering::Acquire) || !self.has_released.swap(false, Ordering::AcqRel) {
            return;
        }
        let queued = std::mem::take(&mut *lock(&self.released));
        self.live.fetch_sub(queued.len(), Ordering::Relaxed);
        for global in queued {
            // SAFETY: each queued handle belongs to this isolate and its
            // owner is gone, so nothing uses it again.
            unsafe { env.free_global(global) };
        }
    }

    /// Handles the host still holds: not those dropped and waiting to be
    /// freed, and none once the isolate is gone (it freed them all).
    pub(crate) fn count(&self, cell: &Isolate) -> usize {
        if cell.is_closed() {
            return 0;
        }
        let queued = lock(&self.released).len();
        self.live.load(Ordering::Relaxed).saturating_sub(queued)
    }
}

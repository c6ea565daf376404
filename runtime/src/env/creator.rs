//! V8's `SnapshotCreator` through the bridge: an isolate of its own that
//! runs set-up code and serialises its context.
use std::ffi::{c_char, c_void};

use super::Env;
use crate::error::{Error, Result};
use crate::ffi;
use crate::isolate::{trampoline_for, Call};

pub(crate) struct Creator {
    raw: *mut ffi::jsr_snapshot,
    /// Its isolate's claim on the shared read-only heap, until disposed.
    lease: Option<crate::lineage::Lease>,
}

// SAFETY: the creator's isolate is entered under V8's Locker for each call
// (`jsr_snapshot_enter`/`_build`), and its owner serialises the calls.
unsafe impl Send for Creator {}

impl Creator {
    /// A creator starting from V8's own snapshot.
    pub(crate) fn new() -> Result<Creator> {
        let lease = crate::lineage::acquire(crate::lineage::Origin::V8)?;
        // SAFETY: a valid C string; no blob (V8's own); the creator is freed in Drop.
        let raw = unsafe { ffi::jsr_snapshot_new(c"<snapshot>".as_ptr(), std::ptr::null(), 0) };
        if raw.is_null() {
            return Err(Error::Internal("V8 could not create a snapshot creator".into()));
        }
        Ok(Creator { raw, lease: Some(lease) })
    }

    /// Runs `f` inside the creator's isolate and context.
    pub(crate) fn enter<R>(&self, f: impl FnOnce(&Env<'_>) -> R) -> Result<R> {
        let mut call = Call { f: Some(f), result: None, panicked: false };
        // SAFETY: `raw` is live until Drop; the trampoline matches `call`'s type.
        unsafe { ffi::jsr_snapshot_enter(self.raw, trampoline_for(&call), &mut call as *mut _ as *mut c_void) };
        if call.panicked {
            return Err(Error::Internal("a Rust panic was caught in the snapshot builder (a bug in jsrun)".into()));
        }
        call.result.ok_or_else(|| Error::Internal("snapshot call did not complete".into()))
    }

    /// V8's blob of the context. The creator cannot be entered afterwards.
    pub(crate) fn build(&mut self) -> Result<Vec<u8>> {
        let mut data: *const c_char = std::ptr::null();
        let mut len = 0;
        // SAFETY: `raw` is live; out-pointers are valid.
        let failed = unsafe { ffi::jsr_snapshot_build(self.raw, &mut data, &mut len) } != 0;
        self.lease = None; // its isolate is disposed now
        if failed || data.is_null() {
            return Err(Error::Snapshot("V8 could not serialise the snapshot".into()));
        }
        // SAFETY: V8 returned `len` bytes at `data`, ours to free once copied.
        let blob = unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) }.to_vec();
        // SAFETY: as above, freed once.
        unsafe { ffi::jsr_blob_free(data) };
        Ok(blob)
    }

    pub(crate) fn stopper(&self) -> SnapshotStopper {
        SnapshotStopper(self.raw)
    }

    /// True if V8 accepts `data` as a snapshot blob (it checks the header only).
    pub(crate) fn accepts(data: &[u8]) -> bool {
        // SAFETY: a valid pointer and length; V8 only reads its header.
        unsafe { ffi::jsr_snapshot_valid(data.as_ptr().cast(), data.len()) != 0 }
    }
}

impl Drop for Creator {
    fn drop(&mut self) {
        if crate::fork::forked() {
            return; // V8 cannot be touched in a forked child: leak it
        }
        // SAFETY: made by jsr_snapshot_new, freed once.
        unsafe { ffi::jsr_snapshot_free(self.raw) };
    }
}

/// Stops a builder's running script (see `SnapshotBuilder::stopper`).
#[derive(Clone, Copy)]
pub struct SnapshotStopper(*mut ffi::jsr_snapshot);

// SAFETY: only used for TerminateExecution, which V8 allows from any thread.
unsafe impl Send for SnapshotStopper {}
// SAFETY: as above.
unsafe impl Sync for SnapshotStopper {}

impl SnapshotStopper {
    /// # Safety
    /// The builder it came from must still be alive.
    pub unsafe fn stop(&self) {
        // SAFETY: per the contract, the creator (and its isolate) is alive.
        unsafe { ffi::jsr_snapshot_terminate(self.0) }
    }
}

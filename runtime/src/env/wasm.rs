//! WebAssembly through the bridge: compiling lent bytes, and references to a
//! Wasm memory's backing store.
use std::ffi::c_void;

use super::{Env, Local};
use crate::error::{Error, Result};
use crate::ffi;

/// A reference to the backing store of a `WebAssembly.Memory`, which keeps
/// that memory alive (even past its isolate) until dropped.
pub(crate) struct Backing {
    raw: *mut ffi::jsr_backing,
    data: *mut u8,
    len: usize,
}

// SAFETY: the reference is a shared_ptr copy, freed once, from any thread.
unsafe impl Send for Backing {}
// SAFETY: as above; the bytes themselves are the user's to synchronise.
unsafe impl Sync for Backing {}

impl Backing {
    /// The memory's first byte.
    pub(crate) fn data(&self) -> *mut u8 {
        self.data
    }

    /// Its length when taken.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl Drop for Backing {
    fn drop(&mut self) {
        // SAFETY: made by jsr_wasm_memory_backing, freed only here.
        unsafe { ffi::jsr_backing_free(self.raw) };
    }
}

impl<'e> Env<'e> {
    /// `new WebAssembly.Module(bytes)`, reading `bytes` in place.
    pub(crate) fn compile_wasm(&self, bytes: &[u8]) -> Result<Local<'e>> {
        let mut out = std::ptr::null_mut();
        // SAFETY: inside enter; `bytes` outlives the call.
        let status = unsafe { ffi::jsr_wasm_compile(self.raw, bytes.as_ptr(), bytes.len(), &mut out) };
        self.check(status)?;
        self.returned(out, "WebAssembly module")
    }

    /// The backing store of `memory`, if it is a `WebAssembly.Memory`.
    pub(crate) fn wasm_memory_backing(&self, memory: Local<'e>) -> Result<Backing> {
        let mut data: *mut c_void = std::ptr::null_mut();
        let mut len = 0;
        // SAFETY: inside enter; out-pointers are valid.
        let raw = unsafe { ffi::jsr_wasm_memory_backing(memory.raw(), &mut data, &mut len) };
        if raw.is_null() {
            return Err(Error::Conversion("not a WebAssembly.Memory".into()));
        }
        Ok(Backing { raw, data: data.cast(), len })
    }
}

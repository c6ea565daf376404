//! WebAssembly from the host: compiling bytes the caller lends (V8 copies
//! them into the module; we do not), and references to a Wasm memory that
//! keep it alive for zero-copy views.
use std::ffi::c_void;

use crate::error::{Error, Result};
use crate::ffi;
use crate::runtime::Runtime;
use crate::to_value::Reader;
use crate::value::{JsFunction, Value};

/// The memory of a `WebAssembly.Memory`, kept alive (even past its runtime)
/// while this exists. `as_ptr()..as_ptr() + len()` is the memory as it was
/// when taken: V8 on 64-bit grows Wasm memory in place, so it stays the live
/// memory's first `len()` bytes until the memory is freed, which this prevents.
pub struct WasmMemoryRef {
    raw: *mut ffi::jsr_backing,
    data: *mut u8,
    len: usize,
}

// SAFETY: the reference is a shared_ptr copy, freed once, from any thread.
unsafe impl Send for WasmMemoryRef {}
// SAFETY: as above; the bytes themselves are the user's to synchronise.
unsafe impl Sync for WasmMemoryRef {}

impl WasmMemoryRef {
    pub fn as_ptr(&self) -> *mut u8 {
        self.data
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl Drop for WasmMemoryRef {
    fn drop(&mut self) {
        // SAFETY: made by jsr_wasm_memory_backing, freed only here.
        unsafe { ffi::jsr_backing_free(self.raw) };
    }
}

impl Runtime {
    /// `new WebAssembly.Module(bytes)` reading `bytes` in place, then
    /// `wrap(module)`, whose result is returned.
    pub fn compile_wasm(&self, bytes: &[u8], wrap: &JsFunction) -> Result<Value> {
        let shared = self.shared();
        shared.call(|env| {
            let mut out = std::ptr::null_mut();
            // SAFETY: inside enter; `bytes` outlives the call.
            let status = unsafe { ffi::jsr_wasm_compile(env.raw_env(), bytes.as_ptr(), bytes.len(), &mut out) };
            env.check(status)?;
            let module = env.local(out).ok_or_else(|| Error::Internal("no module".into()))?;
            let foreign = || Error::Conversion("this JsFunction belongs to another runtime".into());
            let f = wrap.function.get(env, shared).ok_or_else(foreign)?;
            let wrapped = env.call_function(f, None, &[module])?;
            Reader::new(env, Some(shared), shared.limits).read(wrapped)
        })
    }

    /// Calls `getter()`, which must return a `WebAssembly.Memory`, and
    /// references that memory.
    pub fn wasm_memory(&self, getter: &JsFunction) -> Result<WasmMemoryRef> {
        let shared = self.shared();
        shared.call(|env| {
            let foreign = || Error::Conversion("this JsFunction belongs to another runtime".into());
            let f = getter.function.get(env, shared).ok_or_else(foreign)?;
            let memory = env.call_function(f, None, &[])?;
            let mut data: *mut c_void = std::ptr::null_mut();
            let mut len = 0;
            // SAFETY: inside enter; out-pointers are valid.
            let raw = unsafe { ffi::jsr_wasm_memory_backing(memory.raw(), &mut data, &mut len) };
            if raw.is_null() {
                return Err(Error::Conversion("not a WebAssembly.Memory".into()));
            }
            Ok(WasmMemoryRef { raw, data: data.cast(), len })
        })
    }
}

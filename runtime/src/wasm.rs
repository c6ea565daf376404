//! WebAssembly from the host: compiling bytes the caller lends (V8 copies
//! them into the module; we do not), and references to a Wasm memory that
//! keep it alive for zero-copy views.
use crate::env::Backing;
use crate::error::{Error, Result};
use crate::js_to_value::Reader;
use crate::runtime::Runtime;
use crate::value::{JsFunction, Value};

/// The memory of a `WebAssembly.Memory`, kept alive (even past its runtime)
/// while this exists. `as_ptr()..as_ptr() + len()` is the memory as it was
/// when taken: V8 on 64-bit grows Wasm memory in place, so it stays the live
/// memory's first `len()` bytes until the memory is freed, which this prevents.
pub struct WasmMemoryRef(Backing);

impl WasmMemoryRef {
    pub fn as_ptr(&self) -> *mut u8 {
        self.0.data()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Runtime {
    /// `new WebAssembly.Module(bytes)` reading `bytes` in place, then
    /// `wrap(module)`, whose result is returned.
    pub fn compile_wasm(&self, bytes: &[u8], wrap: &JsFunction) -> Result<Value> {
        let shared = self.shared();
        shared.call(|env| {
            let module = env.compile_wasm(bytes)?;
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
            env.wasm_memory_backing(memory).map(WasmMemoryRef)
        })
    }
}

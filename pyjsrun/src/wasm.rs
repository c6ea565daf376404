//! The native half of `rt.wasm` (the rest is Python in `jsrun/_wasm.py`):
//! compiling bytes in place, and Wasm memory lent to Python without copying.
use jsrun_runtime::WasmMemoryRef;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes};

use crate::errors::finish;
use crate::function::PyJsFunction;
use crate::state::RuntimeRef;
use crate::to_py::to_py;

/// Keeps a Wasm memory alive while a Python view of it exists (the view's
/// owner). Not constructed by users.
#[pyclass(module = "jsrun._jsrun", name = "_WasmMemoryRef", frozen)]
pub struct PyWasmMemoryRef {
    memory: WasmMemoryRef,
}

#[pymethods]
impl PyWasmMemoryRef {
    /// The memory's address in this process.
    #[getter]
    fn address(&self) -> usize {
        self.memory.as_ptr() as usize
    }

    /// Its length in bytes when the reference was taken.
    fn __len__(&self) -> usize {
        self.memory.len()
    }
}

pub(crate) fn compile(
    py: Python<'_>,
    ctx: &RuntimeRef,
    bytes: &Bound<'_, PyAny>,
    wrap: &PyJsFunction,
) -> PyResult<Py<PyAny>> {
    let wrap = wrap.function(py, ctx)?;
    let rt = &ctx.rt;
    let result = if let Ok(b) = bytes.cast::<PyBytes>() {
        // bytes cannot change: V8 reads them in place, without the GIL.
        let data = b.as_bytes();
        crate::gil::detach(py, || rt.compile_wasm(data, &wrap))
    } else {
        let data = match bytes.cast::<PyByteArray>() {
            Ok(b) => b.to_vec(), // may change under us once the GIL is released
            Err(_) => {
                let copy = py.import("builtins")?.getattr("bytes")?.call1((bytes,))?;
                copy.cast::<PyBytes>()?.as_bytes().to_vec()
            }
        };
        crate::gil::detach(py, || rt.compile_wasm(&data, &wrap))
    };
    let value = finish(py, ctx, result)?;
    to_py(py, &value, ctx)
}

pub(crate) fn memory(py: Python<'_>, ctx: &RuntimeRef, getter: &PyJsFunction) -> PyResult<PyWasmMemoryRef> {
    let getter = getter.function(py, ctx)?;
    let rt = &ctx.rt;
    let memory = finish(py, ctx, crate::gil::detach(py, || rt.wasm_memory(&getter)))?;
    Ok(PyWasmMemoryRef { memory })
}

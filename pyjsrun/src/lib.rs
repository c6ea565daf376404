//! `jsrun._jsrun`: the Python extension over the `jsrun-runtime` crate. The
//! Python package `jsrun` (in `python/`) re-exports it with the pure-Python
//! value and exception types.
use pyo3::prelude::*;

mod config;
mod errors;
mod from_py;
mod function;
mod gil;
mod host;
mod inspector;
mod interrupt;
mod ops;
mod registry;
mod rendezvous;
mod runtime;
mod snapshot;
mod state;
mod stats;
mod to_py;
mod types;
mod wasm;

/// The version of the V8 engine jsrun runs on.
#[pyfunction]
fn v8_version() -> String {
    jsrun_runtime::v8_version()
}

#[pymodule]
fn _jsrun(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<runtime::PyRuntime>()?;
    m.add_class::<config::RuntimeConfig>()?;
    m.add_class::<function::PyJsFunction>()?;
    m.add_class::<inspector::InspectorConfig>()?;
    m.add_class::<inspector::InspectorEndpoints>()?;
    m.add_class::<wasm::PyWasmMemoryRef>()?;
    m.add_class::<stats::RuntimeStats>()?;
    m.add_class::<stats::StreamMeter>()?;
    m.add_class::<snapshot::PySnapshotBuilder>()?;
    m.add_function(wrap_pyfunction!(v8_version, m)?)?;
    m.add_function(wrap_pyfunction!(snapshot::_build_polyfill_manifest, m)?)?;
    m.add_function(wrap_pyfunction!(config::_parse_timeout, m)?)?;
    m.add_function(wrap_pyfunction!(registry::_shutdown_all, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

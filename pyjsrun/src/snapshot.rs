//! `SnapshotBuilder`: startup snapshots from Python.
use jsrun_runtime::SnapshotBuilder;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::errors::to_py_err;

/// Builds a V8 startup snapshot: scripts run once here, and every
/// :class:`Runtime` created with ``RuntimeConfig(snapshot=...)`` starts with
/// their globals, without running them again.
///
/// The context is plain V8 (jsrun's ``setTimeout``, ``TextEncoder`` and bound
/// Python functions are not in it, and cannot be captured: they come back in
/// each runtime). Use it on the thread that created it. ``enable_console`` is
/// accepted for compatibility: console output is set per runtime
/// (``RuntimeConfig.enable_console``).
#[pyclass(module = "jsrun._jsrun", name = "SnapshotBuilder", unsendable)]
pub struct PySnapshotBuilder {
    builder: SnapshotBuilder,
    #[pyo3(get)]
    enable_console: bool,
}

#[pymethods]
impl PySnapshotBuilder {
    #[new]
    #[pyo3(signature = (*, bootstrap = None, enable_console = false))]
    fn new(py: Python<'_>, bootstrap: Option<&str>, enable_console: bool) -> PyResult<Self> {
        let mut builder = SnapshotBuilder::new().map_err(|e| to_py_err(py, e, None))?;
        if let Some(source) = bootstrap {
            builder.execute_script("<bootstrap>", source).map_err(|e| to_py_err(py, e, None))?;
        }
        Ok(PySnapshotBuilder { builder, enable_console })
    }

    /// Runs a classic script (named ``name`` in stack traces) in the snapshot's context.
    fn execute_script(&mut self, py: Python<'_>, name: &str, source: &str) -> PyResult<()> {
        self.builder.execute_script(name, source).map_err(|e| to_py_err(py, e, None))
    }

    /// The snapshot's bytes (with a header jsrun checks when loading them).
    /// Once only: the builder is spent afterwards.
    fn build<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let blob = self.builder.build().map_err(|e| to_py_err(py, e, None))?;
        Ok(PyBytes::new(py, &blob))
    }
}

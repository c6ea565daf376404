//! `SnapshotBuilder`: startup snapshots from Python.
use std::sync::{Mutex, MutexGuard};

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
/// each runtime). Any thread may use it, one call at a time; the GIL is
/// released while its scripts run. A set-up script that leaves a live
/// ``Intl`` object (which V8 cannot serialise) makes ``build()`` raise
/// ``SnapshotError``. ``enable_console`` is accepted for compatibility:
/// console output is set per runtime (``RuntimeConfig.enable_console``).
#[pyclass(module = "jsrun._jsrun", name = "SnapshotBuilder")]
pub struct PySnapshotBuilder {
    builder: Mutex<SnapshotBuilder>,
    #[pyo3(get)]
    enable_console: bool,
}

impl PySnapshotBuilder {
    /// One call at a time (waited for with the GIL released).
    fn lock(&self) -> MutexGuard<'_, SnapshotBuilder> {
        self.builder.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[pymethods]
impl PySnapshotBuilder {
    #[new]
    #[pyo3(signature = (*, bootstrap = None, enable_console = false))]
    fn new(py: Python<'_>, bootstrap: Option<&str>, enable_console: bool) -> PyResult<Self> {
        let mut builder = py.detach(SnapshotBuilder::new).map_err(|e| to_py_err(py, e, None))?;
        if let Some(source) = bootstrap {
            py.detach(|| builder.execute_script("<bootstrap>", source)).map_err(|e| to_py_err(py, e, None))?;
        }
        Ok(PySnapshotBuilder { builder: Mutex::new(builder), enable_console })
    }

    /// Runs a classic script (named ``name`` in stack traces) in the snapshot's context.
    fn execute_script(&self, py: Python<'_>, name: &str, source: &str) -> PyResult<()> {
        py.detach(|| self.lock().execute_script(name, source)).map_err(|e| to_py_err(py, e, None))
    }

    /// The snapshot's bytes (with a header jsrun checks when loading them).
    /// Once only: the builder is spent afterwards.
    fn build<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let blob = py.detach(|| self.lock().build()).map_err(|e| to_py_err(py, e, None))?;
        Ok(PyBytes::new(py, &blob))
    }
}

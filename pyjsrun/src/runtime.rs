//! The `Runtime` class. Every call releases the GIL before it enters the
//! isolate (never the other order: see ARCHITECTURE.md), so a runtime may be
//! used from any Python thread and calls on one runtime queue on V8's Locker.
use jsrun_runtime::{ConversionLimits, Runtime, RuntimeOptions, Text, Value};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::config::RuntimeConfig;
use crate::errors::to_py_err;
use crate::from_py::{from_py, js_string};
use crate::to_py::to_py;

/// A JavaScript runtime: one V8 isolate with one global context.
///
/// Usable from any thread; calls on one runtime run one at a time. Use it as a
/// context manager or call :meth:`close` to free the isolate promptly.
#[pyclass(module = "jsrun._jsrun", name = "Runtime", weakref, frozen)]
pub struct PyRuntime {
    rt: Runtime,
}

#[pymethods]
impl PyRuntime {
    #[new]
    #[pyo3(signature = (config = None))]
    fn new(py: Python<'_>, config: Option<PyRef<'_, RuntimeConfig>>) -> PyResult<Self> {
        let mut options = RuntimeOptions::default();
        let mut bootstrap = None;
        if let Some(config) = &config {
            config.check_supported()?;
            options.limits = ConversionLimits {
                max_depth: config.max_serialization_depth,
                max_bytes: config.max_serialization_bytes,
            };
            bootstrap = config.bootstrap.clone();
        }
        let rt = py.detach(|| Runtime::new(options)).map_err(|e| to_py_err(py, e))?;
        if let Some(source) = bootstrap {
            py.detach(|| rt.execute(Text::Utf8(&source), "<bootstrap>"))
                .map_err(|e| to_py_err(py, e))?;
        }
        Ok(PyRuntime { rt })
    }

    /// Runs ``code`` as a classic script and returns its completion value,
    /// converted to Python. A promise that has already settled gives its
    /// value (or raises its error); a pending one raises ``ConversionError``.
    fn eval(&self, py: Python<'_>, code: &Bound<'_, PyString>) -> PyResult<Py<PyAny>> {
        // UTF-8 borrowed from the str itself (no copy); a str with lone
        // surrogates is not UTF-8 and goes over as UTF-16.
        let value = match code.to_str() {
            Ok(text) => py.detach(|| self.rt.eval(Text::Utf8(text))),
            Err(_) => {
                let source = js_string(code)?;
                py.detach(|| source.with_text(|text| self.rt.eval(text)))
            }
        }
        .map_err(|e| to_py_err(py, e))?;
        to_py(py, &value)
    }

    /// Sets ``globalThis[name]`` to a copy of ``obj`` (a dict). If a global
    /// object of that name exists, the keys are merged into it.
    fn bind_object(&self, py: Python<'_>, name: &Bound<'_, PyString>, obj: &Bound<'_, PyAny>) -> PyResult<()> {
        if !obj.is_instance_of::<PyDict>() {
            return Err(PyTypeError::new_err("bind_object expects a dict with string keys"));
        }
        let name = js_string(name)?;
        let value = from_py(obj, self.rt.limits())?;
        debug_assert!(matches!(value, Value::Object(_) | Value::Map(_)));
        py.detach(|| self.rt.set_global(&name, &value))
            .map_err(|e| to_py_err(py, e))
    }

    /// Frees the isolate. Idempotent; a call running on another thread finishes first.
    fn close(&self, py: Python<'_>) {
        py.detach(|| self.rt.close());
    }

    /// True once :meth:`close` was called.
    fn is_closed(&self) -> bool {
        self.rt.is_closed()
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, py: Python<'_>, _args: &Bound<'_, pyo3::types::PyTuple>) -> bool {
        self.close(py);
        false
    }

    fn __repr__(&self) -> String {
        format!("<Runtime {}>", if self.rt.is_closed() { "closed" } else { "open" })
    }
}

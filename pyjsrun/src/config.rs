//! `RuntimeConfig`: options for a new `Runtime`, validated when set.
use jsrun_runtime::limits::{DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, MAX_DEPTH_CAP};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDelta, PyDeltaAccess};

use crate::errors::new_error;

/// Options for a :class:`Runtime`.
///
/// Implemented: ``bootstrap``, ``timeout``, ``max_heap_size``,
/// ``initial_heap_size``, ``inspector`` (an :class:`InspectorConfig`),
/// ``enable_console`` (``console.*`` to the ``jsrun.console`` logger, or to
/// ``console=callback(method, text, args)``), ``snapshot`` (bytes from
/// :class:`SnapshotBuilder`), ``max_serialization_depth``,
/// ``max_serialization_bytes``, ``polyfills`` (core-js fills in the
/// ES2022–ES2026 library this V8 lacks; on by default) and ``web_apis``
/// (``URL``, ``TextEncoder``, ``setTimeout`` and the other web platform
/// globals; on by default). Both off: a bare ECMAScript global.
/// ``max_workers`` bounds the workers JS may start (``Worker``,
/// ``worker_threads``; 8 by default, 0 for none); each is a runtime with
/// these limits, whose every turn ``timeout`` bounds.
#[pyclass(module = "jsrun._jsrun", name = "RuntimeConfig")]
pub struct RuntimeConfig {
    #[pyo3(get)]
    pub max_heap_size: Option<usize>,
    #[pyo3(get)]
    pub initial_heap_size: Option<usize>,
    #[pyo3(get)]
    pub bootstrap: Option<String>,
    /// Seconds.
    #[pyo3(get)]
    pub timeout: Option<f64>,
    #[pyo3(get)]
    pub enable_console: bool,
    /// ``callback(method, text, args)`` for console calls instead of logging.
    #[pyo3(get)]
    pub console: Option<Py<PyAny>>,
    #[pyo3(get)]
    pub inspector: Option<Py<crate::inspector::InspectorConfig>>,
    #[pyo3(get)]
    pub snapshot: Option<Py<PyBytes>>,
    #[pyo3(get)]
    pub max_serialization_depth: usize,
    #[pyo3(get)]
    pub max_serialization_bytes: usize,
    /// ``handler(FetchRequest) -> FetchResponse`` behind JS ``fetch()``.
    #[pyo3(get)]
    pub fetch: Option<Py<PyAny>>,
    #[pyo3(get, set)]
    pub polyfills: bool,
    #[pyo3(get, set)]
    pub web_apis: bool,
    #[pyo3(get)]
    pub max_workers: usize,
}

/// Seconds from a float, int or timedelta, as the published API accepts them.
pub(crate) fn parse_timeout(value: &Bound<'_, PyAny>) -> PyResult<f64> {
    let seconds = if let Ok(delta) = value.cast::<PyDelta>() {
        f64::from(delta.get_days()) * 86_400.0
            + f64::from(delta.get_seconds())
            + f64::from(delta.get_microseconds()) / 1e6
    } else if value.is_instance_of::<pyo3::types::PyBool>() {
        return Err(not_a_number(value.py()));
    } else {
        value.extract::<f64>().map_err(|_| not_a_number(value.py()))?
    };
    if !seconds.is_finite() {
        return Err(PyValueError::new_err("Timeout must be finite"));
    }
    if seconds < 0.0 {
        return Err(PyValueError::new_err("Timeout cannot be negative"));
    }
    if seconds == 0.0 {
        return Err(PyValueError::new_err("Timeout cannot be zero"));
    }
    Ok(seconds)
}

/// `InvalidTimeoutError`: a TypeError (ours) and a ValueError (the published jsrun's).
fn not_a_number(py: Python<'_>) -> PyErr {
    new_error(py, |t| &t.invalid_timeout, "Timeout must be a number")
}

/// `timeout=` as seconds (float, int or timedelta), validated; for the Python package.
#[pyfunction]
pub(crate) fn _parse_timeout(value: &Bound<'_, PyAny>) -> PyResult<f64> {
    parse_timeout(value)
}

fn positive(name: &str, value: usize) -> PyResult<usize> {
    if value == 0 {
        return Err(PyValueError::new_err(format!("{name} must be a positive integer")));
    }
    Ok(value)
}

/// `RuntimeConfigError`: a ValueError (ours) and a RuntimeError (the published jsrun's).
/// A bound on `max_workers`: each worker is an isolate and two threads.
const MAX_WORKERS: usize = 256;

fn config_error(py: Python<'_>, message: &str) -> PyErr {
    new_error(py, |t| &t.config_error, message)
}

#[pymethods]
impl RuntimeConfig {
    #[new]
    #[pyo3(signature = (
        *,
        max_heap_size = None,
        initial_heap_size = None,
        bootstrap = None,
        timeout = None,
        enable_console = false,
        inspector = None,
        snapshot = None,
        max_serialization_depth = 100,
        max_serialization_bytes = 10485760,
        console = None,
        polyfills = true,
        web_apis = true,
        fetch = None,
        max_workers = 8,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        max_heap_size: Option<usize>,
        initial_heap_size: Option<usize>,
        bootstrap: Option<String>,
        timeout: Option<&Bound<'_, PyAny>>,
        enable_console: bool,
        inspector: Option<Py<crate::inspector::InspectorConfig>>,
        snapshot: Option<Py<PyBytes>>,
        max_serialization_depth: usize,
        max_serialization_bytes: usize,
        console: Option<Py<PyAny>>,
        polyfills: bool,
        web_apis: bool,
        fetch: Option<Py<PyAny>>,
        max_workers: usize,
    ) -> PyResult<Self> {
        // The literal defaults above show in the signature; keep them equal to the constants.
        const _: () = assert!(DEFAULT_MAX_DEPTH == 100 && DEFAULT_MAX_BYTES == 10485760);
        let mut config = RuntimeConfig {
            max_heap_size: None,
            initial_heap_size: None,
            bootstrap,
            timeout: timeout.map(parse_timeout).transpose()?,
            enable_console: enable_console || console.is_some(),
            console,
            inspector,
            snapshot: None,
            max_serialization_depth: DEFAULT_MAX_DEPTH,
            max_serialization_bytes: DEFAULT_MAX_BYTES,
            polyfills,
            web_apis,
            fetch: None,
            max_workers: 0,
        };
        config.set_max_workers(max_workers)?;
        config.set_fetch(fetch)?;
        config.set_max_heap_size(max_heap_size)?;
        config.set_initial_heap_size(initial_heap_size)?;
        config.set_max_serialization_depth(max_serialization_depth)?;
        config.set_max_serialization_bytes(max_serialization_bytes)?;
        if let Some(s) = snapshot {
            config.set_snapshot(Some(s))?;
        }
        Python::attach(|py| config.check_bootstrap(py))?;
        Ok(config)
    }

    #[setter]
    fn set_bootstrap(&mut self, py: Python<'_>, value: Option<String>) -> PyResult<()> {
        let previous = std::mem::replace(&mut self.bootstrap, value);
        if let Err(e) = self.check_bootstrap(py) {
            self.bootstrap = previous;
            return Err(e);
        }
        Ok(())
    }

    #[setter]
    fn set_fetch(&mut self, value: Option<Py<PyAny>>) -> PyResult<()> {
        if let Some(handler) = &value {
            if !Python::attach(|py| handler.bind(py).is_callable()) {
                return Err(pyo3::exceptions::PyTypeError::new_err("fetch must be a callable (a fetch handler)"));
            }
        }
        self.fetch = value;
        Ok(())
    }

    #[setter]
    fn set_inspector(&mut self, value: Option<Py<crate::inspector::InspectorConfig>>) {
        self.inspector = value;
    }

    #[setter]
    fn set_max_heap_size(&mut self, value: Option<usize>) -> PyResult<()> {
        self.max_heap_size = value.map(|v| positive("max_heap_size", v)).transpose()?;
        Ok(())
    }

    #[setter]
    fn set_initial_heap_size(&mut self, value: Option<usize>) -> PyResult<()> {
        self.initial_heap_size = value.map(|v| positive("initial_heap_size", v)).transpose()?;
        Ok(())
    }

    #[setter]
    fn set_timeout(&mut self, value: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        self.timeout = value.map(parse_timeout).transpose()?;
        Ok(())
    }

    #[setter]
    fn set_snapshot(&mut self, value: Option<Py<PyBytes>>) -> PyResult<()> {
        if let Some(bytes) = &value {
            if Python::attach(|py| bytes.bind(py).as_bytes().is_empty()) {
                return Err(PyValueError::new_err("snapshot must not be empty"));
            }
        }
        let previous = std::mem::replace(&mut self.snapshot, value);
        if let Err(e) = Python::attach(|py| self.check_bootstrap(py)) {
            self.snapshot = previous;
            return Err(e);
        }
        Ok(())
    }

    #[setter]
    fn set_max_serialization_depth(&mut self, value: usize) -> PyResult<()> {
        let value = positive("max_serialization_depth", value)?;
        if value > MAX_DEPTH_CAP {
            return Err(PyValueError::new_err(format!(
                "max_serialization_depth is at most {MAX_DEPTH_CAP} (conversions recurse on the calling thread's stack)"
            )));
        }
        self.max_serialization_depth = value;
        Ok(())
    }

    #[setter]
    fn set_max_workers(&mut self, value: usize) -> PyResult<()> {
        if value > MAX_WORKERS {
            return Err(PyValueError::new_err(format!(
                "max_workers is at most {MAX_WORKERS} (each worker is an isolate with threads of its own)"
            )));
        }
        self.max_workers = value;
        Ok(())
    }

    #[setter]
    fn set_max_serialization_bytes(&mut self, value: usize) -> PyResult<()> {
        self.max_serialization_bytes = positive("max_serialization_bytes", value)?;
        Ok(())
    }

    fn __repr__(&self) -> String {
        format!(
            "RuntimeConfig(max_heap_size={:?}, initial_heap_size={:?}, timeout={:?}, enable_console={}, \
             bootstrap={}, inspector={}, snapshot={}, max_serialization_depth={}, max_serialization_bytes={}, \
             polyfills={}, web_apis={}, max_workers={})",
            self.max_heap_size,
            self.initial_heap_size,
            self.timeout,
            if self.enable_console { "True" } else { "False" },
            if self.bootstrap.is_some() { "<set>" } else { "None" },
            if self.inspector.is_some() { "<set>" } else { "None" },
            if self.snapshot.is_some() { "<set>" } else { "None" },
            self.max_serialization_depth,
            self.max_serialization_bytes,
            if self.polyfills { "True" } else { "False" },
            if self.web_apis { "True" } else { "False" },
            self.max_workers,
        )
    }
}

impl RuntimeConfig {
    /// Checks the options that depend on each other.
    pub(crate) fn check_supported(&self, py: Python<'_>) -> PyResult<()> {
        if let Some(initial) = self.initial_heap_size {
            match self.max_heap_size {
                None => return Err(config_error(py, "initial_heap_size needs max_heap_size")),
                Some(max) if initial > max => {
                    return Err(config_error(py, "initial_heap_size cannot exceed max_heap_size"))
                }
                _ => {}
            }
        }
        self.check_bootstrap(py)
    }

    fn check_bootstrap(&self, py: Python<'_>) -> PyResult<()> {
        if self.bootstrap.is_some() && self.snapshot.is_some() {
            return Err(config_error(py, "bootstrap cannot be combined with snapshot"));
        }
        Ok(())
    }
}

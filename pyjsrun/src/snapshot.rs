//! `SnapshotBuilder`: startup snapshots from Python.
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use jsrun_runtime::SnapshotBuilder;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::config::parse_timeout;
use crate::errors::to_py_err;

/// Builds a V8 startup snapshot: scripts run once here, and every
/// :class:`Runtime` created with ``RuntimeConfig(snapshot=...)`` starts with
/// their globals, without running them again.
///
/// The context starts as a default runtime's (with jsrun's polyfills);
/// jsrun's web globals (``setTimeout``, ``TextEncoder``, ``URL``, …)
/// and bound Python functions are not in it, and cannot be captured: they
/// come back in each runtime. Any thread may use it, one call at a time; the GIL is
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

/// How often a caller waiting for a builder's script checks Ctrl-C and its deadline.
const CHECK_EVERY: Duration = Duration::from_millis(20);

impl PySnapshotBuilder {
    /// One call at a time (waited for with the GIL released).
    fn lock(&self) -> MutexGuard<'_, SnapshotBuilder> {
        self.builder.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `work` on a helper thread while this one waits with the GIL
    /// released, checking for Ctrl-C (Python's signal handlers run only on
    /// the main thread, in the interpreter) and for `timeout`: either stops
    /// the script, and the call raises KeyboardInterrupt or JsTimeoutError.
    fn run<R: Send>(
        &self,
        py: Python<'_>,
        timeout: Option<Duration>,
        work: impl FnOnce(&mut SnapshotBuilder) -> jsrun_runtime::Result<R> + Send,
    ) -> PyResult<R> {
        // Another thread's call first (waited for without holding the GIL).
        let mut builder = loop {
            match self.builder.try_lock() {
                Ok(guard) => break guard,
                Err(std::sync::TryLockError::Poisoned(p)) => break p.into_inner(),
                Err(std::sync::TryLockError::WouldBlock) => py.detach(|| std::thread::sleep(CHECK_EVERY)),
            }
        };
        let stopper = builder.stopper();
        let inner: &mut SnapshotBuilder = &mut builder;
        let deadline = timeout.map(|t| Instant::now() + t);
        let mut stopped_for: Option<PyErr> = None;
        let outcome = std::thread::scope(|scope| {
            let worker = std::thread::Builder::new()
                .name("jsrun-snapshot".into())
                .stack_size(8 << 20)
                .spawn_scoped(scope, || work(inner));
            let Ok(worker) = worker else {
                return Err(jsrun_runtime::Error::Internal("could not start the snapshot thread".into()));
            };
            while !worker.is_finished() {
                py.detach(|| std::thread::sleep(CHECK_EVERY));
                let why = match py.check_signals() {
                    Err(interrupt) => Some(interrupt),
                    Ok(()) if deadline.is_some_and(|d| Instant::now() >= d) => {
                        let ms = timeout.map_or(0, |t| t.as_millis());
                        Some(crate::errors::to_py_err(
                            py,
                            jsrun_runtime::Error::Timeout(Duration::from_millis(ms as u64)),
                            None,
                        ))
                    }
                    Ok(()) => None,
                };
                if let (Some(why), None) = (why, &stopped_for) {
                    // SAFETY: the builder lives until this scope ends.
                    unsafe { stopper.stop() };
                    stopped_for = Some(why);
                }
            }
            worker.join().unwrap_or_else(|_| Err(jsrun_runtime::Error::Internal("the snapshot thread panicked".into())))
        });
        match (outcome, stopped_for) {
            (Err(jsrun_runtime::Error::Terminated), Some(why)) => Err(why),
            (outcome, _) => outcome.map_err(|e| to_py_err(py, e, None)),
        }
    }
}

#[pymethods]
impl PySnapshotBuilder {
    #[new]
    #[pyo3(signature = (*, bootstrap = None, enable_console = false))]
    fn new(py: Python<'_>, bootstrap: Option<&str>, enable_console: bool) -> PyResult<Self> {
        let builder = crate::gil::detach(py, SnapshotBuilder::new).map_err(|e| to_py_err(py, e, None))?;
        let made = PySnapshotBuilder { builder: Mutex::new(builder), enable_console };
        if let Some(source) = bootstrap {
            made.run(py, None, |builder| builder.execute_script("<bootstrap>", source))?;
        }
        Ok(made)
    }

    /// Runs a classic script (named ``name`` in stack traces) in the
    /// snapshot's context. Ctrl-C stops it (``KeyboardInterrupt``), and so
    /// does ``timeout`` (seconds or a ``timedelta``: ``JsTimeoutError``); the
    /// builder stays usable either way.
    #[pyo3(signature = (name, source, *, timeout = None))]
    fn execute_script(
        &self,
        py: Python<'_>,
        name: &str,
        source: &str,
        timeout: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let timeout = timeout.filter(|t| !t.is_none()).map(parse_timeout).transpose()?.map(Duration::from_secs_f64);
        self.run(py, timeout, |builder| builder.execute_script(name, source))
    }

    /// The snapshot's bytes (with a header jsrun checks when loading them).
    /// Once only: the builder is spent afterwards.
    fn build<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let blob = crate::gil::detach(py, || self.lock().build()).map_err(|e| to_py_err(py, e, None))?;
        Ok(PyBytes::new(py, &blob))
    }
}

/// What jsrun's polyfills add on this V8, by group (JSON), which
/// ``python -m jsrun._polyfills`` writes next to the package.
#[pyfunction]
pub(crate) fn _build_polyfill_manifest(py: Python<'_>) -> PyResult<Bound<'_, PyBytes>> {
    let blob = crate::gil::detach(py, jsrun_runtime::polyfills::build).map_err(|e| to_py_err(py, e, None))?;
    Ok(PyBytes::new(py, &blob))
}

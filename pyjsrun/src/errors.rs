//! The one place where runtime errors become Python exceptions (classes in `jsrun/errors.py`).
use jsrun_runtime::Error;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

use crate::state::RuntimeRef;
use crate::to_py::error_object;
use crate::types::{types, PyTypes};

const HEAP_LIMIT: &str = "Heap limit exceeded: JavaScript was terminated and the runtime closed";

/// `ctx` gives errors their context: host causes to chain, a stashed
/// KeyboardInterrupt to re-raise instead of "terminated", why a runtime was
/// closed for good.
pub(crate) fn to_py_err(py: Python<'_>, error: Error, ctx: Option<&RuntimeRef>) -> PyErr {
    match into_py_err(py, error, ctx) {
        Ok(err) => err,
        Err(err) => err,
    }
}

fn into_py_err(py: Python<'_>, error: Error, ctx: Option<&RuntimeRef>) -> PyResult<PyErr> {
    let t = types(py)?;
    let closed_reason = ctx.and_then(|c| c.state.closed_reason.get()).copied();
    let raise = |class: &Py<pyo3::types::PyType>, message: &str| -> PyResult<PyErr> {
        Ok(PyErr::from_value(class.bind(py).call1((message,))?))
    };
    match error {
        Error::Js(info) => {
            let err = PyErr::from_value(error_object(py, &info, ctx)?);
            // A Python exception raised in a bound function caused this error.
            if let Some(cause) = info.cause.as_ref().and_then(|c| c.0.downcast_ref::<PyErr>()) {
                err.set_cause(py, Some(cause.clone_ref(py)));
            }
            Ok(err)
        }
        Error::Conversion(message) => raise(&t.conversion_error, &message),
        Error::Closed => match closed_reason {
            Some(reason) => raise(&t.terminated, reason),
            None => raise(&t.closed_error, "Runtime has been shut down (closed)"),
        },
        Error::Timeout(after) => {
            raise(&t.timeout_error, &format!("evaluation timed out after {} ms", after.as_millis()))
        }
        Error::HeapLimit => {
            if let Some(c) = ctx {
                let _ = c.state.closed_reason.set(HEAP_LIMIT);
            }
            raise(&t.heap_limit_error, HEAP_LIMIT)
        }
        Error::Terminated => match ctx.and_then(|c| c.state.take_interrupt()) {
            Some(interrupt) => Ok(interrupt),
            None => raise(&t.terminated, closed_reason.unwrap_or("execution was terminated")),
        },
        Error::Deadlock(_) => raise(&t.deadlock_error, &error.to_string()),
        Error::Snapshot(message) => raise(&t.snapshot_error, &message),
        Error::Internal(message) | Error::Usage(message) => Ok(PyRuntimeError::new_err(message)),
        Error::Forked(_) => Ok(PyRuntimeError::new_err(error.to_string())),
    }
}

/// The outcome of a call into the runtime as Python sees it: a
/// KeyboardInterrupt/SystemExit raised in a handler during the call wins over
/// whatever JS did after it (JS cannot swallow it).
pub(crate) fn finish<T>(py: Python<'_>, ctx: &RuntimeRef, result: jsrun_runtime::Result<T>) -> PyResult<T> {
    if let Some(interrupt) = ctx.state.take_interrupt() {
        return Err(interrupt);
    }
    result.map_err(|e| to_py_err(py, e, Some(ctx)))
}

/// An instance of one of `jsrun.errors`' classes, as a `PyErr`.
pub(crate) fn new_error(
    py: Python<'_>,
    class: impl FnOnce(&PyTypes) -> &Py<pyo3::types::PyType>,
    message: &str,
) -> PyErr {
    match types(py).and_then(|t| class(t).bind(py).call1((message,))) {
        Ok(err) => PyErr::from_value(err),
        Err(e) => e,
    }
}

/// A ConversionError raised from Rust.
pub(crate) fn conversion_error(py: Python<'_>, message: impl Into<String>) -> PyErr {
    to_py_err(py, Error::Conversion(message.into()), None)
}

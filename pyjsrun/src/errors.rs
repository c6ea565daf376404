//! The one place where runtime errors become Python exceptions (classes in `jsrun/errors.py`).
use jsrun_runtime::Error;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

use crate::state::Ctx;
use crate::to_py::error_object;
use crate::types::types;

/// `ctx` gives errors their context: host causes to chain, a stashed
/// KeyboardInterrupt to re-raise instead of "terminated".
pub(crate) fn to_py_err(py: Python<'_>, error: Error, ctx: Option<&Ctx>) -> PyErr {
    match into_py_err(py, error, ctx) {
        Ok(err) => err,
        Err(err) => err,
    }
}

fn into_py_err(py: Python<'_>, error: Error, ctx: Option<&Ctx>) -> PyResult<PyErr> {
    let t = types(py)?;
    Ok(match error {
        Error::Js(info) => {
            let err = PyErr::from_value(error_object(py, &info, ctx)?);
            // A Python exception raised in a bound function caused this error.
            if let Some(cause) = info.cause.as_ref().and_then(|c| c.0.downcast_ref::<PyErr>()) {
                err.set_cause(py, Some(cause.clone_ref(py)));
            }
            err
        }
        Error::Conversion(message) => PyErr::from_value(t.conversion_error.bind(py).call1((message,))?),
        Error::Closed if ctx.is_some_and(|c| c.state.terminated.load(std::sync::atomic::Ordering::Acquire)) => {
            PyErr::from_value(t.terminated.bind(py).call1(("Terminated by host request",))?)
        }
        Error::Closed => PyErr::from_value(t.closed_error.bind(py).call1(("Runtime has been closed",))?),
        Error::Timeout(after) => {
            let message = format!("evaluation timed out after {} ms", after.as_millis());
            PyErr::from_value(t.timeout_error.bind(py).call1((message,))?)
        }
        Error::HeapLimit => PyErr::from_value(
            t.terminated
                .bind(py)
                .call1(("Heap limit exceeded: JavaScript was terminated and the runtime closed",))?,
        ),
        Error::Terminated => match ctx.and_then(|c| c.state.take_interrupt()) {
            Some(interrupt) => interrupt,
            None => {
                let by_host = ctx.is_some_and(|c| c.state.terminated.load(std::sync::atomic::Ordering::Acquire));
                let message = if by_host {
                    "Terminated by host request"
                } else {
                    "execution was terminated"
                };
                PyErr::from_value(t.terminated.bind(py).call1((message,))?)
            }
        },
        Error::Internal(message) => PyRuntimeError::new_err(message),
    })
}

/// The outcome of a call into the runtime as Python sees it: a
/// KeyboardInterrupt/SystemExit raised in a handler during the call wins over
/// whatever JS did after it (JS cannot swallow it).
pub(crate) fn finish<T>(py: Python<'_>, ctx: &Ctx, result: jsrun_runtime::Result<T>) -> PyResult<T> {
    if let Some(interrupt) = ctx.state.take_interrupt() {
        return Err(interrupt);
    }
    result.map_err(|e| to_py_err(py, e, Some(ctx)))
}

/// A ConversionError raised from Rust.
pub(crate) fn conversion_error(py: Python<'_>, message: impl Into<String>) -> PyErr {
    to_py_err(py, Error::Conversion(message.into()), None)
}

/// As `conversion_error`, where no `Python` token is at hand.
pub(crate) fn conversion_error_static(message: &str) -> PyErr {
    Python::attach(|py| conversion_error(py, message))
}

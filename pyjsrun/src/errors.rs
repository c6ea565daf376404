//! The one place where runtime errors become Python exceptions (classes in `jsrun/errors.py`).
use jsrun_runtime::Error;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

use crate::to_py::error_object;
use crate::types::types;

pub(crate) fn to_py_err(py: Python<'_>, error: Error) -> PyErr {
    match into_py_err(py, error) {
        Ok(err) => err,
        Err(err) => err,
    }
}

fn into_py_err(py: Python<'_>, error: Error) -> PyResult<PyErr> {
    let t = types(py)?;
    Ok(match error {
        Error::Js(info) => PyErr::from_value(error_object(py, &info)?),
        Error::Conversion(message) => PyErr::from_value(t.conversion_error.bind(py).call1((message,))?),
        Error::Closed => PyErr::from_value(t.closed_error.bind(py).call1(("Runtime has been closed",))?),
        Error::Terminated => PyErr::from_value(t.terminated.bind(py).call1(("execution was terminated",))?),
        Error::Internal(message) => PyRuntimeError::new_err(message),
    })
}

/// A ConversionError raised from Rust.
pub(crate) fn conversion_error(py: Python<'_>, message: impl Into<String>) -> PyErr {
    to_py_err(py, Error::Conversion(message.into()))
}

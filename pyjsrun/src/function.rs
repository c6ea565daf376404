//! `JsFunction`: a JS function held by Python, callable from any thread.
use std::sync::{Mutex, MutexGuard};

use jsrun_runtime::{JsFunction, Value};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::errors::finish;
use crate::from_py::from_py;
use crate::runtime::{call_timeout, start_async, Started};
use crate::state::RuntimeRef;
use crate::to_py::to_py;

/// A JavaScript function returned to Python.
///
/// Call it like a Python function (arguments and result are converted);
/// ``await f.call_async(...)`` waits for a returned promise without blocking
/// the event loop. A method read from an object keeps its ``this``. Passed
/// back into JS it is the same function. Its handle is released when the
/// proxy is garbage-collected or closed.
#[pyclass(module = "jsrun._jsrun", name = "JsFunction", frozen, weakref)]
pub struct PyJsFunction {
    ctx: RuntimeRef,
    function: Mutex<Option<JsFunction>>,
    id: usize,
}

impl PyJsFunction {
    pub(crate) fn new(ctx: &RuntimeRef, function: JsFunction) -> Self {
        let id = function.id();
        PyJsFunction { ctx: ctx.clone(), function: Mutex::new(Some(function)), id }
    }

    fn lock(&self) -> MutexGuard<'_, Option<JsFunction>> {
        self.function.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn get(&self) -> PyResult<JsFunction> {
        self.lock().clone().ok_or_else(|| PyRuntimeError::new_err("Function has been closed"))
    }

    /// The function as a value for conversions, if it belongs to `ctx`'s runtime.
    pub(crate) fn value(&self, py: Python<'_>, ctx: &RuntimeRef) -> PyResult<Value> {
        if !self.ctx.rt.same(&ctx.rt) {
            return Err(crate::errors::conversion_error(py, "this JsFunction belongs to another runtime"));
        }
        Ok(Value::Function(self.get()?))
    }

    /// The function itself, if it belongs to `ctx`'s runtime.
    pub(crate) fn function(&self, py: Python<'_>, ctx: &RuntimeRef) -> PyResult<JsFunction> {
        match self.value(py, ctx)? {
            Value::Function(f) => Ok(f),
            _ => Err(crate::errors::conversion_error(py, "not a function")),
        }
    }

    fn convert_args(&self, args: &Bound<'_, PyTuple>) -> PyResult<jsrun_runtime::Args> {
        args.iter().map(|a| from_py(&a, &self.ctx)).collect()
    }
}

#[pymethods]
impl PyJsFunction {
    /// Calls the function and returns its result. A promise that has already
    /// settled gives its value (or raises its error); a pending one gives an
    /// awaitable of its outcome (as the published jsrun does).
    #[pyo3(signature = (*args, timeout = None))]
    fn __call__(
        &self,
        py: Python<'_>,
        args: &Bound<'_, PyTuple>,
        timeout: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let timeout = call_timeout(&self.ctx, timeout)?;
        let function = self.get()?;
        let args = self.convert_args(args)?;
        let ctx = &self.ctx;
        let main = crate::interrupt::MainCall::enter(ctx);
        let started = std::time::Instant::now();
        let result = crate::gil::detach(py, || ctx.rt.call_timed(&function, &args, timeout));
        ctx.state.stats.record(crate::stats::Kind::CallFunctionSync, started);
        drop(main);
        let value = finish(py, ctx, result)?;
        to_py(py, &value, ctx)
    }

    /// Starts an async call: ``done(ok, value)`` is called from the runtime's
    /// loop thread. Returns a job id for ``Runtime._cancel_async``. (Use
    /// ``call_async``.)
    fn _call_async_start(
        &self,
        py: Python<'_>,
        args: &Bound<'_, PyTuple>,
        event_loop: Py<PyAny>,
        done: Py<PyAny>,
    ) -> PyResult<Started> {
        let function = self.get()?;
        let args = self.convert_args(args)?;
        start_async(py, &self.ctx, crate::stats::Kind::CallFunctionAsync, event_loop, done, |rt, finish| {
            rt.call_async(function, args.into_vec(), finish)
        })
    }

    /// Starts waiting on the loop for the pending promise this handle holds
    /// (see ``jsrun._pending``); ``done(ok, value)`` gets its outcome.
    fn _await_start(&self, py: Python<'_>, event_loop: Py<PyAny>, done: Py<PyAny>) -> PyResult<Started> {
        let promise = self.get()?;
        start_async(py, &self.ctx, crate::stats::Kind::CallFunctionAsync, event_loop, done, |rt, finish| {
            rt.await_promise(promise, finish)
        })
    }

    fn _cancel_async(&self, token: u64) {
        if let Some(job) = self.ctx.state.remove_loop(token) {
            self.ctx.rt.cancel_async(job);
        }
    }

    /// Calls the function on the runtime's loop thread and awaits its
    /// (promise) result, without blocking the asyncio loop. The coroutine is
    /// ``jsrun._async.call_async``.
    #[pyo3(signature = (*args, timeout = None))]
    fn call_async<'py>(
        slf: &Bound<'py, Self>,
        args: &Bound<'py, PyTuple>,
        timeout: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        crate::types::types(py)?.call_async(py)?.bind(py).call1((slf, args, timeout))
    }

    /// Releases the handle now (``await`` the result or not); later calls
    /// raise ``RuntimeError``.
    fn close<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.lock().take();
        crate::types::types(py)?.ready(py)?.bind(py).call0()
    }

    /// As :meth:`close`, returning nothing.
    fn _close(&self) {
        self.lock().take();
    }

    /// Default timeout in seconds of its runtime, for ``call_async``.
    #[getter]
    fn _default_timeout(&self) -> Option<f64> {
        self.ctx.state.default_timeout.map(|d| d.as_secs_f64())
    }

    /// True once closed.
    #[getter]
    fn closed(&self) -> bool {
        self.lock().is_none()
    }

    fn __repr__(&self) -> String {
        format!("<JsFunction id={:#x}>", self.id)
    }
}

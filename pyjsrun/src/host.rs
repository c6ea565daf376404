//! Python callables as JS functions. They run on the thread inside the
//! isolate, which takes the GIL for the call (the allowed lock order).
use std::sync::{Arc, Mutex};

use jsrun_runtime::{HostCause, HostError, HostFunction, HostOutcome, Runtime, Settler};
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::from_py::from_py;
use crate::state::{RuntimeRef, WeakCtx};
use crate::to_py::to_py;
use crate::types::types;

pub(crate) struct PyHostFunction {
    callable: Py<PyAny>,
    is_async: bool,
    name: String,
    ctx: WeakCtx,
}

impl PyHostFunction {
    pub(crate) fn new(py: Python<'_>, callable: &Bound<'_, PyAny>, ctx: &RuntimeRef) -> PyResult<Arc<Self>> {
        let t = types(py)?;
        let is_coroutine = |obj: &Bound<'_, PyAny>| -> PyResult<bool> {
            t.iscoroutinefunction(py)?.bind(py).call1((obj,))?.is_truthy()
        };
        let is_async =
            is_coroutine(callable)? || (callable.hasattr("__call__")? && is_coroutine(&callable.getattr("__call__")?)?);
        let name =
            callable.getattr("__name__").and_then(|n| n.extract::<String>()).unwrap_or_else(|_| "function".into());
        Ok(Arc::new(PyHostFunction { callable: callable.clone().unbind(), is_async, name, ctx: ctx.downgrade() }))
    }

    pub(crate) fn is_async(&self) -> bool {
        self.is_async
    }

    fn call_py(&self, py: Python<'_>, ctx: &RuntimeRef, args: &[jsrun_runtime::Value]) -> HostOutcome {
        let args = match args_tuple(py, ctx, args) {
            Ok(a) => a,
            Err(e) => return HostOutcome::Throw(host_error(py, ctx, e)),
        };
        if self.is_async {
            return self.start_async(py, ctx, &args);
        }
        match self.callable.bind(py).call1(args).and_then(|r| from_py(&r, ctx)) {
            Ok(value) => HostOutcome::Return(value),
            Err(e) => HostOutcome::Throw(host_error(py, ctx, e)),
        }
    }

    /// Runs the coroutine on the asyncio loop of the pending async call and
    /// returns a promise that settles with it.
    fn start_async(&self, py: Python<'_>, ctx: &RuntimeRef, args: &Bound<'_, PyTuple>) -> HostOutcome {
        let Some(event_loop) = ctx.state.current_loop(py) else {
            return HostOutcome::Throw(HostError::new(
                "TypeError",
                format!(
                    "async Python function '{}' can only be called while eval_async, eval_module_async or call_async is running (not from synchronous evaluation)",
                    self.name
                ),
            ));
        };
        let scheduled = (|| -> PyResult<Py<PyAny>> {
            let coroutine = self.callable.bind(py).call1(args)?;
            let t = types(py)?;
            Ok(t.run_coroutine_threadsafe(py)?.bind(py).call1((coroutine, event_loop))?.unbind())
        })();
        let future = match scheduled {
            Ok(f) => f,
            Err(e) => return HostOutcome::Throw(host_error(py, ctx, e)),
        };
        let weak = self.ctx.clone();
        HostOutcome::Defer(Box::new(move |settler| {
            Python::attach(|py| {
                let callback = SettleCallback { settler: Mutex::new(Some(settler)), ctx: weak };
                let added = Py::new(py, callback)
                    .and_then(|cb| future.bind(py).call_method1("add_done_callback", (cb,)).map(|_| ()));
                if let Err(e) = added {
                    e.write_unraisable(py, None);
                }
            })
        }))
    }
}

/// The arguments as a tuple, each converted straight into its slot (the
/// hot path of every callback).
fn args_tuple<'py>(py: Python<'py>, ctx: &RuntimeRef, args: &[jsrun_runtime::Value]) -> PyResult<Bound<'py, PyTuple>> {
    let len = pyo3::ffi::Py_ssize_t::try_from(args.len())
        .map_err(|_| crate::errors::conversion_error(py, "too many arguments"))?;
    // SAFETY: a new tuple (or the error raised making it), owned here.
    let tuple = unsafe { Bound::from_owned_ptr_or_err(py, pyo3::ffi::PyTuple_New(len))? };
    for (at, arg) in (0..len).zip(args) {
        let item = to_py(py, arg, ctx)?;
        // SAFETY: `at` is in range and its slot still empty; the tuple is
        // ours alone, and SetItem takes the item's reference. A tuple
        // dropped half filled is fine: its empty slots are NULL.
        if unsafe { pyo3::ffi::PyTuple_SetItem(tuple.as_ptr(), at, item.into_ptr()) } != 0 {
            return Err(PyErr::fetch(py));
        }
    }
    // SAFETY: PyTuple_New made a tuple.
    Ok(unsafe { tuple.cast_into_unchecked() })
}

impl HostFunction for PyHostFunction {
    fn call(&self, runtime: &Runtime, args: jsrun_runtime::Args) -> HostOutcome {
        let borrowed = self.ctx.during(runtime);
        let upgraded = match borrowed {
            Some(_) => None,
            None => self.ctx.upgrade(),
        };
        let Some(ctx) = borrowed.as_deref().or(upgraded.as_ref()) else {
            return HostOutcome::Throw(HostError::new("Error", "the runtime is closed"));
        };
        crate::gil::callback(ctx, |py| self.call_py(py, ctx, &args))
            .unwrap_or_else(|| HostOutcome::Throw(HostError::new("Error", "the Python interpreter is shutting down")))
    }
}

/// A Python exception as a JS error carrying it. KeyboardInterrupt and
/// SystemExit are not for JS to catch: they terminate the JS and are
/// re-raised when the call returns.
pub(crate) fn host_error(py: Python<'_>, ctx: &RuntimeRef, err: PyErr) -> HostError {
    if !err.is_instance_of::<PyException>(py) {
        ctx.state.set_interrupt(err.clone_ref(py));
        ctx.rt.terminate();
    }
    let value = err.value(py);
    let js_error = types(py).ok().filter(|t| value.is_instance(t.js_error.bind(py)).unwrap_or(false));
    let (name, message) = if js_error.is_some() {
        (
            value.getattr("name").and_then(|n| n.extract::<Option<String>>()).ok().flatten(),
            value.getattr("message").and_then(|m| m.extract::<String>()).unwrap_or_default(),
        )
    } else {
        (err.get_type(py).name().map(|n| n.to_string()).ok(), value.str().map(|s| s.to_string()).unwrap_or_default())
    };
    HostError {
        name: name.unwrap_or_else(|| "Error".into()),
        message,
        cause: Some(HostCause(Arc::new(err))),
        code: None,
    }
}

/// `add_done_callback` target settling the JS promise of an async handler.
#[pyclass(module = "jsrun._jsrun")]
struct SettleCallback {
    settler: Mutex<Option<Settler>>,
    ctx: WeakCtx,
}

#[pymethods]
impl SettleCallback {
    fn __call__(&self, py: Python<'_>, future: &Bound<'_, PyAny>) {
        let Some(settler) = self.settler.lock().ok().and_then(|mut s| s.take()) else {
            return;
        };
        let Some(ctx) = self.ctx.upgrade() else { return };
        let outcome = future.call_method0("result").and_then(|r| from_py(&r, &ctx));
        settler.settle(outcome.map_err(|e| host_error(py, &ctx, e)));
    }
}

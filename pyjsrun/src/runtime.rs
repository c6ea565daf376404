//! The `Runtime` class. Every call releases the GIL before it enters the
//! isolate (never the other order: see ARCHITECTURE.md), so a runtime may be
//! used from any Python thread and calls on one runtime queue on V8's Locker.
use std::sync::Arc;

use std::time::Duration;

use jsrun_runtime::{ConversionLimits, HeapOptions, Runtime, RuntimeOptions, Text, Value};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::config::{parse_timeout, RuntimeConfig};
use crate::errors::{finish, to_py_err};
use crate::from_py::{from_py, js_string};
use crate::host::PyHostFunction;
use crate::interrupt::{self, MainCall};
use crate::rendezvous::Rendezvous;
use crate::state::{PyState, RuntimeRef};
use crate::to_py::to_py;

type Finish = Box<dyn FnOnce(jsrun_runtime::Result<Value>) + Send>;

/// An async start: the token for `_cancel_async`, and `(ok, value)` when
/// the outcome was ready at once.
pub(crate) type Started = (u64, Option<(bool, Py<PyAny>)>);

/// The native part of ``jsrun.Runtime`` (a Python subclass adds the asyncio
/// methods, ``bind``, streams and ``wasm``): one V8 isolate with one global
/// context. Usable from any thread; calls on one runtime run one at a time.
#[pyclass(module = "jsrun._jsrun", name = "Runtime", weakref, frozen, subclass)]
pub struct PyRuntime {
    ctx: RuntimeRef,
}

/// A call's timeout: its own `timeout=` if given, else the runtime's default.
pub(crate) fn call_timeout(ctx: &RuntimeRef, timeout: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Duration>> {
    match timeout {
        Some(t) if !t.is_none() => Ok(Some(Duration::from_secs_f64(parse_timeout(t)?))),
        _ => Ok(ctx.state.default_timeout),
    }
}

/// Starts async work whose outcome goes to `done(ok, value)`, called on the
/// runtime's loop thread with the GIL. Returns a token for `_cancel_async`,
/// and the outcome `(ok, value)` itself when it was ready within
/// microseconds (then `done` is never called; see `rendezvous`).
pub(crate) fn start_async(
    py: Python<'_>,
    ctx: &RuntimeRef,
    kind: crate::stats::Kind,
    event_loop: Py<PyAny>,
    done: Py<PyAny>,
    start: impl FnOnce(&Runtime, Finish) -> jsrun_runtime::Result<u64>,
) -> PyResult<Started> {
    let token = ctx.state.add_loop(event_loop);
    let waiter_ctx = ctx.clone();
    let started = std::time::Instant::now();
    let meeting = Rendezvous::new();
    let offered = meeting.clone();
    let finish: Finish = Box::new(move |result| {
        waiter_ctx.state.stats.record(kind, started);
        let Err(result) = offered.offer(result) else { return };
        let delivered = Python::try_attach(|py| {
            waiter_ctx.state.remove_loop(token);
            let (ok, value) = outcome(py, &waiter_ctx, result);
            if let Err(e) = done.bind(py).call1((ok, value)) {
                e.write_unraisable(py, None);
            }
        });
        let _ = delivered; // None: the interpreter is shutting down, nobody waits
    });
    match start(&ctx.rt, finish) {
        Ok(job) => {
            ctx.state.set_job(token, job);
            let ready = crate::gil::detach(py, || meeting.wait());
            Ok((
                token,
                ready.map(|result| {
                    ctx.state.remove_loop(token);
                    outcome(py, ctx, result)
                }),
            ))
        }
        Err(e) => {
            ctx.state.remove_loop(token);
            Err(to_py_err(py, e, Some(ctx)))
        }
    }
}

/// An async call's outcome as `done(ok, value)` takes it.
fn outcome(py: Python<'_>, ctx: &RuntimeRef, result: jsrun_runtime::Result<Value>) -> (bool, Py<PyAny>) {
    match result.map_err(|e| to_py_err(py, e, Some(ctx))) {
        Ok(v) => match to_py(py, &v, ctx) {
            Ok(obj) => (true, obj),
            Err(e) => (false, e.into_value(py).into_any()),
        },
        Err(e) => (false, e.into_value(py).into_any()),
    }
}

/// Routes `console.*` to logging or the user's callback (see `jsrun/_console.py`).
fn install_console(py: Python<'_>, ctx: &RuntimeRef, callback: Option<Py<PyAny>>) -> PyResult<()> {
    let module = py.import("jsrun._console")?;
    let setup: String = module.getattr("SETUP")?.extract()?;
    let want_args = callback.is_some();
    let emit = module.call_method1("emitter", (callback,))?;
    let emit = Value::Host(jsrun_runtime::HostFn(PyHostFunction::new(py, &emit, ctx)?));
    let rt = &ctx.rt;
    let installed = crate::gil::detach(py, || {
        let Value::Function(f) = rt.eval_named(Text::Utf8(&setup), "jsrun:console")? else {
            return Err(jsrun_runtime::Error::Internal("console set-up is not a function".into()));
        };
        rt.call_setup(&f, &[emit, Value::Bool(want_args)]).map(|_| ())
    });
    finish(py, ctx, installed)
}

/// Points the runtime crate at the polyfill manifest `make build` (or the
/// wheel) put next to the package, once per process.
fn locate_polyfill_manifest(py: Python<'_>) {
    static LOCATED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if LOCATED.swap(true, std::sync::atomic::Ordering::AcqRel) {
        return;
    }
    let file = py.import("jsrun").and_then(|m| m.getattr("__file__")).and_then(|f| f.extract::<std::path::PathBuf>());
    if let Ok(file) = file {
        jsrun_runtime::polyfills::use_file(file.with_file_name("_polyfills.json"));
    }
}

#[pymethods]
impl PyRuntime {
    #[new]
    #[pyo3(signature = (config = None))]
    fn new(py: Python<'_>, config: Option<PyRef<'_, RuntimeConfig>>) -> PyResult<Self> {
        locate_polyfill_manifest(py);
        let mut options = RuntimeOptions::default();
        let mut bootstrap = None;
        let mut state = PyState::default();
        options.host_ops = Some(state.ops.dispatchers());
        let mut inspector_config = None;
        let mut console: Option<Option<Py<PyAny>>> = None;
        let mut fetch = None;
        if let Some(config) = &config {
            if config.enable_console {
                console = Some(config.console.as_ref().map(|c| c.clone_ref(py)));
            }
            if let Some(snapshot) = &config.snapshot {
                options.snapshot = Some(Arc::new(snapshot.bind(py).as_bytes().to_vec()));
            }
            config.check_supported(py)?;
            options.polyfills = config.polyfills;
            options.web_apis = config.web_apis;
            options.limits = ConversionLimits {
                max_depth: config.max_serialization_depth,
                max_bytes: config.max_serialization_bytes,
            };
            options.heap =
                HeapOptions { initial_heap_bytes: config.initial_heap_size, max_heap_bytes: config.max_heap_size };
            bootstrap = config.bootstrap.clone();
            fetch = config.fetch.as_ref().filter(|_| config.web_apis).map(|f| f.clone_ref(py));
            state.default_timeout = config.timeout.map(Duration::from_secs_f64);
            options.workers =
                jsrun_runtime::WorkerOptions { max: config.max_workers, turn_timeout: state.default_timeout };
            if let Some(inspector) = &config.inspector {
                let inspector = inspector.bind(py).borrow().clone();
                options.inspector = Some(inspector.options(py)?);
                inspector_config = Some(inspector);
            }
        }
        let rt = crate::gil::detach(py, || Runtime::new(options)).map_err(|e| to_py_err(py, e, None))?;
        let ctx = RuntimeRef { rt, state: Arc::new(state) };
        interrupt::install();
        crate::registry::register(&ctx);
        if let Some(callback) = console {
            install_console(py, &ctx, callback)?;
        }
        if let Some(handler) = fetch {
            let adapter = py.import("jsrun._fetch")?.getattr("adapt")?.call1((handler,))?;
            let function = PyHostFunction::new(py, &adapter, &ctx)?;
            finish(py, &ctx, crate::gil::detach(py, || ctx.rt.set_fetch(function)))?;
        }
        if let (Some(config), Some(endpoint)) = (&inspector_config, ctx.rt.inspector_endpoint()) {
            crate::inspector::log_start(py, config, &endpoint.into())?;
        }
        if let Some(source) = bootstrap {
            let rt = &ctx.rt;
            crate::gil::detach(py, || rt.execute(Text::Utf8(&source), "<bootstrap>"))
                .map_err(|e| to_py_err(py, e, Some(&ctx)))?;
        }
        Ok(PyRuntime { ctx })
    }

    /// Runs ``code`` as a classic script and returns its completion value,
    /// converted to Python. A promise that has already settled gives its
    /// value (or raises its error); a pending one raises ``ConversionError``.
    #[pyo3(signature = (code, *, timeout = None))]
    fn eval(
        &self,
        py: Python<'_>,
        code: &Bound<'_, PyString>,
        timeout: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let ctx = &self.ctx;
        let timeout = call_timeout(ctx, timeout)?;
        // UTF-8 borrowed from the str itself (no copy); a str with lone
        // surrogates is not UTF-8 and goes over as UTF-16.
        let _main = MainCall::enter(ctx);
        let started = std::time::Instant::now();
        let result = match code.to_str() {
            Ok(text) => crate::gil::detach(py, || ctx.rt.eval_timed(Text::Utf8(text), timeout)),
            Err(_) => {
                let source = js_string(code)?;
                crate::gil::detach(py, || source.with_text(|text| ctx.rt.eval_timed(text, timeout)))
            }
        };
        ctx.state.stats.record(crate::stats::Kind::EvalSync, started);
        let value = finish(py, ctx, result)?;
        to_py(py, &value, ctx)
    }

    /// Starts ``code`` on the runtime's loop thread; ``done(ok, value)`` gets
    /// the settled outcome. Returns a token for ``_cancel_async``. (Use ``eval_async``.)
    fn _eval_async_start(
        &self,
        py: Python<'_>,
        code: String,
        event_loop: Py<PyAny>,
        done: Py<PyAny>,
    ) -> PyResult<Started> {
        start_async(py, &self.ctx, crate::stats::Kind::EvalAsync, event_loop, done, |rt, finish| {
            rt.eval_async(code, finish)
        })
    }

    /// Stops waiting for an async call; terminates its JS if it is running.
    fn _cancel_async(&self, token: u64) {
        if let Some(job) = self.ctx.state.remove_loop(token) {
            self.ctx.rt.cancel_async(job);
        }
    }

    /// Sets ``globalThis[name]`` to a copy of ``obj`` (a dict). If a global
    /// object of that name exists, the keys are merged into it. Callable
    /// values become JS functions calling them.
    fn bind_object(&self, py: Python<'_>, name: &Bound<'_, PyString>, obj: &Bound<'_, PyAny>) -> PyResult<()> {
        if !obj.is_instance_of::<PyDict>() {
            return Err(PyTypeError::new_err("bind_object expects a dict with string keys"));
        }
        let ctx = &self.ctx;
        let name = js_string(name)?;
        let value = from_py(obj, ctx)?;
        finish(py, ctx, crate::gil::detach(py, || ctx.rt.set_global(&name, &value)))
    }

    /// Sets ``globalThis[name]`` to a JS function that calls ``handler``
    /// (sync, or async: then JS gets a promise, during ``eval_async``).
    fn bind_function(&self, py: Python<'_>, name: &Bound<'_, PyString>, handler: &Bound<'_, PyAny>) -> PyResult<()> {
        if !handler.is_callable() {
            return Err(PyTypeError::new_err("bind_function expects a callable"));
        }
        let ctx = &self.ctx;
        let name = js_string(name)?;
        let function = PyHostFunction::new(py, handler, ctx)?;
        finish(py, ctx, crate::gil::detach(py, || ctx.rt.bind_function(&name, function)))
    }

    /// Low-level op registration, as the published jsrun: JS calls the op as
    /// ``__host_op_sync__(id, ...args)`` (``mode="sync"``) or
    /// ``__host_op_async__(id, ...args)`` (``mode="async"``, returns a promise).
    /// Returns the op's id: 0, 1, 2… in order of registration.
    #[pyo3(signature = (name, handler, /, *, mode = "sync"))]
    fn register_op(&self, py: Python<'_>, name: &str, handler: &Bound<'_, PyAny>, mode: &str) -> PyResult<u64> {
        let is_async = match mode {
            "sync" => false,
            "async" => true,
            other => return Err(PyValueError::new_err(format!("Invalid mode '{other}': use 'sync' or 'async'"))),
        };
        if !handler.is_callable() {
            return Err(PyTypeError::new_err("register_op expects a callable"));
        }
        let ctx = &self.ctx;
        if ctx.rt.is_closed() {
            return Err(to_py_err(py, jsrun_runtime::Error::Closed, Some(ctx)));
        }
        let op = PyHostFunction::new(py, handler, ctx)?;
        if op.is_async() != is_async {
            return Err(PyRuntimeError::new_err(format!(
                "op '{name}' is {} but mode is '{mode}'",
                if op.is_async() { "async" } else { "sync" }
            )));
        }
        Ok(ctx.state.ops.add(op))
    }

    /// Runs a full garbage collection in the isolate.
    fn _collect_garbage(&self, py: Python<'_>) -> PyResult<()> {
        let ctx = &self.ctx;
        finish(py, ctx, crate::gil::detach(py, || ctx.rt.collect_garbage()))
    }

    /// Number of JS function handles held by Python (test hook).
    fn _debug_tracked_function_count(&self) -> usize {
        self.ctx.rt.handle_count()
    }

    /// Number of Python callables reachable from JS (test hook).
    fn _debug_host_function_count(&self) -> usize {
        self.ctx.rt.host_function_count()
    }

    /// Default timeout in seconds (``RuntimeConfig.timeout``), for ``eval_async``.
    #[getter]
    fn _default_timeout(&self) -> Option<f64> {
        self.ctx.state.default_timeout.map(|d| d.as_secs_f64())
    }

    /// Heap figures (test hook; ``get_stats`` is the public form to come).
    fn _heap_stats(&self, py: Python<'_>) -> PyResult<(usize, usize, usize, usize, usize)> {
        let ctx = &self.ctx;
        let s = finish(py, ctx, crate::gil::detach(py, || ctx.rt.heap_stats()))?;
        Ok((s.total_heap_bytes, s.used_heap_bytes, s.heap_limit_bytes, s.external_bytes, s.array_buffer_bytes))
    }

    /// Stops the JavaScript running in this runtime, from any thread, and
    /// closes the runtime for good: the interrupted call and every later one
    /// raise ``RuntimeTerminated``. Idempotent.
    fn terminate(&self) {
        let _ = self.ctx.state.closed_reason.set("Terminated by host request");
        self.ctx.rt.terminate();
        self.shut();
    }

    /// Frees the isolate. Idempotent; a call running on another thread finishes first.
    fn close(&self, py: Python<'_>) {
        crate::gil::detach(py, || self.shut());
    }

    /// Memory and activity figures: see :class:`RuntimeStats`.
    fn get_stats(&self, py: Python<'_>) -> PyResult<crate::stats::RuntimeStats> {
        crate::stats::snapshot(py, &self.ctx)
    }

    /// Where DevTools finds this runtime, or None without an inspector.
    fn inspector_endpoints(&self) -> Option<crate::inspector::InspectorEndpoints> {
        self.ctx.rt.inspector_endpoint().map(Into::into)
    }

    /// ``new WebAssembly.Module(bytes)`` read in place, then ``wrap(module)``. (Use ``rt.wasm``.)
    fn _wasm_compile(
        &self,
        py: Python<'_>,
        bytes: &Bound<'_, PyAny>,
        wrap: &Bound<'_, crate::function::PyJsFunction>,
    ) -> PyResult<Py<PyAny>> {
        crate::wasm::compile(py, &self.ctx, bytes, wrap.get())
    }

    /// A reference to the memory of the ``WebAssembly.Memory`` that ``getter()``
    /// returns. (Use ``WasmMemory.buffer``.)
    fn _wasm_memory(
        &self,
        py: Python<'_>,
        getter: &Bound<'_, crate::function::PyJsFunction>,
    ) -> PyResult<crate::wasm::PyWasmMemoryRef> {
        crate::wasm::memory(py, &self.ctx, getter.get())
    }

    /// Makes ``source`` importable as ``name`` (or ``static:name``); its
    /// ``import.meta.url`` is ``jsrun://static/<name>``.
    fn add_static_module(&self, name: &str, source: String) {
        self.ctx.rt.add_static_module(name, source);
    }

    /// ``resolver(specifier, referrer)`` returns the URL to load for an
    /// import (``referrer`` is the importing module's URL, or None for
    /// ``eval_module``), or None to fall back to static modules. Runs
    /// synchronously. ``None`` removes it.
    fn set_module_resolver(&self, py: Python<'_>, resolver: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let resolver = resolver.map(|r| crate::host::PyHostFunction::new(py, r, &self.ctx)).transpose()?;
        if resolver.as_ref().is_some_and(|r| r.is_async()) {
            return Err(pyo3::exceptions::PyTypeError::new_err(
                "the module resolver must be a plain (not async) function",
            ));
        }
        self.ctx.rt.set_module_resolver(resolver.map(|r| r as Arc<dyn jsrun_runtime::HostFunction>));
        Ok(())
    }

    /// ``loader(url)`` returns the module's source text; an ``async def``
    /// loader works with ``eval_module_async`` and ``import()`` inside it.
    /// Without a loader only static modules load. ``None`` removes it.
    fn set_module_loader(&self, py: Python<'_>, loader: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let loader = loader.map(|l| crate::host::PyHostFunction::new(py, l, &self.ctx)).transpose()?;
        self.ctx.rt.set_module_loader(loader.map(|l| l as Arc<dyn jsrun_runtime::HostFunction>));
        Ok(())
    }

    /// Imports the ES module ``specifier`` (through the resolver and loader)
    /// and returns its namespace as a dict (functions as ``JsFunction``).
    /// Raises if it needs to wait (top-level await on timers, an async
    /// loader): use ``eval_module_async`` then.
    #[pyo3(signature = (specifier, *, timeout = None))]
    fn eval_module(&self, py: Python<'_>, specifier: &str, timeout: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
        let ctx = &self.ctx;
        let timeout = call_timeout(ctx, timeout)?;
        let _main = MainCall::enter(ctx);
        let started = std::time::Instant::now();
        let result = crate::gil::detach(py, || ctx.rt.eval_module(specifier, timeout));
        ctx.state.stats.record(crate::stats::Kind::EvalModuleSync, started);
        let value = finish(py, ctx, result)?;
        to_py(py, &value, ctx)
    }

    /// Makes bare specifiers resolve the way Node.js resolves them, from
    /// ``path`` (a directory that holds ``node_modules``, or a
    /// ``node_modules`` directory): in ``eval_module``, ``import`` and
    /// ``import()``, and ``require``. CommonJS modules run as in Node, and
    /// scripts get the globals ``require``, ``process``, ``Buffer``,
    /// ``global``, ``setImmediate`` and ``clearImmediate``. ``env`` becomes
    /// ``process.env`` (empty by default). JS can read module sources only
    /// from inside ``path``; the ``node:`` built-ins that reach the file
    /// system, network, processes or threads are refused, except that
    /// ``allow_read=True`` lets ``fs`` read the files under ``path`` (read
    /// only: ``readFile``, ``stat``, ``readdir``, ``existsSync``…), for
    /// packages that read their own data or Wasm files. Needs the web
    /// platform's globals (RuntimeError with ``web_apis=False``).
    #[pyo3(signature = (path, *, env = None, allow_read = false))]
    fn use_node_modules(
        &self,
        py: Python<'_>,
        path: std::path::PathBuf,
        env: Option<std::collections::BTreeMap<String, String>>,
        allow_read: bool,
    ) -> PyResult<()> {
        if !path.is_dir() {
            let message = format!("use_node_modules: {} is not a directory", path.display());
            return Err(if path.exists() {
                pyo3::exceptions::PyNotADirectoryError::new_err(message)
            } else {
                pyo3::exceptions::PyFileNotFoundError::new_err(message)
            });
        }
        let ctx = &self.ctx;
        let variables = env.unwrap_or_default().into_iter().collect();
        let result = crate::gil::detach(py, || ctx.rt.use_node_modules(&path, variables, allow_read));
        finish(py, ctx, result)
    }

    /// Node's ``require(specifier)`` from the ``use_node_modules`` directory:
    /// a CommonJS module's ``module.exports`` or a built-in (converted as
    /// ``eval`` results are: functions become ``JsFunction``), or an ES
    /// module's namespace as a dict (as Node 22's ``require`` of ES modules).
    #[pyo3(signature = (specifier, *, timeout = None))]
    fn require(&self, py: Python<'_>, specifier: &str, timeout: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
        let ctx = &self.ctx;
        let timeout = call_timeout(ctx, timeout)?;
        let _main = MainCall::enter(ctx);
        let result = crate::gil::detach(py, || ctx.rt.require(specifier, timeout));
        let value = finish(py, ctx, result)?;
        to_py(py, &value, ctx)
    }

    /// Starts ``eval_module_async``'s work on the loop thread. (Use ``eval_module_async``.)
    fn _eval_module_async_start(
        &self,
        py: Python<'_>,
        specifier: String,
        event_loop: Py<PyAny>,
        done: Py<PyAny>,
    ) -> PyResult<Started> {
        start_async(py, &self.ctx, crate::stats::Kind::EvalModuleAsync, event_loop, done, |rt, finish| {
            rt.eval_module_async(specifier, finish)
        })
    }

    /// DevTools sessions attached now (for tests).
    fn _inspector_session_count(&self) -> usize {
        self.ctx.rt.inspector_session_count()
    }

    /// True once :meth:`close` was called.
    fn is_closed(&self) -> bool {
        self.ctx.rt.is_closed()
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
        format!("<Runtime #{} {}>", self.ctx.rt.id(), if self.ctx.rt.is_closed() { "closed" } else { "open" })
    }
}

impl PyRuntime {
    /// Closes the runtime and drops its ops, whose callables would otherwise
    /// keep this runtime's Python state alive through a cycle.
    fn shut(&self) {
        self.ctx.rt.close();
        self.ctx.state.ops.clear();
    }
}

impl Drop for PyRuntime {
    fn drop(&mut self) {
        self.shut();
    }
}

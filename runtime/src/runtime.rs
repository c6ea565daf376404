//! A JS runtime: one isolate and context, usable from any thread. `Runtime`
//! is a cheap handle; the runtime lives until `close` (a `Drop` of the last
//! handle does not close it: the owner decides, see pyjsrun).
use std::sync::Arc;
use std::time::Duration;

use crate::async_eval::{self, write_args};
use crate::env::{Env, HeapStats, Kind, Local};
use crate::error::{Error, Result};
use crate::event_loop;
use crate::host::HostFunction;
use crate::inspector::{Hub, InspectorEndpoint, InspectorOptions};
use crate::isolate::{HeapOptions, Start};
use crate::js_to_value::Reader;
use crate::limits::ConversionLimits;
use crate::state::{lock, RuntimeState};
use crate::value::{JsFunction, JsString, Text, Value};
use crate::value_to_js::Writer;

#[derive(Debug, Clone)]
pub struct RuntimeOptions {
    pub heap: HeapOptions,
    pub limits: ConversionLimits,
    /// Serve this runtime to DevTools. None: no inspector, no server, no cost.
    pub inspector: Option<InspectorOptions>,
    /// Start from a snapshot made by [`crate::SnapshotBuilder`] (checked first).
    pub snapshot: Option<Arc<Vec<u8>>>,
    /// `__host_op_sync__` / `__host_op_async__` globals calling these.
    pub host_ops: Option<crate::HostOps>,
    /// Start from the built-in snapshot where core-js has filled in the
    /// ES2022–ES2026 library this V8 lacks, not the bare one (unless
    /// `snapshot` is given).
    pub polyfills: bool,
    /// The web platform's globals (`setTimeout`, `TextEncoder`, `URL`, …).
    pub web_apis: bool,
    /// How many workers JS may start, and a bound on their loops' turns.
    pub workers: crate::worker::WorkerOptions,
}

impl Default for RuntimeOptions {
    fn default() -> Self {
        RuntimeOptions {
            heap: HeapOptions::default(),
            limits: ConversionLimits::default(),
            inspector: None,
            snapshot: None,
            host_ops: None,
            polyfills: true,
            web_apis: true,
            workers: crate::worker::WorkerOptions::default(),
        }
    }
}

#[derive(Clone)]
pub struct Runtime {
    shared: Arc<RuntimeState>,
}

impl Runtime {
    pub(crate) fn from_shared(shared: Arc<RuntimeState>) -> Runtime {
        Runtime { shared }
    }

    pub fn new(options: RuntimeOptions) -> Result<Runtime> {
        let hub = Hub::for_options(options.inspector.clone())?;
        use crate::lineage::Origin;
        let mut replay = Vec::new();
        let start = match &options.snapshot {
            // Another snapshot's runtimes are alive: start from V8's own
            // and run the set-up scripts again (see `snapshot`).
            Some(blob)
                if !crate::lineage::free_for(Origin::User(crate::snapshot::checksum(blob)))
                    && crate::lineage::free_for(Origin::V8) =>
            {
                replay = crate::snapshot::scripts(blob)?;
                Start { origin: Origin::V8, blob: None }
            }
            Some(blob) => Start {
                origin: Origin::User(crate::snapshot::checksum(blob)),
                blob: Some(crate::snapshot::payload(blob)?),
            },
            None => Start { origin: Origin::V8, blob: None },
        };
        // A snapshot's context has the polyfills already (builders run them).
        let stubs = options.polyfills && start.blob.is_none();
        if stubs {
            // Before this runtime's isolate exists: finding the plan may make a runtime of its own.
            crate::polyfills::prepare()?;
        }
        let from_v8 = start.origin == Origin::V8;
        let shared = RuntimeState::new(options.heap, options.limits, hub, start)?;
        shared.workers.set_template(&options);
        let host_ops = options.host_ops;
        shared
            .call(|env| {
                env.set_module_host(&shared);
                if stubs {
                    crate::polyfills::define(env, &shared)?;
                }
                if options.polyfills {
                    crate::late_fills::define(env, &shared)?;
                }
                for script in &replay {
                    let ran = env.run_script(Text::Utf8(&script.source), Some(&script.name));
                    let ran = ran.and_then(|_| env.run_microtasks());
                    if ran.is_err() && !script.failed {
                        return ran.map(|_| ());
                    }
                }
                if options.web_apis {
                    crate::web::define(env, &shared)?;
                }
                if let Some(ops) = &host_ops {
                    crate::host_ops::define(env, &shared, ops.clone())?;
                }
                match &shared.inspector {
                    Some(hub) => hub.start(env, &shared),
                    None => Ok(()),
                }
            })
            .inspect_err(|_| shared.cell.close())?;
        let thread = event_loop::spawn(&shared)
            .map_err(|e| Error::Internal(format!("cannot start the runtime's event loop thread: {e}")))?;
        *lock(&shared.tasks.loop_thread) = Some(thread);
        if from_v8 {
            crate::lineage::made_from_v8();
        }
        Ok(Runtime { shared })
    }

    pub(crate) fn shared(&self) -> &Arc<RuntimeState> {
        &self.shared
    }

    pub fn limits(&self) -> ConversionLimits {
        self.shared.limits
    }

    /// Runs `source` as a classic script named `<eval>` and returns its
    /// completion value. A settled promise gives its outcome; a pending one is an error.
    pub fn eval(&self, source: Text<'_>) -> Result<Value> {
        self.run(source, None, None)
    }

    /// As [`Runtime::eval`], terminated with [`Error::Timeout`] after `timeout`.
    pub fn eval_timed(&self, source: Text<'_>, timeout: Option<Duration>) -> Result<Value> {
        self.run(source, None, timeout)
    }

    /// As [`Runtime::eval`], with the script named `name` in stack traces.
    /// For set-up code: it never waits for a debugger (`wait_for_connection`).
    pub fn eval_named(&self, source: Text<'_>, name: &str) -> Result<Value> {
        let shared = &self.shared;
        shared.call(|env| {
            let value = env.run_script(source, Some(name))?;
            self.settle(env, Some(value))?;
            Reader::new(env, Some(shared), shared.limits).read_result(value)
        })
    }

    /// Calls a function for set-up: as [`Runtime::call`], never waiting for a debugger.
    pub fn call_setup(&self, function: &JsFunction, args: &[Value]) -> Result<Value> {
        let shared = &self.shared;
        shared.call(|env| {
            let value = invoke(env, shared, function, args)?;
            self.settle(env, Some(value))?;
            Reader::new(env, Some(shared), shared.limits).read_result(value)
        })
    }

    /// Runs a script for its effects; its completion value is dropped unconverted.
    pub fn execute(&self, source: Text<'_>, name: &str) -> Result<()> {
        self.shared.call(|env| {
            env.run_script(source, Some(name))?;
            self.settle(env, None)
        })
    }

    fn run(&self, source: Text<'_>, name: Option<&str>, timeout: Option<Duration>) -> Result<Value> {
        let shared = &self.shared;
        shared.call_timed(timeout, |env| {
            shared.before_execution()?;
            let cached = match (name, &source) {
                // The generated name is made from the text, so it suits the cache's key.
                (None, Text::Utf8(text)) => shared.scripts.run(env, text, || shared.eval_name(&source)),
                _ => None,
            };
            let generated = match name {
                Some(_) => None,
                None => shared.eval_name(&source),
            };
            let name = name.or(generated.as_deref());
            let value = match cached {
                Some(value) => value,
                None => env.run_script(source, name),
            };
            let value = match value {
                Err(failure) => crate::regexp_lowering::rerun(env, shared, source, name, failure)?,
                Ok(value) => value,
            };
            self.settle(env, Some(value))?;
            Reader::new(env, Some(shared), shared.limits).read_result(value)
        })
    }

    /// Calls a JS function (with its `this`) and returns the settled result.
    pub fn call(&self, function: &JsFunction, args: &[Value]) -> Result<Value> {
        self.call_timed(function, args, None)
    }

    /// As [`Runtime::call`], terminated with [`Error::Timeout`] after `timeout`.
    pub fn call_timed(&self, function: &JsFunction, args: &[Value], timeout: Option<Duration>) -> Result<Value> {
        let shared = &self.shared;
        shared.call_timed(timeout, |env| {
            shared.before_execution()?;
            let value = invoke(env, shared, function, args)?;
            self.settle(env, Some(value))?;
            Reader::new(env, Some(shared), shared.limits).read_call_result(value)
        })
    }

    /// Waits on the loop for a promise that a call returned pending
    /// (`Value::Promise`); `done` gets its outcome. Returns an id for
    /// [`Runtime::cancel_async`].
    pub fn await_promise(&self, promise: JsFunction, done: Box<dyn FnOnce(Result<Value>) + Send>) -> Result<u64> {
        self.check_async()?;
        Ok(async_eval::run(&self.shared, done, move |env, shared| {
            promise
                .function
                .get(env, shared)
                .ok_or_else(|| Error::Conversion("this promise belongs to another runtime".into()))
        }))
    }

    /// Runs `source` on the background loop; `done` gets the result once
    /// any returned promise settles (on the loop thread, inside the isolate).
    /// Returns an id for [`Runtime::cancel_async`].
    pub fn eval_async(&self, source: String, done: Box<dyn FnOnce(Result<Value>) + Send>) -> Result<u64> {
        self.check_async()?;
        Ok(async_eval::eval(&self.shared, source, done))
    }

    /// As [`Runtime::eval_async`], calling a function.
    pub fn call_async(
        &self,
        function: JsFunction,
        args: Vec<Value>,
        done: Box<dyn FnOnce(Result<Value>) + Send>,
    ) -> Result<u64> {
        self.check_async()?;
        Ok(async_eval::call(&self.shared, function, args, done))
    }

    /// Stops waiting for an async call; terminates its JS if it is running.
    /// Its `done` is then not called (or called with `Terminated`).
    pub fn cancel_async(&self, id: u64) {
        async_eval::cancel(&self.shared, id);
    }

    /// Sets `globalThis[name]`. An object is merged into an existing global
    /// object of that name, as the published jsrun does.
    pub fn set_global(&self, name: &JsString, value: &Value) -> Result<()> {
        let shared = &self.shared;
        shared.call(|env| {
            let global = env.global();
            let key = env.new_string(name)?;
            if let Value::Object(entries) = value {
                let existing = env.get(global, key)?;
                if matches!(env.kind(existing), Kind::Object) {
                    for (k, v) in entries {
                        let what = format!("{}.{}", name.to_string_lossy(), k.to_string_lossy());
                        let k = env.new_string(k)?;
                        let v = Writer::new(env, shared, shared.limits).write(v)?;
                        store(env, existing, k, v, &what)?;
                    }
                    return Ok(());
                }
            }
            let v = Writer::new(env, shared, shared.limits).write(value)?;
            store(env, global, key, v, &name.to_string_lossy())
        })
    }

    /// Sets `globalThis[name]` to a function calling `function`, named `name`.
    pub fn bind_function(&self, name: &JsString, function: Arc<dyn HostFunction>) -> Result<()> {
        let shared = &self.shared;
        shared.call(|env| {
            let f = shared.host_function(env, function, Some(name), false)?;
            let key = env.new_string(name)?;
            store(env, env.global(), key, f, &name.to_string_lossy())
        })
    }

    /// Defines `fetch()`, handing every request to `handler`: it gets
    /// `(method, url, [[name, value]…], body bytes or null)` and answers
    /// `[status, statusText, [[name, value]…], body bytes]` (see web/fetch.js).
    pub fn set_fetch(&self, handler: Arc<dyn HostFunction>) -> Result<()> {
        let shared = &self.shared;
        shared.call(|env| {
            let exports = crate::web::install(env, shared, "fetch")?;
            let make = env.get(exports, env.new_string(&JsString::from("makeFetch"))?)?;
            let host = shared.internal_function(env, handler)?;
            let fetch = env.call_function(make, None, &[host])?;
            let key = env.new_string(&JsString::from("fetch"))?;
            store(env, env.global(), key, fetch, "fetch")
        })
    }

    // ---- ES modules (see modules.rs) ----

    /// Makes `source` importable as `name` (also `static:name`); its URL is
    /// `jsrun://static/<name>`.
    pub fn add_static_module(&self, name: &str, source: String) {
        self.shared.modules.add_static(name, source);
    }

    /// `resolver(specifier, referrer)` returns the URL to load, or null to
    /// fall back to static modules.
    pub fn set_module_resolver(&self, resolver: Option<Arc<dyn HostFunction>>) {
        self.shared.modules.set_resolver(resolver);
    }

    /// `loader(url)` returns source text (or defers it).
    pub fn set_module_loader(&self, loader: Option<Arc<dyn HostFunction>>) {
        self.shared.modules.set_loader(loader);
    }

    /// Imports `specifier` and returns its namespace; fails if it needs to
    /// wait for anything but microtasks (use [`Runtime::eval_module_async`]).
    pub fn eval_module(&self, specifier: &str, timeout: Option<Duration>) -> Result<Value> {
        let shared = &self.shared;
        shared.call_timed(timeout, |env| {
            shared.before_execution()?;
            crate::modules::import_now(env, shared, specifier)
        })
    }

    /// Makes bare specifiers resolve as Node.js resolves them, from `path`
    /// (a directory holding node_modules): in modules, `import()` and
    /// `require`, which becomes a global with `process`, `Buffer`, `global`
    /// and `setImmediate`. `variables` is `process.env`. Module sources are
    /// read only from inside `path`.
    pub fn use_node_modules(
        &self,
        path: &std::path::Path,
        variables: Vec<(String, String)>,
        allow_read: bool,
    ) -> Result<()> {
        self.check_open()?;
        let shared = &self.shared;
        shared.call(|env| crate::node::enable(env, shared, path, variables, allow_read))
    }

    /// `require(specifier)` from the `use_node_modules` directory: a
    /// CommonJS module's `module.exports`, an ES module's namespace.
    pub fn require(&self, specifier: &str, timeout: Option<Duration>) -> Result<Value> {
        let shared = &self.shared;
        shared.call_timed(timeout, |env| {
            shared.before_execution()?;
            crate::node::require_now(env, shared, specifier)
        })
    }

    /// As [`Runtime::eval_module`], settling on the background loop (top-level
    /// await, timers, async loaders).
    pub fn eval_module_async(&self, specifier: String, done: Box<dyn FnOnce(Result<Value>) + Send>) -> Result<u64> {
        self.check_async()?;
        Ok(async_eval::run(&self.shared, done, move |env, shared| {
            crate::modules::import(env, shared, &specifier, None)
        }))
    }

    /// Microtasks, and platform tasks if any were posted, after a script
    /// ran; then its unhandled rejections are reported (`result`, which the
    /// caller gets, is handled).
    fn settle<'e>(&self, env: &Env<'e>, result: Option<Local<'e>>) -> Result<()> {
        if self.shared.signal.take_pending() {
            env.pump()?;
        } else {
            env.run_microtasks()?;
        }
        crate::uncaught::checkpoint(env, &self.shared, result)
    }

    /// As `check_open`, for work handed to the loop thread: it would wait
    /// forever for a thread that is inside this runtime and waits for it.
    fn check_async(&self) -> Result<()> {
        self.check_open()?;
        if self.shared.cell.gate.held_here() {
            return Err(Error::Deadlock(vec![self.id()]));
        }
        Ok(())
    }

    fn check_open(&self) -> Result<()> {
        crate::fork::check()?;
        if self.shared.cell.is_closed() {
            Err(Error::Closed)
        } else {
            Ok(())
        }
    }

    /// Stops JS running in this runtime on any thread (thread-safe).
    pub fn terminate(&self) {
        self.shared.terminate();
    }

    /// Runs `f` on the thread running JS in this runtime, at its next
    /// interrupt check (thread-safe). Used to check for Ctrl-C during long calls.
    pub fn request_interrupt(&self, f: Box<dyn FnOnce() + Send>) {
        self.shared.request_interrupt(f);
    }

    /// True if the runtime was made with an inspector.
    pub fn has_inspector(&self) -> bool {
        self.shared.inspector.is_some()
    }

    /// Where DevTools finds this runtime; None without an inspector.
    pub fn inspector_endpoint(&self) -> Option<InspectorEndpoint> {
        self.shared.inspector.as_ref().and_then(|hub| hub.endpoint())
    }

    /// Number of DevTools sessions attached now.
    pub fn inspector_session_count(&self) -> usize {
        self.shared.inspector.as_ref().map_or(0, |hub| hub.session_count())
    }

    /// Idempotent. A call in progress on another thread finishes first; the
    /// isolate is freed when the last one leaves.
    pub fn close(&self) {
        event_loop::stop_turn(&self.shared);
        self.shared.cell.close();
        self.shared.workers.close_all();
        if crate::fork::forked() {
            // The parent's threads and asyncio loops are not here: wake or
            // join nothing, report to no one (the waiters would write to the
            // parent's loops' pipes), and leak the rest.
            std::mem::forget(std::mem::take(&mut *lock(&self.shared.tasks.waiters)));
            std::mem::forget(std::mem::take(&mut *lock(&self.shared.tasks.jobs)));
            std::mem::forget(lock(&self.shared.tasks.loop_thread).take());
            return;
        }
        if let Some(hub) = &self.shared.inspector {
            hub.close();
        }
        self.shared.signal.stop();
        // Completions nobody will deliver now: each reports `Closed` as it
        // drops (outside the lock, since it calls back into the host).
        let waiters = std::mem::take(&mut *lock(&self.shared.tasks.waiters));
        let jobs = std::mem::take(&mut *lock(&self.shared.tasks.jobs));
        drop((waiters, jobs));
    }

    /// Terminates any JS, closes, and waits until the background loop thread
    /// has ended, so no host function runs after this returns. Do not call it
    /// from inside a call into this runtime (use `close`); from the loop
    /// thread itself it does not wait.
    pub fn shutdown(&self) {
        if crate::fork::forked() {
            return self.close();
        }
        // (Closed already, its loop may still be in JS: that must end too.)
        self.terminate();
        self.shared.workers.shutdown_all();
        self.close();
        let thread = lock(&self.shared.tasks.loop_thread).take();
        if let Some(thread) = thread {
            if thread.thread().id() != std::thread::current().id() {
                let _ = thread.join();
            }
        }
    }

    /// A number naming this runtime in messages (deadlocks name runtimes by it).
    pub fn id(&self) -> u64 {
        self.shared.cell.gate.id
    }

    pub fn is_closed(&self) -> bool {
        self.shared.cell.is_closed()
    }

    /// Heap and external memory figures.
    pub fn heap_stats(&self) -> Result<HeapStats> {
        self.shared.call(|env| Ok(env.heap_stats()))
    }

    /// Runs a full garbage collection now (frees what JS no longer references,
    /// including host functions passed as values).
    pub fn collect_garbage(&self) -> Result<()> {
        self.shared.call(|env| {
            env.collect_garbage();
            Ok(())
        })
    }

    /// Number of timers (timeouts and intervals) scheduled and not yet fired or cleared.
    pub fn active_timers(&self) -> usize {
        lock(&self.shared.tasks.timers).active_count()
    }

    /// Errors nobody caught (see `uncaught`) that failed no awaiting call:
    /// thrown in a synchronous call or while nothing was awaited.
    pub fn unclaimed_uncaught_errors(&self) -> u64 {
        self.shared.uncaught.unclaimed()
    }

    /// Workers this runtime started that have not ended (Node's `unref()`ed ones aside).
    pub fn active_workers(&self) -> usize {
        self.shared.workers.active()
    }

    /// Number of intervals (setInterval) not yet cleared.
    pub fn active_intervals(&self) -> usize {
        lock(&self.shared.tasks.timers).interval_count()
    }

    /// Number of JS values held by the host (`JsFunction`s not yet released).
    pub fn handle_count(&self) -> usize {
        self.shared.handles.count(&self.shared.cell)
    }

    /// Number of host functions whose JS function is alive (for leak tests).
    pub fn host_function_count(&self) -> usize {
        self.shared.hosts.count()
    }

    /// A handle that does not keep the runtime's state alive.
    pub fn downgrade(&self) -> WeakRuntime {
        WeakRuntime(Arc::downgrade(&self.shared))
    }

    /// True if both handles are the same runtime.
    pub fn same(&self, other: &Runtime) -> bool {
        Arc::ptr_eq(&self.shared, &other.shared)
    }
}

/// See [`Runtime::downgrade`].
#[derive(Clone)]
pub struct WeakRuntime(std::sync::Weak<RuntimeState>);

impl WeakRuntime {
    pub fn upgrade(&self) -> Option<Runtime> {
        self.0.upgrade().map(|shared| Runtime { shared })
    }

    /// True if this refers to `runtime`.
    pub fn is(&self, runtime: &Runtime) -> bool {
        std::ptr::eq(self.0.as_ptr(), Arc::as_ptr(&runtime.shared))
    }
}

/// Calls `function` with `args` inside the isolate.
pub(crate) fn invoke<'e>(
    env: &Env<'e>,
    shared: &Arc<RuntimeState>,
    function: &JsFunction,
    args: &[Value],
) -> Result<Local<'e>> {
    let foreign = || Error::Conversion("this JsFunction belongs to another runtime".into());
    let f = function.function.get(env, shared).ok_or_else(foreign)?;
    let this = match &function.this {
        Some(t) => Some(t.get(env, shared).ok_or_else(foreign)?),
        None => None,
    };
    let args = write_args(env, shared, args)?;
    env.call_function(f, this, &args)
}

/// `obj[key] = value`, failing where JS would fail silently (a frozen global,
/// a read-only property): a binding that does not bind is an error.
fn store<'e>(env: &Env<'e>, obj: Local<'e>, key: Local<'e>, value: Local<'e>, what: &str) -> Result<()> {
    env.set(obj, key, value)?;
    if env.strict_equals(env.get(obj, key)?, value) {
        return Ok(());
    }
    Err(Error::Js(Box::new(crate::value::ErrorInfo {
        name: Some("TypeError".into()),
        message: format!("cannot bind {what}: the property is read-only or the object is frozen"),
        ..crate::value::ErrorInfo::default()
    })))
}

//! The state of one runtime, shared by its `Runtime` handles, its
//! background loop, its host functions and its persistent handles. It
//! composes the subsystems, each owning its state and its locking:
//! `handles` (host-held V8 handles), `hosts` (host function entries),
//! `causes` (host exceptions behind JS errors), `calls` (nesting,
//! termination, timeouts of calls into the isolate), `tasks` (the loop's
//! jobs, timers, promises), `helpers` (objects of jsrun's own scripts),
//! `modules`, `scripts` and the `inspector`.
use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::causes::Causes;
use crate::env::{Env, Local};
use crate::error::{Error, Result};
use crate::event_loop::{Job, LoopSignal, Tasks};
use crate::handle::Handles;
use crate::helpers::Helpers;
use crate::host::{self, HostEntry, HostError, HostFunction, HostRegistry};
use crate::isolate::{HeapOptions, Isolate};
use crate::limits::{ConversionLimits, MAX_REENTRANCY};
use crate::value::{JsString, Value};
use crate::value_to_js::Writer;

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Calls into the isolate: how deeply they nest, whether one was asked to
/// terminate, and the outermost one's timeout.
#[derive(Default)]
pub(crate) struct Calls {
    /// Nesting of calls inside the isolate (only changed under the Locker).
    depth: AtomicUsize,
    /// TerminateExecution was requested and may not have hit yet.
    terminate_pending: AtomicBool,
    /// The timeout of the outermost call running now (see `watchdog`).
    pub(crate) timed_call: Mutex<crate::watchdog::TimedCall>,
    /// node:vm scripts' own timeouts running now: token and whether it fired.
    pub(crate) vm_timeouts: Mutex<Vec<(u64, bool)>>,
}

impl Calls {
    /// Whether a termination of the whole call (close, a call's timeout,
    /// `terminate()`) was asked for.
    pub(crate) fn terminating(&self) -> bool {
        self.terminate_pending.load(Ordering::Acquire)
    }
}

pub(crate) struct RuntimeState {
    pub(crate) cell: Isolate,
    pub(crate) signal: Arc<LoopSignal>,
    pub(crate) limits: ConversionLimits,
    pub(crate) handles: Handles,
    pub(crate) hosts: HostRegistry,
    pub(crate) causes: Causes,
    pub(crate) calls: Calls,
    pub(crate) tasks: Tasks,
    pub(crate) helpers: Helpers,
    pub(crate) modules: crate::modules::Modules,
    pub(crate) node: crate::node::Node,
    pub(crate) scripts: crate::script_cache::ScriptCache,
    pub(crate) uncaught: crate::uncaught::Uncaught,
    /// Workers this runtime made, and its parent if it is one.
    pub(crate) workers: crate::worker::Workers,
    /// The DevTools inspector, when the runtime has one.
    pub(crate) inspector: Option<Arc<crate::inspector::Hub>>,
    /// This state itself (for V8 callbacks that only get a pointer).
    me: std::sync::Weak<RuntimeState>,
}

impl RuntimeState {
    pub(crate) fn new(
        heap: HeapOptions,
        limits: ConversionLimits,
        inspector: Option<Arc<crate::inspector::Hub>>,
        start: crate::isolate::Start<'_>,
    ) -> Result<Arc<RuntimeState>> {
        let signal = Arc::new(LoopSignal::default());
        let cell = Isolate::new(heap, signal.clone(), start)?;
        let shared = Arc::new_cyclic(|me| RuntimeState {
            me: me.clone(),
            cell,
            signal,
            limits,
            handles: Handles::default(),
            hosts: HostRegistry::default(),
            causes: Causes::default(),
            calls: Calls::default(),
            tasks: Tasks::default(),
            helpers: Helpers::default(),
            modules: crate::modules::Modules::default(),
            node: crate::node::Node::default(),
            scripts: crate::script_cache::ScriptCache::default(),
            uncaught: crate::uncaught::Uncaught::default(),
            workers: crate::worker::Workers::default(),
            inspector,
        });
        // Bound callables go as soon as the isolate does (at close()), not
        // only with this state: that also ends a cycle through them (a bound
        // Python function holding a JsFunction of the same runtime).
        let weak = Arc::downgrade(&shared);
        let _ = shared.cell.on_disposed.set(Box::new(move || {
            if let Some(shared) = weak.upgrade() {
                shared.hosts.free_all();
            }
        }));
        Ok(shared)
    }

    pub(crate) fn upgrade_self(&self) -> Option<Arc<RuntimeState>> {
        self.me.upgrade()
    }

    /// Enters the isolate for one call: frees queued handles, bounds nesting,
    /// and at the outermost level clears a termination the call ended with
    /// and the causes no error took.
    pub(crate) fn call<R>(self: &Arc<Self>, f: impl FnOnce(&Env<'_>) -> Result<R>) -> Result<R> {
        self.cell.enter(|env| self.scoped(env, None, f))?
    }

    /// As `call`, terminated after `timeout` (which only the outermost call
    /// can have: a nested call runs within its caller's time).
    pub(crate) fn call_timed<R>(
        self: &Arc<Self>,
        timeout: Option<std::time::Duration>,
        f: impl FnOnce(&Env<'_>) -> Result<R>,
    ) -> Result<R> {
        let Some(timeout) = timeout else {
            return self.cell.enter(|env| self.scoped(env, None, f))?;
        };
        // The time spent waiting for another thread to leave counts too.
        let started = std::time::Instant::now();
        let result = self.cell.enter_within(Some(timeout), |env| {
            let left = timeout.saturating_sub(started.elapsed()).max(std::time::Duration::from_millis(1));
            self.scoped(env, Some(left), f)
        })?;
        result.map_err(|e| match e {
            Error::Timeout(_) => Error::Timeout(timeout),
            e => e,
        })
    }

    /// As `call`, for a thread already inside the isolate (the loop's jobs).
    pub(crate) fn scoped<'e, R>(
        self: &Arc<Self>,
        env: &Env<'e>,
        timeout: Option<std::time::Duration>,
        f: impl FnOnce(&Env<'e>) -> Result<R>,
    ) -> Result<R> {
        {
            self.handles.drain(env);
            let depth = self.calls.depth.fetch_add(1, Ordering::Relaxed) + 1;
            let armed = match timeout {
                Some(t) if depth == 1 => crate::watchdog::arm(self, t).map(|token| (token, t)),
                _ => None,
            };
            let result = if depth > MAX_REENTRANCY {
                Err(Error::Conversion(format!(
                    "calls between Python and JS are nested deeper than {MAX_REENTRANCY} levels"
                )))
            } else {
                f(env)
            };
            // A terminate() that came while this call ran ends it, even if
            // JS finished first: V8 stops JS only at its next check, which a
            // script may not reach after the bound function that asked.
            let result = match result {
                Ok(_) if depth == 1 && self.calls.terminate_pending.load(Ordering::Acquire) => Err(Error::Terminated),
                other => other,
            };
            let result = match armed {
                Some((token, t)) if crate::watchdog::disarm(self, token) => match result {
                    Err(Error::Terminated) | Err(Error::Js(_)) => Err(Error::Timeout(t)),
                    other => other,
                },
                _ => result,
            };
            self.calls.depth.fetch_sub(1, Ordering::Relaxed);
            let result = result.map_err(|e| self.causes.with_cause(e));
            if self.inspector.is_some() {
                self.inspector_after_call(env, depth, matches!(result, Err(Error::Js(_))));
            }
            let result = if self.cell.heap_limit_hit(env) {
                // V8 cannot be trusted to recover from a full heap: close for good.
                self.cell.close();
                Err(Error::HeapLimit)
            } else {
                result
            };
            if depth == 1 {
                // A termination meant for this call must not hit the next one.
                if (self.calls.terminate_pending.load(Ordering::Acquire)
                    && self.calls.terminate_pending.swap(false, Ordering::AcqRel))
                    || matches!(result, Err(Error::Terminated))
                {
                    env.cancel_terminate();
                }
                self.causes.clear();
            }
            result
        }
    }

    /// The inspector's part of leaving a call (kept out of the hot path).
    #[cold]
    #[inline(never)]
    fn inspector_after_call(&self, env: &Env<'_>, depth: usize, js_error: bool) {
        let Some(hub) = &self.inspector else { return };
        if depth == 1 {
            if js_error {
                hub.report_uncaught(env);
            }
            hub.clear_interrupted();
        }
    }

    /// Interrupts the JS running now, on any thread.
    pub(crate) fn terminate(&self) {
        self.calls.terminate_pending.store(true, Ordering::Release);
        self.cell.terminate();
        if let Some(hub) = &self.inspector {
            hub.interrupt_waits(); // a thread paused in the debugger runs no JS to terminate
        }
    }

    /// Runs `f` on the thread inside the isolate at its next interrupt check
    /// (or in the debugger's pause loop). Thread-safe.
    pub(crate) fn request_interrupt(&self, f: Box<dyn FnOnce() + Send>) {
        match &self.inspector {
            Some(hub) => hub.request_interrupt(self, f),
            None => self.cell.request_interrupt(f),
        }
    }

    /// True while some thread is running a call inside the isolate.
    #[cfg_attr(not(feature = "inspector"), allow(dead_code))] // only the inspector asks
    pub(crate) fn busy(&self) -> bool {
        self.calls.depth.load(Ordering::Relaxed) > 0
    }

    /// Before running user code: the inspector may have to wait for a debugger.
    #[inline]
    pub(crate) fn before_execution(&self) -> Result<()> {
        match &self.inspector {
            Some(hub) => hub.before_execution(),
            None => Ok(()),
        }
    }

    /// The name an eval'd script gets: `<eval>` (None), or with an inspector
    /// a URL DevTools can show.
    pub(crate) fn eval_name(&self, source: &crate::value::Text<'_>) -> Option<String> {
        self.inspector.as_ref().map(|_| crate::inspector::eval_url(source))
    }

    // ---- host functions ----

    /// A JS function calling `func`. `collectable`: freed when JS drops it
    /// (values); otherwise kept for the runtime's life (bindings).
    pub(crate) fn host_function<'e>(
        self: &Arc<Self>,
        env: &Env<'e>,
        func: Arc<dyn HostFunction>,
        name: Option<&JsString>,
        collectable: bool,
    ) -> Result<Local<'e>> {
        self.make_host_function(
            env,
            HostEntry { func: host::Func::Host(func), shared: Arc::downgrade(self), internal: false },
            name,
            collectable,
        )
    }

    /// A function for jsrun's own scripts (not bound by the user's size budget).
    pub(crate) fn internal_function<'e>(
        self: &Arc<Self>,
        env: &Env<'e>,
        func: Arc<dyn HostFunction>,
    ) -> Result<Local<'e>> {
        self.make_host_function(
            env,
            HostEntry { func: host::Func::Host(func), shared: Arc::downgrade(self), internal: true },
            None,
            false,
        )
    }

    /// A function for jsrun's own scripts that works on JS values directly.
    pub(crate) fn raw_function<'e>(self: &Arc<Self>, env: &Env<'e>, func: Arc<host::RawFunction>) -> Result<Local<'e>> {
        self.make_host_function(
            env,
            HostEntry { func: host::Func::Raw(func), shared: Arc::downgrade(self), internal: true },
            None,
            false,
        )
    }

    fn make_host_function<'e>(
        self: &Arc<Self>,
        env: &Env<'e>,
        entry: HostEntry,
        name: Option<&JsString>,
        collectable: bool,
    ) -> Result<Local<'e>> {
        let entry = Box::into_raw(Box::new(entry));
        self.hosts.insert(entry);
        let made = env.new_host_function(entry as *mut c_void, name);
        match made {
            Ok(f) if collectable => {
                env.free_on_collect(f, entry as *mut c_void, host::free_entry);
                Ok(f)
            }
            Ok(f) => Ok(f),
            Err(e) => {
                self.hosts.forget(entry as usize);
                // SAFETY: no function refers to the entry.
                drop(unsafe { Box::from_raw(entry) });
                Err(e)
            }
        }
    }

    // ---- promises settled by the host ----

    pub(crate) fn new_resolver<'e>(&self, env: &Env<'e>) -> Result<(u64, Local<'e>)> {
        let resolver = env.new_resolver()?;
        let id = self.tasks.next_id();
        lock(&self.tasks.resolvers).insert(id, env.new_global(resolver));
        Ok((id, env.resolver_promise(resolver)))
    }

    /// Settles resolver `id` from any thread (through the loop).
    pub(crate) fn settle_resolver(&self, id: u64, outcome: std::result::Result<Value, HostError>) {
        self.post(Box::new(move |env, shared| {
            let Some(raw) = lock(&shared.tasks.resolvers).remove(&id) else {
                return;
            };
            // SAFETY: the resolver handle belongs to this isolate; freed below, once.
            let resolver = unsafe { env.global_value(&raw) };
            let settled = match outcome {
                Ok(value) => match Writer::new(env, shared, shared.limits).write(&value) {
                    Ok(v) => env.settle_resolver(resolver, v, false),
                    Err(e) => env
                        .new_error(&e.to_string(), Some("TypeError"))
                        .and_then(|err| env.settle_resolver(resolver, err, true)),
                },
                Err(error) => {
                    let cause = error.cause.clone();
                    env.new_error(&error.message, Some(&error.name)).and_then(|err| {
                        if let Some(cause) = cause {
                            env.set_error_mark(err, shared.causes.keep(cause));
                        }
                        env.settle_resolver(resolver, err, true)
                    })
                }
            };
            let _ = settled;
            // SAFETY: removed from the table above; nothing else holds it.
            unsafe { env.free_global(raw) };
        }));
    }

    // ---- jobs for the loop ----

    /// Queues `job` for the background loop; returns its id.
    pub(crate) fn post(&self, job: Job) -> u64 {
        let id = self.tasks.next_id();
        lock(&self.tasks.jobs).push_back((id, job));
        self.signal.wake();
        id
    }
}

impl Drop for RuntimeState {
    fn drop(&mut self) {
        self.workers.close_all();
        self.cell.close();
        self.signal.stop(); // the loop thread ends (it holds the runtime weakly)
        self.hosts.free_all();
    }
}

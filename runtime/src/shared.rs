//! State of one runtime shared by its `Runtime` handles, its background loop,
//! its host functions and its persistent handles.
use std::collections::{HashMap, HashSet, VecDeque};
use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use crate::env::{Env, Local};
use crate::error::{Error, Result};
use crate::event_loop::LoopSignal;
use crate::from_value::Writer;
use crate::handle::RawGlobal;
use crate::host::{self, HostEntry, HostError, HostFunction};
use crate::isolate::{HeapOptions, IsolateCell};
use crate::limits::{ConversionLimits, MAX_REENTRANCY};
use crate::timers::Timers;
use crate::value::{ErrorInfo, HostCause, JsString, Value};

/// Work for the background loop, run inside the isolate.
pub(crate) type Job = Box<dyn FnOnce(&Env<'_>, &Arc<Shared>) + Send>;

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Helpers made once per isolate by `timers::install` (persistent handles).
pub(crate) struct Internals {
    pub(crate) fire_timer: RawGlobal,
    pub(crate) watch_promise: RawGlobal,
    /// `{setTimeout, …}`, read by the lazy globals.
    pub(crate) globals: RawGlobal,
}

// SAFETY: the handles are only dereferenced inside the isolate.
unsafe impl Sync for Internals {}

/// A handle kept in a `OnceLock` (only dereferenced inside the isolate).
pub(crate) struct RawGlobalSync(pub(crate) RawGlobal);

// SAFETY: as for `Internals`.
unsafe impl Sync for RawGlobalSync {}

/// The job the loop is running and whether someone asked to terminate it.
#[derive(Default)]
pub(crate) struct CurrentJob {
    pub(crate) id: Option<u64>,
    pub(crate) terminate_requested: bool,
}

pub(crate) struct Shared {
    pub(crate) cell: IsolateCell,
    pub(crate) signal: Arc<LoopSignal>,
    pub(crate) limits: ConversionLimits,
    /// Host entries not yet freed, by address (freed at drop, after the isolate).
    hosts: Mutex<HashSet<usize>>,
    releases: Mutex<Vec<RawGlobal>>,
    has_releases: AtomicBool,
    /// Persistent handles created for the host and not yet freed.
    pub(crate) live_handles: AtomicUsize,
    causes: Mutex<HashMap<u64, HostCause>>,
    has_causes: AtomicBool,
    next_mark: AtomicU64,
    /// Nesting of calls inside the isolate (only changed under the Locker).
    depth: AtomicUsize,
    /// TerminateExecution was requested and may not have hit yet.
    terminate_pending: AtomicBool,
    /// The timeout of the outermost call running now (see `watchdog`).
    pub(crate) timed_call: Mutex<crate::watchdog::TimedCall>,
    resolvers: Mutex<HashMap<u64, RawGlobal>>,
    pub(crate) jobs: Mutex<VecDeque<(u64, Job)>>,
    pub(crate) current_job: Mutex<CurrentJob>,
    pub(crate) next_id: AtomicU64,
    pub(crate) timers: Mutex<Timers>,
    pub(crate) internals: OnceLock<Internals>,
    /// `{TextEncoder, …}` once `encoding::install` has run.
    pub(crate) encoding: OnceLock<RawGlobalSync>,
    /// Lazy globals' entries (freed after the isolate).
    #[allow(clippy::vec_box)] // V8 holds pointers to the entries: they must not move
    pub(crate) lazies: Mutex<Vec<Box<crate::lazy::LazyEntry>>>,
    /// The background loop's thread, joined by `Runtime::shutdown`.
    pub(crate) loop_thread: Mutex<Option<std::thread::JoinHandle<()>>>,
    /// Completions of `eval_async`/`call_async` waiting for a promise, by id.
    pub(crate) waiters: Mutex<HashMap<u64, crate::async_eval::Waiter>>,
    /// The DevTools inspector, when the runtime has one.
    pub(crate) inspector: Option<Arc<crate::inspector::Hub>>,
    pub(crate) modules: crate::modules::Modules,
    pub(crate) scripts: crate::script_cache::ScriptCache,
    /// `ReadableStream` and its helpers once `streams::install` has run.
    pub(crate) streams: OnceLock<crate::streams::StreamHelpers>,
    /// This state itself (for V8 callbacks that only get a pointer).
    me: std::sync::Weak<Shared>,
}

impl Shared {
    pub(crate) fn new(
        heap: HeapOptions,
        limits: ConversionLimits,
        inspector: Option<Arc<crate::inspector::Hub>>,
        snapshot: Option<&[u8]>,
    ) -> Result<Arc<Shared>> {
        let signal = Arc::new(LoopSignal::default());
        let cell = IsolateCell::new(heap, signal.clone(), snapshot)?;
        let shared = Arc::new_cyclic(|me| Shared {
            me: me.clone(),
            modules: crate::modules::Modules::default(),
            scripts: crate::script_cache::ScriptCache::default(),
            streams: OnceLock::new(),
            cell,
            signal,
            limits,
            hosts: Mutex::default(),
            releases: Mutex::default(),
            has_releases: AtomicBool::new(false),
            live_handles: AtomicUsize::new(0),
            causes: Mutex::default(),
            has_causes: AtomicBool::new(false),
            next_mark: AtomicU64::new(1),
            depth: AtomicUsize::new(0),
            terminate_pending: AtomicBool::new(false),
            timed_call: Mutex::default(),
            resolvers: Mutex::default(),
            jobs: Mutex::default(),
            current_job: Mutex::default(),
            next_id: AtomicU64::new(1),
            timers: Mutex::default(),
            internals: OnceLock::new(),
            waiters: Mutex::default(),
            loop_thread: Mutex::default(),
            lazies: Mutex::default(),
            encoding: OnceLock::new(),
            inspector,
        });
        // Bound callables go as soon as the isolate does (at close()), not
        // only with this state: that also ends a cycle through them (a bound
        // Python function holding a JsFunction of the same runtime).
        let weak = Arc::downgrade(&shared);
        let _ = shared.cell.on_disposed.set(Box::new(move || {
            if let Some(shared) = weak.upgrade() {
                shared.free_hosts();
            }
        }));
        Ok(shared)
    }

    pub(crate) fn upgrade_self(&self) -> Option<Arc<Shared>> {
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
            self.drain_releases(env);
            let depth = self.depth.fetch_add(1, Ordering::Relaxed) + 1;
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
                Ok(_) if depth == 1 && self.terminate_pending.load(Ordering::Acquire) => Err(Error::Terminated),
                other => other,
            };
            let result = match armed {
                Some((token, t)) if crate::watchdog::disarm(self, token) => match result {
                    Err(Error::Terminated) | Err(Error::Js(_)) => Err(Error::Timeout(t)),
                    other => other,
                },
                _ => result,
            };
            self.depth.fetch_sub(1, Ordering::Relaxed);
            let result = result.map_err(|e| self.with_cause(e));
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
                if (self.terminate_pending.load(Ordering::Acquire)
                    && self.terminate_pending.swap(false, Ordering::AcqRel))
                    || matches!(result, Err(Error::Terminated))
                {
                    env.cancel_terminate();
                }
                if self.has_causes.load(Ordering::Acquire) && self.has_causes.swap(false, Ordering::AcqRel) {
                    lock(&self.causes).clear();
                }
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
        self.terminate_pending.store(true, Ordering::Release);
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
    pub(crate) fn busy(&self) -> bool {
        self.depth.load(Ordering::Relaxed) > 0
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

    // ---- handles ----

    pub(crate) fn release(&self, raw: RawGlobal) {
        if self.cell.is_closed() {
            return; // the isolate frees everything when disposed
        }
        lock(&self.releases).push(raw);
        self.has_releases.store(true, Ordering::Release);
    }

    pub(crate) fn drain_releases(&self, env: &Env<'_>) {
        if !self.has_releases.load(Ordering::Acquire) || !self.has_releases.swap(false, Ordering::AcqRel) {
            return;
        }
        let queued = std::mem::take(&mut *lock(&self.releases));
        self.live_handles.fetch_sub(queued.len(), Ordering::Relaxed);
        for raw in queued {
            // SAFETY: each queued handle belongs to this isolate and its
            // owner is gone, so nothing uses it again.
            unsafe { env.free_global(raw.0) };
        }
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
        lock(&self.hosts).insert(entry as usize);
        let made = env.new_host_function(entry as *mut c_void, name);
        match made {
            Ok(f) if collectable => {
                env.free_on_collect(f, entry as *mut c_void, host::free_entry);
                Ok(f)
            }
            Ok(f) => Ok(f),
            Err(e) => {
                self.forget_host_entry(entry as usize);
                // SAFETY: no function refers to the entry.
                drop(unsafe { Box::from_raw(entry) });
                Err(e)
            }
        }
    }

    /// True if the entry was still registered (the caller now owns it).
    pub(crate) fn forget_host_entry(&self, address: usize) -> bool {
        lock(&self.hosts).remove(&address)
    }

    /// Handles the host still holds: not those dropped and waiting to be
    /// freed, and none once the isolate is gone (it freed them all).
    pub(crate) fn handle_count(&self) -> usize {
        if self.cell.is_closed() {
            return 0;
        }
        let queued = lock(&self.releases).len();
        self.live_handles.load(Ordering::Relaxed).saturating_sub(queued)
    }

    pub(crate) fn host_entry_count(&self) -> usize {
        lock(&self.hosts).len()
    }

    // ---- causes of host errors ----

    pub(crate) fn keep_cause(&self, cause: HostCause) -> u64 {
        let mark = self.next_mark.fetch_add(1, Ordering::Relaxed);
        lock(&self.causes).insert(mark, cause);
        self.has_causes.store(true, Ordering::Release);
        mark
    }

    /// Attaches the host cause of a JS error that the host threw.
    pub(crate) fn with_cause(&self, error: Error) -> Error {
        match error {
            Error::Js(mut info) => {
                self.attach_cause(&mut info);
                Error::Js(info)
            }
            other => other,
        }
    }

    pub(crate) fn attach_cause(&self, info: &mut ErrorInfo) {
        if let Some(mark) = info.mark {
            if !self.has_causes.load(Ordering::Acquire) {
                return;
            }
            if let Some(cause) = lock(&self.causes).get(&mark) {
                info.cause = Some(cause.clone());
            }
        }
    }

    // ---- promises settled by the host ----

    pub(crate) fn new_resolver<'e>(&self, env: &Env<'e>) -> Result<(u64, Local<'e>)> {
        let resolver = env.new_resolver()?;
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        lock(&self.resolvers).insert(id, RawGlobal(env.new_global(resolver)));
        Ok((id, env.resolver_promise(resolver)))
    }

    /// Settles resolver `id` from any thread (through the loop).
    pub(crate) fn settle_resolver(&self, id: u64, outcome: std::result::Result<Value, HostError>) {
        self.post(Box::new(move |env, shared| {
            let Some(raw) = lock(&shared.resolvers).remove(&id) else {
                return;
            };
            // SAFETY: the resolver handle belongs to this isolate; freed below, once.
            let resolver = unsafe { env.global_value(raw.0) };
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
                            env.set_error_mark(err, shared.keep_cause(cause));
                        }
                        env.settle_resolver(resolver, err, true)
                    })
                }
            };
            let _ = settled;
            // SAFETY: removed from the table above; nothing else holds it.
            unsafe { env.free_global(raw.0) };
        }));
    }

    // ---- jobs for the loop ----

    /// Queues `job` for the background loop; returns its id.
    pub(crate) fn post(&self, job: Job) -> u64 {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        lock(&self.jobs).push_back((id, job));
        self.signal.wake();
        id
    }
}

impl Shared {
    /// Frees the host functions' entries (and so the host's callables):
    /// only once the isolate is disposed, when no JS can call them again.
    fn free_hosts(&self) {
        let entries: Vec<usize> = lock(&self.hosts).drain().collect();
        for address in entries {
            // SAFETY: every address in the set is a leaked Box<HostEntry>
            // that no weak callback freed (those remove themselves first),
            // and the isolate that could call it is gone.
            drop(unsafe { Box::from_raw(address as *mut HostEntry) });
        }
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        self.cell.close();
        self.signal.stop(); // the loop thread ends (it holds the runtime weakly)
        self.free_hosts();
    }
}

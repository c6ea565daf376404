//! Per-runtime state of the Python layer, shared with host functions.
use std::sync::{Arc, Mutex, MutexGuard};

use jsrun_runtime::{Runtime, WeakRuntime};
use pyo3::prelude::*;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A pending async call: its token, its asyncio loop, and the runtime's job id once known.
type PendingCall = (u64, Py<PyAny>, Option<u64>);

#[derive(Default)]
pub(crate) struct PyState {
    /// Pending async calls: (token, their asyncio loop, the runtime's job id
    /// once known). Async handlers called from JS run on the newest loop.
    loops: Mutex<Vec<PendingCall>>,
    next_token: std::sync::atomic::AtomicU64,
    /// A KeyboardInterrupt or SystemExit raised in a handler: JS was
    /// terminated for it, and the call re-raises it.
    interrupt: Mutex<Option<PyErr>>,
    has_interrupt: std::sync::atomic::AtomicBool,
    /// `RuntimeConfig.timeout`: the default for every call.
    pub default_timeout: Option<std::time::Duration>,
    /// Why the runtime was closed for good (terminate(), heap limit): later
    /// calls raise RuntimeTerminated with it.
    pub closed_reason: std::sync::OnceLock<&'static str>,
    /// Ops of `register_op`.
    pub ops: Arc<crate::ops::Ops>,
    /// The main thread is inside a synchronous call (see `interrupt`).
    pub main_active: std::sync::atomic::AtomicBool,
    /// Execution counters for `get_stats`.
    pub stats: crate::stats::Stats,
}

impl PyState {
    /// Registers a pending async call; returns its token.
    pub(crate) fn add_loop(&self, event_loop: Py<PyAny>) -> u64 {
        let token = self.next_token.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        lock(&self.loops).push((token, event_loop, None));
        token
    }

    pub(crate) fn set_job(&self, token: u64, job: u64) {
        if let Some(entry) = lock(&self.loops).iter_mut().find(|(t, _, _)| *t == token) {
            entry.2 = Some(job);
        }
    }

    /// Async calls started and not yet delivered.
    pub(crate) fn pending_async_calls(&self) -> usize {
        lock(&self.loops).len()
    }

    /// Forgets a pending call; returns its job id if it had one.
    pub(crate) fn remove_loop(&self, token: u64) -> Option<u64> {
        let mut loops = lock(&self.loops);
        let index = loops.iter().position(|(t, _, _)| *t == token)?;
        loops.remove(index).2
    }

    pub(crate) fn current_loop(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        lock(&self.loops).last().map(|(_, l, _)| l.clone_ref(py))
    }

    pub(crate) fn set_interrupt(&self, err: PyErr) {
        *lock(&self.interrupt) = Some(err);
        self.has_interrupt.store(true, std::sync::atomic::Ordering::Release);
    }

    /// The stashed interrupt, if any (cheap when there is none).
    pub(crate) fn take_interrupt(&self) -> Option<PyErr> {
        if !self.has_interrupt.load(std::sync::atomic::Ordering::Acquire)
            || !self.has_interrupt.swap(false, std::sync::atomic::Ordering::AcqRel)
        {
            return None;
        }
        lock(&self.interrupt).take()
    }
}

/// What conversions and host functions need: the runtime and its Python state.
#[derive(Clone)]
pub(crate) struct RuntimeRef {
    pub rt: Runtime,
    pub state: Arc<PyState>,
}

/// As `RuntimeRef`, without keeping the runtime alive (held by host functions,
/// which the runtime itself owns).
#[derive(Clone)]
pub(crate) struct WeakCtx {
    pub rt: WeakRuntime,
    pub state: Arc<PyState>,
}

impl RuntimeRef {
    pub(crate) fn downgrade(&self) -> WeakCtx {
        WeakCtx { rt: self.rt.downgrade(), state: self.state.clone() }
    }
}

impl WeakCtx {
    pub(crate) fn upgrade(&self) -> Option<RuntimeRef> {
        self.rt.upgrade().map(|rt| RuntimeRef { rt, state: self.state.clone() })
    }

    /// This context for the length of a call its runtime makes (`runtime`,
    /// alive for the call), without counting references: a callback's hot
    /// path. None if `runtime` is another runtime.
    pub(crate) fn during<'a>(&'a self, runtime: &'a Runtime) -> Option<Borrowed<'a>> {
        if !self.rt.is(runtime) {
            return None;
        }
        // SAFETY: bitwise copies of two `Arc`s that `runtime` and `self` keep
        // alive for 'a; the copies are never dropped (ManuallyDrop), so the
        // counts stay right, and anything kept beyond the call is a clone.
        let ctx = unsafe { RuntimeRef { rt: std::ptr::read(runtime), state: std::ptr::read(&self.state) } };
        Some(Borrowed { ctx: std::mem::ManuallyDrop::new(ctx), _life: std::marker::PhantomData })
    }
}

/// A `RuntimeRef` lent for a call (see `WeakCtx::during`).
pub(crate) struct Borrowed<'a> {
    ctx: std::mem::ManuallyDrop<RuntimeRef>,
    _life: std::marker::PhantomData<&'a RuntimeRef>,
}

impl std::ops::Deref for Borrowed<'_> {
    type Target = RuntimeRef;

    fn deref(&self) -> &RuntimeRef {
        &self.ctx
    }
}

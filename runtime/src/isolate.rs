//! An isolate any thread can enter, and its lifecycle.
//!
//! Entering takes V8's Locker (in the bridge), so calls from several threads
//! queue there. Closing never waits for them: the last thread to leave a
//! closed isolate disposes it, so a `close()` from inside a callback, or
//! racing with another thread's call, is safe.
use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use crate::env::Env;
use crate::error::{Error, Result};
use crate::event_loop::{on_task_posted, LoopSignal};
use crate::ffi;
use crate::limits::STACK_TRACE_FRAMES;
use crate::stack;

const CLOSED: usize = 1;
/// Stack below which an isolate is disposed on a helper thread.
const DISPOSE_STACK: usize = 512 * 1024;
const USER: usize = 2;

/// Heap sizes for a new isolate; `None` keeps V8's defaults.
#[derive(Debug, Clone, Copy, Default)]
pub struct HeapOptions {
    pub initial_heap_bytes: Option<usize>,
    pub max_heap_bytes: Option<usize>,
}

pub(crate) struct Isolate {
    raw: *mut ffi::jsr_isolate,
    /// Bit 0: closed. Above it: threads inside (`USER` each).
    state: AtomicUsize,
    disposed: AtomicBool,
    /// Thread that last set the stack limit.
    stack_owner: AtomicUsize,
    /// Receives "task posted"; must outlive the isolate.
    _signal: Arc<LoopSignal>,
    /// The heap limit, if one is set (only then can it be hit).
    max_heap_bytes: Option<usize>,
    /// In front of V8's Locker: bounded, deadlock-aware waits.
    pub(crate) gate: Arc<crate::gate::Gate>,
    /// Runs once the isolate is disposed (frees what only it could reach).
    pub(crate) on_disposed: std::sync::OnceLock<Box<dyn Fn() + Send + Sync>>,
    /// Its claim on the shared read-only heap, given back once disposed.
    lease: std::sync::Mutex<Option<crate::lineage::Lease>>,
}

/// The snapshot an isolate starts from.
#[derive(Clone, Copy)]
pub(crate) struct Start<'a> {
    pub(crate) origin: crate::lineage::Origin,
    /// V8's blob; None: V8's own snapshot.
    pub(crate) blob: Option<&'a [u8]>,
}

// SAFETY: the isolate is only touched inside `enter` (under V8's Locker) or
// through V8's thread-safe calls (TerminateExecution), and `state` keeps it
// alive until no thread is inside.
unsafe impl Send for Isolate {}
// SAFETY: as above.
unsafe impl Sync for Isolate {}

pub(crate) struct Call<F, R> {
    pub(crate) f: Option<F>,
    pub(crate) result: Option<R>,
    pub(crate) panicked: bool,
}

unsafe extern "C" fn trampoline<F, R>(data: *mut c_void, env: *mut ffi::jsr_env)
where
    F: FnOnce(&Env<'_>) -> R,
{
    // SAFETY: `data` is the `Call` on `enter_locked`'s stack, alive for this call.
    let call = unsafe { &mut *(data as *mut Call<F, R>) };
    let Some(f) = call.f.take() else { return };
    // SAFETY: env is the live env of this enter call, used only inside it.
    let env = unsafe { Env::from_raw(env) };
    match catch_unwind(AssertUnwindSafe(|| f(&env))) {
        Ok(r) => call.result = Some(r),
        Err(_) => call.panicked = true,
    }
}

/// The trampoline instantiated for `call`'s closure and result types.
pub(crate) fn trampoline_for<F, R>(_call: &Call<F, R>) -> ffi::jsr_enter_fn
where
    F: FnOnce(&Env<'_>) -> R,
{
    trampoline::<F, R>
}

impl Isolate {
    /// `start`: the snapshot (already checked) the isolate starts from.
    pub(crate) fn new(heap: HeapOptions, signal: Arc<LoopSignal>, start: Start<'_>) -> Result<Self> {
        crate::fork::check()?;
        crate::platform::init();
        let lease = crate::lineage::acquire(start.origin)?;
        let snapshot = start.blob;
        let options = ffi::jsr_isolate_options {
            initial_heap_bytes: heap.initial_heap_bytes.unwrap_or(0),
            max_heap_bytes: heap.max_heap_bytes.unwrap_or(0),
            stack_trace_frames: STACK_TRACE_FRAMES,
            default_script_name: c"<eval>".as_ptr(),
            // ArrayBuffer memory gets a budget as large as the heap's.
            array_buffer_budget: heap.max_heap_bytes.unwrap_or(0),
            snapshot: snapshot.map_or(std::ptr::null(), |s| s.as_ptr().cast()),
            snapshot_len: snapshot.map_or(0, <[u8]>::len),
        };
        let data = Arc::as_ptr(&signal) as *mut c_void;
        // SAFETY: options is valid for the call; `data` stays valid because the
        // cell keeps the Arc until after jsr_isolate_dispose.
        let raw = unsafe { ffi::jsr_isolate_new(&options, on_task_posted, data) };
        if raw.is_null() {
            // SAFETY: no preconditions.
            if snapshot.is_some() && unsafe { ffi::jsr_snapshot_open_creators() } > 0 {
                return Err(Error::Snapshot(
                    "this V8 (11) cannot start a runtime from a snapshot while a SnapshotBuilder is open: \
                     build() or drop every builder first"
                        .into(),
                ));
            }
            return Err(Error::Internal("V8 could not create an isolate".into()));
        }
        Ok(Isolate {
            raw,
            state: AtomicUsize::new(0),
            disposed: AtomicBool::new(false),
            stack_owner: AtomicUsize::new(0),
            _signal: signal,
            max_heap_bytes: heap.max_heap_bytes,
            gate: crate::gate::Gate::new(),
            on_disposed: std::sync::OnceLock::new(),
            lease: std::sync::Mutex::new(Some(lease)),
        })
    }

    /// An isolate that only exists to keep V8's shared read-only heap
    /// between runtimes (see `lineage`); never entered.
    pub(crate) fn keeper() -> Result<Self> {
        let start = Start { origin: crate::lineage::Origin::V8, blob: None };
        Isolate::new(HeapOptions::default(), Arc::new(LoopSignal::default()), start)
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.state.load(Ordering::Acquire) & CLOSED != 0
    }

    /// Runs `f` inside the isolate on this thread. Blocks while another thread is inside.
    pub(crate) fn enter<R>(&self, f: impl FnOnce(&Env<'_>) -> R) -> Result<R> {
        self.enter_within(None, f)
    }

    /// As `enter`, waiting at most `timeout` for another thread to leave,
    /// and failing instead of waiting in a cycle of runtimes (see `gate`).
    pub(crate) fn enter_within<R>(
        &self,
        timeout: Option<std::time::Duration>,
        f: impl FnOnce(&Env<'_>) -> R,
    ) -> Result<R> {
        let _user = self.join()?;
        let deadline = timeout.map(|t| std::time::Instant::now() + t);
        let _inside = self.gate.enter(deadline).map_err(|blocked| match blocked {
            crate::gate::Blocked::Timeout => Error::Timeout(timeout.unwrap_or_default()),
            crate::gate::Blocked::Deadlock(chain) => Error::Deadlock(chain),
        })?;
        let stack_limit = stack::js_stack_limit();
        let thread = stack::thread_key();
        let stack_owner = &self.stack_owner;
        let mut call = Call {
            f: Some(move |env: &Env<'_>| {
                // V8 keeps one limit per isolate and thread; set it when the thread changes.
                if stack_owner.load(Ordering::Relaxed) != thread {
                    stack_owner.store(thread, Ordering::Relaxed);
                    env.set_stack_limit(stack_limit);
                }
                f(env)
            }),
            result: None,
            panicked: false,
        };
        // SAFETY: `raw` is live while we are a user; the trampoline matches the
        // data's type and `call` lives on this stack until the call returns.
        unsafe { ffi::jsr_isolate_enter(self.raw, trampoline_for(&call), &mut call as *mut _ as *mut c_void) };
        if call.panicked {
            return Err(Error::Internal("a Rust panic was caught inside the runtime (a bug in jsrun)".into()));
        }
        call.result.ok_or_else(|| Error::Internal("runtime call did not complete".into()))
    }

    /// Interrupts JS running on any thread. Thread-safe; also after `close`
    /// while a thread is still inside (a no-op once the isolate is gone).
    pub(crate) fn terminate(&self) {
        if crate::fork::forked() {
            return;
        }
        let prev = self.state.fetch_add(USER, Ordering::AcqRel);
        let _user = UserGuard(self);
        // Closed with nobody inside: `close` disposed it (or is doing so).
        // Otherwise our count keeps it alive until the guard drops, unless a
        // thread that left earlier already disposed it.
        if prev != CLOSED && !self.disposed.load(Ordering::Acquire) {
            // SAFETY: live while we are a user; TerminateExecution is thread-safe.
            unsafe { ffi::jsr_isolate_terminate(self.raw) };
        }
    }

    /// `max_heap_size`, if the runtime has one (natives that make large
    /// outputs outside the heap stay within it).
    pub(crate) fn max_heap_bytes(&self) -> Option<usize> {
        self.max_heap_bytes
    }

    /// True once the heap hit its limit (JS was terminated for it). Only
    /// from inside `enter` (which keeps the isolate alive).
    ///
    /// Memory outside the heap counts too: ArrayBuffers are refused past
    /// their own budget (= the heap limit) by our allocator, so external
    /// memory beyond twice the limit is Wasm memory that V8 reserved itself,
    /// which no allocator of ours sees. That is checked here, after the call.
    pub(crate) fn heap_limit_hit(&self, env: &Env<'_>) -> bool {
        let Some(max) = self.max_heap_bytes else { return false };
        // SAFETY: the caller is inside enter, so `raw` is live; the flag is atomic.
        let hit = unsafe { ffi::jsr_isolate_heap_limit_hit(self.raw) != 0 };
        hit || env.external_memory() > max.saturating_mul(2)
    }

    /// Runs `f` on the thread inside the isolate at its next interrupt check
    /// (dropped unrun if nothing runs JS until the isolate is disposed).
    /// Thread-safe; a no-op once closed.
    pub(crate) fn request_interrupt(&self, f: Box<dyn FnOnce() + Send>) {
        unsafe extern "C" fn run(_isolate: *mut c_void, data: *mut c_void) {
            // SAFETY: `data` is the Box leaked below, passed to exactly one call.
            let f = unsafe { Box::from_raw(data as *mut Box<dyn FnOnce() + Send>) };
            let _ = catch_unwind(AssertUnwindSafe(f));
        }
        if let (Ok(_user), false) = (self.join(), crate::fork::forked()) {
            let data = Box::into_raw(Box::new(f)) as *mut c_void;
            // SAFETY: live while we are a user; RequestInterrupt is thread-safe.
            unsafe { ffi::jsr_isolate_request_interrupt(self.raw, run, data) };
        }
    }

    /// Marks the isolate closed; it is disposed now or when the last thread leaves.
    pub(crate) fn close(&self) {
        if self.state.fetch_or(CLOSED, Ordering::AcqRel) == 0 {
            self.dispose();
        } else if let Some(lease) = self.lease.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            lease.closing(); // a runtime of another snapshot may wait for it
        }
    }

    fn join(&self) -> Result<UserGuard<'_>> {
        crate::fork::check()?;
        let prev = self.state.fetch_add(USER, Ordering::AcqRel);
        let guard = UserGuard(self);
        if prev & CLOSED != 0 {
            return Err(Error::Closed);
        }
        Ok(guard)
    }

    fn dispose(&self) {
        // In a forked child V8 cannot be touched: the isolate leaks.
        if !self.disposed.swap(true, Ordering::AcqRel) && !crate::fork::forked() {
            let raw = self.raw as usize;
            // SAFETY: closed and no thread inside, so nobody can use `raw` again.
            let dispose = move || unsafe { ffi::jsr_isolate_dispose(raw as *mut ffi::jsr_isolate) };
            if stack::remaining() >= DISPOSE_STACK {
                dispose();
            } else {
                // Tearing a heap down takes more stack than a small thread
                // has left (V8 11 crashed on a 128 KiB thread): do it on one
                // with room, and wait for it.
                let helper = std::thread::Builder::new().name("jsrun-dispose".into()).stack_size(DISPOSE_STACK * 2);
                let spawned = std::thread::scope(|scope| helper.spawn_scoped(scope, dispose).map(|h| h.join()));
                if spawned.is_err() {
                    dispose(); // no thread could be started: try here
                }
            }
            drop(self.lease.lock().unwrap_or_else(|p| p.into_inner()).take());
            if let Some(hook) = self.on_disposed.get() {
                let _ = catch_unwind(AssertUnwindSafe(hook));
            }
        }
    }
}

impl Drop for Isolate {
    fn drop(&mut self) {
        self.close();
    }
}

struct UserGuard<'a>(&'a Isolate);

impl Drop for UserGuard<'_> {
    fn drop(&mut self) {
        if self.0.state.fetch_sub(USER, Ordering::AcqRel) == USER | CLOSED {
            self.0.dispose();
        }
    }
}

//! The per-runtime background loop: sleeps until V8 posts a foreground task,
//! a job is queued (`eval_async`, a host promise settling) or a timer falls
//! due, then takes the isolate's Locker just long enough to run them. An idle runtime therefore costs no CPU, and async work such as
//! `WebAssembly.compile` settles even when no Python call is active.
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::env::{Env, Global};
use crate::error::Error;
use crate::state::{lock, RuntimeState};
use crate::timers;

/// Work for the background loop, run inside the isolate.
pub(crate) type Job = Box<dyn FnOnce(&Env<'_>, &Arc<RuntimeState>) + Send>;

/// The job the loop is running and whether someone asked to terminate it.
#[derive(Default)]
pub(crate) struct CurrentJob {
    pub(crate) id: Option<u64>,
    pub(crate) terminate_requested: bool,
}

/// A runtime's asynchronous work: the loop's queue and thread, timers,
/// promises the host settles, and completions waiting for promises.
pub(crate) struct Tasks {
    pub(crate) jobs: Mutex<std::collections::VecDeque<(u64, Job)>>,
    pub(crate) current_job: Mutex<CurrentJob>,
    /// Ids of jobs and resolvers.
    pub(crate) next_id: std::sync::atomic::AtomicU64,
    pub(crate) timers: Mutex<crate::timers::Timers>,
    /// Resolvers of promises the host settles, by id.
    pub(crate) resolvers: Mutex<std::collections::HashMap<u64, Global>>,
    /// Completions of `eval_async`/`call_async` waiting for a promise, by id.
    pub(crate) waiters: Mutex<std::collections::HashMap<u64, crate::async_eval::Waiter>>,
    /// The background loop's thread, joined by `Runtime::shutdown`.
    pub(crate) loop_thread: Mutex<Option<JoinHandle<()>>>,
    /// The loop is inside the isolate (so no call is): `close` stops its JS.
    pub(crate) in_turn: AtomicBool,
}

impl Default for Tasks {
    fn default() -> Self {
        Tasks {
            jobs: Mutex::default(),
            current_job: Mutex::default(),
            next_id: std::sync::atomic::AtomicU64::new(1),
            timers: Mutex::default(),
            resolvers: Mutex::default(),
            waiters: Mutex::default(),
            loop_thread: Mutex::default(),
            in_turn: AtomicBool::new(false),
        }
    }
}

impl Tasks {
    pub(crate) fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }
}

/// Stack for the loop thread: it runs user JS (promise reactions).
const LOOP_STACK_BYTES: usize = 4 * 1024 * 1024;

#[derive(Default)]
struct Wake {
    now: bool,
    stop: bool,
    deadlines: BinaryHeap<Reverse<Instant>>,
}

/// RuntimeState by the platform's task runners (any thread), the callers and the loop.
#[derive(Default)]
pub(crate) struct LoopSignal {
    wake: Mutex<Wake>,
    cond: Condvar,
    /// A task was posted and nobody has pumped since.
    tasks_pending: AtomicBool,
    /// Set with `Wake::now`: lets the loop see a new job without the lock.
    poked: AtomicBool,
}

/// How long the loop looks for a new job after a turn before it sleeps: a
/// caller awaiting results back to back posts its next one within
/// microseconds, and catching it saves the loop a sleep and a wake-up
/// (tens of microseconds each on an idle machine). Only after a turn: an
/// idle runtime does not spin.
const SPIN_AFTER_TURN: Duration = Duration::from_micros(50);

impl LoopSignal {
    fn lock(&self) -> MutexGuard<'_, Wake> {
        self.wake.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn notify(&self, delay_seconds: f64) {
        let mut wake = self.lock();
        if delay_seconds > 0.0 && delay_seconds.is_finite() {
            let delay = Duration::from_secs_f64(delay_seconds.min(1e9));
            wake.deadlines.push(Reverse(Instant::now() + delay));
        } else {
            self.tasks_pending.store(true, Ordering::Release);
            wake.now = true;
            self.poked.store(true, Ordering::Release);
        }
        self.cond.notify_one();
    }

    /// Wakes the loop now (a job was posted).
    pub(crate) fn wake(&self) {
        self.lock().now = true;
        self.poked.store(true, Ordering::Release);
        self.cond.notify_one();
    }

    /// Wakes the loop at `at` (a timer).
    pub(crate) fn wake_at(&self, at: Instant) {
        self.lock().deadlines.push(Reverse(at));
        self.cond.notify_one();
    }

    /// True (once) if tasks were posted since the last call; cheap when not.
    pub(crate) fn take_pending(&self) -> bool {
        self.tasks_pending.load(Ordering::Acquire) && self.tasks_pending.swap(false, Ordering::AcqRel)
    }

    pub(crate) fn stop(&self) {
        self.lock().stop = true;
        self.cond.notify_one();
    }

    /// Blocks until there is work; false when the loop should end.
    fn wait(&self) -> bool {
        let spin_until = Instant::now() + SPIN_AFTER_TURN;
        while !self.poked.load(Ordering::Acquire) && Instant::now() < spin_until {
            // Yielding, not spinning: the caller may need this core to post the job.
            std::thread::yield_now();
        }
        let mut wake = self.lock();
        loop {
            if wake.stop {
                return false;
            }
            let now = Instant::now();
            let mut due = false;
            while wake.deadlines.peek().is_some_and(|Reverse(t)| *t <= now) {
                wake.deadlines.pop();
                due = true;
            }
            if wake.now || due {
                wake.now = false;
                self.poked.store(false, Ordering::Release);
                return true;
            }
            wake = match wake.deadlines.peek() {
                Some(Reverse(t)) => {
                    let timeout = t.saturating_duration_since(now);
                    self.cond.wait_timeout(wake, timeout).map(|(g, _)| g).unwrap_or_else(|p| p.into_inner().0)
                }
                None => self.cond.wait(wake).unwrap_or_else(|p| p.into_inner()),
            };
        }
    }
}

/// Called by the bridge from any thread when V8 posts a foreground task.
///
/// # Safety
/// `data` is the `Arc<LoopSignal>` pointer given to `jsr_isolate_new`, which
/// the runtime keeps alive until the isolate is disposed.
pub(crate) unsafe extern "C" fn on_task_posted(data: *mut c_void, delay_seconds: f64) {
    // SAFETY: see the function's contract.
    let signal = unsafe { &*(data as *const LoopSignal) };
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| signal.notify(delay_seconds)));
}

/// The loop holds its runtime weakly: a runtime nobody holds any more is
/// dropped (its isolate disposed, the loop woken to end), closed or not.
pub(crate) fn spawn(shared: &Arc<RuntimeState>) -> std::io::Result<JoinHandle<()>> {
    let runtime = Arc::downgrade(shared);
    let signal = shared.signal.clone();
    std::thread::Builder::new().name("jsrun-loop".into()).stack_size(LOOP_STACK_BYTES).spawn(move || {
        while signal.wait() {
            let Some(shared) = runtime.upgrade() else { break };
            let ran = shared.cell.enter(|env| {
                shared.tasks.in_turn.store(true, Ordering::Release);
                match crate::worker::turn_timeout(&shared) {
                    None => turn(env, &shared),
                    Some(timeout) => bounded_turn(env, &shared, timeout),
                }
                shared.tasks.in_turn.store(false, Ordering::Release);
            });
            if matches!(ran, Err(Error::Closed)) {
                break;
            }
        }
    })
}

/// The runtime closes: JS the loop is running (a timer's endless loop or
/// promise chain) ends with it, by an interrupt only the loop's thread acts
/// on, so a call on another thread still finishes first.
pub(crate) fn stop_turn(shared: &Arc<RuntimeState>) {
    if !shared.tasks.in_turn.load(Ordering::Acquire) || crate::fork::forked() {
        return;
    }
    let Some(loop_id) = lock(&shared.tasks.loop_thread).as_ref().map(|t| t.thread().id()) else { return };
    let runtime = Arc::downgrade(shared);
    shared.cell.request_interrupt(Box::new(move || {
        if std::thread::current().id() == loop_id {
            if let Some(shared) = runtime.upgrade() {
                shared.cell.terminate();
            }
        }
    }));
}

/// A worker's turn, within its runtime's timeout (as each call of the
/// runtime's own is).
fn bounded_turn(env: &Env<'_>, shared: &Arc<RuntimeState>, timeout: Duration) {
    let token = crate::watchdog::arm(shared, timeout);
    turn(env, shared);
    if token.is_some_and(|token| crate::watchdog::disarm(shared, token)) {
        env.cancel_terminate();
        crate::worker::timed_out(shared, timeout);
    }
}

/// One turn of the loop: V8's tasks, queued jobs, due timers, microtasks.
/// An error none of them caught fails the callers awaiting (`uncaught`).
fn turn(env: &Env<'_>, shared: &Arc<RuntimeState>) {
    shared.handles.drain(env);
    if let Some(hub) = &shared.inspector {
        hub.drain();
    }
    if shared.signal.take_pending() {
        let _ = env.pump();
    }
    loop {
        let Some((id, job)) = lock(&shared.tasks.jobs).pop_front() else {
            break;
        };
        {
            let mut current = lock(&shared.tasks.current_job);
            current.id = Some(id);
            current.terminate_requested = false;
        }
        job(env, shared);
        let mut current = lock(&shared.tasks.current_job);
        // A termination requested for this job must not hit the next one.
        if current.terminate_requested {
            env.cancel_terminate();
        }
        *current = CurrentJob::default();
        if crate::worker::closing(shared) {
            break; // a worker that called close() runs no other task
        }
    }
    if !crate::worker::closing(shared) && timers::fire_due(env, shared).is_err() {
        env.cancel_terminate();
    }
    if env.run_microtasks().is_ok() && crate::uncaught::checkpoint(env, shared, None).is_err() {
        env.cancel_terminate();
    }
    crate::uncaught::fail_waiters(shared);
    crate::worker::after_turn(env, shared);
}

//! The hub between the isolate's V8 inspector and the DevTools server: the
//! queue of client messages, and the loops that dispatch them.
//!
//! Messages arrive on the server's thread and may only be dispatched by the
//! thread holding the isolate's Locker. So each message is queued, then
//! whoever can dispatch it is woken: the thread paused in the debugger (it
//! waits on `cond`), the thread running JS (through an interrupt, which is
//! how `Debugger.pause` stops a busy loop), or, when the runtime is idle,
//! the background loop.
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, Weak};

use jsrun_inspector::{Outbound, Registration, Target, TargetInfo};

use super::{InspectorEndpoint, InspectorOptions};
use crate::env::{Env, InspectorClient, V8Inspector};
use crate::error::{Error, Result};
use crate::state::{lock, RuntimeState};

pub(crate) const DESCRIPTION: &str = "jsrun";
const FAVICON_URL: &str = "https://www.python.org/static/favicon.ico";

enum Event {
    Connect,
    Message(String),
    Disconnect,
}

/// A function to run on the thread inside the isolate, once, by whichever of
/// V8's interrupt or the pause loop gets to it first.
type Interrupt = Arc<Mutex<Option<Box<dyn FnOnce() + Send>>>>;

#[derive(Default)]
struct State {
    inbox: VecDeque<(u64, Event)>,
    outbound: HashMap<u64, Outbound>,
    /// quitMessageLoopOnPause was called.
    resume: bool,
    /// A client sent Runtime.runIfWaitingForDebugger.
    run: bool,
    /// Termination was requested: stop waiting or pausing.
    interrupted: bool,
    closed: bool,
    interrupts: Vec<Interrupt>,
}

#[derive(Clone, Copy, PartialEq)]
enum Until {
    Resumed,
    RunRequested,
}

pub(crate) struct Hub {
    /// V8's inspector, once `start` made it (the isolate owns it).
    v8: OnceLock<V8Inspector>,
    state: Mutex<State>,
    cond: Condvar,
    shared: OnceLock<Weak<RuntimeState>>,
    next_session: AtomicU64,
    /// Inside a dispatch; only touched by the thread holding the Locker.
    dispatching: AtomicBool,
    must_wait: AtomicBool,
    break_on_start: bool,
    registration: Mutex<Option<Registration>>,
    options: InspectorOptions,
    /// Resources DevTools loaded, being read (`io`).
    streams: super::io::Streams,
}

impl Hub {
    /// The hub a runtime made with `options` has (None: no inspector).
    pub(crate) fn for_options(options: Option<InspectorOptions>) -> Result<Option<Arc<Hub>>> {
        Ok(options.map(Hub::new))
    }

    fn new(options: InspectorOptions) -> Arc<Hub> {
        Arc::new(Hub {
            v8: OnceLock::new(),
            state: Mutex::default(),
            cond: Condvar::new(),
            shared: OnceLock::new(),
            next_session: AtomicU64::new(1),
            dispatching: AtomicBool::new(false),
            must_wait: AtomicBool::new(options.wait_for_connection || options.break_on_next_statement),
            break_on_start: options.break_on_next_statement,
            registration: Mutex::default(),
            options,
            streams: super::io::Streams::default(),
        })
    }

    /// Creates V8's inspector for the isolate and starts serving it.
    pub(crate) fn start(self: &Arc<Self>, env: &Env<'_>, shared: &Arc<RuntimeState>) -> Result<()> {
        let _ = self.shared.set(Arc::downgrade(shared));
        // SAFETY: the client is this hub, which the runtime's shared state
        // keeps alive until after the isolate is disposed.
        let made = unsafe { V8Inspector::new(env, Arc::as_ptr(self), &self.options.title) };
        let v8 = made.ok_or_else(|| Error::Internal("V8 could not create its inspector".into()))?;
        let _ = self.v8.set(v8);
        jsrun_inspector::set_v8_version(&crate::platform::v8_version());
        let info = TargetInfo {
            title: self.options.title.clone(),
            url: self.options.url.clone(),
            description: DESCRIPTION.into(),
            favicon_url: FAVICON_URL.into(),
        };
        let target: Arc<dyn Target> = Arc::new(HubTarget(self.clone()));
        let registration = jsrun_inspector::register(self.options.addr, info, target)
            .map_err(|e| Error::Internal(format!("cannot start the inspector on {}: {e}", self.options.addr)))?;
        *lock(&self.registration) = Some(registration);
        Ok(())
    }

    pub(crate) fn endpoint(&self) -> Option<InspectorEndpoint> {
        let registration = lock(&self.registration);
        let r = registration.as_ref()?;
        Some(InspectorEndpoint {
            id: r.id().to_owned(),
            addr: r.addr(),
            websocket_url: r.websocket_url(),
            devtools_frontend_url: r.devtools_frontend_url(),
            title: r.info().title.clone(),
            url: r.info().url.clone(),
            description: r.info().description.clone(),
            favicon_url: r.info().favicon_url.clone(),
        })
    }

    /// What a worker of this runtime is served with: a target of its own
    /// on the same server, named after this one's.
    pub(crate) fn worker_options(&self, title: String, url: String) -> Option<InspectorOptions> {
        let addr = lock(&self.registration).as_ref()?.addr();
        Some(InspectorOptions {
            addr,
            wait_for_connection: false,
            break_on_next_statement: false,
            title,
            url,
            resources: self.options.resources.clone(),
        })
    }

    /// Number of clients attached now.
    pub(crate) fn session_count(&self) -> usize {
        lock(&self.state).outbound.len()
    }

    /// The runtime closed: stop serving, end the sessions, release waiters.
    pub(crate) fn close(&self) {
        lock(&self.state).closed = true;
        self.cond.notify_all();
        let registration = lock(&self.registration).take();
        drop(registration);
    }

    /// JS is being terminated: a thread waiting or paused must let it run.
    pub(crate) fn interrupt_waits(&self) {
        lock(&self.state).interrupted = true;
        self.cond.notify_all();
    }

    /// Forgets a termination that found nobody waiting (end of a call).
    pub(crate) fn clear_interrupted(&self) {
        let mut state = lock(&self.state);
        state.interrupted = false;
        state.interrupts.retain(|i| lock(i).is_some());
    }

    /// Runs `f` on the thread inside the isolate: at V8's next interrupt
    /// check, or in the pause loop if JS is paused.
    pub(crate) fn request_interrupt(&self, shared: &RuntimeState, f: Box<dyn FnOnce() + Send>) {
        let slot: Interrupt = Arc::new(Mutex::new(Some(f)));
        lock(&self.state).interrupts.push(slot.clone());
        self.cond.notify_all();
        shared.cell.request_interrupt(Box::new(move || {
            let f = lock(&slot).take();
            if let Some(f) = f {
                f();
            }
        }));
    }

    /// Before the first execution: waits for a debugger if asked to, then
    /// arranges the pause on the first statement.
    pub(crate) fn before_execution(&self) -> Result<()> {
        if !self.must_wait.load(Ordering::Relaxed) || !self.must_wait.swap(false, Ordering::AcqRel) {
            return Ok(());
        }
        if !self.serve(Until::RunRequested) {
            self.must_wait.store(true, Ordering::Release); // interrupted: wait again next time
            return Err(Error::Terminated);
        }
        if self.break_on_start {
            if let Some(v8) = self.v8.get() {
                // SAFETY: on the thread inside the isolate (our caller's contract).
                unsafe { v8.pause_on_next_statement(c"Break on start") };
            }
        }
        Ok(())
    }

    /// Shows an error that no JS caught in the DevTools console.
    pub(crate) fn report_uncaught(&self, env: &Env<'_>) {
        let (Some(exception), message) = env.last_exception() else { return };
        let Some(v8) = self.v8.get() else { return };
        if self.session_count() > 0 {
            v8.exception_thrown(env, exception, message, None);
        }
    }

    /// Shows DevTools an error nobody caught that did not end a call (a
    /// timer's, an unhandled rejection: see `crate::uncaught`).
    /// For a rejection, `promise` is the promise.
    pub(crate) fn report_exception<'e>(
        &self,
        env: &Env<'e>,
        exception: crate::env::Local<'e>,
        promise: Option<crate::env::Local<'e>>,
    ) {
        let Some(v8) = self.v8.get() else { return };
        if self.session_count() > 0 {
            v8.exception_thrown(env, exception, None, promise);
        }
    }

    /// `promise`, reported by `report_exception`, got a handler: DevTools
    /// takes the report back (`Runtime.exceptionRevoked`), as Chrome does.
    pub(crate) fn report_handled<'e>(&self, env: &Env<'e>, promise: crate::env::Local<'e>) {
        if let Some(v8) = self.v8.get() {
            v8.exception_revoked(env, promise);
        }
    }

    /// Dispatches queued messages (from the loop or an interrupt: not
    /// re-entrantly, since V8 may run JS, and so interrupts, mid-dispatch).
    pub(crate) fn drain(&self) {
        if self.dispatching.swap(true, Ordering::AcqRel) {
            return;
        }
        self.dispatch_queued();
        self.dispatching.store(false, Ordering::Release);
    }

    fn dispatch_queued(&self) {
        loop {
            let next = lock(&self.state).inbox.pop_front();
            let Some((session, event)) = next else { return };
            let Some(v8) = self.v8.get() else { return };
            // SAFETY (all three): on the thread holding the Locker, by the
            // callers' contract.
            match event {
                Event::Connect => unsafe { v8.connect(session) },
                Event::Message(m) => unsafe { v8.dispatch(session, &m) },
                Event::Disconnect => {
                    unsafe { v8.disconnect(session) };
                    lock(&self.state).outbound.remove(&session);
                }
            }
        }
    }

    /// Serves messages on this thread (inside the isolate) until `until`
    /// happens; false if termination or close cut it short.
    fn serve(&self, until: Until) -> bool {
        if until == Until::Resumed {
            lock(&self.state).resume = false;
        }
        loop {
            {
                let mut state = lock(&self.state);
                loop {
                    match until {
                        Until::Resumed if state.resume => {
                            state.resume = false;
                            return true;
                        }
                        // Nobody left to resume us (V8 resumes when the last session goes).
                        Until::Resumed if state.outbound.is_empty() && state.inbox.is_empty() => return true,
                        Until::RunRequested if state.run => return true,
                        _ => {}
                    }
                    if state.closed {
                        return false;
                    }
                    if state.interrupted {
                        state.interrupted = false;
                        return false;
                    }
                    if !state.inbox.is_empty() || !state.interrupts.is_empty() {
                        break;
                    }
                    state = self.cond.wait(state).unwrap_or_else(|p| p.into_inner());
                }
            }
            let interrupts = std::mem::take(&mut lock(&self.state).interrupts);
            for slot in interrupts {
                let f = lock(&slot).take();
                if let Some(f) = f {
                    f();
                }
            }
            // Nested inside a dispatch is expected here (a pause inside
            // Runtime.evaluate): V8 allows dispatching while paused.
            let was = self.dispatching.swap(true, Ordering::AcqRel);
            self.dispatch_queued();
            self.dispatching.store(was, Ordering::Release);
        }
    }

    fn post(self: &Arc<Self>, session: u64, event: Event) {
        lock(&self.state).inbox.push_back((session, event));
        self.cond.notify_all();
        let Some(shared) = self.shared.get().and_then(Weak::upgrade) else { return };
        shared.signal.wake();
        if shared.busy() {
            let hub = self.clone();
            shared.cell.request_interrupt(Box::new(move || hub.drain()));
        }
    }
}

/// The server's view of a hub (kept apart so the server cannot call the
/// hub's isolate-side methods).
struct HubTarget(Arc<Hub>);

impl Target for HubTarget {
    fn connect(&self, outbound: Outbound) -> u64 {
        let id = self.0.next_session.fetch_add(1, Ordering::Relaxed);
        lock(&self.0.state).outbound.insert(id, outbound);
        self.0.post(id, Event::Connect);
        id
    }

    fn dispatch(&self, session: u64, message: String) {
        // Loading a resource may read files or call the user's loader: not
        // on the server's thread, and not in the isolate's.
        if super::io::answer_later(&message) {
            let hub = self.0.clone();
            let run = move || {
                let reply = super::io::answer(&message, &hub.options.resources, &hub.streams);
                let outbound = lock(&hub.state).outbound.get(&session).cloned();
                if let (Some(reply), Some(outbound)) = (reply, outbound) {
                    outbound.send(reply);
                }
            };
            // (No thread to be had: the request stays unanswered, as if slow.)
            let _ = std::thread::Builder::new().name("jsrun-inspector-io".into()).spawn(run);
            return;
        }
        self.0.post(session, Event::Message(message));
    }

    fn disconnect(&self, session: u64) {
        self.0.post(session, Event::Disconnect);
    }
}

impl InspectorClient for Hub {
    fn on_pause(&self) {
        self.serve(Until::Resumed);
    }

    fn on_resume(&self) {
        lock(&self.state).resume = true;
        self.cond.notify_all();
    }

    fn on_run(&self) {
        lock(&self.state).run = true;
        self.cond.notify_all();
    }

    fn on_message(&self, session: u64, text: String) {
        let outbound = lock(&self.state).outbound.get(&session).cloned();
        if let Some(outbound) = outbound {
            outbound.send(text);
        }
    }
}

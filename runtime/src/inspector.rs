//! The V8 side of the DevTools inspector: the isolate's V8 inspector, the
//! queue of client messages, and the loops that dispatch them.
//!
//! Messages arrive on the server's thread and may only be dispatched by the
//! thread holding the isolate's Locker. So each message is queued, then
//! whoever can dispatch it is woken: the thread paused in the debugger (it
//! waits on `cond`), the thread running JS (through an interrupt, which is
//! how `Debugger.pause` stops a busy loop), or, when the runtime is idle,
//! the background loop.
use base64::Engine as _;
use std::collections::{HashMap, VecDeque};
use std::ffi::{c_int, c_void, CString};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, Weak};

use jsrun_inspector::{Outbound, Registration, Target, TargetInfo};

use crate::env::Env;
use crate::error::{Error, Result};
use crate::ffi;
use crate::shared::{lock, Shared};
use crate::value::Text;

/// How a runtime exposes itself to DevTools.
#[derive(Debug, Clone)]
pub struct InspectorOptions {
    /// Where the server listens (port 0: a free port). Runtimes asking for
    /// the same address share one server.
    pub addr: SocketAddr,
    /// The first execution waits until a client sends `Runtime.runIfWaitingForDebugger`.
    pub wait_for_connection: bool,
    /// The first execution also pauses on its first statement.
    pub break_on_next_statement: bool,
    pub title: String,
    pub url: String,
}

/// Where DevTools finds a runtime.
#[derive(Debug, Clone)]
pub struct InspectorEndpoint {
    pub id: String,
    pub addr: SocketAddr,
    pub websocket_url: String,
    pub devtools_frontend_url: String,
    pub title: String,
    pub url: String,
    pub description: String,
    pub favicon_url: String,
}

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
    raw: AtomicPtr<ffi::jsr_inspector>,
    state: Mutex<State>,
    cond: Condvar,
    shared: OnceLock<Weak<Shared>>,
    next_session: AtomicU64,
    /// Inside a dispatch; only touched by the thread holding the Locker.
    dispatching: AtomicBool,
    must_wait: AtomicBool,
    break_on_start: bool,
    registration: Mutex<Option<Registration>>,
    options: InspectorOptions,
}

impl Hub {
    pub(crate) fn new(options: InspectorOptions) -> Arc<Hub> {
        Arc::new(Hub {
            raw: AtomicPtr::new(std::ptr::null_mut()),
            state: Mutex::default(),
            cond: Condvar::new(),
            shared: OnceLock::new(),
            next_session: AtomicU64::new(1),
            dispatching: AtomicBool::new(false),
            must_wait: AtomicBool::new(options.wait_for_connection || options.break_on_next_statement),
            break_on_start: options.break_on_next_statement,
            registration: Mutex::default(),
            options,
        })
    }

    /// Creates V8's inspector for the isolate and starts serving it.
    pub(crate) fn start(self: &Arc<Self>, env: &Env<'_>, shared: &Arc<Shared>) -> Result<()> {
        let _ = self.shared.set(Arc::downgrade(shared));
        let callbacks = ffi::jsr_inspector_callbacks {
            data: Arc::as_ptr(self) as *mut c_void,
            on_pause,
            on_resume,
            on_run,
            on_message,
        };
        let name = CString::new(self.options.title.replace('\0', " ")).unwrap_or_default();
        // SAFETY: inside enter; the callbacks' data is this hub, which the
        // runtime's shared state keeps alive until after the isolate is disposed.
        let raw = unsafe { ffi::jsr_inspector_new(env.raw_env(), &callbacks, name.as_ptr()) };
        self.raw.store(raw, Ordering::Release);
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
    pub(crate) fn request_interrupt(&self, shared: &Shared, f: Box<dyn FnOnce() + Send>) {
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
            let raw = self.raw.load(Ordering::Acquire);
            if !raw.is_null() {
                // SAFETY: on the thread inside the isolate (our caller's contract).
                unsafe { ffi::jsr_inspector_pause_on_next_statement(raw, c"Break on start".as_ptr()) };
            }
        }
        Ok(())
    }

    /// Shows an error that no JS caught in the DevTools console.
    pub(crate) fn report_uncaught(&self, env: &Env<'_>) {
        let (Some(exception), message) = env.last_exception() else { return };
        let raw = self.raw.load(Ordering::Acquire);
        if raw.is_null() || self.session_count() == 0 {
            return;
        }
        let message = message.map_or(std::ptr::null_mut(), |m| m.raw());
        // SAFETY: inside enter; the values belong to this env's scope.
        unsafe { ffi::jsr_inspector_exception_thrown(env.raw_env(), raw, exception.raw(), message) };
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
            let raw = self.raw.load(Ordering::Acquire);
            if raw.is_null() {
                return;
            }
            // SAFETY (all three): on the thread holding the Locker, by the
            // callers' contract; strings outlive the calls.
            match event {
                Event::Connect => unsafe { ffi::jsr_inspector_connect(raw, session) },
                Event::Message(m) => unsafe { ffi::jsr_inspector_dispatch(raw, session, m.as_ptr().cast(), m.len()) },
                Event::Disconnect => {
                    unsafe { ffi::jsr_inspector_disconnect(raw, session) };
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
        self.0.post(session, Event::Message(message));
    }

    fn disconnect(&self, session: u64) {
        self.0.post(session, Event::Disconnect);
    }
}

/// # Safety (for the four callbacks)
/// `data` is the hub given to `jsr_inspector_new`, alive while V8 calls back.
unsafe fn hub<'a>(data: *mut c_void) -> &'a Hub {
    // SAFETY: see above.
    unsafe { &*(data as *const Hub) }
}

unsafe extern "C" fn on_pause(data: *mut c_void) {
    // SAFETY: callback contract.
    let hub = unsafe { hub(data) };
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| hub.serve(Until::Resumed)));
}

// Every callback runs under catch_unwind: a panic must not unwind into V8.

unsafe extern "C" fn on_resume(data: *mut c_void) {
    // SAFETY: callback contract.
    let hub = unsafe { hub(data) };
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        lock(&hub.state).resume = true;
        hub.cond.notify_all();
    }));
}

unsafe extern "C" fn on_run(data: *mut c_void) {
    // SAFETY: callback contract.
    let hub = unsafe { hub(data) };
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        lock(&hub.state).run = true;
        hub.cond.notify_all();
    }));
}

unsafe extern "C" fn on_message(data: *mut c_void, session: u64, chars: *const c_void, len: usize, two_byte: c_int) {
    // SAFETY: callback contract.
    let hub = unsafe { hub(data) };
    let text = if two_byte != 0 {
        // SAFETY: callback contract: `chars` holds `len` 16-bit units.
        let units = unsafe { std::slice::from_raw_parts(chars.cast::<u16>(), len) };
        std::panic::catch_unwind(|| String::from_utf16_lossy(units))
    } else {
        // SAFETY: callback contract: `chars` holds `len` bytes (V8's 8-bit strings are Latin-1).
        let bytes = unsafe { std::slice::from_raw_parts(chars.cast::<u8>(), len) };
        std::panic::catch_unwind(|| bytes.iter().map(|&b| b as char).collect::<String>())
    };
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let Ok(text) = text else { return };
        let outbound = lock(&hub.state).outbound.get(&session).cloned();
        if let Some(outbound) = outbound {
            outbound.send(text);
        }
    }));
}

/// A readable name for an eval'd script, stable for the same text, so
/// DevTools can keep its breakpoints when the same code runs again.
pub(crate) fn eval_url(source: &Text<'_>) -> String {
    // FNV-1a: cheap and good enough to tell snippets apart.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |unit: u16| {
        for byte in unit.to_le_bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    match source {
        Text::Utf8(s) => s.encode_utf16().for_each(&mut eat),
        Text::Utf16(u) => u.iter().copied().for_each(&mut eat),
    }
    format!("jsrun://eval/{:08x}.js", hash >> 32)
}

/// jsrun's own script `source`, ignore-listed for DevTools when an inspector
/// is on: an identity source map that marks its one source as ignorable, so
/// stepping and stack views skip it.
pub(crate) fn internal_source(shared: &Shared, source: &'static str, name: &str) -> std::borrow::Cow<'static, str> {
    if shared.inspector.is_none() {
        return source.into();
    }
    let lines = source.lines().count().max(1);
    let mappings = std::iter::once("AAAA").chain(std::iter::repeat_n("AACA", lines - 1)).collect::<Vec<_>>().join(";");
    let map = serde_json::json!({
        "version": 3,
        "sources": [name],
        "names": [],
        "mappings": mappings,
        "ignoreList": [0],
        "x_google_ignoreList": [0],
    })
    .to_string();
    format!(
        "{source}\n//# sourceMappingURL=data:application/json;base64,{}\n",
        base64::engine::general_purpose::STANDARD.encode(map)
    )
    .into()
}

//! Workers (the web's `Worker`, Node's `worker_threads.Worker`): each is a
//! runtime of its own — its own isolate and loop thread — made with its
//! parent's options. A message is written by V8's serializer in the sending
//! isolate (`env::Message`: bytes, moved ArrayBuffers, shared memory,
//! compiled Wasm modules) and read in a job on the receiving runtime's loop,
//! so each runtime's JS runs only on its own threads and neither side ever
//! waits for the other's Locker.
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::Duration;

use crate::env::{Env, Global, Local, Message};
use crate::error::{Error, Result};
use crate::runtime::{Runtime, RuntimeOptions};
use crate::state::{lock, RuntimeState};

pub(crate) mod blob_urls;
pub(crate) mod broadcast;
mod child;
pub(crate) mod natives;
pub(crate) mod port_natives;
pub(crate) mod ports;

pub(crate) use child::{after_turn, closing, forward_uncaught, timed_out, turn_timeout};

/// How a runtime's workers are bounded.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// Workers alive at once, counting those workers make; 0: none.
    pub max: usize,
    /// A bound on each turn of a worker's loop (its start, a message, a
    /// timer): past it the worker ends with an error, as a call times out.
    pub turn_timeout: Option<Duration>,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        WorkerOptions { max: 8, turn_timeout: None }
    }
}

/// What workers are made from: the first runtime's options, and the count
/// of live workers its whole tree shares.
#[derive(Clone)]
pub(crate) struct Template {
    options: RuntimeOptions,
    node: Option<crate::node::Settings>,
    live: Arc<AtomicUsize>,
    /// The tree's BroadcastChannels.
    hub: Arc<broadcast::Hub>,
    /// The tree's blob URLs.
    blob_urls: Arc<blob_urls::Store>,
}

/// Which global scope a worker gets.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    Web,
    Node,
}

/// What the worker runs first.
pub(crate) enum Script {
    /// A classic script's text (Node's `eval: true`, a web worker's blob).
    Classic { source: String, name: String },
    /// An ES module's text, made a module of the worker's own under `name`.
    Module { source: String, name: String },
    /// A module the worker imports (a file under `use_node_modules`).
    Import(String),
}

/// How to start one worker.
pub(crate) struct Spec {
    pub(crate) kind: Kind,
    pub(crate) name: String,
    pub(crate) script: Script,
    /// The script's URL (a web worker's `location`; "" for Node's `eval`).
    pub(crate) url: String,
    /// Node's `workerData`, written in the parent, with the pipe ends of
    /// the MessagePorts in it (Node's `transferList`): they close if the
    /// worker never reads it.
    pub(crate) data: Option<InFlight>,
    /// Node's `env` option: the worker's `process.env` (else the parent's).
    pub(crate) env: Option<Vec<(String, String)>>,
    /// Node's `resourceLimits.maxOldGenerationSizeMb`, in bytes: the
    /// worker's heap limit, within the parent's own.
    pub(crate) max_heap: Option<usize>,
}

/// What a message between a worker and its parent is for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Channel {
    /// `postMessage`'s.
    Message,
    /// A worker's `console` call, `[method, args]`: the parent's console shows it.
    Console,
    /// A worker's `fetch`, which the parent answers (its handler is the parent's).
    Fetch,
    /// `postMessage`'s with MessagePorts: `[value, ports]`.
    WithPorts,
}

impl Channel {
    pub(crate) fn from_number(n: Option<f64>) -> Channel {
        match n {
            Some(1.0) => Channel::Console,
            Some(2.0) => Channel::Fetch,
            Some(3.0) => Channel::WithPorts,
            _ => Channel::Message,
        }
    }

    /// The event JS gets.
    fn name(self) -> &'static str {
        match self {
            Channel::Message => "message",
            Channel::Console => "console",
            Channel::Fetch => "fetch",
            Channel::WithPorts => "portmessage",
        }
    }

    /// Whether what it carries is the user's (one that cannot be read is a `messageerror`).
    fn is_posted(self) -> bool {
        matches!(self, Channel::Message | Channel::WithPorts)
    }
}

/// A message on its way, counted against the bytes its receiver may have
/// waiting until it is read or dropped: a thread that posts faster than the
/// other reads gets an error, not the process's memory.
pub(crate) struct InFlight {
    message: Option<Message>,
    size: usize,
    pending: Arc<AtomicUsize>,
    /// The ends of pipes (`ports`) whose MessagePorts the message carries.
    carried: Vec<u64>,
}

/// What may wait for a runtime that sets no heap limit.
const DEFAULT_PENDING_BYTES: usize = 256 << 20;

impl InFlight {
    fn new(message: Message, pending: &Arc<AtomicUsize>, limit: usize) -> Result<InFlight> {
        let size = message.size();
        let before = pending.fetch_add(size, Ordering::AcqRel);
        if before.saturating_add(size) > limit && before > 0 {
            pending.fetch_sub(size, Ordering::AcqRel);
            return Err(Error::Usage(format!(
                "{} MiB of messages are already waiting to be read on the other side (jsrun bounds them by \
                 max_heap_size, or 256 MiB)",
                before >> 20
            )));
        }
        Ok(InFlight { message: Some(message), size, pending: pending.clone(), carried: Vec::new() })
    }

    /// A message that no budget counts (a worker's `workerData`).
    pub(crate) fn unbounded(message: Message) -> InFlight {
        InFlight { message: Some(message), size: 0, pending: Arc::default(), carried: Vec::new() }
    }

    pub(crate) fn carrying(mut self, ends: Vec<u64>) -> InFlight {
        self.carried = ends;
        self
    }

    /// Leaves the ports it carries to the sender (a worker that could not start: their transfer did not happen).
    fn keep_ports(&mut self) {
        self.carried.clear();
    }

    pub(crate) fn take(&mut self) -> Option<Message> {
        self.message.take()
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.pending.fetch_sub(self.size, Ordering::AcqRel);
        // Ports of a message nobody read (those read have owners now) close.
        for end in self.carried.drain(..) {
            ports::abandon(end);
        }
    }
}

/// The bytes of messages that may wait for a runtime made from `options`.
pub(super) fn pending_limit(options: &RuntimeOptions) -> usize {
    options.heap.max_heap_bytes.unwrap_or(DEFAULT_PENDING_BYTES)
}

/// An event for the parent's JS, about one of its workers.
pub(crate) enum Event {
    Online,
    Post(Channel, InFlight),
    /// An error nothing in the worker caught: the error itself when it could
    /// be written, and how the web's `ErrorEvent` describes it.
    Error {
        error: Option<Message>,
        message: String,
        filename: String,
        line: u32,
        column: u32,
    },
    Exit(i32),
}

/// The parent's side of one worker.
pub(crate) struct Link {
    id: u64,
    state: Mutex<LinkState>,
    live: Arc<AtomicUsize>,
    /// The thread making the worker's runtime, until joined.
    starter: Mutex<Option<std::thread::JoinHandle<()>>>,
    /// Counted by `active` (Node's `worker.ref()`; `unref()` clears it).
    refed: std::sync::atomic::AtomicBool,
    /// Bytes of messages waiting for the worker, and how many may.
    to_worker: Arc<AtomicUsize>,
    limit: usize,
}

enum LinkState {
    /// Being made: messages wait here.
    Starting(Vec<(Channel, InFlight)>),
    Running(Runtime),
    Ended,
}

/// A runtime's workers, and its parent when it is one.
#[derive(Default)]
pub(crate) struct Workers {
    template: Mutex<Option<Template>>,
    links: Mutex<HashMap<u64, Arc<Link>>>,
    /// The parent's JS function that gets each worker's events, by id.
    callbacks: Mutex<HashMap<u64, Global>>,
    /// MessagePorts entangled with another thread's.
    pub(crate) ports: ports::Owned,
    /// BroadcastChannel messages from other threads.
    pub(crate) broadcast: broadcast::Listening,
    /// The blob URLs it shares with its tree.
    pub(crate) blob_urls: blob_urls::Published,
    pub(crate) parent: OnceLock<child::Parent>,
}

/// Node's `threadId`s: unique in the process, as Node's are.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl Workers {
    /// Set when the runtime is made; a worker's runtime gets its parent's.
    pub(crate) fn set_template(&self, options: &RuntimeOptions) {
        let mut options = options.clone();
        // The same snapshot: this V8 shares one read-only heap among a
        // process's runtimes, so all live ones start from the same snapshot.
        options.inspector = None;
        options.host_ops = None;
        options.web_apis = true;
        let live = Arc::new(AtomicUsize::new(0));
        *lock(&self.template) =
            Some(Template { options, node: None, live, hub: Arc::default(), blob_urls: Arc::default() });
    }

    /// Ends every worker (the runtime is closing); their `exit` events are
    /// not delivered.
    pub(crate) fn close_all(&self) {
        if crate::fork::forked() {
            // The workers' threads are not in this process: leave them be.
            std::mem::forget(std::mem::take(&mut *lock(&self.links)));
            return;
        }
        ports::close_all(&self.ports);
        if let Some(template) = lock(&self.template).as_ref() {
            self.blob_urls.withdraw(&template.blob_urls);
        }
        let links: Vec<Arc<Link>> = lock(&self.links).drain().map(|(_, link)| link).collect();
        for link in links {
            link.end();
        }
    }

    /// This runtime's workers that have not ended (and were not `unref()`ed).
    pub(crate) fn active(&self) -> usize {
        lock(&self.links).values().filter(|link| link.refed.load(Ordering::Relaxed)).count()
    }

    /// Node's `worker.ref()` / `unref()`.
    pub(crate) fn set_ref(&self, id: u64, refed: bool) {
        if let Some(link) = lock(&self.links).get(&id) {
            link.refed.store(refed, Ordering::Relaxed);
        }
    }

    /// As `close_all`, waiting until the workers' threads (and their
    /// workers') have ended: for the interpreter's exit.
    pub(crate) fn shutdown_all(&self) {
        if crate::fork::forked() {
            return self.close_all();
        }
        ports::close_all(&self.ports);
        let links: Vec<Arc<Link>> = lock(&self.links).drain().map(|(_, link)| link).collect();
        for link in links {
            if let Some(Some(runtime)) = link.stop() {
                runtime.shutdown();
            }
            let starter = lock(&link.starter).take();
            if let Some(starter) = starter {
                let _ = starter.join(); // it shuts down what it made (see `start`)
            }
        }
    }
}

impl Link {
    /// Marks the worker ended, once (None after that), and gives its
    /// runtime if it was running; while it was starting, the starting
    /// thread sees it ended and shuts down what it made.
    fn stop(&self) -> Option<Option<Runtime>> {
        let runtime = match std::mem::replace(&mut *lock(&self.state), LinkState::Ended) {
            LinkState::Ended => return None,
            LinkState::Running(runtime) => Some(runtime),
            LinkState::Starting(_) => None,
        };
        self.live.fetch_sub(1, Ordering::AcqRel);
        Some(runtime)
    }

    /// Stops the worker's JS and closes its runtime; false if it had ended.
    fn end(&self) -> bool {
        let Some(runtime) = self.stop() else { return false };
        if let Some(runtime) = runtime {
            runtime.terminate();
            runtime.close();
        }
        true
    }

    /// Hands a message to the worker (queued while it starts; dropped once it ended).
    fn send(&self, channel: Channel, message: Message, carried: Vec<u64>) -> Result<()> {
        let message = InFlight::new(message, &self.to_worker, self.limit)?.carrying(carried);
        let mut state = lock(&self.state);
        match &mut *state {
            LinkState::Starting(queued) => queued.push((channel, message)),
            LinkState::Running(runtime) => child::deliver(runtime.shared(), channel, message),
            LinkState::Ended => {}
        }
        Ok(())
    }
}

/// `new Worker(…)`: starts a worker of `parent` and returns its id; `on_event`
/// gets its events (`event_name`'s names) in the parent, from its loop.
/// When it fails before the worker starts, the ports `spec` carries are
/// left to the caller (their transfer did not happen).
pub(crate) fn spawn(env: &Env<'_>, parent: &Arc<RuntimeState>, mut spec: Spec, on_event: Local<'_>) -> Result<u64> {
    let Some(template) = lock(&parent.workers.template).clone() else {
        if let Some(data) = spec.data.as_mut() {
            data.keep_ports();
        }
        return Err(Error::Usage("this runtime cannot make workers".into()));
    };
    if let Err(error) = blob_urls::first_worker(env, parent) {
        if let Some(data) = spec.data.as_mut() {
            data.keep_ports();
        }
        return Err(error);
    }
    let max = template.options.workers.max;
    if template.live.fetch_add(1, Ordering::AcqRel) >= max {
        template.live.fetch_sub(1, Ordering::AcqRel);
        if let Some(data) = spec.data.as_mut() {
            data.keep_ports();
        }
        return Err(Error::Usage(format!(
            "jsrun allows {max} worker{} at once in this runtime (RuntimeConfig.max_workers)",
            if max == 1 { "" } else { "s" }
        )));
    }
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let link = Arc::new(Link {
        id,
        state: Mutex::new(LinkState::Starting(Vec::new())),
        live: template.live.clone(),
        starter: Mutex::new(None),
        refed: std::sync::atomic::AtomicBool::new(true),
        to_worker: Arc::new(AtomicUsize::new(0)),
        limit: pending_limit(&template.options),
    });
    lock(&parent.workers.callbacks).insert(id, env.new_global(on_event));
    lock(&parent.workers.links).insert(id, link.clone());
    let node = parent.node.settings();
    let inspector = inspector_for(parent, id, &spec);
    let max_heap = spec.max_heap;
    let weak = Arc::downgrade(parent);
    let starting = link.clone();
    let started = std::thread::Builder::new().name("jsrun-worker-start".into()).spawn(move || {
        let mut template = Template { node: node.or(template.node.clone()), ..template };
        template.options.inspector = inspector;
        if let Some(max) = max_heap {
            let heap = &mut template.options.heap;
            heap.max_heap_bytes = Some(heap.max_heap_bytes.map_or(max, |parent| parent.min(max)));
            heap.initial_heap_bytes = heap.initial_heap_bytes.map(|initial| initial.min(max));
        }
        if let Err(error) = start(&weak, &starting, template, spec) {
            report_failure(&weak, &starting, &error);
        }
    });
    match started {
        Ok(handle) => *lock(&link.starter) = Some(handle),
        Err(e) => {
            lock(&parent.workers.links).remove(&id);
            link.end();
            if let Some(callback) = lock(&parent.workers.callbacks).remove(&id) {
                // SAFETY: made in this isolate, which is entered.
                unsafe { env.free_global(callback) };
            }
            return Err(Error::Internal(format!("cannot start a worker thread: {e}")));
        }
    }
    Ok(id)
}

/// A worker of a runtime DevTools can debug is a target of its own on the
/// same server (`/json` lists it; it has its own sessions).
fn inspector_for(parent: &RuntimeState, id: u64, spec: &Spec) -> Option<crate::inspector::InspectorOptions> {
    let hub = parent.inspector.as_ref()?;
    let parent_title = hub.endpoint().map(|endpoint| endpoint.title).unwrap_or_default();
    let title = match spec.name.as_str() {
        "" => format!("{parent_title} - worker {id}"),
        name => format!("{parent_title} - worker {id} ({name})"),
    };
    let url = if spec.url.is_empty() { format!("jsrun://worker/{id}") } else { spec.url.clone() };
    hub.worker_options(title, url)
}

/// Makes the worker's runtime and queues its script (on a thread of its
/// own: making an isolate takes milliseconds the parent need not wait).
fn start(parent: &Weak<RuntimeState>, link: &Arc<Link>, template: Template, mut spec: Spec) -> Result<()> {
    let runtime = Runtime::new(template.options.clone())?;
    let shared = runtime.shared();
    *lock(&shared.workers.template) = Some(template.clone());
    if let Some(node) = &template.node {
        let variables = spec.env.clone().unwrap_or_else(|| node.env.clone());
        runtime.use_node_modules(&node.root, variables, node.allow_read)?;
    }
    child::adopt(shared, parent.clone(), link.id, &mut spec, pending_limit(&template.options));
    notify(parent, link.id, Event::Online);
    child::run(shared, spec.script);
    let mut state = lock(&link.state);
    match std::mem::replace(&mut *state, LinkState::Ended) {
        LinkState::Starting(queued) => {
            for (channel, message) in queued {
                child::deliver(shared, channel, message);
            }
            *state = LinkState::Running(runtime);
        }
        // Ended while it started: nobody else will wait for its threads.
        _ => {
            drop(state);
            runtime.shutdown();
        }
    }
    Ok(())
}

/// The worker's runtime could not be made: an error, then the end.
fn report_failure(parent: &Weak<RuntimeState>, link: &Arc<Link>, error: &Error) {
    if let Some(shared) = parent.upgrade() {
        let message = format!("Uncaught Error: the worker could not start: {error}");
        notify(parent, link.id, Event::Error { error: None, message, filename: String::new(), line: 0, column: 0 });
        if lock(&shared.workers.links).remove(&link.id).is_some() && link.end() {
            notify(parent, link.id, Event::Exit(1));
        }
    }
}

/// `worker.postMessage(value, transfer)` in the parent.
pub(crate) fn post_to_worker(
    parent: &RuntimeState,
    id: u64,
    channel: Channel,
    message: Message,
    carried: Vec<u64>,
) -> Result<()> {
    let link = lock(&parent.workers.links).get(&id).cloned();
    match link {
        Some(link) => link.send(channel, message, carried),
        // The worker ended: nobody will read it, and the ports it carried close.
        None => {
            drop(InFlight::unbounded(message).carrying(carried));
            Ok(())
        }
    }
}

/// `worker.terminate()`: ends it now; `exit` (code 1, as Node's) follows.
pub(crate) fn terminate(parent: &Arc<RuntimeState>, id: u64) {
    let link = lock(&parent.workers.links).remove(&id);
    if let Some(link) = link {
        if link.end() {
            notify(&Arc::downgrade(parent), id, Event::Exit(1));
        }
    }
}

/// The worker ended itself (`close()`, `process.exit`, an error, or
/// nothing left to do) with `code`.
pub(crate) fn exited(parent: &Weak<RuntimeState>, id: u64, code: i32) {
    let Some(shared) = parent.upgrade() else { return };
    let link = lock(&shared.workers.links).remove(&id);
    if let Some(link) = link {
        if link.end() {
            notify(parent, id, Event::Exit(code));
        }
    }
}

/// Queues `event` for the parent's JS (its loop runs it).
pub(crate) fn notify(parent: &Weak<RuntimeState>, id: u64, event: Event) {
    let Some(shared) = parent.upgrade() else { return };
    shared.post(Box::new(move |env, shared| {
        if let Err(Error::Terminated) = dispatch(env, shared, id, event) {
            env.cancel_terminate();
        }
    }));
}

fn dispatch(env: &Env<'_>, shared: &Arc<RuntimeState>, id: u64, event: Event) -> Result<()> {
    let callback = {
        let callbacks = lock(&shared.workers.callbacks);
        let Some(callback) = callbacks.get(&id) else { return Ok(()) };
        // SAFETY: the handle lives as long as the isolate.
        unsafe { env.global_value(callback) }
    };
    let hooks = Some(natives::hooks(env, shared)?);
    let name_is_exit = matches!(event, Event::Exit(_));
    let (name, payload) = match event {
        Event::Online => ("online", env.undefined()),
        Event::Post(channel, mut message) => match message.take().map(|m| env.read_message(m, hooks)) {
            None => return Ok(()),
            Some(read) => match read {
                Ok(value) => (channel.name(), value),
                Err(Error::Js(_)) if channel.is_posted() => {
                    ("messageerror", env.last_exception().0.unwrap_or_else(|| env.undefined()))
                }
                Err(Error::Js(_)) => return Ok(()),
                Err(e) => return Err(e),
            },
        },
        Event::Error { error, message, filename, line, column } => {
            let error = match error {
                Some(error) => env.read_message(error, hooks).unwrap_or_else(|_| env.undefined()),
                None => env.undefined(),
            };
            let keys = ["error", "message", "filename", "lineno", "colno"]
                .iter()
                .map(|key| env.new_string(&(*key).into()))
                .collect::<Result<Vec<_>>>()?;
            let values = [
                error,
                env.new_string(&message.as_str().into())?,
                env.new_string(&filename.as_str().into())?,
                env.new_number(f64::from(line))?,
                env.new_number(f64::from(column))?,
            ];
            let info = env.object_from_entries(&keys, &values)?;
            ("error", info)
        }
        Event::Exit(code) => ("exit", env.new_number(f64::from(code))?),
    };
    let name = env.new_string(&name.into())?;
    let called = env.call_function(callback, None, &[name, payload]);
    if name_is_exit {
        // Its last event: the callback's handle goes.
        lock(&shared.workers.links).remove(&id);
        if let Some(callback) = lock(&shared.workers.callbacks).remove(&id) {
            // SAFETY: made in this isolate, which is entered.
            unsafe { env.free_global(callback) };
        }
    }
    called?;
    env.run_microtasks()
}

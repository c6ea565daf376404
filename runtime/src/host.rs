//! Host functions: JS calls into the host (Python) through one dispatcher.
//!
//! Each JS function made for a host function carries a pointer to a
//! [`HostEntry`]. Entries of bound functions live as long as the runtime;
//! entries of functions passed as values are freed when V8 collects the
//! function (callbacks must not leak one entry per call).
use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Weak};

use crate::env::{CallInfo, Env, Local};
use crate::error::Error;
use crate::js_to_value::Reader;
use crate::limits::ConversionLimits;
use crate::state::RuntimeState;
use crate::value::JsString;
use crate::value::{HostCause, Value};
use crate::value_to_js::Writer;

/// Something JS can call. Runs on the thread inside the isolate, which may
/// take the GIL (never the other way round).
pub trait HostFunction: Send + Sync + 'static {
    /// `runtime`: the runtime whose JS made the call, alive for the call.
    fn call(&self, runtime: &crate::Runtime, args: Args) -> HostOutcome;
}

/// A host function's arguments: most calls have few, kept off the heap.
pub type Args = smallvec::SmallVec<[Value; 4]>;

impl<F> HostFunction for F
where
    F: Fn(Args) -> HostOutcome + Send + Sync + 'static,
{
    fn call(&self, _runtime: &crate::Runtime, args: Args) -> HostOutcome {
        self(args)
    }
}

/// What a host function did.
pub enum HostOutcome {
    Return(Value),
    Throw(HostError),
    /// Returns a promise to JS; the closure gets its [`Settler`] at once.
    Defer(Box<dyn FnOnce(Settler) + Send>),
}

/// An error to throw in JS: `name` becomes the error's name.
#[derive(Debug, Clone)]
pub struct HostError {
    pub name: String,
    pub message: String,
    pub cause: Option<HostCause>,
    /// The error's `code` property (Node's error codes).
    pub code: Option<&'static str>,
}

impl HostError {
    pub fn new(name: &str, message: impl Into<String>) -> Self {
        HostError { name: name.into(), message: message.into(), cause: None, code: None }
    }

    pub(crate) fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    /// A runtime error as the JS error a callback throws in its place (a
    /// callback that returns nothing must leave an exception pending).
    pub(crate) fn from_error(error: &crate::error::Error) -> Self {
        match error {
            crate::error::Error::Js(info) => {
                HostError::new(info.name.as_deref().unwrap_or("Error"), info.message.clone())
            }
            other => HostError::new("Error", other.to_string()),
        }
    }

    /// What a callback throws after a Rust panic was caught in it.
    pub(crate) fn panicked(what: &str) -> Self {
        HostError::new("Error", format!("internal error in jsrun's {what} (a bug in jsrun)"))
    }
}

/// Settles the promise a deferred host call returned; usable from any thread.
/// Dropping it unsettled rejects the promise.
pub struct Settler {
    pub(crate) id: u64,
    pub(crate) shared: Weak<RuntimeState>,
    pub(crate) done: bool,
}

impl Settler {
    pub fn settle(mut self, outcome: std::result::Result<Value, HostError>) {
        self.done = true;
        if let Some(shared) = self.shared.upgrade() {
            shared.settle_resolver(self.id, outcome);
        }
    }
}

impl Drop for Settler {
    fn drop(&mut self) {
        if !self.done {
            if let Some(shared) = self.shared.upgrade() {
                shared.settle_resolver(self.id, Err(HostError::new("Error", "host call was dropped unsettled")));
            }
        }
    }
}

/// Bounds for jsrun's own helpers: the user's byte budget is for their values.
const INTERNAL_LIMITS: ConversionLimits = ConversionLimits { max_depth: 16, max_bytes: usize::MAX };

/// A helper of jsrun's own that works on JS values directly (no conversion).
pub(crate) type RawFunction =
    dyn for<'e> Fn(&Env<'e>, &Arc<RuntimeState>, &[Local<'e>]) -> Result<Local<'e>, Error> + Send + Sync;

pub(crate) enum Func {
    Host(Arc<dyn HostFunction>),
    Raw(Arc<RawFunction>),
}

pub(crate) struct HostEntry {
    pub(crate) func: Func,
    pub(crate) shared: Weak<RuntimeState>,
    /// jsrun's own helpers (TextEncoder…) take values of any size.
    pub(crate) internal: bool,
}

/// A call of a host function (from the bridge's dispatcher).
///
/// # Safety
/// `data` is the `HostEntry` pointer the function was made with (alive
/// while the function is).
pub(crate) unsafe fn dispatch(data: *mut c_void, env: &Env<'_>, call: &CallInfo<'_>) {
    // SAFETY: see the function's contract.
    let entry = unsafe { &*(data as *const HostEntry) };
    if catch_unwind(AssertUnwindSafe(|| invoke(entry, env, call))).is_err() {
        throw(env, None, HostError::new("Error", "internal error in jsrun (a Rust panic was caught)"));
    }
}

/// Frees an entry whose function V8 collected.
///
/// # Safety
/// `data` is a `HostEntry` made by `RuntimeState::host_function` with `collectable`.
pub(crate) unsafe extern "C" fn free_entry(data: *mut c_void) {
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: the entry was leaked from a Box and is alive until removed
        // from its owner's set; whoever removes it frees it.
        let entry = unsafe { &*(data as *const HostEntry) };
        if let Some(shared) = entry.shared.upgrade() {
            if shared.hosts.forget(data as usize) {
                // SAFETY: we removed it, so we own it.
                drop(unsafe { Box::from_raw(data as *mut HostEntry) });
            }
        }
        // Else the runtime is being dropped and frees the entry itself.
    }));
}

fn invoke(entry: &HostEntry, env: &Env<'_>, call: &CallInfo<'_>) {
    if entry.shared.strong_count() == 0 {
        return throw(env, None, HostError::new("Error", "the runtime is closed"));
    }
    // SAFETY: JS is running in this runtime's isolate, entered by a thread
    // that holds a strong reference to the runtime's state up its stack (every
    // way in takes `&Arc<RuntimeState>`), so the state outlives this call. The
    // copy made here is that reference lent, never dropped: counts unchanged.
    let runtime = std::mem::ManuallyDrop::new(crate::Runtime::from_shared(unsafe {
        Arc::from_raw(std::sync::Weak::as_ptr(&entry.shared))
    }));
    let shared = runtime.shared();
    let func = match &entry.func {
        Func::Host(f) => f,
        Func::Raw(f) => {
            let args: smallvec::SmallVec<[crate::env::Local<'_>; 4]> = call.args(env).collect();
            return match f(env, shared, &args) {
                Ok(v) => call.set_return(v),
                Err(Error::Js(info)) => {
                    // Rethrow what JS threw, as it was.
                    if let Some(exception) = env.last_exception().0 {
                        env.throw(exception);
                    } else {
                        throw(env, Some(shared), HostError::new(info.name.as_deref().unwrap_or("Error"), info.message))
                    }
                }
                Err(Error::Terminated) => {}
                Err(e) => throw(env, Some(shared), HostError::new("Error", e.to_string())),
            };
        }
    };
    let limits = if entry.internal { INTERNAL_LIMITS } else { shared.limits };
    let mut reader = Reader::new(env, Some(shared), limits);
    let mut args = Args::new();
    for arg in call.args(env) {
        match reader.read(arg) {
            Ok(v) => args.push(v),
            Err(Error::Terminated) => return,
            Err(e) => return throw(env, Some(shared), HostError::new("TypeError", e.to_string())),
        }
    }
    match func.call(&runtime, args) {
        HostOutcome::Return(value) => match Writer::new(env, shared, limits).write(&value) {
            Ok(v) => call.set_return(v),
            Err(Error::Terminated) => {}
            Err(e) => throw(env, Some(shared), HostError::new("TypeError", e.to_string())),
        },
        HostOutcome::Throw(error) => throw(env, Some(shared), error),
        HostOutcome::Defer(start) => match shared.new_resolver(env) {
            Ok((id, promise)) => {
                call.set_return(promise);
                start(Settler { id, shared: Arc::downgrade(shared), done: false });
            }
            Err(e) => throw(env, Some(shared), HostError::new("Error", e.to_string())),
        },
    }
}

/// Throws `error` in JS, marking it with its cause so the host gets it back.
pub(crate) fn throw(env: &Env<'_>, shared: Option<&Arc<RuntimeState>>, error: HostError) {
    let Ok(exception) = env.new_error(&error.message, Some(&error.name)) else {
        return;
    };
    if let (Some(shared), Some(cause)) = (shared, error.cause) {
        env.set_error_mark(exception, shared.causes.keep(cause));
    }
    if let Some(code) = error.code {
        if let (Ok(key), Ok(value)) = (env.new_string(&JsString::from("code")), env.new_string(&JsString::from(code))) {
            let _ = env.set(exception, key, value);
        }
    }
    env.throw(exception);
}

/// The value a callback (a lazy global, a polyfill stub) made under
/// `catch_unwind`, or None with the failure thrown in JS: V8 takes an empty
/// result only with an exception pending. `gone`: what to say when the
/// callback found its runtime gone (`Ok(None)`); `what`: for a panic.
pub(crate) fn value_or_throw<'e>(
    env: &Env<'e>,
    made: std::thread::Result<crate::error::Result<Option<crate::env::Local<'e>>>>,
    gone: &str,
    what: &str,
) -> Option<crate::env::Local<'e>> {
    let failed = match made {
        Ok(Ok(Some(value))) => return Some(value),
        Ok(Ok(None)) => HostError::new("Error", gone),
        Ok(Err(e)) => HostError::from_error(&e),
        Err(_) => HostError::panicked(what),
    };
    throw(env, None, failed);
    None
}

/// The entries of a runtime's host functions, by address: leaked boxes that
/// V8's functions point to, freed when V8 collects a collectable function
/// or, for the rest, once the isolate is disposed.
#[derive(Default)]
pub(crate) struct HostRegistry {
    entries: std::sync::Mutex<std::collections::HashSet<usize>>,
}

impl HostRegistry {
    pub(crate) fn insert(&self, entry: *mut HostEntry) {
        crate::state::lock(&self.entries).insert(entry as usize);
    }

    /// True if the entry was still registered (the caller now owns it).
    pub(crate) fn forget(&self, address: usize) -> bool {
        crate::state::lock(&self.entries).remove(&address)
    }

    pub(crate) fn count(&self) -> usize {
        crate::state::lock(&self.entries).len()
    }

    /// Frees every entry (and so the host's callables): only once the
    /// isolate is disposed, when no JS can call them again.
    pub(crate) fn free_all(&self) {
        let entries: Vec<usize> = crate::state::lock(&self.entries).drain().collect();
        for address in entries {
            // SAFETY: every address in the set is a leaked Box<HostEntry>
            // that no weak callback freed (those remove themselves first),
            // and the isolate that could call it is gone.
            drop(unsafe { Box::from_raw(address as *mut HostEntry) });
        }
    }
}

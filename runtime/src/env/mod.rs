//! The safe layer over the bridge. An [`Env`] exists only inside
//! `Isolate::enter`, on the thread holding the isolate's Locker, so every
//! method may call the bridge; [`Local`]s borrow the Env and cannot outlive
//! the handle scope they live in. Outside this folder, `isolate.rs` and
//! `ffi.rs`, no module names `ffi::` (a test checks): V8's callbacks come in
//! through trampolines here (`hooks.rs`), and owners of raw bridge objects
//! (the snapshot creator, a Wasm memory's backing store, V8's inspector) live
//! here too.
use std::ffi::c_int;
use std::marker::PhantomData;
use std::ptr::NonNull;

use crate::error::{Error, Result};
use crate::ffi;

mod call;
pub(crate) use call::Message;
mod code;
mod creator;
mod hooks;
mod inspect;
#[cfg(feature = "inspector")]
mod inspector;
mod make;
mod wasm;

use crate::value::{ErrorInfo, Text};
pub(crate) use code::{Module, ModuleHooks, UnboundScript};
pub(crate) use creator::Creator;
pub use creator::SnapshotStopper;
pub(crate) use hooks::{init_platform, v8_version};
#[cfg(feature = "inspector")]
pub(crate) use inspector::{InspectorClient, V8Inspector};
pub(crate) use wasm::Backing;

/// What a handle refers to when it is not any JS value (the default).
pub enum Any {}

/// A V8 handle, valid while its [`Env`] is. `T` says what it refers to when
/// that is narrower than a JS value ([`Module`], [`UnboundScript`]), so the
/// bridge calls that need one cannot be given another.
#[repr(transparent)]
pub struct Local<'e, T = Any>(NonNull<ffi::jsr_value_s>, Scoped<'e, T>);

/// A `Local`'s scope and what it refers to.
type Scoped<'e, T> = PhantomData<(&'e (), fn() -> T)>;

impl<T> Clone for Local<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Local<'_, T> {}

impl<'e, T> Local<'e, T> {
    pub(crate) fn raw(self) -> ffi::jsr_value {
        self.0.as_ptr()
    }
}

/// A V8 `Global<Value>` (`jsr_global` in the bridge): a handle that outlives
/// scopes, owned by whoever holds this and freed by `Env::free_global` (or
/// with the isolate). Moved between threads freely; only dereferenced inside
/// the isolate, through `Env::global_value`.
pub(crate) struct Global<T = Any>(*mut ffi::jsr_global, PhantomData<fn() -> T>);

// SAFETY: the pointer is only dereferenced inside `enter`, under V8's Locker.
unsafe impl<T> Send for Global<T> {}
// SAFETY: as above.
unsafe impl<T> Sync for Global<T> {}

/// The isolate and context of the current `enter` call.
pub struct Env<'e> {
    raw: *mut ffi::jsr_env,
    /// The exception and message last turned into an error (for the inspector).
    last_exception: std::cell::Cell<(ffi::jsr_value, ffi::jsr_value)>,
    _scope: PhantomData<&'e mut ()>,
}

/// What `Env::kind` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Undefined,
    Null,
    True,
    False,
    Int32,
    Number,
    BigInt,
    String,
    Symbol,
    Function,
    Array,
    ArrayBuffer,
    SharedArrayBuffer,
    TypedArray,
    DataView,
    Date,
    Map,
    Set,
    Promise,
    Error,
    RegExp,
    Proxy,
    BoxedPrimitive,
    Weak,
    WasmModule,
    Object,
    /// An ES module's namespace object.
    ModuleNamespace,
    Other,
}

/// Memory figures of an isolate.
#[derive(Debug, Clone, Copy, Default)]
pub struct HeapStats {
    pub total_heap_bytes: usize,
    pub used_heap_bytes: usize,
    pub heap_limit_bytes: usize,
    /// Memory V8 knows is held outside its heap (ArrayBuffers, Wasm memories).
    pub external_bytes: usize,
    /// ArrayBuffer memory handed out by our allocator (counted against the budget).
    pub array_buffer_bytes: usize,
    /// Heap memory V8 has committed (physically backed).
    pub physical_heap_bytes: usize,
}

/// A promise rejection taken from the queue (see `Env::take_rejection`).
pub(crate) enum Rejection<'e> {
    /// Rejected with no handler and still without one: the promise and its reason.
    Unhandled(Local<'e>, Local<'e>),
    /// Given a handler after its rejection was queued.
    HandledLater(Local<'e>),
}

/// State of a promise.
pub enum PromiseState<'e> {
    Pending,
    Fulfilled(Local<'e>),
    Rejected(Local<'e>),
}

impl<'e> Env<'e> {
    /// # Safety
    /// `raw` must be the env passed to a `jsr_enter_fn` that is still running
    /// on this thread, and the Env must not outlive that call.
    pub(crate) unsafe fn from_raw(raw: *mut ffi::jsr_env) -> Self {
        Env {
            raw,
            last_exception: std::cell::Cell::new((std::ptr::null_mut(), std::ptr::null_mut())),
            _scope: PhantomData,
        }
    }

    pub(crate) fn local(&self, v: ffi::jsr_value) -> Option<Local<'e>> {
        NonNull::new(v).map(|p| Local(p, PhantomData))
    }

    /// A handle the bridge says refers to a `T`.
    fn local_as<T>(&self, v: ffi::jsr_value) -> Option<Local<'e, T>> {
        NonNull::new(v).map(|p| Local(p, PhantomData))
    }

    /// Turns a bridge status into a Result, collecting the pending exception.
    pub(crate) fn check(&self, status: c_int) -> Result<()> {
        match status {
            ffi::JSR_OK => Ok(()),
            ffi::JSR_TERMINATED => Err(Error::Terminated),
            _ => Err(Error::Js(Box::new(self.take_exception()))),
        }
    }

    fn take_exception(&self) -> ErrorInfo {
        let mut exception = std::ptr::null_mut();
        let mut message = std::ptr::null_mut();
        // SAFETY: inside enter (type invariant); out-pointers are valid.
        unsafe { ffi::jsr_env_take_exception(self.raw, &mut exception, &mut message) };
        self.last_exception.set((exception, message));
        crate::exception::describe(self, self.local(exception), self.local(message))
    }

    /// The exception last turned into an error, and its message.
    pub(crate) fn last_exception(&self) -> (Option<Local<'e>>, Option<Local<'e>>) {
        let (exception, message) = self.last_exception.get();
        (self.local(exception), self.local(message))
    }

    pub fn global(&self) -> Local<'e> {
        // SAFETY: inside enter; the global object always exists.
        self.local(unsafe { ffi::jsr_env_global(self.raw) }).unwrap_or_else(|| self.undefined())
    }

    /// Heap and external memory figures.
    pub fn heap_stats(&self) -> HeapStats {
        let mut raw = ffi::jsr_heap_stats::default();
        // SAFETY: inside enter; raw is a valid out-pointer.
        unsafe { ffi::jsr_env_heap_stats(self.raw, &mut raw) };
        HeapStats {
            total_heap_bytes: raw.total_heap_bytes,
            used_heap_bytes: raw.used_heap_bytes,
            heap_limit_bytes: raw.heap_limit_bytes,
            external_bytes: raw.external_bytes,
            array_buffer_bytes: raw.array_buffer_bytes,
            physical_heap_bytes: raw.physical_heap_bytes,
        }
    }

    /// Bytes held outside the V8 heap (ArrayBuffers, Wasm memories).
    pub(crate) fn external_memory(&self) -> usize {
        // SAFETY: inside enter.
        usize::try_from(unsafe { ffi::jsr_env_external_memory(self.raw) }).unwrap_or(0)
    }

    /// A full garbage collection.
    pub fn collect_garbage(&self) {
        // SAFETY: inside enter.
        unsafe { ffi::jsr_env_collect_garbage(self.raw) }
    }

    /// The value promise jobs carry from where their reaction was made
    /// (V8's continuation-preserved embedder data; undefined at first).
    pub(crate) fn async_context(&self) -> Local<'e> {
        // SAFETY: inside enter.
        self.local(unsafe { ffi::jsr_env_async_context(self.raw) }).unwrap_or_else(|| self.undefined())
    }

    pub(crate) fn set_async_context(&self, value: Local<'e>) {
        // SAFETY: inside enter; a live handle.
        unsafe { ffi::jsr_env_set_async_context(self.raw, value.raw()) }
    }

    /// Runs due platform tasks and then microtasks.
    pub fn pump(&self) -> Result<()> {
        // SAFETY: inside enter.
        self.check(unsafe { ffi::jsr_env_pump(self.raw) })
    }

    /// V8 works in the background on something that will post a task here.
    pub(crate) fn has_pending_background_tasks(&self) -> bool {
        // SAFETY: inside enter.
        unsafe { ffi::jsr_env_has_background_work(self.raw) != 0 }
    }

    /// A microtask checkpoint (Node's ticks first, once a drain is set).
    pub fn run_microtasks(&self) -> Result<()> {
        // SAFETY: inside enter.
        self.check(unsafe { ffi::jsr_env_run_microtasks(self.raw) })
    }

    /// `drain` runs the queued `process.nextTick` callbacks at each
    /// checkpoint; `flags` (an ArrayBuffer of 2 bytes or more) is shared
    /// with the bridge: [0] ticks are queued, [1] a termination dropped them.
    pub(crate) fn set_tick_drain(&self, drain: Local<'e>, flags: Local<'e>) {
        // SAFETY: inside enter; live handles (anything else is ignored).
        unsafe { ffi::jsr_env_set_tick_drain(self.raw, drain.raw(), flags.raw()) }
    }

    pub(crate) fn set_stack_limit(&self, limit: usize) {
        // SAFETY: inside enter.
        unsafe { ffi::jsr_env_set_stack_limit(self.raw, limit) }
    }

    pub(crate) fn cancel_terminate(&self) {
        // SAFETY: inside enter.
        unsafe { ffi::jsr_env_cancel_terminate(self.raw) }
    }

    /// Compiles and runs a classic script; `None` names it `<eval>`.
    pub fn run_script(&self, source: Text<'_>, name: Option<&str>) -> Result<Local<'e>> {
        let (ptr, len, two_byte): (*const std::ffi::c_void, usize, c_int) = match source {
            Text::Utf8(s) => (s.as_ptr().cast(), s.len(), 0),
            Text::Utf16(u) => (u.as_ptr().cast(), u.len(), 1),
        };
        if len > i32::MAX as usize || name.is_some_and(|n| n.len() > i32::MAX as usize) {
            return Err(Error::Conversion("source text is too long".into()));
        }
        let (name_ptr, name_len) = name.map_or((std::ptr::null(), 0), |n| (n.as_ptr().cast(), n.len()));
        let mut out = std::ptr::null_mut();
        // SAFETY: inside enter; buffers outlive the call; lengths checked above.
        let status = unsafe { ffi::jsr_script_run(self.raw, ptr, len, two_byte, name_ptr, name_len, &mut out) };
        self.check(status)?;
        self.local(out).ok_or_else(|| Error::Internal("script produced no value".into()))
    }

    /// node:vm's new context, its global forwarding to `sandbox` (an
    /// object), named `name` in the inspector; the first read of a global
    /// named in `lazy` calls `filler(global)`. Returns its global proxy.
    pub(crate) fn vm_context_new(
        &self,
        sandbox: Local<'e>,
        strings: bool,
        name: &str,
        lazy: Option<(Local<'e>, Local<'e>)>,
    ) -> Result<Local<'e>> {
        let (lazy, filler) = lazy.map_or((std::ptr::null_mut(), std::ptr::null_mut()), |(l, f)| (l.raw(), f.raw()));
        let mut out = std::ptr::null_mut();
        // SAFETY: inside enter; the handles are live in this scope; `name` outlives the call.
        let status = unsafe {
            ffi::jsr_vm_context_new(
                self.raw,
                sandbox.raw(),
                c_int::from(strings),
                name.as_ptr().cast(),
                name.len(),
                lazy,
                filler,
                &mut out,
            )
        };
        self.check(status)?;
        self.local(out).ok_or_else(|| Error::Internal("no vm context".into()))
    }

    /// Runs a classic script in the vm context whose global proxy is `global`.
    pub(crate) fn vm_run(&self, global: Local<'e>, source: &str, name: &str) -> Result<Local<'e>> {
        if source.len() > i32::MAX as usize || name.len() > i32::MAX as usize {
            return Err(Error::Conversion("source text is too long".into()));
        }
        let mut out = std::ptr::null_mut();
        // SAFETY: inside enter; buffers outlive the call; lengths checked above.
        let status = unsafe {
            ffi::jsr_vm_run(
                self.raw,
                global.raw(),
                source.as_ptr().cast(),
                source.len(),
                name.as_ptr().cast(),
                name.len(),
                &mut out,
            )
        };
        self.check(status)?;
        self.local(out).ok_or_else(|| Error::Internal("script produced no value".into()))
    }

    /// As `run_script` for jsrun's own scripts, consuming V8 code cache
    /// `cache` (made by this function earlier in the process); returns the
    /// value and, when it had no usable cache, a new one.
    pub(crate) fn run_script_cached(
        &self,
        source: &str,
        name: &str,
        cache: Option<&[u8]>,
    ) -> Result<(Local<'e>, Option<Vec<u8>>)> {
        if source.len() > i32::MAX as usize || name.len() > i32::MAX as usize {
            return Err(Error::Conversion("source text is too long".into()));
        }
        let (cache_ptr, cache_len) = cache.map_or((std::ptr::null(), 0), |c| (c.as_ptr().cast(), c.len()));
        let mut out = std::ptr::null_mut();
        let mut produced: *const std::ffi::c_char = std::ptr::null();
        let mut produced_len = 0;
        // SAFETY: inside enter; all buffers outlive the call; lengths checked above.
        let status = unsafe {
            ffi::jsr_script_run_cached(
                self.raw,
                source.as_ptr().cast(),
                source.len(),
                name.as_ptr().cast(),
                name.len(),
                cache_ptr,
                cache_len,
                &mut out,
                &mut produced,
                &mut produced_len,
            )
        };
        // SAFETY: the bridge made it (or NULL), ours to free.
        let made = unsafe { take_blob(produced, produced_len) };
        self.check(status)?;
        let value = self.local(out).ok_or_else(|| Error::Internal("script produced no value".into()))?;
        Ok((value, made))
    }

    /// Compiles `source` as the body of a function of `params`, named `name`
    /// (a CommonJS module's wrapper), consuming `cache` (from
    /// `function_code_cache`, earlier in this process); also whether no cache
    /// was used, so that one is worth making after the function ran.
    pub(crate) fn compile_function(
        &self,
        source: &str,
        name: &str,
        params: &[&str],
        cache: Option<&[u8]>,
    ) -> Result<(Local<'e>, bool)> {
        if source.len() > i32::MAX as usize || name.len() > i32::MAX as usize {
            return Err(Error::Conversion("source text is too long".into()));
        }
        let pointers: Vec<*const std::ffi::c_char> = params.iter().map(|p| p.as_ptr().cast()).collect();
        let lengths: Vec<usize> = params.iter().map(|p| p.len()).collect();
        let (cache_ptr, cache_len) = cache.map_or((std::ptr::null(), 0), |c| (c.as_ptr().cast(), c.len()));
        let mut out = std::ptr::null_mut();
        let mut rejected: c_int = 1;
        // SAFETY: inside enter; all buffers outlive the call; lengths checked above.
        let status = unsafe {
            ffi::jsr_function_compile(
                self.raw,
                source.as_ptr().cast(),
                source.len(),
                name.as_ptr().cast(),
                name.len(),
                pointers.as_ptr(),
                lengths.as_ptr(),
                pointers.len(),
                cache_ptr,
                cache_len,
                &mut out,
                &mut rejected,
            )
        };
        self.check(status)?;
        let function = self.local(out).ok_or_else(|| Error::Internal("compiling gave no function".into()))?;
        Ok((function, rejected != 0))
    }

    /// The code cache of a function `compile_function` made, with what of
    /// it has been compiled so far.
    pub(crate) fn function_code_cache(&self, function: Local<'e>) -> Option<Vec<u8>> {
        let mut produced: *const std::ffi::c_char = std::ptr::null();
        let mut produced_len = 0;
        // SAFETY: inside enter; `function` came from compile_function.
        unsafe { ffi::jsr_function_code_cache(self.raw, function.raw(), &mut produced, &mut produced_len) };
        // SAFETY: the bridge made it (or NULL), ours to free.
        unsafe { take_blob(produced, produced_len) }
    }
}

/// The bytes of a buffer the bridge made (or None for NULL), then freed.
///
/// # Safety
/// `produced` is NULL or `produced_len` bytes the bridge allocated for the
/// caller, not freed yet.
pub(crate) unsafe fn take_blob(produced: *const std::ffi::c_char, produced_len: usize) -> Option<Vec<u8>> {
    if produced.is_null() {
        return None;
    }
    // SAFETY: see the function's contract.
    let bytes = unsafe { std::slice::from_raw_parts(produced.cast::<u8>(), produced_len) }.to_vec();
    // SAFETY: as above; freed once.
    unsafe { ffi::jsr_blob_free(produced) };
    Some(bytes)
}

/// The arguments of a host function call.
pub(crate) struct CallInfo<'e> {
    raw: *const ffi::jsr_call,
    _scope: PhantomData<&'e ()>,
}

impl<'e> CallInfo<'e> {
    /// # Safety
    /// `raw` is the call passed to the host dispatcher, still running.
    pub(crate) unsafe fn from_raw(raw: *const ffi::jsr_call) -> Self {
        CallInfo { raw, _scope: PhantomData }
    }

    pub(crate) fn args<'c>(&'c self, env: &'c Env<'e>) -> impl Iterator<Item = Local<'e>> + 'c {
        // SAFETY: the call is live; indexes are below argc.
        let argc = unsafe { ffi::jsr_call_argc(self.raw) };
        (0..argc).filter_map(move |i| env.local(unsafe { ffi::jsr_call_arg(self.raw, i) }))
    }

    pub(crate) fn set_return(&self, value: Local<'e>) {
        // SAFETY: the call is live.
        unsafe { ffi::jsr_call_return(self.raw, value.raw()) }
    }
}

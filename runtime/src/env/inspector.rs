//! V8's inspector through the bridge (owned by its isolate, which frees it),
//! and the trampolines through which it calls its client.
use std::ffi::{c_int, c_void, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use super::{Env, Local};
use crate::ffi;

/// What V8's inspector calls back, on the thread inside the isolate.
pub(crate) trait InspectorClient: Send + Sync + 'static {
    /// JS paused: serve messages until resumed (V8 waits inside this call).
    fn on_pause(&self);
    fn on_resume(&self);
    /// A client sent `Runtime.runIfWaitingForDebugger`.
    fn on_run(&self);
    /// A message for client `session`.
    fn on_message(&self, session: u64, text: String);
}

pub(crate) struct V8Inspector(*mut ffi::jsr_inspector);

// SAFETY: used only by the thread holding the isolate's Locker (the
// methods' contracts); the isolate frees it.
unsafe impl Send for V8Inspector {}
// SAFETY: as above.
unsafe impl Sync for V8Inspector {}

impl V8Inspector {
    /// V8's inspector for this isolate, calling back `client`.
    ///
    /// # Safety
    /// `client` must stay alive until the isolate is disposed.
    pub(crate) unsafe fn new<C: InspectorClient>(env: &Env<'_>, client: *const C, name: &str) -> Option<V8Inspector> {
        let callbacks = ffi::jsr_inspector_callbacks {
            data: client as *mut c_void,
            on_pause: on_pause::<C>,
            on_resume: on_resume::<C>,
            on_run: on_run::<C>,
            on_message: on_message::<C>,
        };
        let name = CString::new(name.replace('\0', " ")).unwrap_or_default();
        // SAFETY: inside enter; the caller vouches for `client`.
        let raw = unsafe { ffi::jsr_inspector_new(env.raw, &callbacks, name.as_ptr()) };
        (!raw.is_null()).then_some(V8Inspector(raw))
    }

    /// # Safety
    /// On the thread holding the isolate's Locker (as for the three below).
    pub(crate) unsafe fn connect(&self, session: u64) {
        // SAFETY: the contract.
        unsafe { ffi::jsr_inspector_connect(self.0, session) }
    }

    /// # Safety
    /// As for `connect`.
    pub(crate) unsafe fn disconnect(&self, session: u64) {
        // SAFETY: the contract.
        unsafe { ffi::jsr_inspector_disconnect(self.0, session) }
    }

    /// # Safety
    /// As for `connect`.
    pub(crate) unsafe fn dispatch(&self, session: u64, message: &str) {
        // SAFETY: the contract; the message outlives the call.
        unsafe { ffi::jsr_inspector_dispatch(self.0, session, message.as_ptr().cast(), message.len()) }
    }

    /// # Safety
    /// As for `connect`.
    pub(crate) unsafe fn pause_on_next_statement(&self, reason: &CStr) {
        // SAFETY: the contract.
        unsafe { ffi::jsr_inspector_pause_on_next_statement(self.0, reason.as_ptr()) }
    }

    /// Shows an uncaught `exception` in the DevTools console; for a
    /// rejection, `promise` keeps the report's id for `exception_revoked`.
    pub(crate) fn exception_thrown<'e>(
        &self,
        env: &Env<'e>,
        exception: Local<'e>,
        message: Option<Local<'e>>,
        promise: Option<Local<'e>>,
    ) {
        let message = message.map_or(std::ptr::null_mut(), |m| m.raw());
        let promise = promise.map_or(std::ptr::null_mut(), |p| p.raw());
        // SAFETY: inside enter; the values belong to this env's scope.
        unsafe { ffi::jsr_inspector_exception_thrown(env.raw, self.0, exception.raw(), message, promise) }
    }

    /// Takes back the report of `promise`'s rejection (it got a handler), if there was one.
    pub(crate) fn exception_revoked<'e>(&self, env: &Env<'e>, promise: Local<'e>) {
        // SAFETY: inside enter; the value belongs to this env's scope.
        unsafe { ffi::jsr_inspector_exception_revoked(env.raw, self.0, promise.raw()) }
    }
}

// Every trampoline runs its client under catch_unwind: a panic must not
// unwind into V8. `data` is the client given to `V8Inspector::new`, alive
// while V8 calls back (its contract).

unsafe extern "C" fn on_pause<C: InspectorClient>(data: *mut c_void) {
    // SAFETY: see above.
    let client = unsafe { &*(data as *const C) };
    let _ = catch_unwind(AssertUnwindSafe(|| client.on_pause()));
}

unsafe extern "C" fn on_resume<C: InspectorClient>(data: *mut c_void) {
    // SAFETY: see above.
    let client = unsafe { &*(data as *const C) };
    let _ = catch_unwind(AssertUnwindSafe(|| client.on_resume()));
}

unsafe extern "C" fn on_run<C: InspectorClient>(data: *mut c_void) {
    // SAFETY: see above.
    let client = unsafe { &*(data as *const C) };
    let _ = catch_unwind(AssertUnwindSafe(|| client.on_run()));
}

unsafe extern "C" fn on_message<C: InspectorClient>(
    data: *mut c_void,
    session: u64,
    chars: *const c_void,
    len: usize,
    two_byte: c_int,
) {
    // SAFETY: see above.
    let client = unsafe { &*(data as *const C) };
    let text = if two_byte != 0 {
        // SAFETY: the bridge's contract: `chars` holds `len` 16-bit units.
        let units = unsafe { std::slice::from_raw_parts(chars.cast::<u16>(), len) };
        catch_unwind(|| String::from_utf16_lossy(units))
    } else {
        // SAFETY: the bridge's contract: `chars` holds `len` bytes (V8's 8-bit strings are Latin-1).
        let bytes = unsafe { std::slice::from_raw_parts(chars.cast::<u8>(), len) };
        catch_unwind(|| bytes.iter().map(|&b| b as char).collect::<String>())
    };
    if let Ok(text) = text {
        let _ = catch_unwind(AssertUnwindSafe(|| client.on_message(session, text)));
    }
}

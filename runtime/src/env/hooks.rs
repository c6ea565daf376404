//! The process-wide entry points into the bridge: V8's start-up and the
//! trampolines through which it calls host functions, lazy globals and stubs.
use std::ffi::{c_void, CStr};

use super::{CallInfo, Env, ModuleHooks};
use crate::ffi;

/// Starts V8 with `flags` and registers the callbacks. Call once per process.
pub(crate) fn init_platform(flags: &CStr, modules: ModuleHooks) {
    // SAFETY: the bridge initialises V8 once (call_once); `flags` is a C string.
    unsafe { ffi::jsr_platform_init(flags.as_ptr(), on_host_call, on_lazy_global, on_stub) };
    super::code::init_modules(modules);
}

/// The version of the V8 library jsrun runs on, e.g. "10.2.154.26-node.36".
pub(crate) fn v8_version() -> String {
    // SAFETY: V8 returns a static NUL-terminated string; no initialisation needed.
    unsafe { CStr::from_ptr(ffi::jsr_platform_version()) }.to_string_lossy().into_owned()
}

/// # Safety
/// Called by the bridge with the data a host function was made with, and a
/// live env and call.
unsafe extern "C" fn on_host_call(data: *mut c_void, env: *mut ffi::jsr_env, call: *const ffi::jsr_call) {
    // SAFETY: see above.
    let (env, call) = unsafe { (Env::from_raw(env), CallInfo::from_raw(call)) };
    // SAFETY: `data` is what `new_host_function` was given (the contract of `host::dispatch`).
    unsafe { crate::host::dispatch(data, &env, &call) }
}

/// # Safety
/// Called by the bridge with the data a lazy global was defined with, a live
/// env and the property's name.
unsafe extern "C" fn on_lazy_global(data: *mut c_void, env: *mut ffi::jsr_env, name: ffi::jsr_value) -> ffi::jsr_value {
    // SAFETY: see above.
    let env = unsafe { Env::from_raw(env) };
    let name = env.local(name);
    // SAFETY: `data` is what `define_lazy` was given (the contract of `lazy::dispatch`).
    match unsafe { crate::lazy::dispatch(data, &env, name) } {
        Some(value) => value.raw(),
        None => std::ptr::null_mut(), // with an exception pending (lazy::dispatch throws)
    }
}

/// # Safety
/// Called by the bridge with the data a stub was defined with, a live env,
/// the property's name, the object it was reached through and, for a
/// write, the value written.
unsafe extern "C" fn on_stub(
    data: *mut c_void,
    env: *mut ffi::jsr_env,
    name: ffi::jsr_value,
    receiver: ffi::jsr_value,
    value: ffi::jsr_value,
) -> ffi::jsr_value {
    // SAFETY: see above.
    let env = unsafe { Env::from_raw(env) };
    let (name, receiver, value) = (env.local(name), env.local(receiver), env.local(value));
    // SAFETY: `data` is what `define_stub` was given (the contract of `polyfills::dispatch`).
    match unsafe { crate::polyfills::dispatch(data, &env, name, receiver, value) } {
        Some(value) => value.raw(),
        None => std::ptr::null_mut(), // with an exception pending (polyfills::dispatch throws)
    }
}

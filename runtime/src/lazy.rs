//! Globals installed on first use (`v8::Object::SetLazyDataProperty`): a
//! runtime that never touches `setTimeout` or `TextEncoder` never compiles
//! their scripts, which keeps `Runtime()` fast.
use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Weak};

use crate::env::{Env, Local};
use crate::error::Result;
use crate::state::{lock, RuntimeState};
use crate::value::JsString;

/// Makes (once) and returns the object holding a group's globals. It must
/// not define the globals itself: V8 replaces the lazy property with the
/// returned value, and aborts if it changed meanwhile.
pub(crate) type Installer = for<'e> fn(&Env<'e>, &Arc<RuntimeState>) -> Result<Local<'e>>;

/// An installer that carries data of its own (see `define_with`).
pub(crate) type BoxedInstaller = Box<dyn for<'e> Fn(&Env<'e>, &Arc<RuntimeState>) -> Result<Local<'e>> + Send + Sync>;

pub(crate) struct LazyEntry {
    install: BoxedInstaller,
    shared: Weak<RuntimeState>,
}

/// Makes each of `names` a global that runs `install` when first read.
pub(crate) fn define(env: &Env<'_>, shared: &Arc<RuntimeState>, names: &[&str], install: Installer) -> Result<()> {
    define_with(env, shared, names, false, Box::new(install))
}

/// As `define`, for an installer with data; `read_only` globals cannot be
/// replaced or deleted by JS once made.
pub(crate) fn define_with(
    env: &Env<'_>,
    shared: &Arc<RuntimeState>,
    names: &[&str],
    read_only: bool,
    install: BoxedInstaller,
) -> Result<()> {
    define_on(env, shared, env.global(), names, read_only, install)
}

/// As `define_with`, for properties of `target` rather than globals.
pub(crate) fn define_on<'e>(
    env: &Env<'e>,
    shared: &Arc<RuntimeState>,
    target: Local<'e>,
    names: &[&str],
    read_only: bool,
    install: BoxedInstaller,
) -> Result<()> {
    let entry = Box::new(LazyEntry { install, shared: Arc::downgrade(shared) });
    let data = &*entry as *const LazyEntry as *mut c_void;
    lock(&shared.helpers.lazies).push(entry);
    for name in names {
        let key = env.new_string(&JsString::from(*name))?;
        env.define_lazy(target, key, data, read_only)?;
    }
    Ok(())
}

/// The first read of a lazy global: installs its group and returns its
/// value, or None with an exception thrown.
///
/// # Safety
/// `data` is a `LazyEntry` pointer given to `define_lazy` (alive until the
/// runtime's state is dropped, after its isolate).
pub(crate) unsafe fn dispatch<'e>(data: *mut c_void, env: &Env<'e>, name: Option<Local<'e>>) -> Option<Local<'e>> {
    // SAFETY: see the function's contract.
    let entry = unsafe { &*(data as *const LazyEntry) };
    let made = catch_unwind(AssertUnwindSafe(|| -> Result<Option<Local<'e>>> {
        let (Some(shared), Some(name)) = (entry.shared.upgrade(), name) else { return Ok(None) };
        let group = (entry.install)(env, &shared)?;
        env.get(group, name).map(Some)
    }));
    crate::host::value_or_throw(env, made, "the runtime behind this global is gone", "lazy globals")
}

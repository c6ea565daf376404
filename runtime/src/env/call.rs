//! Functions, promise resolvers, persistent handles and error marks.
use std::ffi::c_int;

use std::marker::PhantomData;

use super::{Env, Global, Local};
use crate::error::{Error, Result};
use crate::ffi;
use crate::value::JsString;

/// A value written by `Env::write_message`, to be read once by any isolate.
pub(crate) struct Message(std::ptr::NonNull<ffi::jsr_message>);

// SAFETY: the bridge's message owns plain bytes, shared_ptrs to backing
// stores and compiled modules, all safe to hand between threads.
unsafe impl Send for Message {}

impl Message {
    /// Bytes it holds of its own (shared memory and modules aside).
    pub(crate) fn size(&self) -> usize {
        // SAFETY: made by jsr_message_write, not yet freed.
        unsafe { ffi::jsr_message_size(self.0.as_ptr()) }
    }
}

impl Drop for Message {
    fn drop(&mut self) {
        // SAFETY: made by jsr_message_write, freed once.
        unsafe { ffi::jsr_message_free(self.0.as_ptr()) }
    }
}

impl<'e> Env<'e> {
    /// A JS function that calls the host dispatcher with `data`.
    pub(crate) fn new_host_function(&self, data: *mut std::ffi::c_void, name: Option<&JsString>) -> Result<Local<'e>> {
        let name = match name {
            Some(n) => self.new_string(n)?.raw(),
            None => std::ptr::null_mut(),
        };
        // SAFETY: inside enter; `data` is only passed back to our dispatcher.
        self.made(unsafe { ffi::jsr_function_new(self.raw, data, name) }, "function")
    }

    /// Calls `free(data)` once V8 has collected `f`.
    pub(crate) fn free_on_collect(&self, f: Local<'e>, data: *mut std::ffi::c_void, free: ffi::jsr_free_fn) {
        // SAFETY: inside enter; f is a function.
        unsafe { ffi::jsr_function_free_on_collect(self.raw, f.raw(), data, free) }
    }

    /// A structured clone of `value`, moving the ArrayBuffers of the array
    /// `transfer`, platform objects written and read by `hooks` (see
    /// `jsr_structured_clone`).
    pub(crate) fn structured_clone(
        &self,
        value: Local<'e>,
        transfer: Option<Local<'e>>,
        hooks: Option<Local<'e>>,
    ) -> Result<Local<'e>> {
        let mut out = std::ptr::null_mut();
        let transfer = transfer.map_or(std::ptr::null_mut(), |t| t.raw());
        let hooks = hooks.map_or(std::ptr::null_mut(), |h| h.raw());
        // SAFETY: inside enter; `transfer` is an array or null (checked by the caller).
        let status = unsafe { ffi::jsr_structured_clone(self.raw, value.raw(), transfer, hooks, &mut out) };
        self.check(status)?;
        self.returned(out, "clone")
    }

    /// `value` written for another isolate (or this one) to read: as
    /// `structured_clone`, in two steps (see `jsr_message_write`).
    pub(crate) fn write_message(
        &self,
        value: Local<'e>,
        transfer: Option<Local<'e>>,
        hooks: Option<Local<'e>>,
    ) -> Result<Message> {
        let mut out = std::ptr::null_mut();
        let transfer = transfer.map_or(std::ptr::null_mut(), |t| t.raw());
        let hooks = hooks.map_or(std::ptr::null_mut(), |h| h.raw());
        // SAFETY: inside enter; `transfer` is an array or null (checked by the caller).
        let status = unsafe { ffi::jsr_message_write(self.raw, value.raw(), transfer, hooks, &mut out) };
        self.check(status)?;
        std::ptr::NonNull::new(out).map(Message).ok_or_else(|| Error::Internal("no message written".into()))
    }

    /// The value `message` holds, made in this isolate.
    pub(crate) fn read_message(&self, message: Message, hooks: Option<Local<'e>>) -> Result<Local<'e>> {
        let mut out = std::ptr::null_mut();
        let hooks = hooks.map_or(std::ptr::null_mut(), |h| h.raw());
        // SAFETY: inside enter; the message is read once (it is consumed here).
        let status = unsafe { ffi::jsr_message_read(self.raw, message.0.as_ptr(), hooks, &mut out) };
        self.check(status)?;
        self.returned(out, "message")
    }

    /// The constructor of platform objects (see `jsr_platform_object_base`).
    pub(crate) fn platform_object_base(&self) -> Result<Local<'e>> {
        let mut out = std::ptr::null_mut();
        // SAFETY: inside enter.
        let status = unsafe { ffi::jsr_platform_object_base(self.raw, &mut out) };
        self.check(status)?;
        self.returned(out, "platform object base")
    }

    /// `f.call(this, ...args)`; `f` must be a function.
    pub fn call_function(&self, f: Local<'e>, this: Option<Local<'e>>, args: &[Local<'e>]) -> Result<Local<'e>> {
        let argc = c_int::try_from(args.len()).map_err(|_| Error::Conversion("too many arguments".into()))?;
        let recv = this.map_or(std::ptr::null_mut(), |t| t.raw());
        let mut out = std::ptr::null_mut();
        // SAFETY: inside enter; `Local` is repr(transparent) over the handle
        // pointer, so the slice is an array of jsr_value.
        let status = unsafe {
            ffi::jsr_function_call(self.raw, f.raw(), recv, argc, args.as_ptr().cast::<ffi::jsr_value>(), &mut out)
        };
        self.check(status)?;
        self.returned(out, "call's result")
    }

    pub(crate) fn new_resolver(&self) -> Result<Local<'e>> {
        // SAFETY: inside enter.
        self.made(unsafe { ffi::jsr_resolver_new(self.raw) }, "promise")
    }

    pub(crate) fn resolver_promise(&self, resolver: Local<'e>) -> Local<'e> {
        // SAFETY: resolver came from new_resolver.
        self.local(unsafe { ffi::jsr_resolver_promise(resolver.raw()) }).unwrap_or(resolver)
    }

    pub(crate) fn settle_resolver(&self, resolver: Local<'e>, value: Local<'e>, reject: bool) -> Result<()> {
        // SAFETY: inside enter; resolver came from new_resolver.
        self.check(unsafe { ffi::jsr_resolver_settle(self.raw, resolver.raw(), value.raw(), c_int::from(reject)) })
    }

    /// The next queued promise rejection (see `crate::rejections`).
    pub(crate) fn take_rejection(&self) -> Option<super::Rejection<'e>> {
        let (mut promise, mut reason) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: inside enter; the bridge fills both handles in this scope.
        let kind = unsafe { ffi::jsr_env_take_rejection(self.raw, &mut promise, &mut reason) };
        let promise = self.local(promise)?;
        match kind {
            1 => Some(super::Rejection::Unhandled(promise, self.local(reason)?)),
            2 => Some(super::Rejection::HandledLater(promise)),
            _ => None,
        }
    }

    /// The end of a task: marks `result` handled if it is a promise (its
    /// rejection is the caller's); true if rejections are queued.
    pub(crate) fn end_task(&self, result: Option<Local<'e>>) -> bool {
        let result = result.map_or(std::ptr::null_mut(), |r| r.raw());
        // SAFETY: inside enter; a live handle or null.
        unsafe { ffi::jsr_env_end_task(self.raw, result) != 0 }
    }

    /// A persistent handle to `v`; free it with `free_global` inside an enter call.
    pub(crate) fn new_global<T>(&self, v: Local<'e, T>) -> Global<T> {
        // SAFETY: inside enter.
        Global(unsafe { ffi::jsr_global_new(self.raw, v.raw()) }, PhantomData)
    }

    /// # Safety
    /// `g` must be a live handle of this isolate.
    pub(crate) unsafe fn global_value<T>(&self, g: &Global<T>) -> Local<'e, T> {
        // SAFETY: per the contract.
        let v = unsafe { ffi::jsr_global_get(self.raw, g.0) };
        // A live Global is never empty: V8 would hand back a dangling handle.
        self.local_as(v).unwrap_or_else(|| std::process::abort())
    }

    /// # Safety
    /// `g` must be a handle of this isolate.
    pub(crate) unsafe fn free_global<T>(&self, g: Global<T>) {
        // SAFETY: per the contract; we are inside enter.
        unsafe { ffi::jsr_global_free(g.0) }
    }

    pub(crate) fn set_error_mark(&self, error: Local<'e>, mark: u64) {
        // SAFETY: inside enter.
        unsafe { ffi::jsr_error_set_mark(self.raw, error.raw(), mark as f64) }
    }

    pub(crate) fn error_mark(&self, error: Local<'e>) -> Option<u64> {
        // SAFETY: inside enter.
        let mark = unsafe { ffi::jsr_error_get_mark(self.raw, error.raw()) };
        (mark >= 0.0).then_some(mark as u64)
    }

    /// Throws `exception` when the current host function returns.
    pub(crate) fn throw(&self, exception: Local<'e>) {
        // SAFETY: inside enter, within a host function call.
        unsafe { ffi::jsr_env_throw(self.raw, exception.raw()) }
    }

    /// A non-enumerable property made by the lazy dispatcher on first read.
    pub(crate) fn define_lazy(
        &self,
        obj: Local<'e>,
        name: Local<'e>,
        data: *mut std::ffi::c_void,
        read_only: bool,
    ) -> Result<()> {
        // SAFETY: inside enter; `data` is only passed back to our lazy dispatcher.
        self.check(unsafe {
            ffi::jsr_object_define_lazy(self.raw, obj.raw(), name.raw(), data, c_int::from(read_only))
        })
    }

    /// A non-enumerable property that reads and writes through the stub
    /// dispatcher (`polyfills::dispatch`) and looks like a data property;
    /// `accessor` 1: an accessor property with a getter, 2: and a setter.
    pub(crate) fn define_stub(
        &self,
        obj: Local<'e>,
        name: Local<'e>,
        data: *mut std::ffi::c_void,
        accessor: c_int,
    ) -> Result<()> {
        // SAFETY: inside enter; `data` is only passed back to our stub dispatcher.
        self.check(unsafe { ffi::jsr_object_define_stub(self.raw, obj.raw(), name.raw(), data, accessor) })
    }

    /// Deletes `obj[name]` if it is a stub, then defines it as `value`
    /// (non-enumerable) if given.
    pub(crate) fn unstub(&self, obj: Local<'e>, name: Local<'e>, value: Option<Local<'e>>) -> Result<()> {
        let value = value.map_or(std::ptr::null_mut(), |v| v.raw());
        // SAFETY: inside enter; handles of this scope.
        self.check(unsafe { ffi::jsr_object_unstub(self.raw, obj.raw(), name.raw(), value) })
    }
}

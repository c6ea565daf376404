//! Ctrl-C during a long synchronous call on the main thread.
//!
//! Python only runs its SIGINT handler when the main thread gets back to the
//! interpreter, which a call running JS does not do. So jsrun chains a C-level
//! SIGINT handler in front of Python's: it lets Python record the signal as
//! usual, then writes a byte to a pipe (async-signal-safe). A helper thread
//! blocked on that pipe asks each runtime that the main thread is inside to
//! run an interrupt; there, with the GIL, `PyErr_CheckSignals` runs Python's
//! handler, and a `KeyboardInterrupt` terminates the JS and is raised by the
//! call. Nothing runs until a signal arrives: no cost, no polling.
//!
//! If Python's handler is replaced later (`signal.signal`), ours is put back in
//! front of the new one when the next runtime is created.
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicUsize, Ordering};
use std::sync::Once;

use pyo3::prelude::*;

use crate::state::RuntimeRef;

static OLD_HANDLER: AtomicUsize = AtomicUsize::new(0);
static OLD_SIGINFO: AtomicBool = AtomicBool::new(false);
static PIPE_WRITE: AtomicI32 = AtomicI32::new(-1);

extern "C" fn on_sigint(signal: libc::c_int, info: *mut libc::siginfo_t, context: *mut libc::c_void) {
    let old = OLD_HANDLER.load(Ordering::Acquire);
    if old != libc::SIG_DFL && old != libc::SIG_IGN {
        // SAFETY: `old` is the handler that was installed for SIGINT, called
        // as the kernel would have called it.
        unsafe {
            if OLD_SIGINFO.load(Ordering::Acquire) {
                let f: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) = std::mem::transmute(old);
                f(signal, info, context);
            } else {
                let f: extern "C" fn(libc::c_int) = std::mem::transmute(old);
                f(signal);
            }
        }
    }
    let fd = PIPE_WRITE.load(Ordering::Acquire);
    if fd >= 0 {
        let byte = 1u8;
        // SAFETY: write(2) is async-signal-safe; a full pipe just drops the byte.
        unsafe { libc::write(fd, std::ptr::addr_of!(byte).cast(), 1) };
    }
}

fn start_helper() -> bool {
    static START: Once = Once::new();
    START.call_once(|| {
        let mut fds = [0 as libc::c_int; 2];
        // SAFETY: fds is a valid array of two ints.
        if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
            return;
        }
        let [read_fd, write_fd] = fds;
        // SAFETY: a valid descriptor we own; non-blocking so the handler never waits.
        unsafe { libc::fcntl(write_fd, libc::F_SETFL, libc::O_NONBLOCK) };
        let spawned =
            std::thread::Builder::new().name("jsrun-sigint".into()).stack_size(128 * 1024).spawn(move || loop {
                let mut buf = [0u8; 16];
                // SAFETY: reading into a local buffer from our pipe.
                let n = unsafe { libc::read(read_fd, buf.as_mut_ptr().cast(), buf.len()) };
                if n <= 0 {
                    if n < 0 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                        continue;
                    }
                    return;
                }
                interrupt_main_calls();
            });
        if spawned.is_ok() {
            PIPE_WRITE.store(write_fd, Ordering::Release);
        }
    });
    PIPE_WRITE.load(Ordering::Acquire) >= 0
}

/// Puts our handler in front of Python's SIGINT handler, if Python has one.
pub(crate) fn install() {
    if !start_helper() {
        return;
    }
    // SAFETY: plain sigaction queries/updates on zeroed, valid structs.
    unsafe {
        let mut current: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(libc::SIGINT, std::ptr::null(), &mut current) != 0 {
            return;
        }
        let ours = on_sigint as *const () as usize;
        let handler = current.sa_sigaction;
        if handler == ours || handler == libc::SIG_DFL || handler == libc::SIG_IGN {
            return;
        }
        OLD_HANDLER.store(handler, Ordering::Release);
        OLD_SIGINFO.store(current.sa_flags & libc::SA_SIGINFO != 0, Ordering::Release);
        let mut chained = current;
        chained.sa_sigaction = ours;
        chained.sa_flags = current.sa_flags | libc::SA_SIGINFO;
        libc::sigaction(libc::SIGINT, &chained, std::ptr::null_mut());
    }
}

fn interrupt_main_calls() {
    for ctx in crate::registry::live() {
        if !ctx.state.main_active.load(Ordering::Acquire) {
            continue;
        }
        let target = ctx.clone();
        ctx.rt.request_interrupt(Box::new(move || {
            Python::try_attach(|py| {
                // SAFETY: we hold the GIL, on the main thread (the one inside).
                if unsafe { pyo3::ffi::PyErr_CheckSignals() } != 0 {
                    if let Some(err) = PyErr::take(py) {
                        target.state.set_interrupt(err);
                        target.rt.terminate();
                    }
                }
            });
        }));
    }
}

/// True on the process's main thread (where Python runs signal handlers).
pub(crate) fn on_main_thread() -> bool {
    thread_local! { static MAIN: Cell<Option<bool>> = const { Cell::new(None) }; }
    MAIN.with(|m| match m.get() {
        Some(v) => v,
        None => {
            // SAFETY: plain system calls.
            let v = unsafe { libc::gettid() == libc::getpid() };
            m.set(Some(v));
            v
        }
    })
}

/// Marks the main thread as inside `ctx`'s runtime for the guard's life.
pub(crate) struct MainCall<'a>(Option<&'a RuntimeRef>);

impl<'a> MainCall<'a> {
    pub(crate) fn enter(ctx: &'a RuntimeRef) -> Self {
        if on_main_thread() {
            ctx.state.main_active.store(true, Ordering::Release);
            MainCall(Some(ctx))
        } else {
            MainCall(None)
        }
    }
}

impl Drop for MainCall<'_> {
    fn drop(&mut self) {
        if let Some(ctx) = self.0 {
            ctx.state.main_active.store(false, Ordering::Release);
        }
    }
}

//! Compiled scripts kept for sources evaluated again and again (`eval("1+1")`
//! in a loop, the same expression polled): V8's own compilation cache still
//! costs a string copy, a hash lookup and a top-level function per call;
//! binding a kept `UnboundScript` skips the first two. Small sources only,
//! a handful of them, replaced round-robin. With an inspector the kept
//! script has the URL made from its text, as an uncached eval would.
use std::sync::Mutex;

use crate::env::{Env, Local};
use crate::error::Result;
use crate::ffi;
use crate::handle::RawGlobal;
use crate::shared::lock;

/// Sources longer than this are compiled as usual (V8 caches them itself).
const MAX_SOURCE: usize = 256;
const SLOTS: usize = 16;

#[derive(Default)]
pub(crate) struct ScriptCache {
    slots: Mutex<Slots>,
}

#[derive(Default)]
struct Slots {
    entries: Vec<(String, RawGlobal)>,
    next: usize,
}

impl ScriptCache {
    /// Runs `source` from a kept compilation, compiling and keeping it first
    /// if needed (named `name()`, or the default name). None: not cacheable
    /// (too long), run it the usual way.
    pub(crate) fn run<'e>(
        &self,
        env: &Env<'e>,
        source: &str,
        name: impl FnOnce() -> Option<String>,
    ) -> Option<Result<Local<'e>>> {
        if source.len() > MAX_SOURCE {
            return None;
        }
        let found = lock(&self.slots).entries.iter().find(|(s, _)| s == source).map(|(_, g)| g.0);
        let global = match found {
            Some(g) => g,
            None => {
                let name = name();
                let (name_ptr, name_len) = name.as_deref().map_or((std::ptr::null(), 0), |n| (n.as_ptr(), n.len()));
                let mut unbound = std::ptr::null_mut();
                // SAFETY: inside enter; the buffers outlive the call.
                let status = unsafe {
                    ffi::jsr_script_compile(
                        env.raw_env(),
                        source.as_ptr().cast(),
                        source.len(),
                        name_ptr.cast(),
                        name_len,
                        &mut unbound,
                    )
                };
                if let Err(e) = env.check(status) {
                    return Some(Err(e));
                }
                let local = env.local(unbound)?;
                let global = env.new_global(local);
                let mut slots = lock(&self.slots);
                if slots.entries.len() < SLOTS {
                    slots.entries.push((source.to_owned(), RawGlobal(global)));
                } else {
                    let i = slots.next % SLOTS;
                    slots.next = slots.next.wrapping_add(1);
                    if let Some(slot) = slots.entries.get_mut(i) {
                        let old = std::mem::replace(slot, (source.to_owned(), RawGlobal(global)));
                        // SAFETY: the replaced handle is ours and no longer listed.
                        unsafe { env.free_global(old.1 .0) };
                    }
                }
                global
            }
        };
        // SAFETY: the handle is live (freed only when replaced, under the Locker we hold).
        let unbound = unsafe { env.global_value(global) };
        let mut out = std::ptr::null_mut();
        // SAFETY: inside enter; `unbound` is an UnboundScript.
        let status = unsafe { ffi::jsr_script_run_unbound(env.raw_env(), unbound.raw(), &mut out) };
        Some(env.check(status).and_then(|()| {
            env.local(out).ok_or_else(|| crate::error::Error::Internal("script produced no value".into()))
        }))
    }
}

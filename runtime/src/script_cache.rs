//! Compiled scripts kept for sources evaluated again and again (`eval("1+1")`
//! in a loop, the same expression polled): V8's own compilation cache still
//! costs a string copy, a hash lookup and a top-level function per call;
//! binding a kept `UnboundScript` skips the first two. Small sources only,
//! a handful of them, replaced round-robin. With an inspector the kept
//! script has the URL made from its text, as an uncached eval would.
use std::sync::Mutex;

use crate::env::{Env, Global, Local, UnboundScript};
use crate::error::Result;
use crate::state::lock;

/// Sources longer than this are compiled as usual (V8 caches them itself).
const MAX_SOURCE: usize = 256;
const SLOTS: usize = 16;

#[derive(Default)]
pub(crate) struct ScriptCache {
    slots: Mutex<Slots>,
}

#[derive(Default)]
struct Slots {
    entries: Vec<(String, Global<UnboundScript>)>,
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
        let found = {
            let slots = lock(&self.slots);
            // SAFETY: a kept handle is live (freed only when replaced, under
            // the Locker we hold).
            slots.entries.iter().find(|(s, _)| s == source).map(|(_, g)| unsafe { env.global_value(g) })
        };
        let unbound = match found {
            Some(unbound) => unbound,
            None => {
                let unbound = match env.compile_unbound(source, name().as_deref()) {
                    Ok(u) => u,
                    Err(e) => return Some(Err(e)),
                };
                let global = env.new_global(unbound);
                let mut slots = lock(&self.slots);
                if slots.entries.len() < SLOTS {
                    slots.entries.push((source.to_owned(), global));
                } else {
                    let i = slots.next % SLOTS;
                    slots.next = slots.next.wrapping_add(1);
                    if let Some(slot) = slots.entries.get_mut(i) {
                        let old = std::mem::replace(slot, (source.to_owned(), global));
                        // SAFETY: the replaced handle is ours and no longer listed.
                        unsafe { env.free_global(old.1) };
                    }
                }
                unbound
            }
        };
        Some(env.run_unbound(unbound))
    }
}

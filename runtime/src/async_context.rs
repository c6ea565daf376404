//! The carrier of `AsyncLocalStorage`'s stores: V8's continuation-preserved
//! embedder data, which each promise job gets back from where its reaction
//! was made. jsrun's own JS reads and writes it (timers keep it for their
//! callbacks, `node:async_hooks` keeps its frames in it); no global reaches it.
use std::sync::Arc;

use crate::env::{Env, Local};
use crate::error::Result;
use crate::host::RawFunction;
use crate::state::RuntimeState;

/// `context()`: the current value (undefined until something was set).
pub(crate) fn get() -> Arc<RawFunction> {
    fn context<'e>(env: &Env<'e>, _: &Arc<RuntimeState>, _: &[Local<'e>]) -> Result<Local<'e>> {
        Ok(env.async_context())
    }
    Arc::new(context)
}

/// `setContext(value)`: what promise reactions made from now on carry.
pub(crate) fn set() -> Arc<RawFunction> {
    fn set_context<'e>(env: &Env<'e>, _: &Arc<RuntimeState>, args: &[Local<'e>]) -> Result<Local<'e>> {
        env.set_async_context(args.first().copied().unwrap_or_else(|| env.undefined()));
        Ok(env.undefined())
    }
    Arc::new(set_context)
}

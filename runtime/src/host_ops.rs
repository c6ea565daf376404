//! `__host_op_sync__(id, ...args)` and `__host_op_async__(id, ...args)`: the
//! published jsrun's op dispatchers, as read-only globals made on first use
//! (a runtime that never calls an op never makes them).
use std::sync::Arc;

use crate::env::{Env, Local};
use crate::error::Result;
use crate::host::HostFunction;
use crate::state::RuntimeState;
use crate::value::JsString;

/// Names of the two globals.
pub const SYNC: &str = "__host_op_sync__";
pub const ASYNC: &str = "__host_op_async__";

/// What the two globals call; the host keeps the table of ops behind them.
#[derive(Clone)]
pub struct HostOps {
    pub sync: Arc<dyn HostFunction>,
    pub asynchronous: Arc<dyn HostFunction>,
}

pub(crate) fn define(env: &Env<'_>, shared: &Arc<RuntimeState>, ops: HostOps) -> Result<()> {
    crate::lazy::define_with(env, shared, &[SYNC, ASYNC], true, Box::new(move |env, shared| install(env, shared, &ops)))
}

/// A fresh pair per first read of either name: V8 keeps only the one read,
/// and the other is collectable.
fn install<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, ops: &HostOps) -> Result<Local<'e>> {
    let group = env.new_object()?;
    for (name, func) in [(SYNC, &ops.sync), (ASYNC, &ops.asynchronous)] {
        let name = JsString::from(name);
        let f = shared.host_function(env, func.clone(), Some(&name), true)?;
        let key = env.new_string(&name)?;
        env.set(group, key, f)?;
    }
    Ok(group)
}

impl std::fmt::Debug for HostOps {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HostOps")
    }
}

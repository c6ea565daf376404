//! `Runtime.register_op`: the published jsrun's low-level op registry, where
//! JS calls `__host_op_sync__(id, ...args)` / `__host_op_async__(id, ...args)`.
//!
//! As in the published package, ops are numbered 0, 1, 2… per runtime and
//! both globals exist from the start. Unlike it, the globals are read-only
//! and non-configurable, so a script cannot replace the dispatcher for the
//! scripts after it. An op id is not a secret: every script in a runtime can
//! call every op registered in it.
use std::sync::{Arc, Mutex};

use jsrun_runtime::{HostError, HostFunction, HostOps, HostOutcome, Value};

use crate::host::PyHostFunction;

/// The ops of one runtime; an op's id is its index.
#[derive(Default)]
pub(crate) struct Ops {
    table: Mutex<Vec<Arc<PyHostFunction>>>,
}

impl Ops {
    /// Stores `op` under the next id.
    pub(crate) fn add(&self, op: Arc<PyHostFunction>) -> u64 {
        let mut table = self.table.lock().unwrap_or_else(|p| p.into_inner());
        table.push(op);
        (table.len() - 1) as u64
    }

    /// Drops every op (the runtime is closed): their Python callables go
    /// with them, which also breaks the cycle op → runtime state → ops.
    pub(crate) fn clear(&self) {
        self.table.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    fn get(&self, id: u64) -> Option<Arc<PyHostFunction>> {
        let table = self.table.lock().unwrap_or_else(|p| p.into_inner());
        usize::try_from(id).ok().and_then(|i| table.get(i).cloned())
    }

    /// The two dispatchers for a new runtime.
    pub(crate) fn dispatchers(self: &Arc<Self>) -> HostOps {
        HostOps {
            sync: Arc::new(OpDispatch { ops: self.clone(), is_async: false }),
            asynchronous: Arc::new(OpDispatch { ops: self.clone(), is_async: true }),
        }
    }
}

/// `__host_op_sync__` or `__host_op_async__`.
struct OpDispatch {
    ops: Arc<Ops>,
    is_async: bool,
}

impl HostFunction for OpDispatch {
    fn call(&self, runtime: &jsrun_runtime::Runtime, mut args: jsrun_runtime::Args) -> HostOutcome {
        let kind = if self.is_async { "__host_op_async__" } else { "__host_op_sync__" };
        let id = match args.first() {
            Some(Value::Int(i)) => u64::try_from(*i).ok(),
            _ => None,
        };
        let Some(op) = id.and_then(|id| self.ops.get(id)) else {
            return HostOutcome::Throw(HostError::new("TypeError", format!("{kind}: unknown op id")));
        };
        if op.is_async() != self.is_async {
            let want = if op.is_async() { "__host_op_async__" } else { "__host_op_sync__" };
            return HostOutcome::Throw(HostError::new("TypeError", format!("{kind}: this op is called with {want}")));
        }
        args.remove(0);
        op.call(runtime, args)
    }
}

//! `Runtime.register_op`: the published jsrun's low-level op registry, where
//! JS calls `__host_op_sync__(id, ...args)` / `__host_op_async__(id, ...args)`.
//!
//! The published package numbers ops 0, 1, 2… and leaves those globals
//! writable, so any script can call any op by guessing its id, or replace the
//! dispatcher. Here ids are random 53-bit integers (unguessable, still exact
//! JS Numbers) and both globals are read-only and non-configurable.
use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex};

use jsrun_runtime::{HostError, HostFunction, HostOutcome, Value};

use crate::host::PyHostFunction;
use crate::state::WeakCtx;

/// The ops of one runtime, by id.
#[derive(Default)]
pub(crate) struct Ops {
    table: Mutex<HashMap<u64, Arc<PyHostFunction>>>,
    installed: std::sync::atomic::AtomicBool,
}

impl Ops {
    /// Stores `op` under a fresh unguessable id.
    pub(crate) fn add(&self, op: Arc<PyHostFunction>) -> u64 {
        let mut table = self.table.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            let mut hasher = RandomState::new().build_hasher();
            hasher.write_usize(table.len());
            let id = hasher.finish() & ((1 << 53) - 1);
            if let std::collections::hash_map::Entry::Vacant(slot) = table.entry(id) {
                slot.insert(op);
                return id;
            }
        }
    }

    /// True the first time: the caller then installs the dispatchers.
    pub(crate) fn first_install(&self) -> bool {
        !self.installed.swap(true, std::sync::atomic::Ordering::AcqRel)
    }

    fn get(&self, id: u64) -> Option<Arc<PyHostFunction>> {
        self.table.lock().unwrap_or_else(|p| p.into_inner()).get(&id).cloned()
    }
}

/// `__host_op_sync__` or `__host_op_async__`.
pub(crate) struct OpDispatch {
    pub(crate) ctx: WeakCtx,
    pub(crate) is_async: bool,
}

impl HostFunction for OpDispatch {
    fn call(&self, mut args: Vec<Value>) -> HostOutcome {
        let kind = if self.is_async { "__host_op_async__" } else { "__host_op_sync__" };
        let id = match args.first() {
            Some(Value::Int(i)) => u64::try_from(*i).ok(),
            _ => None,
        };
        let op = id.zip(self.ctx.upgrade()).and_then(|(id, ctx)| ctx.state.ops.get(id));
        let Some(op) = op else {
            return HostOutcome::Throw(HostError::new("TypeError", format!("{kind}: unknown op id")));
        };
        if op.is_async() != self.is_async {
            let want = if op.is_async() { "__host_op_async__" } else { "__host_op_sync__" };
            return HostOutcome::Throw(HostError::new("TypeError", format!("{kind}: this op is called with {want}")));
        }
        args.remove(0);
        op.call(args)
    }
}

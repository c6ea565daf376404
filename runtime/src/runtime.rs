//! A JS runtime: one isolate and context, usable from any thread.
use std::sync::Arc;

use crate::env::{Env, Kind};
use crate::error::{Error, Result};
use crate::event_loop::{self, LoopSignal};
use crate::from_value::Writer;
use crate::isolate::{HeapOptions, IsolateCell};
use crate::limits::ConversionLimits;
use crate::to_value::Reader;
use crate::value::{JsString, Text, Value};

#[derive(Debug, Clone, Default)]
pub struct RuntimeOptions {
    pub heap: HeapOptions,
    pub limits: ConversionLimits,
}

pub struct Runtime {
    cell: Arc<IsolateCell>,
    signal: Arc<LoopSignal>,
    limits: ConversionLimits,
}

impl Runtime {
    pub fn new(options: RuntimeOptions) -> Result<Runtime> {
        let signal = Arc::new(LoopSignal::default());
        let cell = Arc::new(IsolateCell::new(options.heap, signal.clone())?);
        event_loop::spawn(cell.clone(), signal.clone()).map_err(|e| {
            Error::Internal(format!("cannot start the runtime's event loop thread: {e}"))
        })?;
        Ok(Runtime {
            cell,
            signal,
            limits: options.limits,
        })
    }

    pub fn limits(&self) -> ConversionLimits {
        self.limits
    }

    /// Runs `source` as a classic script named `<eval>` and returns its
    /// completion value. A settled promise gives its outcome; a pending one is an error.
    pub fn eval(&self, source: Text<'_>) -> Result<Value> {
        self.run(source, None)
    }

    /// As [`Runtime::eval`], with the script named `name` in stack traces.
    pub fn eval_named(&self, source: Text<'_>, name: &str) -> Result<Value> {
        self.run(source, Some(name))
    }

    /// Runs a script for its effects; its completion value is dropped unconverted.
    pub fn execute(&self, source: Text<'_>, name: &str) -> Result<()> {
        self.call(|env| {
            env.run_script(source, Some(name))?;
            self.settle(env)
        })
    }

    fn run(&self, source: Text<'_>, name: Option<&str>) -> Result<Value> {
        let limits = self.limits;
        self.call(|env| {
            let value = env.run_script(source, name)?;
            self.settle(env)?;
            Reader::new(env, limits).read_result(value)
        })
    }

    /// Sets `globalThis[name]`. An object is merged into an existing global
    /// object of that name, as the published jsrun does.
    pub fn set_global(&self, name: &JsString, value: &Value) -> Result<()> {
        let limits = self.limits;
        self.call(|env| {
            let global = env.global();
            let key = env.new_string(name)?;
            if let Value::Object(entries) = value {
                let existing = env.get(global, key)?;
                if matches!(env.kind(existing), Kind::Object) {
                    for (k, v) in entries {
                        let k = env.new_string(k)?;
                        let v = Writer::new(env, limits).write(v)?;
                        env.set(existing, k, v)?;
                    }
                    return Ok(());
                }
            }
            let v = Writer::new(env, limits).write(value)?;
            env.set(global, key, v)
        })
    }

    /// Runs `f` inside the isolate, then leaves it with no termination pending.
    fn call<R>(&self, f: impl FnOnce(&Env<'_>) -> Result<R>) -> Result<R> {
        self.cell.enter(|env| {
            let result = f(env);
            if matches!(result, Err(Error::Terminated)) {
                env.cancel_terminate();
            }
            result
        })?
    }

    /// Microtasks, and platform tasks if any were posted, after a script ran.
    fn settle(&self, env: &Env<'_>) -> Result<()> {
        if self.signal.take_pending() {
            env.pump()
        } else {
            env.run_microtasks()
        }
    }

    /// Stops JS running in this runtime on any thread (thread-safe).
    pub fn terminate(&self) {
        self.cell.terminate();
    }

    /// Idempotent. A call in progress on another thread finishes first; the
    /// isolate is freed when the last one leaves.
    pub fn close(&self) {
        self.cell.close();
        self.signal.stop();
    }

    pub fn is_closed(&self) -> bool {
        self.cell.is_closed()
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        self.close();
    }
}

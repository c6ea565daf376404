//! [`Value`] → JS: builds V8 values while the isolate is locked.
use std::sync::Arc;

use crate::env::{Env, Local};
use crate::error::{Error, Result};
use crate::limits::{Budget, ConversionLimits};
use crate::state::RuntimeState;
use crate::value::{Value, ViewKind};

pub(crate) struct Writer<'a, 'e> {
    env: &'a Env<'e>,
    shared: &'a Arc<RuntimeState>,
    budget: Budget,
    /// Containers made so far, indexed by their pre-order id (see `value.rs`).
    containers: Vec<Local<'e>>,
}

/// Objects with at least this many keys, all of leaf values, are made in one step.
const BULK_OBJECT: usize = 8;

fn is_leaf(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_) | Value::Map(_) | Value::Set(_) | Value::Ref(_))
}

impl<'a, 'e> Writer<'a, 'e> {
    pub(crate) fn new(env: &'a Env<'e>, shared: &'a Arc<RuntimeState>, limits: ConversionLimits) -> Self {
        Writer { env, shared, budget: Budget::new(limits), containers: Vec::new() }
    }

    pub(crate) fn write(&mut self, value: &Value) -> Result<Local<'e>> {
        let env = self.env;
        match value {
            Value::Undefined => Ok(env.undefined()),
            Value::Null => env.null(),
            Value::Bool(b) => env.boolean(*b),
            Value::Int(i) => env.new_number(*i as f64),
            Value::Float(d) => env.new_number(*d),
            Value::BigInt(b) => env.new_bigint(b),
            Value::String(s) => {
                self.spend(s.byte_len())?;
                env.new_string(s)
            }
            // Binary data is bounded by the heap limit (its ArrayBuffer
            // counts against max_heap_size), not by the serialization budget.
            Value::Bytes(b) => env.new_view(ViewKind::Uint8, b, false),
            Value::HostBytes(b) => env.new_view(ViewKind::Uint8, (*b.0).as_ref(), false),
            Value::ArrayBuffer(b) => env.new_view(ViewKind::Uint8, b, true),
            Value::View { kind, bytes } => env.new_view(*kind, bytes, false),
            Value::Date(ms) => env.new_date(*ms),
            Value::Error(info) => env.new_error(&info.message, info.name.as_deref()),
            Value::Function(f) => f
                .function
                .get(env, self.shared)
                .ok_or_else(|| Error::Conversion("this JsFunction belongs to another runtime".into())),
            Value::Promise(p) => p
                .function
                .get(env, self.shared)
                .ok_or_else(|| Error::Conversion("this promise belongs to another runtime".into())),
            Value::Host(h) => self.shared.host_function(env, h.0.clone(), None, true),
            Value::Stream(f) => {
                let handle = f
                    .function
                    .get(env, self.shared)
                    .ok_or_else(|| Error::Conversion("this stream belongs to another runtime".into()))?;
                crate::streams::stream_of(env, handle)
            }
            Value::Source(h) => {
                let source = self.shared.host_function(env, h.0.clone(), None, true)?;
                crate::streams::from_source(env, self.shared, source)
            }
            Value::Ref(id) => self
                .containers
                .get(*id as usize)
                .copied()
                .ok_or_else(|| Error::Internal(format!("reference to unknown container {id}"))),
            Value::Array(_) | Value::Object(_) | Value::Map(_) | Value::Set(_) => {
                self.budget.enter().map_err(Error::Conversion)?;
                let result = self.write_container(value);
                self.budget.leave();
                result
            }
        }
    }

    fn spend(&mut self, bytes: usize) -> Result<()> {
        self.budget.spend(bytes).map_err(Error::Conversion)
    }

    fn write_container(&mut self, value: &Value) -> Result<Local<'e>> {
        let env = self.env;
        self.spend(16)?;
        if let Value::Object(entries) = value {
            if entries.len() >= BULK_OBJECT && entries.iter().all(|(_, v)| is_leaf(v)) {
                // No child is a container (or refers to one): nothing can refer
                // back to this object while its values are written, so it can be
                // made in one step, after them, at the same container index.
                let mut keys = Vec::with_capacity(entries.len());
                let mut values = Vec::with_capacity(entries.len());
                for (key, item) in entries {
                    self.spend(key.byte_len())?;
                    keys.push(env.new_string(key)?);
                    values.push(self.write(item)?);
                }
                let object = env.object_from_entries(&keys, &values)?;
                self.containers.push(object);
                return Ok(object);
            }
        }
        // Registered before the children are written, so a child may refer back.
        let container = match value {
            Value::Array(items) => env.new_array(items.len())?,
            Value::Map(_) => env.new_map()?,
            Value::Set(_) => env.new_set()?,
            _ => env.new_object()?,
        };
        self.containers.push(container);
        match value {
            Value::Array(items) => {
                let mut written = Vec::with_capacity(items.len());
                for item in items {
                    written.push(self.write(item)?);
                }
                env.array_fill(container, &written)?;
            }
            Value::Object(entries) => {
                for (key, item) in entries {
                    self.spend(key.byte_len())?;
                    let k = env.new_string(key)?;
                    let v = self.write(item)?;
                    env.define(container, k, v)?;
                }
            }
            Value::Map(entries) => {
                for (key, item) in entries {
                    let k = self.write(key)?;
                    let v = self.write(item)?;
                    env.map_set(container, k, v)?;
                }
            }
            Value::Set(items) => {
                for item in items {
                    let v = self.write(item)?;
                    env.set_add(container, v)?;
                }
            }
            _ => {}
        }
        Ok(container)
    }
}

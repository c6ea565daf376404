//! JS → [`Value`]: walks a V8 value while the isolate is locked.
use std::collections::HashMap;
use std::sync::Arc;

use crate::env::{Env, Kind, Local, PromiseState};
use crate::error::{Error, Result};
use crate::exception::error_info;
use crate::handle::HostGlobal;
use crate::limits::{Budget, ConversionLimits};
use crate::state::RuntimeState;
use crate::value::{JsFunction, Value};

/// Integral Numbers up to this magnitude become `Value::Int` (JS's safe integers).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

pub(crate) struct Reader<'a, 'e> {
    env: &'a Env<'e>,
    /// Needed to hold functions; without it they cannot be converted.
    shared: Option<&'a Arc<RuntimeState>>,
    budget: Budget,
    /// Containers seen so far, by identity hash (collisions resolved by `===`).
    seen: HashMap<i32, Vec<(Local<'e>, u32)>>,
    next_id: u32,
    /// Leave out object members that have no Python form (RegExp, Symbol,
    /// WeakMap, Proxy, nested Promise...) instead of failing: for module
    /// exports (namespaces always), where such members are common and the
    /// functions are what the caller wants.
    lenient: bool,
}

fn conversion(message: impl Into<String>) -> Error {
    Error::Conversion(message.into())
}

/// A Number as `Int` when it is a safe integer (and not −0), else `Float`.
pub(crate) fn number_value(d: f64) -> Value {
    if d.fract() == 0.0 && d.abs() <= MAX_SAFE_INTEGER && !(d == 0.0 && d.is_sign_negative()) {
        Value::Int(d as i64)
    } else {
        Value::Float(d)
    }
}

impl<'a, 'e> Reader<'a, 'e> {
    pub(crate) fn new(env: &'a Env<'e>, shared: Option<&'a Arc<RuntimeState>>, limits: ConversionLimits) -> Self {
        Reader { env, shared, budget: Budget::new(limits), seen: HashMap::new(), next_id: 0, lenient: false }
    }

    /// A reader that leaves out object members with no Python form.
    pub(crate) fn lenient(mut self) -> Self {
        self.lenient = true;
        self
    }

    fn has_no_python_form(&self, v: Local<'e>) -> bool {
        matches!(
            self.env.kind(v),
            Kind::Symbol | Kind::RegExp | Kind::Proxy | Kind::Weak | Kind::Promise | Kind::WasmModule | Kind::Other
        )
    }

    /// As `read_result`, but a pending promise comes back as `Value::Promise`
    /// for the host to wait on (a function call's result, as the published
    /// jsrun gives it).
    pub(crate) fn read_call_result(&mut self, v: Local<'e>) -> Result<Value> {
        if let Some(shared) = self.shared {
            if self.env.kind(v) == Kind::Promise && matches!(self.env.promise_state(v), PromiseState::Pending) {
                return Ok(Value::Promise(JsFunction { function: HostGlobal::new(self.env, shared, v), this: None }));
            }
        }
        self.read_result(v)
    }

    /// Reads a call's result: a settled promise gives its value or its error.
    pub(crate) fn read_result(&mut self, v: Local<'e>) -> Result<Value> {
        if self.env.kind(v) != Kind::Promise {
            return self.read(v);
        }
        match self.env.promise_state(v) {
            PromiseState::Fulfilled(value) => self.read(value),
            PromiseState::Rejected(reason) => {
                Err(Error::Js(Box::new(crate::exception::describe(self.env, Some(reason), None))))
            }
            PromiseState::Pending => {
                Err(conversion("the result is a Promise that is still pending; use eval_async to wait for it"))
            }
        }
    }

    pub(crate) fn read(&mut self, v: Local<'e>) -> Result<Value> {
        self.read_with_this(v, None)
    }

    /// As `read`; a function read as a property keeps `this` for its calls.
    fn read_with_this(&mut self, v: Local<'e>, this: Option<Local<'e>>) -> Result<Value> {
        let env = self.env;
        let kind = env.kind(v);
        Ok(match kind {
            Kind::Undefined => Value::Undefined,
            Kind::Null => Value::Null,
            Kind::True => Value::Bool(true),
            Kind::False => Value::Bool(false),
            Kind::Int32 => Value::Int(i64::from(env.int32(v))),
            Kind::Number => number_value(env.number(v)),
            Kind::String => {
                let s = env.string(v);
                self.spend(s.byte_len())?;
                Value::String(s)
            }
            Kind::BigInt => {
                let b = env.bigint(v);
                self.spend(b.words.len() * 8)?;
                Value::BigInt(b)
            }
            Kind::Date => {
                let ms = env.date_time(v);
                if ms.is_nan() {
                    return Err(conversion("cannot convert an invalid Date"));
                }
                Value::Date(ms)
            }
            Kind::BoxedPrimitive => {
                let inner = env.unbox(v);
                if env.kind(inner) == Kind::BoxedPrimitive {
                    return Err(conversion("cannot convert a boxed primitive"));
                }
                return self.read(inner);
            }
            Kind::TypedArray | Kind::DataView => {
                // Binary data is bounded by the heap limit, which counts
                // ArrayBuffers, not by the serialization budget.
                let (view, len) = env.view_kind(v);
                let bytes = env.view_bytes(v, len);
                match view {
                    crate::value::ViewKind::Uint8 => Value::Bytes(bytes),
                    _ => Value::View { kind: view, bytes },
                }
            }
            Kind::ArrayBuffer | Kind::SharedArrayBuffer => {
                let len = env.array_buffer_len(v);
                Value::ArrayBuffer(env.array_buffer_bytes(v, len))
            }
            Kind::Error => Value::Error(Box::new(error_info(env, v))),
            Kind::Object => {
                if let Some(shared) = self.shared {
                    if let Some(handle) = crate::streams::open_if_stream(env, shared, v)? {
                        return Ok(Value::Stream(JsFunction {
                            function: HostGlobal::new(env, shared, handle),
                            this: None,
                        }));
                    }
                }
                return self.read_container(v, kind);
            }
            Kind::Array | Kind::Map | Kind::Set | Kind::ModuleNamespace => return self.read_container(v, kind),
            Kind::Symbol => return Err(conversion("cannot convert a JS Symbol to a Python value")),
            Kind::Function => match self.shared {
                Some(shared) => Value::Function(JsFunction {
                    function: HostGlobal::new(env, shared, v),
                    this: this.map(|t| HostGlobal::new(env, shared, t)),
                }),
                None => return Err(conversion("cannot convert a JS function here")),
            },
            Kind::Promise => {
                return Err(conversion("cannot convert a Promise nested in a value; await it in JS first"))
            }
            Kind::RegExp => return Err(conversion("cannot convert a RegExp to a Python value")),
            Kind::Proxy => return Err(conversion("cannot convert a Proxy to a Python value")),
            Kind::Weak => return Err(conversion("cannot convert a WeakMap or WeakSet")),
            Kind::WasmModule => return Err(conversion("cannot convert a WebAssembly.Module to a Python value")),
            Kind::Other => return Err(conversion("cannot convert this JS value to a Python value")),
        })
    }

    fn spend(&mut self, bytes: usize) -> Result<()> {
        self.budget.spend(bytes).map_err(Error::Conversion)
    }

    fn read_container(&mut self, v: Local<'e>, kind: Kind) -> Result<Value> {
        let env = self.env;
        let hash = env.identity(v);
        if let Some(candidates) = self.seen.get(&hash) {
            if let Some((_, id)) = candidates.iter().find(|(seen, _)| env.strict_equals(*seen, v)) {
                return Ok(Value::Ref(*id));
            }
        }
        let id = self.next_id;
        self.next_id += 1;
        self.seen.entry(hash).or_default().push((v, id));
        self.budget.enter().map_err(Error::Conversion)?;
        self.spend(16)?;
        let value = match kind {
            Kind::Array => self.read_array(v),
            Kind::Map => self.read_map(v),
            Kind::Set => self.read_set(v),
            // A module's exports: often a few with no Python form next to
            // the functions wanted; those few are left out.
            Kind::ModuleNamespace => {
                let lenient = std::mem::replace(&mut self.lenient, true);
                let read = self.read_object(v);
                self.lenient = lenient;
                read
            }
            _ => self.read_object(v),
        };
        self.budget.leave();
        value
    }

    fn read_array(&mut self, arr: Local<'e>) -> Result<Value> {
        let len = self.env.array_length(arr);
        self.spend(len as usize * 8)?;
        let mut items = Vec::with_capacity(len as usize);
        for item in self.env.array_items(arr, len)? {
            if self.lenient && self.has_no_python_form(item) {
                items.push(Value::Null);
                continue;
            }
            items.push(self.read(item)?);
        }
        Ok(Value::Array(items))
    }

    fn read_object(&mut self, obj: Local<'e>) -> Result<Value> {
        let keys = self.env.keys(obj)?;
        let len = self.env.array_length(keys);
        let mut entries = Vec::with_capacity(len as usize);
        for i in 0..len {
            let key = self.env.get_index(keys, i)?;
            let value = self.env.get(obj, key)?;
            if self.lenient && self.has_no_python_form(value) {
                continue;
            }
            let key = self.env.string(key);
            self.spend(key.byte_len() + 8)?;
            entries.push((key, self.read_with_this(value, Some(obj))?));
        }
        Ok(Value::Object(entries))
    }

    fn read_map(&mut self, map: Local<'e>) -> Result<Value> {
        let flat = self.env.collection_entries(map);
        let len = self.env.array_length(flat);
        let mut entries = Vec::with_capacity(len as usize / 2);
        for i in (0..len.saturating_sub(1)).step_by(2) {
            let key = self.env.get_index(flat, i)?;
            let value = self.env.get_index(flat, i + 1)?;
            let key = self.read(key)?;
            entries.push((key, self.read(value)?));
        }
        Ok(Value::Map(entries))
    }

    fn read_set(&mut self, set: Local<'e>) -> Result<Value> {
        let flat = self.env.collection_entries(set);
        let len = self.env.array_length(flat);
        let mut items = Vec::with_capacity(len as usize);
        for i in 0..len {
            let item = self.env.get_index(flat, i)?;
            items.push(self.read(item)?);
        }
        Ok(Value::Set(items))
    }
}

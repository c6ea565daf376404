//! Python objects → [`Value`] (with the GIL held, before the isolate is entered).
use std::collections::HashMap;
use std::sync::Arc;

use jsrun_runtime::limits::Budget;
use jsrun_runtime::{BigInt, ErrorInfo, HostBytes, HostFn, JsString, Value, ViewKind};
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyFrozenSet, PyInt, PyList, PyMemoryView, PySet, PyString, PyTuple,
};

use crate::errors::conversion_error;
use crate::function::PyJsFunction;
use crate::host::PyHostFunction;
use crate::state::RuntimeRef;
use crate::types::{types, PyTypes};

/// Largest integer that stays a Number; beyond it an int becomes a BigInt.
const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

pub(crate) fn from_py(obj: &Bound<'_, PyAny>, ctx: &RuntimeRef) -> PyResult<Value> {
    let py = obj.py();
    PyReader { t: types(py)?, ctx, budget: Budget::new(ctx.rt.limits()), seen: HashMap::new(), next_id: 0 }.read(obj)
}

/// A Python `str` as a lossless JS string (lone surrogates included).
pub(crate) fn js_string(s: &Bound<'_, PyString>) -> PyResult<JsString> {
    match s.to_str() {
        Ok(text) => Ok(JsString::Utf8(text.to_owned())),
        // Lone surrogates are not UTF-8; they are valid UTF-16 units for JS.
        Err(_) => {
            let encoded = s.call_method1("encode", ("utf-16-le", "surrogatepass"))?;
            let bytes = encoded.cast::<PyBytes>()?.as_bytes();
            Ok(JsString::Utf16(
                bytes
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c.first().copied().unwrap_or(0), c.get(1).copied().unwrap_or(0)]))
                    .collect(),
            ))
        }
    }
}

fn view_kind(typecode: &str) -> Option<ViewKind> {
    Some(match typecode {
        "b" => ViewKind::Int8,
        "B" => ViewKind::Uint8,
        "h" => ViewKind::Int16,
        "H" => ViewKind::Uint16,
        "i" => ViewKind::Int32,
        "I" => ViewKind::Uint32,
        "f" => ViewKind::Float32,
        "d" => ViewKind::Float64,
        "q" | "l" => ViewKind::BigInt64,
        "Q" | "L" => ViewKind::BigUint64,
        _ => return None,
    })
}

struct PyReader<'a> {
    t: &'a PyTypes,
    ctx: &'a RuntimeRef,
    budget: Budget,
    /// Containers seen in this walk, by address, with their pre-order id.
    seen: HashMap<usize, u32>,
    next_id: u32,
}

impl PyReader<'_> {
    /// True if `obj` is an instance of the type `lookup` gives, which is none
    /// while its module was never imported.
    fn is_instance_if_imported(
        &self,
        obj: &Bound<'_, PyAny>,
        lookup: impl for<'a> FnOnce(&'a PyTypes, Python<'a>) -> PyResult<Option<&'a Py<pyo3::types::PyType>>>,
    ) -> PyResult<bool> {
        match lookup(self.t, obj.py())? {
            Some(class) => obj.is_instance(class.bind(obj.py())),
            None => Ok(false),
        }
    }

    fn read(&mut self, obj: &Bound<'_, PyAny>) -> PyResult<Value> {
        let py = obj.py();
        if obj.is_none() {
            return Ok(Value::Null);
        }
        if let Ok(s) = obj.cast_exact::<PyString>() {
            let s = js_string(s)?;
            self.budget.spend_string(s.byte_len()).map_err(|m| conversion_error(py, m))?;
            return Ok(Value::String(s));
        }
        if obj.is_exact_instance_of::<PyInt>() {
            return self.int(obj);
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            return Ok(Value::Float(f.value()));
        }
        if let Ok(b) = obj.cast::<PyBool>() {
            return Ok(Value::Bool(b.is_true()));
        }
        if obj.is(self.t.undefined.bind(py)) {
            return Ok(Value::Undefined);
        }
        if obj.is_instance(self.t.bigint.bind(py))? {
            return Ok(Value::BigInt(bigint(obj)?));
        }
        if obj.is_instance_of::<PyInt>() {
            return self.int(obj);
        }
        if let Ok(s) = obj.cast::<PyString>() {
            let s = js_string(s)?;
            self.budget.spend_string(s.byte_len()).map_err(|m| conversion_error(py, m))?;
            return Ok(Value::String(s));
        }
        // Binary data is bounded by the heap limit (its ArrayBuffer counts
        // against max_heap_size), not by the serialization budget.
        if let Ok(b) = obj.cast::<PyBytes>() {
            // Lent as they are: copied once, straight into the JS buffer.
            return Ok(Value::HostBytes(HostBytes(Arc::new(LentBytes::new(b)))));
        }
        if let Ok(b) = obj.cast::<PyByteArray>() {
            return Ok(Value::Bytes(b.to_vec()));
        }
        if obj.is_instance_of::<PyMemoryView>() {
            let bytes = obj.call_method0("tobytes")?;
            let bytes = bytes.cast::<PyBytes>()?.as_bytes();
            return Ok(Value::Bytes(bytes.to_vec()));
        }
        if obj.is_instance_of::<PyList>()
            || obj.is_instance_of::<PyTuple>()
            || obj.is_instance_of::<PyDict>()
            || obj.is_instance_of::<PySet>()
            || obj.is_instance_of::<PyFrozenSet>()
        {
            return self.container(obj);
        }
        if let Some(datetime) = self.t.datetime_if_imported(py)? {
            if obj.is_instance(datetime.bind(py))? {
                return date(self.t, obj);
            }
        }
        if self.is_instance_if_imported(obj, PyTypes::array_if_imported)? {
            let code: String = obj.getattr("typecode")?.extract()?;
            let Some(kind) = view_kind(&code) else {
                return Err(conversion_error(py, format!("array.array of type code {code:?} has no JS typed array")));
            };
            let bytes = obj.call_method0("tobytes")?;
            let bytes = bytes.cast::<PyBytes>()?.as_bytes().to_vec();
            return Ok(if kind == ViewKind::Uint8 { Value::Bytes(bytes) } else { Value::View { kind, bytes } });
        }
        if let Ok(f) = obj.cast::<PyJsFunction>() {
            return f.get().value(py, self.ctx);
        }
        let (is_stream, is_source) = match self.t.streams_if_imported(py)? {
            Some((stream, source)) => (obj.is_instance(stream.bind(py))?, obj.is_instance(source.bind(py))?),
            None => (false, false),
        };
        if is_source {
            let meter = crate::stats::StreamMeter::open(self.ctx, false);
            let handle = obj.call_method1("_metered_handle", (meter,))?;
            return Ok(Value::Source(HostFn(PyHostFunction::new(py, &handle, self.ctx)?)));
        }
        if is_stream {
            let handle = obj.getattr("_handle")?;
            let f = handle.cast::<PyJsFunction>()?.get().function(py, self.ctx)?;
            return Ok(Value::Stream(f));
        }
        if self.is_instance_if_imported(obj, PyTypes::pending_promise_if_imported)? {
            // The handle holds the promise; written back, it is the promise.
            let handle = obj.getattr("_handle")?;
            return handle.cast::<PyJsFunction>()?.get().value(py, self.ctx);
        }
        if obj.is_callable() {
            return Ok(Value::Host(HostFn(PyHostFunction::new(py, obj, self.ctx)?)));
        }
        if obj.is_instance(self.t.js_error.bind(py))? {
            return Ok(Value::Error(Box::new(ErrorInfo::new(
                obj.getattr("name")?.extract()?,
                obj.getattr("message")?.extract()?,
            ))));
        }
        Err(conversion_error(py, format!("cannot convert Python {} to a JS value", obj.get_type().qualname()?)))
    }

    fn spend(&mut self, py: Python<'_>, bytes: usize) -> PyResult<()> {
        self.budget.spend(bytes).map_err(|m| conversion_error(py, m))
    }

    fn int(&mut self, obj: &Bound<'_, PyAny>) -> PyResult<Value> {
        match obj.extract::<i64>() {
            Ok(i) if (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&i) => Ok(Value::Int(i)),
            _ => {
                let b = bigint(obj)?;
                self.spend(obj.py(), b.words.len() * 8)?;
                Ok(Value::BigInt(b))
            }
        }
    }

    fn container(&mut self, obj: &Bound<'_, PyAny>) -> PyResult<Value> {
        let py = obj.py();
        let address = obj.as_ptr() as usize;
        if let Some(id) = self.seen.get(&address) {
            return Ok(Value::Ref(*id));
        }
        self.seen.insert(address, self.next_id);
        self.next_id += 1;
        self.budget.enter().map_err(|m| conversion_error(py, m))?;
        self.spend(py, 16)?;
        let value = self.container_items(obj);
        self.budget.leave();
        value
    }

    fn container_items(&mut self, obj: &Bound<'_, PyAny>) -> PyResult<Value> {
        let py = obj.py();
        if let Ok(list) = obj.cast::<PyList>() {
            self.spend(py, list.len() * 8)?;
            return list.iter().map(|item| self.read(&item)).collect::<PyResult<_>>().map(Value::Array);
        }
        if let Ok(tuple) = obj.cast::<PyTuple>() {
            self.spend(py, tuple.len() * 8)?;
            return tuple.iter().map(|item| self.read(&item)).collect::<PyResult<_>>().map(Value::Array);
        }
        if let Ok(dict) = obj.cast::<PyDict>() {
            if obj.is_instance(self.t.js_map.bind(py))? {
                let mut entries = Vec::with_capacity(dict.len());
                for (k, v) in dict.iter() {
                    entries.push((self.read(&k)?, self.read(&v)?));
                }
                return Ok(Value::Map(entries));
            }
            let mut entries = Vec::with_capacity(dict.len());
            for (k, v) in dict.iter() {
                let Ok(key) = k.cast::<PyString>() else {
                    return Err(conversion_error(
                        py,
                        format!(
                            "dict key {} of type {} is not a str; JS object keys are strings (use jsrun.JsMap for a Map)",
                            k.repr()?,
                            k.get_type().qualname()?
                        ),
                    ));
                };
                let key = js_string(key)?;
                self.spend(py, key.byte_len())?;
                entries.push((key, self.read(&v)?));
            }
            return Ok(Value::Object(entries));
        }
        // set or frozenset
        let mut items = Vec::new();
        for item in obj.try_iter()? {
            items.push(self.read(&item?)?);
        }
        Ok(Value::Set(items))
    }
}

fn bigint(obj: &Bound<'_, PyAny>) -> PyResult<BigInt> {
    let n: num_bigint::BigInt = obj.extract()?;
    let (sign, words) = n.to_u64_digits();
    Ok(BigInt { negative: sign == num_bigint::Sign::Minus, words })
}

/// A datetime as ms since the epoch; naive values are taken as UTC.
fn date(t: &PyTypes, obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    let at = if obj.getattr("tzinfo")?.is_none() {
        obj.extract::<chrono::NaiveDateTime>()?.and_utc()
    } else {
        // Python applies the zone's rules (zoneinfo zones are not fixed offsets).
        obj.call_method1("astimezone", (t.utc(obj.py())?.bind(obj.py()),))?
            .extract::<chrono::DateTime<chrono::Utc>>()?
    };
    // JS time values are whole milliseconds: sub-millisecond parts are dropped.
    Ok(Value::Date(at.timestamp_millis() as f64))
}

/// A Python `bytes` object lent to a conversion. `bytes` are immutable and
/// their buffer never moves while the object lives, which the reference
/// held here guarantees; so they can be read on a thread without the GIL.
struct LentBytes {
    _owner: Py<PyBytes>,
    data: *const u8,
    len: usize,
}

// SAFETY: the pointed-to bytes are immutable and kept alive by `_owner`
// (whose own refcount PyO3 adjusts safely from any thread).
unsafe impl Send for LentBytes {}
// SAFETY: as above; nothing is ever written through `data`.
unsafe impl Sync for LentBytes {}

impl LentBytes {
    fn new(bytes: &Bound<'_, PyBytes>) -> Self {
        let slice = bytes.as_bytes();
        LentBytes { _owner: bytes.clone().unbind(), data: slice.as_ptr(), len: slice.len() }
    }
}

impl AsRef<[u8]> for LentBytes {
    fn as_ref(&self) -> &[u8] {
        // SAFETY: see the type's comment: `len` bytes at `data` stay valid
        // and unchanged while `_owner` lives.
        unsafe { std::slice::from_raw_parts(self.data, self.len) }
    }
}

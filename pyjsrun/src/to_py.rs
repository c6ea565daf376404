//! [`Value`] → Python objects (with the GIL held, after the isolate was left).
use std::ffi::c_char;

use jsrun_runtime::{BigInt, ErrorInfo, JsString, Value, ViewKind};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyFloat, PyList, PySet, PyString};

use crate::errors::conversion_error;
use crate::function::PyJsFunction;
use crate::state::RuntimeRef;
use crate::types::{types, PyTypes};

pub(crate) fn to_py(py: Python<'_>, value: &Value, ctx: &RuntimeRef) -> PyResult<Py<PyAny>> {
    // Scalars skip the builder: they are the hot path of `eval`.
    match value {
        Value::Int(i) => Ok(i.into_pyobject(py)?.into_any().unbind()),
        Value::Float(f) => Ok(PyFloat::new(py, *f).into_any().unbind()),
        Value::Null => Ok(py.None()),
        Value::Bool(b) => Ok(b.into_pyobject(py)?.to_owned().into_any().unbind()),
        _ => Builder { py, t: types(py)?, ctx: Some(ctx), containers: Vec::new(), depth: 0 }
            .build(value)
            .map(Bound::unbind),
    }
}

/// A `JavaScriptError` instance describing `info` (raised or returned as a value).
pub(crate) fn error_object<'py>(
    py: Python<'py>,
    info: &ErrorInfo,
    ctx: Option<&RuntimeRef>,
) -> PyResult<Bound<'py, PyAny>> {
    Builder { py, t: types(py)?, ctx, containers: Vec::new(), depth: 0 }.error(info)
}

pub(crate) fn string<'py>(py: Python<'py>, s: &JsString) -> PyResult<Bound<'py, PyAny>> {
    match s {
        JsString::Utf8(text) => Ok(PyString::new(py, text).into_any()),
        JsString::Latin1(bytes) => {
            let len = isize::try_from(bytes.len()).map_err(|_| conversion_error(py, "string too long"))?;
            // SAFETY: the buffer is valid for `len` bytes; a NULL result sets a Python error.
            unsafe {
                Bound::from_owned_ptr_or_err(
                    py,
                    ffi::PyUnicode_DecodeLatin1(bytes.as_ptr().cast::<c_char>(), len, std::ptr::null()),
                )
            }
        }
        JsString::Utf16(units) => {
            let len = isize::try_from(units.len() * 2).map_err(|_| conversion_error(py, "string too long"))?;
            let mut byte_order: std::ffi::c_int = -1; // little-endian, as Vec<u16> on x86_64/aarch64
                                                      // "surrogatepass" keeps lone surrogates as the same code points: lossless both ways.
                                                      // SAFETY: the buffer is valid for `len` bytes; a NULL result sets a Python error.
            unsafe {
                Bound::from_owned_ptr_or_err(
                    py,
                    ffi::PyUnicode_DecodeUTF16(
                        units.as_ptr().cast::<c_char>(),
                        len,
                        c"surrogatepass".as_ptr(),
                        &mut byte_order,
                    ),
                )
            }
        }
    }
}

/// `array.array` type codes for typed arrays (`i`/`I` are 32-bit and `q`/`Q` 64-bit on Linux).
fn typecode(kind: ViewKind) -> Option<&'static str> {
    Some(match kind {
        ViewKind::Int8 => "b",
        ViewKind::Uint8 | ViewKind::Uint8Clamped => "B",
        ViewKind::Int16 => "h",
        ViewKind::Uint16 => "H",
        ViewKind::Int32 => "i",
        ViewKind::Uint32 => "I",
        ViewKind::Float32 => "f",
        ViewKind::Float64 => "d",
        ViewKind::BigInt64 => "q",
        ViewKind::BigUint64 => "Q",
        ViewKind::DataView => return None,
    })
}

struct Builder<'a, 'py> {
    py: Python<'py>,
    t: &'a PyTypes,
    /// Needed to wrap JS functions; without it they cannot be converted.
    ctx: Option<&'a RuntimeRef>,
    /// Containers by pre-order id; `None` while a Set is still being filled.
    containers: Vec<Option<Bound<'py, PyAny>>>,
    /// Containers entered, for the stack check.
    depth: usize,
}

impl<'py> Builder<'_, 'py> {
    /// The value as a Python object; nesting is checked against this
    /// thread's stack (the walk recurses on it).
    fn build(&mut self, value: &Value) -> PyResult<Bound<'py, PyAny>> {
        if !matches!(value, Value::Array(_) | Value::Object(_) | Value::Map(_) | Value::Set(_)) {
            return self.build_value(value);
        }
        jsrun_runtime::limits::check_stack(self.depth).map_err(|m| conversion_error(self.py, m))?;
        self.depth += 1;
        let built = self.build_value(value);
        self.depth -= 1;
        built
    }

    fn build_value(&mut self, value: &Value) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        Ok(match value {
            Value::Undefined => self.t.undefined.bind(py).clone(),
            Value::Null => py.None().into_bound(py),
            Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
            Value::Int(i) => i.into_pyobject(py)?.into_any(),
            Value::Float(f) => PyFloat::new(py, *f).into_any(),
            Value::BigInt(b) => self.bigint(b)?,
            Value::String(s) => string(py, s)?,
            Value::Bytes(b) | Value::ArrayBuffer(b) => PyBytes::new(py, b).into_any(),
            Value::HostBytes(b) => PyBytes::new(py, (*b.0).as_ref()).into_any(),
            Value::View { kind, bytes } => match typecode(*kind) {
                Some(code) => self.t.array(py)?.bind(py).call1((code, PyBytes::new(py, bytes)))?,
                None => PyBytes::new(py, bytes).into_any(),
            },
            Value::Date(ms) => {
                let out_of_range = || conversion_error(py, format!("Date {ms} ms is outside Python's datetime range"));
                let whole = Some(*ms).filter(|ms| ms.is_finite()).map(|ms| ms as i64);
                let at = whole.and_then(chrono::DateTime::from_timestamp_millis).ok_or_else(out_of_range)?;
                at.into_pyobject(py).map_err(|_| out_of_range())?.into_any()
            }
            Value::Error(info) => self.error(info)?,
            Value::Function(f) => match self.ctx {
                Some(ctx) => Bound::new(py, PyJsFunction::new(ctx, f.clone()))?.into_any(),
                None => return Err(conversion_error(py, "cannot convert a JS function here")),
            },
            Value::Host(_) => return Err(conversion_error(py, "a host function cannot come back from JS")),
            Value::Stream(f) => match self.ctx {
                Some(ctx) => {
                    let handle = Py::new(py, crate::function::PyJsFunction::new(ctx, f.clone()))?;
                    let meter = crate::stats::StreamMeter::open(ctx, true);
                    self.t.js_stream(py)?.bind(py).call1((handle, meter))?
                }
                None => return Err(conversion_error(py, "a stream cannot be converted here")),
            },
            Value::Source(_) => return Err(conversion_error(py, "a stream source cannot come back from JS")),
            Value::Promise(p) => match self.ctx {
                Some(ctx) => {
                    let handle = Py::new(py, crate::function::PyJsFunction::new(ctx, p.clone()))?;
                    self.t.pending_promise(py)?.bind(py).call1((handle,))?
                }
                None => return Err(conversion_error(py, "a pending promise cannot be converted here")),
            },
            Value::Ref(id) => match self.containers.get(*id as usize) {
                Some(Some(obj)) => obj.clone(),
                _ => return Err(conversion_error(py, "a Set that contains itself cannot be converted")),
            },
            Value::Array(items) => {
                let list = PyList::empty(py);
                self.containers.push(Some(list.clone().into_any()));
                for item in items {
                    list.append(self.build(item)?)?;
                }
                list.into_any()
            }
            Value::Object(entries) => {
                let dict = PyDict::new(py);
                self.containers.push(Some(dict.clone().into_any()));
                for (key, item) in entries {
                    dict.set_item(string(py, key)?, self.build(item)?)?;
                }
                dict.into_any()
            }
            Value::Map(entries) => {
                let map = self.t.js_map.bind(py).call0()?;
                self.containers.push(Some(map.clone()));
                for (key, item) in entries {
                    let key = self.build(key)?;
                    if key.hash().is_err() {
                        return Err(conversion_error(
                            py,
                            format!("a Map key of type {} is not hashable in Python", key.get_type().name()?),
                        ));
                    }
                    let before = map.len()?;
                    map.set_item(&key, self.build(item)?)?;
                    if map.len()? == before {
                        return Err(conversion_error(
                            py,
                            format!("two keys of a Map are the same Python key {} (e.g. 1 and true)", key.repr()?),
                        ));
                    }
                }
                map
            }
            Value::Set(items) => {
                let id = self.containers.len();
                self.containers.push(None);
                let set = PySet::empty(py)?;
                for item in items {
                    let item = self.build(item)?;
                    if item.hash().is_err() {
                        return Err(conversion_error(
                            py,
                            format!("a Set element of type {} is not hashable in Python", item.get_type().name()?),
                        ));
                    }
                    let before = set.len();
                    set.add(&item)?;
                    if set.len() == before {
                        return Err(conversion_error(
                            py,
                            format!(
                                "two elements of a Set are the same Python value {} (e.g. 1 and true)",
                                item.repr()?
                            ),
                        ));
                    }
                }
                if let Some(slot) = self.containers.get_mut(id) {
                    *slot = Some(set.clone().into_any());
                }
                set.into_any()
            }
        })
    }

    fn bigint(&self, b: &BigInt) -> PyResult<Bound<'py, PyAny>> {
        let sign = if b.negative { num_bigint::Sign::Minus } else { num_bigint::Sign::Plus };
        let digits = b.words.iter().flat_map(|w| [*w as u32, (*w >> 32) as u32]).collect();
        let n = num_bigint::BigInt::new(sign, digits);
        self.t.bigint.bind(self.py).call1((n,))
    }

    fn error(&mut self, info: &ErrorInfo) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        let frames = PyList::empty(py);
        for frame in &info.frames {
            let d = PyDict::new(py);
            if let Some(f) = &frame.function_name {
                d.set_item("function_name", f)?;
            }
            if let Some(f) = &frame.file_name {
                d.set_item("file_name", f)?;
            }
            if frame.line_number > 0 {
                d.set_item("line_number", frame.line_number)?;
            }
            if frame.column_number > 0 {
                d.set_item("column_number", frame.column_number)?;
            }
            frames.append(d)?;
        }
        let kwargs = PyDict::new(py);
        kwargs.set_item("name", info.name.as_deref())?;
        kwargs.set_item("stack", info.stack.as_deref())?;
        kwargs.set_item("frames", frames)?;
        if let Some(thrown) = &info.thrown {
            let mut inner = Builder { py, t: self.t, ctx: self.ctx, containers: Vec::new(), depth: self.depth };
            kwargs.set_item("value", inner.build(thrown)?)?;
        }
        self.t.js_error.bind(py).call((info.message.as_str(),), Some(&kwargs))
    }
}

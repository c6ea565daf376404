//! The owned form of a value crossing between JS and the host. JS values are
//! read into it while the isolate is locked, and host values are written from
//! it, so neither side needs the other's lock (see ARCHITECTURE.md).
//!
//! RuntimeState references: every `Array`, `Object`, `Map` and `Set` gets an id, its
//! position in a pre-order walk of the tree counting only those four; `Ref(id)`
//! stands for a container seen before (shared, or a cycle back to an ancestor).
use std::any::Any;
use std::fmt;
use std::sync::Arc;

use crate::handle::HostGlobal;
use crate::host::HostFunction;

/// A string as V8 or the host holds it; all three are lossless, lone UTF-16
/// surrogates included.
#[derive(Debug, Clone, PartialEq)]
pub enum JsString {
    /// Valid UTF-8 (the host's fast path).
    Utf8(String),
    /// One byte per UTF-16 unit (Latin-1), as V8 stores most strings.
    Latin1(Vec<u8>),
    /// UTF-16 code units, possibly with lone surrogates.
    Utf16(Vec<u16>),
}

impl JsString {
    /// Length in bytes of the stored form (for size budgets).
    pub fn byte_len(&self) -> usize {
        match self {
            JsString::Utf8(s) => s.len(),
            JsString::Latin1(b) => b.len(),
            JsString::Utf16(u) => u.len() * 2,
        }
    }

    /// Lossy text, for messages.
    pub fn to_string_lossy(&self) -> String {
        match self {
            JsString::Utf8(s) => s.clone(),
            JsString::Latin1(b) => b.iter().map(|&c| char::from(c)).collect(),
            JsString::Utf16(u) => String::from_utf16_lossy(u),
        }
    }
}

/// Borrowed text to compile or to make a string from.
#[derive(Debug, Clone, Copy)]
pub enum Text<'a> {
    Utf8(&'a str),
    Utf16(&'a [u16]),
}

impl JsString {
    /// The text without copying it (Latin-1 is widened, the rare case).
    pub fn with_text<R>(&self, f: impl FnOnce(Text<'_>) -> R) -> R {
        match self {
            JsString::Utf8(s) => f(Text::Utf8(s)),
            JsString::Utf16(u) => f(Text::Utf16(u)),
            JsString::Latin1(b) => {
                let wide: Vec<u16> = b.iter().map(|&c| u16::from(c)).collect();
                f(Text::Utf16(&wide))
            }
        }
    }
}

impl From<&str> for JsString {
    fn from(s: &str) -> Self {
        JsString::Utf8(s.to_owned())
    }
}

/// A BigInt as sign and little-endian 64-bit magnitude words.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BigInt {
    pub negative: bool,
    pub words: Vec<u64>,
}

include!(concat!(env!("OUT_DIR"), "/views.rs"));

/// One stack frame of a JS error; `None`/0 where V8 does not know.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Frame {
    pub function_name: Option<String>,
    pub file_name: Option<String>,
    /// 1-based; 0 when unknown.
    pub line_number: u32,
    /// 1-based; 0 when unknown.
    pub column_number: u32,
}

/// What is known of a JS error (thrown, or an Error object converted as a value).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ErrorInfo {
    /// `error.name`; `None` when a non-Error value was thrown.
    pub name: Option<String>,
    pub message: String,
    pub stack: Option<String>,
    pub frames: Vec<Frame>,
    /// The thrown value itself when it was not an Error (`throw {code: 1}`).
    pub thrown: Option<Box<Value>>,
    /// What the host attached when it threw this error (a Python exception).
    pub cause: Option<HostCause>,
    /// Our private mark on the error object, if the host threw it.
    pub(crate) mark: Option<u64>,
}

impl ErrorInfo {
    /// An error with a name and message only (to create a JS `Error`).
    pub fn new(name: Option<String>, message: String) -> Self {
        ErrorInfo { name, message, ..ErrorInfo::default() }
    }
}

/// An opaque host object carried by a JS error the host threw (pyjsrun puts
/// the Python exception here, to chain it when the error reaches Python).
#[derive(Clone)]
pub struct HostCause(pub Arc<dyn Any + Send + Sync>);

impl fmt::Debug for HostCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HostCause(..)")
    }
}

impl PartialEq for HostCause {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// A JS function kept alive for the host, with the object it was read from
/// (its `this` when called). Equal when it is the same handle.
#[derive(Clone)]
pub struct JsFunction {
    pub(crate) function: Arc<HostGlobal>,
    pub(crate) this: Option<Arc<HostGlobal>>,
}

impl JsFunction {
    /// A number identifying the handle (stable while it lives).
    pub fn id(&self) -> usize {
        Arc::as_ptr(&self.function) as usize
    }
}

impl fmt::Debug for JsFunction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JsFunction({:#x})", self.id())
    }
}

impl PartialEq for JsFunction {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.function, &other.function)
    }
}

/// Bytes the host owns and lends as they are (a Python `bytes` object): JS
/// gets a `Uint8Array` copied straight from them, the one copy of the trip.
/// The owner must not change them while it is alive.
#[derive(Clone)]
pub struct HostBytes(pub Arc<dyn AsRef<[u8]> + Send + Sync>);

impl fmt::Debug for HostBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HostBytes({} bytes)", (*self.0).as_ref().len())
    }
}

impl PartialEq for HostBytes {
    fn eq(&self, other: &Self) -> bool {
        (*self.0).as_ref() == (*other.0).as_ref()
    }
}

/// A host function to hand to JS as a JS function.
#[derive(Clone)]
pub struct HostFn(pub Arc<dyn HostFunction>);

impl fmt::Debug for HostFn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HostFn(..)")
    }
}

impl PartialEq for HostFn {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Undefined,
    Null,
    Bool(bool),
    /// An integral Number within ±(2^53 − 1), never −0.
    Int(i64),
    /// Any other Number (fractions, −0, NaN, ±Infinity, large magnitudes).
    Float(f64),
    BigInt(BigInt),
    String(JsString),
    /// Uint8Array contents.
    Bytes(Vec<u8>),
    /// Host-owned bytes that become a Uint8Array (host → JS only).
    HostBytes(HostBytes),
    ArrayBuffer(Vec<u8>),
    /// Other typed arrays and DataView: raw little-endian contents.
    View {
        kind: ViewKind,
        bytes: Vec<u8>,
    },
    /// Milliseconds since the epoch (never NaN).
    Date(f64),
    Array(Vec<Value>),
    Object(Vec<(JsString, Value)>),
    Map(Vec<(Value, Value)>),
    Set(Vec<Value>),
    Error(Box<ErrorInfo>),
    /// A JS function (JS → host).
    Function(JsFunction),
    /// A host function (host → JS); JS may drop it, and then it is freed.
    Host(HostFn),
    /// A JS `ReadableStream` (JS → host), as a function over a reader of it:
    /// `f("read")` → promise of `{done, value}`, `f("cancel")`, `f("stream")`.
    Stream(JsFunction),
    /// A host source (host → JS) that becomes a `ReadableStream`: an async
    /// function `(op)`, `"pull"` → `{done, value}`, `"cancel"`.
    Source(HostFn),
    /// A promise still pending when a call returned it (JS → host; see
    /// `Runtime::call_timed`): hand it to `Runtime::await_promise`.
    Promise(JsFunction),
    /// A container met before in the same walk (see the module docs).
    Ref(u32),
}

/// JS-like text of a value, for messages ("Uncaught <value>").
pub(crate) fn display(value: &Value) -> String {
    match value {
        Value::Undefined => "undefined".into(),
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) if f.is_nan() => "NaN".into(),
        Value::Float(f) if f.is_infinite() => if *f > 0.0 { "Infinity" } else { "-Infinity" }.into(),
        Value::Float(f) => f.to_string(),
        Value::BigInt(_) => "a BigInt".into(),
        Value::String(s) => s.to_string_lossy(),
        Value::Array(_) => "an Array".into(),
        Value::Function(_) | Value::Host(_) => "a function".into(),
        Value::Stream(_) | Value::Source(_) => "a ReadableStream".into(),
        Value::Promise(_) => "a Promise".into(),
        Value::Error(info) => info.message.clone(),
        _ => "#<Object>".into(),
    }
}

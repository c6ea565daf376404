//! Reading values: kinds, numbers, strings, BigInts, objects, buffers.
use std::ffi::c_int;

use super::{Env, Kind, Local, PromiseState};
use crate::error::{Error, Result};
use crate::ffi;
use crate::value::{BigInt, Frame, JsString, ViewKind};

impl<'e> Env<'e> {
    pub fn kind(&self, v: Local<'e>) -> Kind {
        // SAFETY: v is a live handle.
        match unsafe { ffi::jsr_value_kind(v.raw()) } {
            ffi::KIND_UNDEFINED => Kind::Undefined,
            ffi::KIND_NULL => Kind::Null,
            ffi::KIND_TRUE => Kind::True,
            ffi::KIND_FALSE => Kind::False,
            ffi::KIND_INT32 => Kind::Int32,
            ffi::KIND_NUMBER => Kind::Number,
            ffi::KIND_BIGINT => Kind::BigInt,
            ffi::KIND_STRING => Kind::String,
            ffi::KIND_SYMBOL => Kind::Symbol,
            ffi::KIND_FUNCTION => Kind::Function,
            ffi::KIND_ARRAY => Kind::Array,
            ffi::KIND_ARRAY_BUFFER => Kind::ArrayBuffer,
            ffi::KIND_SHARED_ARRAY_BUFFER => Kind::SharedArrayBuffer,
            ffi::KIND_TYPED_ARRAY => Kind::TypedArray,
            ffi::KIND_DATA_VIEW => Kind::DataView,
            ffi::KIND_DATE => Kind::Date,
            ffi::KIND_MAP => Kind::Map,
            ffi::KIND_SET => Kind::Set,
            ffi::KIND_PROMISE => Kind::Promise,
            ffi::KIND_ERROR => Kind::Error,
            ffi::KIND_REGEXP => Kind::RegExp,
            ffi::KIND_PROXY => Kind::Proxy,
            ffi::KIND_BOXED_PRIMITIVE => Kind::BoxedPrimitive,
            ffi::KIND_WEAK => Kind::Weak,
            ffi::KIND_WASM_MODULE => Kind::WasmModule,
            ffi::KIND_OBJECT => Kind::Object,
            ffi::KIND_MODULE_NAMESPACE => Kind::ModuleNamespace,
            _ => Kind::Other,
        }
    }

    /// Meant for `Kind::Int32` (0 for anything else).
    pub fn int32(&self, v: Local<'e>) -> i32 {
        // SAFETY: live handle; the bridge checks the kind (a default otherwise).
        unsafe { ffi::jsr_value_int32(v.raw()) }
    }

    /// Meant for `Kind::Int32` (0 for anything else).and `Kind::Number`.
    pub fn number(&self, v: Local<'e>) -> f64 {
        // SAFETY: live handle; the bridge checks the kind (a default otherwise).
        unsafe { ffi::jsr_value_number(v.raw()) }
    }

    pub fn strict_equals(&self, a: Local<'e>, b: Local<'e>) -> bool {
        // SAFETY: live handles.
        unsafe { ffi::jsr_value_strict_equals(a.raw(), b.raw()) != 0 }
    }

    /// `String(v)` as V8 prints it in messages (never throws for primitives).
    pub fn detail_string(&self, v: Local<'e>) -> Result<JsString> {
        let mut out = std::ptr::null_mut();
        // SAFETY: inside enter.
        self.check(unsafe { ffi::jsr_value_to_detail_string(self.raw, v.raw(), &mut out) })?;
        match self.local(out) {
            Some(s) => Ok(self.string(s)),
            None => Ok(JsString::Utf8(String::new())),
        }
    }

    /// Meant for `Kind::String` (empty for anything else).
    pub fn string(&self, v: Local<'e>) -> JsString {
        let mut one_byte: c_int = 0;
        // SAFETY: live handle; the bridge checks the kind and writes at most
        // the buffer's length (sized here to the string's).
        unsafe {
            let len = ffi::jsr_string_length(v.raw(), &mut one_byte);
            if one_byte != 0 {
                let mut buf = vec![0u8; len];
                ffi::jsr_string_write_one_byte(self.raw, v.raw(), buf.as_mut_ptr(), len);
                JsString::Latin1(buf)
            } else {
                let mut buf = vec![0u16; len];
                ffi::jsr_string_write_two_byte(self.raw, v.raw(), buf.as_mut_ptr(), len);
                JsString::Utf16(buf)
            }
        }
    }

    /// Lossy text of a string handle (for messages and names).
    pub fn text(&self, v: Local<'e>) -> String {
        if self.kind(v) == Kind::String {
            self.string(v).to_string_lossy()
        } else {
            String::new()
        }
    }

    /// Meant for `Kind::BigInt` (0n for anything else).
    pub fn bigint(&self, v: Local<'e>) -> BigInt {
        let mut negative: c_int = 0;
        // SAFETY: live handle; the bridge checks the kind and writes at most `count` words.
        unsafe {
            let count = ffi::jsr_bigint_word_count(v.raw());
            let mut words = vec![0u64; count];
            ffi::jsr_bigint_words(v.raw(), &mut negative, words.as_mut_ptr(), count);
            BigInt { negative: negative != 0, words }
        }
    }

    /// Meant for `Kind::Date` (NaN for anything else).
    pub fn date_time(&self, v: Local<'e>) -> f64 {
        // SAFETY: live handle; the bridge checks the kind (a default otherwise).
        unsafe { ffi::jsr_date_time(v.raw()) }
    }

    /// The primitive inside a `Kind::BoxedPrimitive`.
    pub fn unbox(&self, v: Local<'e>) -> Local<'e> {
        // SAFETY: live handle; the bridge returns v itself for other kinds.
        self.local(unsafe { ffi::jsr_boxed_value(self.raw, v.raw()) }).unwrap_or(v)
    }

    /// Meant for `Kind::Promise` (pending for anything else).
    pub fn promise_state(&self, v: Local<'e>) -> PromiseState<'e> {
        let mut result = std::ptr::null_mut();
        // SAFETY: live handle; the bridge checks the kind (a default otherwise).
        let state = unsafe { ffi::jsr_promise_state(v.raw(), &mut result) };
        match (state, self.local(result)) {
            (1, Some(r)) => PromiseState::Fulfilled(r),
            (2, Some(r)) => PromiseState::Rejected(r),
            _ => PromiseState::Pending,
        }
    }

    /// Meant for objects (0 for anything else).
    pub fn identity(&self, v: Local<'e>) -> i32 {
        // SAFETY: live handle; the bridge checks the kind.
        unsafe { ffi::jsr_object_identity(v.raw()) }
    }

    /// Own enumerable string keys of an object, as strings.
    /// The prototype of an object.
    pub fn prototype_of(&self, obj: Local<'e>) -> Option<Local<'e>> {
        // SAFETY: `obj` is an object (callers check its kind).
        self.local(unsafe { ffi::jsr_object_prototype(obj.raw()) })
    }

    pub fn keys(&self, obj: Local<'e>) -> Result<Local<'e>> {
        let mut out = std::ptr::null_mut();
        // SAFETY: inside enter; obj is an object.
        self.check(unsafe { ffi::jsr_object_keys(self.raw, obj.raw(), &mut out) })?;
        self.local(out).ok_or_else(|| Error::Internal("no keys array".into()))
    }

    pub fn get(&self, obj: Local<'e>, key: Local<'e>) -> Result<Local<'e>> {
        let mut out = std::ptr::null_mut();
        // SAFETY: inside enter; obj is an object.
        self.check(unsafe { ffi::jsr_object_get(self.raw, obj.raw(), key.raw(), &mut out) })?;
        self.returned(out, "property value")
    }

    /// `obj[name]`, with a Rust string for the key.
    pub fn get_named(&self, obj: Local<'e>, name: &str) -> Result<Local<'e>> {
        let key = self.new_string(&JsString::Utf8(name.to_owned()))?;
        self.get(obj, key)
    }

    pub fn get_index(&self, obj: Local<'e>, index: u32) -> Result<Local<'e>> {
        let mut out = std::ptr::null_mut();
        // SAFETY: inside enter; obj is an object.
        self.check(unsafe { ffi::jsr_object_get_index(self.raw, obj.raw(), index, &mut out) })?;
        self.returned(out, "element")
    }

    pub fn set(&self, obj: Local<'e>, key: Local<'e>, value: Local<'e>) -> Result<()> {
        // SAFETY: inside enter; obj is an object.
        self.check(unsafe { ffi::jsr_object_set(self.raw, obj.raw(), key.raw(), value.raw()) })
    }

    /// Defines an own data property (never runs setters).
    pub fn define(&self, obj: Local<'e>, key: Local<'e>, value: Local<'e>) -> Result<()> {
        // SAFETY: inside enter; obj is an object and key a string.
        self.check(unsafe { ffi::jsr_object_define(self.raw, obj.raw(), key.raw(), value.raw()) })
    }

    /// Meant for arrays (0 for anything else).
    pub fn array_length(&self, arr: Local<'e>) -> u32 {
        // SAFETY: live handle; the bridge checks the kind (a default otherwise).
        unsafe { ffi::jsr_array_length(arr.raw()) }
    }

    /// Entries of a Map (`[k0, v0, k1, v1, …]`) or Set (`[v0, v1, …]`).
    pub fn collection_entries(&self, collection: Local<'e>) -> Local<'e> {
        // SAFETY: inside enter; the bridge checks the kind.
        self.local(unsafe { ffi::jsr_collection_entries(self.raw, collection.raw()) })
            .unwrap_or_else(|| self.undefined())
    }

    /// Kind and byte length of a typed array or DataView.
    pub fn view_kind(&self, v: Local<'e>) -> (ViewKind, usize) {
        let mut len = 0usize;
        // SAFETY: live handle; the bridge checks the kind (a default otherwise).
        let kind = unsafe { ffi::jsr_view_kind(v.raw(), &mut len) };
        (ViewKind::from_raw(kind), len)
    }

    pub fn view_bytes(&self, v: Local<'e>, len: usize) -> Vec<u8> {
        // Not zeroed first (a megabyte of memset per copy): the length is
        // set to what the bridge wrote.
        let mut buf = Vec::with_capacity(len);
        // SAFETY: live handle; the bridge checks the kind and copies at most
        // len bytes into the capacity, returning how many.
        let copied = unsafe { ffi::jsr_view_copy(v.raw(), buf.as_mut_ptr(), len) };
        // SAFETY: the first `copied` (≤ len ≤ capacity) bytes were written.
        unsafe { buf.set_len(copied.min(len)) };
        buf
    }

    pub fn array_buffer_len(&self, v: Local<'e>) -> usize {
        // SAFETY: live handle; the bridge checks the kind (a default otherwise).
        unsafe { ffi::jsr_array_buffer_length(v.raw()) }
    }

    pub fn array_buffer_bytes(&self, v: Local<'e>, len: usize) -> Vec<u8> {
        let mut buf = Vec::with_capacity(len);
        // SAFETY: live handle; the bridge checks the kind and copies at most
        // len bytes into the capacity, returning how many.
        let copied = unsafe { ffi::jsr_array_buffer_copy(v.raw(), buf.as_mut_ptr(), len) };
        // SAFETY: the first `copied` (≤ len ≤ capacity) bytes were written.
        unsafe { buf.set_len(copied.min(len)) };
        buf
    }

    pub(crate) fn error_frames(&self, exception: Local<'e>) -> Vec<Frame> {
        // SAFETY: inside enter.
        let count = unsafe { ffi::jsr_error_frame_count(self.raw, exception.raw()) };
        (0..count)
            .map(|i| {
                let mut raw = ffi::jsr_frame {
                    line: 0,
                    column: 0,
                    function_name: std::ptr::null_mut(),
                    script_name: std::ptr::null_mut(),
                };
                // SAFETY: inside enter; raw is a valid out-pointer.
                unsafe { ffi::jsr_error_frame(self.raw, exception.raw(), i, &mut raw) };
                self.frame(&raw)
            })
            .collect()
    }

    pub(crate) fn message_location(&self, message: Local<'e>) -> Frame {
        let mut raw = ffi::jsr_frame {
            line: 0,
            column: 0,
            function_name: std::ptr::null_mut(),
            script_name: std::ptr::null_mut(),
        };
        // SAFETY: inside enter; message came from take_exception.
        unsafe { ffi::jsr_message_location(self.raw, message.raw(), &mut raw) };
        self.frame(&raw)
    }

    pub(crate) fn message_text(&self, message: Local<'e>) -> String {
        // SAFETY: inside enter; message came from take_exception.
        match self.local(unsafe { ffi::jsr_message_text(self.raw, message.raw()) }) {
            Some(s) => self.text(s),
            None => String::new(),
        }
    }

    fn frame(&self, raw: &ffi::jsr_frame) -> Frame {
        Frame {
            function_name: self.local(raw.function_name).map(|s| self.text(s)),
            file_name: self.local(raw.script_name).map(|s| self.text(s)),
            line_number: u32::try_from(raw.line).unwrap_or(0),
            column_number: u32::try_from(raw.column).unwrap_or(0),
        }
    }

    /// `arr[0..len)`, in one call.
    pub fn array_items(&self, arr: Local<'e>, len: u32) -> Result<Vec<Local<'e>>> {
        let mut raw: Vec<ffi::jsr_value> = vec![std::ptr::null_mut(); len as usize];
        // SAFETY: inside enter; `raw` holds `len` slots.
        self.check(unsafe { ffi::jsr_array_read(self.raw, arr.raw(), raw.as_mut_ptr(), len) })?;
        raw.into_iter().map(|v| self.returned(v, "array element")).collect()
    }
}

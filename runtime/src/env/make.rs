//! Making values: primitives, strings, containers, typed arrays, errors.
use std::ffi::c_int;
use std::marker::PhantomData;
use std::ptr::NonNull;

use super::{Env, Local};
use crate::error::{Error, Result};
use crate::ffi;
use crate::limits::MAX_STRING_UNITS;
use crate::value::{BigInt, JsString, ViewKind};

impl<'e> Env<'e> {
    pub fn undefined(&self) -> Local<'e> {
        // SAFETY: inside enter; V8 returns a root handle.
        let v = unsafe { ffi::jsr_undefined(self.raw) };
        match NonNull::new(v) {
            Some(v) => Local(v, PhantomData),
            // A root handle is never empty; inventing one would hand V8 a
            // dangling pointer, so a broken V8 ends the process instead.
            None => std::process::abort(),
        }
    }

    /// A value V8 handed back with a success status: never empty, so an
    /// empty one is reported, not replaced by an invented value.
    pub(super) fn returned(&self, v: ffi::jsr_value, what: &str) -> Result<Local<'e>> {
        self.local(v).ok_or_else(|| Error::Internal(format!("V8 returned no {what} (a bug in jsrun)")))
    }

    pub(super) fn made(&self, v: ffi::jsr_value, what: &str) -> Result<Local<'e>> {
        self.local(v).ok_or_else(|| Error::Conversion(format!("V8 could not create the {what}")))
    }

    pub fn null(&self) -> Result<Local<'e>> {
        // SAFETY: inside enter.
        self.made(unsafe { ffi::jsr_null(self.raw) }, "null")
    }

    pub fn boolean(&self, b: bool) -> Result<Local<'e>> {
        // SAFETY: inside enter.
        self.made(unsafe { ffi::jsr_boolean(self.raw, c_int::from(b)) }, "boolean")
    }

    pub fn new_number(&self, d: f64) -> Result<Local<'e>> {
        // SAFETY: inside enter.
        self.made(unsafe { ffi::jsr_number(self.raw, d) }, "number")
    }

    pub fn new_string(&self, s: &JsString) -> Result<Local<'e>> {
        let units = match s {
            JsString::Utf8(t) => t.len(),
            JsString::Latin1(b) => b.len(),
            JsString::Utf16(u) => u.len(),
        };
        if units > MAX_STRING_UNITS {
            return Err(Error::Conversion(format!(
                "string of {units} units is longer than V8's limit of {MAX_STRING_UNITS}"
            )));
        }
        // SAFETY: inside enter; buffers live across the call; length bounded above.
        let v = unsafe {
            match s {
                JsString::Utf8(t) => ffi::jsr_string_from_utf8(self.raw, t.as_ptr().cast(), t.len()),
                JsString::Latin1(b) => ffi::jsr_string_from_latin1(self.raw, b.as_ptr(), b.len()),
                JsString::Utf16(u) => ffi::jsr_string_from_two_byte(self.raw, u.as_ptr(), u.len()),
            }
        };
        self.made(v, "string")
    }

    pub fn new_bigint(&self, b: &BigInt) -> Result<Local<'e>> {
        if b.words.len() > (1 << 24) {
            return Err(Error::Conversion("integer is too large for a BigInt".into()));
        }
        // SAFETY: inside enter; words live across the call.
        let v =
            unsafe { ffi::jsr_bigint_from_words(self.raw, c_int::from(b.negative), b.words.as_ptr(), b.words.len()) };
        self.made(v, "BigInt")
    }

    pub fn new_date(&self, ms: f64) -> Result<Local<'e>> {
        // SAFETY: inside enter.
        self.made(unsafe { ffi::jsr_date_new(self.raw, ms) }, "Date")
    }

    pub fn new_object(&self) -> Result<Local<'e>> {
        // SAFETY: inside enter.
        self.made(unsafe { ffi::jsr_object_new(self.raw) }, "object")
    }

    /// `{keys[i]: values[i]}` made at once; keys must be distinct strings.
    pub fn object_from_entries(&self, keys: &[Local<'e>], values: &[Local<'e>]) -> Result<Local<'e>> {
        let count = keys.len().min(values.len());
        // SAFETY: inside enter; both slices hold `count` live handles.
        let made =
            unsafe { ffi::jsr_object_from_entries(self.raw, keys.as_ptr().cast(), values.as_ptr().cast(), count) };
        self.made(made, "object")
    }

    pub fn new_array(&self, len: usize) -> Result<Local<'e>> {
        let len = u32::try_from(len).map_err(|_| Error::Conversion("list is too long for a JS array".into()))?;
        // SAFETY: inside enter.
        self.made(unsafe { ffi::jsr_array_new(self.raw, len) }, "array")
    }

    pub fn new_map(&self) -> Result<Local<'e>> {
        // SAFETY: inside enter.
        self.made(unsafe { ffi::jsr_map_new(self.raw) }, "Map")
    }

    pub fn map_set(&self, map: Local<'e>, key: Local<'e>, value: Local<'e>) -> Result<()> {
        // SAFETY: inside enter; map is a Map.
        self.check(unsafe { ffi::jsr_map_set(self.raw, map.raw(), key.raw(), value.raw()) })
    }

    pub fn new_set(&self) -> Result<Local<'e>> {
        // SAFETY: inside enter.
        self.made(unsafe { ffi::jsr_set_new(self.raw) }, "Set")
    }

    pub fn set_add(&self, set: Local<'e>, value: Local<'e>) -> Result<()> {
        // SAFETY: inside enter; set is a Set.
        self.check(unsafe { ffi::jsr_set_add(self.raw, set.raw(), value.raw()) })
    }

    /// A typed array (or DataView) over a copy of `bytes`; `as_buffer` gives a bare ArrayBuffer.
    pub fn new_view(&self, kind: ViewKind, bytes: &[u8], as_buffer: bool) -> Result<Local<'e>> {
        if !bytes.len().is_multiple_of(kind.element_size()) {
            return Err(Error::Conversion(format!(
                "{} bytes is not a whole number of {}-byte elements",
                bytes.len(),
                kind.element_size()
            )));
        }
        // SAFETY: inside enter; bytes live across the call (the bridge copies them
        // into memory counted against the heap limit).
        let v =
            unsafe { ffi::jsr_view_new(self.raw, kind as c_int, bytes.as_ptr(), bytes.len(), c_int::from(as_buffer)) };
        self.local(v).ok_or_else(|| {
            Error::Conversion(format!(
                "cannot allocate {} bytes of binary data: over the runtime's max_heap_size, or out of memory",
                bytes.len()
            ))
        })
    }

    pub fn new_error(&self, message: &str, name: Option<&str>) -> Result<Local<'e>> {
        let message = self.new_string(&JsString::Utf8(message.to_owned()))?;
        let name = match name {
            Some(n) => self.new_string(&JsString::Utf8(n.to_owned()))?.raw(),
            None => std::ptr::null_mut(),
        };
        // SAFETY: inside enter; handles are live.
        self.made(unsafe { ffi::jsr_error_new(self.raw, message.raw(), name) }, "Error")
    }

    /// `arr[i] = items[i]` for every item, in one call.
    pub fn array_fill(&self, arr: Local<'e>, items: &[Local<'e>]) -> Result<()> {
        let len = u32::try_from(items.len()).map_err(|_| Error::Conversion("list is too long".into()))?;
        // SAFETY: inside enter; `Local` is repr(transparent) over the handle pointer.
        self.check(unsafe { ffi::jsr_array_fill(self.raw, arr.raw(), items.as_ptr().cast::<ffi::jsr_value>(), len) })
    }
}

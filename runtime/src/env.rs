//! Safe access to an entered isolate. An [`Env`] exists only inside
//! `IsolateCell::enter`, on the thread holding the isolate's Locker, so every
//! method may call the bridge; [`Local`]s borrow the Env and cannot outlive
//! the handle scope they live in.
use std::ffi::c_int;
use std::marker::PhantomData;
use std::ptr::NonNull;

use crate::error::{Error, Result};
use crate::ffi;
use crate::limits::MAX_STRING_UNITS;
use crate::value::{BigInt, ErrorInfo, Frame, JsString, Text, ViewKind};

/// A V8 handle, valid while its [`Env`] is.
#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct Local<'e>(NonNull<ffi::jsr_value_s>, PhantomData<&'e ()>);

impl Local<'_> {
    pub(crate) fn raw(self) -> ffi::jsr_value {
        self.0.as_ptr()
    }
}

/// The isolate and context of the current `enter` call.
pub struct Env<'e> {
    raw: *mut ffi::jsr_env,
    _scope: PhantomData<&'e mut ()>,
}

/// What `Env::kind` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Undefined,
    Null,
    True,
    False,
    Int32,
    Number,
    BigInt,
    String,
    Symbol,
    Function,
    Array,
    ArrayBuffer,
    SharedArrayBuffer,
    TypedArray,
    DataView,
    Date,
    Map,
    Set,
    Promise,
    Error,
    RegExp,
    Proxy,
    BoxedPrimitive,
    Weak,
    WasmModule,
    Object,
    Other,
}

/// Memory figures of an isolate.
#[derive(Debug, Clone, Copy, Default)]
pub struct HeapStats {
    pub total_heap_bytes: usize,
    pub used_heap_bytes: usize,
    pub heap_limit_bytes: usize,
    /// Memory V8 knows is held outside its heap (ArrayBuffers, Wasm memories).
    pub external_bytes: usize,
    /// ArrayBuffer memory handed out by our allocator (counted against the budget).
    pub array_buffer_bytes: usize,
}

/// State of a promise.
pub enum PromiseState<'e> {
    Pending,
    Fulfilled(Local<'e>),
    Rejected(Local<'e>),
}

impl<'e> Env<'e> {
    /// # Safety
    /// `raw` must be the env passed to a `jsr_enter_fn` that is still running
    /// on this thread, and the Env must not outlive that call.
    pub(crate) unsafe fn from_raw(raw: *mut ffi::jsr_env) -> Self {
        Env {
            raw,
            _scope: PhantomData,
        }
    }

    pub(crate) fn local(&self, v: ffi::jsr_value) -> Option<Local<'e>> {
        NonNull::new(v).map(|p| Local(p, PhantomData))
    }

    /// Turns a bridge status into a Result, collecting the pending exception.
    pub(crate) fn check(&self, status: c_int) -> Result<()> {
        match status {
            ffi::JSR_OK => Ok(()),
            ffi::JSR_TERMINATED => Err(Error::Terminated),
            _ => Err(Error::Js(Box::new(self.take_exception()))),
        }
    }

    fn take_exception(&self) -> ErrorInfo {
        let mut exception = std::ptr::null_mut();
        let mut message = std::ptr::null_mut();
        // SAFETY: inside enter (type invariant); out-pointers are valid.
        unsafe { ffi::jsr_env_take_exception(self.raw, &mut exception, &mut message) };
        crate::exception::describe(self, self.local(exception), self.local(message))
    }

    pub fn global(&self) -> Local<'e> {
        // SAFETY: inside enter; the global object always exists.
        self.local(unsafe { ffi::jsr_env_global(self.raw) })
            .unwrap_or_else(|| self.undefined())
    }

    /// Heap and external memory figures.
    pub fn heap_stats(&self) -> HeapStats {
        let mut raw = ffi::jsr_heap_stats::default();
        // SAFETY: inside enter; raw is a valid out-pointer.
        unsafe { ffi::jsr_env_heap_stats(self.raw, &mut raw) };
        HeapStats {
            total_heap_bytes: raw.total_heap_bytes,
            used_heap_bytes: raw.used_heap_bytes,
            heap_limit_bytes: raw.heap_limit_bytes,
            external_bytes: raw.external_bytes,
            array_buffer_bytes: raw.array_buffer_bytes,
        }
    }

    /// Bytes held outside the V8 heap (ArrayBuffers, Wasm memories).
    pub(crate) fn external_memory(&self) -> usize {
        // SAFETY: inside enter.
        usize::try_from(unsafe { ffi::jsr_env_external_memory(self.raw) }).unwrap_or(0)
    }

    /// A full garbage collection.
    pub fn collect_garbage(&self) {
        // SAFETY: inside enter.
        unsafe { ffi::jsr_env_collect_garbage(self.raw) }
    }

    /// Runs due platform tasks and then microtasks.
    pub fn pump(&self) -> Result<()> {
        // SAFETY: inside enter.
        self.check(unsafe { ffi::jsr_env_pump(self.raw) })
    }

    pub fn run_microtasks(&self) -> Result<()> {
        // SAFETY: inside enter.
        self.check(unsafe { ffi::jsr_env_run_microtasks(self.raw) })
    }

    pub(crate) fn set_stack_limit(&self, limit: usize) {
        // SAFETY: inside enter.
        unsafe { ffi::jsr_env_set_stack_limit(self.raw, limit) }
    }

    pub(crate) fn cancel_terminate(&self) {
        // SAFETY: inside enter.
        unsafe { ffi::jsr_env_cancel_terminate(self.raw) }
    }

    /// Compiles and runs a classic script; `None` names it `<eval>`.
    pub fn run_script(&self, source: Text<'_>, name: Option<&str>) -> Result<Local<'e>> {
        let (ptr, len, two_byte): (*const std::ffi::c_void, usize, c_int) = match source {
            Text::Utf8(s) => (s.as_ptr().cast(), s.len(), 0),
            Text::Utf16(u) => (u.as_ptr().cast(), u.len(), 1),
        };
        if len > i32::MAX as usize || name.is_some_and(|n| n.len() > i32::MAX as usize) {
            return Err(Error::Conversion("source text is too long".into()));
        }
        let (name_ptr, name_len) = name.map_or((std::ptr::null(), 0), |n| (n.as_ptr().cast(), n.len()));
        let mut out = std::ptr::null_mut();
        // SAFETY: inside enter; buffers outlive the call; lengths checked above.
        let status = unsafe { ffi::jsr_script_run(self.raw, ptr, len, two_byte, name_ptr, name_len, &mut out) };
        self.check(status)?;
        self.local(out)
            .ok_or_else(|| Error::Internal("script produced no value".into()))
    }

    // ---- inspection ----

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
            _ => Kind::Other,
        }
    }

    /// Only for `Kind::Int32`.
    pub fn int32(&self, v: Local<'e>) -> i32 {
        // SAFETY: caller checked the kind.
        unsafe { ffi::jsr_value_int32(v.raw()) }
    }

    /// Only for `Kind::Int32` and `Kind::Number`.
    pub fn number(&self, v: Local<'e>) -> f64 {
        // SAFETY: caller checked the kind.
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

    /// Only for `Kind::String`.
    pub fn string(&self, v: Local<'e>) -> JsString {
        let mut one_byte: c_int = 0;
        // SAFETY: caller checked the kind; buffers are sized to the length.
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

    /// Only for `Kind::BigInt`.
    pub fn bigint(&self, v: Local<'e>) -> BigInt {
        let mut negative: c_int = 0;
        // SAFETY: caller checked the kind; the buffer holds `count` words.
        unsafe {
            let count = ffi::jsr_bigint_word_count(v.raw());
            let mut words = vec![0u64; count];
            ffi::jsr_bigint_words(v.raw(), &mut negative, words.as_mut_ptr(), count);
            BigInt {
                negative: negative != 0,
                words,
            }
        }
    }

    /// Only for `Kind::Date`.
    pub fn date_time(&self, v: Local<'e>) -> f64 {
        // SAFETY: caller checked the kind.
        unsafe { ffi::jsr_date_time(v.raw()) }
    }

    /// The primitive inside a `Kind::BoxedPrimitive`.
    pub fn unbox(&self, v: Local<'e>) -> Local<'e> {
        // SAFETY: live handle; the bridge returns v itself for other kinds.
        self.local(unsafe { ffi::jsr_boxed_value(self.raw, v.raw()) })
            .unwrap_or(v)
    }

    /// Only for `Kind::Promise`.
    pub fn promise_state(&self, v: Local<'e>) -> PromiseState<'e> {
        let mut result = std::ptr::null_mut();
        // SAFETY: caller checked the kind.
        let state = unsafe { ffi::jsr_promise_state(v.raw(), &mut result) };
        match (state, self.local(result)) {
            (1, Some(r)) => PromiseState::Fulfilled(r),
            (2, Some(r)) => PromiseState::Rejected(r),
            _ => PromiseState::Pending,
        }
    }

    /// Only for objects.
    pub fn identity(&self, v: Local<'e>) -> i32 {
        // SAFETY: caller checked that v is an object.
        unsafe { ffi::jsr_object_identity(v.raw()) }
    }

    /// Own enumerable string keys of an object, as strings.
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
        Ok(self.local(out).unwrap_or_else(|| self.undefined()))
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
        Ok(self.local(out).unwrap_or_else(|| self.undefined()))
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

    /// Only for arrays.
    pub fn array_length(&self, arr: Local<'e>) -> u32 {
        // SAFETY: caller checked the kind.
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
        // SAFETY: caller checked the kind.
        let kind = unsafe { ffi::jsr_view_kind(v.raw(), &mut len) };
        (ViewKind::from_raw(kind), len)
    }

    pub fn view_bytes(&self, v: Local<'e>, len: usize) -> Vec<u8> {
        let mut buf = vec![0u8; len];
        // SAFETY: caller checked the kind; buf holds len bytes.
        unsafe { ffi::jsr_view_copy(v.raw(), buf.as_mut_ptr(), len) };
        buf
    }

    pub fn array_buffer_len(&self, v: Local<'e>) -> usize {
        // SAFETY: caller checked the kind.
        unsafe { ffi::jsr_array_buffer_length(v.raw()) }
    }

    pub fn array_buffer_bytes(&self, v: Local<'e>, len: usize) -> Vec<u8> {
        let mut buf = vec![0u8; len];
        // SAFETY: caller checked the kind; buf holds len bytes.
        unsafe { ffi::jsr_array_buffer_copy(v.raw(), buf.as_mut_ptr(), len) };
        buf
    }

    // ---- errors ----

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

    // ---- making values ----

    pub fn undefined(&self) -> Local<'e> {
        // SAFETY: inside enter; V8 returns a root handle.
        let v = unsafe { ffi::jsr_undefined(self.raw) };
        Local(NonNull::new(v).unwrap_or(NonNull::dangling()), PhantomData)
    }

    fn made(&self, v: ffi::jsr_value, what: &str) -> Result<Local<'e>> {
        self.local(v)
            .ok_or_else(|| Error::Conversion(format!("V8 could not create the {what}")))
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

    pub fn new_array(&self, len: usize) -> Result<Local<'e>> {
        let len = u32::try_from(len).map_err(|_| Error::Conversion("list is too long for a JS array".into()))?;
        // SAFETY: inside enter.
        self.made(unsafe { ffi::jsr_array_new(self.raw, len) }, "array")
    }

    pub fn array_set(&self, arr: Local<'e>, index: u32, value: Local<'e>) -> Result<()> {
        // SAFETY: inside enter; arr is an array.
        self.check(unsafe { ffi::jsr_array_set(self.raw, arr.raw(), index, value.raw()) })
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
        // SAFETY: inside enter; bytes live across the call (the bridge copies them).
        let v = unsafe {
            ffi::jsr_view_new(
                self.raw,
                kind as c_int,
                bytes.as_ptr(),
                bytes.len(),
                c_int::from(as_buffer),
            )
        };
        self.local(v)
            .ok_or_else(|| Error::Conversion(format!("out of memory allocating {} bytes", bytes.len())))
    }

    // ---- functions, promises, handles ----

    /// A JS function that calls the host dispatcher with `data`.
    pub(crate) fn new_host_function(&self, data: *mut std::ffi::c_void, name: Option<&JsString>) -> Result<Local<'e>> {
        let name = match name {
            Some(n) => self.new_string(n)?.raw(),
            None => std::ptr::null_mut(),
        };
        // SAFETY: inside enter; `data` is only passed back to our dispatcher.
        self.made(unsafe { ffi::jsr_function_new(self.raw, data, name) }, "function")
    }

    /// Calls `free(data)` once V8 has collected `f`.
    pub(crate) fn free_on_collect(&self, f: Local<'e>, data: *mut std::ffi::c_void, free: ffi::jsr_free_fn) {
        // SAFETY: inside enter; f is a function.
        unsafe { ffi::jsr_function_free_on_collect(self.raw, f.raw(), data, free) }
    }

    /// `f.call(this, ...args)`; `f` must be a function.
    pub fn call_function(&self, f: Local<'e>, this: Option<Local<'e>>, args: &[Local<'e>]) -> Result<Local<'e>> {
        let argc = c_int::try_from(args.len()).map_err(|_| Error::Conversion("too many arguments".into()))?;
        let recv = this.map_or(std::ptr::null_mut(), |t| t.raw());
        let mut out = std::ptr::null_mut();
        // SAFETY: inside enter; `Local` is repr(transparent) over the handle
        // pointer, so the slice is an array of jsr_value.
        let status = unsafe {
            ffi::jsr_function_call(
                self.raw,
                f.raw(),
                recv,
                argc,
                args.as_ptr().cast::<ffi::jsr_value>(),
                &mut out,
            )
        };
        self.check(status)?;
        Ok(self.local(out).unwrap_or_else(|| self.undefined()))
    }

    pub(crate) fn new_resolver(&self) -> Result<Local<'e>> {
        // SAFETY: inside enter.
        self.made(unsafe { ffi::jsr_resolver_new(self.raw) }, "promise")
    }

    pub(crate) fn resolver_promise(&self, resolver: Local<'e>) -> Local<'e> {
        // SAFETY: resolver came from new_resolver.
        self.local(unsafe { ffi::jsr_resolver_promise(resolver.raw()) })
            .unwrap_or(resolver)
    }

    pub(crate) fn settle_resolver(&self, resolver: Local<'e>, value: Local<'e>, reject: bool) -> Result<()> {
        // SAFETY: inside enter; resolver came from new_resolver.
        self.check(unsafe { ffi::jsr_resolver_settle(self.raw, resolver.raw(), value.raw(), c_int::from(reject)) })
    }

    /// A persistent handle to `v`; free it with `free_global` inside an enter call.
    pub(crate) fn new_global(&self, v: Local<'e>) -> *mut ffi::jsr_global {
        // SAFETY: inside enter.
        unsafe { ffi::jsr_global_new(self.raw, v.raw()) }
    }

    /// # Safety
    /// `g` must be a live handle of this isolate.
    pub(crate) unsafe fn global_value(&self, g: *mut ffi::jsr_global) -> Local<'e> {
        // SAFETY: per the contract.
        self.local(unsafe { ffi::jsr_global_get(self.raw, g) })
            .unwrap_or_else(|| self.undefined())
    }

    /// # Safety
    /// `g` must be a live handle of this isolate, not used afterwards.
    pub(crate) unsafe fn free_global(&self, g: *mut ffi::jsr_global) {
        // SAFETY: per the contract; we are inside enter.
        unsafe { ffi::jsr_global_free(g) }
    }

    pub(crate) fn set_error_mark(&self, error: Local<'e>, mark: u64) {
        // SAFETY: inside enter.
        unsafe { ffi::jsr_error_set_mark(self.raw, error.raw(), mark as f64) }
    }

    pub(crate) fn error_mark(&self, error: Local<'e>) -> Option<u64> {
        // SAFETY: inside enter.
        let mark = unsafe { ffi::jsr_error_get_mark(self.raw, error.raw()) };
        (mark >= 0.0).then_some(mark as u64)
    }

    /// Throws `exception` when the current host function returns.
    pub(crate) fn throw(&self, exception: Local<'e>) {
        // SAFETY: inside enter, within a host function call.
        unsafe { ffi::jsr_env_throw(self.raw, exception.raw()) }
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
}

/// The arguments of a host function call.
pub(crate) struct CallInfo<'e> {
    raw: *const ffi::jsr_call,
    _scope: PhantomData<&'e ()>,
}

impl<'e> CallInfo<'e> {
    /// # Safety
    /// `raw` is the call passed to the host dispatcher, still running.
    pub(crate) unsafe fn from_raw(raw: *const ffi::jsr_call) -> Self {
        CallInfo {
            raw,
            _scope: PhantomData,
        }
    }

    pub(crate) fn args(&self, env: &Env<'e>) -> Vec<Local<'e>> {
        // SAFETY: the call is live; indexes are below argc.
        let argc = unsafe { ffi::jsr_call_argc(self.raw) };
        (0..argc)
            .filter_map(|i| env.local(unsafe { ffi::jsr_call_arg(self.raw, i) }))
            .collect()
    }

    pub(crate) fn set_return(&self, value: Local<'e>) {
        // SAFETY: the call is live.
        unsafe { ffi::jsr_call_return(self.raw, value.raw()) }
    }
}

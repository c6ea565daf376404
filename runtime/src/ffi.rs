//! Raw declarations mirroring `bridge/jsr.h`. Nothing else in the crate
//! declares foreign functions, and only the safe layer (`env/`, `isolate.rs`)
//! calls them. Written by hand, not by bindgen: bindgen needs libclang at
//! build time, which neither the build machines nor a wheel build have;
//! `tests/test_layout.py` checks that this file and `jsr.h` declare the same
//! functions.
#![allow(non_camel_case_types)]

use std::ffi::{c_char, c_double, c_int, c_void};

#[repr(C)]
pub struct jsr_isolate {
    _private: [u8; 0],
}
#[repr(C)]
pub struct jsr_env {
    _private: [u8; 0],
}
#[repr(C)]
pub struct jsr_value_s {
    _private: [u8; 0],
}
/// A V8 `Local<Value>`: valid only inside the `jsr_isolate_enter` call that made it.
pub type jsr_value = *mut jsr_value_s;
#[repr(C)]
pub struct jsr_call {
    _private: [u8; 0],
}
#[repr(C)]
pub struct jsr_global {
    _private: [u8; 0],
}
#[repr(C)]
pub struct jsr_message {
    _private: [u8; 0],
}
pub type jsr_host_dispatch_fn = unsafe extern "C" fn(data: *mut c_void, env: *mut jsr_env, call: *const jsr_call);
pub type jsr_free_fn = unsafe extern "C" fn(data: *mut c_void);
pub type jsr_lazy_fn = unsafe extern "C" fn(data: *mut c_void, env: *mut jsr_env, name: jsr_value) -> jsr_value;
pub type jsr_stub_fn = unsafe extern "C" fn(
    data: *mut c_void,
    env: *mut jsr_env,
    name: jsr_value,
    receiver: jsr_value,
    value: jsr_value,
) -> jsr_value;
pub type jsr_interrupt_fn = unsafe extern "C" fn(isolate: *mut c_void, data: *mut c_void);

pub const JSR_OK: c_int = 0;
pub const JSR_TERMINATED: c_int = 2;

pub type jsr_task_posted_fn = unsafe extern "C" fn(data: *mut c_void, delay_seconds: c_double);
pub type jsr_enter_fn = unsafe extern "C" fn(data: *mut c_void, env: *mut jsr_env);

#[repr(C)]
pub struct jsr_isolate_options {
    pub initial_heap_bytes: usize,
    pub max_heap_bytes: usize,
    pub stack_trace_frames: c_int,
    pub default_script_name: *const c_char,
    pub array_buffer_budget: usize,
    pub snapshot: *const c_char,
    pub snapshot_len: usize,
}

#[repr(C)]
#[derive(Default)]
pub struct jsr_heap_stats {
    pub total_heap_bytes: usize,
    pub used_heap_bytes: usize,
    pub heap_limit_bytes: usize,
    pub external_bytes: usize,
    pub array_buffer_bytes: usize,
    pub physical_heap_bytes: usize,
}

#[repr(C)]
pub struct jsr_frame {
    pub line: c_int,
    pub column: c_int,
    pub function_name: jsr_value,
    pub script_name: jsr_value,
}

// Value kinds (jsr_value_kind).
pub const KIND_UNDEFINED: c_int = 0;
pub const KIND_NULL: c_int = 1;
pub const KIND_TRUE: c_int = 2;
pub const KIND_FALSE: c_int = 3;
pub const KIND_INT32: c_int = 4;
pub const KIND_NUMBER: c_int = 5;
pub const KIND_BIGINT: c_int = 6;
pub const KIND_STRING: c_int = 7;
pub const KIND_SYMBOL: c_int = 8;
pub const KIND_FUNCTION: c_int = 9;
pub const KIND_ARRAY: c_int = 10;
pub const KIND_ARRAY_BUFFER: c_int = 11;
pub const KIND_SHARED_ARRAY_BUFFER: c_int = 12;
pub const KIND_TYPED_ARRAY: c_int = 13;
pub const KIND_DATA_VIEW: c_int = 14;
pub const KIND_DATE: c_int = 15;
pub const KIND_MAP: c_int = 16;
pub const KIND_SET: c_int = 17;
pub const KIND_PROMISE: c_int = 18;
pub const KIND_ERROR: c_int = 19;
pub const KIND_REGEXP: c_int = 20;
pub const KIND_PROXY: c_int = 21;
pub const KIND_BOXED_PRIMITIVE: c_int = 22;
pub const KIND_WEAK: c_int = 23;
pub const KIND_WASM_MODULE: c_int = 24;
pub const KIND_OBJECT: c_int = 25;
// 26: JSR_KIND_OTHER (anything not named here).
pub const KIND_MODULE_NAMESPACE: c_int = 27;

unsafe extern "C" {
    pub fn jsr_platform_init(
        flags: *const c_char,
        dispatch: jsr_host_dispatch_fn,
        lazy: jsr_lazy_fn,
        stub: jsr_stub_fn,
    );
    pub fn jsr_platform_version() -> *const c_char;

    pub fn jsr_isolate_new(
        options: *const jsr_isolate_options,
        on_task: jsr_task_posted_fn,
        task_data: *mut c_void,
    ) -> *mut jsr_isolate;
    pub fn jsr_isolate_dispose(iso: *mut jsr_isolate);
    pub fn jsr_isolate_enter(iso: *mut jsr_isolate, f: jsr_enter_fn, data: *mut c_void);
    pub fn jsr_isolate_terminate(iso: *mut jsr_isolate);
    pub fn jsr_isolate_heap_limit_hit(iso: *mut jsr_isolate) -> c_int;
    pub fn jsr_isolate_request_interrupt(iso: *mut jsr_isolate, f: jsr_interrupt_fn, data: *mut c_void);
    pub fn jsr_env_heap_stats(env: *mut jsr_env, out: *mut jsr_heap_stats);
    pub fn jsr_env_external_memory(env: *mut jsr_env) -> i64;

    pub fn jsr_env_cancel_terminate(env: *mut jsr_env);
    pub fn jsr_env_set_stack_limit(env: *mut jsr_env, limit: usize);
    pub fn jsr_env_pump(env: *mut jsr_env) -> c_int;
    pub fn jsr_env_has_background_work(env: *mut jsr_env) -> c_int;
    pub fn jsr_env_run_microtasks(env: *mut jsr_env) -> c_int;
    pub fn jsr_env_set_tick_drain(env: *mut jsr_env, drain: jsr_value, flags: jsr_value);
    pub fn jsr_env_take_exception(env: *mut jsr_env, exception: *mut jsr_value, message: *mut jsr_value);
    pub fn jsr_env_global(env: *mut jsr_env) -> jsr_value;
    pub fn jsr_env_collect_garbage(env: *mut jsr_env);
    pub fn jsr_env_async_context(env: *mut jsr_env) -> jsr_value;
    pub fn jsr_env_set_async_context(env: *mut jsr_env, value: jsr_value);
    pub fn jsr_env_take_rejection(env: *mut jsr_env, promise: *mut jsr_value, reason: *mut jsr_value) -> c_int;
    pub fn jsr_env_end_task(env: *mut jsr_env, result: jsr_value) -> c_int;

    pub fn jsr_script_run_cached(
        env: *mut jsr_env,
        source: *const c_char,
        len: usize,
        name: *const c_char,
        name_len: usize,
        cache: *const c_char,
        cache_len: usize,
        result: *mut jsr_value,
        produced: *mut *const c_char,
        produced_len: *mut usize,
    ) -> c_int;
    pub fn jsr_function_compile(
        env: *mut jsr_env,
        source: *const c_char,
        len: usize,
        name: *const c_char,
        name_len: usize,
        params: *const *const c_char,
        param_lens: *const usize,
        param_count: usize,
        cache: *const c_char,
        cache_len: usize,
        result: *mut jsr_value,
        rejected: *mut c_int,
    ) -> c_int;
    pub fn jsr_function_code_cache(
        env: *mut jsr_env,
        function: jsr_value,
        produced: *mut *const c_char,
        produced_len: *mut usize,
    );
    pub fn jsr_script_run(
        env: *mut jsr_env,
        source: *const c_void,
        len: usize,
        two_byte: c_int,
        name: *const c_char,
        name_len: usize,
        result: *mut jsr_value,
    ) -> c_int;

    pub fn jsr_vm_context_new(
        env: *mut jsr_env,
        sandbox: jsr_value,
        strings: c_int,
        name: *const c_char,
        name_len: usize,
        lazy: jsr_value,
        filler: jsr_value,
        global: *mut jsr_value,
    ) -> c_int;
    pub fn jsr_vm_run(
        env: *mut jsr_env,
        global: jsr_value,
        source: *const c_char,
        len: usize,
        name: *const c_char,
        name_len: usize,
        result: *mut jsr_value,
    ) -> c_int;

    pub fn jsr_function_new(env: *mut jsr_env, data: *mut c_void, name: jsr_value) -> jsr_value;
    pub fn jsr_function_free_on_collect(env: *mut jsr_env, f: jsr_value, data: *mut c_void, free_data: jsr_free_fn);
    pub fn jsr_call_argc(call: *const jsr_call) -> c_int;
    pub fn jsr_call_arg(call: *const jsr_call, i: c_int) -> jsr_value;
    pub fn jsr_call_return(call: *const jsr_call, value: jsr_value);
    pub fn jsr_env_throw(env: *mut jsr_env, exception: jsr_value);
    pub fn jsr_function_call(
        env: *mut jsr_env,
        f: jsr_value,
        recv: jsr_value,
        argc: c_int,
        argv: *const jsr_value,
        out: *mut jsr_value,
    ) -> c_int;
    pub fn jsr_resolver_new(env: *mut jsr_env) -> jsr_value;
    pub fn jsr_resolver_promise(resolver: jsr_value) -> jsr_value;
    pub fn jsr_resolver_settle(env: *mut jsr_env, resolver: jsr_value, value: jsr_value, reject: c_int) -> c_int;

    pub fn jsr_global_new(env: *mut jsr_env, value: jsr_value) -> *mut jsr_global;
    pub fn jsr_global_get(env: *mut jsr_env, g: *mut jsr_global) -> jsr_value;
    pub fn jsr_global_free(g: *mut jsr_global);
    pub fn jsr_error_set_mark(env: *mut jsr_env, error: jsr_value, mark: f64);
    pub fn jsr_error_get_mark(env: *mut jsr_env, error: jsr_value) -> f64;

    pub fn jsr_value_kind(v: jsr_value) -> c_int;
    pub fn jsr_value_int32(v: jsr_value) -> i32;
    pub fn jsr_value_number(v: jsr_value) -> f64;
    pub fn jsr_value_strict_equals(a: jsr_value, b: jsr_value) -> c_int;
    pub fn jsr_value_to_detail_string(env: *mut jsr_env, v: jsr_value, out: *mut jsr_value) -> c_int;
    pub fn jsr_undefined(env: *mut jsr_env) -> jsr_value;
    pub fn jsr_null(env: *mut jsr_env) -> jsr_value;
    pub fn jsr_boolean(env: *mut jsr_env, b: c_int) -> jsr_value;
    pub fn jsr_number(env: *mut jsr_env, d: f64) -> jsr_value;

    pub fn jsr_string_length(s: jsr_value, one_byte: *mut c_int) -> usize;
    pub fn jsr_string_write_one_byte(env: *mut jsr_env, s: jsr_value, out: *mut u8, len: usize);
    pub fn jsr_string_write_two_byte(env: *mut jsr_env, s: jsr_value, out: *mut u16, len: usize);
    pub fn jsr_string_from_utf8(env: *mut jsr_env, s: *const c_char, len: usize) -> jsr_value;
    pub fn jsr_string_from_latin1(env: *mut jsr_env, s: *const u8, len: usize) -> jsr_value;
    pub fn jsr_string_from_two_byte(env: *mut jsr_env, s: *const u16, len: usize) -> jsr_value;

    pub fn jsr_bigint_word_count(v: jsr_value) -> usize;
    pub fn jsr_bigint_words(v: jsr_value, negative: *mut c_int, words: *mut u64, count: usize);
    pub fn jsr_bigint_from_words(env: *mut jsr_env, negative: c_int, words: *const u64, count: usize) -> jsr_value;

    pub fn jsr_date_time(v: jsr_value) -> f64;
    pub fn jsr_date_new(env: *mut jsr_env, ms: f64) -> jsr_value;
    pub fn jsr_boxed_value(env: *mut jsr_env, v: jsr_value) -> jsr_value;
    pub fn jsr_promise_state(v: jsr_value, result: *mut jsr_value) -> c_int;

    pub fn jsr_object_identity(v: jsr_value) -> c_int;
    pub fn jsr_object_prototype(v: jsr_value) -> jsr_value;
    pub fn jsr_object_keys(env: *mut jsr_env, obj: jsr_value, keys: *mut jsr_value) -> c_int;
    pub fn jsr_object_get(env: *mut jsr_env, obj: jsr_value, key: jsr_value, out: *mut jsr_value) -> c_int;
    pub fn jsr_object_get_index(env: *mut jsr_env, obj: jsr_value, index: u32, out: *mut jsr_value) -> c_int;
    pub fn jsr_object_set(env: *mut jsr_env, obj: jsr_value, key: jsr_value, value: jsr_value) -> c_int;
    pub fn jsr_object_define(env: *mut jsr_env, obj: jsr_value, key: jsr_value, value: jsr_value) -> c_int;
    pub fn jsr_object_define_stub(
        env: *mut jsr_env,
        obj: jsr_value,
        name: jsr_value,
        data: *mut c_void,
        accessor: c_int,
    ) -> c_int;
    pub fn jsr_object_unstub(env: *mut jsr_env, obj: jsr_value, name: jsr_value, value: jsr_value) -> c_int;
    pub fn jsr_object_define_lazy(
        env: *mut jsr_env,
        obj: jsr_value,
        name: jsr_value,
        data: *mut c_void,
        read_only: c_int,
    ) -> c_int;
    pub fn jsr_object_new(env: *mut jsr_env) -> jsr_value;
    pub fn jsr_object_from_entries(
        env: *mut jsr_env,
        keys: *const jsr_value,
        values: *const jsr_value,
        count: usize,
    ) -> jsr_value;
    pub fn jsr_array_length(arr: jsr_value) -> u32;
    pub fn jsr_array_new(env: *mut jsr_env, len: u32) -> jsr_value;
    pub fn jsr_array_fill(env: *mut jsr_env, arr: jsr_value, items: *const jsr_value, len: u32) -> c_int;
    pub fn jsr_array_read(env: *mut jsr_env, arr: jsr_value, out: *mut jsr_value, len: u32) -> c_int;
    pub fn jsr_collection_entries(env: *mut jsr_env, collection: jsr_value) -> jsr_value;
    pub fn jsr_map_new(env: *mut jsr_env) -> jsr_value;
    pub fn jsr_map_set(env: *mut jsr_env, map: jsr_value, key: jsr_value, value: jsr_value) -> c_int;
    pub fn jsr_set_new(env: *mut jsr_env) -> jsr_value;
    pub fn jsr_set_add(env: *mut jsr_env, set: jsr_value, value: jsr_value) -> c_int;

    pub fn jsr_view_kind(v: jsr_value, byte_length: *mut usize) -> c_int;
    pub fn jsr_view_copy(v: jsr_value, out: *mut u8, len: usize) -> usize;
    pub fn jsr_array_buffer_length(v: jsr_value) -> usize;
    pub fn jsr_array_buffer_copy(v: jsr_value, out: *mut u8, len: usize) -> usize;
    pub fn jsr_view_new(env: *mut jsr_env, kind: c_int, data: *const u8, len: usize, as_buffer: c_int) -> jsr_value;

    pub fn jsr_error_frame_count(env: *mut jsr_env, exception: jsr_value) -> c_int;
    pub fn jsr_error_frame(env: *mut jsr_env, exception: jsr_value, index: c_int, out: *mut jsr_frame);
    pub fn jsr_message_location(env: *mut jsr_env, message: jsr_value, out: *mut jsr_frame);
    pub fn jsr_message_text(env: *mut jsr_env, message: jsr_value) -> jsr_value;
    pub fn jsr_error_new(env: *mut jsr_env, message: jsr_value, name: jsr_value) -> jsr_value;
}

#[cfg(feature = "inspector")]
#[repr(C)]
pub struct jsr_inspector {
    _private: [u8; 0],
}

#[cfg(feature = "inspector")]
#[repr(C)]
pub struct jsr_inspector_callbacks {
    pub data: *mut c_void,
    pub on_pause: unsafe extern "C" fn(data: *mut c_void),
    pub on_resume: unsafe extern "C" fn(data: *mut c_void),
    pub on_run: unsafe extern "C" fn(data: *mut c_void),
    pub on_message:
        unsafe extern "C" fn(data: *mut c_void, session: u64, chars: *const c_void, len: usize, two_byte: c_int),
}

#[cfg(feature = "inspector")]
unsafe extern "C" {
    pub fn jsr_inspector_new(
        env: *mut jsr_env,
        callbacks: *const jsr_inspector_callbacks,
        name: *const c_char,
    ) -> *mut jsr_inspector;
    pub fn jsr_inspector_connect(ins: *mut jsr_inspector, session: u64);
    pub fn jsr_inspector_disconnect(ins: *mut jsr_inspector, session: u64);
    pub fn jsr_inspector_dispatch(ins: *mut jsr_inspector, session: u64, message: *const c_char, len: usize);
    pub fn jsr_inspector_pause_on_next_statement(ins: *mut jsr_inspector, reason: *const c_char);
    pub fn jsr_inspector_exception_thrown(
        env: *mut jsr_env,
        ins: *mut jsr_inspector,
        exception: jsr_value,
        message: jsr_value,
        promise: jsr_value,
    );
    pub fn jsr_inspector_exception_revoked(env: *mut jsr_env, ins: *mut jsr_inspector, promise: jsr_value);
}

#[repr(C)]
pub struct jsr_backing {
    _private: [u8; 0],
}

unsafe extern "C" {
    pub fn jsr_wasm_compile(env: *mut jsr_env, bytes: *const u8, len: usize, out: *mut jsr_value) -> c_int;
    pub fn jsr_wasm_memory_backing(memory: jsr_value, data: *mut *mut c_void, len: *mut usize) -> *mut jsr_backing;
    pub fn jsr_backing_free(backing: *mut jsr_backing);
}

#[repr(C)]
pub struct jsr_module_callbacks {
    pub resolve: unsafe extern "C" fn(
        host: *mut c_void,
        env: *mut jsr_env,
        specifier: jsr_value,
        referrer: jsr_value,
    ) -> jsr_value,
    pub import: unsafe extern "C" fn(
        host: *mut c_void,
        env: *mut jsr_env,
        specifier: jsr_value,
        referrer_name: jsr_value,
    ) -> jsr_value,
    pub meta: unsafe extern "C" fn(host: *mut c_void, env: *mut jsr_env, module: jsr_value, meta: jsr_value),
}

unsafe extern "C" {
    pub fn jsr_modules_init(callbacks: *const jsr_module_callbacks);
    pub fn jsr_env_set_module_host(env: *mut jsr_env, host: *mut c_void);
    pub fn jsr_module_compile(
        env: *mut jsr_env,
        source: *const c_char,
        len: usize,
        url: *const c_char,
        url_len: usize,
        cache: *const c_char,
        cache_len: usize,
        out: *mut jsr_value,
        rejected: *mut c_int,
    ) -> c_int;
    pub fn jsr_module_code_cache(
        env: *mut jsr_env,
        module: jsr_value,
        produced: *mut *const c_char,
        produced_len: *mut usize,
    );
    pub fn jsr_module_request_count(env: *mut jsr_env, module: jsr_value) -> c_int;
    pub fn jsr_module_request(env: *mut jsr_env, module: jsr_value, index: c_int) -> jsr_value;
    pub fn jsr_module_evaluate(env: *mut jsr_env, module: jsr_value, promise: *mut jsr_value) -> c_int;
    pub fn jsr_module_namespace(module: jsr_value) -> jsr_value;
    pub fn jsr_module_identity(module: jsr_value) -> c_int;
    pub fn jsr_module_is(env: *mut jsr_env, module: jsr_value, global: *mut jsr_global) -> c_int;
}

#[repr(C)]
pub struct jsr_snapshot {
    _private: [u8; 0],
}

unsafe extern "C" {
    pub fn jsr_structured_clone(
        env: *mut jsr_env,
        value: jsr_value,
        transfer: jsr_value,
        hooks: jsr_value,
        out: *mut jsr_value,
    ) -> c_int;
    pub fn jsr_platform_object_base(env: *mut jsr_env, out: *mut jsr_value) -> c_int;
    pub fn jsr_message_write(
        env: *mut jsr_env,
        value: jsr_value,
        transfer: jsr_value,
        hooks: jsr_value,
        out: *mut *mut jsr_message,
    ) -> c_int;
    pub fn jsr_message_read(
        env: *mut jsr_env,
        message: *const jsr_message,
        hooks: jsr_value,
        out: *mut jsr_value,
    ) -> c_int;
    pub fn jsr_message_size(message: *const jsr_message) -> usize;
    pub fn jsr_message_free(message: *mut jsr_message);
}

unsafe extern "C" {
    pub fn jsr_snapshot_new(
        default_script_name: *const c_char,
        blob: *const c_char,
        blob_len: usize,
    ) -> *mut jsr_snapshot;
    pub fn jsr_snapshot_enter(s: *mut jsr_snapshot, f: jsr_enter_fn, data: *mut c_void);
    pub fn jsr_snapshot_build(s: *mut jsr_snapshot, data: *mut *const c_char, len: *mut usize) -> c_int;
    pub fn jsr_blob_free(data: *const c_char);
    pub fn jsr_snapshot_terminate(s: *mut jsr_snapshot);
    pub fn jsr_snapshot_free(s: *mut jsr_snapshot);
    pub fn jsr_snapshot_open_creators() -> c_int;
    pub fn jsr_snapshot_valid(data: *const c_char, len: usize) -> c_int;
}

unsafe extern "C" {
    pub fn jsr_script_compile(
        env: *mut jsr_env,
        source: *const c_char,
        len: usize,
        name: *const c_char,
        name_len: usize,
        unbound: *mut jsr_value,
    ) -> c_int;
    pub fn jsr_script_run_unbound(env: *mut jsr_env, unbound: jsr_value, result: *mut jsr_value) -> c_int;
}

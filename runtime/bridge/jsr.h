/* The ABI between the C++ bridge and Rust (runtime/src/ffi.rs mirrors it).
 *
 * Rules: plain C types only; no C++ exception crosses this boundary; no
 * policy (limits, formatting) lives on this side. A `jsr_value` is a V8
 * `Local<Value>` (a pointer to a handle slot) and is valid only inside the
 * `jsr_isolate_enter` call that produced it. Functions taking a `jsr_env`
 * may only be called from inside that call, on its thread. A function that
 * can throw returns a status (or NULL) only with the exception kept for
 * jsr_env_take_exception; any other NULL is the "none" its comment names. */
#ifndef JSR_H
#define JSR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
/* No C++ exception may cross into Rust: one that reaches an entry point
 * terminates the process instead of unwinding through Rust frames. */
#define JSR_NOEXCEPT noexcept
extern "C" {
#else
#define JSR_NOEXCEPT
#endif

typedef struct jsr_isolate jsr_isolate;
typedef struct jsr_env jsr_env;
typedef struct jsr_value_s* jsr_value;
typedef struct jsr_call jsr_call;     /* a v8::FunctionCallbackInfo */
typedef struct jsr_global jsr_global; /* a v8::Global<Value> */
#ifdef __cplusplus
}  /* extern "C" */
namespace v8 {
class Isolate;
}
extern "C" {
typedef v8::Isolate* v8_isolate_ptr;
#else
typedef void* v8_isolate_ptr;
#endif

/* Status of a call that may run JS. */
enum {
  JSR_OK = 0,
  JSR_EXCEPTION = 1,  /* the exception is kept in the env: jsr_env_take_exception */
  JSR_TERMINATED = 2, /* TerminateExecution hit this call */
};

/* ---- platform.cc: process-wide, any thread ---- */
/* Called from any thread when a foreground task is posted for an isolate. */
typedef void (*jsr_task_posted_fn)(void* data, double delay_seconds);
/* Called (on the thread inside the isolate) when JS calls a host function;
 * `data` is what jsr_function_new was given. */
typedef void (*jsr_host_dispatch_fn)(void* data, jsr_env* env, const jsr_call* call);
/* Called on first access to a lazy property (jsr_object_define_lazy): returns
 * the property's value, or NULL with an exception pending in JS. */
typedef jsr_value (*jsr_lazy_fn)(void* data, jsr_env* env, jsr_value name);
/* Called on each read (`value` NULL) and write of a stub
 * (jsr_object_define_stub) with the object it was read or written through;
 * a read returns the value, or NULL with an exception pending in JS. */
typedef jsr_value (*jsr_stub_fn)(void* data, jsr_env* env, jsr_value name, jsr_value receiver, jsr_value value);
/* Initialises V8 once; later calls are no-ops. `flags` go to V8 first. */
void jsr_platform_init(const char* flags, jsr_host_dispatch_fn dispatch, jsr_lazy_fn lazy,
                       jsr_stub_fn stub) JSR_NOEXCEPT;
const char* jsr_platform_version(void) JSR_NOEXCEPT;

/* ---- isolate.cc ---- */
typedef struct {
  size_t initial_heap_bytes; /* 0: V8's default */
  size_t max_heap_bytes;     /* 0: V8's default */
  int stack_trace_frames;    /* frames captured for uncaught errors */
  const char* default_script_name; /* used when jsr_script_run gets no name */
  size_t array_buffer_budget;      /* bytes of ArrayBuffer memory; 0: unlimited */
  const char* snapshot;            /* a blob from jsr_snapshot_build, or NULL */
  size_t snapshot_len;
} jsr_isolate_options;
typedef struct {
  size_t total_heap_bytes;
  size_t used_heap_bytes;
  size_t heap_limit_bytes;
  size_t external_bytes;
  size_t array_buffer_bytes;
  size_t physical_heap_bytes;
} jsr_heap_stats;
typedef void (*jsr_enter_fn)(void* data, jsr_env* env);

/* Any thread (not holding another isolate's Locker). `task_data` is passed
 * to `on_task` until jsr_isolate_dispose returns. */
jsr_isolate* jsr_isolate_new(const jsr_isolate_options* options,
                             jsr_task_posted_fn on_task, void* task_data) JSR_NOEXCEPT;
/* Once, when no thread is inside the isolate. */
void jsr_isolate_dispose(jsr_isolate* iso) JSR_NOEXCEPT;
/* Takes the isolate's Locker and scopes, then calls fn(data, env). Nests on
 * the thread that already holds the Locker. */
void jsr_isolate_enter(jsr_isolate* iso, jsr_enter_fn fn, void* data) JSR_NOEXCEPT;
/* Thread-safe. */
void jsr_isolate_terminate(jsr_isolate* iso) JSR_NOEXCEPT;
/* Thread-safe: runs fn(isolate, data) on the thread inside the isolate at its
 * next interrupt check (a loop back edge, a call). */
typedef void (*jsr_interrupt_fn)(v8_isolate_ptr isolate, void* data);
void jsr_isolate_request_interrupt(jsr_isolate* iso, jsr_interrupt_fn fn, void* data) JSR_NOEXCEPT;
/* Thread-safe: the heap reached its limit (JS was terminated for it). */
int jsr_isolate_heap_limit_hit(jsr_isolate* iso) JSR_NOEXCEPT;

/* ---- env (isolate.cc): inside jsr_isolate_enter ---- */
void jsr_env_cancel_terminate(jsr_env* env) JSR_NOEXCEPT;
void jsr_env_set_stack_limit(jsr_env* env, uintptr_t limit) JSR_NOEXCEPT;
/* Runs every due platform task, then the microtask queue. */
int jsr_env_pump(jsr_env* env) JSR_NOEXCEPT;
/* A microtask checkpoint; with a tick drain set (Node's process.nextTick),
   queued ticks run first and again after each checkpoint while any are queued. */
int jsr_env_run_microtasks(jsr_env* env) JSR_NOEXCEPT;
/* The function that runs the queued ticks, and an ArrayBuffer of flags it
   shares with the bridge: [0] ticks are queued, [1] a termination dropped them. */
void jsr_env_set_tick_drain(jsr_env* env, jsr_value drain, jsr_value flags) JSR_NOEXCEPT;
/* 1 while V8 works in the background on something that will post a task
 * here (an asynchronous WebAssembly compilation). */
int jsr_env_has_background_work(jsr_env* env) JSR_NOEXCEPT;
/* Exception value and its message (either may be NULL) of the last JSR_EXCEPTION. */
void jsr_env_take_exception(jsr_env* env, jsr_value* exception, jsr_value* message) JSR_NOEXCEPT;
jsr_value jsr_env_global(jsr_env* env) JSR_NOEXCEPT;
void jsr_env_heap_stats(jsr_env* env, jsr_heap_stats* out) JSR_NOEXCEPT;
/* Bytes V8 counts outside its heap (ArrayBuffers, Wasm memories). */
int64_t jsr_env_external_memory(jsr_env* env) JSR_NOEXCEPT;
/* A full garbage collection (V8's low-memory notification). */
void jsr_env_collect_garbage(jsr_env* env) JSR_NOEXCEPT;
/* V8's continuation-preserved embedder data: the value a promise job runs
 * with is the one current when its reaction was made (AsyncLocalStorage). */
jsr_value jsr_env_async_context(jsr_env* env) JSR_NOEXCEPT;
void jsr_env_set_async_context(jsr_env* env, jsr_value value) JSR_NOEXCEPT;

/* ---- rejections.cc ---- */
/* The next queued rejection: 1 a promise rejected with no handler (still
 * without one; `reason` its value), 2 a promise that got a handler after its
 * rejection (`reason` NULL), 0 none left. */
int jsr_env_take_rejection(jsr_env* env, jsr_value* promise, jsr_value* reason) JSR_NOEXCEPT;
/* The end of a task: marks `result` (NULL, or what the task hands its caller)
 * handled if it is a promise, so its rejection is not reported; 1 if
 * rejections are queued (the hot path's one call when there are none). */
int jsr_env_end_task(jsr_env* env, jsr_value result) JSR_NOEXCEPT;

/* ---- script.cc ---- */
/* Compiles and runs a classic script. Source and name are UTF-8 unless
 * `two_byte` is set, then `source` holds `len` UTF-16 code units. A NULL
 * name means the isolate's default script name. */
int jsr_script_run(jsr_env* env, const void* source, size_t len, int two_byte,
                   const char* name, size_t name_len, jsr_value* result) JSR_NOEXCEPT;
/* As jsr_script_run for jsrun's own scripts (UTF-8, named), with V8's code
 * cache: `cache` (or NULL) is one it produced before in this process; when
 * there was none or V8 rejected it, a new one is made after the run into
 * `*produced` (or NULL), to free with jsr_blob_free. */
int jsr_script_run_cached(jsr_env* env, const char* source, size_t len, const char* name, size_t name_len,
                          const char* cache, size_t cache_len, jsr_value* result, const char** produced,
                          size_t* produced_len) JSR_NOEXCEPT;
/* Compiles a UTF-8 script named `name` (NULL: the default name) without
 * running it: `unbound` is an UnboundScript (keep it with jsr_global_new). */
int jsr_script_compile(jsr_env* env, const char* source, size_t len, const char* name,
                       size_t name_len, jsr_value* unbound) JSR_NOEXCEPT;
/* Compiles UTF-8 `source` as the body of a function of `param_count`
 * parameters (`params`, each `param_lens` bytes), named `name`; `cache` (or
 * NULL) is one jsr_function_code_cache made. `*rejected` is 1 when there was
 * no usable cache (a new one is worth making once the function ran). */
int jsr_function_compile(jsr_env* env, const char* source, size_t len, const char* name, size_t name_len,
                         const char* const* params, const size_t* param_lens, size_t param_count,
                         const char* cache, size_t cache_len, jsr_value* result, int* rejected) JSR_NOEXCEPT;
/* The code cache of a function jsr_function_compile made, with what has
 * been compiled of it so far, into `*produced` (or NULL; free with jsr_blob_free). */
void jsr_function_code_cache(jsr_env* env, jsr_value function, const char** produced,
                             size_t* produced_len) JSR_NOEXCEPT;
/* Binds a compiled script to the context and runs it. */
int jsr_script_run_unbound(jsr_env* env, jsr_value unbound, jsr_value* result) JSR_NOEXCEPT;

/* ---- vm.cc ---- */
/* node:vm's context: a new context whose global forwards its properties to
 * `sandbox`; `*global` is its global proxy. `strings` 0 refuses eval and
 * new Function in it; `name` (UTF-8) is what the inspector shows. The first
 * read of a global named in `lazy` (an object, or NULL) the sandbox lacks
 * calls `filler(global)` (with the sandbox detached) to make the context's
 * globals. */
int jsr_vm_context_new(jsr_env* env, jsr_value sandbox, int strings, const char* name, size_t name_len,
                       jsr_value lazy, jsr_value filler, jsr_value* global) JSR_NOEXCEPT;
/* Compiles and runs UTF-8 `source`, named `name`, in the context whose
 * global proxy is `global`. */
int jsr_vm_run(jsr_env* env, jsr_value global, const char* source, size_t len, const char* name,
               size_t name_len, jsr_value* result) JSR_NOEXCEPT;

/* ---- function.cc ---- */
/* A JS function that calls the host dispatcher with `data`; `name` may be NULL. */
jsr_value jsr_function_new(jsr_env* env, void* data, jsr_value name) JSR_NOEXCEPT;
int jsr_call_argc(const jsr_call* call) JSR_NOEXCEPT;
jsr_value jsr_call_arg(const jsr_call* call, int i) JSR_NOEXCEPT;
void jsr_call_return(const jsr_call* call, jsr_value value) JSR_NOEXCEPT;
/* Schedules `exception` to be thrown when the host function returns. */
void jsr_env_throw(jsr_env* env, jsr_value exception) JSR_NOEXCEPT;
/* fn.call(recv, ...argv); recv NULL means undefined. */
int jsr_function_call(jsr_env* env, jsr_value fn, jsr_value recv, int argc, const jsr_value* argv,
                      jsr_value* out) JSR_NOEXCEPT;
typedef void (*jsr_free_fn)(void* data);
/* Calls free_data(data) when V8 garbage-collects `fn` (never after the
 * isolate is disposed: the owner frees what is left then). */
void jsr_function_free_on_collect(jsr_env* env, jsr_value fn, void* data, jsr_free_fn free_data) JSR_NOEXCEPT;
jsr_value jsr_resolver_new(jsr_env* env) JSR_NOEXCEPT;
jsr_value jsr_resolver_promise(jsr_value resolver) JSR_NOEXCEPT;
int jsr_resolver_settle(jsr_env* env, jsr_value resolver, jsr_value value, int reject) JSR_NOEXCEPT;

/* ---- handle.cc: persistent handles and error marks ---- */
jsr_global* jsr_global_new(jsr_env* env, jsr_value value) JSR_NOEXCEPT;
jsr_value jsr_global_get(jsr_env* env, jsr_global* g) JSR_NOEXCEPT;
void jsr_global_free(jsr_global* g) JSR_NOEXCEPT;
/* A number kept on an error object, invisible to JS (a private symbol). */
void jsr_error_set_mark(jsr_env* env, jsr_value error, double mark) JSR_NOEXCEPT;
/* The mark, or -1 when there is none. */
double jsr_error_get_mark(jsr_env* env, jsr_value error) JSR_NOEXCEPT;

/* ---- value.cc: inspection and primitives ---- */
enum {
  JSR_KIND_UNDEFINED, JSR_KIND_NULL, JSR_KIND_TRUE, JSR_KIND_FALSE,
  JSR_KIND_INT32, JSR_KIND_NUMBER, JSR_KIND_BIGINT, JSR_KIND_STRING,
  JSR_KIND_SYMBOL, JSR_KIND_FUNCTION, JSR_KIND_ARRAY, JSR_KIND_ARRAY_BUFFER,
  JSR_KIND_SHARED_ARRAY_BUFFER, JSR_KIND_TYPED_ARRAY, JSR_KIND_DATA_VIEW,
  JSR_KIND_DATE, JSR_KIND_MAP, JSR_KIND_SET, JSR_KIND_PROMISE, JSR_KIND_ERROR,
  JSR_KIND_REGEXP, JSR_KIND_PROXY, JSR_KIND_BOXED_PRIMITIVE, JSR_KIND_WEAK,
  JSR_KIND_WASM_MODULE, JSR_KIND_OBJECT, JSR_KIND_OTHER, JSR_KIND_MODULE_NAMESPACE
};
int jsr_value_kind(jsr_value v) JSR_NOEXCEPT;
int32_t jsr_value_int32(jsr_value v) JSR_NOEXCEPT;
double jsr_value_number(jsr_value v) JSR_NOEXCEPT;
int jsr_value_strict_equals(jsr_value a, jsr_value b) JSR_NOEXCEPT;
int jsr_value_to_detail_string(jsr_env* env, jsr_value v, jsr_value* out) JSR_NOEXCEPT;

jsr_value jsr_undefined(jsr_env* env) JSR_NOEXCEPT;
jsr_value jsr_null(jsr_env* env) JSR_NOEXCEPT;
jsr_value jsr_boolean(jsr_env* env, int b) JSR_NOEXCEPT;
jsr_value jsr_number(jsr_env* env, double d) JSR_NOEXCEPT;

/* Strings: length in UTF-16 units; one_byte if V8 stores it as Latin-1. */
size_t jsr_string_length(jsr_value s, int* one_byte) JSR_NOEXCEPT;
void jsr_string_write_one_byte(jsr_env* env, jsr_value s, uint8_t* out, size_t len) JSR_NOEXCEPT;
void jsr_string_write_two_byte(jsr_env* env, jsr_value s, uint16_t* out, size_t len) JSR_NOEXCEPT;
/* NULL when the string is too long for V8. */
jsr_value jsr_string_from_utf8(jsr_env* env, const char* s, size_t len) JSR_NOEXCEPT;
jsr_value jsr_string_from_latin1(jsr_env* env, const uint8_t* s, size_t len) JSR_NOEXCEPT;
jsr_value jsr_string_from_two_byte(jsr_env* env, const uint16_t* s, size_t len) JSR_NOEXCEPT;

size_t jsr_bigint_word_count(jsr_value v) JSR_NOEXCEPT;
void jsr_bigint_words(jsr_value v, int* negative, uint64_t* words, size_t count) JSR_NOEXCEPT;
jsr_value jsr_bigint_from_words(jsr_env* env, int negative, const uint64_t* words, size_t count) JSR_NOEXCEPT;

double jsr_date_time(jsr_value v) JSR_NOEXCEPT;
jsr_value jsr_date_new(jsr_env* env, double ms) JSR_NOEXCEPT;
/* The primitive inside a Number/String/Boolean/BigInt/Symbol object. */
jsr_value jsr_boxed_value(jsr_env* env, jsr_value v) JSR_NOEXCEPT;
/* Settled state of a promise: 0 pending, 1 fulfilled, 2 rejected. */
int jsr_promise_state(jsr_value v, jsr_value* result) JSR_NOEXCEPT;

/* ---- object.cc: objects, arrays, Map, Set ---- */
int jsr_object_identity(jsr_value v) JSR_NOEXCEPT;
/* The object's prototype (JS null when it has none); NULL if `v` is not an object. */
jsr_value jsr_object_prototype(jsr_value v) JSR_NOEXCEPT;
/* Own enumerable string keys, converted to strings. */
int jsr_object_keys(jsr_env* env, jsr_value obj, jsr_value* keys) JSR_NOEXCEPT;
int jsr_object_get(jsr_env* env, jsr_value obj, jsr_value key, jsr_value* out) JSR_NOEXCEPT;
int jsr_object_get_index(jsr_env* env, jsr_value obj, uint32_t index, jsr_value* out) JSR_NOEXCEPT;
int jsr_object_set(jsr_env* env, jsr_value obj, jsr_value key, jsr_value value) JSR_NOEXCEPT;
/* A non-enumerable property whose value the lazy dispatcher makes on first
 * access; `read_only`: also not writable and not deletable. */
int jsr_object_define_lazy(jsr_env* env, jsr_value obj, jsr_value name, void* data, int read_only) JSR_NOEXCEPT;
/* A non-enumerable property that looks like a data property, read and
 * written through the stub dispatcher; `accessor` 1: an accessor property
 * instead, whose getter calls the dispatcher (2: and a setter), for a feature
 * that is one, so that reading its descriptor calls nothing. */
int jsr_object_define_stub(jsr_env* env, jsr_value obj, jsr_value name, void* data, int accessor) JSR_NOEXCEPT;
/* Deletes `name` if it is a stub (of either kind); then, if `value` is not
 * NULL, defines it as a non-enumerable data property. */
int jsr_object_unstub(jsr_env* env, jsr_value obj, jsr_value name, jsr_value value) JSR_NOEXCEPT;
/* An own data property, whatever setters the prototype chain has. */
int jsr_object_define(jsr_env* env, jsr_value obj, jsr_value key, jsr_value value) JSR_NOEXCEPT;
jsr_value jsr_object_new(jsr_env* env) JSR_NOEXCEPT;
/* {keys[i]: values[i]} in one step (keys are strings, distinct). */
jsr_value jsr_object_from_entries(jsr_env* env, const jsr_value* keys, const jsr_value* values, size_t count) JSR_NOEXCEPT;
uint32_t jsr_array_length(jsr_value arr) JSR_NOEXCEPT;
jsr_value jsr_array_new(jsr_env* env, uint32_t len) JSR_NOEXCEPT;
/* arr[0..len) = items (own data properties). */
int jsr_array_fill(jsr_env* env, jsr_value arr, const jsr_value* items, uint32_t len) JSR_NOEXCEPT;
/* out[i] = arr[i] for i < len. */
int jsr_array_read(jsr_env* env, jsr_value arr, jsr_value* out, uint32_t len) JSR_NOEXCEPT;
/* [k0, v0, k1, v1, ...] for a Map, [v0, v1, ...] for a Set. */
jsr_value jsr_collection_entries(jsr_env* env, jsr_value collection) JSR_NOEXCEPT;
jsr_value jsr_map_new(jsr_env* env) JSR_NOEXCEPT;
int jsr_map_set(jsr_env* env, jsr_value map, jsr_value key, jsr_value value) JSR_NOEXCEPT;
jsr_value jsr_set_new(jsr_env* env) JSR_NOEXCEPT;
int jsr_set_add(jsr_env* env, jsr_value set, jsr_value value) JSR_NOEXCEPT;

/* ---- buffer.cc: ArrayBuffer, typed arrays, DataView ---- */
enum {
#define JSR_VIEW(name, cls, size) JSR_TA_##name,
#include "views.def"
#undef JSR_VIEW
};
/* Kind of a typed array or DataView, and its length in bytes. */
int jsr_view_kind(jsr_value v, size_t* byte_length) JSR_NOEXCEPT;
/* Copy at most `len` bytes of a view / buffer into `out`: the bytes copied. */
size_t jsr_view_copy(jsr_value v, uint8_t* out, size_t len) JSR_NOEXCEPT;
size_t jsr_array_buffer_length(jsr_value v) JSR_NOEXCEPT;
size_t jsr_array_buffer_copy(jsr_value v, uint8_t* out, size_t len) JSR_NOEXCEPT;
/* A new ArrayBuffer holding a copy of `data`, viewed as `kind`; NULL if the
 * allocation fails. JSR_TA_DATA_VIEW with `as_buffer` gives the bare buffer. */
jsr_value jsr_view_new(jsr_env* env, int kind, const uint8_t* data, size_t len, int as_buffer) JSR_NOEXCEPT;

/* ---- error.cc: errors and stack traces ---- */
typedef struct {
  int line;   /* 1-based, 0 if unknown */
  int column; /* 1-based, 0 if unknown */
  jsr_value function_name; /* NULL if unknown */
  jsr_value script_name;   /* NULL if unknown */
} jsr_frame;
/* Frames captured when `exception` (an Error) was created. */
int jsr_error_frame_count(jsr_env* env, jsr_value exception) JSR_NOEXCEPT;
void jsr_error_frame(jsr_env* env, jsr_value exception, int index, jsr_frame* out) JSR_NOEXCEPT;
/* Location and text of a message (from jsr_env_take_exception). */
void jsr_message_location(jsr_env* env, jsr_value message, jsr_frame* out) JSR_NOEXCEPT;
jsr_value jsr_message_text(jsr_env* env, jsr_value message) JSR_NOEXCEPT;
/* new Error(message), with `name` set when it is not NULL. */
jsr_value jsr_error_new(jsr_env* env, jsr_value message, jsr_value name) JSR_NOEXCEPT;

/* ---- wasm.cc ---- */
/* new WebAssembly.Module(bytes), reading `bytes` in place. */
int jsr_wasm_compile(jsr_env* env, const uint8_t* bytes, size_t len, jsr_value* out) JSR_NOEXCEPT;
/* A reference to the memory of a WebAssembly.Memory that keeps it alive,
 * even past the isolate (Wasm memory is not allocated by the isolate's
 * allocator); its address and current length. NULL if `memory` is not one.
 * Free from any thread. */
typedef struct jsr_backing jsr_backing;
jsr_backing* jsr_wasm_memory_backing(jsr_value memory, void** data, size_t* len) JSR_NOEXCEPT;
void jsr_backing_free(jsr_backing* backing) JSR_NOEXCEPT;

/* ---- module.cc: ES modules ---- */
/* V8's module callbacks, forwarded with the isolate's module host (see
 * jsr_env_set_module_host). Each returns NULL with an exception thrown to fail. */
typedef struct {
  /* A static import while linking: the Module for `specifier` from `referrer` (a Module). */
  jsr_value (*resolve)(void* host, jsr_env* env, jsr_value specifier, jsr_value referrer);
  /* import(specifier) in a script or module named `referrer_name`: a Promise. */
  jsr_value (*import)(void* host, jsr_env* env, jsr_value specifier, jsr_value referrer_name) JSR_NOEXCEPT;
  /* Fill in import.meta (an object) of `module`. */
  void (*meta)(void* host, jsr_env* env, jsr_value module, jsr_value meta);
} jsr_module_callbacks;
/* Once, before any isolate exists. */
void jsr_modules_init(const jsr_module_callbacks* callbacks) JSR_NOEXCEPT;
void jsr_env_set_module_host(jsr_env* env, void* host) JSR_NOEXCEPT;
/* Compiles a module named `url` (both UTF-8), consuming `cache` (or NULL:
 * one jsr_module_code_cache made); `*rejected` is 1 when no cache was used.
 * Modules cross the ABI as jsr_value; keep them with jsr_global_new. */
int jsr_module_compile(jsr_env* env, const char* source, size_t len, const char* url, size_t url_len,
                       const char* cache, size_t cache_len, jsr_value* out, int* rejected) JSR_NOEXCEPT;
/* The code cache of a compiled module into `*produced` (or NULL; free with jsr_blob_free). */
void jsr_module_code_cache(jsr_env* env, jsr_value module, const char** produced,
                           size_t* produced_len) JSR_NOEXCEPT;
int jsr_module_request_count(jsr_env* env, jsr_value module) JSR_NOEXCEPT;
/* The specifier of the module's i-th import (a string). */
jsr_value jsr_module_request(jsr_env* env, jsr_value module, int index) JSR_NOEXCEPT;
/* Links the module if needed (resolve callback), then evaluates it: `promise`
 * settles when it and its imports have run (top-level await). */
int jsr_module_evaluate(jsr_env* env, jsr_value module, jsr_value* promise) JSR_NOEXCEPT;
jsr_value jsr_module_namespace(jsr_value module) JSR_NOEXCEPT;
int jsr_module_identity(jsr_value module) JSR_NOEXCEPT;
/* 1 if `global` holds `module`. */
int jsr_module_is(jsr_env* env, jsr_value module, jsr_global* global) JSR_NOEXCEPT;

/* ---- clone.cc: structuredClone ---- */
/* A structured clone of `value` (V8's serializer), moving the ArrayBuffers in
 * the array `transfer` (or NULL). A value that cannot be cloned throws an
 * Error named DataCloneError. `hooks` (or NULL) is an object whose
 * write(object) gives the value to write for a platform object (undefined:
 * it cannot be cloned) and whose revive([object, value, …]) makes each bare
 * object read (one embedder field, no prototype set) what its value says. */
int jsr_structured_clone(jsr_env* env, jsr_value value, jsr_value transfer, jsr_value hooks,
                         jsr_value* out) JSR_NOEXCEPT;
/* The same, in two steps that may be in two isolates: a message holds the
 * written value, the moved ArrayBuffers' memory, SharedArrayBuffers' (and
 * shared WebAssembly.Memory's) memory and compiled Wasm modules, which the
 * reader's objects share. Read a message at most once; free it on any thread. */
typedef struct jsr_message jsr_message;
int jsr_message_write(jsr_env* env, jsr_value value, jsr_value transfer, jsr_value hooks,
                      jsr_message** out) JSR_NOEXCEPT;
int jsr_message_read(jsr_env* env, const jsr_message* message, jsr_value hooks, jsr_value* out) JSR_NOEXCEPT;
/* Bytes a message holds of its own: what was written and the moved ArrayBuffers. */
size_t jsr_message_size(const jsr_message* message) JSR_NOEXCEPT;
void jsr_message_free(jsr_message* message) JSR_NOEXCEPT;
/* A constructor whose instances are platform objects (one embedder field):
 * the objects V8's serializer gives to the hooks above. */
int jsr_platform_object_base(jsr_env* env, jsr_value* out) JSR_NOEXCEPT;

/* ---- snapshot.cc: startup snapshots ---- */
typedef struct jsr_snapshot jsr_snapshot;
/* A snapshot creator with one context; any thread may use it, one at a time.
 * With `blob` (which must outlive the creator), it starts from that blob's
 * context 0 instead of a fresh context. */
jsr_snapshot* jsr_snapshot_new(const char* default_script_name, const char* blob, size_t blob_len) JSR_NOEXCEPT;
/* As jsr_isolate_enter, for the creator's context. */
void jsr_snapshot_enter(jsr_snapshot* s, jsr_enter_fn fn, void* data) JSR_NOEXCEPT;
/* Serialises the context (once: it then disposes the creator's isolate, and
 * jsr_snapshot_enter does nothing). 0 on success; free the blob with jsr_blob_free. */
int jsr_snapshot_build(jsr_snapshot* s, const char** data, size_t* len) JSR_NOEXCEPT;
void jsr_blob_free(const char* data) JSR_NOEXCEPT;
/* Stops the script running in the builder (any thread). */
void jsr_snapshot_terminate(jsr_snapshot* s) JSR_NOEXCEPT;
void jsr_snapshot_free(jsr_snapshot* s) JSR_NOEXCEPT;
/* Snapshot creators alive in the process (any thread). On V8 11,
 * jsr_isolate_new refuses (NULL) to start from a blob while there are any. */
int jsr_snapshot_open_creators(void) JSR_NOEXCEPT;
/* V8's own check that a blob suits this V8 (version and checksum). */
int jsr_snapshot_valid(const char* data, size_t len) JSR_NOEXCEPT;

/* ---- inspector.cc: the V8 inspector of one isolate ----
 * Rust owns the message queues and the pause loop; these forward V8's client
 * and channel callbacks to it. Unless marked, call on the thread holding the
 * isolate's Locker (inside jsr_isolate_enter, or in a callback from V8). */
typedef struct jsr_inspector jsr_inspector;
typedef struct {
  void* data;
  /* runMessageLoopOnPause: serve messages until on_resume, then return. */
  void (*on_pause)(void* data);
  void (*on_resume)(void* data);
  /* A client sent Runtime.runIfWaitingForDebugger. */
  void (*on_run)(void* data);
  /* A response or notification for `session`: Latin-1 or UTF-16 units. */
  void (*on_message)(void* data, uint64_t session, const void* chars, size_t len, int two_byte);
} jsr_inspector_callbacks;
/* Makes the isolate's inspector (once; the isolate frees it) and reports its
 * context, named `name`. `callbacks->data` must outlive the isolate. */
jsr_inspector* jsr_inspector_new(jsr_env* env, const jsr_inspector_callbacks* callbacks, const char* name) JSR_NOEXCEPT;
void jsr_inspector_connect(jsr_inspector* ins, uint64_t session) JSR_NOEXCEPT;
void jsr_inspector_disconnect(jsr_inspector* ins, uint64_t session) JSR_NOEXCEPT;
/* One CDP message (UTF-8 JSON) from a client of `session`. */
void jsr_inspector_dispatch(jsr_inspector* ins, uint64_t session, const char* message, size_t len) JSR_NOEXCEPT;
/* Every session pauses on the next JS statement (if it enabled the debugger). */
void jsr_inspector_pause_on_next_statement(jsr_inspector* ins, const char* reason) JSR_NOEXCEPT;
/* Reports an exception nobody caught to the consoles of the sessions; for a
 * rejection, `promise` (else NULL) keeps the report's id, for: */
void jsr_inspector_exception_thrown(jsr_env* env, jsr_inspector* ins, jsr_value exception, jsr_value message,
                                    jsr_value promise) JSR_NOEXCEPT;
/* `promise`, reported as rejected without a handler, got one: its report is
 * revoked (DevTools takes it out of the console). */
void jsr_inspector_exception_revoked(jsr_env* env, jsr_inspector* ins, jsr_value promise) JSR_NOEXCEPT;

#ifdef __cplusplus
}
#endif
#endif

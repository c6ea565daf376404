// Shared by the bridge's .cc files; not part of the ABI.
#ifndef JSR_INTERNAL_H
#define JSR_INTERNAL_H

#include <memory>

#include <v8.h>

#include "compat.h"
#include "jsr.h"

static_assert(sizeof(v8::Local<v8::Value>) == sizeof(jsr_value),
              "a Local must be one pointer wide to cross the ABI");

/* The name scripts compiled without one get (`<eval>`). */
extern "C" jsr_value jsr_env_default_script_name(jsr_env* env) noexcept;

struct jsr_env {
  v8::Isolate* isolate;
  v8::Local<v8::Context> context;
  jsr_isolate* owner;
  // Set by a call that returned JSR_EXCEPTION.
  v8::Local<v8::Value> exception;
  v8::Local<v8::Message> message;
};

namespace jsr {

// A Local<T> is one pointer to a handle slot whatever T is (V8 casts
// between them the same way), so it crosses the ABI as that pointer.
template <typename T = v8::Value>
inline v8::Local<T> local(jsr_value v) {
  v8::Local<T> out;
  static_assert(sizeof(out) == sizeof(v), "");
  __builtin_memcpy(static_cast<void*>(&out), &v, sizeof(v));
  return out;
}

template <typename T>
inline jsr_value handle(v8::Local<T> v) {
  jsr_value out;
  static_assert(sizeof(v) == sizeof(out), "");
  __builtin_memcpy(&out, &v, sizeof(out));
  return out;
}

template <typename T>
inline jsr_value handle(v8::MaybeLocal<T> v) {
  v8::Local<T> out;
  return v.ToLocal(&out) ? handle(out) : nullptr;
}

// Records what a TryCatch caught in the env and returns the status for it.
inline int caught(jsr_env* env, const v8::TryCatch& try_catch) {
  if (try_catch.HasTerminated()) return JSR_TERMINATED;
  env->exception = try_catch.Exception();
  env->message = try_catch.Message();
  return JSR_EXCEPTION;
}

// Source text and its name as V8 strings (false: too long, exception pending).
inline bool source_and_name(v8::Isolate* isolate, const char* source, size_t len, const char* name,
                            size_t name_len, v8::Local<v8::String>* text, v8::Local<v8::String>* name_string) {
  return v8::String::NewFromUtf8(isolate, source, v8::NewStringType::kNormal, static_cast<int>(len))
             .ToLocal(text) &&
         v8::String::NewFromUtf8(isolate, name, v8::NewStringType::kNormal, static_cast<int>(name_len))
             .ToLocal(name_string);
}

// V8's view of a code cache the caller keeps alive (NULL for none); the
// Source that takes it owns the object, not the bytes.
inline v8::ScriptCompiler::CachedData* borrowed_cache(const char* cache, size_t cache_len) {
  return cache == nullptr ? nullptr
                          : new v8::ScriptCompiler::CachedData(reinterpret_cast<const uint8_t*>(cache),
                                                               static_cast<int>(cache_len));
}

// A code cache V8 made, copied into a buffer for the caller (free with
// jsr_blob_free); NULL when V8 made none.
inline void give_cache(v8::ScriptCompiler::CachedData* made_raw, const char** produced, size_t* produced_len) {
  std::unique_ptr<v8::ScriptCompiler::CachedData> made(made_raw);
  *produced = nullptr;
  *produced_len = 0;
  if (made && made->length > 0) {
    char* copy = new char[made->length];
    __builtin_memcpy(copy, made->data, static_cast<size_t>(made->length));
    *produced = copy;
    *produced_len = static_cast<size_t>(made->length);
  }
}

}  // namespace jsr

#endif

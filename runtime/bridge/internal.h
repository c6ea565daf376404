// Shared by the bridge's .cc files; not part of the ABI.
#ifndef JSR_INTERNAL_H
#define JSR_INTERNAL_H

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

}  // namespace jsr

#endif

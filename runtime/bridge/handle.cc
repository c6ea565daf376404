// Persistent handles: values Rust keeps across calls (JS functions held by
// Python, pending resolvers, internal helpers). Create, read and free them
// only inside jsr_isolate_enter. Each isolate lists the ones it made: those
// Rust still holds when it is disposed are freed with it (jsr::FreeGlobals),
// after which Rust never touches them (it only does inside enter).
#include "isolate.h"

struct jsr_global {
  v8::Global<v8::Value> value;
  jsr_isolate* owner;
  jsr_global* prev;
  jsr_global* next;
};

extern "C" jsr_global* jsr_global_new(jsr_env* env, jsr_value value) noexcept {
  auto* g = new jsr_global{{}, env->owner, nullptr, env->owner->globals};
  g->value.Reset(env->isolate, jsr::local(value));
  if (g->next != nullptr) g->next->prev = g;
  env->owner->globals = g;
  return g;
}

extern "C" jsr_value jsr_global_get(jsr_env* env, jsr_global* g) noexcept {
  return jsr::handle(g->value.Get(env->isolate));
}

extern "C" void jsr_global_free(jsr_global* g) noexcept {
  if (g->prev != nullptr) {
    g->prev->next = g->next;
  } else {
    g->owner->globals = g->next;
  }
  if (g->next != nullptr) g->next->prev = g->prev;
  delete g;
}

namespace jsr {
void FreeGlobals(jsr_isolate* iso) {
  while (iso->globals != nullptr) jsr_global_free(iso->globals);
}
}  // namespace jsr

namespace {

v8::Local<v8::Private> CauseKey(v8::Isolate* isolate) {
  return v8::Private::ForApi(isolate, v8::String::NewFromUtf8Literal(isolate, "jsrun:cause"));
}

}  // namespace

extern "C" void jsr_error_set_mark(jsr_env* env, jsr_value error, double mark) noexcept {
  v8::Local<v8::Value> v = jsr::local(error);
  if (!v->IsObject()) return;
  (void)v.As<v8::Object>()->SetPrivate(env->context, CauseKey(env->isolate),
                                       v8::Number::New(env->isolate, mark));
}

extern "C" double jsr_error_get_mark(jsr_env* env, jsr_value error) noexcept {
  v8::Local<v8::Value> v = jsr::local(error);
  v8::Local<v8::Value> mark;
  if (!v->IsObject() ||
      !v.As<v8::Object>()->GetPrivate(env->context, CauseKey(env->isolate)).ToLocal(&mark) ||
      !mark->IsNumber()) {
    return -1;
  }
  return mark.As<v8::Number>()->Value();
}

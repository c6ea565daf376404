// Lazy globals: a data property whose value Rust computes on first access
// (v8::Object::SetLazyDataProperty). jsrun's helpers (timers, TextEncoder…)
// are installed this way, so a runtime that never uses them never pays for
// compiling them.
#include "internal.h"

namespace {

jsr_lazy_fn lazy_dispatch = nullptr;  // set once by jsr_platform_init
jsr_stub_fn stub_dispatch = nullptr;  // set once by jsr_platform_init

jsr_env EnvOf(v8::Isolate* isolate) {
  return jsr_env{isolate, isolate->GetCurrentContext(), static_cast<jsr_isolate*>(isolate->GetData(0)), {}, {}};
}

void LazyGetter(v8::Local<v8::Name> property, const v8::PropertyCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  jsr_env env = EnvOf(isolate);
  void* data = info.Data().As<v8::External>()->Value();
  jsr_value value = lazy_dispatch(data, &env, jsr::handle(property));
  if (value != nullptr) info.GetReturnValue().Set(jsr::local(value));
}

// A stub reads and writes through Rust (jsr_object_define_stub); V8 reports
// it as a data property, so it looks like the value it stands for.
void StubGetter(v8::Local<v8::Name> property, const v8::PropertyCallbackInfo<v8::Value>& info) {
  jsr_env env = EnvOf(info.GetIsolate());
  void* data = info.Data().As<v8::External>()->Value();
  jsr_value value = stub_dispatch(data, &env, jsr::handle(property), jsr::handle(info.This()), nullptr);
  if (value != nullptr) info.GetReturnValue().Set(jsr::local(value));
}

void StubSetter(v8::Local<v8::Name> property, v8::Local<v8::Value> value, const v8::PropertyCallbackInfo<void>& info) {
  jsr_env env = EnvOf(info.GetIsolate());
  void* data = info.Data().As<v8::External>()->Value();
  stub_dispatch(data, &env, jsr::handle(property), jsr::handle(info.This()), jsr::handle(value));
}

}  // namespace

namespace jsr {
void SetLazyDispatch(jsr_lazy_fn lazy, jsr_stub_fn stub) {
  lazy_dispatch = lazy;
  stub_dispatch = stub;
}
}  // namespace jsr

extern "C" int jsr_object_define_stub(jsr_env* env, jsr_value obj, jsr_value name, void* data) noexcept {
  v8::TryCatch try_catch(env->isolate);
  if (jsr::local<v8::Object>(obj)
          ->SetNativeDataProperty(env->context, jsr::local<v8::Name>(name), StubGetter, StubSetter,
                                  v8::External::New(env->isolate, data), v8::DontEnum)
          .IsNothing()) {
    return jsr::caught(env, try_catch);
  }
  return JSR_OK;
}

extern "C" int jsr_object_unstub(jsr_env* env, jsr_value obj, jsr_value name, jsr_value value) noexcept {
  v8::TryCatch try_catch(env->isolate);
  v8::Local<v8::Object> object = jsr::local<v8::Object>(obj);
  v8::Local<v8::Name> key = jsr::local<v8::Name>(name);
  v8::Maybe<bool> stub = object->HasRealNamedCallbackProperty(env->context, key);
  if (stub.IsNothing()) return jsr::caught(env, try_catch);
  if (stub.FromJust() && object->Delete(env->context, key).IsNothing()) return jsr::caught(env, try_catch);
  if (value != nullptr && object->DefineOwnProperty(env->context, key, jsr::local(value), v8::DontEnum).IsNothing()) {
    return jsr::caught(env, try_catch);
  }
  return JSR_OK;
}

extern "C" int jsr_object_define_lazy(jsr_env* env, jsr_value obj, jsr_value name, void* data,
                                      int read_only) noexcept {
  v8::TryCatch try_catch(env->isolate);
  int attributes = read_only ? (v8::DontEnum | v8::ReadOnly | v8::DontDelete) : v8::DontEnum;
  if (jsr::local<v8::Object>(obj)
          ->SetLazyDataProperty(env->context, jsr::local<v8::Name>(name), LazyGetter,
                                v8::External::New(env->isolate, data),
                                static_cast<v8::PropertyAttribute>(attributes))
          .IsNothing()) {
    return jsr::caught(env, try_catch);
  }
  return JSR_OK;
}

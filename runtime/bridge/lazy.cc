// Lazy globals: a data property whose value Rust computes on first access
// (v8::Object::SetLazyDataProperty). jsrun's helpers (timers, TextEncoder…)
// are installed this way, so a runtime that never uses them never pays for
// compiling them.
#include "internal.h"

namespace {

jsr_lazy_fn lazy_dispatch = nullptr;  // set once by jsr_platform_init

void LazyGetter(v8::Local<v8::Name> property, const v8::PropertyCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  jsr_env env{isolate, isolate->GetCurrentContext(),
              static_cast<jsr_isolate*>(isolate->GetData(0)), {}, {}};
  void* data = info.Data().As<v8::External>()->Value();
  jsr_value value = lazy_dispatch(data, &env, jsr::handle(property));
  if (value != nullptr) info.GetReturnValue().Set(jsr::local(value));
}

}  // namespace

namespace jsr {
void SetLazyDispatch(jsr_lazy_fn fn) { lazy_dispatch = fn; }
}  // namespace jsr

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

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

// Set while IsStub reads a descriptor: a stub's getter then answers nothing.
thread_local bool probing = false;

// A stub reads and writes through Rust (jsr_object_define_stub); V8 reports
// it as a data property, so it looks like the value it stands for.
void StubGetter(v8::Local<v8::Name> property, const v8::PropertyCallbackInfo<v8::Value>& info) {
  if (probing) return;
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

// An accessor stub's getter and setter: their data is [External, name].
void StubAccessor(const v8::FunctionCallbackInfo<v8::Value>& info, bool write) {
  jsr_env env = EnvOf(info.GetIsolate());
  if (!info.This()->IsObject()) {  // the dispatcher reads and writes through objects only
    env.isolate->ThrowException(
        v8::Exception::TypeError(v8::String::NewFromUtf8Literal(env.isolate, "Illegal invocation")));
    return;
  }
  v8::Local<v8::Array> data = info.Data().As<v8::Array>();
  v8::Local<v8::Value> external;
  v8::Local<v8::Value> name;
  if (!data->Get(env.context, 0).ToLocal(&external) || !data->Get(env.context, 1).ToLocal(&name)) return;
  v8::Local<v8::Value> written = info.Length() > 0 ? info[0] : v8::Undefined(env.isolate).As<v8::Value>();
  jsr_value value = stub_dispatch(external.As<v8::External>()->Value(), &env, jsr::handle(name),
                                  jsr::handle(info.This()), write ? jsr::handle(written) : nullptr);
  if (value != nullptr && !write) info.GetReturnValue().Set(jsr::local(value));
}
void StubAccessorGet(const v8::FunctionCallbackInfo<v8::Value>& info) { StubAccessor(info, false); }
void StubAccessorSet(const v8::FunctionCallbackInfo<v8::Value>& info) { StubAccessor(info, true); }

// Marks an accessor stub's getter, so that jsr_object_unstub knows it.
v8::Local<v8::Private> StubKey(v8::Isolate* isolate) {
  return v8::Private::ForApi(isolate, v8::String::NewFromUtf8Literal(isolate, "jsrun:stub"));
}

// "get x" / "set x", as V8 names a built-in accessor's functions.
bool AccessorName(jsr_env* env, v8::Local<v8::Name> name, v8::Local<v8::String> prefix, v8::Local<v8::String>* out) {
  if (!name->IsString()) return false;
  *out = v8::String::Concat(env->isolate, prefix, name.As<v8::String>());
  return true;
}

bool DefineAccessorStub(jsr_env* env, v8::Local<v8::Object> object, v8::Local<v8::Name> name, void* data,
                        bool with_setter) {
  v8::Local<v8::Value> parts[] = {v8::External::New(env->isolate, data), name};
  v8::Local<v8::Array> both = v8::Array::New(env->isolate, parts, 2);
  v8::Local<v8::Function> getter;
  v8::Local<v8::Function> setter;
  v8::Local<v8::String> shown;
  if (!v8::Function::New(env->context, StubAccessorGet, both, 0, v8::ConstructorBehavior::kThrow).ToLocal(&getter) ||
      getter->SetPrivate(env->context, StubKey(env->isolate), v8::True(env->isolate)).IsNothing()) {
    return false;
  }
  if (AccessorName(env, name, v8::String::NewFromUtf8Literal(env->isolate, "get "), &shown)) getter->SetName(shown);
  if (with_setter) {
    if (!v8::Function::New(env->context, StubAccessorSet, both, 1, v8::ConstructorBehavior::kThrow)
             .ToLocal(&setter)) {
      return false;
    }
    if (AccessorName(env, name, v8::String::NewFromUtf8Literal(env->isolate, "set "), &shown)) setter->SetName(shown);
  }
  object->SetAccessorProperty(name, getter, setter, v8::DontEnum);
  return true;
}

// True if `key` is still one of `object`'s stubs, of either kind: not what
// JS wrote over it (an accessor it defined is a callback property too).
v8::Maybe<bool> IsStub(jsr_env* env, v8::Local<v8::Object> object, v8::Local<v8::Name> key) {
  probing = true;  // a data stub's getter must not run its group from here
  v8::MaybeLocal<v8::Value> found = object->GetOwnPropertyDescriptor(env->context, key);
  probing = false;
  v8::Local<v8::Value> desc;
  v8::Local<v8::Value> getter;
  if (!found.ToLocal(&desc)) return v8::Nothing<bool>();
  if (!desc->IsObject()) return v8::Just(false);
  v8::Local<v8::Object> fields = desc.As<v8::Object>();
  v8::Local<v8::String> get = v8::String::NewFromUtf8Literal(env->isolate, "get");
  v8::Maybe<bool> accessor = fields->HasOwnProperty(env->context, get);
  if (accessor.IsNothing()) return v8::Nothing<bool>();
  if (!accessor.FromJust()) return object->HasRealNamedCallbackProperty(env->context, key);
  if (!fields->Get(env->context, get).ToLocal(&getter)) return v8::Nothing<bool>();
  if (!getter->IsFunction()) return v8::Just(false);
  return getter.As<v8::Object>()->HasPrivate(env->context, StubKey(env->isolate));
}

}  // namespace

namespace jsr {
void SetLazyDispatch(jsr_lazy_fn lazy, jsr_stub_fn stub) {
  lazy_dispatch = lazy;
  stub_dispatch = stub;
}
}  // namespace jsr

extern "C" int jsr_object_define_stub(jsr_env* env, jsr_value obj, jsr_value name, void* data,
                                      int accessor) noexcept {
  v8::TryCatch try_catch(env->isolate);
  if (accessor) {
    if (!DefineAccessorStub(env, jsr::local<v8::Object>(obj), jsr::local<v8::Name>(name), data, accessor == 2)) {
      return jsr::caught(env, try_catch);
    }
    return JSR_OK;
  }
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
  v8::Maybe<bool> stub = IsStub(env, object, key);
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

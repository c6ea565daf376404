// Functions: host functions that call into Rust, calling JS functions, and
// promise resolvers for host work that completes later.
#include "internal.h"

using jsr::handle;
using jsr::local;

namespace {

jsr_host_dispatch_fn dispatch = nullptr;  // set once by jsr_platform_init

void Trampoline(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  jsr_env env{isolate, isolate->GetCurrentContext(),
              static_cast<jsr_isolate*>(isolate->GetData(0)), {}, {}};
  void* data = info.Data().As<v8::External>()->Value();
  dispatch(data, &env, reinterpret_cast<const jsr_call*>(&info));
}

const v8::FunctionCallbackInfo<v8::Value>& Info(const jsr_call* call) {
  return *reinterpret_cast<const v8::FunctionCallbackInfo<v8::Value>*>(call);
}

}  // namespace

namespace jsr {
void SetHostDispatch(jsr_host_dispatch_fn fn) { dispatch = fn; }
}  // namespace jsr

extern "C" jsr_value jsr_function_new(jsr_env* env, void* data, jsr_value name) noexcept {
  v8::Local<v8::Function> fn;
  if (!v8::Function::New(env->context, Trampoline, v8::External::New(env->isolate, data), 0,
                         v8::ConstructorBehavior::kThrow)
           .ToLocal(&fn)) {
    return nullptr;
  }
  if (name != nullptr) fn->SetName(local<v8::String>(name));
  return handle(fn);
}

extern "C" int jsr_call_argc(const jsr_call* call) noexcept { return Info(call).Length(); }
extern "C" jsr_value jsr_call_arg(const jsr_call* call, int i) noexcept { return handle(Info(call)[i]); }
extern "C" void jsr_call_return(const jsr_call* call, jsr_value value) noexcept {
  Info(call).GetReturnValue().Set(local(value));
}

extern "C" void jsr_env_throw(jsr_env* env, jsr_value exception) noexcept {
  env->isolate->ThrowException(local(exception));
}

extern "C" int jsr_function_call(jsr_env* env, jsr_value fn, jsr_value recv, int argc,
                                 const jsr_value* argv, jsr_value* out) noexcept {
  v8::TryCatch try_catch(env->isolate);
  v8::Local<v8::Value> receiver =
      recv != nullptr ? local(recv) : v8::Local<v8::Value>(v8::Undefined(env->isolate));
  // A jsr_value has the layout of a Local<Value> (static_assert in internal.h).
  auto* args = reinterpret_cast<v8::Local<v8::Value>*>(const_cast<jsr_value*>(argv));
  v8::Local<v8::Value> result;
  if (!local<v8::Function>(fn)->Call(env->context, receiver, argc, args).ToLocal(&result)) {
    return jsr::caught(env, try_catch);
  }
  *out = handle(result);
  return JSR_OK;
}

extern "C" jsr_value jsr_resolver_new(jsr_env* env) noexcept {
  v8::TryCatch try_catch(env->isolate);
  return handle(v8::Promise::Resolver::New(env->context));
}

extern "C" jsr_value jsr_resolver_promise(jsr_value resolver) noexcept {
  return handle(local<v8::Promise::Resolver>(resolver)->GetPromise());
}

extern "C" int jsr_resolver_settle(jsr_env* env, jsr_value resolver, jsr_value value, int reject) noexcept {
  v8::TryCatch try_catch(env->isolate);
  auto r = local<v8::Promise::Resolver>(resolver);
  v8::Maybe<bool> done =
      reject ? r->Reject(env->context, local(value)) : r->Resolve(env->context, local(value));
  if (done.IsNothing()) return jsr::caught(env, try_catch);
  return JSR_OK;
}

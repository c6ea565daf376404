// node:vm's contexts: a new context of the isolate whose global object
// forwards named and indexed properties to a plain object (the
// "contextified" sandbox), as Node's contextify does: reads look in the
// sandbox first, writes and definitions land on it (and on the global, so
// V8's own bookkeeping of declared names holds).
#include <string>

#include "inspector.h"
#include "internal.h"
#include "isolate.h"

namespace {

// The interceptors' data: [sandbox, global proxy, lazy, filler]: `lazy`
// (an object, or undefined once used) names globals the context makes on
// first read by calling `filler(global)`, during which the interceptors let
// everything through (what it defines is the context's own, as its built-ins
// are).
struct Slots {
  v8::Local<v8::Object> sandbox;
  v8::Local<v8::Object> global;
};

// A filler is running on this thread (a flag, not data: a termination during
// the fill must not leave a context without its sandbox).
thread_local bool filling = false;

bool SlotsOf(v8::Isolate* isolate, v8::Local<v8::Value> data, Slots* out) {
  if (filling) return false;
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Array> pair = data.As<v8::Array>();
  v8::Local<v8::Value> sandbox;
  v8::Local<v8::Value> global;
  if (!pair->Get(context, 0).ToLocal(&sandbox) || !sandbox->IsObject()) return false;
  if (!pair->Get(context, 1).ToLocal(&global) || !global->IsObject()) return false;
  out->sandbox = sandbox.As<v8::Object>();
  out->global = global.As<v8::Object>();
  return true;
}

// What a TryCatch caught goes on to the script: an exception is thrown again;
// a termination goes on by itself once the TryCatch is gone (thrown again, it
// would reach the script as a value).
void Pass(v8::TryCatch& try_catch) {
  if (!try_catch.HasTerminated()) try_catch.ReThrow();
}

// A name of `lazy` read where the sandbox lacks it: the filler makes the
// context's globals (once); what it throws is left to the caller's TryCatch.
void Fill(v8::Isolate* isolate, v8::Local<v8::Value> data, const Slots& slots, v8::Local<v8::Name> name) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Array> fields = data.As<v8::Array>();
  v8::Local<v8::Value> lazy;
  v8::Local<v8::Value> filler;
  if (!fields->Get(context, 2).ToLocal(&lazy) || !lazy->IsObject()) return;
  if (!lazy.As<v8::Object>()->HasOwnProperty(context, name).FromMaybe(false)) return;
  if (!fields->Get(context, 3).ToLocal(&filler) || !filler->IsFunction()) return;
  v8::Local<v8::Value> undefined = v8::Undefined(isolate);
  if (fields->Set(context, 2, undefined).IsNothing()) return;
  v8::Local<v8::Value> argv[] = {slots.global};
  filling = true;
  (void)filler.As<v8::Function>()->Call(context, undefined, 1, argv).IsEmpty();
  filling = false;
}

// The sandbox lacks `name` (or threw): the context makes its lazy globals if
// `name` is one; true (intercepted) if something was thrown, passed on.
bool Missed(v8::Isolate* isolate, v8::Local<v8::Value> data, const Slots& slots, v8::Local<v8::Name> name,
            v8::TryCatch& try_catch) {
  if (!try_catch.HasCaught()) Fill(isolate, data, slots, name);
  if (!try_catch.HasCaught()) return false;
  Pass(try_catch);
  return true;
}

// Each returns whether it intercepted (an exception thrown counts as one).

bool GetNamed(v8::Isolate* isolate, v8::Local<v8::Value> data, v8::Local<v8::Name> name,
              v8::ReturnValue<v8::Value> out) {
  Slots slots;
  if (!SlotsOf(isolate, data, &slots)) return false;
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::TryCatch try_catch(isolate);
  v8::Local<v8::Value> value;
  if (slots.sandbox->GetRealNamedProperty(context, name).ToLocal(&value)) {
    out.Set(value == slots.sandbox ? slots.global.As<v8::Value>() : value);
    return true;
  }
  return Missed(isolate, data, slots, name, try_catch);
}

bool SetNamed(v8::Isolate* isolate, v8::Local<v8::Value> data, v8::Local<v8::Name> name,
              v8::Local<v8::Value> value, bool strict, v8::Local<v8::Object> receiver) {
  Slots slots;
  if (!SlotsOf(isolate, data, &slots)) return false;
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::TryCatch try_catch(isolate);
  v8::PropertyAttribute on_global = v8::None;
  v8::PropertyAttribute on_sandbox = v8::None;
  bool declared_on_global = slots.global->GetRealNamedPropertyAttributes(context, name).To(&on_global);
  bool declared_on_sandbox = slots.sandbox->GetRealNamedPropertyAttributes(context, name).To(&on_sandbox);
  if (try_catch.HasCaught()) {
    Pass(try_catch);
    return true;
  }
  if ((on_global | on_sandbox) & v8::ReadOnly) return false;  // V8 refuses it as usual
  bool declared = declared_on_global || declared_on_sandbox;
  // `x = 1` in strict code with no x anywhere: V8's ReferenceError.
  bool contextual = receiver != slots.global;
  if (!declared && strict && contextual && !value->IsFunction()) return false;
  if (!declared && name->IsSymbol()) return false;
  if (slots.sandbox->Set(context, name, value).IsNothing()) {
    Pass(try_catch);
    return true;
  }
  // An accessor of the sandbox's took the write: the global must not get a copy.
  v8::Local<v8::Value> descriptor;
  if (declared_on_sandbox && slots.sandbox->GetOwnPropertyDescriptor(context, name).ToLocal(&descriptor) &&
      descriptor->IsObject()) {
    v8::Local<v8::Object> fields = descriptor.As<v8::Object>();
    v8::Local<v8::String> get = v8::String::NewFromUtf8Literal(isolate, "get");
    v8::Local<v8::String> set = v8::String::NewFromUtf8Literal(isolate, "set");
    if (fields->HasOwnProperty(context, get).FromMaybe(false) || fields->HasOwnProperty(context, set).FromMaybe(false)) {
      return true;
    }
  }
  if (try_catch.HasCaught()) Pass(try_catch);
  return try_catch.HasCaught();
}

bool QueryNamed(v8::Isolate* isolate, v8::Local<v8::Value> data, v8::Local<v8::Name> name,
                v8::ReturnValue<v8::Integer> out) {
  Slots slots;
  if (!SlotsOf(isolate, data, &slots)) return false;
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::TryCatch try_catch(isolate);
  v8::PropertyAttribute attributes = v8::None;
  if (slots.sandbox->HasRealNamedProperty(context, name).FromMaybe(false) &&
      slots.sandbox->GetRealNamedPropertyAttributes(context, name).To(&attributes)) {
    out.Set(static_cast<int32_t>(attributes));
    return true;
  }
  return Missed(isolate, data, slots, name, try_catch);
}

bool DeleteNamed(v8::Isolate* isolate, v8::Local<v8::Value> data, v8::Local<v8::Name> name,
                 v8::ReturnValue<v8::Boolean> out) {
  Slots slots;
  if (!SlotsOf(isolate, data, &slots)) return false;
  v8::TryCatch try_catch(isolate);
  if (slots.sandbox->Delete(isolate->GetCurrentContext(), name).FromMaybe(false)) return false;  // and from the global
  if (try_catch.HasCaught()) {
    Pass(try_catch);
    return true;
  }
  out.Set(false);
  return true;
}

void EnumerateNamed(const v8::PropertyCallbackInfo<v8::Array>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  Slots slots;
  if (!SlotsOf(isolate, info.Data(), &slots)) return;
  v8::Local<v8::Array> names;
  // Symbols too, as Node 22 and later give them.
  if (slots.sandbox
          ->GetPropertyNames(isolate->GetCurrentContext(), v8::KeyCollectionMode::kOwnOnly, v8::ONLY_ENUMERABLE,
                             v8::IndexFilter::kSkipIndices)
          .ToLocal(&names)) {
    info.GetReturnValue().Set(names);
  }
}

void EnumerateIndexed(const v8::PropertyCallbackInfo<v8::Array>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  Slots slots;
  if (!SlotsOf(isolate, info.Data(), &slots)) return;
  v8::Local<v8::Array> names;
  if (slots.sandbox
          ->GetPropertyNames(isolate->GetCurrentContext(), v8::KeyCollectionMode::kOwnOnly,
                             static_cast<v8::PropertyFilter>(v8::ONLY_ENUMERABLE | v8::SKIP_SYMBOLS),
                             v8::IndexFilter::kIncludeIndices)
          .ToLocal(&names)) {
    // Only the indices: the named enumerator gives the rest.
    v8::Local<v8::Context> context = isolate->GetCurrentContext();
    v8::Local<v8::Array> indices = v8::Array::New(isolate);
    uint32_t kept = 0;
    for (uint32_t i = 0; i < names->Length(); i++) {
      v8::Local<v8::Value> key;
      if (!names->Get(context, i).ToLocal(&key)) return;
      if (key->IsNumber() && indices->Set(context, kept, key).FromMaybe(false)) kept++;
    }
    info.GetReturnValue().Set(indices);
  }
}

// Defined on the sandbox, and left for V8 to define on the global too.
void DefineNamed(v8::Isolate* isolate, v8::Local<v8::Value> data, v8::Local<v8::Name> name,
                 const v8::PropertyDescriptor& desc) {
  Slots slots;
  if (!SlotsOf(isolate, data, &slots)) return;
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::PropertyAttribute attributes = v8::None;
  bool declared = slots.global->GetRealNamedPropertyAttributes(context, name).To(&attributes);
  if (declared && (attributes & v8::ReadOnly) && (attributes & v8::DontDelete)) return;
  v8::TryCatch try_catch(isolate);
  auto define = [&](v8::PropertyDescriptor* copy) {
    if (desc.has_enumerable()) copy->set_enumerable(desc.enumerable());
    if (desc.has_configurable()) copy->set_configurable(desc.configurable());
    // A refusal (a frozen object) is V8's to report on the global; a throw is rethrown below.
    if (slots.sandbox->DefineProperty(context, name, *copy).IsNothing()) return;
  };
  v8::Local<v8::Value> undefined = v8::Undefined(isolate);
  if (desc.has_get() || desc.has_set()) {
    v8::PropertyDescriptor copy(desc.has_get() ? desc.get() : undefined, desc.has_set() ? desc.set() : undefined);
    define(&copy);
  } else if (desc.has_writable()) {
    v8::PropertyDescriptor copy(desc.has_value() ? desc.value() : undefined, desc.writable());
    define(&copy);
  } else {
    v8::PropertyDescriptor copy(desc.has_value() ? desc.value() : undefined);
    define(&copy);
  }
  if (try_catch.HasCaught()) Pass(try_catch);
}

bool DescribeNamed(v8::Isolate* isolate, v8::Local<v8::Value> data, v8::Local<v8::Name> name,
                   v8::ReturnValue<v8::Value> out) {
  Slots slots;
  if (!SlotsOf(isolate, data, &slots)) return false;
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::TryCatch try_catch(isolate);
  v8::Local<v8::Value> descriptor;
  if (slots.sandbox->HasOwnProperty(context, name).FromMaybe(false) &&
      slots.sandbox->GetOwnPropertyDescriptor(context, name).ToLocal(&descriptor)) {
    out.Set(descriptor);
    return true;
  }
  if (try_catch.HasCaught()) {
    Pass(try_catch);
    return true;
  }
  return false;
}

v8::Local<v8::Name> IndexName(v8::Isolate* isolate, uint32_t index) {
  return v8::Integer::NewFromUnsigned(isolate, index)
      ->ToString(isolate->GetCurrentContext())
      .FromMaybe(v8::String::Empty(isolate));
}

// V8 13 takes interceptors that say whether they intercepted; V8 10 and 11
// take ones that say it by setting a return value.
#if JSR_V8_AT_LEAST(13)
using Result = v8::Intercepted;
using SetInfo = v8::PropertyCallbackInfo<void>;
inline Result Said(bool intercepted) { return intercepted ? v8::Intercepted::kYes : v8::Intercepted::kNo; }
inline Result SetSaid(const SetInfo&, bool intercepted, v8::Local<v8::Value>) { return Said(intercepted); }
#else
using Result = void;
using SetInfo = v8::PropertyCallbackInfo<v8::Value>;
inline void Said(bool) {}
// A setter intercepts on V8 10/11 by setting any return value.
inline void SetSaid(const SetInfo& info, bool intercepted, v8::Local<v8::Value> value) {
  if (intercepted) info.GetReturnValue().Set(value);
}
#endif

Result OnGet(v8::Local<v8::Name> name, const v8::PropertyCallbackInfo<v8::Value>& info) {
  return Said(GetNamed(info.GetIsolate(), info.Data(), name, info.GetReturnValue()));
}
Result OnSet(v8::Local<v8::Name> name, v8::Local<v8::Value> value, const SetInfo& info) {
  bool intercepted = SetNamed(info.GetIsolate(), info.Data(), name, value, info.ShouldThrowOnError(), info.This());
  return SetSaid(info, intercepted, value);
}
Result OnQuery(v8::Local<v8::Name> name, const v8::PropertyCallbackInfo<v8::Integer>& info) {
  return Said(QueryNamed(info.GetIsolate(), info.Data(), name, info.GetReturnValue()));
}
Result OnDelete(v8::Local<v8::Name> name, const v8::PropertyCallbackInfo<v8::Boolean>& info) {
  return Said(DeleteNamed(info.GetIsolate(), info.Data(), name, info.GetReturnValue()));
}
Result OnDefine(v8::Local<v8::Name> name, const v8::PropertyDescriptor& desc, const SetInfo& info) {
  DefineNamed(info.GetIsolate(), info.Data(), name, desc);
  return Said(false);
}
Result OnDescribe(v8::Local<v8::Name> name, const v8::PropertyCallbackInfo<v8::Value>& info) {
  return Said(DescribeNamed(info.GetIsolate(), info.Data(), name, info.GetReturnValue()));
}
Result OnGetIndex(uint32_t index, const v8::PropertyCallbackInfo<v8::Value>& info) {
  return OnGet(IndexName(info.GetIsolate(), index), info);
}
Result OnSetIndex(uint32_t index, v8::Local<v8::Value> value, const SetInfo& info) {
  return OnSet(IndexName(info.GetIsolate(), index), value, info);
}
Result OnQueryIndex(uint32_t index, const v8::PropertyCallbackInfo<v8::Integer>& info) {
  return OnQuery(IndexName(info.GetIsolate(), index), info);
}
Result OnDeleteIndex(uint32_t index, const v8::PropertyCallbackInfo<v8::Boolean>& info) {
  return OnDelete(IndexName(info.GetIsolate(), index), info);
}
Result OnDefineIndex(uint32_t index, const v8::PropertyDescriptor& desc, const SetInfo& info) {
  return OnDefine(IndexName(info.GetIsolate(), index), desc, info);
}
Result OnDescribeIndex(uint32_t index, const v8::PropertyCallbackInfo<v8::Value>& info) {
  return OnDescribe(IndexName(info.GetIsolate(), index), info);
}

}  // namespace

extern "C" int jsr_vm_context_new(jsr_env* env, jsr_value sandbox, int strings, const char* name, size_t name_len,
                                  jsr_value lazy, jsr_value filler, jsr_value* global) noexcept {
  v8::Isolate* isolate = env->isolate;
  v8::TryCatch try_catch(isolate);
  v8::Local<v8::Array> data = v8::Array::New(isolate, 4);
  v8::Local<v8::ObjectTemplate> global_template = v8::ObjectTemplate::New(isolate);
  global_template->SetHandler(v8::NamedPropertyHandlerConfiguration(
      OnGet, OnSet, OnQuery, OnDelete, EnumerateNamed, OnDefine, OnDescribe, data));
  global_template->SetHandler(v8::IndexedPropertyHandlerConfiguration(
      OnGetIndex, OnSetIndex, OnQueryIndex, OnDeleteIndex, EnumerateIndexed, OnDefineIndex, OnDescribeIndex,
      data));
  v8::Local<v8::Context> context = v8::Context::New(isolate, nullptr, global_template);
  if (context.IsEmpty()) {
    if (!try_catch.HasCaught()) {
      isolate->ThrowException(v8::Exception::Error(v8::String::NewFromUtf8Literal(isolate, "could not make a context")));
    }
    return jsr::caught(env, try_catch);
  }
  // Objects pass between the runtime's context and this one.
  context->SetSecurityToken(env->context->GetSecurityToken());
  context->AllowCodeGenerationFromStrings(strings != 0);
  jsr::InspectContext(env->owner, context, name, name_len);
  v8::Local<v8::Object> proxy = context->Global();
  v8::Local<v8::Value> none = v8::Undefined(isolate);
  v8::Local<v8::Value> fields[] = {jsr::local(sandbox), proxy, lazy ? jsr::local(lazy) : none,
                                   filler ? jsr::local(filler) : none};
  for (uint32_t i = 0; i < 4; i++) {
    if (data->Set(env->context, i, fields[i]).IsNothing()) return jsr::caught(env, try_catch);
  }
  *global = jsr::handle(proxy);
  return JSR_OK;
}

// Compiles and runs UTF-8 `source` named `name` in the context whose global
// proxy is `global` (one jsr_vm_context_new made).
extern "C" int jsr_vm_run(jsr_env* env, jsr_value global, const char* source, size_t len, const char* name,
                          size_t name_len, jsr_value* result) noexcept {
  v8::Isolate* isolate = env->isolate;
  v8::TryCatch try_catch(isolate);
  v8::Local<v8::Context> context;
#if JSR_V8_AT_LEAST(13)
  bool found = jsr::local<v8::Object>(global)->GetCreationContext(isolate).ToLocal(&context);
#else
  bool found = jsr::local<v8::Object>(global)->GetCreationContext().ToLocal(&context);
#endif
  v8::Local<v8::String> text;
  v8::Local<v8::String> name_string;
  if (!found) {
    isolate->ThrowException(v8::Exception::TypeError(v8::String::NewFromUtf8Literal(isolate, "not a vm context")));
    return jsr::caught(env, try_catch);
  }
  if (!jsr::source_and_name(isolate, source, len, name, name_len, &text, &name_string)) {
    return jsr::caught(env, try_catch);
  }
  v8::Context::Scope scope(context);
  v8::ScriptOrigin origin = jsr::Origin(isolate, name_string);
  v8::Local<v8::Script> script;
  if (!v8::Script::Compile(context, text, &origin).ToLocal(&script)) return jsr::caught(env, try_catch);
  v8::Local<v8::Value> value;
  if (!script->Run(context).ToLocal(&value)) return jsr::caught(env, try_catch);
  *result = jsr::handle(value);
  return JSR_OK;
}

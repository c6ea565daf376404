// ES modules: compiling, linking and evaluating them, and V8's module
// callbacks (static imports while linking, dynamic import(), import.meta)
// forwarded to Rust, which owns the registry and the loading policy.
#include "isolate.h"

namespace {

jsr_module_callbacks callbacks{};  // set once by jsr_modules_init

jsr_env EnvFor(v8::Local<v8::Context> context) {
  v8::Isolate* isolate = context->GetIsolate();
  auto* owner = static_cast<jsr_isolate*>(isolate->GetData(0));
  return jsr_env{isolate, context, owner, {}, {}};
}

// V8 takes an empty result only with an exception pending. Rust throws before
// it returns NULL; where it could not (its state already gone), throw here.
void EnsureThrown(v8::Isolate* isolate, v8::TryCatch& try_catch, const char* what) {
  if (!try_catch.HasCaught() && !try_catch.HasTerminated()) {
    isolate->ThrowException(v8::Exception::Error(
        v8::String::NewFromUtf8(isolate, what).FromMaybe(v8::String::Empty(isolate))));
  }
  try_catch.ReThrow();
}

v8::MaybeLocal<v8::Module> ResolveStatic(v8::Local<v8::Context> context, v8::Local<v8::String> specifier,
                                         v8::Local<v8::FixedArray>, v8::Local<v8::Module> referrer) {
  jsr_env env = EnvFor(context);
  v8::TryCatch try_catch(env.isolate);
  jsr_value module = callbacks.resolve(env.owner->module_host, &env, jsr::handle(specifier),
                                       jsr::handle(referrer));
  if (module == nullptr) {
    EnsureThrown(env.isolate, try_catch, "jsrun could not resolve this import: the runtime is closing");
    return {};
  }
  return jsr::local<v8::Module>(module);
}

v8::MaybeLocal<v8::Promise> ImportDynamic(v8::Local<v8::Context> context, v8::Local<v8::Data>,
                                          v8::Local<v8::Value> resource_name,
                                          v8::Local<v8::String> specifier, v8::Local<v8::FixedArray>) {
  jsr_env env = EnvFor(context);
  v8::TryCatch try_catch(env.isolate);
  jsr_value promise = callbacks.import(env.owner->module_host, &env, jsr::handle(specifier),
                                       jsr::handle(resource_name));
  if (promise == nullptr) {
    EnsureThrown(env.isolate, try_catch, "jsrun could not start this import(): the runtime is closing");
    return {};
  }
  return jsr::local<v8::Promise>(promise);
}

void InitializeMeta(v8::Local<v8::Context> context, v8::Local<v8::Module> module, v8::Local<v8::Object> meta) {
  jsr_env env = EnvFor(context);
  callbacks.meta(env.owner->module_host, &env, jsr::handle(module), jsr::handle(meta));
}

}  // namespace

namespace jsr {
void InstallModuleCallbacks(v8::Isolate* isolate) {
  isolate->SetHostImportModuleDynamicallyCallback(ImportDynamic);
  isolate->SetHostInitializeImportMetaObjectCallback(InitializeMeta);
}
}  // namespace jsr

extern "C" void jsr_modules_init(const jsr_module_callbacks* given) noexcept { callbacks = *given; }

extern "C" void jsr_env_set_module_host(jsr_env* env, void* host) noexcept { env->owner->module_host = host; }

extern "C" int jsr_module_compile(jsr_env* env, const char* source, size_t len, const char* url,
                                  size_t url_len, const char* cache, size_t cache_len, jsr_value* out,
                                  int* rejected) noexcept {
  v8::Isolate* isolate = env->isolate;
  v8::TryCatch try_catch(isolate);
  *rejected = 1;
  v8::Local<v8::String> text, name;
  if (!v8::String::NewFromUtf8(isolate, source, v8::NewStringType::kNormal, static_cast<int>(len))
           .ToLocal(&text) ||
      !v8::String::NewFromUtf8(isolate, url, v8::NewStringType::kNormal, static_cast<int>(url_len))
           .ToLocal(&name)) {
    isolate->ThrowException(v8::Exception::RangeError(
        v8::String::NewFromUtf8Literal(isolate, "module source is too long")));
    return jsr::caught(env, try_catch);
  }
  v8::ScriptOrigin origin = jsr::Origin(isolate, name, /*is_module=*/true);
  auto* cached = jsr::borrowed_cache(cache, cache_len);
  v8::ScriptCompiler::Source compiler_source(text, origin, cached);
  v8::Local<v8::Module> module;
  if (!v8::ScriptCompiler::CompileModule(isolate, &compiler_source,
                                         cached ? v8::ScriptCompiler::kConsumeCodeCache
                                                : v8::ScriptCompiler::kNoCompileOptions)
           .ToLocal(&module)) {
    return jsr::caught(env, try_catch);
  }
  *rejected = cached == nullptr || compiler_source.GetCachedData()->rejected ? 1 : 0;
  *out = jsr::handle(module);
  return JSR_OK;
}

extern "C" void jsr_module_code_cache(jsr_env* env, jsr_value module, const char** produced,
                                      size_t* produced_len) noexcept {
  (void)env;
  *produced = nullptr;
  *produced_len = 0;
  v8::Local<v8::Module> source_module = jsr::local<v8::Module>(module);
  if (!source_module->IsSourceTextModule() || source_module->GetStatus() == v8::Module::kErrored) return;
  jsr::give_cache(v8::ScriptCompiler::CreateCodeCache(source_module->GetUnboundModuleScript()), produced,
                  produced_len);
}

extern "C" int jsr_module_request_count(jsr_env* env, jsr_value module) noexcept {
  return jsr::local<v8::Module>(module)->GetModuleRequests()->Length();
}

extern "C" jsr_value jsr_module_request(jsr_env* env, jsr_value module, int index) noexcept {
  v8::Local<v8::FixedArray> requests = jsr::local<v8::Module>(module)->GetModuleRequests();
  v8::Local<v8::ModuleRequest> request = requests->Get(env->context, index).As<v8::ModuleRequest>();
  return jsr::handle(request->GetSpecifier());
}

extern "C" int jsr_module_evaluate(jsr_env* env, jsr_value module, jsr_value* promise) noexcept {
  v8::TryCatch try_catch(env->isolate);
  v8::Local<v8::Module> m = jsr::local<v8::Module>(module);
  if (m->GetStatus() == v8::Module::kUninstantiated &&
      !m->InstantiateModule(env->context, ResolveStatic).FromMaybe(false)) {
    return jsr::caught(env, try_catch);
  }
  v8::Local<v8::Value> result;
  if (!m->Evaluate(env->context).ToLocal(&result)) return jsr::caught(env, try_catch);
  *promise = jsr::handle(result);
  return JSR_OK;
}

extern "C" jsr_value jsr_module_namespace(jsr_value module) noexcept {
  return jsr::handle(jsr::local<v8::Module>(module)->GetModuleNamespace());
}

extern "C" int jsr_module_identity(jsr_value module) noexcept {
  return jsr::local<v8::Module>(module)->GetIdentityHash();
}

extern "C" int jsr_module_is(jsr_env* env, jsr_value module, jsr_global* global) noexcept {
  v8::Local<v8::Value> held = jsr::local(jsr_global_get(env, global));
  return v8::Local<v8::Data>(held) == jsr::local<v8::Data>(module) ? 1 : 0;
}

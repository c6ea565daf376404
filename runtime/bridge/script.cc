// Compiling and running classic scripts.
#include <cstring>
#include <memory>
#include <vector>

#include "internal.h"

extern "C" int jsr_script_run(jsr_env* env, const void* source, size_t len, int two_byte,
                              const char* name, size_t name_len, jsr_value* result) noexcept {
  v8::Isolate* isolate = env->isolate;
  v8::TryCatch try_catch(isolate);
  v8::MaybeLocal<v8::String> maybe_source =
      two_byte ? v8::String::NewFromTwoByte(isolate, static_cast<const uint16_t*>(source),
                                            v8::NewStringType::kNormal, static_cast<int>(len))
               : v8::String::NewFromUtf8(isolate, static_cast<const char*>(source),
                                         v8::NewStringType::kNormal, static_cast<int>(len));
  v8::Local<v8::String> source_string;
  v8::Local<v8::String> name_string =
      name == nullptr ? jsr::local<v8::String>(jsr_env_default_script_name(env))
                      : v8::String::NewFromUtf8(isolate, name, v8::NewStringType::kNormal,
                                                static_cast<int>(name_len))
                            .FromMaybe(v8::Local<v8::String>());
  if (!maybe_source.ToLocal(&source_string) || name_string.IsEmpty()) {
    isolate->ThrowException(v8::Exception::RangeError(
        v8::String::NewFromUtf8Literal(isolate, "source text is too long")));
    return jsr::caught(env, try_catch);
  }
  v8::ScriptOrigin origin = jsr::Origin(isolate, name_string);
  v8::Local<v8::Script> script;
  if (!v8::Script::Compile(env->context, source_string, &origin).ToLocal(&script)) {
    return jsr::caught(env, try_catch);
  }
  v8::Local<v8::Value> value;
  if (!script->Run(env->context).ToLocal(&value)) return jsr::caught(env, try_catch);
  *result = jsr::handle(value);
  return JSR_OK;
}

// The hot path for a source evaluated again and again: compile once (kept
// by Rust as an UnboundScript), then bind and run it per call.
extern "C" int jsr_script_compile(jsr_env* env, const char* source, size_t len, const char* name,
                                  size_t name_len, jsr_value* unbound) noexcept {
  v8::Isolate* isolate = env->isolate;
  v8::TryCatch try_catch(isolate);
  v8::Local<v8::String> text;
  v8::Local<v8::String> name_string =
      name == nullptr ? jsr::local<v8::String>(jsr_env_default_script_name(env))
                      : v8::String::NewFromUtf8(isolate, name, v8::NewStringType::kNormal,
                                                static_cast<int>(name_len))
                            .FromMaybe(v8::Local<v8::String>());
  if (!v8::String::NewFromUtf8(isolate, source, v8::NewStringType::kNormal, static_cast<int>(len))
           .ToLocal(&text) ||
      name_string.IsEmpty()) {
    return jsr::caught(env, try_catch);
  }
  v8::ScriptOrigin origin = jsr::Origin(isolate, name_string);
  v8::ScriptCompiler::Source compiler_source(text, origin);
  v8::Local<v8::UnboundScript> script;
  if (!v8::ScriptCompiler::CompileUnboundScript(isolate, &compiler_source).ToLocal(&script)) {
    return jsr::caught(env, try_catch);
  }
  *unbound = jsr::handle(script);
  return JSR_OK;
}

extern "C" int jsr_script_run_unbound(jsr_env* env, jsr_value unbound, jsr_value* result) noexcept {
  v8::TryCatch try_catch(env->isolate);
  v8::Local<v8::Script> script = jsr::local<v8::UnboundScript>(unbound)->BindToCurrentContext();
  v8::Local<v8::Value> value;
  if (!script->Run(env->context).ToLocal(&value)) return jsr::caught(env, try_catch);
  *result = jsr::handle(value);
  return JSR_OK;
}

// As jsr_script_run for jsrun's own scripts, with V8's code cache: `cache`
// (or NULL) is one this function produced before, in this process. When it
// had none or V8 rejected it, a new one is made after the run (so it holds
// the functions the run compiled) into `*produced` (free with jsr_blob_free).
extern "C" int jsr_script_run_cached(jsr_env* env, const char* source, size_t len, const char* name,
                                     size_t name_len, const char* cache, size_t cache_len,
                                     jsr_value* result, const char** produced,
                                     size_t* produced_len) noexcept {
  v8::Isolate* isolate = env->isolate;
  v8::TryCatch try_catch(isolate);
  *produced = nullptr;
  *produced_len = 0;
  v8::Local<v8::String> text;
  v8::Local<v8::String> name_string;
  if (!jsr::source_and_name(isolate, source, len, name, name_len, &text, &name_string)) {
    return jsr::caught(env, try_catch);
  }
  v8::ScriptOrigin origin = jsr::Origin(isolate, name_string);
  auto* cached = jsr::borrowed_cache(cache, cache_len);
  v8::ScriptCompiler::Source compiler_source(text, origin, cached);
  v8::Local<v8::UnboundScript> unbound;
  // Compiled whole when the cache is made: functions that run only after the
  // script (the polyfill modules, a stream's methods) are in the cache too,
  // rather than parsed again by every runtime.
  if (!v8::ScriptCompiler::CompileUnboundScript(
           isolate, &compiler_source,
           cached ? v8::ScriptCompiler::kConsumeCodeCache : v8::ScriptCompiler::kEagerCompile)
           .ToLocal(&unbound)) {
    return jsr::caught(env, try_catch);
  }
  bool fresh = cached == nullptr || compiler_source.GetCachedData()->rejected;
  v8::Local<v8::Value> value;
  if (!unbound->BindToCurrentContext()->Run(env->context).ToLocal(&value)) return jsr::caught(env, try_catch);
  if (fresh) jsr::give_cache(v8::ScriptCompiler::CreateCodeCache(unbound), produced, produced_len);
  *result = jsr::handle(value);
  return JSR_OK;
}

// Compiles UTF-8 `source` as the body of a function of the `param_count`
// comma-separated-free names in `params` (a CommonJS module's wrapper),
// named `name` for stack traces and import(). `cache` (or NULL) is one
// jsr_function_code_cache made before; `*rejected` says V8 could not use it
// (or there was none), so a new one is worth making once the function ran.
extern "C" int jsr_function_compile(jsr_env* env, const char* source, size_t len, const char* name,
                                    size_t name_len, const char* const* params, const size_t* param_lens,
                                    size_t param_count, const char* cache, size_t cache_len, jsr_value* result,
                                    int* rejected) noexcept {
  v8::Isolate* isolate = env->isolate;
  v8::TryCatch try_catch(isolate);
  *rejected = 1;
  v8::Local<v8::String> text;
  v8::Local<v8::String> name_string;
  if (!jsr::source_and_name(isolate, source, len, name, name_len, &text, &name_string)) {
    return jsr::caught(env, try_catch);
  }
  std::vector<v8::Local<v8::String>> arguments;
  for (size_t i = 0; i < param_count; i++) {
    v8::Local<v8::String> param;
    if (!v8::String::NewFromUtf8(isolate, params[i], v8::NewStringType::kNormal, static_cast<int>(param_lens[i]))
             .ToLocal(&param)) {
      return jsr::caught(env, try_catch);
    }
    arguments.push_back(param);
  }
  v8::ScriptOrigin origin = jsr::Origin(isolate, name_string);
  auto* cached = jsr::borrowed_cache(cache, cache_len);
  v8::ScriptCompiler::Source compiler_source(text, origin, cached);
  v8::Local<v8::Function> function;
  if (!v8::ScriptCompiler::CompileFunction(env->context, &compiler_source, arguments.size(), arguments.data(), 0,
                                           nullptr,
                                           cached ? v8::ScriptCompiler::kConsumeCodeCache
                                                  : v8::ScriptCompiler::kNoCompileOptions)
           .ToLocal(&function)) {
    return jsr::caught(env, try_catch);
  }
  *rejected = cached == nullptr || compiler_source.GetCachedData()->rejected ? 1 : 0;
  *result = jsr::handle(function);
  return JSR_OK;
}

// The code cache of a function jsr_function_compile made, with the inner
// functions compiled so far (those its run used) into `*produced` (or NULL;
// free with jsr_blob_free).
extern "C" void jsr_function_code_cache(jsr_env* env, jsr_value function, const char** produced,
                                        size_t* produced_len) noexcept {
  (void)env;
  jsr::give_cache(v8::ScriptCompiler::CreateCodeCacheForFunction(jsr::local<v8::Function>(function)), produced,
                  produced_len);
}

// Inspecting values and making primitives.
#include "internal.h"

using jsr::handle;
using jsr::local;

extern "C" int jsr_value_kind(jsr_value h) {
  v8::Local<v8::Value> v = local(h);
  if (v->IsInt32()) return JSR_KIND_INT32;
  if (v->IsString()) return JSR_KIND_STRING;
  if (v->IsNumber()) return JSR_KIND_NUMBER;
  if (v->IsUndefined()) return JSR_KIND_UNDEFINED;
  if (v->IsNull()) return JSR_KIND_NULL;
  if (v->IsTrue()) return JSR_KIND_TRUE;
  if (v->IsFalse()) return JSR_KIND_FALSE;
  if (v->IsBigInt()) return JSR_KIND_BIGINT;
  if (v->IsSymbol()) return JSR_KIND_SYMBOL;
  if (!v->IsObject()) return JSR_KIND_OTHER;
  // Proxy first: a callable proxy is also a function.
  if (v->IsProxy()) return JSR_KIND_PROXY;
  if (v->IsFunction()) return JSR_KIND_FUNCTION;
  if (v->IsArray()) return JSR_KIND_ARRAY;
  if (v->IsTypedArray()) return JSR_KIND_TYPED_ARRAY;
  if (v->IsArrayBuffer()) return JSR_KIND_ARRAY_BUFFER;
  if (v->IsSharedArrayBuffer()) return JSR_KIND_SHARED_ARRAY_BUFFER;
  if (v->IsDataView()) return JSR_KIND_DATA_VIEW;
  if (v->IsDate()) return JSR_KIND_DATE;
  if (v->IsMap()) return JSR_KIND_MAP;
  if (v->IsSet()) return JSR_KIND_SET;
  if (v->IsPromise()) return JSR_KIND_PROMISE;
  if (v->IsNativeError()) return JSR_KIND_ERROR;
  if (v->IsRegExp()) return JSR_KIND_REGEXP;
  if (v->IsNumberObject() || v->IsStringObject() || v->IsBooleanObject() ||
      v->IsBigIntObject() || v->IsSymbolObject()) {
    return JSR_KIND_BOXED_PRIMITIVE;
  }
  if (v->IsWeakMap() || v->IsWeakSet()) return JSR_KIND_WEAK;
  if (v->IsWasmModuleObject()) return JSR_KIND_WASM_MODULE;
  return JSR_KIND_OBJECT;
}

extern "C" int32_t jsr_value_int32(jsr_value v) { return local<v8::Int32>(v)->Value(); }
extern "C" double jsr_value_number(jsr_value v) { return local<v8::Number>(v)->Value(); }

extern "C" int jsr_value_strict_equals(jsr_value a, jsr_value b) {
  return local(a)->StrictEquals(local(b)) ? 1 : 0;
}

extern "C" int jsr_value_to_detail_string(jsr_env* env, jsr_value v, jsr_value* out) {
  v8::TryCatch try_catch(env->isolate);
  v8::Local<v8::String> text;
  if (!local(v)->ToDetailString(env->context).ToLocal(&text)) return jsr::caught(env, try_catch);
  *out = handle(text);
  return JSR_OK;
}

extern "C" jsr_value jsr_undefined(jsr_env* env) { return handle(v8::Undefined(env->isolate)); }
extern "C" jsr_value jsr_null(jsr_env* env) { return handle(v8::Null(env->isolate)); }
extern "C" jsr_value jsr_boolean(jsr_env* env, int b) {
  return handle(v8::Boolean::New(env->isolate, b != 0));
}
extern "C" jsr_value jsr_number(jsr_env* env, double d) {
  return handle(v8::Number::New(env->isolate, d));
}

extern "C" size_t jsr_string_length(jsr_value s, int* one_byte) {
  v8::Local<v8::String> str = local<v8::String>(s);
  *one_byte = str->IsOneByte() ? 1 : 0;
  return static_cast<size_t>(str->Length());
}

extern "C" void jsr_string_write_one_byte(jsr_env* env, jsr_value s, uint8_t* out, size_t len) {
  local<v8::String>(s)->WriteOneByte(env->isolate, out, 0, static_cast<int>(len),
                                     v8::String::NO_NULL_TERMINATION);
}

extern "C" void jsr_string_write_two_byte(jsr_env* env, jsr_value s, uint16_t* out, size_t len) {
  local<v8::String>(s)->Write(env->isolate, out, 0, static_cast<int>(len),
                              v8::String::NO_NULL_TERMINATION);
}

extern "C" jsr_value jsr_string_from_utf8(jsr_env* env, const char* s, size_t len) {
  return handle(v8::String::NewFromUtf8(env->isolate, s, v8::NewStringType::kNormal,
                                        static_cast<int>(len)));
}

extern "C" jsr_value jsr_string_from_latin1(jsr_env* env, const uint8_t* s, size_t len) {
  return handle(v8::String::NewFromOneByte(env->isolate, s, v8::NewStringType::kNormal,
                                           static_cast<int>(len)));
}

extern "C" jsr_value jsr_string_from_two_byte(jsr_env* env, const uint16_t* s, size_t len) {
  return handle(v8::String::NewFromTwoByte(env->isolate, s, v8::NewStringType::kNormal,
                                           static_cast<int>(len)));
}

extern "C" size_t jsr_bigint_word_count(jsr_value v) {
  return static_cast<size_t>(local<v8::BigInt>(v)->WordCount());
}

extern "C" void jsr_bigint_words(jsr_value v, int* negative, uint64_t* words, size_t count) {
  int word_count = static_cast<int>(count);
  local<v8::BigInt>(v)->ToWordsArray(negative, &word_count, words);
}

extern "C" jsr_value jsr_bigint_from_words(jsr_env* env, int negative, const uint64_t* words,
                                           size_t count) {
  v8::TryCatch try_catch(env->isolate);
  return handle(
      v8::BigInt::NewFromWords(env->context, negative, static_cast<int>(count), words));
}

extern "C" double jsr_date_time(jsr_value v) { return local<v8::Date>(v)->ValueOf(); }

extern "C" jsr_value jsr_date_new(jsr_env* env, double ms) {
  v8::TryCatch try_catch(env->isolate);
  return handle(v8::Date::New(env->context, ms));
}

extern "C" jsr_value jsr_boxed_value(jsr_env* env, jsr_value h) {
  v8::Local<v8::Value> v = local(h);
  if (v->IsNumberObject()) {
    return handle(v8::Number::New(env->isolate, v.As<v8::NumberObject>()->ValueOf()));
  }
  if (v->IsStringObject()) return handle(v.As<v8::StringObject>()->ValueOf());
  if (v->IsBooleanObject()) {
    return handle(v8::Boolean::New(env->isolate, v.As<v8::BooleanObject>()->ValueOf()));
  }
  if (v->IsBigIntObject()) return handle(v.As<v8::BigIntObject>()->ValueOf());
  if (v->IsSymbolObject()) return handle(v.As<v8::SymbolObject>()->ValueOf());
  return h;
}

extern "C" int jsr_promise_state(jsr_value h, jsr_value* result) {
  v8::Local<v8::Promise> promise = local<v8::Promise>(h);
  switch (promise->State()) {
    case v8::Promise::kPending:
      return 0;
    case v8::Promise::kFulfilled:
      *result = handle(promise->Result());
      return 1;
    case v8::Promise::kRejected:
      promise->MarkAsHandled();
      *result = handle(promise->Result());
      return 2;
  }
  return 0;
}

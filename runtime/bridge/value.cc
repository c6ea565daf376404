// Inspecting values and making primitives.
#include <algorithm>
#include <limits>

#include "internal.h"

using jsr::handle;
using jsr::local;

extern "C" int jsr_value_kind(jsr_value h) noexcept {
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
  if (v->IsModuleNamespaceObject()) return JSR_KIND_MODULE_NAMESPACE;
  return JSR_KIND_OBJECT;
}

// The accessors below check the kind and bound every copy by the value's own
// size, so a wrong handle gives a default, never a bad cast or an overrun.
extern "C" int32_t jsr_value_int32(jsr_value h) noexcept {
  v8::Local<v8::Value> v = local(h);
  return v->IsInt32() ? v.As<v8::Int32>()->Value() : 0;
}
extern "C" double jsr_value_number(jsr_value h) noexcept {
  v8::Local<v8::Value> v = local(h);
  return v->IsNumber() ? v.As<v8::Number>()->Value() : std::numeric_limits<double>::quiet_NaN();
}

extern "C" int jsr_value_strict_equals(jsr_value a, jsr_value b) noexcept {
  return local(a)->StrictEquals(local(b)) ? 1 : 0;
}

extern "C" int jsr_value_to_detail_string(jsr_env* env, jsr_value v, jsr_value* out) noexcept {
  v8::TryCatch try_catch(env->isolate);
  v8::Local<v8::String> text;
  if (!local(v)->ToDetailString(env->context).ToLocal(&text)) return jsr::caught(env, try_catch);
  *out = handle(text);
  return JSR_OK;
}

extern "C" jsr_value jsr_undefined(jsr_env* env) noexcept { return handle(v8::Undefined(env->isolate)); }
extern "C" jsr_value jsr_null(jsr_env* env) noexcept { return handle(v8::Null(env->isolate)); }
extern "C" jsr_value jsr_boolean(jsr_env* env, int b) noexcept {
  return handle(v8::Boolean::New(env->isolate, b != 0));
}
extern "C" jsr_value jsr_number(jsr_env* env, double d) noexcept {
  return handle(v8::Number::New(env->isolate, d));
}

extern "C" size_t jsr_string_length(jsr_value s, int* one_byte) noexcept {
  v8::Local<v8::Value> v = local(s);
  if (!v->IsString()) {
    *one_byte = 1;
    return 0;
  }
  v8::Local<v8::String> str = v.As<v8::String>();
  *one_byte = str->IsOneByte() ? 1 : 0;
  return static_cast<size_t>(str->Length());
}

namespace {
// Units to write: at most the buffer's and the string's length.
int WriteLength(v8::Local<v8::Value> v, size_t len) {
  if (!v->IsString()) return 0;
  return std::min(v.As<v8::String>()->Length(), static_cast<int>(std::min<size_t>(len, INT32_MAX)));
}
}  // namespace

extern "C" void jsr_string_write_one_byte(jsr_env* env, jsr_value s, uint8_t* out, size_t len) noexcept {
  v8::Local<v8::Value> v = local(s);
  int n = WriteLength(v, len);
  if (n > 0) v.As<v8::String>()->WriteOneByte(env->isolate, out, 0, n, v8::String::NO_NULL_TERMINATION);
}

extern "C" void jsr_string_write_two_byte(jsr_env* env, jsr_value s, uint16_t* out, size_t len) noexcept {
  v8::Local<v8::Value> v = local(s);
  int n = WriteLength(v, len);
  if (n > 0) v.As<v8::String>()->Write(env->isolate, out, 0, n, v8::String::NO_NULL_TERMINATION);
}

extern "C" jsr_value jsr_string_from_utf8(jsr_env* env, const char* s, size_t len) noexcept {
  return handle(v8::String::NewFromUtf8(env->isolate, s, v8::NewStringType::kNormal,
                                        static_cast<int>(len)));
}

extern "C" jsr_value jsr_string_from_latin1(jsr_env* env, const uint8_t* s, size_t len) noexcept {
  return handle(v8::String::NewFromOneByte(env->isolate, s, v8::NewStringType::kNormal,
                                           static_cast<int>(len)));
}

extern "C" jsr_value jsr_string_from_two_byte(jsr_env* env, const uint16_t* s, size_t len) noexcept {
  return handle(v8::String::NewFromTwoByte(env->isolate, s, v8::NewStringType::kNormal,
                                           static_cast<int>(len)));
}

extern "C" size_t jsr_bigint_word_count(jsr_value h) noexcept {
  v8::Local<v8::Value> v = local(h);
  return v->IsBigInt() ? static_cast<size_t>(v.As<v8::BigInt>()->WordCount()) : 0;
}

extern "C" void jsr_bigint_words(jsr_value h, int* negative, uint64_t* words, size_t count) noexcept {
  v8::Local<v8::Value> v = local(h);
  *negative = 0;
  if (!v->IsBigInt()) return;
  // ToWordsArray writes at most `word_count` words.
  int word_count = static_cast<int>(std::min<size_t>(count, INT32_MAX));
  v.As<v8::BigInt>()->ToWordsArray(negative, &word_count, words);
}

extern "C" jsr_value jsr_bigint_from_words(jsr_env* env, int negative, const uint64_t* words,
                                           size_t count) noexcept {
  v8::TryCatch try_catch(env->isolate);
  return handle(
      v8::BigInt::NewFromWords(env->context, negative, static_cast<int>(count), words));
}

extern "C" double jsr_date_time(jsr_value h) noexcept {
  v8::Local<v8::Value> v = local(h);
  return v->IsDate() ? v.As<v8::Date>()->ValueOf() : std::numeric_limits<double>::quiet_NaN();
}

extern "C" jsr_value jsr_date_new(jsr_env* env, double ms) noexcept {
  v8::TryCatch try_catch(env->isolate);
  return handle(v8::Date::New(env->context, ms));
}

extern "C" jsr_value jsr_boxed_value(jsr_env* env, jsr_value h) noexcept {
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

extern "C" int jsr_promise_state(jsr_value h, jsr_value* result) noexcept {
  if (!local(h)->IsPromise()) return 0;
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

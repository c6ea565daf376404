// Objects, arrays, Map and Set. Every call that can run JS (getters,
// proxy traps) has its own TryCatch and reports through the env.
#include "internal.h"

using jsr::handle;
using jsr::local;

extern "C" int jsr_object_identity(jsr_value h) noexcept {
  v8::Local<v8::Value> v = local(h);
  return v->IsObject() ? v.As<v8::Object>()->GetIdentityHash() : 0;
}

extern "C" jsr_value jsr_object_prototype(jsr_value h) noexcept {
  v8::Local<v8::Value> v = local(h);
  return v->IsObject() ? handle(v.As<v8::Object>()->GetPrototype()) : nullptr;
}

extern "C" int jsr_object_keys(jsr_env* env, jsr_value obj, jsr_value* keys) noexcept {
  v8::TryCatch try_catch(env->isolate);
  v8::Local<v8::Array> names;
  auto filter = static_cast<v8::PropertyFilter>(v8::ONLY_ENUMERABLE | v8::SKIP_SYMBOLS);
  if (!local<v8::Object>(obj)
           ->GetOwnPropertyNames(env->context, filter, v8::KeyConversionMode::kConvertToString)
           .ToLocal(&names)) {
    return jsr::caught(env, try_catch);
  }
  *keys = handle(names);
  return JSR_OK;
}

extern "C" int jsr_object_get(jsr_env* env, jsr_value obj, jsr_value key, jsr_value* out) noexcept {
  v8::TryCatch try_catch(env->isolate);
  v8::Local<v8::Value> value;
  if (!local<v8::Object>(obj)->Get(env->context, local(key)).ToLocal(&value)) {
    return jsr::caught(env, try_catch);
  }
  *out = handle(value);
  return JSR_OK;
}

extern "C" int jsr_object_get_index(jsr_env* env, jsr_value obj, uint32_t index, jsr_value* out) noexcept {
  v8::TryCatch try_catch(env->isolate);
  v8::Local<v8::Value> value;
  if (!local<v8::Object>(obj)->Get(env->context, index).ToLocal(&value)) {
    return jsr::caught(env, try_catch);
  }
  *out = handle(value);
  return JSR_OK;
}

extern "C" int jsr_object_set(jsr_env* env, jsr_value obj, jsr_value key, jsr_value value) noexcept {
  v8::TryCatch try_catch(env->isolate);
  if (local<v8::Object>(obj)->Set(env->context, local(key), local(value)).IsNothing()) {
    return jsr::caught(env, try_catch);
  }
  return JSR_OK;
}

extern "C" jsr_value jsr_object_new(jsr_env* env) noexcept { return handle(v8::Object::New(env->isolate)); }

extern "C" uint32_t jsr_array_length(jsr_value arr) noexcept {
  v8::Local<v8::Value> v = local(arr);
  return v->IsArray() ? v.As<v8::Array>()->Length() : 0;
}

extern "C" jsr_value jsr_array_new(jsr_env* env, uint32_t len) noexcept {
  return handle(v8::Array::New(env->isolate, static_cast<int>(len)));
}

extern "C" jsr_value jsr_collection_entries(jsr_env* env, jsr_value collection) noexcept {
  v8::Local<v8::Value> v = local(collection);
  if (v->IsMap()) return handle(v.As<v8::Map>()->AsArray());
  if (v->IsSet()) return handle(v.As<v8::Set>()->AsArray());
  return handle(v8::Array::New(env->isolate, 0));
}

extern "C" jsr_value jsr_map_new(jsr_env* env) noexcept { return handle(v8::Map::New(env->isolate)); }

extern "C" int jsr_map_set(jsr_env* env, jsr_value map, jsr_value key, jsr_value value) noexcept {
  v8::TryCatch try_catch(env->isolate);
  if (local<v8::Map>(map)->Set(env->context, local(key), local(value)).IsEmpty()) {
    return jsr::caught(env, try_catch);
  }
  return JSR_OK;
}

extern "C" jsr_value jsr_set_new(jsr_env* env) noexcept { return handle(v8::Set::New(env->isolate)); }

extern "C" int jsr_set_add(jsr_env* env, jsr_value set, jsr_value value) noexcept {
  v8::TryCatch try_catch(env->isolate);
  if (local<v8::Set>(set)->Add(env->context, local(value)).IsEmpty()) {
    return jsr::caught(env, try_catch);
  }
  return JSR_OK;
}

extern "C" int jsr_object_define(jsr_env* env, jsr_value obj, jsr_value key, jsr_value value) noexcept {
  // CreateDataProperty, not Set: a key like "__proto__" must stay data and
  // never run a setter on the prototype chain.
  v8::TryCatch try_catch(env->isolate);
  if (local<v8::Object>(obj)
          ->CreateDataProperty(env->context, local<v8::Name>(key), local(value))
          .IsNothing()) {
    return jsr::caught(env, try_catch);
  }
  return JSR_OK;
}

extern "C" int jsr_array_fill(jsr_env* env, jsr_value arr, const jsr_value* items, uint32_t len) noexcept {
  // One TryCatch and one call for a whole array: per-element calls cost more
  // than the stores themselves.
  v8::TryCatch try_catch(env->isolate);
  v8::Local<v8::Object> array = local<v8::Object>(arr);
  for (uint32_t i = 0; i < len; i++) {
    if (array->CreateDataProperty(env->context, i, local(items[i])).IsNothing()) {
      return jsr::caught(env, try_catch);
    }
  }
  return JSR_OK;
}

extern "C" int jsr_array_read(jsr_env* env, jsr_value arr, jsr_value* out, uint32_t len) noexcept {
  v8::TryCatch try_catch(env->isolate);
  v8::Local<v8::Object> array = local<v8::Object>(arr);
  for (uint32_t i = 0; i < len; i++) {
    v8::Local<v8::Value> item;
    if (!array->Get(env->context, i).ToLocal(&item)) return jsr::caught(env, try_catch);
    out[i] = handle(item);
  }
  return JSR_OK;
}

extern "C" jsr_value jsr_object_from_entries(jsr_env* env, const jsr_value* keys, const jsr_value* values,
                                             size_t count) noexcept {
  v8::Isolate* isolate = env->isolate;
  // Object.prototype, as `{}` has it.
  v8::Local<v8::Value> prototype = v8::Object::New(isolate)->GetPrototype();
  static_assert(sizeof(v8::Local<v8::Name>) == sizeof(jsr_value), "");
  // Own data properties, defined at once (no setter runs, `__proto__` included).
  return jsr::handle(v8::Object::New(isolate, prototype,
                                     reinterpret_cast<v8::Local<v8::Name>*>(const_cast<jsr_value*>(keys)),
                                     reinterpret_cast<v8::Local<v8::Value>*>(const_cast<jsr_value*>(values)),
                                     count));
}

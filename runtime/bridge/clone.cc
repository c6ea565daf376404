// structuredClone and messages between isolates: V8's ValueSerializer
// writes the value, and a ValueDeserializer reads it back, in the same
// context or in another isolate's, with the ArrayBuffers of the transfer
// list moved rather than copied and shared memory and Wasm modules shared. Platform
// objects (Blob, CryptoKey, MessagePort…) are API objects with an embedder
// field, which V8 hands to the delegates: JavaScript hooks turn each into a
// value to write, and make the object again from it.
#include <cstdlib>
#include <memory>
#include <vector>

#include "internal.h"

// A written value, with what it moves or shares; any thread may hold it.
struct jsr_message {
  // The serializer's buffer, as it released it (malloc'ed: freed with free).
  std::unique_ptr<uint8_t, void (*)(void*)> data{nullptr, free};
  size_t size = 0;
  std::vector<std::shared_ptr<v8::BackingStore>> moved;
  std::vector<std::shared_ptr<v8::BackingStore>> shared;
  std::vector<v8::CompiledWasmModule> modules;
};

using jsr::handle;
using jsr::local;

namespace {

// Throws what the HTML Standard calls a DataCloneError; the JavaScript
// caller turns it into a DOMException (the bridge cannot make one).
void ThrowDataCloneError(v8::Isolate* isolate, v8::Local<v8::String> message) {
  v8::Local<v8::Value> error = v8::Exception::Error(message);
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::String> name;
  if (v8::String::NewFromUtf8(isolate, "name").ToLocal(&name)) {
    v8::Local<v8::String> value;
    if (v8::String::NewFromUtf8(isolate, "DataCloneError").ToLocal(&value)) {
      error.As<v8::Object>()->Set(context, name, value).FromMaybe(false);
    }
  }
  isolate->ThrowException(error);
}

void ThrowDataCloneError(v8::Isolate* isolate, const char* message) {
  v8::Local<v8::String> text;
  if (v8::String::NewFromUtf8(isolate, message).ToLocal(&text)) ThrowDataCloneError(isolate, text);
}

// "Blob object could not be cloned.", as browsers say it.
v8::Maybe<bool> CannotClone(v8::Isolate* isolate, v8::Local<v8::Object> object) {
  v8::Local<v8::String> suffix;
  if (v8::String::NewFromUtf8(isolate, " object could not be cloned.").ToLocal(&suffix)) {
    ThrowDataCloneError(isolate, v8::String::Concat(isolate, object->GetConstructorName(), suffix));
  }
  return v8::Nothing<bool>();
}

// Calls hooks[name](arg): the hooks object's functions are jsrun's own.
v8::MaybeLocal<v8::Value> CallHook(v8::Isolate* isolate, v8::Local<v8::Object> hooks, const char* name,
                                   v8::Local<v8::Value> arg) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::String> key;
  v8::Local<v8::Value> hook;
  if (!v8::String::NewFromUtf8(isolate, name).ToLocal(&key) || !hooks->Get(context, key).ToLocal(&hook)) return {};
  if (!hook->IsFunction()) {
    isolate->ThrowException(v8::Exception::TypeError(key));
    return {};
  }
  return hook.As<v8::Function>()->Call(context, hooks, 1, &arg);
}

// CallHook for V8's serializer: what the hook throws is thrown again
// outside the call, so that the serializer sees it (one thrown inside is
// caught by the outermost TryCatch and the serializer would go on).
v8::MaybeLocal<v8::Value> CallHookInSerializer(v8::Isolate* isolate, v8::Local<v8::Object> hooks, const char* name,
                                               v8::Local<v8::Value> arg) {
  v8::Local<v8::Value> thrown;
  v8::MaybeLocal<v8::Value> result;
  {
    v8::TryCatch inner(isolate);
    result = CallHook(isolate, hooks, name, arg);
    if (result.IsEmpty() && inner.HasCaught()) {
      if (!inner.CanContinue()) {
        inner.ReThrow();
        return {};
      }
      thrown = inner.Exception();
    }
  }
  if (!thrown.IsEmpty()) isolate->ThrowException(thrown);
  return result;
}

class Writer final : public v8::ValueSerializer::Delegate {
 public:
  Writer(v8::Isolate* isolate, v8::Local<v8::Object> hooks, jsr_message* message)
      : isolate_(isolate), hooks_(hooks), message_(message) {}
  void Use(v8::ValueSerializer* serializer) { serializer_ = serializer; }
  void ThrowDataCloneError(v8::Local<v8::String> message) override { ::ThrowDataCloneError(isolate_, message); }
  // hooks.write(object) gives the value that stands for it, or undefined
  // for an object that cannot be cloned.
  v8::Maybe<bool> WriteHostObject(v8::Isolate* isolate, v8::Local<v8::Object> object) override {
    if (hooks_.IsEmpty() || serializer_ == nullptr) return CannotClone(isolate, object);
    v8::Local<v8::Value> data;
    if (!CallHookInSerializer(isolate, hooks_, "write", object).ToLocal(&data)) return v8::Nothing<bool>();
    if (data->IsUndefined()) return CannotClone(isolate, object);
    return serializer_->WriteValue(isolate->GetCurrentContext(), data);
  }
  // Shared memory stays shared: the reader gets the same backing store
  // (also a shared WebAssembly.Memory's, which V8 writes as its buffer).
  // (Told apart by backing store: V8 may call this inside handle scopes of
  // its own, so a Local kept from one call would not outlive it.)
  v8::Maybe<uint32_t> GetSharedArrayBufferId(v8::Isolate* isolate, v8::Local<v8::SharedArrayBuffer> buffer) override {
    std::shared_ptr<v8::BackingStore> store = buffer->GetBackingStore();
    for (size_t i = 0; i < message_->shared.size(); i++) {
      if (message_->shared[i] == store) return v8::Just(static_cast<uint32_t>(i));
    }
    message_->shared.push_back(store);
    return v8::Just(static_cast<uint32_t>(message_->shared.size() - 1));
  }
  // A compiled module is shared too, as browsers and Node share it.
  v8::Maybe<uint32_t> GetWasmModuleTransferId(v8::Isolate* isolate, v8::Local<v8::WasmModuleObject> module) override {
    message_->modules.push_back(module->GetCompiledModule());
    return v8::Just(static_cast<uint32_t>(message_->modules.size() - 1));
  }

 private:
  v8::Isolate* isolate_;
  v8::Local<v8::Object> hooks_;
  jsr_message* message_;
  v8::ValueSerializer* serializer_ = nullptr;
};

// V8 runs no JavaScript while it reads, so a platform object is made bare
// (its prototype and state come later, from hooks.revive) and its value
// kept until the whole clone is read — in Globals: V8 reads an object's
// properties inside a handle scope of its own, which frees the Locals made
// in this callback when it closes.
class Reader final : public v8::ValueDeserializer::Delegate {
 public:
  Reader(v8::Local<v8::Object> hooks, const jsr_message* message) : hooks_(hooks), message_(message) {}
  void Use(v8::ValueDeserializer* deserializer) { deserializer_ = deserializer; }
  v8::MaybeLocal<v8::Object> ReadHostObject(v8::Isolate* isolate) override {
    v8::Local<v8::Context> context = isolate->GetCurrentContext();
    if (hooks_.IsEmpty() || deserializer_ == nullptr) {
      ThrowDataCloneError(isolate, "Unable to deserialize cloned data.");
      return {};
    }
    if (template_.IsEmpty()) {
      v8::Local<v8::ObjectTemplate> made = v8::ObjectTemplate::New(isolate);
      made->SetInternalFieldCount(1);
      template_.Reset(isolate, made);
    }
    v8::Local<v8::Value> data;
    v8::Local<v8::Object> object;
    if (!deserializer_->ReadValue(context).ToLocal(&data) ||
        !template_.Get(isolate)->NewInstance(context).ToLocal(&object)) {
      return {};
    }
    made_.emplace_back(isolate, object);
    made_.emplace_back(isolate, data);
    return object;
  }
  v8::MaybeLocal<v8::SharedArrayBuffer> GetSharedArrayBufferFromId(v8::Isolate* isolate, uint32_t id) override {
    if (id >= message_->shared.size()) {
      ThrowDataCloneError(isolate, "Unable to deserialize cloned data.");
      return {};
    }
    return v8::SharedArrayBuffer::New(isolate, message_->shared[id]);
  }
  v8::MaybeLocal<v8::WasmModuleObject> GetWasmModuleFromId(v8::Isolate* isolate, uint32_t id) override {
    if (id >= message_->modules.size()) {
      ThrowDataCloneError(isolate, "Unable to deserialize cloned data.");
      return {};
    }
    return v8::WasmModuleObject::FromCompiledModule(isolate, message_->modules[id]);
  }
  // hooks.revive([object, value, …]) makes each object what its value says.
  bool Revive(v8::Isolate* isolate) {
    if (made_.empty()) return true;
    std::vector<v8::Local<v8::Value>> values;
    values.reserve(made_.size());
    for (const auto& value : made_) values.push_back(value.Get(isolate));
    v8::Local<v8::Array> list = v8::Array::New(isolate, values.data(), values.size());
    return !CallHook(isolate, hooks_, "revive", list).IsEmpty();
  }

 private:
  v8::Local<v8::Object> hooks_;
  const jsr_message* message_;
  v8::Global<v8::ObjectTemplate> template_;
  std::vector<v8::Global<v8::Value>> made_;
  v8::ValueDeserializer* deserializer_ = nullptr;
};

void Detach(v8::Local<v8::ArrayBuffer> buffer) {
#if JSR_V8_AT_LEAST(11)
  buffer->Detach(v8::Local<v8::Value>()).FromMaybe(false);
#else
  buffer->Detach();
#endif
}

v8::Local<v8::Object> HookObject(jsr_value hooks) {
  if (hooks != nullptr && local(hooks)->IsObject()) return local(hooks).As<v8::Object>();
  return {};
}

// Writes `value` into `message`, moving the ArrayBuffers of `transfer`.
bool Write(jsr_env* env, jsr_value value, jsr_value transfer, jsr_value hooks, jsr_message* message) {
  v8::Isolate* isolate = env->isolate;
  v8::Local<v8::Context> context = env->context;
  Writer writer(isolate, HookObject(hooks), message);
  v8::ValueSerializer serializer(isolate, &writer);
  writer.Use(&serializer);
  std::vector<v8::Local<v8::ArrayBuffer>> moved;
  if (transfer != nullptr) {
    v8::Local<v8::Array> list = local<v8::Array>(transfer);
    for (uint32_t i = 0; i < list->Length(); i++) {
      v8::Local<v8::Value> item;
      if (!list->Get(context, i).ToLocal(&item)) return false;
      if (!item->IsArrayBuffer()) {
        ThrowDataCloneError(isolate, "Only ArrayBuffers can be transferred");
        return false;
      }
      v8::Local<v8::ArrayBuffer> buffer = item.As<v8::ArrayBuffer>();
      for (const auto& seen : moved) {
        if (seen == buffer) {
          ThrowDataCloneError(isolate, "Transfer list contains duplicate ArrayBuffer");
          return false;
        }
      }
      if (!buffer->IsDetachable() || buffer->WasDetached()) {
        ThrowDataCloneError(isolate, "An ArrayBuffer is detached and could not be cloned.");
        return false;
      }
      serializer.TransferArrayBuffer(static_cast<uint32_t>(moved.size()), buffer);
      moved.push_back(buffer);
    }
  }
  serializer.WriteHeader();
  bool written = false;
  if (!serializer.WriteValue(context, local(value)).To(&written) || !written) return false;
  // The value is written: only now are the transferred buffers moved.
  for (const auto& buffer : moved) {
    message->moved.push_back(buffer->GetBackingStore());
    Detach(buffer);
  }
  std::pair<uint8_t*, size_t> data = serializer.Release();
  message->data.reset(data.first);
  message->size = data.second;
  return true;
}

// Reads what Write wrote, in the current context (of any isolate).
bool Read(jsr_env* env, const jsr_message* message, jsr_value hooks, v8::Local<v8::Value>* out) {
  v8::Isolate* isolate = env->isolate;
  v8::Local<v8::Context> context = env->context;
  Reader reader(HookObject(hooks), message);
  v8::ValueDeserializer deserializer(isolate, message->data.get(), message->size, &reader);
  reader.Use(&deserializer);
  for (size_t i = 0; i < message->moved.size(); i++) {
    deserializer.TransferArrayBuffer(static_cast<uint32_t>(i), v8::ArrayBuffer::New(isolate, message->moved[i]));
  }
  bool header = false;
  return deserializer.ReadHeader(context).To(&header) && header && deserializer.ReadValue(context).ToLocal(out) &&
         reader.Revive(isolate);
}

}  // namespace

extern "C" int jsr_structured_clone(jsr_env* env, jsr_value value, jsr_value transfer, jsr_value hooks,
                                    jsr_value* out) noexcept {
  v8::TryCatch try_catch(env->isolate);
  jsr_message message;
  v8::Local<v8::Value> result;
  if (!Write(env, value, transfer, hooks, &message) || !Read(env, &message, hooks, &result)) {
    return jsr::caught(env, try_catch);
  }
  *out = handle(result);
  return JSR_OK;
}

extern "C" int jsr_message_write(jsr_env* env, jsr_value value, jsr_value transfer, jsr_value hooks,
                                 jsr_message** out) noexcept {
  v8::TryCatch try_catch(env->isolate);
  auto message = std::make_unique<jsr_message>();
  if (!Write(env, value, transfer, hooks, message.get())) return jsr::caught(env, try_catch);
  *out = message.release();
  return JSR_OK;
}

extern "C" int jsr_message_read(jsr_env* env, const jsr_message* message, jsr_value hooks, jsr_value* out) noexcept {
  v8::TryCatch try_catch(env->isolate);
  v8::Local<v8::Value> result;
  if (!Read(env, message, hooks, &result)) return jsr::caught(env, try_catch);
  *out = handle(result);
  return JSR_OK;
}

extern "C" size_t jsr_message_size(const jsr_message* message) noexcept {
  size_t size = message->size;
  for (const auto& store : message->moved) size += store->ByteLength();
  return size;
}

extern "C" void jsr_message_free(jsr_message* message) noexcept { delete message; }

extern "C" int jsr_platform_object_base(jsr_env* env, jsr_value* out) noexcept {
  v8::Isolate* isolate = env->isolate;
  v8::TryCatch try_catch(isolate);
  v8::Local<v8::FunctionTemplate> base = v8::FunctionTemplate::New(isolate);
  base->InstanceTemplate()->SetInternalFieldCount(1);
  v8::Local<v8::String> name;
  if (v8::String::NewFromUtf8(isolate, "PlatformObject").ToLocal(&name)) base->SetClassName(name);
  v8::Local<v8::Function> function;
  if (!base->GetFunction(env->context).ToLocal(&function)) return jsr::caught(env, try_catch);
  *out = handle(function);
  return JSR_OK;
}

// structuredClone: V8's ValueSerializer writes the value, and a
// ValueDeserializer reads it back in the same context, with the
// ArrayBuffers of the transfer list moved rather than copied.
#include <cstdlib>
#include <memory>
#include <vector>

#include "internal.h"

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

class Delegate final : public v8::ValueSerializer::Delegate {
 public:
  explicit Delegate(v8::Isolate* isolate) : isolate_(isolate) {}
  void ThrowDataCloneError(v8::Local<v8::String> message) override {
    ::ThrowDataCloneError(isolate_, message);
  }

 private:
  v8::Isolate* isolate_;
};

void ThrowDataCloneError(v8::Isolate* isolate, const char* message) {
  v8::Local<v8::String> text;
  if (v8::String::NewFromUtf8(isolate, message).ToLocal(&text)) ThrowDataCloneError(isolate, text);
}

void Detach(v8::Local<v8::ArrayBuffer> buffer) {
#if JSR_V8_AT_LEAST(11)
  buffer->Detach(v8::Local<v8::Value>()).FromMaybe(false);
#else
  buffer->Detach();
#endif
}

}  // namespace

extern "C" int jsr_structured_clone(jsr_env* env, jsr_value value, jsr_value transfer, jsr_value* out) noexcept {
  v8::Isolate* isolate = env->isolate;
  v8::Local<v8::Context> context = env->context;
  v8::TryCatch try_catch(isolate);
  Delegate delegate(isolate);
  v8::ValueSerializer serializer(isolate, &delegate);
  std::vector<v8::Local<v8::ArrayBuffer>> moved;
  if (transfer != nullptr) {
    v8::Local<v8::Array> list = local<v8::Array>(transfer);
    for (uint32_t i = 0; i < list->Length(); i++) {
      v8::Local<v8::Value> item;
      if (!list->Get(context, i).ToLocal(&item)) return jsr::caught(env, try_catch);
      if (!item->IsArrayBuffer()) {
        ThrowDataCloneError(isolate, "Only ArrayBuffers can be transferred");
        return jsr::caught(env, try_catch);
      }
      v8::Local<v8::ArrayBuffer> buffer = item.As<v8::ArrayBuffer>();
      for (const auto& seen : moved) {
        if (seen == buffer) {
          ThrowDataCloneError(isolate, "Transfer list contains duplicate ArrayBuffer");
          return jsr::caught(env, try_catch);
        }
      }
      if (!buffer->IsDetachable() || buffer->WasDetached()) {
        ThrowDataCloneError(isolate, "An ArrayBuffer is detached and could not be cloned.");
        return jsr::caught(env, try_catch);
      }
      serializer.TransferArrayBuffer(static_cast<uint32_t>(moved.size()), buffer);
      moved.push_back(buffer);
    }
  }
  serializer.WriteHeader();
  bool written = false;
  if (!serializer.WriteValue(context, local(value)).To(&written) || !written) {
    return jsr::caught(env, try_catch);
  }
  // The value is written: only now are the transferred buffers moved.
  std::vector<std::shared_ptr<v8::BackingStore>> stores;
  for (const auto& buffer : moved) {
    stores.push_back(buffer->GetBackingStore());
    Detach(buffer);
  }
  std::pair<uint8_t*, size_t> data = serializer.Release();
  std::unique_ptr<uint8_t, void (*)(void*)> owned(data.first, free);
  v8::ValueDeserializer deserializer(isolate, data.first, data.second);
  for (size_t i = 0; i < stores.size(); i++) {
    deserializer.TransferArrayBuffer(static_cast<uint32_t>(i), v8::ArrayBuffer::New(isolate, stores[i]));
  }
  bool header = false;
  v8::Local<v8::Value> result;
  if (!deserializer.ReadHeader(context).To(&header) || !header ||
      !deserializer.ReadValue(context).ToLocal(&result)) {
    return jsr::caught(env, try_catch);
  }
  *out = handle(result);
  return JSR_OK;
}

// WebAssembly from the host: compiling from borrowed bytes, and the memory
// of a WebAssembly.Memory held past its JS object (for zero-copy views).
#include <v8-wasm.h>

#include <memory>

#include "internal.h"

struct jsr_backing {
  std::shared_ptr<v8::BackingStore> store;
};

extern "C" int jsr_wasm_compile(jsr_env* env, const uint8_t* bytes, size_t len, jsr_value* out) noexcept {
  v8::TryCatch try_catch(env->isolate);
  v8::Local<v8::WasmModuleObject> module;
  // V8 copies the bytes into the module it makes: no copy of ours is needed.
  if (!v8::WasmModuleObject::Compile(env->isolate, v8::MemorySpan<const uint8_t>(bytes, len))
           .ToLocal(&module)) {
    return jsr::caught(env, try_catch);
  }
  *out = jsr::handle(module);
  return JSR_OK;
}

extern "C" jsr_backing* jsr_wasm_memory_backing(jsr_value memory, void** data, size_t* len) noexcept {
  v8::Local<v8::Value> value = jsr::local(memory);
  if (!value->IsWasmMemoryObject()) return nullptr;
  v8::Local<v8::Value> buffer = value.As<v8::WasmMemoryObject>()->Buffer();
  std::shared_ptr<v8::BackingStore> store;
  if (buffer->IsSharedArrayBuffer()) {
    store = buffer.As<v8::SharedArrayBuffer>()->GetBackingStore();
    *len = buffer.As<v8::SharedArrayBuffer>()->ByteLength();
  } else {
    store = buffer.As<v8::ArrayBuffer>()->GetBackingStore();
    *len = buffer.As<v8::ArrayBuffer>()->ByteLength();
  }
  *data = store->Data();
  return new jsr_backing{std::move(store)};
}

extern "C" void jsr_backing_free(jsr_backing* backing) noexcept { delete backing; }

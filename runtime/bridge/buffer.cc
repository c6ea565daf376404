// ArrayBuffers, typed arrays and DataViews: copies in and out.
#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "internal.h"
#include "isolate.h"

using jsr::handle;
using jsr::local;

extern "C" int jsr_view_kind(jsr_value h, size_t* byte_length) noexcept {
  v8::Local<v8::Value> v = local(h);
  *byte_length = 0;
  if (!v->IsArrayBufferView()) return JSR_TA_DATA_VIEW;
  *byte_length = v.As<v8::ArrayBufferView>()->ByteLength();
#define JSR_VIEW(name, cls, size) \
  if (v->Is##cls()) return JSR_TA_##name;
#include "views.def"
#undef JSR_VIEW
  return JSR_TA_DATA_VIEW;
}

extern "C" size_t jsr_view_copy(jsr_value h, uint8_t* out, size_t len) noexcept {
  v8::Local<v8::Value> v = local(h);
  // CopyContents copies at most the view's length, and says how much.
  if (!v->IsArrayBufferView()) return 0;
  return v.As<v8::ArrayBufferView>()->CopyContents(out, len);
}

extern "C" size_t jsr_array_buffer_length(jsr_value h) noexcept {
  v8::Local<v8::Value> v = local(h);
  if (v->IsSharedArrayBuffer()) return v.As<v8::SharedArrayBuffer>()->ByteLength();
  if (v->IsArrayBuffer()) return v.As<v8::ArrayBuffer>()->ByteLength();
  return 0;
}

extern "C" size_t jsr_array_buffer_copy(jsr_value h, uint8_t* out, size_t len) noexcept {
  v8::Local<v8::Value> v = local(h);
  std::shared_ptr<v8::BackingStore> store;
  if (v->IsSharedArrayBuffer()) {
    store = v.As<v8::SharedArrayBuffer>()->GetBackingStore();
  } else if (v->IsArrayBuffer()) {
    store = v.As<v8::ArrayBuffer>()->GetBackingStore();
  } else {
    return 0;
  }
  size_t n = std::min(len, store->ByteLength());
  if (n == 0 || store->Data() == nullptr) return 0;
  std::memcpy(out, store->Data(), n);
  return n;
}

extern "C" jsr_value jsr_view_new(jsr_env* env, int kind, const uint8_t* data, size_t len,
                                  int as_buffer) noexcept {
  // From the isolate's counting allocator, so host data counts against the
  // heap limit; and not V8's NewBackingStore(isolate, n), which aborts the
  // process when memory runs out: a refusal here is an error Rust reports.
  size_t size = len > 0 ? len : 1;
  void* memory = env->owner->allocator->AllocateForHost(size);
  if (memory == nullptr && env->owner->allocator->budget() != 0) {
    // Over the budget: buffers JS dropped may still count until a GC frees
    // them (as V8 retries its own allocations after collecting).
    env->isolate->LowMemoryNotification();
    memory = env->owner->allocator->AllocateForHost(size);
  }
  if (memory == nullptr) return nullptr;
  if (len > 0) std::memcpy(memory, data, len);
  auto* owner = new std::shared_ptr<jsr::CountingAllocator>(env->owner->allocator);
  std::unique_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(
      memory, len,
      [](void* p, size_t n, void* keep) {
        auto* allocator = static_cast<std::shared_ptr<jsr::CountingAllocator>*>(keep);
        (*allocator)->FreeForHost(p, n > 0 ? n : 1);
        delete allocator;
      },
      owner);
  v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(env->isolate, std::move(store));
  if (as_buffer) return handle(buffer);
  switch (kind) {
#define JSR_VIEW(name, cls, size) \
  case JSR_TA_##name:             \
    return handle(v8::cls::New(buffer, 0, len / size));
#include "views.def"
#undef JSR_VIEW
    default:
      return handle(v8::DataView::New(buffer, 0, len));
  }
}

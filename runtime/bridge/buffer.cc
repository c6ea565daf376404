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
  if (v->IsUint8Array()) return JSR_TA_UINT8;
  if (v->IsUint8ClampedArray()) return JSR_TA_UINT8_CLAMPED;
  if (v->IsInt8Array()) return JSR_TA_INT8;
  if (v->IsUint16Array()) return JSR_TA_UINT16;
  if (v->IsInt16Array()) return JSR_TA_INT16;
  if (v->IsUint32Array()) return JSR_TA_UINT32;
  if (v->IsInt32Array()) return JSR_TA_INT32;
  if (v->IsFloat32Array()) return JSR_TA_FLOAT32;
  if (v->IsFloat64Array()) return JSR_TA_FLOAT64;
  if (v->IsBigInt64Array()) return JSR_TA_BIGINT64;
  if (v->IsBigUint64Array()) return JSR_TA_BIGUINT64;
  return JSR_TA_DATA_VIEW;
}

extern "C" void jsr_view_copy(jsr_value h, uint8_t* out, size_t len) noexcept {
  v8::Local<v8::Value> v = local(h);
  // CopyContents copies at most the view's length.
  if (v->IsArrayBufferView()) v.As<v8::ArrayBufferView>()->CopyContents(out, len);
}

extern "C" size_t jsr_array_buffer_length(jsr_value h) noexcept {
  v8::Local<v8::Value> v = local(h);
  if (v->IsSharedArrayBuffer()) return v.As<v8::SharedArrayBuffer>()->ByteLength();
  if (v->IsArrayBuffer()) return v.As<v8::ArrayBuffer>()->ByteLength();
  return 0;
}

extern "C" void jsr_array_buffer_copy(jsr_value h, uint8_t* out, size_t len) noexcept {
  v8::Local<v8::Value> v = local(h);
  std::shared_ptr<v8::BackingStore> store;
  if (v->IsSharedArrayBuffer()) {
    store = v.As<v8::SharedArrayBuffer>()->GetBackingStore();
  } else if (v->IsArrayBuffer()) {
    store = v.As<v8::ArrayBuffer>()->GetBackingStore();
  } else {
    return;
  }
  size_t n = std::min(len, store->ByteLength());
  if (n > 0 && store->Data() != nullptr) std::memcpy(out, store->Data(), n);
}

extern "C" jsr_value jsr_view_new(jsr_env* env, int kind, const uint8_t* data, size_t len,
                                  int as_buffer) noexcept {
  // From the isolate's counting allocator, so host data counts against the
  // heap limit; and not V8's NewBackingStore(isolate, n), which aborts the
  // process when memory runs out: a refusal here is an error Rust reports.
  size_t size = len > 0 ? len : 1;
  void* memory = env->owner->allocator->AllocateForHost(size);
  if (memory == nullptr) return nullptr;
  if (len > 0) std::memcpy(memory, data, len);
  auto* owner = new std::shared_ptr<jsr::CountingAllocator>(env->owner->allocator);
  std::unique_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(
      memory, len,
      [](void* p, size_t n, void* keep) {
        auto* allocator = static_cast<std::shared_ptr<jsr::CountingAllocator>*>(keep);
        (*allocator)->Free(p, n > 0 ? n : 1);
        delete allocator;
      },
      owner);
  v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(env->isolate, std::move(store));
  if (as_buffer) return handle(buffer);
  switch (kind) {
    case JSR_TA_UINT8:
      return handle(v8::Uint8Array::New(buffer, 0, len));
    case JSR_TA_UINT8_CLAMPED:
      return handle(v8::Uint8ClampedArray::New(buffer, 0, len));
    case JSR_TA_INT8:
      return handle(v8::Int8Array::New(buffer, 0, len));
    case JSR_TA_UINT16:
      return handle(v8::Uint16Array::New(buffer, 0, len / 2));
    case JSR_TA_INT16:
      return handle(v8::Int16Array::New(buffer, 0, len / 2));
    case JSR_TA_UINT32:
      return handle(v8::Uint32Array::New(buffer, 0, len / 4));
    case JSR_TA_INT32:
      return handle(v8::Int32Array::New(buffer, 0, len / 4));
    case JSR_TA_FLOAT32:
      return handle(v8::Float32Array::New(buffer, 0, len / 4));
    case JSR_TA_FLOAT64:
      return handle(v8::Float64Array::New(buffer, 0, len / 8));
    case JSR_TA_BIGINT64:
      return handle(v8::BigInt64Array::New(buffer, 0, len / 8));
    case JSR_TA_BIGUINT64:
      return handle(v8::BigUint64Array::New(buffer, 0, len / 8));
    default:
      return handle(v8::DataView::New(buffer, 0, len));
  }
}

// What isolate.cc needs from heap.cc.
#ifndef JSR_HEAP_H
#define JSR_HEAP_H

#include <v8.h>

#include <atomic>
#include <memory>

namespace jsr {

class CountingAllocator final : public v8::ArrayBuffer::Allocator {
 public:
  // budget 0: unlimited (still counted).
  explicit CountingAllocator(size_t budget);
  void* Allocate(size_t length) override;
  void* AllocateUninitialized(size_t length) override;
  void Free(void* data, size_t length) override;
  size_t used() const { return used_.load(std::memory_order_relaxed); }

 private:
  bool Reserve(size_t length);
  std::unique_ptr<v8::ArrayBuffer::Allocator> inner_;
  std::atomic<size_t> used_{0};
  size_t budget_;
};

struct HeapState {
  v8::Isolate* isolate = nullptr;
  size_t soft_limit = 0;  // the user's max_heap_size; V8's own limit is twice that
  std::atomic<bool> limit_hit{false};
};

size_t NearHeapLimit(void* data, size_t current_heap_limit, size_t initial_heap_limit);
// After each GC: past the soft limit, stop JS (V8 aborts the process when
// its own limit is hit by one large allocation, so that limit has headroom).
void AfterGc(v8::Isolate* isolate, v8::GCType type, v8::GCCallbackFlags flags, void* data);

}  // namespace jsr

#endif

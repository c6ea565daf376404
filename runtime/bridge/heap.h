// What isolate.cc needs from heap.cc.
#ifndef JSR_HEAP_H
#define JSR_HEAP_H

#include <v8.h>

#include <atomic>
#include <memory>

namespace jsr {

struct HeapState;

class CountingAllocator final : public v8::ArrayBuffer::Allocator {
 public:
  // budget 0: unlimited (still counted).
  explicit CountingAllocator(size_t budget);
  // A refusal that survives V8's last-resort GC stops JS as the heap limit does.
  void Watch(HeapState* heap) { heap_ = heap; }
  void* Allocate(size_t length) override;
  void* AllocateUninitialized(size_t length) override;
  void Free(void* data, size_t length) override;
  // For buffers the host fills: counted like V8's, but a refusal is the
  // host's to report (it is not one of V8's retries).
  void* AllocateForHost(size_t length);
  // Frees what AllocateForHost gave (the same length).
  void FreeForHost(void* data, size_t length);
  size_t used() const { return used_.load(std::memory_order_relaxed); }
  size_t budget() const { return budget_; }

 private:
  bool Reserve(size_t length);
  // Allocate and AllocateUninitialized: counted, refusals watched.
  void* Counted(size_t length, bool zeroed);
  void Refused(size_t length);
  void Granted();
  std::unique_ptr<v8::ArrayBuffer::Allocator> inner_;
  HeapState* heap_ = nullptr;
  std::atomic<size_t> used_{0};
  size_t budget_;
};

struct HeapState {
  v8::Isolate* isolate = nullptr;
  size_t soft_limit = 0;  // the user's max_heap_size; V8's own limit is twice that
  std::atomic<bool> limit_hit{false};
  // V8 tries a refused ArrayBuffer allocation again after each of three
  // garbage collections (Heap::AllocateExternalBackingStore); only the
  // last refusal is final.
  std::atomic<int> refusals{0};
  std::atomic<bool> collected_since_refusal{false};
};

constexpr int kFinalRefusal = 4;

size_t NearHeapLimit(void* data, size_t current_heap_limit, size_t initial_heap_limit);
// After each GC: past the soft limit, stop JS (V8 aborts the process when
// its own limit is hit by one large allocation, so that limit has headroom).
void AfterGc(v8::Isolate* isolate, v8::GCType type, v8::GCCallbackFlags flags, void* data);

}  // namespace jsr

#endif

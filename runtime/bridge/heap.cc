// Memory limits: an ArrayBuffer allocator that counts what it hands out and
// refuses past its budget (after V8's GC retries, that ends the call as the
// heap limit does), and the near-heap-limit callback that stops JS instead of letting V8 abort the
// process when the heap is full.
#include <sys/mman.h>

#include <atomic>
#include <memory>

#include "heap.h"
#include "internal.h"

namespace jsr {

CountingAllocator::CountingAllocator(size_t budget)
    : inner_(v8::ArrayBuffer::Allocator::NewDefaultAllocator()), budget_(budget) {}

bool CountingAllocator::Reserve(size_t length) {
  size_t used = used_.load(std::memory_order_relaxed);
  do {
    if (budget_ != 0 && (length > budget_ || used > budget_ - length)) return false;
  } while (!used_.compare_exchange_weak(used, used + length, std::memory_order_relaxed));
  return true;
}

void CountingAllocator::Refused(size_t length) {
  // One buffer larger than the whole budget can never fit: a RangeError JS
  // may catch, as without a limit. Only a full budget ends the runtime.
  if (heap_ == nullptr || length > budget_) return;
  // A retry after a GC counts; V8 makes a fourth try only after collecting
  // all it can, so that refusal is final.
  if (heap_->refusals.load() == 0 || heap_->collected_since_refusal.exchange(false)) {
    if (heap_->refusals.fetch_add(1) + 1 >= kFinalRefusal && !heap_->limit_hit.exchange(true)) {
      heap_->isolate->TerminateExecution();
    }
  }
}

void CountingAllocator::Granted() {
  if (heap_ != nullptr && heap_->refusals.load(std::memory_order_relaxed) != 0) {
    heap_->refusals.store(0);
    heap_->collected_since_refusal.store(false);
  }
}

void* CountingAllocator::Counted(size_t length, bool zeroed) {
  if (!Reserve(length)) {
    Refused(length);
    return nullptr;
  }
  void* data = zeroed ? inner_->Allocate(length) : inner_->AllocateUninitialized(length);
  if (data == nullptr) {
    used_.fetch_sub(length, std::memory_order_relaxed);
  } else {
    Granted();
  }
  return data;
}

void* CountingAllocator::Allocate(size_t length) { return Counted(length, true); }

void* CountingAllocator::AllocateUninitialized(size_t length) { return Counted(length, false); }

namespace {

// A large buffer the host fills at once is mapped with its pages already
// present: one system call instead of a page fault per 4 KiB page, which
// halves the cost of a fresh 1 MiB copy (benchmarks: "1 MiB bytes").
// Smaller ones come from malloc; larger ones are left to fault lazily.
constexpr size_t kPrefaultMin = 256 * 1024;
constexpr size_t kPrefaultMax = 64 * 1024 * 1024;

bool Prefaulted(size_t length) { return length >= kPrefaultMin && length <= kPrefaultMax; }

}  // namespace

void* CountingAllocator::AllocateForHost(size_t length) {
  if (!Reserve(length)) return nullptr;
  void* data = nullptr;
  if (Prefaulted(length)) {
    void* mapped = mmap(nullptr, length, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    data = mapped == MAP_FAILED ? nullptr : mapped;
  } else {
    data = inner_->AllocateUninitialized(length);
  }
  if (data == nullptr) used_.fetch_sub(length, std::memory_order_relaxed);
  return data;
}

void CountingAllocator::FreeForHost(void* data, size_t length) {
  if (Prefaulted(length)) {
    munmap(data, length);
  } else {
    inner_->Free(data, length);
  }
  used_.fetch_sub(length, std::memory_order_relaxed);
}

void CountingAllocator::Free(void* data, size_t length) {
  inner_->Free(data, length);
  used_.fetch_sub(length, std::memory_order_relaxed);
}

size_t NearHeapLimit(void* data, size_t current_heap_limit, size_t initial_heap_limit) {
  auto* state = static_cast<HeapState*>(data);
  state->limit_hit.store(true);
  state->isolate->TerminateExecution();
  // Room for the termination to unwind; the runtime is closed afterwards.
  return current_heap_limit + current_heap_limit / 2;
}

void AfterGc(v8::Isolate* isolate, v8::GCType type, v8::GCCallbackFlags flags, void* data) {
  auto* state = static_cast<HeapState*>(data);
  if (state->refusals.load() != 0) state->collected_since_refusal.store(true);
  v8::HeapStatistics stats;
  isolate->GetHeapStatistics(&stats);
  if (stats.used_heap_size() > state->soft_limit && !state->limit_hit.exchange(true)) {
    isolate->TerminateExecution();
  }
}

}  // namespace jsr

extern "C" int64_t jsr_env_external_memory(jsr_env* env) noexcept {
  // Adjusting by 0 reads V8's external-memory counter, which includes
  // ArrayBuffer and WebAssembly.Memory backing stores; cheap, unlike GetHeapStatistics.
  return env->isolate->AdjustAmountOfExternalAllocatedMemory(0);
}

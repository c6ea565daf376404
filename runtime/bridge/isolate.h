// The isolate's state, shared by the files that own parts of it.
#ifndef JSR_ISOLATE_H
#define JSR_ISOLATE_H

#include <deque>
#include <memory>
#include <string>

#include "heap.h"
#include "internal.h"
#include "platform.h"

namespace jsr {
// A promise rejected with no handler, or (handled_later) one that got a
// handler after its rejection (rejections.cc).
struct Rejection {
  v8::Global<v8::Promise> promise;
  v8::Global<v8::Value> reason;
  bool handled_later;
};
}  // namespace jsr

struct jsr_isolate {
  v8::Isolate* isolate = nullptr;
  v8::Global<v8::Context> context;
  v8::Global<v8::String> default_script_name;  // made once: eval is the hot path
  // Shared: buffers made by the host hold it until V8 frees them.
  std::shared_ptr<jsr::CountingAllocator> allocator;
  jsr::HeapState heap;
  std::shared_ptr<jsr::TaskNotifier> notifier;
  jsr_inspector* inspector = nullptr;  // owned; see inspector.cc
  void* module_host = nullptr;         // handed to the module callbacks (module.cc)
  std::string snapshot;                // the startup blob, alive as long as the isolate (unless static)
  v8::StartupData startup{nullptr, 0};
  jsr_global* globals = nullptr;  // persistent handles not freed yet (handle.cc)
  std::deque<jsr::Rejection> rejections;  // taken after each task (rejections.cc)
  // Node's nextTick queue (jsr_env_run_microtasks): its drain, and flags JS
  // and the bridge share, as Node's tickInfo: [0] ticks are queued, [1] a
  // termination cut the queue short (JS drops it before the next tick).
  v8::Global<v8::Function> tick_drain;
  v8::Global<v8::ArrayBuffer> tick_flags_buffer;  // keeps `tick_flags` alive
  uint8_t* tick_flags = nullptr;
  bool draining_ticks = false;
};

namespace jsr {
void InstallModuleCallbacks(v8::Isolate* isolate);
// Queues rejections for jsr_env_take_rejection (rejections.cc).
void OnPromiseReject(v8::PromiseRejectMessage message);
// Frees the persistent handles of `iso` that Rust did not (before disposal).
void FreeGlobals(jsr_isolate* iso);
}

#endif

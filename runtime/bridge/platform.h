// What isolate.cc needs from platform.cc.
#ifndef JSR_PLATFORM_H
#define JSR_PLATFORM_H

#include <v8.h>

#include <memory>
#include <mutex>

#include "jsr.h"

namespace jsr {

// Forwards "a task was posted" to Rust until cleared; thread-safe.
class TaskNotifier {
 public:
  TaskNotifier(jsr_task_posted_fn fn, void* data) : fn_(fn), data_(data) {}
  void Notify(double delay_seconds);
  // After Clear returns, the callback is never called again.
  void Clear();

 private:
  std::mutex mutex_;
  jsr_task_posted_fn fn_;
  void* data_;
};

void RegisterIsolate(v8::Isolate* isolate, std::shared_ptr<TaskNotifier> notifier);
void UnregisterIsolate(v8::Isolate* isolate);
void SetHostDispatch(jsr_host_dispatch_fn fn);
void SetLazyDispatch(jsr_lazy_fn lazy, jsr_stub_fn stub);
// Runs one due foreground task; false when there was none.
bool PumpOnce(v8::Isolate* isolate);

}  // namespace jsr

#endif

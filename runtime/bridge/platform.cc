// The process-wide V8 platform, wrapped so that posting a foreground task for
// an isolate wakes that isolate's event loop: the default platform only
// queues such tasks (e.g. the one that settles WebAssembly.compile) until
// someone pumps, and never says that one arrived.
#include <libplatform/libplatform.h>

#include <memory>
#include <mutex>
#include <unordered_map>

#include "compat.h"
#include "platform.h"

namespace jsr {
namespace {

class NotifyingTaskRunner final : public v8::TaskRunner {
 public:
  NotifyingTaskRunner(std::shared_ptr<v8::TaskRunner> inner, std::shared_ptr<TaskNotifier> notifier)
      : inner_(std::move(inner)), notifier_(std::move(notifier)) {}

#if JSR_V8_AT_LEAST(13)
  // V8 13 posts through protected *Impl methods that carry a SourceLocation.
 protected:
  void PostTaskImpl(std::unique_ptr<v8::Task> task, const v8::SourceLocation& at) override {
    inner_->PostTask(std::move(task), at);
    notifier_->Notify(0);
  }
  void PostNonNestableTaskImpl(std::unique_ptr<v8::Task> task, const v8::SourceLocation& at) override {
    inner_->PostNonNestableTask(std::move(task), at);
    notifier_->Notify(0);
  }
  void PostDelayedTaskImpl(std::unique_ptr<v8::Task> task, double delay, const v8::SourceLocation& at) override {
    inner_->PostDelayedTask(std::move(task), delay, at);
    notifier_->Notify(delay);
  }
  void PostNonNestableDelayedTaskImpl(std::unique_ptr<v8::Task> task, double delay,
                                      const v8::SourceLocation& at) override {
    inner_->PostNonNestableDelayedTask(std::move(task), delay, at);
    notifier_->Notify(delay);
  }
  void PostIdleTaskImpl(std::unique_ptr<v8::IdleTask> task, const v8::SourceLocation& at) override {
    inner_->PostIdleTask(std::move(task), at);
    notifier_->Notify(0);
  }

 public:
#else
  void PostTask(std::unique_ptr<v8::Task> task) override {
    inner_->PostTask(std::move(task));
    notifier_->Notify(0);
  }
  void PostNonNestableTask(std::unique_ptr<v8::Task> task) override {
    inner_->PostNonNestableTask(std::move(task));
    notifier_->Notify(0);
  }
  void PostDelayedTask(std::unique_ptr<v8::Task> task, double delay) override {
    inner_->PostDelayedTask(std::move(task), delay);
    notifier_->Notify(delay);
  }
  void PostNonNestableDelayedTask(std::unique_ptr<v8::Task> task, double delay) override {
    inner_->PostNonNestableDelayedTask(std::move(task), delay);
    notifier_->Notify(delay);
  }
  void PostIdleTask(std::unique_ptr<v8::IdleTask> task) override {
    inner_->PostIdleTask(std::move(task));
    notifier_->Notify(0);
  }
#endif
  bool IdleTasksEnabled() override { return inner_->IdleTasksEnabled(); }
  bool NonNestableTasksEnabled() const override { return inner_->NonNestableTasksEnabled(); }
  bool NonNestableDelayedTasksEnabled() const override {
    return inner_->NonNestableDelayedTasksEnabled();
  }

 private:
  std::shared_ptr<v8::TaskRunner> inner_;
  std::shared_ptr<TaskNotifier> notifier_;
};

class NotifyingPlatform final : public v8::Platform {
 public:
  explicit NotifyingPlatform(std::unique_ptr<v8::Platform> inner) : inner_(std::move(inner)) {}

  v8::Platform* inner() { return inner_.get(); }

  void Register(v8::Isolate* isolate, std::shared_ptr<TaskNotifier> notifier) {
    std::lock_guard<std::mutex> lock(mutex_);
    notifiers_[isolate] = std::move(notifier);
  }
  void Unregister(v8::Isolate* isolate) {
    std::shared_ptr<TaskNotifier> notifier;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = notifiers_.find(isolate);
      if (it == notifiers_.end()) return;
      notifier = std::move(it->second);
      notifiers_.erase(it);
    }
    notifier->Clear();
  }

#if JSR_V8_AT_LEAST(13)
  // The priority argument arrived in 13 (12.4's libnode still calls the one-argument form).
  std::shared_ptr<v8::TaskRunner> GetForegroundTaskRunner(v8::Isolate* isolate,
                                                          v8::TaskPriority priority) override {
    return Notifying(isolate, inner_->GetForegroundTaskRunner(isolate, priority));
  }
#else
  std::shared_ptr<v8::TaskRunner> GetForegroundTaskRunner(v8::Isolate* isolate) override {
    return Notifying(isolate, inner_->GetForegroundTaskRunner(isolate));
  }
#endif

  std::shared_ptr<v8::TaskRunner> Notifying(v8::Isolate* isolate, std::shared_ptr<v8::TaskRunner> runner) {
    std::shared_ptr<TaskNotifier> notifier;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = notifiers_.find(isolate);
      if (it != notifiers_.end()) notifier = it->second;
    }
    if (!notifier) return runner;
    return std::make_shared<NotifyingTaskRunner>(std::move(runner), std::move(notifier));
  }

  v8::PageAllocator* GetPageAllocator() override { return inner_->GetPageAllocator(); }
  void OnCriticalMemoryPressure() override { inner_->OnCriticalMemoryPressure(); }
#if !JSR_V8_AT_LEAST(11)
  // Gone in 11.
  bool OnCriticalMemoryPressure(size_t length) override {
    return inner_->OnCriticalMemoryPressure(length);
  }
#endif
  int NumberOfWorkerThreads() override { return inner_->NumberOfWorkerThreads(); }
  bool IdleTasksEnabled(v8::Isolate* isolate) override { return inner_->IdleTasksEnabled(isolate); }
#if JSR_V8_AT_LEAST(13)
  // 13 replaced the worker-thread calls and CreateJob with *Impl methods carrying a SourceLocation.
 protected:
  std::unique_ptr<v8::JobHandle> CreateJobImpl(v8::TaskPriority priority, std::unique_ptr<v8::JobTask> job_task,
                                               const v8::SourceLocation& at) override {
    return inner_->CreateJob(priority, std::move(job_task), at);
  }
  void PostTaskOnWorkerThreadImpl(v8::TaskPriority priority, std::unique_ptr<v8::Task> task,
                                  const v8::SourceLocation& at) override {
    inner_->PostTaskOnWorkerThread(priority, std::move(task), at);
  }
  void PostDelayedTaskOnWorkerThreadImpl(v8::TaskPriority priority, std::unique_ptr<v8::Task> task, double delay,
                                         const v8::SourceLocation& at) override {
    inner_->PostDelayedTaskOnWorkerThread(priority, std::move(task), delay, at);
  }

 public:
#else
  void CallOnWorkerThread(std::unique_ptr<v8::Task> task) override {
    inner_->CallOnWorkerThread(std::move(task));
  }
  void CallBlockingTaskOnWorkerThread(std::unique_ptr<v8::Task> task) override {
    inner_->CallBlockingTaskOnWorkerThread(std::move(task));
  }
  void CallLowPriorityTaskOnWorkerThread(std::unique_ptr<v8::Task> task) override {
    inner_->CallLowPriorityTaskOnWorkerThread(std::move(task));
  }
  void CallDelayedOnWorkerThread(std::unique_ptr<v8::Task> task, double delay) override {
    inner_->CallDelayedOnWorkerThread(std::move(task), delay);
  }
#if JSR_V8_AT_LEAST(11)
  // 11 made CreateJob the method to override (PostJob calls it).
  std::unique_ptr<v8::JobHandle> CreateJob(v8::TaskPriority priority, std::unique_ptr<v8::JobTask> job_task) override {
    return inner_->CreateJob(priority, std::move(job_task));
  }
#else
  std::unique_ptr<v8::JobHandle> PostJob(v8::TaskPriority priority,
                                         std::unique_ptr<v8::JobTask> job_task) override {
    return inner_->PostJob(priority, std::move(job_task));
  }
#endif
#endif
  double MonotonicallyIncreasingTime() override { return inner_->MonotonicallyIncreasingTime(); }
  double CurrentClockTimeMillis() override { return inner_->CurrentClockTimeMillis(); }
  StackTracePrinter GetStackTracePrinter() override { return inner_->GetStackTracePrinter(); }
  v8::TracingController* GetTracingController() override { return inner_->GetTracingController(); }

 private:
  std::unique_ptr<v8::Platform> inner_;
  std::mutex mutex_;
  std::unordered_map<v8::Isolate*, std::shared_ptr<TaskNotifier>> notifiers_;
};

std::once_flag init_once;
NotifyingPlatform* platform = nullptr;  // never freed: V8 cannot be re-initialised

}  // namespace

void TaskNotifier::Notify(double delay_seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (fn_ != nullptr) fn_(data_, delay_seconds);
}

void TaskNotifier::Clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  fn_ = nullptr;
  data_ = nullptr;
}

void RegisterIsolate(v8::Isolate* isolate, std::shared_ptr<TaskNotifier> notifier) {
  platform->Register(isolate, std::move(notifier));
}

void UnregisterIsolate(v8::Isolate* isolate) {
  platform->Unregister(isolate);
  v8::platform::NotifyIsolateShutdown(platform->inner(), isolate);
}

bool PumpOnce(v8::Isolate* isolate) {
  return v8::platform::PumpMessageLoop(platform->inner(), isolate,
                                       v8::platform::MessageLoopBehavior::kDoNotWait);
}

}  // namespace jsr

extern "C" void jsr_platform_init(const char* flags, jsr_host_dispatch_fn dispatch, jsr_lazy_fn lazy,
                                  jsr_stub_fn stub) noexcept {
  std::call_once(jsr::init_once, [flags, dispatch, lazy, stub] {
    jsr::SetHostDispatch(dispatch);
    jsr::SetLazyDispatch(lazy, stub);
    if (flags != nullptr) v8::V8::SetFlagsFromString(flags);
    // Out-of-bounds Wasm memory accesses become catchable traps through a
    // signal handler instead of explicit bounds checks.
    v8::V8::EnableWebAssemblyTrapHandler(true);
    jsr::platform = new jsr::NotifyingPlatform(v8::platform::NewDefaultPlatform());
    v8::V8::InitializePlatform(jsr::platform);
    v8::V8::Initialize();
  });
}

extern "C" const char* jsr_platform_version(void) noexcept { return v8::V8::GetVersion(); }

// Isolate lifecycle and entry: every use of an isolate goes through
// jsr_isolate_enter, which takes its v8::Locker so any thread may run it.
#include <memory>

#include "inspector.h"
#include "isolate.h"

extern "C" jsr_isolate* jsr_isolate_new(const jsr_isolate_options* options,
                                        jsr_task_posted_fn on_task, void* task_data) noexcept {
  auto iso = std::make_unique<jsr_isolate>();
  iso->allocator = std::make_shared<jsr::CountingAllocator>(options->array_buffer_budget);
  iso->notifier = std::make_shared<jsr::TaskNotifier>(on_task, task_data);

  v8::Isolate::CreateParams params;
  params.array_buffer_allocator_shared = iso->allocator;
  if (options->snapshot != nullptr) {
    iso->snapshot.assign(options->snapshot, options->snapshot_len);
    iso->startup = v8::StartupData{iso->snapshot.data(), static_cast<int>(iso->snapshot.size())};
    params.snapshot_blob = &iso->startup;
  }
  if (options->max_heap_bytes > 0) {
    // V8's hard limit is twice the user's: a single large allocation near the
    // limit (a dictionary doubling) must not hit V8's fatal out-of-memory
    // path. The user's limit is enforced after each GC (jsr::AfterGc).
    params.constraints.ConfigureDefaultsFromHeapSize(options->initial_heap_bytes,
                                                     options->max_heap_bytes * 2);
  }
#if JSR_SNAPSHOT_START_NEEDS_NO_CREATOR
  std::unique_lock<std::mutex> creators(jsr::CreatorsLock(), std::defer_lock);
  if (options->snapshot != nullptr) {
    creators.lock();  // held until the context exists
    if (jsr::LiveCreators() > 0) return nullptr;
  }
#endif
  // Allocate before Initialize so that tasks posted while the isolate sets
  // itself up already reach the notifier.
  v8::Isolate* isolate = v8::Isolate::Allocate();
  jsr::RegisterIsolate(isolate, iso->notifier);
  v8::Isolate::Initialize(isolate, params);
  isolate->SetData(0, iso.get());  // host function calls find their jsr_isolate here
  iso->isolate = isolate;
  iso->heap.isolate = isolate;
  iso->heap.soft_limit = options->max_heap_bytes;
  if (options->max_heap_bytes > 0) {
    isolate->AddNearHeapLimitCallback(jsr::NearHeapLimit, &iso->heap);
    isolate->AddGCEpilogueCallback(jsr::AfterGc, &iso->heap);
    iso->allocator->Watch(&iso->heap);
  }

  v8::Locker locker(isolate);
  v8::Isolate::Scope isolate_scope(isolate);
  // Microtasks run when Rust says so (end of a call, after pumping tasks).
  isolate->SetMicrotasksPolicy(v8::MicrotasksPolicy::kExplicit);
  isolate->SetCaptureStackTraceForUncaughtExceptions(true, options->stack_trace_frames);
  jsr::InstallModuleCallbacks(isolate);
  isolate->SetPromiseRejectCallback(jsr::OnPromiseReject);
  v8::HandleScope handle_scope(isolate);
  v8::Local<v8::Context> context;
  // A snapshot's context is its context 0 (see snapshot.cc).
  if (options->snapshot == nullptr || !v8::Context::FromSnapshot(isolate, 0).ToLocal(&context)) {
    context = v8::Context::New(isolate);
  }
  iso->context.Reset(isolate, context);
  iso->default_script_name.Reset(
      isolate, v8::String::NewFromUtf8(isolate, options->default_script_name).ToLocalChecked());
  return iso.release();
}

extern "C" void jsr_isolate_dispose(jsr_isolate* iso) noexcept {
  v8::Isolate* isolate = iso->isolate;
  {
    v8::Locker locker(isolate);
    v8::Isolate::Scope isolate_scope(isolate);
    jsr::DeleteInspector(iso);
    jsr::FreeGlobals(iso);
    iso->context.Reset();
    iso->default_script_name.Reset();
    iso->tick_drain.Reset();
    iso->tick_flags = nullptr;
    iso->tick_flags_buffer.Reset();
    iso->rejections.clear();
  }
  // Stop calling Rust first: the data pointer dies with the runtime.
  iso->notifier->Clear();
  isolate->Dispose();
  jsr::UnregisterIsolate(isolate);
  delete iso;
}

extern "C" void jsr_isolate_enter(jsr_isolate* iso, jsr_enter_fn fn, void* data) noexcept {
  v8::Isolate* isolate = iso->isolate;
  v8::Locker locker(isolate);
  v8::Isolate::Scope isolate_scope(isolate);
  v8::HandleScope handle_scope(isolate);
  v8::Local<v8::Context> context = iso->context.Get(isolate);
  v8::Context::Scope context_scope(context);
  jsr_env env{isolate, context, iso, {}, {}};
  fn(data, &env);
}

extern "C" void jsr_isolate_terminate(jsr_isolate* iso) noexcept { iso->isolate->TerminateExecution(); }

extern "C" void jsr_env_cancel_terminate(jsr_env* env) noexcept {
  env->isolate->CancelTerminateExecution();
}

extern "C" void jsr_env_set_stack_limit(jsr_env* env, uintptr_t limit) noexcept {
  env->isolate->SetStackLimit(limit);
}

extern "C" int jsr_env_run_microtasks(jsr_env* env) noexcept {
  v8::Isolate* isolate = env->isolate;
  jsr_isolate* owner = env->owner;
  v8::TryCatch try_catch(isolate);
  // Node's order: the ticks, then the microtasks, until neither is queued
  // (a tick may queue microtasks and a microtask ticks).
  // A checkpoint inside a tick (a Python callback that evaluates) runs only
  // microtasks: the drain running below goes on with the ticks.
  auto ticks_due = [owner] { return owner->tick_flags != nullptr && owner->tick_flags[0] != 0 && !owner->draining_ticks; };
  do {
    if (ticks_due()) {
      owner->tick_flags[0] = 0;
      owner->draining_ticks = true;
      v8::HandleScope scope(isolate);
      // The drain reports what the ticks throw; only termination comes out.
      (void)owner->tick_drain.Get(isolate)->Call(env->context, v8::Undefined(isolate), 0, nullptr).IsEmpty();
      owner->draining_ticks = false;
    }
    if (!isolate->IsExecutionTerminating()) isolate->PerformMicrotaskCheckpoint();
    if (isolate->IsExecutionTerminating()) {
      // As V8 drops the microtasks a termination cut short, the queued ticks go too.
      if (owner->tick_flags != nullptr) {
        owner->tick_flags[0] = 0;
        owner->tick_flags[1] = 1;
      }
      return JSR_TERMINATED;
    }
  } while (ticks_due());
  return JSR_OK;
}

extern "C" void jsr_env_set_tick_drain(jsr_env* env, jsr_value drain, jsr_value flags) noexcept {
  v8::Local<v8::Value> f = jsr::local(drain);
  v8::Local<v8::Value> b = jsr::local(flags);
  if (!f->IsFunction() || !b->IsArrayBuffer() || b.As<v8::ArrayBuffer>()->ByteLength() < 2) return;
  jsr_isolate* owner = env->owner;
  owner->tick_drain.Reset(env->isolate, f.As<v8::Function>());
  owner->tick_flags_buffer.Reset(env->isolate, b.As<v8::ArrayBuffer>());
  owner->tick_flags = static_cast<uint8_t*>(b.As<v8::ArrayBuffer>()->GetBackingStore()->Data());
}

extern "C" int jsr_env_pump(jsr_env* env) noexcept {
  {
    v8::TryCatch try_catch(env->isolate);
    while (jsr::PumpOnce(env->isolate)) {
      if (env->isolate->IsExecutionTerminating()) return JSR_TERMINATED;
    }
  }
  return jsr_env_run_microtasks(env);
}

extern "C" int jsr_env_has_background_work(jsr_env* env) noexcept {
  return env->isolate->HasPendingBackgroundTasks() ? 1 : 0;
}

extern "C" void jsr_env_take_exception(jsr_env* env, jsr_value* exception, jsr_value* message) noexcept {
  *exception = env->exception.IsEmpty() ? nullptr : jsr::handle(env->exception);
  *message = env->message.IsEmpty() ? nullptr : jsr::handle(env->message);
  env->exception.Clear();
  env->message.Clear();
}

extern "C" jsr_value jsr_env_default_script_name(jsr_env* env) noexcept {
  return jsr::handle(env->owner->default_script_name.Get(env->isolate));
}

extern "C" jsr_value jsr_env_global(jsr_env* env) noexcept { return jsr::handle(env->context->Global()); }

extern "C" void jsr_env_collect_garbage(jsr_env* env) noexcept { env->isolate->LowMemoryNotification(); }

extern "C" jsr_value jsr_env_async_context(jsr_env* env) noexcept {
#if JSR_CONTINUATION_DATA_ON_ISOLATE
  return jsr::handle(env->isolate->GetContinuationPreservedEmbedderData());
#else
  return jsr::handle(env->context->GetContinuationPreservedEmbedderData());
#endif
}

extern "C" void jsr_env_set_async_context(jsr_env* env, jsr_value value) noexcept {
#if JSR_CONTINUATION_DATA_ON_ISOLATE
  env->isolate->SetContinuationPreservedEmbedderData(jsr::local(value));
#else
  env->context->SetContinuationPreservedEmbedderData(jsr::local(value));
#endif
}

extern "C" int jsr_isolate_heap_limit_hit(jsr_isolate* iso) noexcept { return iso->heap.limit_hit.load() ? 1 : 0; }

extern "C" void jsr_env_heap_stats(jsr_env* env, jsr_heap_stats* out) noexcept {
  v8::HeapStatistics stats;
  env->isolate->GetHeapStatistics(&stats);
  out->total_heap_bytes = stats.total_heap_size();
  out->used_heap_bytes = stats.used_heap_size();
  out->heap_limit_bytes = stats.heap_size_limit();
  out->external_bytes = stats.external_memory();
  out->array_buffer_bytes = env->owner->allocator->used();
  out->physical_heap_bytes = stats.total_physical_size();
}

extern "C" void jsr_isolate_request_interrupt(jsr_isolate* iso, jsr_interrupt_fn fn, void* data) noexcept {
  iso->isolate->RequestInterrupt(fn, data);
}

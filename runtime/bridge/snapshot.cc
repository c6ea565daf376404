// Startup snapshots: a SnapshotCreator whose context runs set-up scripts,
// then serialises into a blob that new isolates start from.
#include <v8-snapshot.h>

#include <memory>
#include <mutex>

#include "isolate.h"

// The creator enters its isolate on the creating thread and exits it when
// destroyed. Here it is exited right after creation and entered (under a
// Locker) for each call, so any thread may use a builder and builders may be
// freed in any order.
//
// The creator is disposed as soon as its blob is made: on V8 11, an isolate
// started from a blob while the creator that made it is still alive comes up
// without the blob's context state (measured on Debian's 11.3).
struct jsr_snapshot {
  v8::StartupData existing{nullptr, 0};     // the blob it starts from, if any
  std::unique_ptr<v8::SnapshotCreator> creator;  // enters its isolate
  jsr_isolate iso;  // what jsr_env needs of an isolate
  std::mutex lock;  // terminate (any thread) against disposal
};

namespace jsr {
std::mutex& CreatorsLock() {
  static std::mutex lock;
  return lock;
}
int& LiveCreators() {
  static int live = 0;
  return live;
}
}  // namespace jsr

namespace {
// A creator starting from `existing` (or V8's own snapshot when it is empty).
std::unique_ptr<v8::SnapshotCreator> NewCreator(const v8::StartupData* existing) {
  if (existing->data == nullptr) return std::make_unique<v8::SnapshotCreator>();
#if JSR_V8_AT_LEAST(12)
  v8::Isolate::CreateParams params;
  params.snapshot_blob = existing;
  params.array_buffer_allocator_shared.reset(v8::ArrayBuffer::Allocator::NewDefaultAllocator());
  return std::make_unique<v8::SnapshotCreator>(params);
#else
  return std::make_unique<v8::SnapshotCreator>(nullptr, const_cast<v8::StartupData*>(existing));
#endif
}

// Disposes the creator and its isolate (which must not be locked).
void Dispose(jsr_snapshot* s) {
  std::lock_guard<std::mutex> guard(s->lock);
  if (!s->creator) return;
  {
    std::lock_guard<std::mutex> creators(jsr::CreatorsLock());
    jsr::LiveCreators() -= 1;
  }
  jsr::FreeGlobals(&s->iso);
  s->iso.context.Reset();
  s->iso.default_script_name.Reset();
  s->iso.tick_drain.Reset();
  s->iso.tick_flags = nullptr;
  s->iso.tick_flags_buffer.Reset();
  // The creator's destructor exits and disposes the isolate: enter it for that.
  s->iso.isolate->Enter();
  s->creator.reset();
  s->iso.isolate = nullptr;
}
}  // namespace

extern "C" jsr_snapshot* jsr_snapshot_new(const char* default_script_name, const char* blob,
                                          size_t blob_len) noexcept {
  jsr_snapshot* s;
  {
    std::lock_guard<std::mutex> creators(jsr::CreatorsLock());
    s = new jsr_snapshot();
    if (blob != nullptr) s->existing = v8::StartupData{blob, static_cast<int>(blob_len)};
    s->creator = NewCreator(&s->existing);
    jsr::LiveCreators() += 1;
  }
  v8::Isolate* isolate = s->creator->GetIsolate();
  s->iso.isolate = isolate;
  isolate->SetData(0, &s->iso);
  {
    v8::HandleScope scope(isolate);
    v8::Local<v8::Context> context;
    // A blob's context is its context 0 (see jsr_snapshot_build).
    if (blob == nullptr || !v8::Context::FromSnapshot(isolate, 0).ToLocal(&context)) {
      context = v8::Context::New(isolate);
    }
    s->iso.context.Reset(isolate, context);
    s->iso.default_script_name.Reset(
        isolate, v8::String::NewFromUtf8(isolate, default_script_name).ToLocalChecked());
  }
  isolate->Exit();
  return s;
}

extern "C" void jsr_snapshot_enter(jsr_snapshot* s, jsr_enter_fn fn, void* data) noexcept {
  v8::Isolate* isolate = s->iso.isolate;
  if (isolate == nullptr) return;  // built: the creator is gone
  v8::Locker locker(isolate);
  v8::Isolate::Scope isolate_scope(isolate);
  v8::HandleScope handle_scope(isolate);
  v8::Local<v8::Context> context = s->iso.context.Get(isolate);
  v8::Context::Scope context_scope(context);
  jsr_env env{isolate, context, &s->iso, {}, {}};
  fn(data, &env);
}

extern "C" int jsr_snapshot_build(jsr_snapshot* s, const char** data, size_t* len) noexcept {
  v8::Isolate* isolate = s->iso.isolate;
  v8::StartupData blob{nullptr, 0};
  {
  v8::Locker locker(isolate);
  v8::Isolate::Scope isolate_scope(isolate);
  {
    v8::HandleScope scope(isolate);
    // Ours as context 0 (jsr_isolate_new asks for it by index: V8 11 no
    // longer gives the default context to Context::New), and a fresh one as
    // the default that V8 requires.
    s->creator->SetDefaultContext(v8::Context::New(isolate));
    s->creator->AddContext(s->iso.context.Get(isolate));
  }
  // The blob must not hold handles of ours.
  s->iso.context.Reset();
  s->iso.default_script_name.Reset();
  blob = s->creator->CreateBlob(v8::SnapshotCreator::FunctionCodeHandling::kKeep);
  }
  Dispose(s);
  if (blob.data == nullptr) return 1;
  *data = blob.data;
  *len = static_cast<size_t>(blob.raw_size);
  return 0;
}

extern "C" void jsr_blob_free(const char* data) noexcept { delete[] data; }

extern "C" void jsr_snapshot_terminate(jsr_snapshot* s) noexcept {
  std::lock_guard<std::mutex> guard(s->lock);
  if (s->creator) s->iso.isolate->TerminateExecution();
}

extern "C" void jsr_snapshot_free(jsr_snapshot* s) noexcept {
  Dispose(s);
  delete s;
}

extern "C" int jsr_snapshot_open_creators(void) noexcept {
  std::lock_guard<std::mutex> creators(jsr::CreatorsLock());
  return jsr::LiveCreators();
}

extern "C" int jsr_snapshot_valid(const char* data, size_t len) noexcept {
  v8::StartupData blob{data, static_cast<int>(len)};
  return blob.IsValid() ? 1 : 0;
}

// Promise rejections with no handler, kept for HTML's "notify about rejected
// promises": Rust takes them after each task's microtasks and reports those
// still unhandled (unhandledrejection) and those handled since (rejectionhandled).
#include "isolate.h"

namespace jsr {

namespace {
// How many of the latest rejections a new handler is looked for among.
constexpr size_t kRecent = 8;
}  // namespace

void OnPromiseReject(v8::PromiseRejectMessage message) {
  v8::Local<v8::Promise> promise = message.GetPromise();
  v8::Isolate* isolate = promise->GetIsolate();
  auto* iso = static_cast<jsr_isolate*>(isolate->GetData(0));
  if (iso == nullptr) return;
  switch (message.GetEvent()) {
    case v8::kPromiseRejectWithNoHandler:
      iso->rejections.push_back({v8::Global<v8::Promise>(isolate, promise),
                                 v8::Global<v8::Value>(isolate, message.GetValue()), false});
      break;
    case v8::kPromiseHandlerAddedAfterReject: {
      // Mostly a handler comes at once (`await`, `.catch` on a rejected
      // promise): that entry is among the last few, and goes. Others are not
      // looked up (that would be quadratic): one still queued is skipped for
      // its handler when taken, and this entry matters only if the rejection
      // was already reported.
      auto& queue = iso->rejections;
      size_t look = queue.size() < kRecent ? queue.size() : kRecent;
      for (size_t i = 1; i <= look; i++) {
        auto it = queue.end() - static_cast<std::ptrdiff_t>(i);
        if (!it->handled_later && it->promise == promise) {
          queue.erase(it);
          return;
        }
      }
      queue.push_back({v8::Global<v8::Promise>(isolate, promise), v8::Global<v8::Value>(), true});
      break;
    }
    default:
      break;
  }
}

}  // namespace jsr

extern "C" int jsr_env_take_rejection(jsr_env* env, jsr_value* promise, jsr_value* reason) noexcept {
  auto& queue = env->owner->rejections;
  while (!queue.empty()) {
    jsr::Rejection next = std::move(queue.front());
    queue.pop_front();
    v8::Local<v8::Promise> p = next.promise.Get(env->isolate);
    if (next.handled_later) {
      *promise = jsr::handle(p);
      *reason = nullptr;
      return 2;
    }
    if (p->HasHandler()) continue;
    *promise = jsr::handle(p);
    *reason = jsr::handle(next.reason.Get(env->isolate));
    return 1;
  }
  return 0;
}

extern "C" int jsr_env_end_task(jsr_env* env, jsr_value result) noexcept {
  if (result != nullptr) {
    v8::Local<v8::Value> value = jsr::local(result);
    if (value->IsPromise()) value.As<v8::Promise>()->MarkAsHandled();
  }
  return env->owner->rejections.empty() ? 0 : 1;
}

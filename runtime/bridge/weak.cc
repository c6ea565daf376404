// Host functions whose Rust data is freed when V8 collects the function:
// callables passed as values (callbacks) must not leak one entry per call.
#include "internal.h"

namespace {

struct WeakHost {
  v8::Global<v8::Function> function;
  void* data;
  jsr_free_fn free_data;
};

void OnCollected(const v8::WeakCallbackInfo<WeakHost>& info) {
  WeakHost* host = info.GetParameter();
  host->function.Reset();
  host->free_data(host->data);
  delete host;
}

}  // namespace

extern "C" void jsr_function_free_on_collect(jsr_env* env, jsr_value fn, void* data,
                                              jsr_free_fn free_data) noexcept {
  auto* host = new WeakHost{v8::Global<v8::Function>(env->isolate, jsr::local<v8::Function>(fn)),
                            data, free_data};
  host->function.SetWeak(host, OnCollected, v8::WeakCallbackType::kParameter);
}

// Errors: stack frames captured at creation, message locations, new errors.
#include "internal.h"

using jsr::handle;
using jsr::local;

namespace {

jsr_value non_empty(v8::Local<v8::String> s) {
  return s.IsEmpty() || s->Length() == 0 ? nullptr : handle(s);
}

}  // namespace

extern "C" int jsr_error_frame_count(jsr_env* env, jsr_value exception) noexcept {
  v8::Local<v8::StackTrace> trace = v8::Exception::GetStackTrace(local(exception));
  return trace.IsEmpty() ? 0 : trace->GetFrameCount();
}

extern "C" void jsr_error_frame(jsr_env* env, jsr_value exception, int index, jsr_frame* out) noexcept {
  *out = jsr_frame{0, 0, nullptr, nullptr};
  v8::Local<v8::StackTrace> trace = v8::Exception::GetStackTrace(local(exception));
  if (trace.IsEmpty() || index >= trace->GetFrameCount()) return;
  v8::Local<v8::StackFrame> frame = trace->GetFrame(env->isolate, static_cast<uint32_t>(index));
  out->line = frame->GetLineNumber();
  out->column = frame->GetColumn();
  out->function_name = non_empty(frame->GetFunctionName());
  out->script_name = non_empty(frame->GetScriptNameOrSourceURL());
}

extern "C" void jsr_message_location(jsr_env* env, jsr_value message, jsr_frame* out) noexcept {
  *out = jsr_frame{0, 0, nullptr, nullptr};
  v8::Local<v8::Message> msg = local<v8::Message>(message);
  out->line = msg->GetLineNumber(env->context).FromMaybe(0);
  out->column = msg->GetStartColumn(env->context).FromMaybe(-1) + 1;
  v8::Local<v8::Value> name = msg->GetScriptResourceName();
  if (!name.IsEmpty() && name->IsString()) out->script_name = non_empty(name.As<v8::String>());
}

extern "C" jsr_value jsr_message_text(jsr_env* env, jsr_value message) noexcept {
  return handle(local<v8::Message>(message)->Get());
}

extern "C" jsr_value jsr_error_new(jsr_env* env, jsr_value message, jsr_value name) noexcept {
  v8::Local<v8::Value> error = v8::Exception::Error(local<v8::String>(message));
  if (name != nullptr) {
    v8::TryCatch try_catch(env->isolate);
    auto key = v8::String::NewFromUtf8Literal(env->isolate, "name");
    if (error.As<v8::Object>()->Set(env->context, key, local(name)).IsNothing()) return nullptr;
  }
  return handle(error);
}

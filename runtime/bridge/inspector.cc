// The V8 inspector of one isolate. V8 calls the client when JS pauses and
// the channels when a session has something to say; both are forwarded to
// Rust, which queues client messages and runs the pause loop.
#include <v8-inspector.h>

#include <chrono>
#include <map>
#include <memory>

#include "inspector.h"

namespace {

using v8_inspector::StringBuffer;
using v8_inspector::StringView;

constexpr int kContextGroup = 1;

StringView View(const char* s, size_t len) {
  return StringView(reinterpret_cast<const uint8_t*>(s), len);
}

StringView View(const char* s) { return View(s, __builtin_strlen(s)); }

class Client final : public v8_inspector::V8InspectorClient {
 public:
  Client(v8::Isolate* isolate, const jsr_inspector_callbacks& callbacks)
      : isolate_(isolate), callbacks_(callbacks) {}

  void runMessageLoopOnPause(int) override { callbacks_.on_pause(callbacks_.data); }
  void quitMessageLoopOnPause() override { callbacks_.on_resume(callbacks_.data); }
  void runIfWaitingForDebugger(int) override { callbacks_.on_run(callbacks_.data); }

  // Without this V8 10.2 answers Runtime.evaluate with "Cannot find default
  // execution context" until some script has run.
  v8::Local<v8::Context> ensureDefaultContextInGroup(int) override {
    return context.Get(isolate_);
  }

  // The Profiler and console timestamps need wall-clock time.
  double currentTimeMS() override {
    using namespace std::chrono;
    return duration<double, std::milli>(system_clock::now().time_since_epoch()).count();
  }

  v8::Global<v8::Context> context;

 private:
  v8::Isolate* isolate_;
  jsr_inspector_callbacks callbacks_;
};

class Channel final : public v8_inspector::V8Inspector::Channel {
 public:
  Channel(const jsr_inspector_callbacks& callbacks, uint64_t session)
      : callbacks_(callbacks), session_(session) {}

  void sendResponse(int, std::unique_ptr<StringBuffer> message) override { Send(message->string()); }
  void sendNotification(std::unique_ptr<StringBuffer> message) override { Send(message->string()); }
  void flushProtocolNotifications() override {}

 private:
  void Send(StringView s) {
    const void* chars = s.is8Bit() ? static_cast<const void*>(s.characters8())
                                   : static_cast<const void*>(s.characters16());
    callbacks_.on_message(callbacks_.data, session_, chars, s.length(), s.is8Bit() ? 0 : 1);
  }

  jsr_inspector_callbacks callbacks_;
  uint64_t session_;
};

struct Session {
  Session(const jsr_inspector_callbacks& callbacks, uint64_t id) : channel(callbacks, id) {}
  Channel channel;
  std::unique_ptr<v8_inspector::V8InspectorSession> session;
};

}  // namespace

struct jsr_inspector {
  jsr_inspector(v8::Isolate* isolate, const jsr_inspector_callbacks& callbacks)
      : isolate(isolate), callbacks(callbacks), client(isolate, callbacks) {}
  v8::Isolate* isolate;
  jsr_inspector_callbacks callbacks;
  Client client;
  std::unique_ptr<v8_inspector::V8Inspector> inspector;
  // Sessions before the inspector in destruction order: V8 requires it.
  std::map<uint64_t, std::unique_ptr<Session>> sessions;
};

extern "C" jsr_inspector* jsr_inspector_new(jsr_env* env, const jsr_inspector_callbacks* callbacks,
                                            const char* name) noexcept {
  jsr_isolate* iso = env->owner;
  if (iso->inspector != nullptr) return iso->inspector;
  auto ins = std::make_unique<jsr_inspector>(env->isolate, *callbacks);
  ins->inspector = v8_inspector::V8Inspector::create(env->isolate, &ins->client);
  ins->client.context.Reset(env->isolate, env->context);
  v8_inspector::V8ContextInfo info(env->context, kContextGroup, View(name));
  // DevTools picks the context whose auxData says it is the default one.
  info.auxData = View("{\"isDefault\":true}");
  ins->inspector->contextCreated(info);
  iso->inspector = ins.release();
  return iso->inspector;
}

namespace jsr {
void InspectContext(jsr_isolate* iso, v8::Local<v8::Context> context, const char* name, size_t name_len) {
  if (iso->inspector == nullptr) return;
  // V8's inspector forgets the context when it is collected.
  iso->inspector->inspector->contextCreated(v8_inspector::V8ContextInfo(context, kContextGroup, View(name, name_len)));
}

void DeleteInspector(jsr_isolate* iso) {
  jsr_inspector* ins = iso->inspector;
  if (ins == nullptr) return;
  iso->inspector = nullptr;
  v8::HandleScope scope(ins->isolate);
  ins->sessions.clear();
  ins->inspector->contextDestroyed(ins->client.context.Get(ins->isolate));
  ins->client.context.Reset();
  delete ins;
}
}  // namespace jsr

extern "C" void jsr_inspector_connect(jsr_inspector* ins, uint64_t session) noexcept {
  v8::HandleScope scope(ins->isolate);
  auto s = std::make_unique<Session>(ins->callbacks, session);
#if JSR_V8_AT_LEAST(11)
  // V8 11 asks how far to trust a client: DevTools gets everything, as before.
  s->session = ins->inspector->connect(kContextGroup, &s->channel, StringView(),
                                       v8_inspector::V8Inspector::kFullyTrusted);
#else
  s->session = ins->inspector->connect(kContextGroup, &s->channel, StringView());
#endif
  ins->sessions[session] = std::move(s);
}

extern "C" void jsr_inspector_disconnect(jsr_inspector* ins, uint64_t session) noexcept {
  v8::HandleScope scope(ins->isolate);
  // Take it out first: ending a session may resume JS and re-enter the map.
  auto it = ins->sessions.find(session);
  if (it == ins->sessions.end()) return;
  std::unique_ptr<Session> s = std::move(it->second);
  ins->sessions.erase(it);
}

extern "C" void jsr_inspector_dispatch(jsr_inspector* ins, uint64_t session, const char* message,
                                       size_t len) noexcept {
  auto it = ins->sessions.find(session);
  if (it == ins->sessions.end()) return;
  v8::HandleScope scope(ins->isolate);
  // An 8-bit view is read as UTF-8 JSON by V8's protocol parser.
  it->second->session->dispatchProtocolMessage(View(message, len));
}

extern "C" void jsr_inspector_pause_on_next_statement(jsr_inspector* ins, const char* reason) noexcept {
  for (auto& entry : ins->sessions) {
    entry.second->session->schedulePauseOnNextStatement(View(reason), View("{}"));
  }
}

// 8-bit views are Latin-1 here, so text from JS goes over as UTF-16.
static StringView View16(const v8::String::Value& s) {
  return *s == nullptr ? StringView() : StringView(*s, static_cast<size_t>(s.length()));
}

// On a rejected promise reported to DevTools: the report's id.
static v8::Local<v8::Private> ReportKey(v8::Isolate* isolate) {
  return v8::Private::ForApi(isolate, v8::String::NewFromUtf8Literal(isolate, "jsrun:exceptionId"));
}

extern "C" void jsr_inspector_exception_thrown(jsr_env* env, jsr_inspector* ins, jsr_value exception,
                                               jsr_value message, jsr_value promise) noexcept {
  v8::Isolate* isolate = env->isolate;
  v8::TryCatch try_catch(isolate);
  v8::Local<v8::Value> value = jsr::local(exception);
  v8::Local<v8::Message> msg = jsr::local<v8::Message>(message);
  if (msg.IsEmpty()) msg = v8::Exception::CreateMessage(isolate, value);
  v8::String::Value text(isolate, msg->Get());
  v8::String::Value url(isolate, msg->GetScriptOrigin().ResourceName());
  unsigned id = ins->inspector->exceptionThrown(
      env->context, View(promise != nullptr ? "Uncaught (in promise)" : "Uncaught"), value, View16(text),
      View16(url), msg->GetLineNumber(env->context).FromMaybe(0),
      msg->GetStartColumn(env->context).FromMaybe(0) + 1, ins->inspector->createStackTrace(msg->GetStackTrace()),
      msg->GetScriptOrigin().ScriptId());
  v8::Local<v8::Value> target = promise != nullptr ? jsr::local(promise) : v8::Local<v8::Value>();
  if (!target.IsEmpty() && target->IsPromise()) {
    (void)target.As<v8::Object>()->SetPrivate(env->context, ReportKey(isolate), v8::Integer::NewFromUnsigned(isolate, id));
  }
}

extern "C" void jsr_inspector_exception_revoked(jsr_env* env, jsr_inspector* ins, jsr_value promise) noexcept {
  v8::Isolate* isolate = env->isolate;
  v8::TryCatch try_catch(isolate);
  v8::Local<v8::Value> target = jsr::local(promise);
  v8::Local<v8::Value> id;
  if (!target->IsPromise()) return;
  v8::Local<v8::Object> object = target.As<v8::Object>();
  if (!object->GetPrivate(env->context, ReportKey(isolate)).ToLocal(&id) || !id->IsUint32()) return;
  (void)object->DeletePrivate(env->context, ReportKey(isolate));
  ins->inspector->exceptionRevoked(env->context, id.As<v8::Uint32>()->Value(), View("Handler added to rejected promise"));
}

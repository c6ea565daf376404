// The differences between the V8s the bridge builds against (Debian's 10.2,
// 11.3 and 13.6), each kept here or behind one `#if` next to its use.
#ifndef JSR_COMPAT_H
#define JSR_COMPAT_H

#include <v8-version.h>
#include <v8.h>

#include <mutex>

#define JSR_V8_AT_LEAST(major) (V8_MAJOR_VERSION >= (major))

// V8 11 starts an isolate from a blob without the blob's context state
// while any SnapshotCreator is alive in the process (measured on Debian's
// 11.3; 10.2 and 13.6 do not): such a start is refused instead.
#define JSR_SNAPSHOT_START_NEEDS_NO_CREATOR (V8_MAJOR_VERSION == 11)

// Continuation-preserved embedder data moved from the Context to the
// Isolate in V8 12 (13.6 has it only there).
#define JSR_CONTINUATION_DATA_ON_ISOLATE (V8_MAJOR_VERSION >= 12)

namespace jsr {

// Live snapshot creators, and the lock that orders their creation with
// isolates started from blobs (snapshot.cc, isolate.cc).
std::mutex& CreatorsLock();
int& LiveCreators();

// ScriptOrigin stopped taking the Isolate in V8 12.
inline v8::ScriptOrigin Origin(v8::Isolate* isolate, v8::Local<v8::Value> name, bool is_module = false) {
#if JSR_V8_AT_LEAST(12)
  (void)isolate;
  return v8::ScriptOrigin(name, 0, 0, false, -1, v8::Local<v8::Value>(), false, false, is_module);
#else
  return v8::ScriptOrigin(isolate, name, 0, 0, false, -1, v8::Local<v8::Value>(), false, false, is_module);
#endif
}

}  // namespace jsr

#endif  // JSR_COMPAT_H

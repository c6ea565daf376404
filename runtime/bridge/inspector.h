// What isolate.cc and vm.cc need from inspector.cc.
#ifndef JSR_INSPECTOR_H
#define JSR_INSPECTOR_H

#include "isolate.h"

namespace jsr {
// Ends the sessions and frees the isolate's inspector, if it has one.
// Inside the isolate, before its context goes.
void DeleteInspector(jsr_isolate* iso);
// Tells the isolate's inspector (if any) of a context made after it (a vm
// context): its scripts are then debugged as the runtime's are.
void InspectContext(jsr_isolate* iso, v8::Local<v8::Context> context, const char* name, size_t name_len);
}  // namespace jsr

#endif

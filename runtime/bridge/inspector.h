// What isolate.cc needs from inspector.cc.
#ifndef JSR_INSPECTOR_H
#define JSR_INSPECTOR_H

#include "isolate.h"

namespace jsr {
// Ends the sessions and frees the isolate's inspector, if it has one.
// Inside the isolate, before its context goes.
void DeleteInspector(jsr_isolate* iso);
}  // namespace jsr

#endif

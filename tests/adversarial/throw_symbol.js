// expect: JavaScriptError
throw Symbol('thrown')

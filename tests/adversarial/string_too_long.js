// expect: JavaScriptError
'x'.repeat(2 ** 30)

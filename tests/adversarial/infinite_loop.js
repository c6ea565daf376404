// expect: JsTimeoutError
// timeout: 0.3
for (;;) {}

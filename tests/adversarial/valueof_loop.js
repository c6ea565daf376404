// expect: JsTimeoutError
// timeout: 0.3
({ valueOf() { for (;;) {} } }) + 1

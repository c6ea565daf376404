// expect: JsTimeoutError
// timeout: 0.3
(function loop() { Promise.resolve().then(loop) })(); 0

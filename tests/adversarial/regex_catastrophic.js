// expect: JsTimeoutError
// timeout: 0.3
/(a+)+b/.test('a'.repeat(40) + 'c')

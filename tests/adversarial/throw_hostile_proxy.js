// expect: JavaScriptError
throw new Proxy({}, { get() { throw new Error('trap') }, ownKeys() { throw new Error('trap') } })

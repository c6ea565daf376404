// expect: ConversionError
new Proxy({}, { ownKeys() { throw new Error('trap') }, get() { throw new Error('trap') } })

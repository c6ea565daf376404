// expect: JavaScriptError
const e = new Error('m'); Object.defineProperty(e, 'stack', { get() { throw new Error('no stack') } }); throw e

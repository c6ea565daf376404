// expect: JavaScriptError
({ get x() { throw new Error('getter') } })

// expect: ok
({ a: 1, toJSON() { throw new Error('never called') } })

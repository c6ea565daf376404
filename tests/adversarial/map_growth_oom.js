// expect: HeapLimitError
// max_heap_size: 33554432
const m = new Map(); for (let i = 0; ; i++) m.set(i, { i })

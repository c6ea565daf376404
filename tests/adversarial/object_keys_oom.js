// expect: HeapLimitError
// max_heap_size: 33554432
// Regression: one large allocation (a dictionary doubling) near the limit aborted V8.
const o = {}; for (let i = 0; ; i++) o['k' + i] = i

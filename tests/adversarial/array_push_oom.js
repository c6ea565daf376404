// expect: HeapLimitError
// max_heap_size: 33554432
const a = []; for (;;) a.push({ x: [1, 2, 3] })

// expect: HeapLimitError
// max_heap_size: 33554432
const keep = []; for (;;) keep.push(new ArrayBuffer(1 << 20))

// expect: HeapLimitError
// max_heap_size: 33554432
let s = 'x'; const keep = []; for (;;) { s = s + s.slice(0, 1000) + 'y'; keep.push(s) }

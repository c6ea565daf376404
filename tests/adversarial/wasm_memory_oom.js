// expect: HeapLimitError
// max_heap_size: 16777216
const m = new WebAssembly.Memory({ initial: 1, maximum: 65536 }); for (let i = 0; i < 4000; i++) m.grow(1); 0

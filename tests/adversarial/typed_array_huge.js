// expect: JavaScriptError
// max_heap_size: 33554432
new Float64Array(1e9)

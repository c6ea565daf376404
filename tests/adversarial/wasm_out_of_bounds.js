// expect: JavaScriptError
// (memory 1) (func (export "peek") (result i32) i32.const 1000000 i32.load)
const bytes = new Uint8Array([0,97,115,109,1,0,0,0,1,5,1,96,0,1,127,3,2,1,0,5,3,1,0,1,7,8,1,4,112,101,101,107,0,0,10,11,1,9,0,65,192,132,61,40,2,0,11]);
new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.peek()

// expect: ok
// Regression: defining a property over one of jsrun's lazy globals, before
// or after first use, must not trip V8 (it used to abort the process).
Object.defineProperty(globalThis, 'setTimeout', { value: 1 });
const before = Object.getOwnPropertyDescriptor(globalThis, 'TextEncoder');
delete globalThis.atob;
Object.defineProperty(globalThis, 'TextDecoder', { get() { return 'mine' } });
[typeof setTimeout, typeof before.value, typeof atob, TextDecoder, typeof clearTimeout]

// node:vm's contexts, run by Node.js and by jsrun (tests/test_node_vm.py):
// a contextified object's properties as the context's globals both ways,
// the context's own built-ins, scripts, timeouts and Node's errors.
/* exported run */
/* global probe, codeOf -- prelude.js */
const run = async () => {
  const vm = require('vm');
  const { out, attempt } = probe((error) => `error ${error.code || error.name}: ${error.message}`);
  const ctx = vm.createContext({ a: 1, log: [] });
  attempt('create', () => [vm.isContext(ctx), vm.isContext({}), Object.keys(ctx), vm.createContext(ctx) === ctx]);
  attempt('read', () => vm.runInContext('a + 1', ctx));
  attempt('declarations', () => {
    vm.runInContext('b = a * 10; var c = 3; function fn() { return 7 } let d = 4; const e = 5; class K {}', ctx);
    return [ctx.b, ctx.c, typeof ctx.fn, ctx.fn(), ctx.d, ctx.e, ctx.K, Object.keys(ctx)];
  });
  attempt('lexical bindings stay in the context', () => vm.runInContext('d + e + typeof K', ctx));
  attempt('written from outside', () => {
    ctx.z = 9;
    ctx.a = 2;
    return vm.runInContext('[z, a]', ctx);
  });
  attempt('globalThis', () => [vm.runInContext('globalThis', ctx) === ctx, vm.runInContext('this', ctx) === ctx,
    vm.runInContext('typeof globalThis.a', ctx), vm.runInContext('globalThis.a === a', ctx)]);
  attempt('own built-ins', () => [vm.runInContext('Array', ctx) === Array, vm.runInContext('[1, 2]', ctx) instanceof Array,
    Array.isArray(vm.runInContext('[1, 2]', ctx)), vm.runInContext('typeof console', ctx),
    vm.runInContext('[typeof setTimeout, typeof require, typeof process, typeof Buffer, typeof module]', ctx),
    vm.runInNewContext('({}).constructor === Object'), vm.runInNewContext('({})') instanceof Object]);
  attempt('built-ins stay apart', () => {
    vm.runInContext('Array.prototype.marked = 1', ctx);
    return [[].marked, vm.runInContext('[].marked', ctx)];
  });
  attempt('undeclared', () => vm.runInContext('nope', ctx));
  attempt('typeof undeclared', () => vm.runInContext('typeof nope', ctx));
  attempt('delete', () => {
    vm.runInContext('delete b', ctx);
    return ['b' in ctx, vm.runInContext('typeof b', ctx)];
  });
  attempt('syntax error', () => vm.runInContext('(', ctx));
  attempt('thrown inside', () => {
    try {
      vm.runInContext('throw new TypeError("x")', ctx);
    } catch (error) {
      return [error instanceof TypeError, error.name, error.message, error.constructor === TypeError];
    }
  });
  attempt('runInNewContext', () => [vm.runInNewContext('x * 2 + (typeof y)', { x: 21 }),
    vm.runInNewContext('typeof Object + typeof Math.max')]);
  attempt('the object after', () => {
    const s = { n: 1 };
    vm.runInNewContext('n += 1; m = "x"; var v = [1]', s);
    return s;
  });
  attempt('Script', () => {
    const script = new vm.Script('count = (typeof count === "number" ? count : 0) + 1');
    const c = vm.createContext({});
    script.runInContext(c);
    script.runInContext(c);
    return [c.count, script.runInNewContext({ count: 10 }), typeof vm.createScript('1').runInContext];
  });
  attempt('strict assignment', () => vm.runInContext('"use strict"; undeclaredStrict = 1', ctx));
  attempt('strict this assignment', () => vm.runInContext('"use strict"; this.viaThis = 1; viaThis', ctx) + ctx.viaThis);
  attempt('defineProperty', () => {
    vm.runInContext('Object.defineProperty(globalThis, "ro", { value: 1, writable: false, enumerable: true })', ctx);
    vm.runInContext('ro = 5', ctx);
    return [ctx.ro, Object.getOwnPropertyDescriptor(ctx, 'ro'), vm.runInContext('ro', ctx)];
  });
  attempt('accessor defined inside', () => {
    vm.runInContext('Object.defineProperty(globalThis, "acc", { get() { return 42 }, configurable: true })', ctx);
    return [ctx.acc, typeof Object.getOwnPropertyDescriptor(ctx, 'acc').get];
  });
  attempt('keys and has', () => {
    const c = vm.createContext({ p: 1, q: 2 });
    return [vm.runInContext('Object.keys(globalThis).sort().join()', c),
      vm.runInContext('[Object.prototype.hasOwnProperty.call(globalThis, "p"), "p" in globalThis, "Array" in globalThis]', c)];
  });
  attempt('functions of the object', () => vm.runInContext('add(2, 3)', vm.createContext({ add: (x, y) => x + y })));
  attempt('a getter of the object', () => {
    let n = 0;
    const s = vm.createContext({ get g() { return ++n; } });
    return [vm.runInContext('g + g', s), n];
  });
  attempt('a setter of the object', () => {
    const seen = [];
    const s = vm.createContext({ set w(v) { seen.push(v); } });
    vm.runInContext('w = 3; w = 4', s);
    return seen;
  });
  // (Symbols of the object: Node 22 and later list them on the context's global, Node 20 does not.)
  attempt('symbols and indices', () => {
    const k = Symbol('k');
    const s = vm.createContext({ [k]: 1, 0: 'zero' });
    return [vm.runInContext('this', s)[k], vm.runInContext('this[0]', s), vm.runInContext('this[1] = "one"; this[1]', s), s[1]];
  });
  attempt('values crossing', () => {
    const a = vm.runInNewContext('[3, 1, 2].sort()');
    return [a, a.constructor === Array, JSON.stringify(vm.runInNewContext('({a: [1, {b: 2}]})')),
      typeof vm.runInNewContext('Promise.resolve(1)').then];
  });
  attempt('eval inside', () => [vm.runInNewContext('eval("1 + q")', { q: 2 }), vm.runInNewContext('new Function("return q")()', { q: 5 })]);
  attempt('eval refused', () => vm.runInNewContext('eval("1")', {}, { contextCodeGeneration: { strings: false } }));
  attempt('Function refused', () => vm.runInContext('new Function("return 1")', vm.createContext({}, { codeGeneration: { strings: false } })));
  attempt('a file name', () => {
    try {
      vm.runInNewContext('\n\nthrow new Error("boom")', {}, { filename: 'plug.js' });
    } catch (error) {
      return /at plug\.js:3:7/.test(error.stack);
    }
  });
  attempt('timeout', () => vm.runInNewContext('let i = 0; while (true) i++', {}, { timeout: 30 }));
  attempt('after a timeout', () => vm.runInNewContext('40 + 2'));
  attempt('Script timeout', () => new vm.Script('for (;;);').runInNewContext({}, { timeout: 20 }));
  attempt('this context timeout', () => vm.runInThisContext('for (;;);', { timeout: 20 }));
  attempt('nested timeouts', () => {
    const c = vm.createContext({ vm, seen: [] });
    try {
      vm.runInContext(`try { vm.runInNewContext('for (;;);', {}, { timeout: 20 }) } catch (e) { seen.push(e.code) }
        for (;;);`, c, { timeout: 80 });
    } catch (error) {
      c.seen.push(`outer ${error.code}`);
    }
    return c.seen;
  });
  attempt('an inner timeout longer than the outer', () => {
    const c = vm.createContext({ vm, seen: [] });
    try {
      vm.runInContext("try { vm.runInNewContext('for (;;);', {}, { timeout: 60000 }) } catch (e) { seen.push('inner') }", c, { timeout: 40 });
    } catch (error) {
      c.seen.push(`outer ${error.code}`);
    }
    return c.seen;
  });
  // Objects that fight back: their errors come through, nothing else breaks.
  const traps = (names) => new Proxy({}, Object.fromEntries(names.map((name) => [name, () => { throw new Error(name); }])));
  // (A read through throwing traps, and a getter that recurses into its context, differ between
  // Node 20 and Node 24: tests/test_node_vm.py.)
  attempt('a proxy whose traps throw', () => [
    codeOf(() => vm.runInContext('x = 1', vm.createContext(traps(['get', 'set', 'defineProperty'])))),
    codeOf(() => vm.runInContext('Object.keys(globalThis)', vm.createContext(traps(['ownKeys'])))),
  ]);
  attempt('a proxy that logs', () => {
    const seen = [];
    const c = vm.createContext(new Proxy({ a: 1 }, { get: (t, k, r) => (seen.push(String(k)), Reflect.get(t, k, r)) }));
    return [vm.runInContext('a', c), seen];
  });
  attempt('a frozen object', () => [vm.runInContext('a = 2; b = 3; [a, typeof b]', vm.createContext(Object.freeze({ a: 1 }))),
    codeOf(() => vm.runInContext('"use strict"; a = 2', vm.createContext(Object.freeze({ a: 1 }))))]);
  attempt('other objects', () => {
    const bare = Object.assign(Object.create(null), { v: 5 });
    const fixed = Object.defineProperty({}, 'nc', { value: 1, configurable: false });
    return [vm.runInContext('v + 1', vm.createContext(bare)), vm.runInContext('[this[0], length]', vm.createContext([10, 20])),
      vm.runInContext('[delete nc, nc]', vm.createContext(fixed)), vm.runInContext('typeof require', vm.createContext(globalThis))];
  });
  attempt('a throwing accessor defined inside', () => vm.runInContext(
    'Object.defineProperty(globalThis, "z", { get() { throw new Error("zz") }, configurable: true }); try { z } catch (e) { e.message }',
    vm.createContext({})));
  attempt('a timeout inside the object', () => {
    const spin = () => { for (;;); };
    return [codeOf(() => vm.runInContext('g', vm.createContext({ get g() { return spin(); } }), { timeout: 30 })),
      codeOf(() => vm.runInContext('w = 1', vm.createContext({ set w(v) { spin(); } }), { timeout: 30 })),
      codeOf(() => vm.runInContext('typeof zz', vm.createContext(new Proxy({}, { get: spin, getOwnPropertyDescriptor: spin })),
        { timeout: 30 })), vm.runInNewContext('6 * 7')];
  });
  out['bad arguments'] = [
    codeOf(() => vm.createContext(1)), codeOf(() => vm.runInContext('1', {})), codeOf(() => vm.runInContext(1, ctx)),
    codeOf(() => vm.isContext(1)), codeOf(() => vm.runInNewContext('1', {}, { timeout: 0 })),
    codeOf(() => vm.runInNewContext('1', {}, { timeout: '5' })), codeOf(() => vm.runInNewContext('1', {}, { timeout: 1.5 })),
    codeOf(() => vm.createContext({}, { codeGeneration: { strings: 1 } })), codeOf(() => vm.createContext({}, { name: 5 })),
    codeOf(() => vm.createContext(() => {})), codeOf(() => vm.isContext(() => {})),
  ];
  out['async inside'] = await vm.runInNewContext('(async () => { await null; return [1, 2].map((x) => x * 3) })()');
  return out;
};

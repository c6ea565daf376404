// Run first in a snapshot builder's context. V8 cannot serialise a live Intl
// object (it aborts the process), so every Intl constructor is wrapped to
// remember what it makes; `finish` (called before V8 serialises) restores
// the constructors, removes this guard, and names the instances still alive.
(() => {
  const made = [];
  const originals = [];
  for (const name of Object.getOwnPropertyNames(Intl)) {
    const original = Intl[name];
    if (typeof original !== "function" || !original.prototype) continue;
    const remember = (instance) => {
      made.push([name, new WeakRef(instance)]);
      return instance;
    };
    originals.push([name, original]);
    Intl[name] = new Proxy(original, {
      construct: (target, args, newTarget) => remember(Reflect.construct(target, args, newTarget)),
      apply: (target, self, args) => remember(Reflect.apply(target, self, args)),
    });
  }
  Object.defineProperty(globalThis, "__jsrunSnapshotGuard", {
    configurable: true,
    value: {
      finish() {
        for (const [name, original] of originals) Intl[name] = original;
        delete globalThis.__jsrunSnapshotGuard;
        const alive = made.filter(([, ref]) => ref.deref() !== undefined).map(([name]) => `Intl.${name}`);
        return [...new Set(alive)].join(", ");
      },
    },
  });
})();

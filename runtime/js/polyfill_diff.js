// Finds what the polyfills added (on the objects `targets()` returns; see
// polyfill_targets.js), so that jsrun can stub each feature of a group
// (runtime/src/polyfills.rs) and can take back what the
// engine itself provides at run time. V8 installs some features (those
// behind its shipping flags) when a context is made, not in a snapshot's
// context: core-js, seeing them absent there, fills them, and V8 13.6 then
// aborts on adding its own over the polyfill. `record()` before the
// polyfills and `added()` after give [target, key] pairs (with a third
// element for an accessor property: 'getter', or 'accessor' if it has a
// setter too); `has(pairs)` (in
// a plain context) says which the engine has; `remove(pairs)` deletes them.
((targets) => {
  'use strict';
  const keyName = (key) => (typeof key === 'symbol' ? `@@${key.description}` : key);
  const keyOf = (name) => (name.startsWith('@@') ? Symbol[name.slice(2).replace(/^Symbol\./, '')] : name);
  let before = null;
  return {
    record() {
      before = Object.fromEntries(Object.entries(targets()).map(([n, t]) => [n, new Set(Reflect.ownKeys(t).map(keyName))]));
    },
    added() {
      const pairs = [];
      for (const [name, target] of Object.entries(targets())) {
        for (const key of Reflect.ownKeys(target).map(keyName)) {
          if ((before[name] ?? new Set()).has(key)) continue;
          const desc = Object.getOwnPropertyDescriptor(target, keyOf(key));
          if (!desc || 'value' in desc) pairs.push([name, key]);
          else pairs.push([name, key, desc.set ? 'accessor' : 'getter']);
        }
      }
      return pairs;
    },
    has(pairs) {
      const found = targets();
      return pairs.filter(([name, key]) => found[name] !== undefined && keyOf(key) !== undefined &&
        Object.prototype.hasOwnProperty.call(found[name], keyOf(key)));
    },
    remove(pairs) {
      const found = targets();
      for (const [name, key] of pairs) if (found[name] !== undefined) delete found[name][keyOf(key)];
      return pairs.length;
    },
  };
})

// What Node.js and jsrun both run over tests/node_fixture.py's cases
// (tests/test_node_resolution.py): each case as `require` from a file
// (through module.createRequire) or as `import()` from a probe module next
// to it; the outcome is the loaded module's id (and a namespace's keys), or
// the error's code.
/* exported run */
const { createRequire } = require('module');
const idOf = (value, mode) => {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return typeof value;
  let id = null;
  if (typeof value.id === 'string') id = value.id;
  else if (value.default && typeof value.default.id === 'string') id = value.default.id;
  if (id === null) return typeof value; // a built-in
  if (mode !== 'import') return id;
  // Node 22+ adds a 'module.exports' name to CommonJS namespaces.
  return `${id} [${Object.keys(value).filter((k) => k !== 'module.exports').sort().join(',')}]`;
};
const run = async (root, cases) => {
  const out = [];
  for (const [mode, from, specifier] of cases) {
    try {
      let value;
      if (mode === 'require') value = createRequire(root + '/' + from)(specifier);
      else value = await (await import('file://' + root + '/' + from)).probe(specifier);
      out.push(idOf(value, mode));
    } catch (error) {
      out.push('error ' + (error.code || error.name));
    }
  }
  return out;
};

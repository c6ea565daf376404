// What `require("process")` gives inside dist/node-libs.js: the runtime's
// own `process` (the parameter of the bundle's wrapper), not the npm shim.
module.exports = process;

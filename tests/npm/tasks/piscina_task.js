// Tasks for piscina's workers (tests/npm/calls.js): the default export and named ones.
const { isMainThread } = require('worker_threads');

module.exports = ({ a, b }) => a + b;
module.exports.multiply = ({ a, b }) => a * b;
module.exports.where = () => (isMainThread ? 'main thread' : 'worker');
module.exports.fail = () => {
  throw new RangeError('thrown in a piscina worker');
};
// The bytes piscina moved here (Piscina.move), summed.
module.exports.sum = (bytes) => new Uint8Array(bytes).reduce((total, byte) => total + byte, 0);

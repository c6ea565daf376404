// Atomics.pause (ES2026): a hint that the caller is spinning; here it only
// checks its argument, as the standard requires. Its value is the object
// the lazy property reads `pause` from.
(() => {
  'use strict';
  return {
    pause: function pause(iterationNumber = undefined) {
      if (iterationNumber !== undefined && !Number.isInteger(iterationNumber)) {
        throw new TypeError('Atomics.pause: the argument must be an integral Number');
      }
    },
  };
})()

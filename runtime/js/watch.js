// How eval_async and call_async wait for a promise: `watch(promise, id)`
// reports its settlement to the host as `settle(id, fulfilled, value)`.
(function (settle) {
  'use strict';
  return function watch(promise, id) {
    Promise.resolve(promise).then(value => settle(id, true, value), error => settle(id, false, error));
  };
})

// structuredClone (HTML): V8's serializer, the one browsers and Node use,
// through Rust; its DataCloneErrors become DOMExceptions.
(function (uses, natives) {
  'use strict';
  const { DOMException } = uses.events;
  function structuredClone(value, options = undefined) {
    if (arguments.length === 0) throw new TypeError('The "value" argument must be specified');
    let transfer = [];
    if (options !== undefined && options !== null) {
      if (typeof options !== 'object') throw new TypeError('The "options" argument must be of type object');
      if (options.transfer !== undefined && options.transfer !== null) transfer = [...options.transfer];
    }
    try {
      return natives.clone(value, transfer);
    } catch (error) {
      if (error && error.name === 'DataCloneError') throw new DOMException(error.message, 'DataCloneError');
      throw error;
    }
  }
  return { structuredClone };
})

// structuredClone (HTML): V8's serializer, the one browsers and Node use,
// through Rust; platform objects go through their interfaces' hooks, and
// DataCloneErrors become DOMExceptions.
(function (uses, natives) {
  'use strict';
  const { DOMException } = uses.events;
  const platform = uses.platform_objects;
  const fail = (message) => { throw new DOMException(message, 'DataCloneError'); };

  // natives.clone's result with the transfer list's objects moved: { value, moved }.
  function serialize(value, transfer) {
    const buffers = [];
    const objects = [];
    transfer.forEach((item, i) => {
      if (item instanceof ArrayBuffer) buffers.push(item);
      else if (platform.isTransferable(item)) objects.push(item);
      else fail(`Value at index ${i} does not have a transferable type.`);
    });
    try {
      if (objects.length === 0) return { value: natives.clone(value, buffers, platform.hooks), moved: [] };
      return platform.cloneMoving(natives.clone, value, buffers, objects, fail);
    } catch (error) {
      if (error && error.name === 'DataCloneError' && !(error instanceof DOMException)) fail(error.message);
      throw error;
    }
  }

  // The transfer list of structuredClone's options, or postMessage's.
  function transferList(options) {
    if (options === undefined || options === null) return [];
    if (typeof options !== 'object') throw new TypeError('The "options" argument must be of type object');
    if (options.transfer === undefined || options.transfer === null) return [];
    return [...options.transfer];
  }

  function structuredClone(value, options = undefined) {
    if (arguments.length === 0) throw new TypeError('The "value" argument must be specified');
    return serialize(value, transferList(options)).value;
  }
  return { structuredClone, serialize };
})

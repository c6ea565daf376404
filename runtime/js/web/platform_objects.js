// Platform objects that structuredClone copies or moves (HTML's serializable
// and transferable objects). Their classes extend PlatformObject, whose
// instances are the kind of object V8's serializer hands to the embedder;
// each interface says how to tell its objects, what to write for one and
// how to make it again. Any other platform object cannot be cloned (a
// DataCloneError, as in browsers).
(function (uses, natives) {
  'use strict';
  const Base = natives.base();
  const interfaces = []; // { tag, owns, write, read } or { tag, owns, transfer, detached }
  const byTag = new Map();

  // V8 makes a clone's platform objects bare, running no JavaScript; then
  // each is `adopt`ed: while `make()` runs, the interfaces' root classes
  // extend Adopter instead of PlatformObject, so the first platform object
  // constructed is that object, given its prototype and private state by its
  // class's constructor. (Extending PlatformObject itself keeps construction
  // fast: V8 caches the class's map made from it.)
  const PlatformObject = Base;
  const roots = [];
  let adopting = null;
  class Adopter {
    constructor() {
      if (adopting === null) return Reflect.construct(Base, [], new.target);
      const object = adopting;
      adopting = null;
      Object.setPrototypeOf(object, new.target.prototype);
      return object;
    }
  }
  function adopt(object, make) {
    adopting = object;
    roots.forEach((cls) => Object.setPrototypeOf(cls, Adopter));
    try {
      if (make() !== object) throw new TypeError('A platform object was not adopted');
      return object;
    } finally {
      adopting = null;
      roots.forEach((cls) => Object.setPrototypeOf(cls, Base));
    }
  }

  // `cls` (a class extending PlatformObject) as an interface without a
  // parent: its prototype's parent is Object.prototype.
  function root(cls) {
    Object.setPrototypeOf(cls.prototype, Object.prototype);
    roots.push(cls);
    return cls;
  }

  // `owns(object)`: object is one of the interface's; `write(object)` gives
  // a cloneable value, `read(value)` constructs a new object from it.
  function serializable(tag, owns, write, read) {
    const kind = { tag, owns, write, read };
    interfaces.push(kind);
    byTag.set(tag, kind);
  }

  // `transfer(object)` gives a new object that takes over `object`'s state
  // and leaves it detached; `detached(object)` says whether it was;
  // `receive(data)` makes one that came from another thread (see `crossing`).
  function transferable(tag, owns, transfer, detached, receive = undefined) {
    const kind = { tag, owns, transfer, detached, receive };
    interfaces.push(kind);
    byTag.set(tag, kind);
  }

  const kindOf = (object) => interfaces.find((kind) => kind.owns(object));
  // A clone from another runtime (a worker's message) may hold an interface
  // whose group this one has not set up yet: reading its global does (each
  // tag is its interface's global name).
  const interfaceOf = (tag) => {
    if (!byTag.has(tag) && typeof tag === 'string') void globalThis[tag];
    const kind = byTag.get(tag);
    if (kind === undefined) {
      throw Object.assign(new Error(`Unable to deserialize cloned data: no ${tag} here.`), { name: 'DataCloneError' });
    }
    return kind;
  };
  const isTransferable = (object) => kindOf(object)?.transfer !== undefined;

  // During one clone: the transferable objects of its transfer list, and
  // what each became; for a message to another thread, what stands for
  // each there (`crossing`).
  let moving = [];
  let moved = [];
  let standing = null;
  // Node's error for a transferable object outside the transfer list (once node_modules are in use), else the web's.
  let nodeErrors = false;
  const hooks = {
    write(object) {
      const kind = kindOf(object);
      if (kind === undefined) return undefined;
      if (kind.transfer === undefined) return [kind.tag, kind.write(object)];
      const index = moving.indexOf(object);
      if (index < 0 && nodeErrors) {
        throw Object.assign(new TypeError('Object that needs transfer was found in message but not listed in transferList'),
          { code: 'ERR_MISSING_TRANSFERABLE_IN_TRANSFER_LIST' });
      }
      if (index < 0) return undefined;
      return [kind.tag, standing === null ? index : { stands: standing[index] }];
    },
    revive(list) {
      for (let i = 0; i < list.length; i += 2) {
        const [object, [tag, data]] = [list[i], list[i + 1]];
        const kind = interfaceOf(tag);
        if (kind.transfer === undefined) adopt(object, () => kind.read(data));
        else if (typeof data === 'number') moved[data] = adopt(object, () => kind.transfer(moving[data]));
        else adopt(object, () => kind.receive(data.stands));
      }
    },
  };

  // `write()` writes a message for another thread in which each of
  // `objects` (transferable objects of its transfer list) is written as
  // what stands for it there (`stands[i]`, which its interface's `receive`
  // makes an object of again).
  function crossing(objects, stands, write) {
    const outer = [moving, moved, standing];
    [moving, moved, standing] = [objects, [], stands];
    try {
      return write();
    } finally {
      [moving, moved, standing] = outer;
    }
  }

  // natives.clone(value, buffers, hooks) with `objects` (transferable
  // platform objects) moved: { value, moved } with what they became, in order.
  function cloneMoving(clone, value, buffers, objects, fail) {
    objects.forEach((object, i) => {
      if (objects.indexOf(object) !== i) fail(`${kindOf(object).tag} at index ${i} is a duplicate of an earlier one.`);
      if (kindOf(object).detached(object)) fail(`${kindOf(object).tag} at index ${i} was already transferred.`);
    });
    const outer = [moving, moved, standing];
    [moving, moved, standing] = [objects, [], null];
    try {
      const result = clone(value, buffers, hooks);
      // Objects of the list the value does not hold move too.
      const done = objects.map((object, i) => (moved[i] ??= kindOf(object).transfer(object)));
      return { value: result, moved: done };
    } finally {
      [moving, moved, standing] = outer;
    }
  }

  return { PlatformObject, root, serializable, transferable, isTransferable, hooks, cloneMoving, crossing,
    withNode: () => { nodeErrors = true; } };
})

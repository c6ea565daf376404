// navigator.userAgent (one product token, as WinterTC recommends) and
// `self`, the global object itself.
(function () {
  'use strict';
  const creating = Symbol('creating');
  class Navigator {
    constructor(key) { if (key !== creating) throw new TypeError('Illegal constructor'); }
    get userAgent() { return 'jsrun'; }
  }
  Object.defineProperty(Navigator.prototype, Symbol.toStringTag, { value: 'Navigator', configurable: true });
  Object.defineProperty(Navigator, 'length', { value: 0 }); // no constructor (WebIDL)
  return { navigator: new Navigator(creating), Navigator, self: globalThis };
})

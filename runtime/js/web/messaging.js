// MessageChannel, MessagePort and MessageEvent (HTML's channel messaging)
// within one runtime: a message is a structured clone (ArrayBuffers in the
// transfer list move), delivered to the other port as a task, in order,
// once that port has started (start(), or setting onmessage).
(function (uses) {
  'use strict';
  const { Event, EventTarget, DOMException } = uses.events;
  const { setTimeout } = uses.timers;
  const { structuredClone } = uses.clone;
  const creating = Symbol('creating');

  class MessageEvent extends Event {
    #data;
    #origin;
    #lastEventId;
    #source;
    #ports;
    constructor(type, init = undefined) {
      if (arguments.length === 0) throw new TypeError('The "type" argument must be specified');
      const options = init ?? {};
      super(type, options);
      this.#data = options.data === undefined ? null : options.data;
      this.#origin = options.origin === undefined ? '' : String(options.origin);
      this.#lastEventId = options.lastEventId === undefined ? '' : String(options.lastEventId);
      this.#source = options.source ?? null;
      this.#ports = Object.freeze([...(options.ports ?? [])]);
    }
    get data() { return this.#data; }
    get origin() { return this.#origin; }
    get lastEventId() { return this.#lastEventId; }
    get source() { return this.#source; }
    get ports() { return this.#ports; }
  }

  let entangle;
  let deliver;
  class MessagePort extends EventTarget {
    #other = null;
    #queue = [];
    #started = false;
    #flushing = false;
    #onmessage = null;
    static {
      entangle = (a, b) => { a.#other = b; b.#other = a; };
      deliver = (port, data) => {
        port.#queue.push(data);
        port.#schedule();
      };
    }
    constructor(key) {
      if (key !== creating) throw new TypeError('Illegal constructor');
      super();
    }
    #schedule() {
      if (!this.#started || this.#flushing || this.#queue.length === 0) return;
      this.#flushing = true;
      setTimeout(() => {
        this.#flushing = false;
        // Items are { value }: an undefined message is still a message.
        const item = this.#queue.shift();
        this.#schedule();
        if (item !== undefined) this.dispatchEvent(new MessageEvent('message', { data: item.value }));
      }, 0);
    }
    postMessage(message, transfer = []) {
      if (!(this instanceof MessagePort)) throw new TypeError('Illegal invocation');
      const list = Array.isArray(transfer) ? transfer : [...(transfer?.transfer ?? [])];
      if (list.some((item) => item instanceof MessagePort)) {
        throw new DOMException('jsrun cannot transfer a MessagePort', 'DataCloneError');
      }
      const data = { value: structuredClone(message, { transfer: list }) };
      if (this.#other !== null) deliver(this.#other, data);
    }
    start() {
      this.#started = true;
      this.#schedule();
    }
    close() {
      const other = this.#other;
      this.#other = null;
      this.#queue = [];
      if (other !== null) other.#other = null;
    }
    get onmessage() { return this.#onmessage; }
    set onmessage(handler) {
      if (this.#onmessage !== null) this.removeEventListener('message', this.#onmessage);
      this.#onmessage = typeof handler === 'function' ? handler : null;
      if (this.#onmessage !== null) {
        this.addEventListener('message', this.#onmessage);
        this.start();
      }
    }
  }
  class MessageChannel {
    #port1;
    #port2;
    constructor() {
      this.#port1 = new MessagePort(creating);
      this.#port2 = new MessagePort(creating);
      entangle(this.#port1, this.#port2);
    }
    get port1() { return this.#port1; }
    get port2() { return this.#port2; }
  }

  for (const [cls, tag] of [[MessageEvent, 'MessageEvent'], [MessagePort, 'MessagePort'], [MessageChannel, 'MessageChannel']]) {
    Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: tag, configurable: true });
  }
  Object.defineProperty(MessagePort, 'length', { value: 0 }); // no constructor (WebIDL)
  return { MessageChannel, MessagePort, MessageEvent };
})

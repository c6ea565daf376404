// MessageChannel, MessagePort and MessageEvent (HTML's channel messaging),
// and BroadcastChannel, within one runtime: a message is a structured clone (ArrayBuffers and
// MessagePorts in the transfer list move), delivered to the other port as a
// task, in order, once that port has started (start(), or setting onmessage).
(function (uses) {
  'use strict';
  const { Event, EventTarget, DOMException } = uses.events;
  const { setTimeout } = uses.timers;
  const { serialize } = uses.clone;
  const { transferable } = uses.platform_objects;
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
  let isPort;
  let transferPort;
  let isDetached;
  class MessagePort extends EventTarget {
    #other = null;
    #queue = [];
    #started = false;
    #flushing = false;
    #onmessage = null;
    #detached = false;
    static {
      entangle = (a, b) => { a.#other = b; b.#other = a; };
      deliver = (port, data) => {
        port.#queue.push(data);
        port.#schedule();
      };
      isPort = (object) => #queue in object;
      isDetached = (port) => port.#detached;
      // A new port in `port`'s place: entangled with its other end, with the
      // messages not yet delivered (it starts again); `port` is left detached.
      transferPort = (port) => {
        const moved = new MessagePort(creating);
        if (port.#other !== null) entangle(moved, port.#other);
        moved.#queue = port.#queue;
        [port.#other, port.#queue, port.#detached] = [null, [], true];
        return moved;
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
        if (item !== undefined) this.dispatchEvent(new MessageEvent('message', { data: item.value, ports: item.ports }));
      }, 0);
    }
    postMessage(message, transfer = []) {
      if (!isPort(this)) throw new TypeError('Illegal invocation');
      const list = Array.isArray(transfer) ? transfer : [...(transfer?.transfer ?? [])];
      if (list.includes(this)) {
        throw new DOMException(`Port at index ${list.indexOf(this)} contains the source port.`, 'DataCloneError');
      }
      const { value, moved } = serialize(message, list);
      if (this.#other !== null) deliver(this.#other, { value, ports: moved.filter(isPort) });
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
  // BroadcastChannel (HTML) within one runtime: a message goes to every other
  // open channel of the same name, as a task.
  const channels = new Map(); // name -> Set of open BroadcastChannels
  let isChannel;
  class BroadcastChannel extends EventTarget {
    #name;
    #closed = false;
    #onmessage = null;
    static {
      isChannel = (object) => #name in object;
    }
    constructor(name) {
      if (arguments.length === 0) throw new TypeError('The "name" argument must be specified');
      super();
      this.#name = String(name);
      if (!channels.has(this.#name)) channels.set(this.#name, new Set());
      channels.get(this.#name).add(this);
    }
    get name() { return this.#name; }
    postMessage(message) {
      if (!isChannel(this)) throw new TypeError('Illegal invocation');
      if (arguments.length === 0) throw new TypeError('The "message" argument must be specified');
      if (this.#closed) throw new DOMException('BroadcastChannel is closed.', 'InvalidStateError');
      const { value } = serialize(message, []);
      for (const other of channels.get(this.#name) ?? []) {
        if (other === this) continue;
        // Each receiver gets its own copy, as each would in its own realm.
        const data = structuredCloneOf(value);
        setTimeout(() => {
          if (!other.#closed) other.dispatchEvent(new MessageEvent('message', { data }));
        }, 0);
      }
    }
    close() {
      this.#closed = true;
      const open = channels.get(this.#name);
      open?.delete(this);
      if (open?.size === 0) channels.delete(this.#name);
    }
    get onmessage() { return this.#onmessage; }
    set onmessage(handler) {
      if (this.#onmessage !== null) this.removeEventListener('message', this.#onmessage);
      this.#onmessage = typeof handler === 'function' ? handler : null;
      if (this.#onmessage !== null) this.addEventListener('message', this.#onmessage);
    }
  }
  const structuredCloneOf = (value) => serialize(value, []).value;

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

  transferable('MessagePort', isPort, transferPort, isDetached);

  for (const [cls, tag] of [[MessageEvent, 'MessageEvent'], [MessagePort, 'MessagePort'], [MessageChannel, 'MessageChannel'],
    [BroadcastChannel, 'BroadcastChannel']]) {
    Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: tag, configurable: true });
  }
  Object.defineProperty(MessagePort, 'length', { value: 0 }); // no constructor (WebIDL)
  return { MessageChannel, MessagePort, MessageEvent, BroadcastChannel };
})

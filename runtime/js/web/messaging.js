// MessageChannel, MessagePort and MessageEvent (HTML's channel messaging),
// and BroadcastChannel: a message is a structured clone (ArrayBuffers and
// MessagePorts in the transfer list move), delivered to the other port as a
// task, in order, once that port has started (start(), or setting onmessage).
// A port sent to another thread (a worker, or from one) talks to its other
// end through a pipe between the two runtimes (runtime/src/worker/ports.rs);
// a BroadcastChannel reaches the other threads of its runtime's tree
// (runtime/src/worker/broadcast.rs).
(function (uses, natives) {
  'use strict';
  const { Event, EventTarget, DOMException } = uses.events;
  const platform = uses.platform_objects;
  const { setTimeout } = uses.timers;
  const { serialize } = uses.clone;
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
  let receivePort;
  let prepareCrossing;
  let arrived;
  let take;
  let listening;
  let setRef;
  let refed;
  // This runtime's ports whose other end is another thread's, by their end
  // of the pipe between them (runtime/src/worker/ports.rs).
  const byEnd = new Map();
  const fail = (message) => { throw new DOMException(message, 'DataCloneError'); };

  class MessagePort extends EventTarget {
    #other = null; // the other port, in this runtime
    #end = null; // or the end of a pipe to another thread's
    #queue = []; // { value, ports, type } to deliver; { close: true } last
    #started = false;
    #flushing = false;
    #closed = false;
    #onmessage = null;
    #detached = false;
    #refed = true;
    #held = false;
    #listeners = 0; // Node's 'message' listeners (`on`)
    static {
      entangle = (a, b) => { a.#other = b; b.#other = a; };
      deliver = (port, item) => {
        port.#queue.push(item);
        port.#schedule();
      };
      isPort = (object) => #queue in object;
      isDetached = (port) => port.#detached;
      // A new port in `port`'s place: entangled with its other end, with the
      // messages not yet delivered (it starts again); `port` is left detached.
      transferPort = (port) => {
        const moved = new MessagePort(creating);
        if (port.#other !== null) entangle(moved, port.#other);
        if (port.#end !== null) {
          moved.#end = port.#end;
          byEnd.set(moved.#end, moved);
        }
        moved.#queue = port.#queue;
        port.#detach();
        return moved;
      };
      // A port that came from another thread: it has the pipe's end `end`.
      receivePort = (end) => {
        const port = new MessagePort(creating);
        if (natives.bind(end)) {
          port.#end = end;
          byEnd.set(end, port);
        }
        return port;
      };
      // What sending `port` to another thread takes: the pipe end that
      // stands for it there, which gets what it had received and not
      // delivered; `commit()` once the message is written leaves `port`
      // detached (its other end, if in this runtime, then talks through the
      // pipe), `abort()` if it could not be.
      prepareCrossing = (port) => {
        // (A messageerror stays behind: what failed to be read here is not sent on.)
        const queued = port.#queue.filter((item) => item.close === undefined && item.type !== 'messageerror');
        if (port.#end !== null) {
          const end = port.#end;
          natives.release(end);
          queued.forEach((item, i) => requeue(end, i, item));
          return {
            end,
            commit: () => {
              byEnd.delete(end);
              port.#detach();
            },
            abort: () => {
              natives.unqueue(end, queued.length);
              natives.bind(end);
              if (port.#started) natives.start(end);
            },
          };
        }
        const [near, far] = natives.pipe();
        queued.forEach((item, i) => requeue(far, i, item));
        return {
          end: far,
          commit: () => {
            const other = port.#other;
            port.#detach();
            if (other === null || !natives.bind(near)) return natives.close(near);
            other.#other = null;
            other.#end = near;
            byEnd.set(near, other);
            if (other.#started) natives.start(near);
          },
          abort: () => {
            natives.close(near);
            natives.close(far);
          },
        };
      };
      // What the pipe brought to `end`: a message ([value, ports]), a
      // messageerror, or the other end's close.
      arrived = (end, type, data) => {
        const port = byEnd.get(end);
        if (port === undefined) return;
        if (type === 'close') {
          byEnd.delete(end);
          port.#end = null;
          port.#closing();
        } else if (type === 'message') {
          const item = { value: data[0], ports: data[1], type };
          // This job is the message's task: with nothing before it, it is dispatched now.
          if (port.#started && !port.#flushing && port.#queue.length === 0) port.#dispatch(item);
          else deliver(port, item);
        } else {
          deliver(port, { value: data, ports: [], type });
        }
      };
      // Node's receiveMessageOnPort: the next message, now, or undefined.
      take = (port) => {
        const head = port.#queue[0];
        if (head !== undefined) return head.close === undefined && head.type !== 'messageerror' ? port.#queue.shift() : undefined;
        if (port.#end === null) return undefined;
        const data = natives.receive(port.#end);
        return data === undefined ? undefined : { value: data[0], ports: data[1] };
      };
      listening = (port, delta) => {
        port.#listeners += delta;
        if (delta > 0) port.start();
        port.#hold();
      };
      setRef = (port, on) => {
        port.#refed = on;
        port.#hold();
      };
      refed = (port) => port.#held;
    }
    constructor(key) {
      if (key !== creating) throw new TypeError('Illegal constructor');
      super();
    }
    #detach() {
      [this.#other, this.#end, this.#queue, this.#detached] = [null, null, [], true];
      this.#hold();
    }
    // A Node worker stays alive while one of its ports listens (as Node's).
    #hold() {
      const entangled = this.#other !== null || this.#end !== null;
      const hold = entangled && this.#started && this.#refed && (this.#listeners > 0 || this.#onmessage !== null);
      if (hold !== this.#held) {
        this.#held = hold;
        natives.hold(hold ? 1 : -1);
      }
    }
    // This port is closed (by its side or the other): 'close' (Node's) after
    // what it had received, if it listens; nothing more comes.
    #closing() {
      if (this.#closed) return;
      this.#closed = true;
      this.#hold();
      if (this.#started) {
        deliver(this, { close: true });
      } else {
        setTimeout(() => this.dispatchEvent(new Event('close')), 0);
      }
    }
    #schedule() {
      if (!this.#started || this.#flushing || this.#queue.length === 0) return;
      this.#flushing = true;
      setTimeout(() => {
        this.#flushing = false;
        // Items are { value }: an undefined message is still a message.
        const item = this.#queue.shift();
        this.#schedule();
        if (item !== undefined) this.#dispatch(item);
      }, 0);
    }
    #dispatch(item) {
      if (item.close) this.dispatchEvent(new Event('close'));
      else this.dispatchEvent(new MessageEvent(item.type ?? 'message', { data: item.value, ports: item.ports }));
    }
    postMessage(message, transfer = []) {
      if (!isPort(this)) throw new TypeError('Illegal invocation');
      const list = Array.isArray(transfer) ? transfer : [...(transfer?.transfer ?? [])];
      if (list.includes(this)) {
        throw new DOMException(`Port at index ${list.indexOf(this)} contains the source port.`, 'DataCloneError');
      }
      const end = this.#end;
      // To the other end, across threads: `[value, ports]`.
      if (end !== null) return withTransfer(list, (buffers, ports, ends) => natives.send(end, [message, ports], buffers, ends));
      const { value, moved } = serialize(message, list);
      if (this.#other !== null) deliver(this.#other, { value, ports: moved.filter(isPort) });
    }
    start() {
      if (this.#started) return;
      this.#started = true;
      if (this.#end !== null) natives.start(this.#end);
      this.#hold();
      this.#schedule();
    }
    close() {
      if (!isPort(this)) throw new TypeError('Illegal invocation');
      const [other, end] = [this.#other, this.#end];
      if (other === null && end === null) return;
      [this.#other, this.#end] = [null, null];
      if (other !== null) {
        other.#other = null;
        other.#closing();
      }
      if (end !== null) {
        byEnd.delete(end);
        natives.close(end);
      }
      this.#queue = [];
      this.#closing();
    }
    get onmessage() { return this.#onmessage; }
    set onmessage(handler) {
      if (this.#onmessage !== null) this.removeEventListener('message', this.#onmessage);
      this.#onmessage = typeof handler === 'function' ? handler : null;
      if (this.#onmessage !== null) {
        this.addEventListener('message', this.#onmessage);
        this.start();
      }
      this.#hold();
    }
  }
  natives.listen(arrived);

  // A transfer list's ArrayBuffers and MessagePorts (anything else cannot be sent to another thread).
  function split(list) {
    const buffers = [];
    const ports = [];
    list.forEach((item, i) => {
      if (item instanceof ArrayBuffer) buffers.push(item);
      else if (isPort(item)) ports.push(item);
      else if (platform.isTransferable(item)) fail(`Value at index ${i} cannot be transferred to another thread in jsrun`);
      else fail(`Value at index ${i} does not have a transferable type.`);
    });
    return { buffers, ports };
  }

  // Writes a message for another thread with `ports` moved: `write(ends)`
  // writes it, each port standing for the pipe end of `ends` at its index.
  function crossThreads(ports, write) {
    ports.forEach((port, i) => {
      if (ports.indexOf(port) !== i) fail(`MessagePort at index ${i} is a duplicate of an earlier one.`);
      if (isDetached(port)) fail(`MessagePort at index ${i} was already transferred.`);
    });
    const plans = [];
    try {
      for (const port of ports) plans.push(prepareCrossing(port));
      const ends = plans.map((plan) => plan.end);
      platform.crossing(ports, ends, () => write(ends));
    } catch (error) {
      plans.forEach((plan) => plan.abort());
      throw error;
    }
    plans.forEach((plan) => plan.commit());
  }

  // Writes a message for another thread by `write(buffers, ports, ends)`:
  // the transfer list's ArrayBuffers and MessagePorts, the ports standing for
  // the pipe ends `ends` (undefined without ports). The natives throw an
  // Error named DataCloneError; the web throws a DOMException.
  function withTransfer(list, write) {
    const { buffers, ports } = split(list);
    try {
      if (ports.length === 0) write(buffers, ports, undefined);
      else crossThreads(ports, (ends) => write(buffers, ports, ends));
    } catch (error) {
      if (error && error.name === 'DataCloneError' && !(error instanceof DOMException)) fail(error.message);
      throw error;
    }
  }

  // A message a port had received goes with it into `end`'s inbox, at `index`.
  function requeue(end, index, item) {
    crossThreads(item.ports ?? [], (ends) => natives.requeue(end, index, [item.value, item.ports ?? []], [], ends));
  }

  // BroadcastChannel (HTML): a message goes to every other open channel of
  // the same name, as a task: in this runtime, and in the other threads of
  // its tree (its workers, its parent).
  const channels = new Map(); // name -> Set of open BroadcastChannels
  let isChannel;
  let hear;
  let refChannel;
  class BroadcastChannel extends EventTarget {
    #name;
    #closed = false;
    #onmessage = null;
    #refed = true;
    #held = false;
    static {
      isChannel = (object) => #name in object;
      // Another thread's message for the channels named `name`, each its own copy.
      hear = (name, type, data) => {
        let first = true;
        for (const channel of [...(channels.get(name) ?? [])]) {
          const value = first || type !== 'message' ? data : structuredCloneOf(data);
          first = false;
          if (!channel.#closed) channel.dispatchEvent(new MessageEvent(type, { data: value }));
        }
      };
    }
    constructor(name) {
      if (arguments.length === 0) throw new TypeError('The "name" argument must be specified');
      super();
      this.#name = String(name);
      if (!channels.has(this.#name)) channels.set(this.#name, new Set());
      channels.get(this.#name).add(this);
      natives.openChannel(this.#name, true);
      this.#hold();
    }
    // A Node worker stays alive while a channel is open (and not unref()ed), as Node's.
    #hold() {
      const hold = !this.#closed && this.#refed;
      if (hold !== this.#held) {
        this.#held = hold;
        natives.hold(hold ? 1 : -1);
      }
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
      try {
        natives.broadcast(this.#name, value);
      } catch (error) {
        if (error && error.name === 'DataCloneError' && !(error instanceof DOMException)) fail(error.message);
        throw error;
      }
    }
    close() {
      if (this.#closed) return;
      this.#closed = true;
      const open = channels.get(this.#name);
      open?.delete(this);
      if (open?.size === 0) channels.delete(this.#name);
      natives.openChannel(this.#name, false);
      this.#hold();
    }
    get onmessage() { return this.#onmessage; }
    set onmessage(handler) {
      if (this.#onmessage !== null) this.removeEventListener('message', this.#onmessage);
      this.#onmessage = typeof handler === 'function' ? handler : null;
      if (this.#onmessage !== null) this.addEventListener('message', this.#onmessage);
    }
    static {
      refChannel = (channel, on) => {
        channel.#refed = on;
        channel.#hold();
        return channel;
      };
    }
  }
  natives.listenBroadcast((name, type, data) => hear(name, type, data));
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

  platform.transferable('MessagePort', isPort, transferPort, isDetached, receivePort);

  // Node's MessagePort is also an emitter (its NodeEventTarget): `on`'s
  // 'message' listeners get the message itself and start the port, and
  // keep a Node worker alive unless the port is unref()ed.
  const wrapped = new WeakMap(); // port -> [[type, listener, wrapper], …]
  const nodeStyle = (type, listener, once, port) => function (event) {
    if (once) removeNodeListener(port, type, listener);
    return listener.call(port, type === 'message' || type === 'messageerror' ? event.data : event);
  };
  function addNodeListener(port, type, listener, once) {
    if (typeof listener !== 'function') {
      throw Object.assign(new TypeError(`The "listener" argument must be of type function. Received ${listener === null ? 'null' : typeof listener}`),
        { code: 'ERR_INVALID_ARG_TYPE' });
    }
    const wrapper = nodeStyle(type, listener, once, port);
    if (!wrapped.has(port)) wrapped.set(port, []);
    wrapped.get(port).push([String(type), listener, wrapper]);
    port.addEventListener(type, wrapper);
    if (type === 'message') listening(port, 1);
    return port;
  }
  function removeNodeListener(port, type, listener) {
    const list = wrapped.get(port) ?? [];
    const index = list.findIndex(([t, l]) => t === String(type) && l === listener);
    if (index < 0) return port;
    const [[, , wrapper]] = list.splice(index, 1);
    port.removeEventListener(type, wrapper);
    if (type === 'message') listening(port, -1);
    return port;
  }
  let noded = false;
  function withNode() {
    if (noded) return;
    noded = true;
    platform.withNode();
    const emitter = {
      on(type, listener) { return addNodeListener(this, type, listener, false); },
      addListener(type, listener) { return addNodeListener(this, type, listener, false); },
      once(type, listener) { return addNodeListener(this, type, listener, true); },
      off(type, listener) { return removeNodeListener(this, type, listener); },
      removeListener(type, listener) { return removeNodeListener(this, type, listener); },
      removeAllListeners(type = undefined) {
        for (const [t, l] of [...(wrapped.get(this) ?? [])]) if (type === undefined || t === String(type)) removeNodeListener(this, t, l);
        return this;
      },
      emit(type, arg) {
        const list = (wrapped.get(this) ?? []).filter(([t]) => t === String(type));
        list.forEach(([, listener]) => listener.call(this, arg));
        return list.length > 0;
      },
      listenerCount(type) { return (wrapped.get(this) ?? []).filter(([t]) => t === String(type)).length; },
      eventNames() { return [...new Set((wrapped.get(this) ?? []).map(([t]) => t))]; },
      setMaxListeners() { return this; },
      getMaxListeners() { return 10; },
    };
    const proto = Object.create(EventTarget.prototype);
    for (const [name, value] of Object.entries(emitter)) {
      Object.defineProperty(proto, name, { value, writable: true, configurable: true });
    }
    Object.setPrototypeOf(MessagePort.prototype, proto);
    const refs = {
      ref() { setRef(this, true); },
      unref() { setRef(this, false); },
      hasRef() { return refed(this); },
    };
    for (const [name, value] of Object.entries(refs)) {
      Object.defineProperty(MessagePort.prototype, name, { value, writable: true, configurable: true });
    }
    // Node's BroadcastChannel: an open one keeps a worker alive unless unref()ed.
    const channelRefs = {
      ref() { return refChannel(this, true); },
      unref() { return refChannel(this, false); },
    };
    for (const [name, value] of Object.entries(channelRefs)) {
      Object.defineProperty(BroadcastChannel.prototype, name, { value, writable: true, configurable: true });
    }
  }
  if (natives.nodeEnabled()) withNode();

  // Node's receiveMessageOnPort.
  function receiveMessage(port) {
    if (!isPort(port)) {
      throw Object.assign(new TypeError('The "port" argument must be a MessagePort instance'), { code: 'ERR_INVALID_ARG_TYPE' });
    }
    const item = take(port);
    return item === undefined ? undefined : { message: item.value };
  }

  for (const [cls, tag] of [[MessageEvent, 'MessageEvent'], [MessagePort, 'MessagePort'], [MessageChannel, 'MessageChannel'],
    [BroadcastChannel, 'BroadcastChannel']]) {
    Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: tag, configurable: true });
  }
  Object.defineProperty(MessagePort, 'length', { value: 0 }); // no constructor (WebIDL)
  return { MessageChannel, MessagePort, MessageEvent, BroadcastChannel, withTransfer, receiveMessage, withNode, isPort };
})

// node:readline and node:readline/promises over any readable stream: lines of
// a file (fs.createReadStream under allow_read), of a Readable made from text,
// of process.stdin. There is no terminal here, so an Interface reads as Node's
// does when its output is not a TTY (`terminal` is false: no line editing or
// history); the cursor functions write their escape codes to the stream given.
(function (EventEmitter, StringDecoder, errors, nextTick) {
  'use strict';
  const nodeError = errors.withCode;
  const closedError = () => nodeError('ERR_USE_AFTER_CLOSE', 'readline was closed');
  const abortError = (signal) => Object.assign(new Error('The operation was aborted', { cause: signal.reason }),
    { name: 'AbortError', code: 'ABORT_ERR' });
  const MIN_CRLF_DELAY = 100;
  const ending = /\r\n|\n|\r/g;

  class Interface extends EventEmitter {
    #decoder = new StringDecoder('utf8');
    #pending = null; // the text after the last line ending
    #returnAt = 0; // when a chunk ended with \r: a \n starting the next within crlfDelay ends no new line
    #prompt = '> ';
    #question = null;
    #listeners;

    // (A `terminal` argument or option is taken and ignored: there is no terminal.)
    constructor(input, output, completer) {
      super();
      let options = {};
      if (input?.input !== undefined) {
        options = input;
        ({ input, output, completer } = options);
      }
      if (completer !== undefined && typeof completer !== 'function') {
        throw nodeError('ERR_INVALID_ARG_VALUE', `The argument 'completer' is invalid. Received ${completer}`, TypeError);
      }
      const { crlfDelay, prompt = '> ', signal } = options;
      this.input = input;
      this.output = output;
      this.terminal = false;
      this.line = '';
      this.cursor = 0;
      this.history = [];
      this.closed = false;
      this.paused = false;
      this.crlfDelay = crlfDelay ? Math.max(MIN_CRLF_DELAY, crlfDelay) : MIN_CRLF_DELAY;
      this.#prompt = String(prompt);
      if (signal?.aborted) {
        nextTick(() => this.close());
      } else {
        signal?.addEventListener('abort', () => this.close(), { once: true });
      }
      const ondata = (data) => this.#write(data);
      const onend = () => {
        if (typeof this.#pending === 'string' && this.#pending.length > 0) this.emit('line', this.#pending);
        this.close();
      };
      const onerror = (error) => this.emit('error', error);
      this.#listeners = { data: ondata, end: onend, error: onerror };
      for (const [event, listener] of Object.entries(this.#listeners)) input.on(event, listener);
      input.resume?.();
    }

    get [Symbol.toStringTag]() {
      return 'Interface';
    }

    setPrompt(prompt) {
      this.#prompt = prompt;
    }

    getPrompt() {
      return this.#prompt;
    }

    prompt() {
      if (this.paused) this.resume();
      this.output?.write(this.#prompt);
    }

    question(query, options, callback) {
      const done = typeof options === 'function' ? options : callback;
      if (this.closed) throw closedError();
      if (typeof done !== 'function') return;
      const signal = typeof options === 'object' ? options?.signal : undefined;
      if (signal?.aborted) return;
      if (this.#question !== null) {
        this.prompt();
        return;
      }
      this.#question = done;
      signal?.addEventListener('abort', () => {
        this.#question = null;
      }, { once: true });
      if (this.paused) this.resume();
      this.output?.write(query);
    }

    pause() {
      if (this.paused) return this;
      this.input.pause?.();
      this.paused = true;
      this.emit('pause');
      return this;
    }

    resume() {
      if (!this.paused) return this;
      this.input.resume?.();
      this.paused = false;
      this.emit('resume');
      return this;
    }

    write(data) {
      if (this.closed) throw closedError();
      if (this.paused) this.resume();
      this.#write(data);
    }

    close() {
      if (this.closed) return;
      this.pause();
      for (const [event, listener] of Object.entries(this.#listeners)) this.input.removeListener?.(event, listener);
      this.closed = true;
      this.emit('close');
    }

    getCursorPos() {
      return { rows: 0, cols: this.cursor };
    }

    [Symbol.asyncIterator]() {
      const lines = [];
      const waiting = [];
      let ended = this.closed;
      const settle = () => {
        while (waiting.length > 0 && (lines.length > 0 || ended)) {
          waiting.shift()(lines.length > 0 ? { value: lines.shift(), done: false } : { value: undefined, done: true });
        }
      };
      const online = (line) => {
        lines.push(line);
        settle();
      };
      const onclose = () => {
        ended = true;
        this.removeListener('line', online);
        settle();
      };
      this.on('line', online);
      this.once('close', onclose);
      return {
        next: () => new Promise((resolve) => {
          waiting.push(resolve);
          settle();
        }),
        return: () => {
          this.close();
          return Promise.resolve({ value: undefined, done: true });
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    }

    // Text in, lines out: \n, \r\n and \r end a line, and \r\n split across two writes is one ending.
    #write(data) {
      let text = typeof data === 'string' ? data : this.#decoder.write(data);
      if (this.#returnAt !== 0) {
        if (text.startsWith('\n') && Date.now() - this.#returnAt <= this.crlfDelay) text = text.slice(1);
        this.#returnAt = 0;
      }
      if (text === '') return;
      text = (this.#pending ?? '') + text;
      let start = 0;
      ending.lastIndex = 0;
      const lines = [];
      for (let match; (match = ending.exec(text)) !== null;) {
        // A \r at the very end may be the first half of \r\n: it ends the line now, and the \n is skipped later.
        lines.push(text.slice(start, match.index));
        start = ending.lastIndex;
      }
      if (lines.length > 0 && text.endsWith('\r')) this.#returnAt = Date.now();
      this.#pending = text.slice(start);
      for (const line of lines) {
        this.#line(line);
        if (this.closed) return;
      }
    }

    #line(line) {
      if (this.#question !== null) {
        const answer = this.#question;
        this.#question = null;
        answer(line);
      } else {
        this.emit('line', line);
      }
    }
  }

  // The escape codes of the cursor functions (ECMA-48), written to `stream` (or queued by a Readline).
  const CSI = '\x1b[';
  const codes = {
    to: (x, y) => (typeof y !== 'number' ? `${CSI}${x + 1}G` : `${CSI}${y + 1};${x + 1}H`),
    move: (dx, dy) => (dx < 0 ? `${CSI}${-dx}D` : dx > 0 ? `${CSI}${dx}C` : '') + (dy < 0 ? `${CSI}${-dy}A` : dy > 0 ? `${CSI}${dy}B` : ''),
    clear: (dir) => (dir < 0 ? `${CSI}1K` : dir > 0 ? `${CSI}0K` : `${CSI}2K`),
    down: `${CSI}0J`,
  };
  const written = (stream, data, callback) => {
    if (stream === null || stream === undefined) {
      if (typeof callback === 'function') nextTick(callback, null);
      return true;
    }
    return stream.write(data, callback);
  };
  const cursorTo = (stream, x, y, callback) => {
    if (typeof y === 'function') [callback, y] = [y, undefined];
    if (Number.isNaN(x)) throw nodeError('ERR_INVALID_ARG_VALUE', `The argument 'x' is invalid. Received ${x}`, TypeError);
    if (Number.isNaN(y)) throw nodeError('ERR_INVALID_ARG_VALUE', `The argument 'y' is invalid. Received ${y}`, TypeError);
    if (stream == null || (typeof x !== 'number' && typeof y !== 'number')) return written(null, '', callback);
    if (typeof x !== 'number') throw nodeError('ERR_INVALID_CURSOR_POS', 'Cannot set cursor row without setting its column', TypeError);
    return written(stream, codes.to(x, y), callback);
  };
  const moveCursor = (stream, dx, dy, callback) => {
    const data = codes.move(dx, dy);
    return written(data === '' ? null : stream, data, callback);
  };
  const clearLine = (stream, dir, callback) => written(stream, codes.clear(dir), callback);
  const clearScreenDown = (stream, callback) => written(stream, codes.down, callback);

  // Keypresses, for code that listens for them on a stream: one per character (no escape sequences).
  const KEYS = { '\r': 'return', '\n': 'enter', '\t': 'tab', '\b': 'backspace', '\x7f': 'backspace', '\x1b': 'escape', ' ': 'space' };
  const decoding = new WeakSet();
  const emitKeypressEvents = (stream) => {
    if (decoding.has(stream)) return;
    decoding.add(stream);
    const decoder = new StringDecoder('utf8');
    stream.on('data', (data) => {
      if (stream.listenerCount('keypress') === 0) return;
      for (const ch of typeof data === 'string' ? data : decoder.write(data)) {
        const named = /^[a-z0-9]$/i.test(ch);
        stream.emit('keypress', ch, { sequence: ch, name: KEYS[ch] ?? (named ? ch.toLowerCase() : undefined), ctrl: false,
          meta: false, shift: named && ch !== ch.toLowerCase() });
      }
    });
  };

  const createInterface = (input, output, completer) => new Interface(input, output, completer);

  // readline/promises: question() gives a promise; Readline queues cursor changes until commit().
  class PromisesInterface extends Interface {
    question(query, options = {}) {
      return new Promise((resolve, reject) => {
        const signal = options?.signal;
        if (signal?.aborted) {
          reject(abortError(signal));
          return;
        }
        signal?.addEventListener('abort', () => reject(abortError(signal)), { once: true });
        super.question(query, options, resolve);
      });
    }
  }
  class Readline {
    #stream;
    #todo = [];
    #autoCommit;

    constructor(stream, options = undefined) {
      if (typeof stream?.write !== 'function') throw errors.invalidArgType('"stream" argument', 'an instance of Writable', stream);
      this.#stream = stream;
      this.#autoCommit = options?.autoCommit ?? false;
    }

    #add(data) {
      if (this.#autoCommit) nextTick(() => this.#stream.write(data));
      else this.#todo.push(data);
      return this;
    }

    clearLine(dir) {
      return this.#add(codes.clear(dir));
    }

    clearScreenDown() {
      return this.#add(codes.down);
    }

    cursorTo(x, y = undefined) {
      return this.#add(codes.to(x, y));
    }

    moveCursor(dx, dy) {
      const data = codes.move(dx, dy);
      return data === '' ? this : this.#add(data);
    }

    commit() {
      const data = this.#todo.join('');
      this.#todo = [];
      return new Promise((resolve) => this.#stream.write(data, () => resolve()));
    }

    rollback() {
      this.#todo = [];
      return this;
    }
  }
  const promises = {
    Interface: PromisesInterface,
    Readline,
    createInterface: (input, output, completer) => new PromisesInterface(input, output, completer),
  };
  return {
    Interface, clearLine, clearScreenDown, createInterface, cursorTo, emitKeypressEvents, moveCursor, promises,
  };
})

// node:readline and node:readline/promises, run by Node.js and by jsrun
// (tests/test_node_builtins.py): lines of streams (line endings split across
// chunks, a last line without an ending, UTF-8 split across chunks), events,
// questions, the async iterator, a file read line by line, the cursor
// functions' escape codes and errors.
/* exported run */
/* global probe -- prelude.js */
const run = async () => {
  const readline = require('readline');
  const { Readable, PassThrough, Writable } = require('stream');
  const { out, attemptAsync: attempt } = probe();
  // What an interface over `chunks` emits, in order.
  const events = (chunks, options = {}) => new Promise((resolve) => {
    const seen = [];
    const rl = readline.createInterface({ input: Readable.from(chunks), ...options });
    for (const name of ['line', 'pause', 'resume', 'history']) rl.on(name, (value) => seen.push(value === undefined ? name : [name, value]));
    rl.on('close', () => resolve([...seen, 'close', rl.closed, rl.terminal, rl.line]));
  });
  const sink = () => {
    const written = [];
    return [written, new Writable({ write(chunk, encoding, callback) { written.push(String(chunk)); callback(); } })];
  };

  await attempt('lines', () => events(['one\ntwo\r\nthree\rfour', '\nfive', '']));
  await attempt('endings split across chunks', () => events(['a\r', '\nb\r', 'c\n', '\n', 'd']));
  await attempt('utf-8 split across chunks', () => events([Buffer.from([0x68, 0xc3]), Buffer.from([0xa9, 0x0a, 0xe2, 0x82]), Buffer.from([0xac])]));
  await attempt('empty input', () => events([]));
  await attempt('only endings', () => events(['\n\n\r\n']));
  await attempt('async iterator', async () => {
    const lines = [];
    for await (const line of readline.createInterface({ input: Readable.from(['x\ny\n', 'z']), crlfDelay: Infinity })) lines.push(line);
    return lines;
  });
  await attempt('break closes it', async () => {
    const rl = readline.createInterface({ input: Readable.from(['1\n2\n3\n']) });
    for await (const line of rl) if (line === '2') break;
    return rl.closed;
  });
  await attempt('a file, line by line', async () => {
    const rl = readline.createInterface({ input: require('fs').createReadStream(require('path').resolve('lines.txt')), crlfDelay: Infinity });
    const lines = [];
    for await (const line of rl) lines.push(line);
    return lines;
  });
  await attempt('question', () => new Promise((resolve) => {
    const input = new PassThrough();
    const [written, output] = sink();
    const rl = readline.createInterface({ input, output });
    rl.question('name? ', (answer) => {
      rl.close();
      resolve([answer, written]);
    });
    input.write('Ann\n');
  }));
  await attempt('promises question', async () => {
    const input = new PassThrough();
    const [written, output] = sink();
    const rl = require('readline/promises').createInterface({ input, output });
    const asked = rl.question('age? ');
    input.end('42\nrest\n');
    const answer = await asked;
    rl.close();
    return [answer, written, rl.closed];
  });
  await attempt('prompt', () => {
    const [written, output] = sink();
    const rl = readline.createInterface({ input: new PassThrough(), output, prompt: '$ ' });
    rl.prompt();
    rl.setPrompt('# ');
    rl.prompt();
    const got = rl.getPrompt();
    rl.close();
    return [written, got];
  });
  await attempt('write and close', () => {
    // (Not a write after close: Node 20 takes it, later Nodes refuse it, as jsrun does.)
    const lines = [];
    const rl = readline.createInterface({ input: new PassThrough() });
    rl.on('line', (line) => lines.push(line));
    rl.write('typed\n');
    rl.close();
    let asked;
    try {
      rl.question('q', () => {});
    } catch (error) {
      asked = error.code;
    }
    return [lines, asked, rl.closed];
  });
  await attempt('signal', () => {
    const controller = new AbortController();
    const rl = readline.createInterface({ input: new PassThrough(), signal: controller.signal });
    let closed = false;
    rl.on('close', () => {
      closed = true;
    });
    controller.abort();
    return [closed, rl.closed];
  });
  await attempt('cursor functions', () => {
    const [written, stream] = sink();
    return [readline.cursorTo(stream, 3), readline.cursorTo(stream, 3, 4), readline.moveCursor(stream, -2, 5), readline.moveCursor(stream, 1, -1),
      readline.moveCursor(stream, 0, 0), readline.clearLine(stream, -1), readline.clearLine(stream, 1), readline.clearLine(stream, 0),
      readline.clearScreenDown(stream), readline.cursorTo(null, 1), written];
  });
  await attempt('cursor errors', () => {
    const [, stream] = sink();
    const codes = [];
    for (const call of [() => readline.cursorTo(stream, NaN), () => readline.cursorTo(stream, undefined, 2)]) {
      try {
        codes.push(String(call()));
      } catch (error) {
        codes.push(`${error.code}: ${error.message}`);
      }
    }
    return codes;
  });
  await attempt('Readline', async () => {
    const [written, stream] = sink();
    const r = new (require('readline/promises').Readline)(stream);
    r.cursorTo(1, 2).moveCursor(3, -1).clearLine(0).clearScreenDown();
    const before = written.length;
    await r.commit();
    r.cursorTo(5).rollback();
    await r.commit();
    return [before, written];
  });
  await attempt('keypresses', () => {
    const input = new PassThrough();
    readline.emitKeypressEvents(input);
    const keys = [];
    input.on('keypress', (ch, key) => keys.push([ch, key.name, key.shift, key.ctrl]));
    input.write('aB 1\t');
    return new Promise((resolve) => setTimeout(() => resolve(keys), 10));
  });
  await attempt('shapes', () => [typeof readline.Interface, readline.createInterface({ input: new PassThrough() }) instanceof readline.Interface,
    Object.keys(require('readline/promises')).sort(), require('readline').promises === require('readline/promises')]);
  return out;
};

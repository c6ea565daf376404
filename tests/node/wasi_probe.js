// node:wasi, run by Node.js and by jsrun (tests/test_node_wasi.py): the
// options and their errors, and WASI's calls made straight from JS on a
// module that has only a memory — arguments, environment, clocks, the
// preopened directory `data` (files, directories, symlinks, paths that try
// to leave it), reads, seeks, directory listings, polls and bad pointers.
/* exported run */
/* global probe -- prelude.js */
const run = async () => {
  const { WASI } = require('wasi');
  const path = require('path');
  const { out, attempt } = probe((error) => `error ${error.name} ${error.code}: ${error.message}`);
  // (module (memory (export "memory") 1))
  const MODULE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 5, 3, 1, 0, 1, 7, 10, 1, 6, 109, 101, 109, 111, 114, 121, 2, 0]);
  const memoryOnly = () => new WebAssembly.Instance(new WebAssembly.Module(MODULE), {});
  const make = (options = {}) => {
    const wasi = new WASI({ version: 'preview1', ...options });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(MODULE), wasi.getImportObject());
    wasi.initialize(instance);
    const { memory } = instance.exports;
    const view = () => new DataView(memory.buffer);
    const bytes = () => new Uint8Array(memory.buffer);
    const put = (at, text) => {
      const encoded = new TextEncoder().encode(text);
      bytes().set(encoded, at);
      return encoded.length;
    };
    const get = (at, len) => new TextDecoder().decode(bytes().subarray(at, at + len));
    return { wasi, call: wasi.wasiImport, view, bytes, put, get };
  };
  const messageOf = (f) => {
    try {
      f();
      return 'no error';
    } catch (error) {
      return `${error.name} ${error.code}: ${error.message}`;
    }
  };
  const RIGHTS = { read: 2n, seek: 4n, tell: 32n, readdir: 1n << 14n, filestat: 1n << 21n, pathOpen: 1n << 13n, pathStat: 1n << 18n };
  const FILE = RIGHTS.read | RIGHTS.seek | RIGHTS.tell | RIGHTS.filestat;
  const DIR = RIGHTS.readdir | RIGHTS.filestat | RIGHTS.pathOpen | RIGHTS.pathStat;
  const data = path.resolve('data');

  attempt('option errors', () => [
    messageOf(() => new WASI()), messageOf(() => new WASI({})), messageOf(() => new WASI({ version: 'x' })),
    messageOf(() => new WASI({ version: '__proto__' })),
    messageOf(() => new WASI({ version: 'preview1', args: 'a' })), messageOf(() => new WASI({ version: 'preview1', env: 5 })),
    messageOf(() => new WASI({ version: 'preview1', preopens: 'x' })),
    messageOf(() => new WASI({ version: 'preview1', returnOnExit: 1 })),
    messageOf(() => new WASI({ version: 'preview1', stdout: 'a' })), messageOf(() => new WASI({ version: 'preview1', stdin: -1 })),
    messageOf(() => new WASI({ version: 'preview1', preopens: { '/x': path.resolve('nothing-here') } })),
    messageOf(() => new WASI({ version: 'preview1', preopens: { '/x': path.resolve('data/a.txt') } })),
  ]);
  attempt('start and initialize errors', () => {
    const wasi = () => new WASI({ version: 'preview1' });
    const memory = new WebAssembly.Memory({ initial: 1 });
    const started = wasi();
    started.start({ exports: { memory, _start() { return 5; } } });
    return [
      messageOf(() => wasi().start(null)), messageOf(() => wasi().start({})), messageOf(() => wasi().start({ exports: {} })),
      messageOf(() => wasi().start({ exports: { memory } })),
      messageOf(() => wasi().start({ exports: { memory, _start() {}, _initialize() {} } })),
      messageOf(() => wasi().initialize({ exports: { memory, _start() {} } })),
      messageOf(() => wasi().initialize({ exports: { memory, _initialize: 5 } })),
      messageOf(() => started.start({ exports: { memory, _start() {} } })),
      messageOf(() => wasi().wasiImport.fd_write(1, 0, 0, 0)),
      wasi().start({ exports: { memory, _start() { return 5; } } }),
      wasi().initialize({ exports: { memory } }),
      wasi().start(memoryOnly().exports.memory ? { exports: { memory, _start: () => undefined } } : null),
    ];
  });
  attempt('names', () => {
    const wasi = new WASI({ version: 'preview1' });
    // (Node 24 adds finalizeBindings.)
    const methods = Object.getOwnPropertyNames(WASI.prototype).filter((name) => name !== 'finalizeBindings');
    return [Object.keys(wasi), methods, Object.keys(wasi.getImportObject()),
      Object.keys(new WASI({ version: 'unstable' }).getImportObject()), Object.keys(wasi.wasiImport),
      Object.values(wasi.wasiImport).map((f) => typeof f)];
  });
  attempt('arguments and environment', () => {
    const { call, view, get } = make({ args: ['prog', 'ä b', '', 7], env: { X: '1', Y: undefined, Z: 'é=x' } });
    const strings = (sizes, list) => {
      const errnos = [sizes(0, 4)];
      const count = view().getUint32(0, true);
      const size = view().getUint32(4, true);
      errnos.push(list(64, 1024));
      const found = [];
      for (let i = 0; i < count; i++) {
        const at = view().getUint32(64 + i * 4, true);
        let end = at;
        while (view().getUint8(end) !== 0) end++;
        found.push(get(at, end - at));
      }
      return [errnos, count, size, found];
    };
    return [strings(call.args_sizes_get, call.args_get), strings(call.environ_sizes_get, call.environ_get)];
  });
  attempt('clocks', () => {
    const { call, view } = make();
    return [0, 1, 2, 3, 4].map((id) => {
      const res = call.clock_res_get(id, 0);
      const time = call.clock_time_get(id, 1n, 8);
      return [id, res, time, time === 0 ? view().getBigUint64(8, true) > 0n : null];
    });
  });
  attempt('random', () => {
    const { call, bytes } = make();
    const errno = call.random_get(1024, 64);
    return [errno, bytes().subarray(1024, 1088).some((b) => b !== 0), call.random_get(65530, 100), call.random_get(0, 0)];
  });
  attempt('preopen', () => {
    const { call, view, get } = make({ preopens: { '/sandbox': data } });
    const errnos = [call.fd_prestat_get(3, 0), view().getUint8(0), view().getUint32(4, true)];
    errnos.push(call.fd_prestat_dir_name(3, 16, 8), get(16, 8), call.fd_prestat_dir_name(3, 16, 2));
    errnos.push(call.fd_prestat_get(4, 0), call.fd_prestat_get(0, 0), call.fd_prestat_get(1, 0));
    return errnos;
  });
  // path_open(3, …) of a path under the preopen: [errno, fd].
  const opener = (box, rights, oflags = 0, dirflags = 1) => (name) => {
    const len = box.put(4096, name);
    const errno = box.call.path_open(3, dirflags, 4096, len, oflags, rights, 0n, 0, 200);
    return [errno, errno === 0 ? box.view().getUint32(200, true) : null];
  };
  attempt('read a file', () => {
    const box = make({ preopens: { '/data': data } });
    const { call, view, get } = box;
    const [errno, fd] = opener(box, FILE)('a.txt');
    const steps = [errno];
    // Two buffers, 4 and 100 bytes: a read fills the first, then the second.
    view().setUint32(0, 300, true);
    view().setUint32(4, 4, true);
    view().setUint32(8, 400, true);
    view().setUint32(12, 100, true);
    steps.push(call.fd_read(fd, 0, 2, 16), view().getUint32(16, true), get(300, 4), get(400, view().getUint32(16, true) - 4));
    steps.push(call.fd_read(fd, 0, 2, 16), view().getUint32(16, true));
    steps.push(call.fd_seek(fd, 5n, 0, 24), Number(view().getBigUint64(24, true)), call.fd_tell(fd, 24), Number(view().getBigUint64(24, true)));
    steps.push(call.fd_seek(fd, -2n, 2, 24), Number(view().getBigUint64(24, true)), call.fd_seek(fd, -100n, 1, 24));
    steps.push(call.fd_seek(fd, 0n, 9, 24));
    steps.push(call.fd_pread(fd, 0, 1, 0n, 16), view().getUint32(16, true), get(300, 4));
    steps.push(call.fd_filestat_get(fd, 512), view().getUint8(512 + 16), Number(view().getBigUint64(512 + 32, true)));
    steps.push(call.fd_fdstat_get(fd, 600), view().getUint8(600));
    steps.push(call.fd_close(fd), call.fd_close(fd), call.fd_read(fd, 0, 2, 16));
    return steps;
  });
  attempt('paths', () => {
    const box = make({ preopens: { '/data': data } });
    // (Not an absolute path, on which Node 20.19's uvwasi corrupts its heap, nor an empty one, which it takes
    // for the directory and Node 20.20 refuses: tests/test_node_wasi.py tries both.)
    const names = ['a.txt', 'sub', 'sub/b.txt', 'sub/link', './sub/../a.txt', 'sub/../../data/a.txt', '../x', 'nope',
      'sub/nope', 'a.txt/x', 'out', 'sub/up'];
    return names.map((name) => {
      const len = box.put(4096, name);
      const followed = box.call.path_filestat_get(3, 1, 4096, len, 512);
      const found = followed === 0 ? [box.view().getUint8(512 + 16), Number(box.view().getBigUint64(512 + 32, true))] : null;
      const own = box.call.path_filestat_get(3, 0, 4096, len, 512);
      return [name, followed, found, own, own === 0 ? box.view().getUint8(512 + 16) : null, opener(box, FILE)(name)[0]];
    });
  });
  attempt('directories', () => {
    const box = make({ preopens: { '/data': data } });
    const { call, view, get } = box;
    const [errno, fd] = opener(box, DIR, 2)('sub');
    const list = (size) => {
      const result = call.fd_readdir(fd, 1024, size, 0n, 16);
      const used = view().getUint32(16, true);
      const entries = [];
      for (let at = 1024; at + 24 <= 1024 + used;) {
        const len = view().getUint32(at + 16, true);
        if (at + 24 + len > 1024 + used) break;
        entries.push([get(at + 24, len), view().getUint8(at + 20)]);
        at += 24 + len;
      }
      return [result, used === size, entries.sort()];
    };
    return [errno, list(4096), list(30), opener(box, DIR, 2)('a.txt')[0], call.fd_readdir(3, 1024, 4096, 0n, 16),
      call.fd_close(fd)];
  });
  attempt('bad descriptors and memory', () => {
    const { call, view } = make({ preopens: { '/data': data } });
    view().setUint32(0, 128, true);
    view().setUint32(4, 0, true);
    const bad = [call.fd_write(99, 0, 1, 16), call.fd_read(99, 0, 1, 16), call.fd_close(99), call.fd_fdstat_get(99, 0),
      call.fd_seek(99, 0n, 0, 0)];
    view().setUint32(0, 65530, true);
    view().setUint32(4, 100, true);
    return [...bad, call.fd_write(1, 0, 1, 16), call.fd_write(1, 65530, 1, 16), call.fd_write(1, 0, 100000, 16),
      call.path_open(3, 1, 65530, 100, 0, FILE, 0n, 0, 16), call.fd_prestat_dir_name(3, 65535, 10),
      call.path_filestat_get(3, 1, 0, 70000, 16)];
  });
  attempt('poll', () => {
    const { call, view } = make();
    view().setBigUint64(0, 77n, true); // userdata
    view().setUint8(8, 0); // a clock
    view().setUint32(16, 1, true); // monotonic
    view().setBigUint64(24, 1000000n, true); // 1 ms
    view().setUint16(40, 0, true); // relative
    const none = call.poll_oneoff(0, 256, 0, 512);
    const errno = call.poll_oneoff(0, 256, 1, 512);
    return [none, errno, view().getUint32(512, true), Number(view().getBigUint64(256, true)), view().getUint16(264, true),
      view().getUint8(266)];
  });
  attempt('the rest', () => {
    const { call } = make();
    return [call.sched_yield(), call.sock_accept(99, 0, 0), call.sock_shutdown(99, 0), call.fd_renumber(98, 99), call.fd_advise(99, 0n, 0n, 0)];
  });
  return out;
};

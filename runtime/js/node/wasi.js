// node:wasi: WASI preview1, the system interface that wasi-libc's programs call, with
// Node's class and options. Written here rather than taken from npm: files are
// a read-only view of what use_node_modules(allow_read=True) grants (`files`, the same
// confined natives as fs; null without the grant), and standard output goes to process.stdout
// (the console).
// jsrun extensions (Node takes host file descriptors there): `stdin` may be the input's
// bytes or text, `stdout` and `stderr` functions that get each write's bytes.
(function (files, errors, process) {
  'use strict';
  // errno values (wasi/api.h)
  const E = { SUCCESS: 0, ACCES: 2, BADF: 8, EXIST: 20, ILSEQ: 25, INVAL: 28, IO: 29, ISDIR: 31, LOOP: 32, MFILE: 33,
    NAMETOOLONG: 37, NOBUFS: 42, NOENT: 44, NOSYS: 52, NOTDIR: 54, NOTSUP: 58, OVERFLOW: 61, ROFS: 69, SPIPE: 70, NOTCAPABLE: 76 };
  const HOST_ERRNO = { ENOENT: E.NOENT, EACCES: E.ACCES, ENOTDIR: E.NOTDIR, EISDIR: E.ISDIR, ENAMETOOLONG: E.NAMETOOLONG,
    ELOOP: E.LOOP, EIO: E.IO, ERR_ACCESS_DENIED: E.NOTCAPABLE };
  const FILETYPE = { unknown: 0, dir: 3, file: 4, pipe: 6, symlink: 7 }; // pipe: a socket stream, as Node says of one
  // rights (bit numbers of wasi/api.h)
  const R = (...bits) => bits.reduce((sum, bit) => sum | (1n << BigInt(bit)), 0n);
  const FD_READ = R(1), FD_SEEK = R(2), FD_SYNC = R(4), FD_TELL = R(5), FD_WRITE = R(6), FD_ADVISE = R(7);
  const FD_READDIR = R(14), FD_FILESTAT_GET = R(21), PATH_OPEN = R(13), POLL = R(27);
  // Asking for any of these opens for writing: a read-only file system refuses it.
  const WRITING = FD_WRITE | R(0, 8, 22); // fd_write, fd_datasync, fd_allocate, fd_filestat_set_size
  const FILE_RIGHTS = FD_READ | FD_SEEK | FD_SYNC | FD_TELL | FD_ADVISE | FD_FILESTAT_GET | POLL | R(3);
  const DIR_RIGHTS = PATH_OPEN | FD_READDIR | FD_FILESTAT_GET | FD_SYNC | R(3, 15, 18); // readlink, path_filestat_get
  // What a directory hands on: writing rights too, so that an open for writing is seen and refused.
  const INHERITED = FILE_RIGHTS | DIR_RIGHTS | WRITING;
  const MAX_FDS = 1024;
  const NAMES = ['args_get', 'args_sizes_get', 'clock_res_get', 'clock_time_get', 'environ_get', 'environ_sizes_get',
    'fd_advise', 'fd_allocate', 'fd_close', 'fd_datasync', 'fd_fdstat_get', 'fd_fdstat_set_flags', 'fd_fdstat_set_rights',
    'fd_filestat_get', 'fd_filestat_set_size', 'fd_filestat_set_times', 'fd_pread', 'fd_prestat_get', 'fd_prestat_dir_name',
    'fd_pwrite', 'fd_read', 'fd_readdir', 'fd_renumber', 'fd_seek', 'fd_sync', 'fd_tell', 'fd_write', 'path_create_directory',
    'path_filestat_get', 'path_filestat_set_times', 'path_link', 'path_open', 'path_readlink', 'path_remove_directory',
    'path_rename', 'path_symlink', 'path_unlink_file', 'poll_oneoff', 'proc_exit', 'proc_raise', 'random_get', 'sched_yield',
    'sock_accept', 'sock_recv', 'sock_send', 'sock_shutdown'];

  const nodeError = errors.withCode;
  const argType = (name, expected, value) => errors.invalidArgType(`"${name}" property`, expected, value);
  const exitCode = Symbol('exit code');
  // What proc_exit throws to unwind the module; start() takes its code.
  class WASIExit extends Error {
    constructor(code) {
      super(`WASI program exited with code ${code}`);
      this[exitCode] = code;
    }
  }
  // What a function given as stdout or stderr threw, on its way out past the errno mapping.
  class Thrown {
    constructor(error) {
      this.error = error;
    }
  }
  const utf8 = new platform.TextEncoder();
  const strictUtf8 = new platform.TextDecoder('utf-8', { fatal: true });

  // Standard output and error: a function the program's bytes go to, or process.stdout and process.stderr
  // (the console, a line at a time).
  const sinkOf = (value, name, fd) => {
    if (typeof value === 'function') return (bytes) => void value(bytes);
    if (value === 1) return (bytes) => process.stdout.write(bytes);
    if (value === 2) return (bytes) => process.stderr.write(bytes);
    throw standardFdError(value, name, fd);
  };
  const standardFdError = (value, name, fd) => {
    if (typeof value !== 'number') return argType(`options.${name}`, 'of type number', value);
    if (!Number.isInteger(value) || value < 0 || value > 2147483647) {
      return nodeError('ERR_OUT_OF_RANGE',
        `The value of "options.${name}" is out of range. It must be >= 0 && <= 2147483647. Received ${value}`, RangeError);
    }
    return nodeError('ERR_ACCESS_DENIED', `options.${name}: jsrun gives a WASI program no host file descriptor but ${fd}`);
  };
  const inputOf = (value) => {
    if (value === 0) return new Uint8Array(0);
    if (typeof value === 'string') return utf8.encode(value);
    if (value instanceof ArrayBuffer) return new Uint8Array(value.slice(0));
    if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
    throw standardFdError(value, 'stdin', 0);
  };

  // `text` under directory `base`, with `.` and `..` taken as written (as Node does): the host path,
  // or an errno when it is absolute or leaves `base`.
  const under = (base, text) => {
    if (text === '') return E.INVAL;
    if (text.startsWith('/')) return E.NOTCAPABLE;
    if (text.includes('\0')) return E.INVAL;
    const parts = base.split('/');
    for (const part of text.split('/')) {
      if (part === '..') parts.pop();
      else if (part !== '' && part !== '.') parts.push(part);
    }
    const path = parts.join('/');
    return path === base || path.startsWith(`${base}/`) ? path : E.NOTCAPABLE;
  };
  const errnoOf = (error) => {
    const errno = HOST_ERRNO[error?.code];
    if (errno === undefined) throw error;
    return errno;
  };

  class WASI {
    #memory = null;
    #started = false;
    #returnOnExit;
    #fds = new Map();
    #args;
    #env;
    #module;

    constructor(options = {}) {
      if (options === null || typeof options !== 'object') throw argType('options', 'of type object', options);
      const { version, args = [], env, preopens, returnOnExit = true, stdin = 0, stdout = 1, stderr = 2 } = options;
      if (typeof version !== 'string') throw argType('options.version', 'of type string', version);
      const module = version === 'preview1' ? 'wasi_snapshot_preview1' : version === 'unstable' ? 'wasi_unstable' : null;
      if (module === null) {
        throw nodeError('ERR_INVALID_ARG_VALUE', `The property 'options.version' unsupported WASI version. Received '${version}'`, TypeError);
      }
      if (!Array.isArray(args)) throw argType('options.args', 'an instance of Array', args);
      if (env !== undefined && (env === null || typeof env !== 'object')) throw argType('options.env', 'of type object', env);
      if (preopens !== undefined && (preopens === null || typeof preopens !== 'object')) {
        throw argType('options.preopens', 'of type object', preopens);
      }
      if (typeof returnOnExit !== 'boolean') throw argType('options.returnOnExit', 'of type boolean', returnOnExit);
      this.#returnOnExit = returnOnExit;
      this.#module = module;
      this.#args = args.map((arg) => utf8.encode(`${arg}\0`));
      this.#env = [];
      for (const key in env ?? {}) if (env[key] !== undefined) this.#env.push(utf8.encode(`${key}=${env[key]}\0`));
      // Pipes, as Node's are when its output is not a terminal: C's stdio buffers them rather than writing each line.
      const pipe = POLL | FD_FILESTAT_GET | R(3);
      this.#fds.set(0, { type: 'pipe', rights: FD_READ | pipe, input: inputOf(stdin), pos: 0 });
      this.#fds.set(1, { type: 'pipe', rights: FD_WRITE | pipe, sink: sinkOf(stdout, 'stdout', 1) });
      this.#fds.set(2, { type: 'pipe', rights: FD_WRITE | pipe, sink: sinkOf(stderr, 'stderr', 2) });
      let fd = 3;
      for (const [guest, hostPath] of Object.entries(preopens ?? {})) {
        this.#fds.set(fd++, this.#preopen(String(guest), String(hostPath)));
      }
      this.wasiImport = this.#calls();
    }

    #preopen(guest, hostPath) {
      const fail = (code) => Object.assign(new Error(`UVWASI_${code}, uvwasi_init`), {
        errno: HOST_ERRNO[code] ?? E.NOTCAPABLE, code: `UVWASI_${code}`, syscall: 'uvwasi_init' });
      if (files === null) {
        throw nodeError('ERR_ACCESS_DENIED', `WASI preopen '${guest}': jsrun reads host files only under a directory that `
          + 'use_node_modules(path, allow_read=True) grants');
      }
      const absolute = hostPath.startsWith('/') ? hostPath : `${process.cwd()}/${hostPath}`;
      let real;
      try {
        real = files('realpath', absolute);
        if (files('stat', real)[0] !== 'dir') throw fail('ENOTDIR');
      } catch (error) {
        if (error.code === 'ERR_ACCESS_DENIED') {
          throw nodeError('ERR_ACCESS_DENIED', `WASI preopen '${guest}': ${hostPath} is outside what use_node_modules grants`);
        }
        throw error.code in HOST_ERRNO ? fail(error.code) : error;
      }
      return { type: 'dir', host: real, root: real, guest: utf8.encode(guest), rights: DIR_RIGHTS, inheriting: INHERITED };
    }

    start(instance) {
      const run = this.#begin(instance, '_start');
      try {
        run();
        return 0;
      } catch (error) {
        if (!(error instanceof WASIExit)) throw error;
        if (!this.#returnOnExit) process.exit(error[exitCode]);
        return error[exitCode];
      }
    }

    initialize(instance) {
      const run = this.#begin(instance, '_initialize');
      if (run !== undefined) run();
    }

    getImportObject() {
      return { [this.#module]: this.wasiImport };
    }

    // Node's checks, in Node's order: the instance counts as started once its memory is taken.
    #begin(instance, entry) {
      if (this.#started) throw nodeError('ERR_WASI_ALREADY_STARTED', 'WASI instance has already started');
      if (instance === null || typeof instance !== 'object') {
        throw errors.invalidArgType('"instance" argument', 'of type object', instance);
      }
      const { exports } = instance;
      if (exports === null || typeof exports !== 'object') throw argType('instance.exports', 'of type object', exports);
      if (!(exports.memory instanceof WebAssembly.Memory)) {
        throw nodeError('ERR_INVALID_ARG_TYPE', '"instance.exports.memory" property must be a WebAssembly.Memory object',
          TypeError);
      }
      this.#memory = exports.memory;
      this.#started = true;
      const other = entry === '_start' ? '_initialize' : '_start';
      if (entry === '_start' && typeof exports._start !== 'function') {
        throw argType('instance.exports._start', 'of type function', exports._start);
      }
      if (entry === '_initialize' && exports._initialize !== undefined && typeof exports._initialize !== 'function') {
        throw argType('instance.exports._initialize', 'of type function', exports._initialize);
      }
      if (exports[other] !== undefined) throw argType(`instance.exports.${other}`, 'undefined', exports[other]);
      return exports[entry];
    }

    // The 46 functions, each returning an errno; memory they would reach outside the module's is
    // EOVERFLOW, as in Node.
    #calls() {
      const self = this;
      const mem = () => {
        if (self.#memory === null) throw nodeError('ERR_WASI_NOT_STARTED', 'wasi.start() has not been called');
        const { buffer } = self.#memory;
        return { view: new DataView(buffer), bytes: new Uint8Array(buffer) };
      };
      const fdOf = (fd, right) => {
        const entry = self.#fds.get(fd);
        if (entry === undefined) return E.BADF;
        if ((entry.rights & right) !== right) return E.NOTCAPABLE;
        return entry;
      };
      // A path's bytes as text, or null when they are not UTF-8.
      const text = (bytes, ptr, len) => {
        if (ptr + len > bytes.length) throw new RangeError('out of bounds');
        try {
          return strictUtf8.decode(bytes.subarray(ptr, ptr + len));
        } catch {
          return null;
        }
      };
      // The iovecs' [pointer, length] pairs, checked against the memory.
      const iovecs = (view, ptr, count) => {
        const list = [];
        for (let i = 0; i < count; i++) {
          const buf = view.getUint32(ptr + i * 8, true);
          const len = view.getUint32(ptr + i * 8 + 4, true);
          if (buf + len > view.byteLength) throw new RangeError('out of bounds');
          list.push([buf, len]);
        }
        return list;
      };
      const putStrings = (list, ptrs, buf) => {
        const { view, bytes } = mem();
        for (const item of list) {
          view.setUint32(ptrs, buf, true);
          bytes.set(item, buf);
          ptrs += 4;
          buf += item.length;
        }
        return E.SUCCESS;
      };
      const putSizes = (list, countPtr, sizePtr) => {
        const { view } = mem();
        view.setUint32(countPtr, list.length, true);
        view.setUint32(sizePtr, list.reduce((sum, item) => sum + item.length, 0), true);
        return E.SUCCESS;
      };
      const now = (id) => {
        if (id === 0) return BigInt(Math.round((platform.performance.timeOrigin + platform.performance.now()) * 1e3)) * 1000n;
        if (id >= 1 && id <= 3) return BigInt(Math.round(platform.performance.now() * 1e6));
        return null;
      };
      const fileData = (entry) => (entry.data ??= files('read', entry.host));
      const putFilestat = (view, ptr, type, stat) => {
        const [, size = 0, mtimeMs = 0] = stat ?? [];
        const time = BigInt(Math.round(mtimeMs * 1e6));
        view.setBigUint64(ptr, 0n, true); // dev
        view.setBigUint64(ptr + 8, 0n, true); // ino
        view.setUint8(ptr + 16, type);
        view.setBigUint64(ptr + 24, 1n, true); // nlink
        view.setBigUint64(ptr + 32, BigInt(size), true);
        for (const at of [40, 48, 56]) view.setBigUint64(ptr + at, time, true);
      };
      // A path under directory fd `fd` on the host, confined to its preopen, or an errno.
      const hostPath = (fd, right, ptr, len, follow = true) => {
        const dir = fdOf(fd, right);
        if (typeof dir === 'number') return dir;
        if (dir.type !== 'dir') return E.NOTDIR;
        const path = text(mem().bytes, ptr, len);
        if (path === null) return E.ILSEQ;
        const joined = under(dir.host, path);
        if (typeof joined === 'number') return joined;
        try {
          // Where symlinks lead, confined to the preopen: the last one only when followed.
          const real = follow || joined === dir.host ? files('realpath', joined)
            : `${files('realpath', joined.slice(0, joined.lastIndexOf('/')))}${joined.slice(joined.lastIndexOf('/'))}`;
          if (real !== dir.root && !real.startsWith(`${dir.root}/`)) return E.NOTCAPABLE;
          return { dir, path: real };
        } catch (error) {
          return errnoOf(error);
        }
      };
      const kindOf = (stat) => FILETYPE[stat[0]] ?? FILETYPE.unknown;
      const readInto = (view, bytes, iovs, source, pos) => {
        let done = 0;
        for (const [buf, len] of iovecs(view, iovs.ptr, iovs.count)) {
          const chunk = source.subarray(pos + done, pos + done + len);
          bytes.set(chunk, buf);
          done += chunk.length;
          if (chunk.length < len) break;
        }
        return done;
      };
      // What needs a right no descriptor here holds (the files are read-only).
      const readOnly = (fd) => (self.#fds.has(fd) ? E.NOTCAPABLE : E.BADF);
      const pathChange = (fd, ptr, len) => {
        const target = hostPath(fd, 0n, ptr, len, false);
        return typeof target === 'number' ? target : E.ROFS;
      };
      const openFd = (entry) => {
        for (let fd = 3; fd < MAX_FDS; fd++) {
          if (!self.#fds.has(fd)) {
            self.#fds.set(fd, entry);
            return fd;
          }
        }
        return -1;
      };

      const calls = {
        args_get: (argv, buf) => putStrings(self.#args, argv, buf),
        args_sizes_get: (count, size) => putSizes(self.#args, count, size),
        environ_get: (environ, buf) => putStrings(self.#env, environ, buf),
        environ_sizes_get: (count, size) => putSizes(self.#env, count, size),
        clock_res_get(id, ptr) {
          if (now(id) === null) return E.INVAL;
          mem().view.setBigUint64(ptr, 1000n, true);
          return E.SUCCESS;
        },
        clock_time_get(id, precision, ptr) {
          const time = now(id);
          if (time === null) return E.INVAL;
          mem().view.setBigUint64(ptr, time, true);
          return E.SUCCESS;
        },
        fd_advise: (fd) => {
          const entry = fdOf(fd, FD_ADVISE);
          return typeof entry === 'number' ? entry : E.SUCCESS;
        },
        fd_allocate: readOnly,
        fd_close(fd) {
          if (!self.#fds.has(fd)) return E.BADF;
          self.#fds.delete(fd);
          return E.SUCCESS;
        },
        fd_datasync: readOnly,
        fd_fdstat_get(fd, ptr) {
          const entry = self.#fds.get(fd);
          if (entry === undefined) return E.BADF;
          const { view } = mem();
          view.setUint8(ptr, FILETYPE[entry.type]);
          view.setUint16(ptr + 2, 0, true);
          view.setBigUint64(ptr + 8, entry.rights, true);
          view.setBigUint64(ptr + 16, entry.inheriting ?? 0n, true);
          return E.SUCCESS;
        },
        fd_fdstat_set_flags(fd, flags) {
          const entry = fdOf(fd, R(3));
          if (typeof entry === 'number') return entry;
          return flags === 0 ? E.SUCCESS : E.NOTSUP;
        },
        fd_fdstat_set_rights(fd, base, inheriting) {
          const entry = self.#fds.get(fd);
          if (entry === undefined) return E.BADF;
          if ((base & ~entry.rights) !== 0n || (inheriting & ~(entry.inheriting ?? 0n)) !== 0n) return E.NOTCAPABLE;
          entry.rights = base;
          if (entry.inheriting !== undefined) entry.inheriting = inheriting;
          return E.SUCCESS;
        },
        fd_filestat_get(fd, ptr) {
          const entry = fdOf(fd, FD_FILESTAT_GET);
          if (typeof entry === 'number') return entry;
          const stat = entry.host === undefined ? null : files('stat', entry.host);
          putFilestat(mem().view, ptr, FILETYPE[entry.type], stat);
          return E.SUCCESS;
        },
        fd_filestat_set_size: readOnly,
        fd_filestat_set_times: readOnly,
        fd_pread(fd, iovs, count, offset, nread) {
          const entry = fdOf(fd, FD_READ | FD_SEEK);
          if (typeof entry === 'number') return entry;
          if (entry.type !== 'file') return entry.type === 'dir' ? E.ISDIR : E.SPIPE;
          const { view, bytes } = mem();
          const from = BigInt.asUintN(64, offset);
          const start = from > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(from);
          view.setUint32(nread, readInto(view, bytes, { ptr: iovs, count }, fileData(entry), start), true);
          return E.SUCCESS;
        },
        fd_prestat_get(fd, ptr) {
          const entry = self.#fds.get(fd);
          if (entry === undefined) return E.BADF;
          if (entry.guest === undefined) return E.INVAL;
          const { view } = mem();
          view.setUint8(ptr, 0);
          view.setUint32(ptr + 4, entry.guest.length, true);
          return E.SUCCESS;
        },
        fd_prestat_dir_name(fd, ptr, len) {
          const entry = self.#fds.get(fd);
          if (entry === undefined) return E.BADF;
          if (entry.guest === undefined) return E.INVAL;
          if (len < entry.guest.length) return E.NOBUFS;
          mem().bytes.set(entry.guest, ptr);
          return E.SUCCESS;
        },
        fd_pwrite: readOnly,
        fd_read(fd, iovs, count, nread) {
          const entry = fdOf(fd, FD_READ);
          if (typeof entry === 'number') return entry;
          if (entry.type === 'dir') return E.ISDIR;
          const { view, bytes } = mem();
          const source = entry.input ?? fileData(entry);
          const done = readInto(view, bytes, { ptr: iovs, count }, source, entry.pos ?? 0);
          entry.pos = (entry.pos ?? 0) + done;
          view.setUint32(nread, done, true);
          return E.SUCCESS;
        },
        fd_readdir(fd, buf, len, cookie, used) {
          const entry = fdOf(fd, FD_READDIR);
          if (typeof entry === 'number') return entry;
          if (entry.type !== 'dir') return E.NOTDIR;
          let names;
          try {
            names = (entry.names ??= files('readdir', entry.host));
          } catch (error) {
            return errnoOf(error);
          }
          const { view, bytes } = mem();
          if (buf + len > bytes.length) return E.OVERFLOW;
          let at = 0;
          const first = BigInt.asUintN(64, cookie);
          for (let i = first < names.length ? Number(first) : names.length; i < names.length && at < len; i++) {
            const [name, kind] = names[i];
            const encoded = utf8.encode(name);
            const header = new DataView(new ArrayBuffer(24));
            header.setBigUint64(0, BigInt(i + 1), true);
            header.setBigUint64(8, 0n, true);
            header.setUint32(16, encoded.length, true);
            header.setUint8(20, FILETYPE[kind] ?? FILETYPE.unknown);
            const record = new Uint8Array(24 + encoded.length);
            record.set(new Uint8Array(header.buffer));
            record.set(encoded, 24);
            // The last record may not fit: its first bytes fill the buffer, which tells the caller to grow it.
            const part = record.subarray(0, Math.min(record.length, len - at));
            bytes.set(part, buf + at);
            at += part.length;
          }
          view.setUint32(used, at, true);
          return E.SUCCESS;
        },
        fd_renumber(from, to) {
          const entry = self.#fds.get(from);
          if (entry === undefined || !self.#fds.has(to)) return E.BADF;
          self.#fds.set(to, entry);
          self.#fds.delete(from);
          return E.SUCCESS;
        },
        fd_seek(fd, offset, whence, ptr) {
          const entry = self.#fds.get(fd);
          if (entry === undefined) return E.BADF;
          if (entry.type === 'pipe') return E.SPIPE;
          const checked = fdOf(fd, FD_SEEK);
          if (typeof checked === 'number') return checked;
          if (entry.type !== 'file') return E.ISDIR;
          const base = [0n, BigInt(entry.pos ?? 0), BigInt(fileData(entry).length)][whence];
          if (base === undefined) return E.INVAL;
          const next = base + offset;
          if (next < 0n) return E.INVAL;
          entry.pos = next > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(next);
          mem().view.setBigUint64(ptr, next, true);
          return E.SUCCESS;
        },
        fd_sync(fd) {
          const entry = fdOf(fd, FD_SYNC);
          return typeof entry === 'number' ? entry : E.SUCCESS;
        },
        fd_tell(fd, ptr) {
          const entry = self.#fds.get(fd);
          if (entry === undefined) return E.BADF;
          if (entry.type === 'pipe') return E.SPIPE;
          const checked = fdOf(fd, FD_TELL);
          if (typeof checked === 'number') return checked;
          mem().view.setBigUint64(ptr, BigInt(entry.pos ?? 0), true);
          return E.SUCCESS;
        },
        fd_write(fd, iovs, count, nwritten) {
          const entry = fdOf(fd, FD_WRITE);
          if (typeof entry === 'number') return entry;
          const { view, bytes } = mem();
          const chunks = iovecs(view, iovs, count).filter(([, len]) => len > 0).map(([buf, len]) => bytes.slice(buf, buf + len));
          view.setUint32(nwritten, chunks.reduce((sum, chunk) => sum + chunk.length, 0), true);
          try {
            for (const chunk of chunks) entry.sink(chunk);
          } catch (error) {
            throw new Thrown(error); // the sink's own error, not the program's bad memory
          }
          return E.SUCCESS;
        },
        path_create_directory: pathChange,
        path_filestat_get(fd, flags, ptr, len, out) {
          const target = hostPath(fd, R(18), ptr, len, (flags & 1) === 1);
          if (typeof target === 'number') return target;
          try {
            const stat = files((flags & 1) === 1 ? 'stat' : 'lstat', target.path);
            putFilestat(mem().view, out, kindOf(stat), stat);
            return E.SUCCESS;
          } catch (error) {
            return errnoOf(error);
          }
        },
        path_filestat_set_times: (fd, flags, ptr, len) => pathChange(fd, ptr, len),
        path_link: (fd, flags, ptr, len) => pathChange(fd, ptr, len),
        path_open(fd, dirflags, ptr, len, oflags, base, inheriting, fdflags, out) {
          const follow = (dirflags & 1) === 1;
          const target = hostPath(fd, PATH_OPEN, ptr, len, follow);
          if (typeof target === 'number') {
            // Creating a file that is not there: the file system is read-only.
            return target === E.NOENT && (oflags & 1) === 1 ? E.ROFS : target;
          }
          let stat;
          try {
            stat = files(follow ? 'stat' : 'lstat', target.path);
          } catch (error) {
            return errnoOf(error);
          }
          if ((oflags & 5) === 5) return E.EXIST; // O_CREAT | O_EXCL of a file that exists
          if ((oflags & 8) !== 0 || (base & WRITING) !== 0n || (fdflags & 1) !== 0) return E.ROFS; // O_TRUNC, writing, append
          const dir = stat[0] === 'dir';
          if ((oflags & 2) !== 0 && !dir) return E.NOTDIR;
          if (stat[0] === 'symlink') return E.LOOP;
          const parent = target.dir;
          const entry = dir
            ? { type: 'dir', host: target.path, root: parent.root, rights: base & DIR_RIGHTS & parent.inheriting,
              inheriting: inheriting & parent.inheriting }
            : { type: 'file', host: target.path, rights: base & FILE_RIGHTS & parent.inheriting, pos: 0 };
          const opened = openFd(entry);
          if (opened < 0) return E.MFILE;
          mem().view.setUint32(out, opened, true);
          return E.SUCCESS;
        },
        path_readlink(fd, ptr, len) {
          const target = hostPath(fd, R(15), ptr, len, false);
          if (typeof target === 'number') return target;
          try {
            return files('lstat', target.path)[0] === 'symlink' ? E.NOTSUP : E.INVAL;
          } catch (error) {
            return errnoOf(error);
          }
        },
        path_remove_directory: pathChange,
        path_rename: pathChange,
        path_symlink: (oldPtr, oldLen, fd, ptr, len) => pathChange(fd, ptr, len),
        path_unlink_file: pathChange,
        poll_oneoff(inPtr, outPtr, count, nevents) {
          if (count === 0) return E.INVAL;
          const { view } = mem();
          const events = [];
          let sleep = Infinity;
          let sleeper = null;
          for (let i = 0; i < count; i++) {
            const at = inPtr + i * 48;
            const userdata = view.getBigUint64(at, true);
            const tag = view.getUint8(at + 8);
            if (tag === 0) {
              const id = view.getUint32(at + 16, true);
              const timeout = view.getBigUint64(at + 24, true);
              const absolute = (view.getUint16(at + 40, true) & 1) === 1;
              const time = now(id);
              if (time === null) {
                events.push([userdata, E.INVAL, tag, 0]);
                continue;
              }
              const wait = Number(absolute ? timeout - time : timeout) / 1e6;
              if (wait < sleep) [sleep, sleeper] = [wait, userdata];
            } else if (tag === 1 || tag === 2) {
              const fd = view.getUint32(at + 16, true);
              const entry = fdOf(fd, POLL);
              const errno = typeof entry === 'number' ? entry : E.SUCCESS;
              const ready = errno === E.SUCCESS && tag === 1 && entry.input ? entry.input.length - entry.pos : 0;
              events.push([userdata, errno, tag, ready]);
            } else {
              events.push([userdata, E.INVAL, tag, 0]);
            }
          }
          if (sleeper !== null && (events.length === 0 || sleep <= 0)) {
            // Blocks as the program asked; the runtime's timeout and terminate() still end it.
            if (sleep > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, sleep);
            events.push([sleeper, E.SUCCESS, 0, 0]);
          }
          events.forEach(([userdata, errno, tag, nbytes], i) => {
            const at = outPtr + i * 32;
            view.setBigUint64(at, userdata, true);
            view.setUint16(at + 8, errno, true);
            view.setUint8(at + 10, tag);
            view.setBigUint64(at + 16, BigInt(Math.max(0, nbytes)), true);
            view.setUint16(at + 24, 0, true);
          });
          view.setUint32(nevents, events.length, true);
          return E.SUCCESS;
        },
        proc_exit(code) {
          throw new WASIExit(code);
        },
        proc_raise: () => E.NOSYS,
        random_get(ptr, len) {
          const { bytes } = mem();
          if (ptr + len > bytes.length) return E.OVERFLOW;
          for (let at = 0; at < len; at += 65536) platform.crypto.getRandomValues(bytes.subarray(ptr + at, ptr + Math.min(len, at + 65536)));
          return E.SUCCESS;
        },
        sched_yield: () => E.SUCCESS,
        sock_accept: (fd) => (self.#fds.has(fd) ? E.NOTSUP : E.BADF),
        sock_recv: (fd) => (self.#fds.has(fd) ? E.NOTSUP : E.BADF),
        sock_send: (fd) => (self.#fds.has(fd) ? E.NOTSUP : E.BADF),
        sock_shutdown: (fd) => (self.#fds.has(fd) ? E.NOTSUP : E.BADF),
      };
      // Each as Node names it (in Node's order), with its 32-bit arguments unsigned (Wasm gives them signed), and a
      // pointer outside the memory (a typed array's RangeError) as EOVERFLOW, a host error as its errno.
      const named = {};
      for (const name of NAMES) {
        const call = calls[name];
        named[name] = {
          [name](...args) {
            try {
              return call(...args.map((arg) => (typeof arg === 'number' ? arg >>> 0 : arg)));
            } catch (error) {
              if (error instanceof Thrown) throw error.error;
              if (error instanceof RangeError) return E.OVERFLOW;
              if (HOST_ERRNO[error?.code] !== undefined) return HOST_ERRNO[error.code]; // a file gone since it was opened
              throw error;
            }
          },
        }[name];
      }
      return named;
    }
  }
  return { WASI };
})

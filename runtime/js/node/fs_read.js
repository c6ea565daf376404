// `node:fs` and `node:fs/promises` when `use_node_modules` was given
// allow_read: the reading functions answer for files under the directory
// (natives.files, runtime/src/node/files.rs, confines them); every other
// function stays denied (`fs` and `promises` are the denied modules).
(function (files, Buffer, Readable, fs, promises, cwd) {
  'use strict';
  const MESSAGES = { ENOENT: 'no such file or directory', EACCES: 'permission denied', ENOTDIR: 'not a directory',
    EISDIR: 'illegal operation on a directory', ENAMETOOLONG: 'name too long', ELOOP: 'too many symbolic links encountered',
    EIO: 'i/o error' };
  const ERRNO = { ENOENT: -2, EACCES: -13, ENOTDIR: -20, EISDIR: -21, ENAMETOOLONG: -36, ELOOP: -40, EIO: -5 };
  const invalidArg = (message) => Object.assign(new TypeError(message), { code: 'ERR_INVALID_ARG_TYPE' });

  // An absolute path from a string, Buffer or file: URL, relative ones from process.cwd().
  const pathOf = (path) => {
    let text = path;
    if (path instanceof platform.URL) {
      if (path.protocol !== 'file:') throw Object.assign(new TypeError('The URL must be of scheme file'), { code: 'ERR_INVALID_URL_SCHEME' });
      text = decodeURIComponent(path.pathname);
    } else if (ArrayBuffer.isView(path)) {
      text = Buffer.from(path.buffer, path.byteOffset, path.byteLength).toString();
    }
    if (typeof text !== 'string') {
      throw invalidArg(`The "path" argument must be of type string or an instance of Buffer or URL. Received ${typeof path}`);
    }
    return text.startsWith('/') ? text : `${cwd}/${text}`;
  };
  // A native call as Node reports a failed system call: code, errno, syscall, path.
  const call = (op, syscall, path) => {
    const absolute = pathOf(path);
    try {
      return files(op, absolute);
    } catch (error) {
      if (!(error.code in MESSAGES)) throw error;
      const shown = typeof path === 'string' ? path : absolute;
      // A directory opens; reading it fails, and Node's error names no path.
      if (error.code === 'EISDIR' && op === 'read') {
        throw Object.assign(new Error(`EISDIR: ${MESSAGES.EISDIR}, read`), { errno: ERRNO.EISDIR, code: 'EISDIR', syscall: 'read' });
      }
      throw Object.assign(new Error(`${error.code}: ${MESSAGES[error.code]}, ${syscall} '${shown}'`),
        { errno: ERRNO[error.code], code: error.code, syscall, path: shown });
    }
  };
  const encodingOf = (options) => (typeof options === 'string' ? options : options?.encoding ?? null);
  const writes = (options) => typeof options === 'object' && options?.flag !== undefined && !/^r\+?s?$/.test(options.flag);

  const readFileSync = (path, options) => {
    if (typeof path === 'number') return fs.fstatSync(path); // a file descriptor: none are open here (denied)
    if (writes(options)) return fs.writeFileSync(path); // denied
    const bytes = call('read', 'open', path);
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const encoding = encodingOf(options);
    return encoding && encoding !== 'buffer' ? buffer.toString(encoding) : buffer;
  };

  // What Stats and Dirent say of a file's kind (files.rs: file, dir, symlink or other).
  class Kind {
    #kind;
    constructor(kind) { this.#kind = kind; }
    isFile() { return this.#kind === 'file'; }
    isDirectory() { return this.#kind === 'dir'; }
    isSymbolicLink() { return this.#kind === 'symlink'; }
    isBlockDevice() { return false; }
    isCharacterDevice() { return false; }
    isFIFO() { return false; }
    isSocket() { return false; }
  }
  class Stats extends Kind {
    constructor([kind, size, mtimeMs, mode]) {
      super(kind);
      Object.assign(this, { dev: 0, mode, nlink: 1, uid: 0, gid: 0, rdev: 0, blksize: 4096, ino: 0, size,
        blocks: Math.ceil(size / 512), atimeMs: mtimeMs, mtimeMs, ctimeMs: mtimeMs, birthtimeMs: mtimeMs });
      for (const name of ['atime', 'mtime', 'ctime', 'birthtime']) this[name] = new Date(mtimeMs);
    }
  }
  class Dirent extends Kind {
    constructor(name, kind, parentPath) {
      super(kind);
      Object.assign(this, { name, parentPath, path: parentPath });
    }
  }
  const statSync = (op) => (path, options) => {
    try {
      return new Stats(call(op, op, path));
    } catch (error) {
      if (error.code === 'ENOENT' && options?.throwIfNoEntry === false) return undefined;
      throw error;
    }
  };
  const readdirSync = (path, options) => {
    const entries = call('readdir', 'scandir', path);
    if (typeof options === 'object' && options?.withFileTypes) return entries.map(([name, kind]) => new Dirent(name, kind, String(path)));
    return entries.map(([name]) => name);
  };
  const realpathSync = (path) => call('realpath', 'realpath', path);
  realpathSync.native = realpathSync;
  const existsSync = (path) => {
    try {
      call('stat', 'stat', path);
      return true;
    } catch {
      return false;
    }
  };
  const W_OK = 2;
  const accessSync = (path, mode = 0) => {
    call('stat', 'access', path);
    if (mode & W_OK) {
      throw Object.assign(new Error(`EACCES: permission denied, access '${path}'`), { errno: -13, code: 'EACCES', syscall: 'access', path });
    }
  };

  // The callback forms: the work now, the callback later (as a task).
  const withCallback = (sync) => (...args) => {
    const callback = args.pop();
    if (typeof callback !== 'function') throw invalidArg('The "cb" argument must be of type function');
    let result;
    try {
      result = sync(...args);
    } catch (error) {
      platform.setTimeout(() => callback(error), 0);
      return;
    }
    platform.setTimeout(() => callback(null, result), 0);
  };
  const promised = (sync) => async (...args) => sync(...args);
  const stat = statSync('stat');
  const lstat = statSync('lstat');

  const createReadStream = (path, options = {}) => {
    const settings = typeof options === 'string' ? { encoding: options } : options;
    const bytes = readFileSync(path);
    const part = bytes.subarray(settings.start ?? 0, settings.end === undefined ? undefined : settings.end + 1);
    const stream = Readable.from(part.length ? [part] : [], { objectMode: false });
    if (settings.encoding) stream.setEncoding(settings.encoding);
    stream.path = path;
    return stream;
  };

  const reading = { readFileSync, statSync: stat, lstatSync: lstat, readdirSync, realpathSync, existsSync, accessSync,
    createReadStream, Stats, Dirent };
  const callbacks = { readFile: withCallback(readFileSync), stat: withCallback(stat), lstat: withCallback(lstat),
    readdir: withCallback(readdirSync), realpath: withCallback(realpathSync), access: withCallback(accessSync),
    exists: (path, callback) => platform.setTimeout(() => callback(existsSync(path)), 0) };
  callbacks.realpath.native = callbacks.realpath;
  const asPromises = { readFile: promised(readFileSync), stat: promised(stat), lstat: promised(lstat),
    readdir: promised(readdirSync), realpath: promised(realpathSync), access: promised(accessSync) };
  const promisesModule = { ...promises, ...asPromises };
  return { fs: { ...fs, ...reading, ...callbacks, promises: promisesModule }, promises: promisesModule };
})

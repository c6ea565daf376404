// `node:os` and `node:tty` for the sandbox: what packages
// read when they load (chalk and supports-color ask os.release() and
// tty.isatty(), debug and winston os.EOL), with neutral answers that tell
// nothing about the host: no CPUs, no memory figures, no network
// interfaces, home '/', host name 'localhost', never a terminal.
(function (process, denied, constants) {
  'use strict';
  const SIGNALS = {
    SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGIOT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9,
    SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGCHLD: 17, SIGSTKFLT: 16,
    SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25,
    SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28, SIGIO: 29, SIGPOLL: 29, SIGPWR: 30, SIGSYS: 31,
  };
  const PRIORITY = {
    PRIORITY_LOW: 19, PRIORITY_BELOW_NORMAL: 10, PRIORITY_NORMAL: 0, PRIORITY_ABOVE_NORMAL: -7, PRIORITY_HIGH: -14,
    PRIORITY_HIGHEST: -20,
  };
  const MACHINES = { x64: 'x86_64', arm64: 'aarch64', ia32: 'i686', arm: 'armv7l', ppc64: 'ppc64le', s390x: 's390x' };
  const freeze = (o) => Object.freeze(o);

  const os = () => ({
    EOL: '\n',
    devNull: '/dev/null',
    constants: freeze({
      signals: freeze({ ...SIGNALS }),
      // Linux's numbers, as node:constants has them (denied.json).
      errno: freeze(Object.fromEntries(Object.entries(constants).filter(([name]) => /^E[A-Z0-9]+$/.test(name)))),
      priority: freeze({ ...PRIORITY }),
      dlopen: freeze({ RTLD_LAZY: 1, RTLD_NOW: 2, RTLD_GLOBAL: 256, RTLD_LOCAL: 0, RTLD_DEEPBIND: 8 }),
      UV_UDP_REUSEADDR: 4,
    }),
    arch: () => process.arch,
    machine: () => MACHINES[process.arch] ?? process.arch,
    platform: () => process.platform,
    type: () => 'Linux',
    release: () => '',
    version: () => '',
    endianness: () => 'LE',
    hostname: () => 'localhost',
    homedir: () => '/',
    tmpdir: () => '/tmp',
    userInfo: () => ({ uid: -1, gid: -1, username: '', homedir: '/', shell: null }),
    cpus: () => [],
    availableParallelism: () => 1,
    totalmem: () => 0,
    freemem: () => 0,
    loadavg: () => [0, 0, 0],
    uptime: () => Math.floor(process.uptime()),
    networkInterfaces: () => ({}),
    getPriority: () => 0,
    setPriority: denied('os.setPriority'),
  });

  // Never a terminal: `isatty` is false, and streams on one cannot be made.
  const tty = () => {
    const refuse = (name) => {
      const make = denied(`tty.${name}`);
      return { [name]: class { constructor() { make(); } } }[name];
    };
    return { isatty: () => false, ReadStream: refuse('ReadStream'), WriteStream: refuse('WriteStream') };
  };

  return { os, tty };
})

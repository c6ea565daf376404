// jsrun.run_wasi (pyjsrun/python/jsrun/_wasi.py): a WASI program run to its
// end through node:wasi, its standard output and error taken by functions;
// gives [exit code, stdout bytes, stderr bytes].
/* global require, Buffer -- a runtime given use_node_modules has them */
((wasm, args, env, stdin, preopens) => {
  const { WASI } = require('wasi');
  const out = [];
  const err = [];
  const wasi = new WASI({
    version: 'preview1', args, env, preopens, stdin,
    stdout: (bytes) => out.push(bytes), stderr: (bytes) => err.push(bytes),
  });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(wasm), wasi.getImportObject());
  const code = wasi.start(instance);
  return [code, Buffer.concat(out), Buffer.concat(err)];
})

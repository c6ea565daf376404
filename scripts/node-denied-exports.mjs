// Writes runtime/js/node/denied.json: the exports of the Node built-ins that
// reach the host (files, network, processes, threads, the engine), as Node
// 20 has them, so that jsrun's sandbox can give packages modules that load
// (their names link, their data is Node's) while every function throws
// ERR_ACCESS_DENIED when called (runtime/js/node/builtins.js). Also
// node:constants, which is data only (errno, signals, fs and crypto numbers).
// Run with Node 20: node scripts/node-denied-exports.mjs
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const MODULES = ['async_hooks', 'child_process', 'cluster', 'constants', 'dgram', 'dns', 'dns/promises', 'fs', 'fs/promises', 'http',
  'http2', 'https', 'inspector', 'net', 'readline', 'readline/promises', 'repl', 'tls', 'v8', 'vm', 'worker_threads',
  'zlib'];
// A function becomes { "$fn": name }; plain data is kept; anything else is left out.
const encode = (value, depth) => {
  if (typeof value === 'function') return { $fn: value.name };
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value;
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string' || typeof v === 'number') ? value : undefined;
  if (typeof value === 'object' && depth < 2 && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    const out = {};
    for (const key of Object.keys(value).sort()) {
      const encoded = encode(value[key], depth + 1);
      if (encoded !== undefined) out[key] = encoded;
    }
    return out;
  }
  return undefined;
};
const out = { node: process.version };
for (const name of MODULES) {
  const exports = require(`node:${name}`);
  const encoded = {};
  for (const key of Object.keys(exports).sort()) {
    if (key.startsWith('_') || key === 'rootCertificates') continue; // (200 KB of the host's CA certificates)
    const value = encode(exports[key], 1);
    if (value !== undefined) encoded[key] = value;
  }
  out[name] = encoded;
}
// One line per module: small to parse, and a diff still shows which module changed.
const lines = Object.entries(out).map(([name, value]) => `${JSON.stringify(name)}: ${JSON.stringify(value)}`);
writeFileSync(new URL('../runtime/js/node/denied.json', import.meta.url), `{\n${lines.join(',\n')}\n}\n`);

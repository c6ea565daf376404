// fs's reading functions over a small tree (made by tests/test_node_files.py),
// run by Node.js and by jsrun with use_node_modules(allow_read=True); each
// result is compared as JSON.
/* exported run */
/* global probe -- prelude.js */
const run = async () => {
  const fs = require('fs');
  const { out, attempt } = probe((error) => [error.name, error.code, error.errno, error.syscall, error.message]);
  const described = (s) => [s.isFile(), s.isDirectory(), s.isSymbolicLink(), s.size, s.mtimeMs === s.mtime.getTime()];
  attempt('readFileSync', () => [fs.readFileSync('data/a.txt', 'utf8'), fs.readFileSync('data/a.txt').toString('hex'),
    fs.readFileSync('./data/a.txt', { encoding: 'base64' }), fs.readFileSync(`${process.cwd()}/data/a.txt`, 'latin1'),
    fs.readFileSync(new URL(`file://${process.cwd()}/data/a.txt`)).length]);
  attempt('missing', () => fs.readFileSync('data/missing.txt'));
  attempt('directory', () => fs.readFileSync('data'));
  attempt('stat', () => [described(fs.statSync('data/a.txt')), described(fs.statSync('data')), described(fs.lstatSync('data/link.txt')),
    described(fs.statSync('data/link.txt')), fs.statSync('nope', { throwIfNoEntry: false })]);
  attempt('stat missing', () => fs.statSync('data/nope'));
  attempt('exists', () => [fs.existsSync('data/a.txt'), fs.existsSync('data/nope'), fs.existsSync('data')]);
  attempt('readdir', () => [fs.readdirSync('data').sort(), fs.readdirSync('data', { withFileTypes: true })
    .map((d) => [d.name, d.isFile(), d.isDirectory(), d.isSymbolicLink()]).sort()]);
  attempt('realpath', () => [fs.realpathSync('data/link.txt') === `${process.cwd()}/data/a.txt`,
    fs.realpathSync.native('data/../data/a.txt') === `${process.cwd()}/data/a.txt`]);
  attempt('access', () => [fs.accessSync('data/a.txt'), fs.accessSync('data/a.txt', fs.constants.R_OK)]);
  out.readFile = await new Promise((resolve) => fs.readFile('data/a.txt', 'utf8', (error, text) => resolve([error, text])));
  out['readFile missing'] = await new Promise((resolve) => fs.readFile('data/x', (error) => resolve([error.code, error.syscall])));
  out.promises = await Promise.all([fs.promises.readFile('data/a.txt', 'utf8'), require('fs/promises').readdir('data'),
    require('fs/promises').stat('data/a.txt').then(described), fs.promises.access('data/a.txt').then(() => 'ok'),
    fs.promises.readFile('nope').catch((e) => e.code)]);
  out.stream = await new Promise((resolve, reject) => {
    const chunks = [];
    fs.createReadStream('data/a.txt', { encoding: 'utf8', start: 2, end: 6 }).on('data', (c) => chunks.push(c))
      .on('end', () => resolve(chunks.join(''))).on('error', reject);
  });
  return out;
};

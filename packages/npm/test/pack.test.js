// `npm pack`, then the tarball installed into an empty folder and used from ESM, CommonJS,
// TypeScript and `npx badport`, as a project that depends on it would.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { packageDir, run } from './helpers.js';

const npm = process.env.npm_execpath && process.env.npm_execpath.endsWith('.js') ? [process.execPath, process.env.npm_execpath] : ['npm'];
const npmRun = (args, options) => run(npm[0], [...npm.slice(1), ...args], options);

let dir;
let project;
let packed;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'badport-pack-'));
  // The build already ran (npm run build); --ignore-scripts keeps pack from rebuilding under other tests.
  const r = npmRun(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: packageDir });
  assert.equal(r.status, 0, r.stderr);
  packed = JSON.parse(r.stdout)[0];
  project = join(dir, 'project');
  const install = npmRun(['install', '--offline', '--no-audit', '--no-fund', '--prefix', project, join(dir, packed.filename)], { cwd: dir });
  assert.equal(install.status, 0, install.stderr);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the tarball holds the modules, the generated data, the types and the bin, and nothing else', () => {
  const files = packed.files.map((f) => f.path).sort();
  assert.deepEqual(files, [
    'LICENSE', 'README.md', 'bin/badport.js', 'dist/cjs/data.js', 'dist/cjs/index.d.ts', 'dist/cjs/index.js', 'dist/cjs/node.d.ts',
    'dist/cjs/node.js', 'dist/cjs/package.json', 'package.json', 'src/data.js', 'src/index.js', 'src/node.js', 'types/index.d.ts', 'types/node.d.ts',
  ]);
  assert.equal(packed.entryCount, files.length);
  assert.ok(packed.size < 40 * 1024, `packed size ${packed.size} B`); // the package's size budget
});

test('ES module and CommonJS consumers get the same answers', () => {
  const esm = run(process.execPath, ['--input-type=module', '-e', `
    import { isBlocked, suggestPort, explain } from 'badport';
    import { pickPort } from 'badport/node';
    const port = await pickPort({ near: 6665, host: '127.0.0.1' });
    console.log(JSON.stringify([isBlocked(6000), suggestPort(6000), explain('localhost:6697').blocked_by, isBlocked(port)]));`], { cwd: project });
  assert.equal(esm.status, 0, esm.stderr);
  const cjs = run(process.execPath, ['-e', `
    const { isBlocked, suggestPort, explain } = require('badport');
    const { pickPort } = require('badport/node');
    pickPort({ near: 6665, host: '127.0.0.1' }).then((port) =>
      console.log(JSON.stringify([isBlocked(6000), suggestPort(6000), explain('localhost:6697').blocked_by, isBlocked(port)])));`], { cwd: project });
  assert.equal(cjs.status, 0, cjs.stderr);
  assert.equal(esm.stdout, cjs.stdout);
  assert.deepEqual(JSON.parse(esm.stdout), [true, 6001, ['fetch', 'chromium', 'firefox', 'webkit', 'servo', 'ladybird', 'node', 'deno'], false]);
});

test('TypeScript consumers, ES module and CommonJS, type-check against the installed package', () => {
  copyFileSync(join(packageDir, 'test/consumer.ts'), join(project, 'consumer.ts'));
  writeFileSync(join(project, 'consumer-cjs.cts'), `import badport = require('badport');
const port: number | null = badport.suggestPort(6000);
const r: badport.Result = badport.explain(6000);
export = [port, r.blocked];
`);
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], types: [] },
    files: ['consumer.ts', 'consumer-cjs.cts'],
  }));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { badport: `file:${join(dir, packed.filename)}` } }));
  const tsc = run(process.execPath, [join(packageDir, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: project });
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
});

test('npx badport check: exit 1 for a blocked port, 0 for an allowed one, 2 for bad input', () => {
  const blocked = npmRun(['exec', '--offline', '--no', '--', 'badport', 'check', '6000'], { cwd: project });
  assert.equal(blocked.status, 1, blocked.stderr);
  assert.match(blocked.stdout, /use instead: 6001/);
  const fine = npmRun(['exec', '--offline', '--no', '--', 'badport', 'check', '--json', 'http://localhost:8080/'], { cwd: project });
  assert.equal(fine.status, 0, fine.stderr);
  assert.equal(JSON.parse(fine.stdout).schema, 'badport.check/2');
  const bad = npmRun(['exec', '--offline', '--no', '--', 'badport', 'check', '6000x'], { cwd: project });
  assert.equal(bad.status, 2);
});

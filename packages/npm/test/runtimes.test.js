// The ES module, unchanged, in Deno and in Bun (both from the npm registry as dev dependencies,
// pinned by the lockfile): the same answers as in Node.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import * as badport from '../src/index.js';
import { battery } from './battery.js';
import { packageDir, run } from './helpers.js';

const expected = JSON.parse(JSON.stringify(battery(badport)));
let dir;
let script;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'badport-runtimes-'));
  script = join(dir, 'answers.mjs');
  const url = (file) => pathToFileURL(join(packageDir, file)).href;
  writeFileSync(script, `import * as badport from '${url('src/index.js')}';
import { battery } from '${url('test/battery.js')}';
console.log(JSON.stringify(battery(badport)));
`);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const runtimes = {
  deno: { bin: join(packageDir, 'node_modules/.bin/deno'), args: (s) => ['run', '--quiet', '--no-prompt', '--no-config', '--no-lock', '--allow-read', s] },
  bun: { bin: join(packageDir, 'node_modules/.bin/bun'), args: (s) => ['--no-install', 'run', s] },
};

for (const [name, runtime] of Object.entries(runtimes)) {
  test(`the ES module runs unchanged in ${name}`, { skip: existsSync(runtime.bin) ? false : `no ${name}: npm ci installs it` }, (t) => {
    const env = { ...process.env, DENO_DIR: join(dir, 'deno'), DENO_NO_UPDATE_CHECK: '1', BUN_INSTALL_CACHE_DIR: join(dir, 'bun'), NO_COLOR: '1' };
    const r = run(runtime.bin, runtime.args(script), { env, cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    const version = run(runtime.bin, ['--version'], { env }).stdout.split('\n')[0];
    t.diagnostic(`${name}: ${version}`);
    assert.deepEqual(JSON.parse(r.stdout), expected);
  });
}

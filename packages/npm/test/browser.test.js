// The ES module, unchanged, in a page of Debian's headless Chromium: the same answers as in Node.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as badport from '../src/index.js';
import { battery } from './battery.js';
import { packageDir } from './helpers.js';

const chromium = process.env.BADPORT_CHROMIUM || '/usr/bin/chromium';

const page = `<!doctype html><meta charset="utf-8"><title>badport</title>
<script type="module">
import * as badport from '/src/index.js';
import { battery } from '/test/battery.js';
let body;
try { body = JSON.stringify({ ok: battery(badport) }); } catch (e) { body = JSON.stringify({ error: String(e && e.stack || e) }); }
fetch('/result', { method: 'POST', body });
</script>`;

const files = { '/src/index.js': 'src/index.js', '/src/data.js': 'src/data.js', '/test/battery.js': 'test/battery.js' };

test('the ES module runs unchanged in a headless Chromium page and answers as in Node', { skip: existsSync(chromium) ? false : `no ${chromium}`, timeout: 120000 }, async () => {
  let resolveResult;
  const result = new Promise((resolve) => (resolveResult = resolve));
  let expectedHost = '';
  const server = createServer((req, res) => {
    if (req.headers.host !== expectedHost) {
      res.writeHead(421).end();
      return;
    }
    if (req.method === 'POST' && req.url === '/result') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => {
        body += chunk;
        if (body.length > 64 << 20) req.destroy();
      });
      req.on('end', () => {
        res.writeHead(204).end();
        resolveResult(JSON.parse(body));
      });
      return;
    }
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      return;
    }
    const file = files[req.url];
    if (file === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(readFileSync(join(packageDir, file)));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  assert.equal(badport.isBlocked(port), false, `the OS gave a port Chromium refuses: ${port}`);
  expectedHost = `127.0.0.1:${port}`;
  const profile = mkdtempSync(join(tmpdir(), 'badport-chromium-'));
  const browser = spawn(chromium, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--user-data-dir=${profile}`, `http://127.0.0.1:${port}/`,
  ], { stdio: 'ignore', detached: true });
  const exited = new Promise((resolve) => browser.once('exit', resolve));
  try {
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('no answer from the page in 90 s')), 90000).unref());
    const answer = await Promise.race([result, timeout, exited.then(() => Promise.reject(new Error('Chromium exited before the page answered')))]);
    assert.equal(answer.error, undefined, answer.error);
    assert.deepEqual(answer.ok, JSON.parse(JSON.stringify(battery(badport))));
    assert.equal(answer.ok.refused, badport.blockedPorts().length);
  } finally {
    try {
      process.kill(-browser.pid, 'SIGKILL');
    } catch {}
    await exited;
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

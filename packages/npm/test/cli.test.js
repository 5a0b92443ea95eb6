// The `badport` bin of the package: check and pick, exit 0/1/2 as the native command.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isBlocked } from '../src/index.js';
import { packageDir, run, schemaValidators } from './helpers.js';

const bin = join(packageDir, 'bin/badport.js');
const badport = (...args) => run(process.execPath, [bin, ...args]);
const { document: validDocument } = schemaValidators();

test('check: exit 1 when something is blocked, 0 when nothing is, with the suggestion', () => {
  const blocked = badport('check', '6000');
  assert.equal(blocked.status, 1);
  assert.match(blocked.stdout, /^6000 {2}x11: /);
  assert.match(blocked.stdout, /use instead: 6001/);
  assert.match(blocked.stdout, /ERR_UNSAFE_PORT/);
  const fine = badport('check', '8000', 'localhost:8080');
  assert.equal(fine.status, 0);
  assert.match(fine.stdout, /fine: no chosen engine blocks port 8000/);
  assert.match(fine.stdout, /localhost:8080 \(read as http:\/\/localhost:8080\/\)/);
  assert.equal(badport('check', '6679', '-e', 'chromium').status, 0);
  assert.equal(badport('check', '6679', '--engine', 'firefox').status, 1);
  assert.equal(badport('check', '6000', '--chromium-flags=--explicitly-allowed-ports=6000', '-e', 'chrome').status, 0);
});

test('check a range: the blocked ports and the run to use instead', () => {
  const r = badport('check', '6660-6680');
  assert.equal(r.status, 1);
  assert.match(r.stdout, /6660-6680: 6 of 21 ports blocked: 6665, 6666, 6667, 6668, 6669, 6679/);
  assert.match(r.stdout, /use instead: 6698-6718/);
});

test('check --json prints a valid badport.check/2 document', () => {
  const r = badport('check', '--json', '6000', 'http://example.com/', '0.0.0.0:6665->80/tcp');
  assert.equal(r.status, 1);
  const doc = JSON.parse(r.stdout);
  assert.ok(validDocument(doc), JSON.stringify(validDocument.errors));
  assert.deepEqual(doc.results.map((x) => x.port), [6000, 80, 6665]);
  assert.equal(doc.summary.blocked, 2);
  assert.equal(JSON.parse(badport('check', '--json', '8000').stdout).blocked, false);
});

test('check --firefox-prefs reads the file; a missing file is an error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'badport-cli-'));
  try {
    const prefs = join(dir, 'user.js');
    writeFileSync(prefs, 'user_pref("network.security.ports.banned.override", "6000");\n');
    assert.equal(badport('check', '6000', '-e', 'firefox', '--firefox-prefs', prefs).status, 0);
    const missing = badport('check', '6000', '--firefox-prefs', join(dir, 'none.js'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^badport: cannot access ".*none\.js": no such file\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad input: one line on stderr, exit 2, nothing on stdout', () => {
  for (const args of [['check', '6000x'], ['check', '6000', 'chrome'], ['check'], ['check', '6000', '-e', 'chrme'],
    ['check', '--bogus', '6000'], ['check', '6000', '--chromium-flags', "'x"], ['check', '6000', '--chromium-flags', '--x'], ['frobnicate'], ['scan', '.']]) {
    const r = badport(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
    assert.match(r.stderr, /^badport: [^\n]+\n$/, args.join(' '));
  }
  assert.match(badport('check', '6000', 'chrome').stderr, /an engine name; to choose engines, use --engine chrome/);
  assert.match(badport('scan', '.').stderr, /native badport command/);
});

test('pick prints a free port that no engine refuses', () => {
  const r = badport('pick', '--near', '6665', '--host', '127.0.0.1');
  assert.equal(r.status, 0, r.stderr);
  const port = Number(r.stdout.trim());
  assert.ok(port >= 6670 && !isBlocked(port), r.stdout);
  const none = badport('pick', '--range', '6665-6669');
  assert.equal(none.status, 2);
  assert.match(none.stderr, /no free port that no chosen engine blocks/);
});

test('--help and --version', () => {
  const help = badport('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /badport check \[options\] TARGET/);
  assert.match(badport('--version').stdout, /^\d+\.\d+\.\d+\n$/);
});

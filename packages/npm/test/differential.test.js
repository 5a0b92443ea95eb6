// The package against the C++ core: `badport check --json` (badport.check/2) and check() must
// print the same document for every port 0-65535 under every engine set and override set,
// for the target forms people type, and for every WPT URL input that this host's URL accepts.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BadportError, check, engines, schema } from '../src/index.js';
import { nativeBadport, run, schemaValidators, sharedDir } from './helpers.js';

const bin = nativeBadport();
const skip = bin === null ? 'no native badport: build it (cmake --build --preset release) or set BADPORT_BIN' : false;
const { document: validDocument } = schemaValidators();

// Chromium flags and Firefox prefs that exercise the parsers' corners: quoting, a later switch
// replacing an earlier one, items Chromium skips, ranges, whitespace, items Firefox ignores, a
// port both listed and banned, overrides of listed and of banned ports.
const chromiumFlags = `--explicitly-allowed-ports=1 "--explicitly-allowed-ports=6000, 6665,0, 10080 ,abc,-5,99999,+22" --no-sandbox`;
const firefoxPrefs = [
  '// prefs.js',
  'user_pref("network.security.ports.banned", "1");',
  'user_pref("network.security.ports.banned", "6000-6010, 8080,abc,70000-70001,65530 - 65535,-3-2");',
  "user_pref('network.security.ports.banned.override', '6000,6665-6669,6004, 65535,0');",
  'user_pref("browser.startup.homepage", "http://localhost:6000/");',
].join('\n');

let dir;
let prefsFile;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'badport-differential-'));
  prefsFile = join(dir, 'prefs.js');
  writeFileSync(prefsFile, firefoxPrefs);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const overrideSets = {
  none: { js: {}, cli: [] },
  'chromium flags': { js: { chromiumFlags }, cli: [`--chromium-flags=${chromiumFlags}`] },
  'firefox prefs': { js: { firefoxPrefs }, cli: ['--firefox-prefs', () => prefsFile] },
  both: { js: { chromiumFlags, firefoxPrefs }, cli: [`--chromium-flags=${chromiumFlags}`, '--firefox-prefs', () => prefsFile] },
};

function native(args) {
  return run(bin, ['check', '--json', ...args.map((a) => (typeof a === 'function' ? a() : a))]);
}

/** The first differences between two documents, result by result. */
function differences(expected, actual, limit = 5) {
  const out = [];
  for (const key of ['schema', 'engines', 'data', 'blocked', 'summary'])
    if (JSON.stringify(expected[key]) !== JSON.stringify(actual[key])) out.push(`${key}: C++ ${JSON.stringify(expected[key])}, JS ${JSON.stringify(actual[key])}`);
  const n = Math.max(expected.results?.length ?? 0, actual.results?.length ?? 0);
  for (let i = 0; i < n && out.length < limit; i++) {
    const a = JSON.stringify(expected.results?.[i]);
    const b = JSON.stringify(actual.results?.[i]);
    if (a !== b) out.push(`result ${i}:\n  C++ ${a}\n  JS  ${b}`);
  }
  return out;
}

test('the native badport prints badport.check/2', { skip }, () => {
  const r = native(['6000']);
  assert.equal(r.status, 1, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.schema, schema, `the native badport prints ${doc.schema}; merge the badport.check/2 printer`);
  assert.ok(validDocument(doc), JSON.stringify(validDocument.errors));
});

// Every engine alone, and all together (whose suggestions must avoid every engine at once).
const engineSets = ['all', ...engines().map((e) => e.name)];
let decisions = 0;

for (const engineSet of engineSets) {
  for (const [name, overrides] of Object.entries(overrideSets)) {
    // Single engines under the override set that reaches them; all engines under each set.
    if (engineSet !== 'all' && name !== 'none' && name !== 'both') continue;
    test(`every port 0-65535, engines ${engineSet}, overrides: ${name}`, { skip }, () => {
      const r = native(['0-65535', '--engine', engineSet, ...overrides.cli]);
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      const doc = check('0-65535', { engines: engineSet, ...overrides.js });
      const text = JSON.stringify(doc, null, 2) + '\n';
      if (text !== r.stdout) {
        const found = differences(JSON.parse(r.stdout), doc);
        assert.fail(found.length ? found.join('\n') : 'same values, different JSON text');
      }
      assert.equal(r.status, doc.blocked ? 1 : 0);
      decisions += doc.results.length * doc.engines.length;
    });
  }
}

// What people type, and what they mistype: the same reading, the same decision, the same refusals.
const targets = [
  '6000', '06000', '0', '65535', '65536', '6000-6010', '1-1024,6000', ' 6000 , 6665 ', '6000,,6001', '6010-6000',
  '6000/tcp', '6000/udp', '6000/TCP', 'localhost:6000', '127.0.0.1:6000/path?q#f', ':6000', '[::1]:6000', '[::1]',
  '[::1]x', '::1:6000', '6000:5000', '127.0.0.1:6000:5000', '127.0.0.1::5000', '[::1]:6000:5000', '6000-6005:5000-5005',
  '0.0.0.0:6000->5000/tcp, :::6000->5000/tcp', '[::]:6665-6669->6665-6669/tcp', '0.0.0.0:->5000/tcp', 'chrome', 'Safari',
  'example', 'example.com', 'http:6000', 'HTTP://LOCALHOST:6000', 'ws://[::1]:5060/x', 'wss://example.com:443/',
  'ftp://example.com/', 'ftp://example.com:22/', 'file:///etc/hosts', 'mailto:a@example.com', 'about:blank',
  'javascript:alert(1)', 'data:text/plain,hi', 'blob:http://example.com/x', 'gopher://example.com:70/', 'x://y:6000/',
  'http://example.com:65536/', 'http://ex ample.com/', 'http://[::1', '0x1770', '+6000', '-1', '', 'localhost:', 'a_b:6000',
  'http://xn--nxasmq6b.com:6000/', 'http://bücher.example:6669/', 'localhost:6000x', 'user:pass@host:6000',
];

for (const [name, overrides] of Object.entries({ none: overrideSets.none, both: overrideSets.both })) {
  test(`targets as people type them, overrides: ${name}`, { skip }, () => {
    const problems = [];
    for (const input of targets) {
      const r = native([...overrides.cli, '--', input]);
      let doc = null;
      let error = null;
      try {
        doc = check([input], overrides.js);
      } catch (e) {
        if (!(e instanceof BadportError)) throw e;
        error = e;
      }
      if (r.status === 2) {
        if (error === null) problems.push(`${JSON.stringify(input)}: C++ refuses (${r.stderr.trim()}), JS decides`);
        continue;
      }
      if (error !== null) {
        problems.push(`${JSON.stringify(input)}: JS refuses (${error.message}), C++ exits ${r.status}`);
        continue;
      }
      const found = differences(JSON.parse(r.stdout), doc, 2);
      if (found.length) problems.push(`${JSON.stringify(input)}:\n${found.join('\n')}`);
    }
    assert.deepEqual(problems, []);
  });
}

test('every WPT URL input that this host URL accepts: the same port decision', { skip }, (t) => {
  const cases = JSON.parse(readFileSync(join(sharedDir(), 'wpt/urltestdata.json'), 'utf8'));
  const inputs = [...new Set(cases.filter((c) => typeof c === 'object' && typeof c.input === 'string').map((c) => c.input))];
  const accepted = inputs.filter((input) => {
    try {
      new URL(input);
      return !input.includes('\0');
    } catch {
      return false;
    }
  });
  assert.ok(accepted.length > 300, `only ${accepted.length} inputs`);
  const problems = [];
  const hrefs = [];
  let compared = 0;
  for (const input of accepted) {
    const r = native(['--', input]);
    let doc = null;
    try {
      doc = check([input]);
    } catch (e) {
      if (!(e instanceof BadportError)) throw e;
    }
    if (r.status === 2 || doc === null) {
      if ((r.status === 2) !== (doc === null)) problems.push(`${JSON.stringify(input)}: C++ ${r.status === 2 ? `refuses (${r.stderr.trim()})` : 'decides'}, JS ${doc === null ? 'refuses' : 'decides'}`);
      else compared++; // both read it as something else than a URL, and refuse it the same way
      continue;
    }
    // The port decision, not the serialization: this host's URL may follow an older edition of
    // the URL Standard than badport's parser (percent-encoding in paths), which changes href only.
    const expected = JSON.parse(r.stdout);
    if (expected.results[0]?.url?.href !== doc.results[0]?.url?.href) {
      hrefs.push(`${JSON.stringify(input)}: ${expected.results[0]?.url?.href} vs ${doc.results[0]?.url?.href}`);
      for (const d of [expected, doc]) for (const result of d.results) if (result.url) result.url.href = '';
    }
    const found = differences(expected, doc, 2);
    if (found.length) problems.push(`${JSON.stringify(input)}:\n${found.join('\n')}`);
    compared++;
  }
  t.diagnostic(`WPT: ${inputs.length} distinct inputs, ${accepted.length} accepted by this URL, ${compared} decided alike`);
  t.diagnostic(`WPT: ${hrefs.length} serialized differently by this host's URL (same decision)`);
  for (const h of hrefs) t.diagnostic(`  ${h}`);
  assert.deepEqual(problems, []);
});

test('coverage', { skip }, (t) => {
  t.diagnostic(`differential: ${decisions} port x engine decisions (65536 ports, ${engineSets.length} engine sets, ${Object.keys(overrideSets).length} override sets)`);
  assert.ok(decisions >= 65536 * engines().length);
});

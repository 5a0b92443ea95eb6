// The main module: verdicts, overrides, suggestions, targets and the result shape.
// Facts asserted here come from the engines' sources (Fetch's bad port list, Chromium's
// port_util.cc, Firefox's nsIOService.cpp, WebKit's URL.cpp); the differential test holds
// every port and engine to the C++ core.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as badport from '../src/index.js';
import data from '../src/data.js';
import { schemaValidators } from './helpers.js';

const { document: validDocument, result: validResult } = schemaValidators();
const reasonsOf = (r) => Object.fromEntries(r.verdicts.map((v) => [v.engine, v.reason]));

test('isBlocked follows each engine list of the data, for every port', () => {
  const names = data.engines.map((e) => e.name);
  for (const [i, name] of names.entries()) {
    const blocks = data.engines[i].rules.blocks;
    const listed = new Set(data.ports.filter((row) => row[4 + i] !== null).map((row) => row[0]));
    for (let port = 1; port <= 65535; port++)
      assert.equal(badport.isBlocked(port, { engines: [name] }), blocks && listed.has(port), `${name} ${port}`);
  }
});

test('isBlocked: well-known ports of the standard and the browsers', () => {
  assert.equal(badport.isBlocked(6000), true); // X11, in every list
  assert.equal(badport.isBlocked(8000), false);
  assert.equal(badport.isBlocked(6679, { engines: 'chromium' }), false); // not in kRestrictedPorts
  assert.equal(badport.isBlocked(6679, { engines: 'firefox' }), true);
  assert.equal(badport.isBlocked(10080, { engines: ['chrome'] }), true); // an alias
  assert.equal(badport.isBlocked(6000, { engines: 'bun' }), false); // Bun blocks nothing
  assert.equal(badport.isBlocked(0, { engines: 'firefox' }), true); // AllowPort: port <= 0
  assert.equal(badport.isBlocked(-1), true);
  assert.equal(badport.isBlocked(65536), true);
  assert.equal(badport.isBlocked(65536, { engines: 'bun' }), false);
  assert.throws(() => badport.isBlocked(6000.5), TypeError);
  assert.throws(() => badport.isBlocked('6000'), TypeError);
  assert.throws(() => badport.isBlocked(6000, { engines: 'chrme' }), /unknown engine "chrme": did you mean chrome\?/);
  assert.throws(() => badport.isBlocked(6000, { engines: 'chromium,' }), /empty engine name/);
});

test('isBlocked with a scheme: Fetch checks http(s) and ws(s) only, WebKit lets ftp use 21 and 22', () => {
  assert.equal(badport.isBlocked(6000, { engines: 'fetch', scheme: 'ws' }), true);
  assert.equal(badport.isBlocked(6000, { engines: 'fetch', scheme: 'ftp' }), false);
  assert.equal(badport.isBlocked(6000, { engines: 'chromium', scheme: 'ftp' }), true);
  assert.equal(badport.isBlocked(21, { engines: 'webkit', scheme: 'ftp' }), false);
  assert.equal(badport.isBlocked(21, { engines: 'webkit', scheme: 'http' }), true);
  assert.equal(badport.isBlocked(6000, { engines: 'webkit', scheme: 'file' }), false);
});

test('checkUrl: Fetch-like engines check only an explicit port, browsers the effective port', () => {
  const ftp = badport.checkUrl('ftp://example.com/');
  assert.equal(ftp.port, 21);
  assert.equal(ftp.url.port, null);
  assert.deepEqual(reasonsOf(ftp), {
    fetch: 'scheme-not-checked', chromium: 'listed', firefox: 'listed', webkit: 'scheme-exempt',
    servo: 'scheme-not-checked', ladybird: 'scheme-not-checked',
    node: 'scheme-not-checked', deno: 'scheme-not-checked', bun: 'never-blocks',
  });
  assert.equal(reasonsOf(badport.checkUrl('http://example.com/')).fetch, 'default-port');
  assert.equal(reasonsOf(badport.checkUrl('http://example.com/')).chromium, 'not-listed');
  const ws = badport.checkUrl(new URL('ws://[::1]:6000/socket'));
  assert.deepEqual(ws.blocked_by, ['fetch', 'chromium', 'firefox', 'webkit', 'servo', 'ladybird', 'node', 'deno']);
  assert.equal(ws.url.href, 'ws://[::1]:6000/socket');
  const mail = badport.checkUrl('mailto:someone@example.com');
  assert.equal(mail.port, null);
  assert.equal(mail.blocked, false);
  assert.equal(mail.suggestion, null);
  assert.equal(reasonsOf(mail).chromium, 'default-port');
  assert.equal(badport.checkUrl('HTTP://EXAMPLE.COM:06000').port, 6000);
  assert.throws(() => badport.checkUrl('http://example.com:65536/'), (e) => e.code === 'invalid_url');
});

test('Chromium --explicitly-allowed-ports: read as Chromium reads it, the last switch wins', () => {
  assert.deepEqual(badport.parseExplicitlyAllowedPorts(' 6000 , 6665,abc,-1,70000,,+22, 0x10'), [6000, 6665, 22]);
  assert.deepEqual(badport.parseChromiumFlags('--explicitly-allowed-ports=1 --explicitly-allowed-ports=6000'), [6000]);
  assert.deepEqual(badport.parseChromiumFlags(`chromium '--explicitly-allowed-ports=6000,6665' -- --explicitly-allowed-ports=1`), [6000, 6665]);
  assert.deepEqual(badport.parseChromiumFlags('-explicitly-allowed-ports="5060, 5061"'), [5060, 5061]);
  assert.deepEqual(badport.parseChromiumFlags(['--explicitly-allowed-ports=6000 6001']), []);
  assert.throws(() => badport.parseChromiumFlags("--explicitly-allowed-ports='6000"), (e) => e.code === 'invalid_flags');
  const flags = { chromiumFlags: '--explicitly-allowed-ports=6000,8000' };
  const r = badport.explain(6000, { engines: 'chromium,firefox', ...flags });
  assert.deepEqual(reasonsOf(r), { chromium: 'explicitly-allowed', firefox: 'listed' });
  assert.equal(reasonsOf(badport.explain(8000, flags)).chromium, 'not-listed');
  assert.equal(badport.isBlocked(6000, { engines: 'chromium', ...flags }), false);
  assert.equal(badport.isBlocked(0, { engines: 'chromium', chromiumFlags: '--explicitly-allowed-ports=0' }), false);
});

test('Firefox prefs: banned adds, banned.override removes one entry, in that order', () => {
  assert.deepEqual(badport.parseFirefoxPortList(' 8000 - 8002 ,abc,70000,6000,-5-3,9-2, 1 2'), [[8000, 8002], [6000, 6000], [0, 3], [12, 12]]);
  const prefs = [
    'user_pref("network.security.ports.banned", "1");',
    'user_pref("network.security.ports.banned", "8000-8002,6000");',
    '  pref ( "network.security.ports.banned.override" , \'6000,6665,8001\' );',
    'user_pref("browser.startup.page", 3);',
  ].join('\n');
  assert.deepEqual(badport.parseFirefoxPrefs(prefs), { banned: [[8000, 8002], [6000, 6000]], override: [[6000, 6000], [6665, 6665], [8001, 8001]] });
  const firefox = (port) => reasonsOf(badport.explain(port, { engines: 'firefox', firefoxPrefs: prefs })).firefox;
  assert.equal(firefox(8000), 'pref-banned');
  assert.equal(firefox(8001), 'pref-override');
  assert.equal(firefox(6665), 'pref-override');
  assert.equal(firefox(6000), 'listed'); // listed and banned: two entries, one override removes one
  assert.equal(firefox(1), 'listed');
  assert.equal(firefox(0), 'out-of-range');
  const byName = { 'network.security.ports.banned.override': '6000' };
  assert.equal(badport.isBlocked(6000, { engines: 'firefox', firefoxPrefs: byName }), false);
  assert.throws(() => badport.parseFirefoxPrefs('user_pref("network.security.ports.banned", "6000);'), (e) => e.code === 'invalid_prefs');
});

test('suggestions: the port itself, else the next allowed above, else the nearest below; ranges move whole', () => {
  assert.equal(badport.suggestPort(8000), 8000);
  assert.equal(badport.suggestPort(6000), 6001);
  assert.equal(badport.suggestPort(5060), 5062);
  assert.equal(badport.suggestPort(6665), 6670);
  assert.equal(badport.suggestPort(6679, { engines: 'chromium' }), 6679);
  assert.equal(badport.suggestPort(6000, { within: [5990, 6000] }), 5999);
  assert.equal(badport.suggestPort(6000, { within: [6000, 6000] }), null);
  assert.equal(badport.suggestPort(6000, { engines: 'chromium', chromiumFlags: '--explicitly-allowed-ports=6000' }), 6000);
  assert.deepEqual(badport.suggestRange(6665, 6669), { first: 6670, last: 6674 });
  assert.deepEqual(badport.suggestRange(8000, 8010), { first: 8000, last: 8010 });
  assert.deepEqual(badport.nearestAllowed(6666), { below: 6664, above: 6670 });
  assert.deepEqual(badport.nearestAllowed(1), { below: null, above: 2 });
  const r = badport.explain(6000);
  assert.equal(r.suggestion, 6001);
  assert.deepEqual(r.nearest, { below: 5999, above: 6001 });
  assert.equal(badport.explain(8000).suggestion, null);
});

test('blockedPorts: every refused port 0-65535, sorted, as an array and a Set', () => {
  const all = badport.blockedPorts();
  const expected = [];
  for (let p = 0; p <= 65535; p++) if (badport.isBlocked(p)) expected.push(p);
  assert.deepEqual(all, expected);
  assert.ok(all.includes(6000) && all.includes(0) && !all.includes(8000));
  all.push(1); // a copy: the next call is unchanged
  assert.deepEqual(badport.blockedPorts(), expected);
  assert.deepEqual([...badport.blockedPortSet()], expected);
  const chromium = badport.blockedPorts({ engines: 'chromium' });
  assert.ok(!chromium.includes(6679) && chromium.includes(6697));
  assert.deepEqual(badport.blockedPorts({ engines: 'bun' }), []);
  assert.ok(!badport.blockedPorts({ chromiumFlags: '--explicitly-allowed-ports=6000', engines: 'chromium' }).includes(6000));
});

test('targets: ports, ranges, lists, URLs, host:port and Docker forms', () => {
  const read = (text) => badport.parseTargets(text).map((t) => [t.kind, t.read_as, t.ports && `${t.ports.first}-${t.ports.last}`]);
  assert.deepEqual(read('6000'), [['port', null, '6000-6000']]);
  assert.deepEqual(read('06000'), [['port', null, '6000-6000']]);
  assert.deepEqual(read('6000-6010'), [['range', null, '6000-6010']]);
  assert.deepEqual(read('1-1024, 6000'), [['range', null, '1-1024'], ['port', null, '6000-6000']]);
  assert.deepEqual(read('6000/tcp'), [['port', null, '6000-6000']]);
  assert.deepEqual(read('localhost:6000'), [['host-port', 'http://localhost:6000/', '6000-6000']]);
  assert.deepEqual(read(':6000'), [['host-port', 'http://localhost:6000/', '6000-6000']]);
  assert.deepEqual(read('[::1]:6000/x'), [['host-port', 'http://[::1]:6000/x', '6000-6000']]);
  assert.deepEqual(read('6000:5000'), [['publish', 'host port 6000', '6000-6000']]);
  assert.deepEqual(read('127.0.0.1:6000-6005:5000-5005'), [['publish', 'host ports 6000-6005', '6000-6005']]);
  assert.deepEqual(read('0.0.0.0:6000->5000/tcp, :::6000->5000/tcp'), [
    ['publish', 'host port 6000', '6000-6000'], ['publish', 'host port 6000', '6000-6000'],
  ]);
  assert.deepEqual(read('http:6000'), [['url', null, '80-80']]);
  assert.deepEqual(read('data:text/plain'), [['url', null, null]]);
  const cannot = (text, pattern) => assert.throws(() => badport.parseTargets(text), (e) => e instanceof badport.BadportError && pattern.test(e.message), text);
  cannot('chrome', /an engine name; to choose engines, use --engine chrome/);
  cannot('example', /no port; write example:PORT/);
  cannot('example.com', /no port; write HOST:PORT or a URL such as http:\/\/example.com/);
  cannot('6000/udp', /a UDP port/);
  cannot('[::1]', /no port; write it after the address/);
  cannot('::1:6000', /an IPv6 address needs brackets/);
  cannot(':5000->5000/tcp'.replace(':5000', ':'), /no host port/);
  cannot('6000,,6001', /an empty item in the comma list/);
  cannot('data:text/plain,a', /cannot check "a": no port/); // a comma list unless it has "://"
  cannot('6010-6000', /invalid port range "6010-6000": the first port is above the last/);
  cannot('70000', /port out of range "70000": ports are 0 to 65535/);
  cannot('0x1770', /hexadecimal is not accepted/);
});

test('explain gives one result of badport.check/2; check gives the document', () => {
  const inputs = [6000, 8000, 0, '65535', 'localhost:6000', '[::1]:5060', 'ftp://example.com/', 'mailto:x@example.com',
    'file:///etc/hosts', '0.0.0.0:6665->80/tcp', 'ws://example.com:6697/'];
  for (const input of inputs) {
    const r = badport.explain(input);
    assert.ok(validResult(r), `${input}: ${JSON.stringify(validResult.errors)}`);
  }
  const doc = badport.check(['6660-6680', 'http://localhost:6000/', '8000'], { engines: 'chromium,firefox' });
  assert.ok(validDocument(doc), JSON.stringify(validDocument.errors));
  assert.deepEqual(doc.engines, ['chromium', 'firefox']);
  assert.deepEqual(doc.summary, { checked: 23, blocked: 7, allowed: 16 });
  assert.deepEqual(doc.results[0].target.range_suggestion, { first: 6698, last: 6718 });
  assert.throws(() => badport.explain('6000-6001'), RangeError);
  assert.throws(() => badport.check(['6000', 'bogus']), badport.BadportError);
});

test('a blocked verdict carries since, the browser error and the override, with the port filled in', () => {
  const r = badport.explain(6000, { engines: 'webkit,deno,bun' });
  const [webkit, deno, bun] = r.verdicts;
  assert.equal(webkit.reason, 'listed');
  assert.match(webkit.error_text, /restricted network port 6000/);
  assert.equal(deno.error_code, 'Requests to port 6000 are blocked');
  assert.equal(deno.since.version, 'v2.8.3');
  assert.deepEqual(bun, { engine: 'bun', blocked: false, reason: 'never-blocks', since: null, error_code: null, error_text: null, override: null });
  assert.equal(r.service, 'x11');
  assert.equal(r.attack, 'cross-protocol');
});

test('engines() describes each engine of the data', () => {
  const list = badport.engines();
  assert.deepEqual(list.map((e) => e.name), data.engines.map((e) => e.name));
  const chromium = list.find((e) => e.name === 'chromium');
  assert.equal(chromium.errorCode, 'net::ERR_UNSAFE_PORT');
  assert.match(chromium.products, /Chrome/);
  assert.match(chromium.source.url, /port_util\.cc/);
  assert.equal(badport.parseEngine('Safari'), 'webkit');
  assert.equal(badport.database.checked, data.checked);
});

test('the main module imports nothing but its data, so it runs in any host', async () => {
  const { readFile } = await import('node:fs/promises');
  const source = await readFile(new URL('../src/index.js', import.meta.url), 'utf8');
  const imports = [...source.matchAll(/^\s*import\s.*?from\s+'([^']+)'/gm)].map((m) => m[1]);
  assert.deepEqual(imports, ['./data.js']);
  assert.doesNotMatch(source, /\b(process|require|Buffer|Deno|Bun)\b\s*[.(]/);
});

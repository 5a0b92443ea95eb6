// badport/node: pickPort binds to prove a port free and never returns a refused one; the
// one-liners for get-port, portfinder and detect-port, against the real packages.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import detectPort from 'detect-port';
import getPort, { portNumbers } from 'get-port';
import portfinder from 'portfinder';
import { blockedPortSet, isBlocked, suggestPort } from '../src/index.js';
import { allowedPort, canListen, pickHosts, pickPort } from '../src/node.js';

/** Listens on 127.0.0.1:port (0: any); resolves to the server, or null when the port is taken. */
function listen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen({ port, host }, () => resolve(server));
  });
}
const close = (server) => new Promise((resolve) => (server ? server.close(resolve) : resolve()));

/** A run of `length` allowed ports above 20000 that are all free now, found by listening on port 0 and looking up. */
async function freeAllowedRun(length) {
  for (let tries = 0; tries < 50; tries++) {
    const probe = await listen(0);
    const base = probe.address().port;
    await close(probe);
    if (base + length > 65535) continue;
    let ok = true;
    for (let p = base; p < base + length && ok; p++) ok = !isBlocked(p) && (await canListen(p, '127.0.0.1')) === true;
    if (ok) return base;
  }
  throw new Error('no free run of ports');
}

test('pickHosts: both loopbacks by default, a numeric address alone, nothing else', async () => {
  const hosts = await pickHosts();
  assert.equal(hosts[0], '127.0.0.1');
  assert.deepEqual(await pickHosts('127.0.0.1'), ['127.0.0.1']);
  await assert.rejects(pickHosts('example.com'), /not a numeric IPv4 or IPv6 address/);
  await assert.rejects(pickHosts('192.0.2.1'), /this machine has no such address/);
});

test('pickPort with near: the port itself when free and allowed, else the next free allowed port above', async () => {
  const base = await freeAllowedRun(3);
  assert.equal(await pickPort({ near: base, host: '127.0.0.1' }), base);
  const taken = await listen(base);
  try {
    assert.equal(await pickPort({ near: base, host: '127.0.0.1' }), base + 1);
    assert.equal(await pickPort({ near: base, host: '127.0.0.1', exclude: [base + 1] }), base + 2);
  } finally {
    await close(taken);
  }
});

test('pickPort never returns a refused port: near a blocked run it moves above it', async () => {
  // 6665-6669 (IRC) are refused by every browser: the answer is the policy's 6670, or the next
  // free allowed port above it when another program holds 6670.
  const port = await pickPort({ near: 6665, host: '127.0.0.1' });
  assert.equal(isBlocked(port), false);
  assert.ok(port >= 6670, String(port));
  assert.equal(await canListen(port, '127.0.0.1'), true);
  // Only blocked ports in the range: nothing to return.
  await assert.rejects(pickPort({ range: [6665, 6669], host: '127.0.0.1' }), /no free port that no chosen engine blocks/);
  // Chromium alone does not refuse 6679: with that engine it may be picked, with all it may not.
  const chromiumOnly = await pickPort({ range: [6679, 6679], host: '127.0.0.1', engines: 'chromium' }).catch(() => null);
  if (chromiumOnly !== null) assert.equal(chromiumOnly, 6679);
  await assert.rejects(pickPort({ range: [6679, 6679], host: '127.0.0.1' }));
});

test('pickPort without near: a random free allowed port of the default range', async () => {
  for (let i = 0; i < 5; i++) {
    const port = await pickPort();
    assert.ok(port >= 10000 && port <= 32767 && !isBlocked(port), String(port));
  }
  const port = await pickPort({ range: [10075, 10085], host: '127.0.0.1' });
  assert.notEqual(port, 10080);
});

test('get-port: exclude: blockedPortSet() keeps it off refused ports', async (t) => {
  // Without exclude, get-port takes the first free port of the list, 6665 when it is free.
  const plain = await getPort({ port: portNumbers(6665, 6680), host: '127.0.0.1' });
  const port = await getPort({ port: portNumbers(6665, 6680), exclude: blockedPortSet(), host: '127.0.0.1' });
  assert.equal(isBlocked(port), false);
  assert.ok(port >= 6670 || port > 6680, String(port)); // a random port when 6670-6680 are all taken
  if (plain !== 6665) t.diagnostic(`6665 is taken here: get-port without exclude gave ${plain}`);
  else assert.equal(isBlocked(plain), true);
});

test('portfinder: allowedPort((port) => portfinder.getPortPromise({port}), start) skips refused ports', async () => {
  const plain = await portfinder.getPortPromise({ port: 6665, host: '127.0.0.1' });
  const port = await allowedPort((from) => portfinder.getPortPromise({ port: from, host: '127.0.0.1' }), 6665);
  assert.equal(isBlocked(port), false);
  assert.ok(port >= 6670, String(port));
  if (plain === 6665) assert.equal(isBlocked(plain), true);
});

test('detect-port: allowedPort(detectPort, start) skips refused ports, even when it answers the next port', async () => {
  const plain = await detectPort(5060); // SIP: refused by every browser
  const port = await allowedPort(detectPort, 5060);
  assert.equal(isBlocked(port), false);
  if (plain === 5060) assert.equal(port, suggestPort(5060)); // 5062, when it is free
  // A picker that answers a blocked port at every call never yields one.
  await assert.rejects(allowedPort(() => 6000, 6000), /the picker gave no port/);
});
